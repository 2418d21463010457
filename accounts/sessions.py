"""Sessions on shared phones: short unless the person asks to be remembered; staff sessions always short.

Many youths sign in on a phone that is not theirs alone (a sibling's, a centre's). So by default a session ends
when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE) and after SAPHAN_SESSION_IDLE_SECONDS without a
request. Ticking "จดจำฉันไว้ในเครื่องนี้" at log-in keeps it SAPHAN_SESSION_REMEMBER_DAYS (renewed while used).
Staff and superusers (the admin can change everything) never get a remembered session: browser close and
SAPHAN_STAFF_SESSION_IDLE_SECONDS idle, whichever log-in form they used (Wagtail's has its own remember box).

The idle clock is a timestamp in the session, refreshed at most every REFRESH_SECONDS so an active session is
not written on every request.
"""

import time

from django.conf import settings
from django.contrib.auth import logout

IDLE_KEY = "_saphan_idle"  # seconds of inactivity this session may have
SEEN_KEY = "_saphan_seen"  # last request, epoch seconds (refreshed every REFRESH_SECONDS)
STAFF_KEY = "_saphan_staff"
REFRESH_SECONDS = 300


def _is_staff(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def on_log_in(sender, request, user, **kwargs):
    """Every log-in path (ours, Wagtail's, sign-up, shop registration) starts a short session."""
    session = getattr(request, "session", None)
    if session is None:
        return
    staff = _is_staff(user)
    session[STAFF_KEY] = staff
    session[IDLE_KEY] = settings.SAPHAN_STAFF_SESSION_IDLE_SECONDS if staff else settings.SAPHAN_SESSION_IDLE_SECONDS
    session[SEEN_KEY] = int(time.time())
    session.set_expiry(0)


def remember(request) -> bool:
    """Keep this (non-staff) session across browser restarts. Returns whether it did."""
    session = request.session
    if session.get(STAFF_KEY, True) or not request.user.is_authenticated or _is_staff(request.user):
        return False
    seconds = settings.SAPHAN_SESSION_REMEMBER_DAYS * 86400
    session[IDLE_KEY] = seconds
    session.set_expiry(seconds)
    return True


class SessionIdleMiddleware:
    """After AuthenticationMiddleware: ends a session idle too long, renews an active one, keeps staff sessions
    ending at browser close. Requests without a session cookie cost nothing here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        if IDLE_KEY not in session:
            return  # anonymous, or signed in before this rule existed (ends with SESSION_COOKIE_AGE)
        now = int(time.time())
        seen = int(session.get(SEEN_KEY, 0))
        if now - seen > int(session[IDLE_KEY]):
            logout(request)
            return
        if now - seen >= REFRESH_SECONDS:
            session[SEEN_KEY] = now  # saving also pushes out a remembered session's end (its expiry is relative)
        if session.get(STAFF_KEY) and not session.get_expire_at_browser_close():
            session.set_expiry(0)  # "remember" at /cms/login/ does not apply to staff
