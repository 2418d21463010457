"""Youth-facing pages: sign up, log in, password reset, my dashboard and profile, privacy choices and data rights,
apply and withdraw, my certificates; and the public certificate verification page. Thin: services do the work."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts import sessions as account_sessions
from accounts.models import OneTimeCode
from config import limits
from config.errors import SaphanError, attempt, or_404
from config.template_builtins import lang_prefix
from courses.models import Cohort

from . import certificates as certificate_docs
from . import privacy, selectors, services
from .data_page import sections as data_page_sections
from .forms import (
    ApplyConfirmForm,
    CodeForm,
    DeleteForm,
    GuardianConfirmForm,
    GuardianRequestForm,
    PhoneLoginForm,
    ProfileForm,
    ResetConfirmForm,
    ResetRequestForm,
    SignUpForm,
)
from .identity import mask_national_id, normalize_phone
from .models import Certificate, Enrollment


def sign_up(request):
    initial = {"phone": request.GET.get("phone", ""), "full_name": request.GET.get("name", ""),
               "ref": request.GET.get("ref", "")}
    form = SignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if limits.over_limit(request, "signup"):
            form.add_error(None, limits.TooManyAttempts().user_message())
        else:
            data = form.cleaned_data
            try:
                profile = services.sign_up_with_consent(
                    phone=data["phone"], password=data["password"], full_name=data["full_name"],
                    birth_date=data["birth_date"], district_code=data["district"].code,
                    national_id=data["national_id"], referral_token=data["ref"],
                    training_consent=data["training_consent"], guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                )
            except SaphanError as exc:
                form.add_error(None, exc.user_message())
            else:
                login(request, profile.user, backend="accounts.backends.PhoneBackend")
                messages.success(request, gettext("สมัครสมาชิกเรียบร้อย"))
                target = _safe_next(request)
                if privacy.is_minor(profile):  # the guardian's code was just sent: enter it on the next screen
                    return redirect(f"{reverse('trainees:guardian_step')}?purpose=training&next={quote(target)}")
                return redirect(target)
    return render(request, "trainees/sign_up.html", {"form": form, "next": request.GET.get("next", "")})


def _limited(request, action: str, phone: str) -> None:
    """Raises TooManyAttempts past the action's limit for this address and this account's phone (returns None,
    so `_limited(...) or service(...)` runs the service only within the limits)."""
    limits.enforce(request, action, phone=phone)


def _safe_next(request, default=None) -> str:
    default = default or f"{lang_prefix()}/me/"
    target = request.GET.get("next", "") or request.POST.get("next", "")
    safe = target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe else default


def _guardian_limited_message() -> str:
    return gettext("ส่งรหัสถึงผู้ปกครองหลายครั้งเกินไป กรุณารอ 1 ชั่วโมงแล้วลองใหม่")


def _guardian_sms_limited(request) -> bool:
    """Each code to a guardian is an SMS to someone who has no account: limited per sender account
    (settings.SAPHAN_RATE_GUARDIAN_REQUESTS)."""
    return limits.over_account_limit(request, "trainees.guardian_sms", settings.SAPHAN_RATE_GUARDIAN_REQUESTS)


@login_required
def guardian_step(request):
    """A minor's guardian consent, inline in sign-up and apply: the code sent to the guardian's phone is typed
    here. Once recorded, the page shows the recorded consent, never an empty form again."""
    profile = _profile(request)
    purpose = request.GET.get("purpose", "training")
    if purpose not in privacy.GUARDIAN_TEXTS:
        raise Http404
    target = _safe_next(request)
    here = f"{request.path}?purpose={purpose}&next={quote(target)}"
    if request.method == "POST" and request.POST.get("action") == "send":
        form = GuardianRequestForm(request.POST)
        if _guardian_sms_limited(request):
            messages.error(request, _guardian_limited_message())
        elif form.is_valid():
            _guardian_send(request, profile, purpose=purpose, **form.cleaned_data)
        else:
            messages.error(request, gettext("กรุณากรอกชื่อและเบอร์ผู้ปกครอง"))
        return redirect(here)
    if request.method == "POST":
        form = GuardianConfirmForm(request.POST)
        if form.is_valid() and attempt(request, lambda: _limited(request, "code-check", profile.user.phone) or
                privacy.guardian_consent_confirm(trainee=profile, code=form.cleaned_data["code"],
                                                 relationship=form.cleaned_data["relationship"]),
                gettext("บันทึกความยินยอมของผู้ปกครองแล้ว")):
            return redirect(target)
        return redirect(here)
    return render(request, "trainees/guardian_step.html", _guardian_context(profile, purpose) | {
        "next": target, "here": here})


def _guardian_send(request, profile, **data) -> None:
    """Ask for the guardian's code; a number that needs staff review first is said so, not "sent"."""
    outcome = {}
    if attempt(request, lambda: _limited(request, "code-send", profile.user.phone) or
               outcome.update(result=privacy.guardian_consent_request(trainee=profile, **data))):
        if outcome["result"] == "review":
            messages.warning(request, gettext("เบอร์นี้ใช้เป็นเบอร์ผู้ปกครองของผู้เรียนคนอื่นอยู่แล้ว "
                                              "เจ้าหน้าที่จะตรวจสอบก่อนส่งรหัส (ปกติภายใน 1–2 วันทำการ)"))
        else:
            messages.success(request, gettext("ส่งรหัสไปที่เบอร์ผู้ปกครองแล้ว"))


