"""Invoices, confirmations, statement import and sponsor splits against real PostgreSQL and a Celery worker."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from payments import selectors, services
from payments.exceptions import (
    InvalidAmount,
    InvoiceAlreadyPaid,
    ReferenceAlreadyUsed,
    StatementFormatError,
    UnknownPayee,
)
from payments.models import Invoice, Payee, Payment, StatementImport, StatementLine
from payments.promptpay import build_slip_payload, parse_payload
from payments.tests import payables
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def recording_payable(settings):
    settings.PAYMENTS_PAYABLES = {"test": "payments.tests.payables.RecordingPayable"}
    payables.CALLS.clear()
    return payables.CALLS


@pytest.fixture
def payee():
    group, _ = Group.objects.get_or_create(name="centre staff")
    return Payee.objects.create(key="centre", name_th="ศูนย์ฝึกทดสอบ", promptpay_target="0812345678", staff_group=group)


@pytest.fixture
def payer():
    return get_user_model().objects.create_user(username="0898765432", phone="0898765432", password="x" * 12)


def _invoice(payee, payer, amount="1500.00", ref="1", **kw):
    return services.invoice_create(payable_kind="test", payable_ref=ref, payer=payer, payee_key=payee.key,
                                   amount=Decimal(amount), description_th="ค่าเรียน", description_en="Fee", **kw)


def test_open_invoices_of_one_payee_never_share_an_amount(payee, payer):
    amounts = [_invoice(payee, payer, ref=str(n)).amount for n in range(5)]
    assert amounts == [Decimal("1500.00"), Decimal("1500.01"), Decimal("1500.02"), Decimal("1500.03"),
                       Decimal("1500.04")]
    numbers = {inv.number for inv in Invoice.objects.all()}
    assert len(numbers) == 5
    qr = parse_payload(__import__("payments.documents", fromlist=["x"]).invoice_payload(Invoice.objects.last()))
    assert qr.amount in amounts and qr.target == "0812345678" and qr.one_time


def test_invoice_input_errors(payee, payer):
    with pytest.raises(UnknownPayee):
        services.invoice_create(payable_kind="test", payable_ref="1", payer=payer, payee_key="nobody",
                                amount=Decimal("10"), description_th="x", description_en="x")
    with pytest.raises(InvalidAmount):
        _invoice(payee, payer, amount="0")
    with pytest.raises(InvalidAmount):
        _invoice(payee, payer, amount="10.005")
    with pytest.raises(InvalidAmount):
        services.invoice_create(payable_kind="test", payable_ref="1", payer=payer, payee_key=payee.key,
                                amount=10.5, description_th="x", description_en="x")
    assert not Invoice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_paying_notifies_the_payable_through_the_worker(payee, payer, celery_worker, recording_payable):
    invoice = _invoice(payee, payer, ref="42")
    staff = get_user_model().objects.create_user(username="staff", password="x" * 12)
    payment = services.confirm_by_slip(invoice_id=invoice.pk, amount=invoice.amount, by=staff,
                                       slip_payload=build_slip_payload("004", "016218195650BPP03857"))
    assert payment.outcome == Payment.Outcome.APPLIED and payment.sending_bank == "004"
    wait_until(lambda: ("paid", "42", invoice.pk) in recording_payable, message="on_paid callback")


def test_same_slip_reference_is_usable_once(payee, payer):
    first, second = _invoice(payee, payer, ref="1"), _invoice(payee, payer, ref="2")
    services.confirm_by_slip(invoice_id=first.pk, amount=first.amount, by=None, transaction_ref="TR0001")
    with pytest.raises(ReferenceAlreadyUsed):
        services.confirm_by_slip(invoice_id=second.pk, amount=second.amount, by=None, transaction_ref="TR0001")
    with pytest.raises(ReferenceAlreadyUsed):
        services.confirm_by_slip(invoice_id=first.pk, amount=first.amount, by=None, transaction_ref="TR0001")
    second.refresh_from_db()
    assert second.status == Invoice.Status.OPEN
    assert Payment.objects.count() == 1


def test_amount_mismatch_is_flagged_not_accepted(payee, payer):
    invoice = _invoice(payee, payer)
    payment = services.confirm_by_slip(invoice_id=invoice.pk, amount=Decimal("1400.00"), by=None, transaction_ref="T9")
    invoice.refresh_from_db()
    assert payment.outcome == Payment.Outcome.AMOUNT_MISMATCH and invoice.status == Invoice.Status.OPEN


def test_paying_an_expired_or_cancelled_invoice_is_flagged_for_refund(payee, payer):
    expired = _invoice(payee, payer, ref="1", due_at=timezone.now() - timedelta(hours=1))
    cancelled = _invoice(payee, payer, ref="2")
    assert services.invoices_expire_overdue() == [expired.pk]
    services.invoice_cancel(invoice=cancelled, reason="withdrawn")
    for invoice, ref in ((expired, "A1"), (cancelled, "A2")):
        payment = services.confirm_by_slip(invoice_id=invoice.pk, amount=invoice.amount, by=None, transaction_ref=ref)
        assert payment.outcome == Payment.Outcome.REFUND_DUE
        refunded = services.payment_refund_record(payment=payment, by=payer, reference="KB-REFUND-1")
        assert refunded.refunded_at and "KB-REFUND-1" in refunded.reason
        assert (services.payment_refund_record(payment=payment, by=payer, reference="again").refunded_at
                == refunded.refunded_at)
        invoice.refresh_from_db()
        assert invoice.status in ("expired", "cancelled")


def test_manual_confirmation_needs_a_reason_and_cannot_pay_twice(payee, payer):
    invoice = _invoice(payee, payer)
    with pytest.raises(Exception, match="reason"):
        services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual")
    services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual", reason="เงินสด")
    with pytest.raises(InvoiceAlreadyPaid):
        services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual", reason="ซ้ำ")


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_of_one_invoice_one_wins(payee, payer):
    invoice = _invoice(payee, payer)
    barrier, results = threading.Barrier(6), []

    def confirm(n):
        try:
            barrier.wait()
            services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual", reason=f"try {n}")
            results.append("ok")
        except InvoiceAlreadyPaid:
            results.append("rejected")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok"] + ["rejected"] * 5
    assert Payment.objects.filter(outcome="applied").count() == 1


# Lines at the time of the test: a transfer cannot predate its invoice by more than the matching window, so fixed
# morning times made this test fail whenever it ran after about 11:00 Bangkok time.
STATEMENT = """วันที่,เวลา,รายละเอียด,ฝากเงิน,ถอนเงิน,เลขที่อ้างอิง
{today},{now},รับโอนพร้อมเพย์,"1,500.01",,KB0001
{today},{now},รับโอนพร้อมเพย์,777.00,,KB0002
{today},{now},ค่าธรรมเนียม,,10.00,KB0003
{today},{now},รับโอนพร้อมเพย์,1500.02,,KB0004
"""
BAD_ROW = "ไม่ใช่วันที่,12:00,รับโอน,20.00,,KB0005\n"


def test_statement_import_matches_lists_and_never_double_counts(payee, payer):
    first, second, third = (_invoice(payee, payer, ref=str(n)) for n in range(3))
    services.invoice_cancel(invoice=third, reason="test")  # 1500.02 now belongs to a cancelled invoice
    paid = timezone.localtime()
    today = paid.date()
    content = STATEMENT.format(today=f"{today:%d/%m}/{today.year + 543}", now=f"{paid:%H:%M}").encode()
    # one unreadable row: the whole file is refused, nothing is recorded, and the fixed file still imports
    with pytest.raises(StatementFormatError, match="row 6"):
        services.statement_import(payee=payee, content=content + BAD_ROW.encode(), filename="kbank.csv",
                                  bank_format="kbank")
    assert not StatementImport.objects.exists() and not Payment.objects.exists()
    summary = services.statement_import(payee=payee, content=content, filename="kbank.csv", bank_format="kbank")
    assert (summary["matched"], summary["unmatched"], summary["flagged"]) == (1, 1, 1)
    second.refresh_from_db()
    assert second.status == Invoice.Status.PAID and first.status == Invoice.Status.OPEN
    assert StatementLine.objects.get(amount=Decimal("777.00")).state == "unmatched"
    again = services.statement_import(payee=payee, content=content, filename="kbank.csv", bank_format="kbank")
    assert again["already_imported"]
    # The same lines inside a different file (e.g. a longer export) are recognised as already counted.
    longer = content + f"{today:%d/%m}/{today.year + 543},{paid:%H:%M},x,5.00,,KB0009\n".encode()
    third_run = services.statement_import(payee=payee, content=longer, filename="k2.csv", bank_format="kbank")
    assert third_run["duplicate"] == 2 and third_run["matched"] == 0
    assert Payment.objects.filter(outcome="applied").count() == 1


def test_statement_with_wrong_columns_is_rejected_whole(payee):
    with pytest.raises(StatementFormatError):
        services.statement_import(payee=payee, content=b"a,b\n1,2\n", filename="x.csv", bank_format="kbank")
    with pytest.raises(StatementFormatError):
        services.statement_import(payee=payee, content="x".encode("utf-16"), filename="x.csv", bank_format="kbank")


def test_bill_payment_reference_matches_by_invoice_number(payer):
    payee = Payee.objects.create(key="biller", name_th="ศูนย์", promptpay_target="0812345678",
                                 biller_id="099400016550801", matching=Payee.Matching.BILL_PAYMENT)
    invoice = _invoice(payee, payer)
    payload = parse_payload(__import__("payments.documents", fromlist=["x"]).invoice_payload(invoice))
    assert payload.kind == "bill_payment" and payload.ref1 == invoice.bill_ref
    paid = timezone.localtime()  # a transfer made after the invoice was issued, whatever the time of day
    content = ("date,time,amount,reference,description\n"
               f"{paid:%Y-%m-%d},{paid:%H:%M},{invoice.amount},X1,BILL {invoice.bill_ref}\n")
    summary = services.statement_import(payee=payee, content=content.encode(), filename="b.csv", bank_format="generic")
    assert summary["matched"] == 1


def test_sponsor_split_recorded_and_statement(payee, payer):
    services.fee_split_record(payable_kind="test", payable_ref="7", total_thb=Decimal("4500.00"),
                              payer_thb=Decimal("500.00"), shares=[("eef", "กสศ.", Decimal("4000.00"))])
    with pytest.raises(InvalidAmount):
        services.fee_split_record(payable_kind="test", payable_ref="8", total_thb=Decimal("100"),
                                  payer_thb=Decimal("50"), shares=[("eef", "กสศ.", Decimal("60"))])
    statement = selectors.sponsor_statement("eef")
    assert statement["owed"] == Decimal("4000.00") and len(statement["lines"]) == 1


def test_access_control_payer_staff_and_strangers(client, payee, payer):
    invoice = _invoice(payee, payer)
    other_payee = Payee.objects.create(key="other", name_th="อีกศูนย์", promptpay_target="0811111111",
                                       staff_group=Group.objects.create(name="other staff"))
    users = get_user_model().objects
    stranger = users.create_user(username="0822222222", password="x" * 12)
    centre_staff = users.create_user(username="centre", password="x" * 12)
    centre_staff.groups.add(payee.staff_group)
    other_staff = users.create_user(username="otherstaff", password="x" * 12)
    other_staff.groups.add(other_payee.staff_group)
    url = f"/payments/invoices/{invoice.number}/"
    for user, expected in ((payer, 200), (centre_staff, 200), (stranger, 404), (other_staff, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user.username
    client.force_login(payer)
    page = client.get(url).content.decode()
    assert "<svg" in page and f"{invoice.amount:,.2f}" in page and "ศูนย์ฝึกทดสอบ" in page
    assert client.get(url + "qr.png")["Content-Type"] == "image/png"
    assert client.get(url + "receipt.pdf").status_code == 404  # not paid yet
    services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="manual", reason="เงินสด")
    receipt = client.get(url + "receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert list(selectors.invoices_visible_to(other_staff)) == []


def test_staff_admin_screens_import_and_confirm(client, payee, payer):
    invoice = _invoice(payee, payer)
    staff = get_user_model().objects.create_user(username="officer", password="x" * 12, is_staff=True)
    staff.groups.add(payee.staff_group)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    page = client.get("/cms/payments/")
    assert page.status_code == 200 and invoice.number in page.content.decode()
    csv_export = client.get("/cms/payments/?format=csv").content.decode("utf-8-sig")
    assert invoice.number in csv_export
    bad = client.post(f"/cms/payments/invoices/{invoice.pk}/confirm/slip/",
                      {"amount": "1500.00", "slip_payload": "garbage"})
    assert bad.status_code == 200 and "QR" in bad.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "open"
    from django.core.files.uploadedfile import SimpleUploadedFile

    # paid after the invoice was issued: a fixed 09:00 made this test fail whenever it ran after 10:00 Bangkok time
    paid = timezone.localtime()
    csv_file = SimpleUploadedFile("s.csv", ("date,time,amount,reference,description\n"
                                            f"{paid:%Y-%m-%d},{paid:%H:%M},{invoice.amount},R1,x\n").encode())
    response = client.post("/cms/payments/import/", {"payee": payee.pk, "bank_format": "generic", "file": csv_file})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    other = Invoice.objects.create(number="X-1", bill_ref="X1", payee=Payee.objects.create(
        key="z", name_th="z", promptpay_target="0811111111"), payer=payer, payable_kind="test", payable_ref="9",
        description_th="x", base_amount=Decimal("5"), amount=Decimal("5"), due_at=timezone.now())
    assert client.get(f"/cms/payments/invoices/{other.pk}/confirm/manual/").status_code == 404
    # the slip form asks for the amount on the slip: it is not pre-filled with what the invoice expects
    slip_form = client.get(f"/cms/payments/invoices/{invoice.pk}/confirm/slip/").content.decode()
    assert f'value="{invoice.amount}"' not in slip_form and "ยอดบนสลิป" in slip_form
    # uploads: size and type are checked before anything is read or stored, with a Thai message
    big = SimpleUploadedFile("big.csv", b"date,amount\n" + b"x" * (2 * 1024 * 1024 + 1))
    refused = client.post("/cms/payments/import/", {"payee": payee.pk, "bank_format": "generic", "file": big})
    assert refused.status_code == 200 and "2 MB" in refused.content.decode()
    exe = SimpleUploadedFile("statement.exe", b"MZ")
    refused = client.post("/cms/payments/import/", {"payee": payee.pk, "bank_format": "generic", "file": exe})
    assert ".csv" in refused.content.decode()
    nan = SimpleUploadedFile("n.csv", ("date,time,amount,reference,description\n"
                                       f"{paid:%Y-%m-%d},{paid:%H:%M},NaN,R9,x\n").encode())
    refused = client.post("/cms/payments/import/", {"payee": payee.pk, "bank_format": "generic", "file": nan})
    assert refused.status_code == 200 and "ยังไม่ได้นำเข้ารายการใดเลย" in refused.content.decode()


def test_sponsor_statement_csv_for_staff(client, payee, payer):
    services.invoice_create(payable_kind="enrollment", payable_ref="12", payer=payer, payee_key=payee.key,
                            amount=Decimal("1500.00"), description_th="ค่าเรียน", description_en="Fee")
    services.fee_split_record(payable_kind="enrollment", payable_ref="12", total_thb=Decimal("4500.00"),
                              payer_thb=Decimal("1500.00"), shares=[("eef", "กสศ.", Decimal("3000.00"))])
    staff = get_user_model().objects.create_user(username="fin", password="x" * 12, is_staff=True)
    staff.groups.add(payee.staff_group)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    body = client.get("/cms/payments/sponsors/eef.csv").content.decode("utf-8-sig")
    assert "enrollment,12,4500.00,3000.00,1500.00,owed" in body and "owed 3000.00" in body
    assert client.get("/cms/payments/sponsors/nobody.csv").status_code == 404
    # another centre's staff do not see this centre's sponsored fees (only fees invoiced by their own payee)
    other_centre = Payee.objects.create(key="other-centre", name_th="ศูนย์อื่น", promptpay_target="0811111112",
                                        staff_group=Group.objects.create(name="other-centre-staff"))
    services.fee_split_record(payable_kind="enrollment", payable_ref="99", total_thb=Decimal("2000.00"),
                              payer_thb=Decimal("500.00"), shares=[("eef", "กสศ.", Decimal("1500.00"))])
    Invoice.objects.create(number="OC-1", bill_ref="OC1", payee=other_centre, payer=staff, payable_kind="enrollment",
                           payable_ref="99", description_th="x", base_amount=Decimal("500"), amount=Decimal("500"),
                           due_at=timezone.now())
    outsider = get_user_model().objects.create_user(username="fin2", password="x" * 12, is_staff=True)
    outsider.groups.add(other_centre.staff_group)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    theirs = client.get("/cms/payments/sponsors/eef.csv").content.decode("utf-8-sig")
    assert "enrollment,99," in theirs and "enrollment,12," not in theirs


@pytest.mark.parametrize("bad_cell", ["NaN", "Infinity", "sNaN", "1.005", "12x"])
def test_statement_with_a_bad_amount_is_refused_whole_without_a_500(payee, payer, bad_cell):
    invoice = _invoice(payee, payer)
    paid = timezone.localtime()
    content = (f"date,time,amount,reference,description\n{paid:%Y-%m-%d},{paid:%H:%M},{invoice.amount},R1,ok\n"
               f"{paid:%Y-%m-%d},{paid:%H:%M},{bad_cell},R2,bad\n").encode()
    with pytest.raises(StatementFormatError) as info:
        services.statement_import(payee=payee, content=content, filename="s.csv", bank_format="generic")
    assert "row 3" in info.value.user_message()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN and not StatementImport.objects.exists()


def test_a_long_description_is_kept_short_and_the_file_applies_whole(payee, payer):
    invoice = _invoice(payee, payer)
    paid = timezone.localtime()
    content = (f"date,time,amount,reference,description\n{paid:%Y-%m-%d},{paid:%H:%M},{invoice.amount},R1,"
               f"{'ก' * 900}\n").encode()
    summary = services.statement_import(payee=payee, content=content, filename="s.csv", bank_format="generic")
    assert summary["matched"] == 1 and len(StatementLine.objects.get().description) == 255


def test_one_transfer_cannot_pay_two_invoices_by_slip_and_statement(payee, payer):
    first, second = _invoice(payee, payer, ref="1"), _invoice(payee, payer, ref="2")
    services.confirm_by_slip(invoice_id=first.pk, amount=first.amount, by=None, transaction_ref="kb 0042")
    paid = timezone.localtime()
    # the bank statement shows the same transfer (same reference); its amount would also fit the second invoice
    content = (f"date,time,amount,reference,description\n{paid:%Y-%m-%d},{paid:%H:%M},{second.amount},KB0042,"
               f"PromptPay\n").encode()
    summary = services.statement_import(payee=payee, content=content, filename="s.csv", bank_format="generic")
    assert summary["duplicate"] == 1 and summary["matched"] == 0 and summary["flagged"] == 0
    line = StatementLine.objects.get()
    assert line.invoice_id == first.pk and "slip" in line.note  # recognised as the slip's transfer, not a refund
    second.refresh_from_db()
    assert second.status == Invoice.Status.OPEN
    with pytest.raises(ReferenceAlreadyUsed):  # and the statement's reference cannot be used as a slip again
        services.confirm_by_slip(invoice_id=second.pk, amount=second.amount, by=None, transaction_ref="KB0042")


def test_slip_amount_is_compared_not_assumed(payee, payer):
    invoice = _invoice(payee, payer)
    payment = services.confirm_by_slip(invoice_id=invoice.pk, amount=invoice.amount - 1, by=None,
                                       transaction_ref="TR9")
    assert payment.outcome == Payment.Outcome.AMOUNT_MISMATCH
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


@pytest.mark.django_db
def test_payees_sharing_the_default_prefix_never_get_the_same_invoice_number(payer):
    """Every payee starts with the prefix "INV" and numbers are unique across payees: a second centre's first
    invoice must not collide with the first centre's (it used to raise IntegrityError, a 500 for the youth)."""
    first = Payee.objects.create(key="centre-one", name_th="ศูนย์หนึ่ง", promptpay_target="0811111111")
    second = Payee.objects.create(key="centre-two", name_th="ศูนย์สอง", promptpay_target="0822222222")
    numbers = [services.invoice_create(payable_kind="test", payable_ref=str(i), payer=payer, payee_key=payee.key,
                                       amount=Decimal("100.00"), description_th="ค่าเรียน",
                                       description_en="fee").number
               for i, payee in enumerate([first, second, first, second])]
    assert len(set(numbers)) == 4 and all(n.startswith("INV") for n in numbers)
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers)[-1] == 4
