"""Youth-facing pages: sign up, log in, my enrolments, apply and withdraw. Thin: services do the work."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from config.errors import SaphanError
from courses.models import Cohort
from payments.selectors import invoices_for_payable

from . import services
from .forms import PhoneLoginForm, SignUpForm
from .models import Enrollment

ATTEMPTS_PER_HOUR = 10


def _too_many(request, action: str) -> bool:
    """A simple per-IP counter: brute-forcing passwords or mass sign-ups gets a pause, not an answer."""
    key = f"rate:{action}:{request.META.get('REMOTE_ADDR', '?')}"
    count = cache.get_or_set(key, 0, 3600)
    cache.incr(key)
    return count >= ATTEMPTS_PER_HOUR


def sign_up(request):
    initial = {"phone": request.GET.get("phone", ""), "full_name": request.GET.get("name", ""),
               "ref": request.GET.get("ref", "")}
    form = SignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _too_many(request, "signup"):
            form.add_error(None, "สมัครหลายครั้งเกินไป กรุณาลองใหม่ภายหลัง / too many attempts, try later")
        else:
            data = form.cleaned_data
            try:
                profile = services.trainee_sign_up(
                    phone=data["phone"], password=data["password"], full_name=data["full_name"],
                    birth_date=data["birth_date"], district_code=data["district"].code,
                    national_id=data["national_id"], referral_token=data["ref"],
                )
            except SaphanError as exc:
                form.add_error(None, exc.user_message())
            else:
                login(request, profile.user, backend="accounts.backends.PhoneBackend")
                messages.success(request, "สมัครสมาชิกเรียบร้อย / welcome")
                target = request.GET.get("next", "")
                safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
                return redirect(target if target and safe else "trainees:dashboard")
    return render(request, "trainees/sign_up.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "trainees/login.html"
    authentication_form = PhoneLoginForm

    def post(self, request, *args, **kwargs):
        if _too_many(request, "login"):
            form = self.get_form()
            form.add_error(None, "เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ 1 ชั่วโมง / too many attempts, wait an hour")
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


@login_required
def dashboard(request):
    profile = getattr(request.user, "trainee", None)
    enrollments = []
    if profile:
        for enrollment in profile.enrollments.select_related("cohort__course", "cohort__district").order_by("-created_at"):
            enrollment.position = services.waitlist_position(enrollment)
            enrollment.invoice = invoices_for_payable("enrollment", enrollment.pk).first()
            enrollments.append(enrollment)
    return render(request, "trainees/dashboard.html", {"profile": profile, "enrollments": enrollments})


@login_required
@require_POST
def apply(request, cohort_id):
    profile = getattr(request.user, "trainee", None)
    if profile is None:
        raise Http404
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id, course__live=True)
    try:
        enrollment = services.enrollment_apply(trainee=profile, cohort=cohort, by=request.user)
    except SaphanError as exc:
        messages.error(request, exc.user_message())
    else:
        messages.success(request, f"{cohort.course.title}: {enrollment.get_status_display()}")
    return redirect("trainees:dashboard")


@login_required
@require_POST
def withdraw(request, enrollment_id):
    # someone else's enrolment id answers exactly like a missing one
    enrollment = get_object_or_404(Enrollment, pk=enrollment_id, trainee__user=request.user)
    try:
        services.enrollment_withdraw(enrollment=enrollment, by=request.user)
    except SaphanError as exc:
        messages.error(request, exc.user_message())
    return redirect("trainees:dashboard")
