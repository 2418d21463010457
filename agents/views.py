"""Pages of the agents app for applicants and agents (mobile first), and the public badge check.
Thin: forms parse, services decide, SaphanError becomes a message in the user's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config.errors import SaphanError, or_404
from trainees.models import Certificate

from . import services
from .forms import ApplyForm, ConversionForm, ListingForm, LoanForm
from .models import Agent, Fund, Instalment


def _my_agent(user):
    return Agent.objects.filter(user=user).order_by("-created_at").first()


@login_required
def apply(request):
    if _my_agent(request.user):
        return redirect("agents:me")
    certificates = Certificate.objects.filter(trainee__user=request.user, revoked_at__isnull=True)
    form = ApplyForm(request.POST or None, request.FILES or None, certificates=certificates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = [c for c in (data["technician_codes"] or "").replace(" ", ",").split(",") if c.strip()]
        try:
            services.agent_apply(
                user=request.user, shop_name=data["shop_name"], phone=data["phone"], address=data["address"],
                district_code=data["district"].code, lat=data["lat"], lon=data["lon"], services=data["services"],
                opening_hours=data["opening_hours"], certificate_ids=[int(c) for c in data["certificates"]],
                certificate_codes=codes, tool_codes=data["tools"], photos=request.FILES.getlist("photos"))
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext("ส่งใบสมัครแล้ว เจ้าหน้าที่จะตรวจและติดต่อกลับ"))
            return redirect("agents:me")
    return render(request, "agents/apply.html", {"form": form, "has_certificates": certificates.exists()})


@login_required
def me(request):
    agent = _my_agent(request.user)
    if agent is None:
        return redirect("agents:apply")
    loans = list(agent.loans.order_by("-created_at").prefetch_related("schedule__invoice"))
    return render(request, "agents/me.html", {
        "agent": agent, "events": list(agent.events.all()), "loans": loans,
        "fund": Fund.objects.order_by("pk").first(),
        "conversion_form": ConversionForm(), "conversions": agent.conversions.all()[:20],
        "listing_form": ListingForm(initial={"services": agent.services, "opening_hours": agent.opening_hours,
                                             "tools": [t.code for t in agent.tools.all()]}),
    })


@login_required
@require_POST
def listing(request):
    """An approved agent updates services and hours (the directory follows); a returned applicant resubmits."""
    agent = or_404(_my_agent(request.user))
    form = ListingForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("เลือกบริการอย่างน้อย 1 อย่างและกรอกเวลาเปิด"))
        return redirect("agents:me")
    data = form.cleaned_data
    try:
        if agent.status == Agent.Status.RETURNED:
            services.agent_resubmit(agent=agent, user=request.user, services=data["services"],
                                    opening_hours=data["opening_hours"], tool_codes=data["tools"])
            messages.success(request, gettext("ส่งใบสมัครอีกครั้งแล้ว"))
        else:
            services.agent_update_listing(agent=agent, user=request.user, services=data["services"],
                                          opening_hours=data["opening_hours"])
            messages.success(request, gettext("บันทึกข้อมูลร้านแล้ว"))
    except SaphanError as exc:
        messages.error(request, exc.user_message())
    return redirect("agents:me")


@login_required
def loan_apply(request):
    agent = or_404(_my_agent(request.user))
    fund = or_404(Fund.objects.order_by("pk").first())
    form = LoanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.loan_apply(agent=agent, fund=fund, user=request.user, amount=data["amount"],
                                purpose=data["purpose"], instalments=data["instalments"],
                                purpose_detail=data["purpose_detail"])
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext("ส่งคำขอกู้แล้ว รอกรรมการกองทุนพิจารณา"))
            return redirect("agents:me")
    return render(request, "agents/loan_apply.html", {"form": form, "fund": fund, "agent": agent})


@login_required
@require_POST
def instalment_pay(request, instalment_id: int):
    instalment = get_object_or_404(Instalment, pk=instalment_id, loan__agent__user=request.user)
    try:
        invoice = services.instalment_invoice(instalment=instalment, user=request.user)
    except SaphanError as exc:
        messages.error(request, exc.user_message())
        return redirect("agents:me")
    return redirect("payments:invoice", number=invoice.number)


@login_required
@require_POST
def conversion_add(request):
    agent = or_404(_my_agent(request.user))
    form = ConversionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("กรุณากรอกวันที่ ประเภทรถ และชุดแปลงให้ครบ"))
        return redirect("agents:me")
    try:
        services.conversion_record(agent=agent, user=request.user, **form.cleaned_data)
    except SaphanError as exc:
        messages.error(request, exc.user_message())
    else:
        messages.success(request, gettext("บันทึกการแปลงรถแล้ว"))
    return redirect("agents:me")


def badge(request, code: str):
    """Anyone can check an agent badge: valid while the agent is approved; suspended says so."""
    agent = Agent.objects.select_related("district").filter(badge_code=(code or "")[:16]).first()
    return render(request, "agents/badge.html", {"agent": agent, "code": code},
                  status=200 if agent else 404)
