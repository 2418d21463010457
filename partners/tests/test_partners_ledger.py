"""Funding ledger on real PostgreSQL: balances, consistency flags (the 875,000 THB gap), bank CSV, staff page."""

import csv
import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from partners import selectors, services
from partners.exceptions import InsufficientBalance, LedgerError
from partners.exports import disbursement_csv
from partners.models import Disbursement, Grant
from tests.factories import make_trainee

D = Decimal
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _grant(**kw):
    args = dict(sponsor_name="กสศ.", title="ทุนจังหวัดขอนแก่น 2569", amount="11204470", period_start=START,
                period_end=END)
    args.update(kw)
    return services.grant_create(**args)


@pytest.mark.django_db
def test_report_example_gap_is_visible():
    grant = _grant(reported_total="4,032,600")
    services.scheme_create(grant=grant, name="เด็กเล็ก", per_head_amount="800", stated_recipients=1872,
                           allocated=D(1872 * 800))
    services.scheme_create(grant=grant, name="เยาวชนนอกระบบ", per_head_amount="4000", stated_recipients=178,
                           allocated=D(178 * 4000))
    services.scheme_create(grant=grant, name="ช่วยเหลือฉุกเฉิน", per_head_amount="600", stated_recipients=1580,
                           allocated=D(1580 * 600))
    flags = {f.code: f for f in selectors.grant_checks(grant)}
    gap = flags["reported_total_mismatch"]
    assert gap.gap == D("875000.00")
    assert "3,157,600.00" in gap.message_th and "4,032,600.00" in gap.message_th and "875,000.00" in gap.message_th
    assert selectors.grant_balance(grant)["allocated"] == D("3157600")


@pytest.mark.django_db
def test_scheme_stated_total_mismatch_and_consistent_grant_has_no_flags():
    grant = _grant(reported_total="3157600")
    services.scheme_create(grant=grant, name="เด็กเล็ก", per_head_amount="800", stated_recipients=1872,
                           allocated="1497600", stated_total="1497600", requires_out_of_school=False)
    services.scheme_create(grant=grant, name="เยาวชน", per_head_amount="4000", stated_recipients=178,
                           allocated="712000", requires_out_of_school=False)
    services.scheme_create(grant=grant, name="ฉุกเฉิน", per_head_amount="600", stated_recipients=1580,
                           allocated="948000", requires_out_of_school=False)
    assert selectors.grant_checks(grant) == []
    s = services.scheme_create(grant=grant, name="ผิด", per_head_amount="600", stated_recipients=10,
                               allocated="6000", stated_total="7000", requires_out_of_school=False)
    codes = {f.code: f for f in selectors.grant_checks(grant)}
    assert codes["scheme_total_mismatch"].gap == D("1000.00") and s.name in codes["scheme_total_mismatch"].message_th


