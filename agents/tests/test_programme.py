"""The agent programme's rules on real PostgreSQL (and Redis/Celery where money comes back through payments)."""

import datetime as dt
import io
import threading

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from agents import selectors, services
from agents.exceptions import (
    AgentError,
    CertificateNotValid,
    ConflictOfInterest,
    InsufficientBalance,
    LoanError,
)
from agents.models import Agent, AgentEvent, FundEntry, Instalment, Loan
from config.dates import format_date
from employers.models import Employer, EmployerMember, Placement
from partners.models import Partner, PartnerMembership
from payments.models import Invoice, Payment
from payments.services import invoice_confirm
from tests.helpers import messages_to, wait_until

from .world import D, apply, approved_agent, disbursed_loan, fund, graduate, staff

pytestmark = pytest.mark.django_db


def _png(name="shop.png", size=(40, 30), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 120, 80)).save(buf, format=fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type=f"image/{fmt.lower()}")


def _balanced(the_fund):
    assert selectors.books_balance(the_fund), selectors.fund_books(the_fund)
    b = selectors.fund_books(the_fund)
    assert b["capital"] + b["repaid"] - b["disbursed"] == b["available"] >= 0
    return b


# --- becoming an agent -----------------------------------------------------------------------------------------

def test_certificates_are_checked_against_saphan_records(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    trainee, cert = graduate()
    other, other_cert = graduate(phone="0861110002", name="คนอื่น ทดสอบ")
    with pytest.raises(CertificateNotValid):  # someone else's certificate, picked by id
        apply(trainee, cert, certificate_ids=[other_cert.pk])
    with pytest.raises(CertificateNotValid) as exc:  # a typed number that is not in Saphan
        apply(trainee, cert, certificate_ids=[], certificate_codes=["NOPE-1234"])
    assert "NOPE-1234" in exc.value.message_th
    with pytest.raises(CertificateNotValid):  # someone else's real number, not working at this shop
        apply(trainee, cert, certificate_ids=[], certificate_codes=[other_cert.code])
    with pytest.raises(CertificateNotValid):  # none at all
        apply(trainee, cert, certificate_ids=[])
    cert.revoked_at = timezone.now()
    cert.save()
    with pytest.raises(CertificateNotValid):
        apply(trainee, cert)
    cert.revoked_at = None
    cert.save()
    with pytest.raises(AgentError) as exc:  # a required checklist item missing
        apply(trainee, cert, tool_codes=["lift"])
    assert "ขาด" in exc.value.message_th
    with pytest.raises(AgentError):  # a text file named .png is not a photo
        apply(trainee, cert, photos=[SimpleUploadedFile("fake.png", b"not an image", content_type="image/png")])
    settings.SAPHAN_AGENT_PHOTO_MAX_BYTES = 100
    with pytest.raises(AgentError):
        apply(trainee, cert, photos=[_png(size=(200, 200))])
    settings.SAPHAN_AGENT_PHOTO_MAX_BYTES = 5_000_000
    with pytest.raises(AgentError):  # GIF is not accepted
        apply(trainee, cert, photos=[_png("a.gif", fmt="GIF")])
    assert Agent.objects.count() == 0  # nothing half-written
    agent = apply(trainee, cert, photos=[_png()], certificate_codes=[f" {cert.code} "])
    assert list(agent.certificates.all()) == [cert] and agent.status == "submitted"
    photo = agent.photos.get()
    assert default_storage.exists(photo.image.name) and photo.image.name.startswith("agents/")
    assert list(agent.events.values_list("to_status", flat=True)) == ["submitted"]


def test_shop_technician_certificate_counts_only_while_placed_there():
    tech, tech_cert = graduate(phone="0861110003", name="ช่างในร้าน")
    owner = staff("shop.owner")  # an existing repair shop's account (not a graduate)
    owner.is_staff = False
    owner.save()
    shop = Employer.objects.create(name="ร้านซ่อมเดิม", district_id="4010")
    EmployerMember.objects.create(employer=shop, user=owner)
    args = dict(user=owner, shop_name="ร้านซ่อมเดิม", phone="0861110009", address="1 หมู่ 2", district_code="4010",
                services=["conversion"], opening_hours="ทุกวัน 8–17", certificate_codes=[tech_cert.code],
                tool_codes=["lift", "insulated-tools", "battery-area"], employer=shop)
    from .world import checklist

    checklist()
    with pytest.raises(CertificateNotValid):
        services.agent_apply(**args)
    Placement.objects.create(employer=shop, trainee=tech, start_date=timezone.localdate(), wage_thb=D("400"))
    agent = services.agent_apply(**args)
    assert list(agent.certificates.all()) == [tech_cert]


def test_review_flow_keeps_history_and_issues_a_verifiable_badge(client):
    trainee, cert = graduate()
    agent = apply(trainee, cert)
    one, two = staff("rev1"), staff("rev2")
    with pytest.raises(AgentError):  # cannot skip the site visit
        services.agent_review(agent=agent, to_status="approved", by=one)
    with pytest.raises(AgentError):  # returning needs a reason
        services.agent_review(agent=agent, to_status="returned", by=one)
    with pytest.raises(ConflictOfInterest):  # applicants are not staff
        services.agent_review(agent=agent, to_status="site_visit", by=trainee.user)
    services.agent_review(agent=agent, to_status="returned", by=one, reason="รูปพื้นที่เก็บแบตไม่ชัด")
    assert messages_to("0861110001", "agent_returned").filter(body__contains="รูปพื้นที่เก็บแบตไม่ชัด").exists()
    services.agent_resubmit(agent=agent, user=trainee.user, opening_hours="ทุกวัน 08:00–18:00")
    services.agent_review(agent=agent, to_status="site_visit", by=one)
    agent = services.agent_review(agent=agent, to_status="approved", by=two)
    assert agent.badge_code.startswith("AG-")
    history = list(AgentEvent.objects.filter(agent=agent).values_list("from_status", "to_status"))
    assert history == [("", "submitted"), ("submitted", "returned"), ("returned", "submitted"),
                       ("submitted", "site_visit"), ("site_visit", "approved")]
    page = client.get(f"/agents/badge/{agent.badge_code}/").content.decode()
    assert "ได้รับอนุญาต" in page and agent.shop_name in page
    services.agent_review(agent=agent, to_status="suspended", by=one, reason="ร้องเรียนงานไม่ปลอดภัย")
    page = client.get(f"/agents/badge/{agent.badge_code}/").content.decode()
    assert "ถูกระงับ" in page
    assert client.get("/agents/badge/AG-FORGED<script>/").status_code == 404


# --- the revolving fund ----------------------------------------------------------------------------------------

def test_two_different_staff_approve_and_never_their_own_organisation():
    the_fund = fund()
    agent = approved_agent()
    partner = Partner.objects.create(name="ศูนย์ส่งเสริมอุตสาหกรรมภาค 5", kind=Partner.Kind.GOVERNMENT)
    agent.partner = partner
    agent.save()
    loan = services.loan_apply(agent=agent, fund=the_fund, user=agent.user, amount="40000", purpose="kits",
                               instalments=8)
    a, b, insider = staff("committee.a"), staff("committee.b"), staff("committee.insider")
    PartnerMembership.objects.create(partner=partner, user=insider)
    with pytest.raises(ConflictOfInterest):
        services.loan_approve(loan=loan, by=insider)
    with pytest.raises(ConflictOfInterest):
        services.loan_approve(loan=loan, by=agent.user)
    services.loan_approve(loan=loan, by=a)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.SUBMITTED  # one approval is not enough
    with pytest.raises(LoanError):
        services.loan_approve(loan=loan, by=a)  # the same member twice
    with pytest.raises(LoanError):  # not yet approved: no money moves
        services.loan_disburse(loan=loan, by=a, promptpay_id="0861110001", reference="T1")
    services.loan_approve(loan=loan, by=b)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED and loan.approvals.count() == 2
    assert selectors.fund_books(the_fund)["committed"] == D("40000.00")


def test_loan_application_rules():
    the_fund = fund(max_loan="50000")
    trainee, cert = graduate()
    applicant = apply(trainee, cert)
    with pytest.raises(LoanError):  # not approved yet and the fund does not lend to applicants
        services.loan_apply(agent=applicant, fund=the_fund, user=trainee.user, amount="1000", purpose="kits",
                            instalments=2)
    the_fund.applicants_may_borrow = True
    the_fund.save()
    for bad in [dict(amount="50000.01"), dict(amount="-1"), dict(amount=1000.0), dict(amount="1.001"),
                dict(instalments=0), dict(instalments="x"), dict(purpose="car")]:
        args = dict(agent=applicant, fund=the_fund, user=trainee.user, amount="1000", purpose="kits", instalments=2)
        args.update(bad)
        with pytest.raises((LoanError, services.LedgerError)) as exc:
            services.loan_apply(**args)
        assert exc.value.message_th != exc.value.message_en
    services.loan_apply(agent=applicant, fund=the_fund, user=trainee.user, amount="1000", purpose="kits",
                        instalments=2)
    with pytest.raises(LoanError):  # one open loan at a time
        services.loan_apply(agent=applicant, fund=the_fund, user=trainee.user, amount="1000", purpose="kits",
                            instalments=2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_cannot_overspend_the_fund():
    the_fund = fund(capital="200000", max_loan="150000")
    a, b = staff("race.a"), staff("race.b")
    loans = []
    for i in range(2):
        agent = approved_agent(phone=f"086111002{i}", reviewers=(a, b))
        loan = services.loan_apply(agent=agent, fund=the_fund, user=agent.user, amount="150000", purpose="both",
                                   instalments=12)
        services.loan_approve(loan=loan, by=a)
        loans.append(loan)
    errors, start = [], threading.Barrier(2)

    def approve(loan):
        try:
            start.wait()
            services.loan_approve(loan=loan, by=b)
        except InsufficientBalance as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(loan,)) for loan in loans]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(errors) == 1 and "ไม่พอ" in errors[0].message_th
    assert Loan.objects.filter(status=Loan.Status.APPROVED).count() == 1
    books = _balanced(the_fund)
    assert books["committed"] == D("150000.00") and books["free"] == D("50000.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_cannot_overspend_the_fund():
    """Even loans approved before capital shrank cannot both be paid out of money the fund does not hold."""
    the_fund = fund(capital="100000")
    a, b = staff("pay.a"), staff("pay.b")
    loans = []
    for i in range(2):
        agent = approved_agent(phone=f"086111003{i}", reviewers=(a, b))
        loan = services.loan_apply(agent=agent, fund=the_fund, user=agent.user, amount="40000", purpose="kits",
                                   instalments=4)
        services.loan_approve(loan=loan, by=a)
        services.loan_approve(loan=loan, by=b)
        loans.append(loan)
    # the fund shrinks behind the committee's back (a capital correction): 60,000 left for two 40,000 loans
    from partners.services import disbursement_record

    the_fund.refresh_from_db()
    correction = disbursement_record(scheme=the_fund.scheme, recipient_name="ปรับปรุงบัญชี", promptpay_id="0812345678",
                                     amount="40000", paid_on=timezone.localdate(), reference="ADJ")
    FundEntry.objects.create(fund=the_fund, kind=FundEntry.Kind.DISBURSEMENT, amount=D("40000"), reference="ADJ",
                             on=timezone.localdate(), disbursement=correction)
    errors, start = [], threading.Barrier(2)

    def pay(loan):
        try:
            start.wait()
            services.loan_disburse(loan=loan, by=a, promptpay_id=loan.agent.phone, reference=f"R{loan.pk}")
        except InsufficientBalance as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(loan,)) for loan in loans]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(errors) == 1
    assert FundEntry.objects.filter(kind=FundEntry.Kind.DISBURSEMENT, loan__isnull=False).count() == 1
    assert _balanced(the_fund)["available"] == D("20000.00")


