"""Failed log-ins, limited by django-axes on every log-in path (/login/, Wagtail's /cms/login/, any view that
calls django.contrib.auth.authenticate): axes' backend sits first in AUTHENTICATION_BACKENDS and refuses a
locked phone or address before any password is checked.

Only failures count: a training centre's whole class signing in from one shared address on enrolment day is never
slowed down. A phone is locked after SAPHAN_LOGIN_FAILURES_PER_PHONE wrong passwords (from any address); an
address after SAPHAN_LOGIN_FAILURES_PER_ADDRESS (for any phones), a higher bar because many people share one.
Either lock lifts AXES_COOLOFF_TIME after the last failure that counted; tries during a lock are refused without
being counted, so the time we tell the person stays true.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from config.errors import SaphanError

from .thai_ids import ThaiNumberError, normalize_mobile_th


def login_name(request, credentials) -> str:
    """The name a failure is counted under: the phone in normal form (so 081-234-5678 and ๐๘๑๒๓๔๕๖๗๘ are one
    phone), or the staff username as typed, lower-cased."""
    raw = str((credentials or {}).get("username") or request.POST.get("username", "") or "").strip()
    try:
        return normalize_mobile_th(raw)
    except ThaiNumberError:
        return raw.lower()[:150]


class PhoneAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per phone and another per address (axes has one limit for all
    lockout parameters). Reports "at the limit" when either count reaches its own limit."""

    def get_failures(self, request, credentials=None) -> int:
        by_phone, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials))
        phone_limit = settings.SAPHAN_LOGIN_FAILURES_PER_PHONE
        if by_address >= settings.SAPHAN_LOGIN_FAILURES_PER_ADDRESS:
            return max(by_phone, phone_limit)
        return by_phone


def failure_limit(request, credentials) -> int:
    return settings.SAPHAN_LOGIN_FAILURES_PER_PHONE


def locked_until(request, credentials):
    """When the lock on this phone or address lifts: the last counted failure plus the cool-off time."""
    last = AccessAttempt.objects.filter(
        Q(username=get_client_username(request, credentials)) | Q(ip_address=get_client_ip_address(request)),
        attempt_time__gte=timezone.now() - get_cool_off(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + get_cool_off(request)


class LoginLocked(SaphanError):
    status_code = 429


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of any log-in form while locked: what happened and when to try again, in the
    reader's language, with the way out (reset the password by SMS)."""
    until = timezone.localtime(locked_until(request, credentials)).strftime("%H:%M")
    error = LoginLocked(
        format_lazy(gettext_lazy("เข้าสู่ระบบผิดหลายครั้งเกินไป ลองใหม่ได้หลังเวลา {0} น."), until))
    response = render(request, "accounts/locked_out.html", {"message": error.user_message(), "until": until},
                      status=error.status_code)
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return response