@pytest.mark.django_db
def test_balances_never_negative_and_bad_input_refused_cleanly():
    grant = _grant(amount="10000")
    with pytest.raises(InsufficientBalance):
        services.scheme_create(grant=grant, name="เกิน", allocated="10000.01")
    scheme = services.scheme_create(grant=grant, name="เยาวชน", per_head_amount="4000", allocated="8000")
    t = make_trainee()
    services.disbursement_record(scheme=scheme, trainee=t, recipient_name="สมชาย", promptpay_id="081-234-5678",
                                 amount="4000", paid_on=dt.date(2026, 2, 1), reference="TRX1")
    services.disbursement_record(scheme=scheme, trainee=t, recipient_name="สมชาย", promptpay_id="+66812345678",
                                 amount=D("4000"), paid_on=dt.date(2026, 3, 1), reference="TRX2")
    with pytest.raises(InsufficientBalance) as exc:
        services.disbursement_record(scheme=scheme, trainee=t, recipient_name="สมชาย", promptpay_id="0812345678",
                                     amount="0.01", paid_on=dt.date(2026, 3, 2), reference="TRX3")
    assert "คงเหลือ 0.00" in exc.value.message_th
    for bad in [dict(promptpay_id="12345"), dict(amount=4000.0), dict(amount="-5"), dict(amount="1.001"),
                dict(reference="TRX1"), dict(reference=" "), dict(recipient_name="")]:
        args = dict(scheme=scheme, recipient_name="ก", promptpay_id="0812345678", amount="1",
                    paid_on=dt.date(2026, 3, 2), reference="NEW")
        args.update(bad)
        with pytest.raises(LedgerError) as exc:
            services.disbursement_record(**args)
        assert exc.value.message_th and exc.value.message_th != exc.value.message_en
    assert Disbursement.objects.count() == 2
    bal = selectors.grant_balance(grant)
    assert bal == {"amount": D("10000.00"), "allocated": D("8000.00"), "unallocated": D("2000.00"),
                   "disbursed": D("8000.00"), "returned": D("0.00"), "balance": D("2000.00")}
    assert selectors.scheme_balance(scheme)["balance"] == D("0.00")
    assert Disbursement.objects.get(reference="TRX2").promptpay_id == "0812345678"


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_cannot_overspend():
    grant = _grant(amount="5000")
    scheme = services.scheme_create(grant=grant, name="เยาวชน", allocated="4000")
    errors = []

    def pay(ref):
        try:
            services.disbursement_record(scheme=scheme, recipient_name="ก", promptpay_id="0812345678",
                                         amount="3000", paid_on=dt.date(2026, 2, 1), reference=ref)
        except InsufficientBalance as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(f"R{i}",)) for i in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(errors) == 1 and Disbursement.objects.count() == 1
    assert selectors.scheme_balance(scheme)["balance"] == D("1000.00")


@pytest.mark.django_db
def test_ineligible_recipient_and_off_amount_flagged():
    grant = _grant()
    scheme = services.scheme_create(grant=grant, name="เยาวชนนอกระบบ", per_head_amount="4000", allocated="40000")
    ok = make_trainee(phone="0811111111")
    in_school = make_trainee(phone="0822222222", out_of_school=False)
    services.disbursement_record(scheme=scheme, trainee=ok, recipient_name="ก", promptpay_id="0811111111",
                                 amount="4000", paid_on=dt.date(2026, 2, 1), reference="A1")
    assert [f.code for f in selectors.grant_checks(grant)] == []
    services.disbursement_record(scheme=scheme, trainee=in_school, recipient_name="ข", promptpay_id="0822222222",
                                 amount="4000", paid_on=dt.date(2026, 2, 1), reference="A2")
    services.disbursement_record(scheme=scheme, recipient_name="ค", promptpay_id="1101700203451",
                                 amount="3500", paid_on=dt.date(2026, 2, 1), reference="A3")
    flags = {f.code: f for f in selectors.grant_checks(grant)}
    assert "2 คน" in flags["ineligible_recipient"].message_th
    assert "1 รายการ" in flags["per_head_amount_differs"].message_th


