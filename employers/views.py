"""Employer pages (/employers/...) and the graduate's side of contacts, applications and placements (/me/...).

Thin: selectors find rows scoped to the person asking (a forged id finds nothing and answers 404, exactly like
a missing one); services apply the rules and raise SaphanError, which is shown as a message in the user's
language. Matching pages need search, so they live in the matching app (matching.views).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from config import limits
from config.errors import SaphanError, attempt, or_404

from . import selectors, services
from .forms import (
    AnswerForm,
    ApplyForm,
    ContactRequestForm,
    EmployerRegisterForm,
    HireForm,
    MemberForm,
    OpeningForm,
    OwnerAccountForm,
    ShortlistForm,
    StatusForm,
)
from .models import Application, Opening


def _employer(request):
    """The employer the logged-in member acts for; other users get a clear 403 page."""
    return selectors.acting_employer(request.user)


def _trainee(request):
    return or_404(selectors.trainee_of(request.user))


def _errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- employer side ------------------------------------------------------------------------------------------------

@login_required
def dashboard(request):
    if selectors.member_employer(request.user) is None and selectors.trainee_of(request.user) is None:
        return redirect("employers:register")  # a new employer account: register the business first
    employer = _employer(request)
    active = Q(applications__status__in=Application.ACTIVE)
    openings = selectors.openings_of(employer).annotate(
        applicants=Count("applications", filter=active), hired=Count(
            "applications", filter=Q(applications__status=Application.Status.HIRED)))
    return render(request, "employers/dashboard.html", {
        "employer": employer, "openings": openings,
        "requests": selectors.contact_requests_sent(employer)[:50],
        "shortlist": selectors.shortlist_of(employer)[:50],
    })


@login_required
def graduate_profile(request, ref):
    employer = _employer(request)
    selectors.require_verified(employer)
    trainee = or_404(selectors.discoverable_graduate(ref))
    services.profile_view_log(trainee=trainee, employer=employer, viewer=request.user, context="profile page")
    openings = selectors.openings_of(employer).filter(status=Opening.Status.OPEN)
    entry = selectors.shortlist_of(employer).filter(trainee=trainee).first()
    open_request = selectors.open_request(employer, trainee)
    return render(request, "employers/graduate.html", {
        "employer": employer, "trainee": trainee,
        "profile": selectors.graduate_profile_for_employer(trainee, employer),
        "requests": selectors.contact_requests_sent(employer).filter(trainee=trainee)[:20],
        "open_request": open_request,
        "hire_form": HireForm(opening=open_request.opening if open_request else None),
        "placements": trainee.placements.filter(employer=employer).order_by("-start_date")[:5],
        "contact_form": ContactRequestForm(openings=openings, initial={"opening": request.GET.get("opening", "")}),
        "shortlist_entry": entry,
        "shortlist_form": ShortlistForm(initial={"note": entry.note if entry else ""}),
    })


@login_required
@require_POST
def contact_send(request, ref):
    employer = _employer(request)
    selectors.require_verified(employer)
    trainee = or_404(selectors.discoverable_graduate(ref))
    form = ContactRequestForm(request.POST,
                              openings=selectors.openings_of(employer).filter(status=Opening.Status.OPEN))
    if not form.is_valid():
        _errors(request, form)
        return redirect("employers:graduate", ref=ref)
    opening = None
    if form.cleaned_data["opening"]:
        opening = selectors.opening_for_member(request.user, form.cleaned_data["opening"])
        if opening is None or opening.employer_id != employer.pk:
            raise Http404
    attempt(request, lambda: services.contact_request_send(
        employer=employer, sent_by=request.user, trainee=trainee, opening=opening,
        message=form.cleaned_data["message"]), gettext("ส่งคำขอติดต่อแล้ว รอผู้สำเร็จการฝึกตอบรับ"))
    return redirect("employers:graduate", ref=ref)


@login_required
@require_POST
def shortlist(request, ref):
    employer = _employer(request)
    trainee = or_404(selectors.discoverable_graduate(ref))
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        data = form.cleaned_data
        attempt(request, lambda: services.shortlist_remove(employer=employer, by=request.user, trainee=trainee)
                if data["remove"] else services.shortlist_add(employer=employer, by=request.user, trainee=trainee,
                                                              note=data["note"]),
                gettext("บันทึกรายชื่อที่สนใจแล้ว"))
    return redirect("employers:graduate", ref=ref)


@login_required
@require_POST
def request_withdraw(request, pk):
    contact = or_404(selectors.contact_request_for_member(request.user, pk))
    attempt(request, lambda: services.contact_request_withdraw(contact_request=contact, by=request.user))
    return redirect("employers:dashboard")


@login_required
def applicants(request, external_id):
    opening = or_404(selectors.opening_for_member(request.user, external_id))
    return render(request, "employers/applicants.html", {
        "opening": opening, "employer": opening.employer,
        "applications": selectors.applications_for_opening(opening), "hire_form": HireForm(opening=opening),
    })


@login_required
@require_POST
def application_status(request, pk):
    application = or_404(selectors.application_for_member(request.user, pk))
    form = StatusForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.application_set_status(
            application=application, by=request.user, status=form.cleaned_data["status"]))
    else:
        _errors(request, form)
    return redirect("employers:applicants", external_id=application.opening.external_id)


@login_required
@require_POST
def application_hire(request, pk):
    application = or_404(selectors.application_for_member(request.user, pk))
    form = HireForm(request.POST, opening=application.opening)
    if form.is_valid():
        attempt(request,
                lambda: services.application_hire(application=application, by=request.user, **form.cleaned_data),
                gettext("บันทึกการจ้างงานแล้ว รอผู้สำเร็จการฝึกยืนยัน"))
    else:
        _errors(request, form)
    return redirect("employers:applicants", external_id=application.opening.external_id)


@login_required
@require_POST
def contact_hire(request, pk):
    contact_request = or_404(selectors.contact_request_for_member(request.user, pk))
    form = HireForm(request.POST, opening=contact_request.opening)
    if form.is_valid():
        attempt(request, lambda: services.contact_hire(contact_request=contact_request, by=request.user,
                                                       **form.cleaned_data),
                gettext("บันทึกการจ้างงานแล้ว รอผู้สำเร็จการฝึกยืนยัน"))
    else:
        _errors(request, form)
    return redirect("employers:graduate", ref=contact_request.trainee.public_ref)


# --- graduate side (/me/...) --------------------------------------------------------------------------------------

@login_required
def my_requests(request):
    trainee = _trainee(request)
    return render(request, "employers/me_requests.html", {
        "trainee": trainee, "requests": selectors.contact_requests_for(trainee)[:100]})


@login_required
@require_POST
def my_request_answer(request, pk):
    contact = or_404(selectors.contact_request_for_trainee(request.user, pk))
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        attempt(request,
                lambda: services.contact_request_answer(contact_request=contact, by=request.user, accept=accept),
                gettext("ตอบรับแล้ว ร้านจะเห็นเบอร์โทรของคุณ") if accept else gettext("ปฏิเสธแล้ว"))
    else:
        _errors(request, form)
    return redirect("graduate:requests")


@login_required
def my_viewers(request):
    trainee = _trainee(request)
    return render(request, "employers/me_viewers.html", {
        "trainee": trainee, "views": selectors.profile_views_of(trainee)[:200]})


@login_required
def my_placements(request):
    trainee = _trainee(request)
    return render(request, "employers/me_placements.html", {
        "trainee": trainee, "placements": selectors.placements_of(trainee)})


@login_required
@require_POST
def my_placement_confirm(request, pk):
    placement = or_404(selectors.placement_for_trainee(request.user, pk))
    services.placement_confirm(placement=placement, by=request.user)
    messages.success(request, gettext("ยืนยันการได้งานแล้ว ขอแสดงความยินดี!"))
    return redirect("graduate:placements")


@login_required
@require_POST
def apply(request, external_id):
    trainee = _trainee(request)
    opening = or_404(selectors.open_opening(external_id))
    form = ApplyForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.application_apply(
            trainee=trainee, opening=opening, message=form.cleaned_data["message"]),
            gettext("สมัครงาน %(title)s แล้ว") % {"title": opening.title})
    else:
        _errors(request, form)
    return redirect("search:my_openings")


@login_required
@require_POST
def application_withdraw(request, pk):
    application = or_404(selectors.application_for_trainee(request.user, pk))
    attempt(request, lambda: services.application_withdraw(application=application, by=request.user))
    return redirect("search:my_openings")




# --- registration, openings and members ---------------------------------------------------------------------------

def register(request):
    """A shop registers itself; staff verify it afterwards. A logged-in person becomes its owner; a visitor
    without an account creates one (mobile and password) in the same step."""
    if selectors.member_employer(request.user) is not None:
        return redirect("employers:dashboard")
    anonymous = not request.user.is_authenticated
    form = EmployerRegisterForm(request.POST or None)
    account = OwnerAccountForm(request.POST or None, prefix="owner") if anonymous else None
    if request.method == "POST" and form.is_valid() and (account is None or account.is_valid()):
        data = form.cleaned_data
        business = {"name": data["name"], "kind": data["kind"], "dbd_number": data["dbd_number"],
                    "address": data["address"], "district": data["district"], "phone": data["phone"],
                    "lat": data["lat"], "lon": data["lon"]}
        try:
            if anonymous:
                limits.enforce(request, "signup")
                employer = services.employer_sign_up(owner_phone=account.cleaned_data["owner_phone"],
                                                     password=account.cleaned_data["password"], **business)
            else:
                employer = services.employer_register(user=request.user, **business)
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            if anonymous:
                login(request, employer.members.get().user, backend="accounts.backends.PhoneBackend")
            messages.success(request, gettext("ลงทะเบียนร้านแล้ว เจ้าหน้าที่จะติดต่อเพื่อยืนยัน"))
            return redirect("employers:dashboard")
    return render(request, "employers/register.html", {"form": form, "account": account})


def _opening_initial(opening: Opening) -> dict:
    skills = list(opening.skills.select_related("skill"))
    required = [s for s in skills if s.required]
    return {
        "title": opening.title, "description": opening.description, "district": opening.district,
        "required_skills": [s.skill.code for s in required],
        "nice_skills": [s.skill.code for s in skills if not s.required],
        "min_level": min((s.min_level for s in required), default=1), "radius_km": opening.radius_km,
        "wage_min_thb": opening.wage_min_thb, "wage_max_thb": opening.wage_max_thb, "wage_unit": opening.wage_unit,
        "shift": opening.shift, "positions": opening.positions, "hazardous": opening.hazardous,
        "closing_date": opening.closing_date, "status": opening.status,
    }


@login_required
def opening_edit(request, external_id=None):
    from courses.models import Skill

    employer = _employer(request)
    opening = None
    if external_id is not None:
        opening = or_404(selectors.openings_of(employer).filter(external_id=external_id).first())
    form = OpeningForm(request.POST or None, initial=_opening_initial(opening) if opening else {
        "district": employer.district, "status": "open" if employer.is_verified else "draft"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = opening or Opening(employer=employer)
        for field in ("title", "description", "district", "radius_km", "wage_min_thb", "wage_max_thb", "wage_unit",
                      "shift", "positions", "hazardous", "closing_date", "status"):
            setattr(target, field, data[field])
        skills = {s.code: s for s in Skill.objects.filter(code__in=data["required_skills"] + data["nice_skills"])}
        try:
            services.opening_save_by_member(
                user=request.user, opening=target,
                required=[(skills[c], data["min_level"]) for c in data["required_skills"]],
                nice=[skills[c] for c in data["nice_skills"] if c not in data["required_skills"]])
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext("บันทึกตำแหน่งงานแล้ว"))
            return redirect("employers:dashboard")
    return render(request, "employers/opening_form.html", {"form": form, "opening": opening, "employer": employer})


@login_required
def members(request):
    """Invite a colleague by phone (an SMS link they accept after logging in). The answer is the same whether or
    not the number has an account; invitations are limited per sender (settings.SAPHAN_RATE_MEMBER_INVITES)."""
    employer = _employer(request)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limits.over_account_limit(request, "employers.member_invite", settings.SAPHAN_RATE_MEMBER_INVITES):
            form.add_error(None, gettext("ส่งคำเชิญหลายครั้งเกินไป กรุณารอ 1 ชั่วโมงแล้วลองใหม่"))
            return render(request, "employers/members.html", _members_context(employer, form), status=429)
        try:
            services.member_invite(employer=employer, by=request.user, **form.cleaned_data)
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext(
                "ส่งคำเชิญทาง SMS แล้ว เมื่อเจ้าของเบอร์เข้าสู่ระบบและตอบรับ จะเป็นสมาชิกของร้าน"))
            return redirect("employers:members")
    return render(request, "employers/members.html", _members_context(employer, form))


def _members_context(employer, form) -> dict:
    return {"employer": employer, "form": form,
            "members": employer.members.select_related("user").order_by("role", "pk"),
            "invitations": employer.invitations.filter(accepted_at__isnull=True).order_by("-created_at")[:20]}


@login_required
def invitation(request, token):
    """A colleague's invitation, opened from the SMS link: only the account with the invited phone sees it (any
    other, an expired or a made-up token: 404); accepting makes them a member."""
    found = or_404(services.member_invitation_for(token=token, user=request.user))
    if request.method == "POST":
        try:
            services.member_invitation_accept(token=token, user=request.user)
        except SaphanError as exc:
            messages.error(request, exc.user_message())
        else:
            messages.success(request, gettext("คุณเป็นสมาชิกของร้านแล้ว"))
            return redirect("employers:dashboard")
    return render(request, "employers/invitation.html", {"invitation": found})
