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
    return f"grant {grant.pk} with {grant.schemes.count()} schemes, {n} disbursements (/partners/ledger/{grant.pk}/)"
