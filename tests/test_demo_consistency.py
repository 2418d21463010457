"""The demo data is consistent: every intake where a learner pays part of the fee can actually be paid."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from courses.models import Cohort
from payments.models import Payee


@pytest.mark.django_db
def test_every_paid_demo_intake_has_a_payee_and_the_ac_course_takes_applications():
    for path in settings.SAPHAN_DEMO_LOADERS:
        import_string(path)()
    paid = [c for c in Cohort.objects.select_related("course__provider").exclude(status="cancelled")
            if c.trainee_fee_thb > Decimal("0")]
    assert paid, "the demo has intakes where learners pay"
    payees = set(Payee.objects.values_list("key", flat=True))
    missing = sorted({c.course.provider.slug for c in paid} - payees)
    assert missing == []
    ac = Cohort.objects.filter(course__url_path__endswith="/ac-repair-120/").first()
    assert ac is not None and ac.trainee_fee_thb == Decimal("500.00") and ac.sponsor.eligibility_th

    from trainees import privacy
    from trainees.models import Consent, TraineeProfile

    # the demo learners (trainees.demo) were asked, minors through a guardian's signed form
    for profile in TraineeProfile.objects.filter(user__phone__startswith="080000000"):
        assert privacy.consents_missing_to_apply(profile) == [], profile.full_name
    assert Consent.objects.filter(purpose="training", given_by="guardian").exists()
