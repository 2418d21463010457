"""Programme staff in the Wagtail admin (/cms/agents/): review applications (submitted → site visit → approved /
returned with reasons → suspended, history kept), the fund committee's loans (two approvers, disbursement,
rescheduling), funds and their capital (staff holding the add-fund / add-fund-entry permissions), and the fund's
books and report with suppressed CSV and XLSX exports. Staff only; thin views."""

import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import attempt
from config.exports import SafeCsvWriter, append_safe

from . import selectors, services
from .forms import CapitalForm, DisburseForm, FundForm, ReasonForm, RescheduleForm
from .models import Agent, Fund, Instalment, Loan

SUPPRESSION_NOTE = ("จำนวนร้าน 1–4 แสดงเป็น <5 และยอดเงินของอำเภอนั้นเว้นว่าง / counts of 1–4 agents show as <5 "
                    "and that district's amount is blank")


# Programme screens are for the programme's staff only (its group holds these model permissions), not for every
# centre's staff who can open the Wagtail admin: applications hold applicants' shops and photos, loans their money.
REVIEW_PERMISSION, LOAN_PERMISSION, FUND_PERMISSION = "agents.change_agent", "agents.change_loan", "agents.view_fund"
PROGRAMME_PERMISSIONS = (REVIEW_PERMISSION, LOAN_PERMISSION, FUND_PERMISSION)


def _staff(request, permission: str):
    if not (request.user.is_active and request.user.is_staff and request.user.has_perm(permission)):
        raise PermissionDenied


def applications(request):
    _staff(request, REVIEW_PERMISSION)
    status = request.GET.get("status", "")
    qs = Agent.objects.select_related("district").order_by("-updated_at")
    if status in Agent.Status.values:
        qs = qs.filter(status=status)
    return render(request, "agents/admin/applications.html", {
        "agents": qs[:200], "status": status, "statuses": Agent.Status.choices,
    })


def application_detail(request, agent_id: int):
    _staff(request, REVIEW_PERMISSION)
    agent = get_object_or_404(Agent.objects.select_related("district", "user"), pk=agent_id)
    actions = sorted(services.TRANSITIONS.get(agent.status, set()))
    return render(request, "agents/admin/application_detail.html", {
        "agent": agent, "events": agent.events.select_related("by"), "actions": actions,
        "labels": dict(Agent.Status.choices), "certificates": agent.certificates.all(), "tools": agent.tools.all(),
        "photos": agent.photos.all(), "form": ReasonForm(), "loans": agent.loans.order_by("-created_at"),
    })


@require_POST
def application_review(request, agent_id: int):
    _staff(request, REVIEW_PERMISSION)
    agent = get_object_or_404(Agent, pk=agent_id)
    to_status = request.POST.get("to_status", "")
    attempt(request, lambda: services.agent_review(agent=agent, to_status=to_status, by=request.user,
                                                   reason=request.POST.get("reason", "")),
            success=gettext("บันทึกผลการพิจารณาแล้ว"))
    return redirect("agents_admin:application", agent_id=agent.pk)


def loans(request):
    _staff(request, LOAN_PERMISSION)
    fund = Fund.objects.order_by("pk").first()
    qs = Loan.objects.select_related("agent__district").prefetch_related("approvals__by").order_by("-created_at")
    return render(request, "agents/admin/loans.html", {"loans": qs[:200], "fund": fund,
                                                       "books": selectors.fund_books(fund) if fund else None})


def loan_detail(request, loan_id: int):
    _staff(request, LOAN_PERMISSION)
    loan = get_object_or_404(Loan.objects.select_related("agent__district", "fund"), pk=loan_id)
    return render(request, "agents/admin/loan_detail.html", {
        "loan": loan, "approvals": loan.approvals.select_related("by"), "schedule": loan.schedule.all(),
        "books": selectors.fund_books(loan.fund), "reason_form": ReasonForm(), "today": timezone.localdate(),
        "disburse_form": DisburseForm(initial={"promptpay_id": loan.agent.phone, "paid_on": timezone.localdate()}),
        "reschedule_form": RescheduleForm(),
    })