def test_books_balance_after_every_operation():
    the_fund = fund(capital="200000")
    _balanced(the_fund)
    services.fund_add_capital(fund=the_fund, amount="1000.50", reference="CAP-2")
    assert _balanced(the_fund)["capital"] == D("201000.50")
    with pytest.raises(services.LedgerError):
        services.fund_add_capital(fund=the_fund, amount="10", reference="CAP-2")  # reference reused
    a, b = staff("books.a"), staff("books.b")
    agent = approved_agent(reviewers=(a, b))
    loan = services.loan_apply(agent=agent, fund=the_fund, user=agent.user, amount="10000", purpose="tools",
                               instalments=3)
    _balanced(the_fund)
    services.loan_approve(loan=loan, by=a)
    services.loan_approve(loan=loan, by=b)
    _balanced(the_fund)
    with pytest.raises(services.LedgerError):
        services.loan_disburse(loan=loan, by=a, promptpay_id="12345", reference="X")  # bad PromptPay ID
    services.loan_disburse(loan=loan, by=a, promptpay_id="086-111-0001", reference="LOAN-1")
    b1 = _balanced(the_fund)
    assert b1["disbursed"] == D("10000.00") and b1["available"] == D("191000.50")
    amounts = [i.amount for i in Instalment.objects.filter(loan=loan)]
    assert amounts == [D("3333.33"), D("3333.33"), D("3333.34")] and sum(amounts) == D("10000.00")
    for inst in Instalment.objects.filter(loan=loan):
        invoice = services.instalment_invoice(instalment=inst, user=agent.user)
        invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method=Payment.Method.SLIP,
                        reference=f"slip:{inst.pk}")
        services.instalment_mark_paid(instalment_id=inst.pk, invoice_id=invoice.pk)
        services.instalment_mark_paid(instalment_id=inst.pk, invoice_id=invoice.pk)  # repeated callback
        _balanced(the_fund)
    loan.refresh_from_db()
    final = _balanced(the_fund)
    assert loan.status == Loan.Status.REPAID and final["repaid"] == D("10000.00")
    assert final["available"] == D("201000.50") and final["outstanding"] == D("0.00")