def _guardian_context(profile, purpose) -> dict:
    return {
        "profile": profile, "purpose": purpose, "guardian_text": privacy.GUARDIAN_TEXTS[purpose],
        "recorded": privacy.guardian_consent(profile, purpose),
        "pending": privacy.guardian_consent_pending(profile) == purpose,
        "guardian_in_review": privacy.guardian_review_open(profile),
        "masked_guardian_phone": _mask_phone(profile.guardian_phone),
        "guardian_request": GuardianRequestForm(initial={"guardian_name": profile.guardian_name,
                                                         "guardian_phone": profile.guardian_phone}),
        "guardian_confirm": GuardianConfirmForm(),
    }


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}-xxx-x{phone[-3:]}" if len(phone) == 10 else ""


class LoginView(auth_views.LoginView):
    template_name = "trainees/login.html"
    authentication_form = PhoneLoginForm

    def get_default_redirect_url(self):
        """Without a `next`, each kind of user lands on their own home page (names, not imports, of other apps)."""
        user = self.request.user
        prefix = lang_prefix()  # an English login lands on the English page
        if hasattr(user, "trainee"):
            return f"{prefix}/me/"
        if user.employer_memberships.exists():
            return f"{prefix}/employers/"
        if hasattr(user, "partner_membership"):
            return f"{prefix}/partners/referrals/"
        if user.is_staff or user.is_superuser:
            return "/cms/"
        return f"{prefix}/"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"remember_days": settings.SAPHAN_SESSION_REMEMBER_DAYS}

    def form_valid(self, form):
        """Logged in: short session unless "remember me" was ticked (never for staff; accounts.sessions)."""
        response = super().form_valid(form)
        if form.cleaned_data.get("remember_me"):
            account_sessions.remember(self.request)
        return response


def _profile(request):
    profile = getattr(request.user, "trainee", None)
    if profile is None or profile.anonymised_at:
        raise Http404
    return profile


@login_required
def dashboard(request):
    profile = getattr(request.user, "trainee", None)
    context = selectors.dashboard_for(profile) if profile else {"profile": None, "enrollments": []}
    return render(request, "trainees/dashboard.html", context)


def _national_id_limited(request) -> bool:
    """Entering national IDs is limited per account (settings.SAPHAN_RATE_NATIONAL_ID): with uniform answers
    there is nothing to learn from trying many, and this keeps it so."""
    return limits.over_account_limit(request, "trainees.national_id", settings.SAPHAN_RATE_NATIONAL_ID)