@require_POST
def loan_action(request, loan_id: int):
    _staff(request, LOAN_PERMISSION)
    loan = get_object_or_404(Loan, pk=loan_id)
    action = request.POST.get("action")
    if action == "approve":
        attempt(request, lambda: services.loan_approve(loan=loan, by=request.user),
                success=gettext("บันทึกการอนุมัติแล้ว"))
    elif action == "reject":
        attempt(request,
                lambda: services.loan_reject(loan=loan, by=request.user, reason=request.POST.get("reason", "")),
                success=gettext("ไม่อนุมัติคำขอนี้"))
    elif action == "disburse":
        form = DisburseForm(request.POST)
        if form.is_valid():
            attempt(request, lambda: services.loan_disburse(loan=loan, by=request.user, **{
                "promptpay_id": form.cleaned_data["promptpay_id"], "reference": form.cleaned_data["reference"],
                "paid_on": form.cleaned_data["paid_on"]}), success=gettext("บันทึกการโอนเงินแล้ว"))
        else:
            messages.error(request, gettext("กรอกพร้อมเพย์ เลขอ้างอิง และวันที่โอนให้ครบ"))
    elif action == "reschedule":
        form = RescheduleForm(request.POST)
        chosen = request.POST.get("instalment", "")
        instalment = get_object_or_404(Instalment, pk=int(chosen) if chosen.isdigit() else 0, loan=loan)
        if form.is_valid():
            attempt(request, lambda: services.instalment_reschedule(
                instalment=instalment, new_due=form.cleaned_data["new_due"], reason=form.cleaned_data["reason"],
                by=request.user), success=gettext("เลื่อนงวดแล้ว"))
        else:
            messages.error(request, gettext("ระบุวันครบกำหนดใหม่และเหตุผล"))
    return redirect("agents_admin:loan", loan_id=loan.pk)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_rows(fund: Fund) -> list[list]:
    """The report as export rows (one table after another, a blank row between): the fund's totals, overdue by
    age, agents funded by district with the outcome reports' suppression (selectors.export_rows). Money stays
    Decimal; CSV and XLSX write the same rows through config.exports' formula-safe writers."""
    report = selectors.fund_report(fund)
    rows = [["fund", "lent_thb", "repaid_thb", "outstanding_thb", "overdue_thb", "repayment_rate_pct"],
            [fund.name, report["lent"], report["repaid"], report["outstanding"], report["overdue_amount"],
             report["repayment_rate_pct"] if report["repayment_rate_pct"] is not None else ""],
            [], ["overdue_days", "instalments", "amount_thb"]]
    rows += [[bucket["label"], bucket["count"], bucket["amount"]] for bucket in report["overdue"]]
    rows += [[], ["district", "district_name", "agents_funded", "lent_thb"]]
    rows += [[row["district"], row["name_th"], row["agents"], "" if row["lent_thb"] is None else row["lent_thb"]]
             for row in selectors.export_rows(fund)]
    rows += [[], [SUPPRESSION_NOTE]]
    return rows


def _report_xlsx(fund: Fund) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheet = wb.active
    sheet.title = "fund report"
    header = True
    for row in _report_rows(fund):
        append_safe(sheet, row)
        if header and row:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        header = not row  # the row after a blank one is a table's header
    for cell in sheet["B"] + sheet["C"] + sheet["D"] + sheet["E"]:
        if isinstance(cell.value, Decimal):
            cell.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fund_report(request):
    _staff(request, FUND_PERMISSION)
    chosen = request.GET.get("fund", "")
    fund = get_object_or_404(Fund, pk=int(chosen) if chosen.isdigit() else Fund.objects.order_by("pk").values_list(
        "pk", flat=True).first() or 0)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        name = f"saphan-fund-{fund.pk}-{timezone.localdate()}"
        if export == "xlsx":
            resp = HttpResponse(_report_xlsx(fund), content_type=XLSX)
            resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return resp
        out = io.StringIO()
        out.write("\ufeff")
        writer = SafeCsvWriter(out)
        for row in _report_rows(fund):
            writer.writerow(row)
        resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return resp
    return render(request, "agents/admin/fund.html", {"fund": fund, "report": selectors.fund_report(fund),
                                                      "balanced": selectors.books_balance(fund),
                                                      "entries": fund.entries.order_by("-on", "-id")[:100]})


def _may(request, perm: str) -> bool:
    return request.user.has_perm(perm)


def funds(request):
    """Every fund with its books; creating a fund and adding capital need the model permissions (a committee
    member who only approves loans does not see the forms)."""
    _staff(request, FUND_PERMISSION)
    may_create, may_add = _may(request, "agents.add_fund"), _may(request, "agents.add_fundentry")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            if not may_create:
                raise PermissionDenied
            form = FundForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                if attempt(request, lambda: services.fund_create(
                        name=data["name"], capital=data["amount"], payee_key=data["payee_key"],
                        reference=data["reference"], on=data["on"], grant=data["grant"], by=request.user,
                        applicants_may_borrow=data["applicants_may_borrow"], max_loan=data["max_loan"],
                        source=form.source_text(), note=data["note"]), success="สร้างกองทุนแล้ว"):
                    return redirect("agents_admin:funds")
            return _funds_page(request, create_form=form, may_create=may_create, may_add=may_add)
        if action == "capital":
            if not may_add:
                raise PermissionDenied
            chosen = request.POST.get("fund", "")
            fund = get_object_or_404(Fund, pk=int(chosen) if chosen.isdigit() else 0)
            form = CapitalForm(request.POST, prefix=f"cap{fund.pk}")
            if form.is_valid():
                data = form.cleaned_data
                if attempt(request, lambda: services.fund_add_capital(
                        fund=fund, amount=data["amount"], reference=data["reference"], on=data["on"],
                        by=request.user, source=form.source_text(), note=data["note"]),
                        success="บันทึกเงินทุนเพิ่มแล้ว"):
                    return redirect("agents_admin:funds")
            return _funds_page(request, capital_forms={fund.pk: form}, may_create=may_create, may_add=may_add)
    return _funds_page(request, may_create=may_create, may_add=may_add)


def _funds_page(request, *, may_create, may_add, create_form=None, capital_forms=None):
    today = timezone.localdate()
    capital_forms = capital_forms or {}
    rows = []
    for fund in Fund.objects.select_related("scheme__grant").order_by("pk"):
        form = capital_forms.get(fund.pk) or CapitalForm(prefix=f"cap{fund.pk}", initial={"on": today})
        rows.append({"fund": fund, "books": selectors.fund_books(fund), "balanced": selectors.books_balance(fund),
                     "capital": fund.entries.filter(kind="capital").order_by("-on", "-id")[:20], "form": form})
    status = 200 if not (create_form or capital_forms) else 400
    return render(request, "agents/admin/funds.html", {
        "rows": rows, "may_create": may_create, "may_add": may_add,
        "create_form": create_form or FundForm(initial={"on": today, "max_loan": "50000"}),
    }, status=status)