@pytest.mark.django_db(transaction=True)
def test_instalment_paid_through_a_promptpay_invoice_returns_to_the_fund(celery_worker, client):
    from payments import promptpay
    from payments.documents import invoice_payload

    the_fund = fund(capital="50000")
    a, b = staff("ret.a"), staff("ret.b")
    agent = approved_agent(reviewers=(a, b))
    loan = disbursed_loan(agent, the_fund, (a, b), amount="30000", instalments=3)
    assert selectors.fund_books(the_fund)["available"] == D("20000.00")
    first = loan.schedule.get(number=1)
    client.force_login(agent.user)
    resp = client.post(f"/agents/me/instalments/{first.pk}/pay/")
    first.refresh_from_db()
    invoice = first.invoice
    assert resp.status_code == 302 and resp["Location"].endswith(f"/payments/invoices/{invoice.number}/")
    assert invoice.payable_kind == "fund_instalment" and invoice.base_amount == D("10000.00")
    parsed = promptpay.parse_payload(invoice_payload(invoice))  # a real PromptPay QR for the exact amount
    assert parsed.amount == invoice.amount
    page = client.get(resp["Location"])
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert client.post(f"/agents/me/instalments/{first.pk}/pay/")["Location"] == resp["Location"]  # reused
    other = approved_agent(phone="0861110044", reviewers=(a, b))
    client.force_login(other.user)
    assert client.post(f"/agents/me/instalments/{first.pk}/pay/").status_code == 404  # someone else's
    invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method=Payment.Method.SLIP,
                    reference="slip:KBANK123", by=a)  # staff confirm the slip; payments calls back on commit
    wait_until(lambda: Instalment.objects.get(pk=first.pk).paid_at, message="the instalment marked paid")
    books = _balanced(the_fund)
    assert books["repaid"] == D("10000.00") and books["available"] == D("30000.00")
    assert FundEntry.objects.get(kind=FundEntry.Kind.REPAYMENT).reference == f"inv:{invoice.number}"
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_overdue_flag_thai_reminder_once_and_reschedule():
    the_fund = fund()
    a, b = staff("od.a"), staff("od.b")
    agent = approved_agent(reviewers=(a, b))
    paid_on = timezone.localdate() - dt.timedelta(days=70)
    loan = disbursed_loan(agent, the_fund, (a, b), amount="9000", instalments=3, paid_on=paid_on)
    flagged = services.instalments_flag_overdue()
    overdue = list(loan.schedule.filter(overdue_flagged_at__isnull=False).order_by("number"))
    assert [i.number for i in overdue] == [1, 2] and sorted(flagged) == [i.pk for i in overdue]
    sms = messages_to("0861110001", "fund_instalment_overdue")
    assert sms.count() == 2 and "เลยกำหนด" in sms.first().body and "พร้อมเพย์" in sms.first().body
    assert services.instalments_flag_overdue() == []  # reminded once
    report = selectors.fund_report(the_fund)
    by_label = {r["label"]: r for r in report["overdue"]}
    assert by_label["31–60"]["count"] == 1 and by_label["1–30"]["count"] == 1
    assert report["repayment_rate_pct"] == D("0.0") and report["overdue_amount"] == D("6000.00")
    with pytest.raises(LoanError):
        services.instalment_reschedule(instalment=overdue[0], new_due=timezone.localdate() + dt.timedelta(days=14),
                                       reason=" ", by=a)
    moved = services.instalment_reschedule(instalment=overdue[0], new_due=timezone.localdate()
                                           + dt.timedelta(days=14), reason="น้ำท่วมร้าน", by=a)
    assert moved.overdue_flagged_at is None and moved.reschedules.get().reason == "น้ำท่วมร้าน"
    assert selectors.fund_report(the_fund)["overdue_amount"] == D("3000.00")