@login_required
def profile_edit(request):
    profile = _profile(request)
    initial = {"full_name": profile.full_name, "birth_date": profile.birth_date, "district": profile.district,
               "education": profile.education, "out_of_school": profile.out_of_school, "email": request.user.email,
               "guardian_name": profile.guardian_name, "guardian_phone": profile.guardian_phone,
               "max_commute_km": profile.max_commute_km, "available": profile.available,
               "preferred_language": profile.preferred_language}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("national_id") and _national_id_limited(
            request):
        form.add_error("national_id", gettext("กรอกเลขประจำตัวประชาชนหลายครั้งเกินไป กรุณารอ 1 ชั่วโมงแล้วลองใหม่"))
        return render(request, "trainees/profile.html", {
            "form": form, "profile": profile, "masked_id": mask_national_id(profile.national_id_last4)}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.profile_update(trainee=profile, **form.cleaned_data)
        except SaphanError as exc:
            form.add_error(None, exc.user_message())
        else:
            messages.success(request, gettext("บันทึกข้อมูลแล้ว"))
            if profile.birth_date_held:
                messages.warning(request, gettext(
                    "วันเกิดใหม่จะมีผลเมื่อเจ้าหน้าที่ยืนยันแล้ว ระหว่างนี้ยังใช้วันเกิดเดิม "
                    "(ความยินยอมของผู้ปกครองและการคุ้มครองผู้เยาว์ยังคงอยู่)"))
            return redirect("trainees:dashboard")
    return render(request, "trainees/profile.html", {
        "form": form, "profile": profile, "masked_id": mask_national_id(profile.national_id_last4),
        "pending_birth_date": privacy.pending_birth_date(profile)})


@login_required
def privacy_page(request):
    profile = _profile(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "level":
                privacy.discoverability_set(trainee=profile, level=request.POST.get("level", ""))
                messages.success(request, gettext("บันทึกการตั้งค่าแล้ว"))
            elif action == "give":
                privacy.consent_give(trainee=profile, purpose=request.POST.get("purpose", ""))
                messages.success(request, gettext("บันทึกความยินยอมแล้ว"))
            elif action == "withdraw":
                privacy.consent_withdraw(trainee=profile, purpose=request.POST.get("purpose", ""))
                messages.success(request, gettext("ถอนความยินยอมแล้ว"))
        except SaphanError as exc:
            messages.error(request, exc.user_message())
        return redirect("trainees:privacy")
    consents = {purpose: privacy.active_consent(profile, purpose) for purpose in privacy.CONSENT_TEXTS}
    purposes = [(purpose, label, privacy.CONSENT_TEXTS[purpose][1], consents[purpose])
                for purpose, label in profile.consents.model.Purpose.choices]
    # under 20, the guardian card is about sharing with employers: the recorded consent once given, else the code
    return render(request, "trainees/privacy.html", _guardian_context(profile, "employers") | {
        "profile": profile, "purposes": purposes, "minor": privacy.is_minor(profile),
        "history": profile.consents.all()[:50], "levels": profile.Discoverability.choices,
        "guardian_action": f"{reverse('trainees:guardian_step')}?purpose=employers&next={quote(request.path)}",
    })


@login_required
@require_POST
def guardian_request(request):
    profile = _profile(request)
    form = GuardianRequestForm(request.POST)
    if _guardian_sms_limited(request):
        messages.error(request, _guardian_limited_message())
    elif form.is_valid():
        _guardian_send(request, profile, **form.cleaned_data)
    else:
        messages.error(request, gettext("กรุณากรอกชื่อและเบอร์ผู้ปกครอง"))
    return redirect("trainees:privacy")


@login_required
@require_POST
def guardian_confirm(request):
    profile = _profile(request)
    form = GuardianConfirmForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: _limited(request, "code-check", profile.user.phone)
                or privacy.guardian_consent_confirm(trainee=profile, code=form.cleaned_data["code"],
                                                    relationship=form.cleaned_data["relationship"]),
                gettext("บันทึกความยินยอมของผู้ปกครองแล้ว"))
    return redirect("trainees:privacy")


@login_required
def data_export(request):
    profile = _profile(request)
    response = HttpResponse(privacy.personal_data_export_json(profile), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="saphan-my-data.json"'
    return response


@login_required
def data_page(request):
    """The same export as a page a person can read (PDPA access right), with the JSON one tap away."""
    profile = _profile(request)
    data = privacy.personal_data_export(profile)
    return render(request, "trainees/my_data.html", {"sections": data_page_sections(data),
                                                     "exported_at": data["exported_at"]})


@login_required
def data_delete(request):
    profile = _profile(request)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", gettext("รหัสผ่านไม่ถูกต้อง"))
        else:
            try:
                privacy.personal_data_erase(trainee=profile)
            except SaphanError as exc:
                form.add_error(None, exc.user_message())
            else:
                logout(request)
                messages.success(request, gettext("ลบข้อมูลส่วนบุคคลของคุณแล้ว"))
                return redirect(f"{lang_prefix()}/")
    return render(request, "trainees/delete.html", {"form": form})


@login_required
def phone_verify(request):
    """Send a code to the account's phone and check it. `next` (e.g. the enrolment that sent the learner here)
    is kept through both steps and followed once the phone is verified."""
    form = CodeForm(request.POST or None)
    target = _safe_next(request, default=reverse("trainees:dashboard"))
    here = f"{reverse('trainees:verify_phone')}?next={quote(target)}"
    if request.method == "POST" and request.POST.get("action") == "send":
        attempt(request, lambda: _limited(request, "code-send", request.user.phone) or
                account_services.one_time_code_request(phone=request.user.phone,
                                                       purpose=OneTimeCode.Purpose.VERIFY_PHONE),
                gettext("ส่งรหัสทาง SMS แล้ว"))
        return redirect(here)
    if request.method == "POST" and form.is_valid():
        try:
            limits.enforce(request, "code-check", phone=request.user.phone)
            account_services.phone_verify(user=request.user, code=form.cleaned_data["code"])
        except SaphanError as exc:
            form.add_error("code", exc.user_message())
        else:
            messages.success(request, gettext("ยืนยันเบอร์มือถือแล้ว"))
            return redirect(target)
    return render(request, "trainees/verify_phone.html", {"form": form, "here": here,
                                                          "verified": request.user.phone_verified_at is not None})


def password_reset(request):
    """Two steps on one page: ask for a code by phone, then enter it with a new password."""
    phone, step = "", "request"
    request_form, confirm_form = ResetRequestForm(), None
    if request.method == "POST" and "code" not in request.POST:
        request_form = ResetRequestForm(request.POST)
        if request_form.is_valid():
            try:
                phone = normalize_phone(request_form.cleaned_data["phone"])
                limits.enforce(request, "code-send", phone=phone)
                account_services.one_time_code_request(phone=phone, purpose=OneTimeCode.Purpose.RESET_PASSWORD)
            except SaphanError as exc:
                request_form.add_error("phone", exc.user_message())
            else:
                step, confirm_form = "confirm", ResetConfirmForm(initial={"phone": phone})
    elif request.method == "POST":
        step, confirm_form = "confirm", ResetConfirmForm(request.POST)
        if confirm_form.is_valid():
            try:
                limits.enforce(request, "code-check", phone=normalize_phone(confirm_form.cleaned_data["phone"]))
                account_services.password_reset(phone=normalize_phone(confirm_form.cleaned_data["phone"]),
                                                code=confirm_form.cleaned_data["code"],
                                                new_password=confirm_form.cleaned_data["password"])
            except SaphanError as exc:
                confirm_form.add_error("code", exc.user_message())
            else:
                messages.success(request, gettext("ตั้งรหัสผ่านใหม่แล้ว กรุณาเข้าสู่ระบบ"))
                return redirect("trainees:login")
    return render(request, "trainees/password_reset.html",
                  {"step": step, "request_form": request_form, "confirm_form": confirm_form})


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@login_required
def certificate_pdf(request, code):
    certificate = or_404(selectors.certificate_of(request.user, code))
    response = HttpResponse(certificate_docs.certificate_pdf(certificate, base_url=_base_url(request)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="saphan-certificate-{certificate.code}.pdf"'
    return response


def certificate_badge(request, code):
    """The Open Badges 3.0 JSON is public like the verification page: it names the holder only as a hash."""
    certificate = get_object_or_404(Certificate, code=code)
    response = JsonResponse(certificate_docs.open_badge(certificate, base_url=_base_url(request)),
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="saphan-badge-{certificate.code}.json"'
    return response


NAME_CHECKS_PER_CERTIFICATE = 10  # per hour, from all addresses together: no guessing a name from many IPs


def _name_checks_exhausted(certificate) -> bool:
    key = f"rate:verify-name-cert:{certificate.code}"
    count = cache.get_or_set(key, 0, 3600)
    cache.incr(key)
    return count >= NAME_CHECKS_PER_CERTIFICATE


def verify(request, code):
    """Public: is this certificate genuine and still valid? Shows the course, issuer, dates and skills, and
    nothing of the holder's name (not even initials or lengths); someone holding the paper types the name to
    check it, limited per address and per certificate."""
    certificate = Certificate.objects.filter(code=code[:32]).first()
    name_check = None
    if certificate and request.method == "POST":
        if limits.over_limit(request, "verify-name") or _name_checks_exhausted(certificate):
            name_check = "limited"
        else:
            name_check = selectors.certificate_holder_is(certificate, request.POST.get("name", ""))
    return render(request, "trainees/verify.html", {
        "certificate": certificate, "code": code, "name_check": name_check,
    }, status=200 if certificate else 404)


@login_required
def apply(request, cohort_id):
    """The confirm step: the intake, dates, venue, what the learner pays and on what condition, and the consents
    the step needs (under 20, the guardian's, with the SMS code inline). A seat is taken only on the POST."""
    profile = or_404(getattr(request.user, "trainee", None))
    cohort = get_object_or_404(Cohort.objects.select_related("course__provider", "district", "sponsor"),
                               pk=cohort_id, course__live=True)
    if request.user.phone_verified_at is None:  # a seat is held only for a verified phone: verify, then come back
        messages.info(request, gettext("กรุณายืนยันเบอร์มือถือก่อนจองที่นั่ง แล้วเราจะพากลับมาที่การสมัครนี้"))
        return redirect(f"{reverse('trainees:verify_phone')}?next={quote(request.path)}")
    form = ApplyConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.apply_with_consent(trainee=profile, cohort=cohort, by=request.user,
                                                     training_consent=form.cleaned_data["training_consent"])
        except SaphanError as exc:
            messages.error(request, exc.user_message())
            return redirect("trainees:apply", cohort.pk)
        messages.success(request, f"{cohort.course.title}: {enrollment.get_status_display()}")
        return redirect("trainees:dashboard")
    missing = privacy.consents_missing_to_apply(profile)
    context = selectors.apply_context(profile, cohort) | {
        "form": form, "missing": missing, "training_consent": privacy.active_consent(profile, "training"),
        "minor": privacy.is_minor(profile),
        "guardian_action": f"{reverse('trainees:guardian_step')}?purpose=training&next={quote(request.path)}",
    }
    if "guardian" in missing:
        context |= _guardian_context(profile, "training")
    return render(request, "trainees/apply_confirm.html", context)


@login_required
def withdraw(request, enrollment_id):
    """Withdrawing asks first (GET shows what the learner gives up); the POST withdraws."""
    # someone else's enrolment id answers exactly like a missing one
    enrollment = get_object_or_404(Enrollment.objects.select_related("cohort__course", "cohort__district"),
                                   pk=enrollment_id, trainee__user=request.user)
    if request.method == "POST":
        attempt(request, lambda: services.enrollment_withdraw(enrollment=enrollment, by=request.user),
                gettext("ถอนตัวแล้ว"))
        return redirect("trainees:dashboard")
    return render(request, "trainees/withdraw_confirm.html", {
        "enrollment": enrollment, "can_withdraw": enrollment.status in services.ACTIVE,
        "paid": enrollment.status == Enrollment.Status.CONFIRMED and enrollment.cohort.trainee_fee_thb > 0})
