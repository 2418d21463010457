"""Enrolment against real PostgreSQL and a Celery worker: transitions, seats, waitlist, payment step."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from config.dates import format_date
from courses.models import Cohort
from payments.models import Invoice, Payee, SponsorShare
from payments.services import invoice_confirm
from tests.factories import make_course, make_trainee, reference_data
from tests.helpers import messages_to, wait_until
from trainees import services
from trainees.exceptions import IllegalTransition, NotEligible, TraineeError
from trainees.models import Enrollment, EnrollmentEvent, TraineeProfile

S = Enrollment.Status


def _cohort(**kw):
    reference_data()
    course = make_course(**kw)
    return Cohort.objects.get(course=course)


@pytest.mark.django_db
def test_sign_up_normalises_phone_and_refuses_duplicates(reference_data):
    profile = services.trainee_sign_up(phone="+66 81 234 5678", password="x" * 12, full_name="สมชาย",
                                       birth_date=date(2005, 5, 1), district_code="4001", national_id="1101700230708")
    assert profile.user.phone == "0812345678" and profile.national_id_last4 == "0708"
    assert "1101700230708" not in str(TraineeProfile.objects.filter(pk=profile.pk).values().first())
    with pytest.raises(TraineeError):
        services.trainee_sign_up(phone="081-234-5678", password="x" * 12, full_name="ซ้ำ", birth_date=date(2005, 1, 1),
                                 district_code="4001")
    # the same national ID again: an account as any other, the ID kept aside for staff (issue 22 item 5)
    second = services.trainee_sign_up(phone="0899999999", password="x" * 12, full_name="ซ้ำ",
                                      birth_date=date(2005, 1, 1), district_code="4001",
                                      national_id="1-1017-00230-70-8")
    assert (second.national_id_hash, second.national_id_last4) == ("", "0708")
    assert second.identity_reviews.get().national_id_hash == profile.national_id_hash
    assert TraineeProfile.objects.count() == 2


@pytest.mark.django_db
def test_free_cohort_confirms_and_illegal_transitions_are_refused():
    cohort = _cohort(fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    enrollment = services.enrollment_apply(trainee=make_trainee(phone="0800000001", age=19), cohort=cohort)
    assert enrollment.status == S.CONFIRMED
    assert list(enrollment.events.values_list("to_status", flat=True)) == ["applied", "confirmed"]
    with pytest.raises(NotEligible):
        services.enrollment_apply(trainee=enrollment.trainee, cohort=cohort)
    services.enrollment_finish(enrollment=enrollment, completed=True)
    for forbidden in (lambda: services.enrollment_withdraw(enrollment=enrollment),
                      lambda: services.enrollment_finish(enrollment=enrollment, completed=False)):
        with pytest.raises(IllegalTransition):
            forbidden()
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED


@pytest.mark.django_db
def test_age_and_window_rules():
    cohort = _cohort()
    with pytest.raises(NotEligible):
        # the course is for 15–24
        services.enrollment_apply(trainee=make_trainee(phone="0800000002", age=30), cohort=cohort)
    cohort.enrol_closes = timezone.localdate() - timedelta(days=1)
    cohort.save()
    with pytest.raises(NotEligible):
        services.enrollment_apply(trainee=make_trainee(phone="0800000003", age=19), cohort=cohort)
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_paid_cohort_waits_for_payment_with_invoice_and_sponsor_split():
    cohort = _cohort(fee=Decimal("4500.00"), sponsor_share=Decimal("3000.00"))
    Payee.objects.create(key=cohort.course.provider.slug, name_th="ศูนย์", promptpay_target="0812345678")
    enrollment = services.enrollment_apply(trainee=make_trainee(phone="0800000004", age=19), cohort=cohort)
    assert enrollment.status == S.AWAITING_PAYMENT and enrollment.seat_held_until
    invoice = Invoice.objects.get(payable_kind="enrollment", payable_ref=str(enrollment.pk))
    assert invoice.base_amount == Decimal("1500.00")
    share = SponsorShare.objects.get(payable_ref=str(enrollment.pk))
    assert (share.amount_thb, share.payer_thb) == (Decimal("3000.00"), Decimal("1500.00"))


@pytest.mark.django_db
def test_withdrawing_before_payment_cancels_the_invoice_and_a_late_transfer_is_flagged_for_refund():
    cohort = _cohort(fee=Decimal("1200.00"))
    Payee.objects.create(key=cohort.course.provider.slug, name_th="ศูนย์", promptpay_target="0812345678")
    enrollment = services.enrollment_apply(trainee=make_trainee(phone="0800000007", age=19), cohort=cohort)
    invoice = Invoice.objects.get(payable_kind="enrollment", payable_ref=str(enrollment.pk))
    services.enrollment_withdraw(enrollment=enrollment)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    late = invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="statement", reference="tx:LATE1")
    assert late.outcome == "refund_due"
    services.enrollment_confirm_payment(enrollment_id=enrollment.pk)  # a stray "paid" callback changes nothing
    assert Enrollment.objects.get(pk=enrollment.pk).status == S.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_applications_for_ten_seats():
    cohort = _cohort(seats=10)
    trainees = [make_trainee(phone=f"08{100 + n:08d}", age=19) for n in range(50)]
    barrier = threading.Barrier(50)

    def apply(trainee):
        try:
            barrier.wait()
            services.enrollment_apply(trainee=trainee, cohort=cohort)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(t,)) for t in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = list(Enrollment.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 10 and statuses.count(S.WAITLISTED) == 40 and len(statuses) == 50


@pytest.mark.django_db(transaction=True)
def test_withdrawal_promotes_the_next_person_through_the_worker(celery_worker):
    cohort = _cohort(seats=1)
    first = services.enrollment_apply(trainee=make_trainee(phone="0800000200", age=19), cohort=cohort)
    second = services.enrollment_apply(trainee=make_trainee(phone="0800000201", age=19), cohort=cohort)
    third = services.enrollment_apply(trainee=make_trainee(phone="0800000202", age=19), cohort=cohort)
    assert ((second.status, services.waitlist_position(second), services.waitlist_position(third))
            == (S.WAITLISTED, 1, 2))
    services.enrollment_withdraw(enrollment=first)
    wait_until(lambda: Enrollment.objects.get(pk=second.pk).status == S.CONFIRMED, message="waitlist promotion")
    assert Enrollment.objects.get(pk=third.pk).status == S.WAITLISTED
    assert EnrollmentEvent.objects.filter(enrollment=second, note="promoted from the waitlist").exists()
    phone = second.trainee.user.phone
    assert messages_to(phone, "application_received").exists()  # told they were waitlisted
    wait_until(lambda: messages_to(phone, "waitlist_promotion").filter(status="sent").exists(),
               message="promotion SMS delivered by the worker")
    assert not messages_to(third.trainee.user.phone, "waitlist_promotion").exists()


@pytest.mark.django_db
def test_cohort_reminder_goes_once_to_confirmed_learners():
    cohort = _cohort(start_in_days=2)
    confirmed = services.enrollment_apply(trainee=make_trainee(phone="0800000400", age=19), cohort=cohort)
    withdrawn = services.enrollment_apply(trainee=make_trainee(phone="0800000401", age=19), cohort=cohort)
    services.enrollment_withdraw(enrollment=withdrawn)
    assert services.cohort_reminders_send() == 1
    assert services.cohort_reminders_send() == 0
    reminder = messages_to(confirmed.trainee.user.phone, "cohort_reminder").get()
    assert format_date(cohort.start_date, "long", "th") in reminder.body  # Buddhist Era for a Thai reader
    assert str(cohort.start_date.year) not in reminder.body
    assert not messages_to(withdrawn.trainee.user.phone, "cohort_reminder").exists()


@pytest.mark.django_db(transaction=True)
def test_paying_confirms_and_expiry_releases_the_seat(celery_worker):
    cohort = _cohort(seats=1, fee=Decimal("900.00"))
    Payee.objects.create(key=cohort.course.provider.slug, name_th="ศูนย์", promptpay_target="0812345678")
    payer = services.enrollment_apply(trainee=make_trainee(phone="0800000300", age=19), cohort=cohort)
    waiting = services.enrollment_apply(trainee=make_trainee(phone="0800000301", age=19), cohort=cohort)
    invoice = Invoice.objects.get(payable_ref=str(payer.pk))
    invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual", reason="เงินสด")
    wait_until(lambda: Enrollment.objects.get(pk=payer.pk).status == S.CONFIRMED, message="confirmation on payment")
    services.enrollment_withdraw(enrollment=Enrollment.objects.get(pk=payer.pk))
    wait_until(lambda: Enrollment.objects.get(pk=waiting.pk).status == S.AWAITING_PAYMENT, message="promotion")
    from payments.services import invoices_expire_overdue

    held = Invoice.objects.get(payable_ref=str(waiting.pk))
    assert held.due_at <= timezone.now() + timedelta(hours=49)
    Invoice.objects.filter(pk=held.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert invoices_expire_overdue() == [held.pk]
    wait_until(lambda: Enrollment.objects.get(pk=waiting.pk).status == S.CANCELLED, message="seat released")
