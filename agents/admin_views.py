"""Programme staff in the Wagtail admin (/cms/agents/): review applications (submitted → site visit → approved /
returned with reasons → suspended, history kept), the fund committee's loans (two approvers, disbursement,
rescheduling) and the fund's books and report with a suppressed CSV export. Staff only; thin views."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import attempt

from . import selectors, services
from .forms import DisburseForm, ReasonForm, RescheduleForm
from .models import Agent, Fund, Instalment, Loan


def _staff(request):
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied


def applications(request):
    _staff(request)
    status = request.GET.get("status", "")
    qs = Agent.objects.select_related("district").order_by("-updated_at")
    if status in Agent.Status.values:
        qs = qs.filter(status=status)
    return render(request, "agents/admin/applications.html", {
        "agents": qs[:200], "status": status, "statuses": Agent.Status.choices,
    })


def application_detail(request, agent_id: int):
    _staff(request)
    agent = get_object_or_404(Agent.objects.select_related("district", "user"), pk=agent_id)
    actions = sorted(services.TRANSITIONS.get(agent.status, set()))
    return render(request, "agents/admin/application_detail.html", {
        "agent": agent, "events": agent.events.select_related("by"), "actions": actions,
        "labels": dict(Agent.Status.choices), "certificates": agent.certificates.all(), "tools": agent.tools.all(),
        "photos": agent.photos.all(), "form": ReasonForm(), "loans": agent.loans.order_by("-created_at"),
    })


@require_POST
def application_review(request, agent_id: int):
    _staff(request)
    agent = get_object_or_404(Agent, pk=agent_id)
    to_status = request.POST.get("to_status", "")
    attempt(request, lambda: services.agent_review(agent=agent, to_status=to_status, by=request.user,
                                                   reason=request.POST.get("reason", "")),
            success=gettext("บันทึกผลการพิจารณาแล้ว"))
    return redirect("agents_admin:application", agent_id=agent.pk)


def loans(request):
    _staff(request)
    fund = Fund.objects.order_by("pk").first()
    qs = Loan.objects.select_related("agent__district").prefetch_related("approvals__by").order_by("-created_at")
    return render(request, "agents/admin/loans.html", {"loans": qs[:200], "fund": fund,
                                                       "books": selectors.fund_books(fund) if fund else None})


def loan_detail(request, loan_id: int):
    _staff(request)
    loan = get_object_or_404(Loan.objects.select_related("agent__district", "fund"), pk=loan_id)
    return render(request, "agents/admin/loan_detail.html", {
        "loan": loan, "approvals": loan.approvals.select_related("by"), "schedule": loan.schedule.all(),
        "books": selectors.fund_books(loan.fund), "reason_form": ReasonForm(), "today": timezone.localdate(),
        "disburse_form": DisburseForm(initial={"promptpay_id": loan.agent.phone, "paid_on": timezone.localdate()}),
        "reschedule_form": RescheduleForm(),
    })


@require_POST
def loan_action(request, loan_id: int):
    _staff(request)
    loan = get_object_or_404(Loan, pk=loan_id)
    action = request.POST.get("action")
    if action == "approve":
        attempt(request, lambda: services.loan_approve(loan=loan, by=request.user),
                success=gettext("บันทึกการอนุมัติแล้ว"))
    elif action == "reject":
        attempt(request, lambda: services.loan_reject(loan=loan, by=request.user, reason=request.POST.get("reason", "")),
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


def fund_report(request):
    _staff(request)
    chosen = request.GET.get("fund", "")
    fund = get_object_or_404(Fund, pk=int(chosen) if chosen.isdigit() else Fund.objects.order_by("pk").values_list(
        "pk", flat=True).first() or 0)
    if request.GET.get("export") == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        report = selectors.fund_report(fund)
        writer = csv.writer(out)
        writer.writerow(["fund", "lent_thb", "repaid_thb", "outstanding_thb", "overdue_thb", "repayment_rate_pct"])
        writer.writerow([fund.name, report["lent"], report["repaid"], report["outstanding"], report["overdue_amount"],
                         report["repayment_rate_pct"] if report["repayment_rate_pct"] is not None else ""])
        writer.writerow([])
        writer.writerow(["overdue_days", "instalments", "amount_thb"])
        for bucket in report["overdue"]:
            writer.writerow([bucket["label"], bucket["count"], bucket["amount"]])
        writer.writerow([])
        writer.writerow(["district", "district_name", "agents_funded", "lent_thb"])
        for row in selectors.export_rows(fund):
            writer.writerow([row["district"], row["name_th"], row["agents"],
                             "" if row["lent_thb"] is None else row["lent_thb"]])
        resp = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="saphan-fund-{fund.pk}-{timezone.localdate()}.csv"'
        return resp
    return render(request, "agents/admin/fund.html", {"fund": fund, "report": selectors.fund_report(fund),
                                                      "balanced": selectors.books_balance(fund),
                                                      "entries": fund.entries.order_by("-on", "-id")[:100]})
