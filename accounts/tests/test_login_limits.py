"""Log-in limits (django-axes) on every log-in path, and rate limits (django-ratelimit) on codes and sign-up.

Only failures count: a training centre's class signing in from one shared address is never slowed down. Each test
uses its own documentation addresses (RFC 5737) so the counters of one never meet another's.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import OneTimeCode
from config.client_ip import client_ip
from tests.factories import make_user

PASSWORD = "right-pass-2026"


def _login(client, phone, password, *, ip, path="/login/", **extra):
    return client.post(path, {"username": phone, "password": password}, REMOTE_ADDR=ip, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_fifteen_successful_log_ins_from_one_address_are_not_blocked(client):
    phones = [f"08122200{i:02d}" for i in range(15)]
    for phone in phones:
        make_user(phone=phone, password=PASSWORD)
    _login(client, "0899999998", "wrong-password", ip="192.0.2.10")  # one mistake in the room changes nothing
    for phone in phones:  # a whole class signing in from the centre's one address
        response = _login(client, phone, PASSWORD, ip="192.0.2.10")
        assert response.status_code == 302, phone
        assert _signed_in(client)
        client.logout()
    assert AccessAttempt.objects.filter(ip_address="192.0.2.10").count() == 1  # only the failure was recorded


@pytest.mark.django_db
def test_wrong_passwords_lock_that_phone_from_any_address_with_the_time_to_try_again(client, settings):
    make_user(phone="0812223333", password=PASSWORD)
    for spelling in ["0812223333", "081-222-3333", "+66 81 222 3333", "๐๘๑๒๒๒๓๓๓๓", "0812223333"]:
        response = _login(client, spelling, "wrong-password", ip="192.0.2.20")
        assert response.status_code in (200, 429)
    before = timezone.now()
    response = _login(client, "0812223333", PASSWORD, ip="198.51.100.20")  # right password, another address
    assert response.status_code == 429 and not _signed_in(client)
    page = response.content.decode()
    until = timezone.localtime(before + settings.AXES_COOLOFF_TIME)
    assert "เข้าสู่ระบบผิดหลายครั้งเกินไป ลองใหม่ได้หลังเวลา" in page
    assert any(f"{(until - timedelta(minutes=m)).strftime('%H:%M')} น." in page for m in (0, 1))
    english = _login(client, "0812223333", PASSWORD, ip="198.51.100.21", path="/en/login/")
    assert (english.status_code == 429
            and "Too many failed log-ins. You can try again after" in english.content.decode())
    assert not _signed_in(client)
    # another youth on the first address is not affected (5 failures are far below the address limit)
    make_user(phone="0812224444", password=PASSWORD)
    assert _login(client, "0812224444", PASSWORD, ip="192.0.2.20").status_code == 302


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_lock_that_address_for_every_phone(client, settings):
    settings.SAPHAN_LOGIN_FAILURES_PER_ADDRESS = 8
    make_user(phone="0812225555", password=PASSWORD)
    for i in range(8):  # guessing over many phones, each below its own limit
        _login(client, f"08133300{i:02d}", "wrong-password", ip="192.0.2.30")
    response = _login(client, "0812225555", PASSWORD, ip="192.0.2.30")
    assert response.status_code == 429 and "ลองใหม่ได้หลังเวลา" in response.content.decode()
    assert not _signed_in(client)
    assert _login(client, "0812225555", PASSWORD, ip="198.51.100.30").status_code == 302  # elsewhere: fine


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off_time(client, settings):
    make_user(phone="0812226666", password=PASSWORD)
    for _ in range(5):
        _login(client, "0812226666", "wrong-password", ip="192.0.2.40")
    assert _login(client, "0812226666", PASSWORD, ip="192.0.2.40").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert _login(client, "0812226666", PASSWORD, ip="192.0.2.40").status_code == 302


@pytest.mark.django_db
def test_a_youth_locked_at_login_cannot_sign_in_through_the_cms_login(client):
    make_user(phone="0812227777", password=PASSWORD)
    for _ in range(5):
        _login(client, "0812227777", "wrong-password", ip="192.0.2.50")
    response = _login(client, "0812227777", PASSWORD, ip="198.51.100.50", path="/cms/login/?next=/me/")
    assert response.status_code == 429 and "ลองใหม่ได้หลังเวลา" in response.content.decode()
    assert not _signed_in(client)
    assert client.get("/me/").status_code == 302  # still signed out


@pytest.mark.django_db
def test_wrong_passwords_at_the_cms_login_count_too(client):
    get_user_model().objects.create_user(username="officer.kk", password=PASSWORD, is_staff=True)
    for _ in range(5):
        assert _login(client, "Officer.KK", "wrong-password", ip="192.0.2.60", path="/cms/login/").status_code in (
            200, 429)
    assert _login(client, "officer.kk", PASSWORD, ip="198.51.100.60", path="/cms/login/").status_code == 429
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY = False
    settings.SAPHAN_LOGIN_FAILURES_PER_ADDRESS = 6
    make_user(phone="0812228888", password=PASSWORD)
    for i in range(6):  # a fresh made-up address on every guess
        _login(client, f"08144400{i:02d}", "wrong-password", ip="192.0.2.70", HTTP_X_FORWARDED_FOR=f"10.9.8.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.70"}
    assert _login(client, "0812228888", PASSWORD, ip="192.0.2.70", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


@pytest.mark.django_db
def test_the_forwarded_for_set_by_a_trusted_proxy_is_the_client_address(client, settings):
    settings.TRUSTED_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SAPHAN_LOGIN_FAILURES_PER_ADDRESS = 6
    make_user(phone="0812229999", password=PASSWORD)
    for i in range(6):  # the client's own prefix is ignored; our proxy's last entry is who they are
        _login(client, f"08155500{i:02d}", "wrong-password", ip="127.0.0.1",
               HTTP_X_FORWARDED_FOR=f"10.9.8.{i}, 203.0.113.80")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.80"}
    locked = _login(client, "0812229999", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.80")
    assert locked.status_code == 429
    # another client behind the same proxy is someone else
    assert _login(client, "0812229999", PASSWORD, ip="127.0.0.1",
                  HTTP_X_FORWARDED_FOR="203.0.113.81").status_code == 302


def test_client_ip_reads_only_what_the_configured_proxies_appended(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1")
    settings.TRUSTED_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2  # a CDN in front of our proxy
    assert client_ip(request) == "203.0.113.9"
    bad = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(bad) == "10.0.0.2"


# --- django-ratelimit: codes, sign-up, reset confirm ---------------------------------------------------------------

@pytest.mark.django_db
def test_code_requests_are_limited_per_address_across_phones(client, settings):
    settings.SAPHAN_RATE_LIMITS = {"code-send": ("3/h", "5/h")}
    for i in range(3):
        make_user(phone=f"08166600{i:02d}", password=PASSWORD)
        page = client.post("/password-reset/", {"phone": f"08166600{i:02d}"}, REMOTE_ADDR="192.0.2.90")
        assert "ลองหลายครั้งเกินไป" not in page.content.decode()
    make_user(phone="0816660099", password=PASSWORD)
    page = client.post("/password-reset/", {"phone": "0816660099"}, REMOTE_ADDR="192.0.2.90").content.decode()
    assert "ลองหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่" in page
    assert not OneTimeCode.objects.filter(phone="0816660099").exists()  # no SMS sent past the limit


@pytest.mark.django_db
def test_the_reset_confirm_step_is_limited_per_address_and_per_phone(client, settings):
    settings.SAPHAN_RATE_LIMITS = {"code-check": ("4/h", "2/h")}
    user = make_user(phone="0816661111", password=PASSWORD)
    data = {"phone": "0816661111", "code": "000000", "password": "New-pass-2026!"}
    for i in range(2):  # from two addresses: the phone's own limit still applies
        page = client.post("/password-reset/", data, REMOTE_ADDR=f"192.0.2.{100 + i}").content.decode()
        assert "ลองหลายครั้งเกินไป" not in page
    page = client.post("/password-reset/", data, REMOTE_ADDR="192.0.2.102").content.decode()
    assert "ลองหลายครั้งเกินไป" in page
    for i in range(2):  # other phones from one address until that address's limit
        client.post("/password-reset/", {**data, "phone": f"08166622{i:02d}"}, REMOTE_ADDR="192.0.2.103")
    page = client.post("/password-reset/", {**data, "phone": "0816662299"}, REMOTE_ADDR="192.0.2.103").content.decode()
    assert "ลองหลายครั้งเกินไป" not in page  # 3 of 4 so far
    page = client.post("/password-reset/", {**data, "phone": "0816662298"}, REMOTE_ADDR="192.0.2.103").content.decode()
    assert "ลองหลายครั้งเกินไป" not in page
    page = client.post("/password-reset/", {**data, "phone": "0816662297"}, REMOTE_ADDR="192.0.2.103").content.decode()
    assert "ลองหลายครั้งเกินไป" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_sign_ups_are_limited_per_address(client, settings, reference_data):
    settings.SAPHAN_RATE_LIMITS = {"signup": ("1/h", None)}
    form = {"phone": "0817770001", "full_name": "สมชาย ใจดี", "birth_date": "2005-03-01", "district": "4010",
            "national_id": "", "password": "ev-repair-2026", "training_consent": "on"}
    assert client.post("/signup/", form, REMOTE_ADDR="192.0.2.110").status_code == 302
    client.logout()
    page = client.post("/signup/", {**form, "phone": "0817770002"}, REMOTE_ADDR="192.0.2.110").content.decode()
    assert "ลองหลายครั้งเกินไป" in page
    assert not get_user_model().objects.filter(phone="0817770002").exists()
    assert client.post("/signup/", {**form, "phone": "0817770003"}, REMOTE_ADDR="198.51.100.110").status_code == 302


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_wrong_passwords_show_when_to_try_again_and_remember_me_survives_a_browser_restart(
        live_server, browser, reference_data):
    """At 360 px: the log-in form with its remember box, the lock-out page in Thai and English, then a remembered
    session that outlives the browser (a new context with the saved cookies) while a plain one does not."""
    from tests.test_trainee_journey import Steps
    from trainees.models import TraineeProfile

    for phone in ("0812001000", "0812002000"):
        TraineeProfile.objects.create(user=make_user(phone=phone, password=PASSWORD), full_name="ทดสอบ ระบบ",
                                      district_id="4010")
    steps = Steps("login-limits-and-remember-me")
    phone_context = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
                     "has_touch": True, "locale": "th-TH", "timezone_id": "Asia/Bangkok"}
    context = browser.new_context(**phone_context)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert page.get_by_label("จดจำฉันไว้ในเครื่องนี้").is_visible()
    steps.shot(page, "login-form")
    for _ in range(5):
        page.fill("#id_username", "081-200-1000")
        page.fill("#id_password", "not-my-password")
        page.click("button[type=submit]")
    locked = page.get_by_test_id("locked-out")
    assert "ลองใหม่ได้หลังเวลา" in locked.inner_text() and locked.inner_text().endswith("น.")
    steps.shot(page, "locked-out-thai")
    page.goto(f"{live_server.url}/en/login/")
    page.fill("#id_username", "0812001000")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    assert "You can try again after" in page.get_by_test_id("locked-out").inner_text()
    steps.shot(page, "locked-out-english")
    context.close()

    for remembered in (True, False):
        context = browser.new_context(**phone_context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "0812002000")
        page.fill("#id_password", PASSWORD)
        if remembered:
            page.get_by_label("จดจำฉันไว้ในเครื่องนี้").check()
            steps.shot(page, "remember-me-ticked")
        page.click("button[type=submit]")
        page.wait_for_url("**/me/")
        # closing the browser drops session cookies (no expiry); persistent ones are written to disk
        kept = [c for c in context.cookies() if c["expires"] > 0]
        context.close()
        context = browser.new_context(**phone_context)
        context.add_cookies(kept)
        page = context.new_page()
        page.goto(f"{live_server.url}/me/")
        if remembered:
            assert page.url.endswith("/me/")
            steps.shot(page, "still-signed-in-after-restart")
        else:
            assert "/login/" in page.url
        context.close()