def test_report_export_suppresses_small_counts(client):
    the_fund = fund()
    a, b = staff("rep.a"), staff("rep.b")
    for i in range(2):
        disbursed_loan(approved_agent(phone=f"086111005{i}", reviewers=(a, b)), the_fund, (a, b), amount="5000")
    rows = selectors.export_rows(the_fund)
    assert rows == [{"district": "4010", "name_th": rows[0]["name_th"], "agents": "<5", "lent_thb": None}]
    assert selectors.fund_report(the_fund)["by_district"][0]["agents"] == 2  # staff see exact figures
    client.force_login(a)
    text = client.get(f"/cms/agents/fund/?fund={the_fund.pk}&export=csv").content.decode("utf-8-sig")
    assert "<5" in text and "10000.00" in text  # lent in total, but not per small district
    assert "4010" in text and ",2," not in text
    assert client.get("/cms/agents/fund/?fund=abc").status_code == 200  # a forged id falls back, never a 500
    assert client.get(f"/cms/agents/fund/?fund={the_fund.pk + 99}").status_code == 404
    loan = Loan.objects.first()
    resp = client.post(f"/cms/agents/loans/{loan.pk}/action/", {"action": "reschedule", "instalment": "x'"})
    assert resp.status_code == 404
    youth = approved_agent(phone="0861110059", reviewers=(a, b)).user
    client.force_login(youth)
    assert client.get("/cms/agents/fund/").status_code in (302, 403)


