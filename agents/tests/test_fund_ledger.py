"""The revolving fund in the funding ledger: payouts and repayments are transfers of the fund's own account
(/partners/ledger/), the ledger's cap lets repaid money be lent again, staff create funds and add capital in the
admin, and the fund report exports as XLSX with the same suppression and formula-safe cells as the CSV."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from openpyxl import load_workbook

from agents import selectors, services
from agents.exceptions import InsufficientBalance
from agents.models import Fund, FundEntry
from partners.models import Disbursement, Grant, SchemeReturn
from partners.selectors import grant_checks, scheme_balance
from payments.models import Payee, Payment
from payments.services import invoice_confirm

from .world import D, approved_agent, disbursed_loan, fund, payee, staff

pytestmark = pytest.mark.django_db


def _pay(instalment, user):
    invoice = services.instalment_invoice(instalment=instalment, user=user)
    invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method=Payment.Method.SLIP,
                    reference=f"slip:{instalment.pk}")
    services.instalment_mark_paid(instalment_id=instalment.pk, invoice_id=invoice.pk)
    return invoice


def _balanced(the_fund):
    assert selectors.books_balance(the_fund) and selectors.ledger_agrees(the_fund), selectors.fund_books(the_fund)
    return selectors.fund_books(the_fund)


def test_payouts_and_repayments_are_transfers_in_the_ledger_and_repaid_money_is_lent_again(client):
    keepers = Group.objects.create(name="fund keepers")  # the payee's staff keep the fund's ledger account
    Payee.objects.filter(pk=payee().pk).update(staff_group=keepers)
    the_fund = fund(capital="50000")
    scheme = the_fund.scheme
    assert scheme.revolving and scheme.allocated == D("50000.00") and scheme.grant.amount == D("50000.00")
    a, b = staff("led.a"), staff("led.b")
    first = approved_agent(phone="0861110101", reviewers=(a, b))
    loan = disbursed_loan(first, the_fund, (a, b), amount="30000", instalments=3)
    payout = Disbursement.objects.get(reference=f"TRX-{loan.pk}")
    assert (payout.scheme_id, payout.amount, payout.recipient_name, payout.promptpay_id) == (
        scheme.pk, D("30000.00"), first.shop_name, "0861110101")
    assert FundEntry.objects.get(loan=loan, kind="disbursement").disbursement == payout
    _balanced(the_fund)
    invoice = _pay(loan.schedule.get(number=1), first.user)
    back = SchemeReturn.objects.get(reference=f"inv:{invoice.number}")
    assert back.amount == D("10000.00") and back.scheme_id == scheme.pk
    books = _balanced(the_fund)
    assert books["available"] == D("30000.00") == scheme_balance(scheme)["balance"]

    # 30,000 more: more than the allocation not yet paid out (20,000), yet held thanks to the 10,000 repaid
    second = approved_agent(phone="0861110102", reviewers=(a, b))
    disbursed_loan(second, the_fund, (a, b), amount="30000", instalments=3)
    ledger = scheme_balance(scheme)
    assert (ledger["allocated"], ledger["disbursed"], ledger["returned"], ledger["balance"]) == (
        D("50000.00"), D("60000.00"), D("10000.00"), D("0.00"))
    assert _balanced(the_fund)["available"] == D("0.00") and not grant_checks(scheme.grant)
    third = approved_agent(phone="0861110103", reviewers=(a, b))
    loan3 = services.loan_apply(agent=third, fund=the_fund, user=third.user, amount="1000", purpose="kits",
                                instalments=1)
    services.loan_approve(loan=loan3, by=a)
    with pytest.raises(InsufficientBalance):
        services.loan_approve(loan=loan3, by=b)

    # the ledger page shows the fund's transfers, out and back, to the staff who keep it (the payee's); others 404
    client.force_login(b)
    assert client.get(f"/partners/ledger/{scheme.grant_id}/").status_code == 404
    a.groups.add(keepers)
    client.force_login(a)
    page = client.get(f"/partners/ledger/{scheme.grant_id}/").content.decode()
    assert 'data-test="transfers"' in page and f"TRX-{loan.pk}" in page and f"inv:{invoice.number}" in page
    assert page.count('data-kind="out"') == 2 and page.count('data-kind="back"') == 1
    assert "กองทุนหมุนเวียน" in client.get("/partners/ledger/").content.decode()


def test_ledger_refuses_returns_beyond_what_is_out_and_on_ordinary_schemes():
    from partners import services as ledger
    from partners.exceptions import LedgerError

    the_fund = fund(capital="10000")
    with pytest.raises(LedgerError):  # nothing lent yet: nothing can come back
        ledger.scheme_return_record(scheme=the_fund.scheme, payer_name="x", amount="1", reference="R-1",
                                    returned_on=timezone.localdate())
    grant = ledger.grant_create(sponsor_name="กสศ.", title="ทุนปกติ", amount="1000", period_start=timezone.localdate(),
                                period_end=timezone.localdate())
    plain = ledger.scheme_create(grant=grant, name="ค่าเดินทาง", allocated="1000")
    with pytest.raises(LedgerError):
        ledger.scheme_return_record(scheme=plain, payer_name="x", amount="1", reference="R-2",
                                    returned_on=timezone.localdate())
    with pytest.raises(LedgerError):  # a sponsor's fixed award is not topped up like a fund's account
        ledger.scheme_top_up(scheme=plain, amount="10")
    assert not SchemeReturn.objects.exists() and Grant.objects.get(pk=grant.pk).amount == D("1000.00")


def _admin(username, *perms):
    user = staff(username)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="agents", codename__in=perms))
    return user


def test_staff_create_a_fund_and_add_capital_in_the_admin(client):
    payee()
    officer = _admin("fund.officer", "add_fund", "add_fundentry")
    client.force_login(officer)
    assert client.get("/cms/agents/funds/").status_code == 200
    form = {"action": "create", "name": "กองทุนแปลงรถขอนแก่น", "amount": "200,000", "source": "บริษัท อีสานอีวีมอเตอร์",
            "on": "2026-11-01", "reference": "CAP-KK-1", "payee_key": "isan-ev-motors", "max_loan": "50000",
            "note": "เงินตั้งต้น"}
    response = client.post("/cms/agents/funds/", form)
    assert response.status_code == 302
    the_fund = Fund.objects.get(name="กองทุนแปลงรถขอนแก่น")
    assert _balanced(the_fund)["capital"] == D("200000.00")
    entry = the_fund.entries.get()
    assert (entry.source, entry.note, entry.recorded_by, str(entry.on)) == (
        "บริษัท อีสานอีวีมอเตอร์", "เงินตั้งต้น", officer, "2026-11-01")
    assert the_fund.scheme.grant.sponsor_name == "บริษัท อีสานอีวีมอเตอร์"

    prefix = f"cap{the_fund.pk}-"
    capital = {"action": "capital", "fund": str(the_fund.pk), prefix + "amount": "1000.50",
               prefix + "source": "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", prefix + "on": "2026-12-01",
               prefix + "reference": "CAP-KK-2", prefix + "note": "สมทบ"}
    bad = {"abc": "ไม่ถูกต้อง", "-5": "มากกว่าศูนย์", "10.555": "ทศนิยมเกิน 2 ตำแหน่ง", "0": "มากกว่าศูนย์"}
    for amount, message in bad.items():
        response = client.post("/cms/agents/funds/", {**capital, prefix + "amount": amount}, follow=True)
        assert message in response.content.decode(), amount
    response = client.post("/cms/agents/funds/", {**capital, prefix + "source": ""})
    assert response.status_code == 400 and "ระบุแหล่งเงิน" in response.content.decode()
    assert the_fund.entries.count() == 1 and _balanced(the_fund)["capital"] == D("200000.00")  # nothing half-written
    assert client.post("/cms/agents/funds/", capital).status_code == 302
    books = _balanced(the_fund)
    assert books["capital"] == D("201000.50") and the_fund.scheme.grant.__class__.objects.get(
        pk=the_fund.scheme.grant_id).amount == D("201000.50")
    response = client.post("/cms/agents/funds/", capital, follow=True)  # the same transfer twice
    assert "ถูกใช้แล้ว" in response.content.decode() and _balanced(the_fund)["capital"] == D("201000.50")
    assert client.post("/cms/agents/funds/", {**capital, "fund": "99999"}).status_code == 404
    response = client.post("/cms/agents/funds/", {**form, "amount": "12abc", "name": "อีกกองทุน",
                                                  "reference": "CAP-NEW"}, follow=True)
    assert "เงินทุน: จำนวนเงินไม่ถูกต้อง: 12abc" in response.content.decode()
    assert not Fund.objects.filter(name="อีกกองทุน").exists() and not Grant.objects.filter(
        title__contains="อีกกองทุน").exists()

    # a committee member without the permissions sees the books, not the forms, and cannot post them
    member = staff("fund.member")
    client.force_login(member)
    page = client.get("/cms/agents/funds/").content.decode()
    assert "กองทุนแปลงรถขอนแก่น" in page and 'data-testid="capital-form"' not in page and 'data-testid="fund-form"' \
        not in page
    for posted in (capital, {**form, "name": "แอบสร้าง"}):
        response = client.post("/cms/agents/funds/", posted)  # Wagtail turns PermissionDenied into "back home"
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/cms/")
    assert the_fund.entries.count() == 2 and not Fund.objects.filter(name="แอบสร้าง").exists()
    youth = approved_agent(phone="0861110109").user
    client.force_login(youth)
    assert client.get("/cms/agents/funds/").status_code in (302, 403)


def test_fund_report_xlsx_matches_the_csv_suppression_and_is_formula_safe(client):
    the_fund = fund()
    Fund.objects.filter(pk=the_fund.pk).update(name="=HYPERLINK(\"http://x\",\"fund\")")
    a, b = staff("xl.a"), staff("xl.b")
    for i in range(2):
        disbursed_loan(approved_agent(phone=f"086111012{i}", reviewers=(a, b)), the_fund, (a, b), amount="5000")
    client.force_login(a)
    response = client.get(f"/cms/agents/fund/?fund={the_fund.pk}&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["fund", "lent_thb", "repaid_thb"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")  # text, not a formula
    assert rows[1][1] == 10000  # a number, not text
    district = next(r for r in rows if r[0] == "4010")
    assert district[2] == "<5" and district[3] in (None, "")  # as the CSV: 2 agents suppressed, their money blank
    assert any(r[0] and "<5" in str(r[0]) for r in rows[-1:])  # the note
    text = client.get(f"/cms/agents/fund/?fund={the_fund.pk}&export=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "4010," in text and ",<5," in text
    page = client.get(f"/cms/agents/fund/?fund={the_fund.pk}").content.decode()
    assert 'data-testid="export-xlsx"' in page
