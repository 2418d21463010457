"""Staff screens in the Wagtail admin: open invoices, confirmations, statement import, daily totals, CSV."""


from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from config.errors import SaphanError, or_404
from config.exports import SafeCsvWriter

from . import selectors, services
from .forms import ManualConfirmForm, SlipConfirmForm, StatementUploadForm
from .models import Invoice, StatementLine


def _staff_invoices(user):
    return selectors.staff_invoices(user)


def _staff_payees(user):
    return selectors.staff_payees(user)


def dashboard(request):
    invoices = _staff_invoices(request.user).select_related("payee", "payer")
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="invoices.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 Thai correctly with a BOM
        writer = SafeCsvWriter(response)
        writer.writerow(["number", "payee", "description", "amount_thb", "status", "due_at", "paid_at"])
        for inv in invoices.order_by("created_at"):
            writer.writerow([inv.number, inv.payee.key, inv.description_th, inv.amount, inv.status,
                             inv.due_at.isoformat(), inv.paid_at.isoformat() if inv.paid_at else ""])
        return response
    return render(request, "payments/admin/dashboard.html", {
        "open_invoices": [
            _with_payer(inv) for inv in invoices.filter(status=Invoice.Status.OPEN).order_by("due_at")[:200]],
        "unmatched": StatementLine.objects.filter(statement__payee__in=_staff_payees(request.user))
        .exclude(state__in=["matched", "duplicate"]).select_related("statement")[:200],
        "daily_totals": selectors.daily_totals(invoices)[:14],
    })


def _with_payer(invoice):
    invoice.payer_label = selectors.payer_name(invoice)
    return invoice


def statement_upload(request):
    form = StatementUploadForm(request.POST or None, request.FILES or None, payees=_staff_payees(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.statement_import(
                payee=form.cleaned_data["payee"], content=upload.read(), filename=upload.name,
                bank_format=form.cleaned_data["bank_format"], by=request.user,
            )
        except SaphanError as exc:
            form.add_error("file", exc.user_message())
        else:
            if summary["already_imported"]:
                messages.warning(request, gettext("ไฟล์นี้นำเข้าไปแล้ว ไม่มีการนับซ้ำ"))
            else:
                messages.success(request, ("นำเข้าแล้ว: จับคู่ {matched} ไม่พบ {unmatched} "
                                           "ต้องตรวจ {flagged} ซ้ำ {duplicate}").format(**summary))
            return redirect("payments_admin:dashboard")
    return render(request, "payments/admin/form.html", {"form": form, "title": gettext("นำเข้ารายการเดินบัญชี")})


def invoice_confirm(request, invoice_id, how):
    invoice = or_404(_staff_invoices(request.user).filter(pk=invoice_id).first())
    form_class = SlipConfirmForm if how == "slip" else ManualConfirmForm
    # The slip's amount is typed from the slip (never pre-filled with the invoice's), so a mismatch shows.
    initial = {} if how == "slip" else {"amount": invoice.amount}
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if how == "slip":
                payment = services.confirm_by_slip(
                    invoice_id=invoice.pk, amount=data["amount"], by=request.user,
                    transaction_ref=data.get("transaction_ref", ""), slip_payload=data.get("slip_payload", ""),
                    slip_image=data.get("slip_image"),
                )
            else:
                payment = services.invoice_confirm(invoice_id=invoice.pk, amount=data["amount"], method="manual",
                                                   reason=data["reason"], by=request.user)
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, f"{invoice.number}: {payment.get_outcome_display()}")
            return redirect("payments_admin:dashboard")
    return render(request, "payments/admin/form.html", {"form": form, "invoice": invoice,
                                                         "title": f"ยืนยันการชำระ {invoice.number}"})


def sponsor_statement_csv(request, sponsor_key):
    """What one sponsor owes or paid, for whom (enrolment references), for the funder's books."""
    if not request.user.is_superuser and not _staff_payees(request.user).exists():
        raise Http404
    payees = None if request.user.is_superuser else _staff_payees(request.user)
    statement = selectors.sponsor_statement(sponsor_key, payees=payees)
    if not statement["lines"]:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sponsor-{sponsor_key}.csv"'
    response.write("\ufeff")
    writer = SafeCsvWriter(response)
    writer.writerow(["payable", "reference", "total_fee_thb", "sponsor_thb", "payer_thb", "status"])
    for line in statement["lines"]:
        writer.writerow([line.payable_kind, line.payable_ref, line.total_thb, line.amount_thb, line.payer_thb,
                         "settled" if line.settled_at else "owed"])
    writer.writerow(["", "", "", f"owed {statement['owed']}", "", f"settled {statement['settled']}"])
    return response