def test_conversions_appear_on_the_public_impact_page(client):
    from django.core.cache import cache

    a, b = staff("imp.a"), staff("imp.b")
    agent = approved_agent(reviewers=(a, b))
    for kind in ("family", "scooter"):
        services.conversion_record(agent=agent, user=agent.user, converted_on=timezone.localdate(),
                                   motorcycle_type=kind, kit="ชุดแปลง 2kW")
    with pytest.raises(AgentError):
        services.conversion_record(agent=agent, user=agent.user, converted_on=timezone.localdate()
                                   + dt.timedelta(days=1), motorcycle_type="family", kit="x")
    figures = selectors.conversions_by_district_month()
    assert figures["total"] == 2 and figures["districts"][0]["code"] == "4010"
    assert figures["months"][-1] == {"month": timezone.localdate().strftime("%Y-%m"),
                                     "first": timezone.localdate().replace(day=1), "count": 2}
    cache.delete("partners:impact:v1")
    page = client.get("/impact/").content.decode()
    assert 'data-testid="conversions-total">2<' in page and agent.district.name_th in page
    assert format_date(timezone.localdate(), "month", "th") in page  # Buddhist-era month name
    services.agent_review(agent=agent, to_status="suspended", by=a, reason="ตรวจพบปัญหา")
    with pytest.raises(AgentError):
        services.conversion_record(agent=agent, user=agent.user, converted_on=timezone.localdate(),
                                   motorcycle_type="family", kit="x")


def test_demo_seed_is_idempotent_and_books_balance():
    from agents import demo
    from courses import demo as courses_demo
    from payments import demo as payments_demo
    from trainees import demo as trainees_demo

    courses_demo.load()
    trainees_demo.load()
    payments_demo.load()
    demo.load()
    demo.load()
    the_fund = demo.Fund.objects.get(name=demo.FUND_NAME)
    books = _balanced(the_fund)
    assert books["capital"] == D("200000.00") and books["disbursed"] == D("60000.00")
    assert Agent.objects.filter(status="approved").count() == 2
    assert Agent.objects.filter(status="suspended").count() == 1


def test_returned_applicant_resubmits_and_agent_updates_listing_from_their_page(client):
    trainee, cert = graduate()
    agent = apply(trainee, cert)
    one, two = staff("lst.a"), staff("lst.b")
    services.agent_review(agent=agent, to_status="returned", by=one, reason="ขาดรูปถังดับเพลิง")
    client.force_login(trainee.user)
    page = client.get("/agents/me/").content.decode()
    assert "ขาดรูปถังดับเพลิง" in page and "ส่งใบสมัครอีกครั้ง" in page
    client.post("/agents/me/listing/", {"services": ["repair"], "opening_hours": "ทุกวัน 9–18", "tools": ["lift"]})
    agent.refresh_from_db()
    assert agent.status == "returned"  # a required checklist item is still missing: refused, nothing changed
    client.post("/agents/me/listing/", {"services": ["repair"], "opening_hours": "ทุกวัน 9–18",
                                        "tools": ["lift", "insulated-tools", "battery-area"]})
    agent.refresh_from_db()
    assert agent.status == "submitted" and agent.opening_hours == "ทุกวัน 9–18" and agent.services == ["repair"]
    services.agent_review(agent=agent, to_status="site_visit", by=one)
    services.agent_review(agent=agent, to_status="approved", by=two)
    client.post("/agents/me/listing/", {"services": ["conversion", "battery"], "opening_hours": "จ.–ศ. 8–17"})
    agent.refresh_from_db()
    assert agent.services == ["conversion", "battery"] and agent.status == "approved"