@pytest.mark.django_db
def test_bank_transfer_csv_and_staff_page(client):
    keepers = Group.objects.create(name="ผู้ดูแลทุน")
    grant = _grant(staff_group=keepers)
    scheme = services.scheme_create(grant=grant, name="ฉุกเฉิน", per_head_amount="600", allocated="1200")
    services.disbursement_record(scheme=scheme, recipient_name="สมหญิง", promptpay_id="0899999999", amount="600",
                                 paid_on=dt.date(2026, 4, 2), reference="B2")
    services.disbursement_record(scheme=scheme, recipient_name="สมชาย", promptpay_id="1101700203451", amount="600",
                                 paid_on=dt.date(2026, 4, 1), reference="B1")
    text = disbursement_csv(grant_id=grant.pk)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["no", "promptpay_id", "recipient_name", "amount_thb"]
    assert rows[1][1:5] == ["x-xxxx-xxxx-3451", "สมชาย", "600.00", "B1"]  # never the full PromptPay ID
    assert rows[2][1:5] == ["xxx-xxx-9999", "สมหญิง", "600.00", "B2"]
    assert "0899999999" not in text and "1101700203451" not in text
    assert sum(D(r[3]) for r in rows[1:]) == selectors.grant_balance(grant)["disbursed"]

    url = f"/partners/ledger/{grant.pk}/"
    assert client.get(url).status_code == 302  # anonymous → login
    staff = get_user_model().objects.create_user(username="staff7", password="pw-Secret-1", is_staff=True)
    staff.groups.add(keepers)
    youth = get_user_model().objects.get(pk=make_trainee(phone="0833333333").user_id)
    client.force_login(youth)
    assert client.get(url).status_code == 403
    assert client.get(f"/partners/ledger/{grant.pk}/transfers.csv").status_code == 403
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200 and "ฉุกเฉิน" in page.content.decode()
    assert client.get(f"/partners/ledger/{grant.pk + 999}/").status_code == 404
    listing = client.get("/partners/ledger/").content.decode()
    assert grant.title in listing
    resp = client.get(f"/partners/ledger/{grant.pk}/transfers.csv")
    assert resp.status_code == 200 and "สมชาย" in resp.content.decode()


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_shows_the_gap():
    from partners import demo

    demo.load()
    summary = demo.load()
    grant = Grant.objects.get(title=demo.TITLE)
    assert Grant.objects.filter(title=demo.TITLE).count() == 1 and "12 disbursements" in summary
    flags = {f.code: f for f in selectors.grant_checks(grant)}
    assert flags["reported_total_mismatch"].gap == D("875000.00")


@pytest.mark.django_db
def test_ledger_pages_are_scoped_to_the_viewers_organisation(client):
    """Issue 22 item 9: staff of one organisation cannot read another's grant (page, CSV, listing); the CSV
    never carries a full PromptPay ID; partner officers and youth are refused; superusers see all."""
    ours, theirs = Group.objects.create(name="ทุนจังหวัด"), Group.objects.create(name="มูลนิธิอื่น")
    mine = _grant(title="ทุนของเรา", staff_group=ours)
    other = _grant(title="ทุนของเขา", staff_group=theirs)
    scheme = services.scheme_create(grant=other, name="ฉุกเฉิน", per_head_amount="600", allocated="600")
    services.disbursement_record(scheme=scheme, recipient_name="ผู้รับ", promptpay_id="0861234567", amount="600",
                                 paid_on=dt.date(2026, 4, 1), reference="OTHER-1")
    users = get_user_model().objects
    officer = users.create_user(username="ours-officer", password="pw-Secret-1", is_staff=True)
    officer.groups.add(ours)
    staff_without_org = users.create_user(username="loose-staff", password="pw-Secret-1", is_staff=True)
    partner_officer = users.create_user(username="partner-x", password="pw-Secret-1")
    from partners.models import Partner, PartnerMembership

    PartnerMembership.objects.create(user=partner_officer,
                                     partner=Partner.objects.create(name="กศน.", kind="government"))
    for who, expect_mine, expect_other in ((officer, 200, 404), (staff_without_org, 404, 404),
                                           (partner_officer, 403, 403)):
        client.force_login(who)
        assert client.get(f"/partners/ledger/{mine.pk}/").status_code == expect_mine, who
        assert client.get(f"/partners/ledger/{other.pk}/").status_code == expect_other, who
        assert client.get(f"/partners/ledger/{other.pk}/transfers.csv").status_code == expect_other, who
    client.force_login(officer)
    listing = client.get("/partners/ledger/").content.decode()
    assert "ทุนของเรา" in listing and "ทุนของเขา" not in listing
    client.force_login(users.create_superuser(username="root", password="pw-Secret-1"))
    answer = client.get(f"/partners/ledger/{other.pk}/transfers.csv").content.decode()
    assert "xxx-xxx-4567" in answer and "0861234567" not in answer
    client.logout()  # signed out: the site's log-in page, not the admin's (as Django's staff_member_required does)
    assert client.get("/partners/ledger/")["Location"] == "/login/?next=/partners/ledger/"
