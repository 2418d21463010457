"""Rate limits on actions that cost us SMS money or give an attacker a guess: one-time codes (sending and
checking), sign-up, the password-reset confirm step and the certificate name check. Counted by django-ratelimit
in the shared cache, per client address (config.client_ip) and, where a phone is known, per phone as well.

Failed log-ins are limited separately by django-axes (accounts.login_limits) on every log-in path.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from config.errors import SaphanError

# action -> rate per client address; and, for actions about one phone, rate per phone (settings may override)
RATES = {
    "signup": ("20/h", None),
    "code-send": ("10/h", "5/h"),
    "code-check": ("30/h", "10/h"),
    "verify-name": ("10/h", None),
}


class TooManyAttempts(SaphanError):
    message = gettext_lazy("ลองหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่ (ไม่เกิน 1 ชั่วโมง)")
    status_code = 429


def _rates(action: str) -> tuple[str, str | None]:
    return getattr(settings, "SAPHAN_RATE_LIMITS", {}).get(action, RATES[action])


def over_limit(request, action: str, *, phone: str = "") -> bool:
    """Count one attempt at `action` from this address (and this phone) and say whether it went over a limit.
    Both counters are incremented, so spreading guesses over phones or over addresses does not help."""
    per_address, per_phone = _rates(action)
    limited = is_ratelimited(request, group=f"saphan:{action}", key="ip", rate=per_address, increment=True)
    if phone and per_phone:
        limited = is_ratelimited(request, group=f"saphan:{action}:phone", key=lambda _group, _request: phone,
                                 rate=per_phone, increment=True) or limited
    return limited


def over_account_limit(request, group: str, rate: str) -> bool:
    """Count one POST by the signed-in account in `group` and say whether it went over `rate`: actions that send SMS
    to someone without an account, or answer about identities, are limited per sender account."""
    return is_ratelimited(request, group=group, key="user", method="POST", increment=True, rate=rate)


def enforce(request, action: str, *, phone: str = "") -> None:
    """over_limit, raised as TooManyAttempts (429, in the user's language)."""
    if over_limit(request, action, phone=phone):
        raise TooManyAttempts()
