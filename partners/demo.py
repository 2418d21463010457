"""Demo data of the partners app, run by `manage.py seed_demo` after the catalogue's. Idempotent.

Seeds the provincial grant with the three per-head schemes of a real report, whose stated total is 875,000 THB
above what the per-head figures give, so the ledger page shows the gap; plus a few disbursements."""

import datetime as dt
from decimal import Decimal

from .models import Disbursement, Grant
from .services import disbursement_record, grant_create, scheme_create

TITLE = "ทุนเยาวชนนอกระบบ จังหวัดขอนแก่น 2569"
SCHEMES = [("เด็กเล็ก 800 บาท/คน", 800, 1872, False), ("เยาวชนนอกระบบ 4,000 บาท/คน", 4000, 178, True),
           ("ช่วยเหลือฉุกเฉิน 600 บาท/คน", 600, 1580, False)]


def load(stdout=None) -> str:
    grant = Grant.objects.filter(title=TITLE).first()
    if grant is None:
        grant = grant_create(sponsor_name="กสศ. และจังหวัดขอนแก่น", title=TITLE, amount="11204470",
                             period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                             purpose="พาเยาวชนนอกระบบกลับสู่การเรียนรู้และงาน", reported_total="4032600")
        for name, per_head, n, oos in SCHEMES:
            scheme_create(grant=grant, name=name, per_head_amount=per_head, stated_recipients=n,
                          allocated=Decimal(per_head * n), requires_out_of_school=oos)
        emergency = grant.schemes.get(name=SCHEMES[2][0])
        for i in range(12):
            disbursement_record(scheme=emergency, recipient_name=f"ผู้รับทุนสาธิต {i + 1}",
                                promptpay_id=f"08{i:08d}", amount="600",
                                paid_on=dt.date(2026, 2, 1) + dt.timedelta(days=7 * i), reference=f"DEMO-EA-{i + 1:03d}")
    n = Disbursement.objects.filter(scheme__grant=grant).count()
    people = _partners_and_referrals()
    return (f"grant {grant.pk} with {grant.schemes.count()} schemes, {n} disbursements (/partners/ledger/{grant.pk}/); "
            f"{people}")


def _partners_and_referrals() -> str:
    """Two partners with officer logins; the first referred the demo youth (0800000001…), so the outcomes
    dashboard shows a funnel; one more youth is referred but has not signed up yet. A programme officer login
    reads the dashboard."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from .models import Partner, PartnerMembership
    from .referrals import referral_create

    users = get_user_model().objects
    school, _ = Partner.objects.get_or_create(name="กศน.อำเภอบ้านไผ่", defaults={"kind": Partner.Kind.GOVERNMENT})
    Partner.objects.get_or_create(name="อบต.ในเมือง", defaults={"kind": Partner.Kind.LOCAL_ADMIN})
    officer = users.filter(username="partner.banphai").first()
    if officer is None:
        officer = users.create_user(username="partner.banphai", password="saphan-partner-2026", phone="0860000001",
                                    first_name="เจ้าหน้าที่ กศน.บ้านไผ่")
    PartnerMembership.objects.get_or_create(user=officer, defaults={"partner": school})
    programme = users.filter(username="programme.officer").first()
    if programme is None:
        programme = users.create_user(username="programme.officer", password="saphan-programme-2026")
        programme.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                       Permission.objects.get(codename="view_outcome_reports"))
    from trainees.models import TraineeProfile

    youth = TraineeProfile.objects.filter(user__phone__startswith="08000000").select_related("user")
    for trainee in youth:
        referral_create(user=officer, full_name=trainee.full_name, phone=trainee.user.phone, consent_by="guardian")
    referral_create(user=officer, full_name="น้องแพรว ยังไม่สมัคร", phone="0807000001", consent_by="self")
    return (f"{school.referrals.count()} referrals by {school.name}; logins partner.banphai / saphan-partner-2026, "
            f"programme.officer / saphan-programme-2026 (/cms/outcomes/)")
