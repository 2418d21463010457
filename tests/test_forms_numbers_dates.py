"""What people type and read: every sign-up mistake at once in the reader's language, Thai digits wherever
digits go, day/month/year dates in the reader's calendar on pages and in SMS, and 404/500 pages in both
languages (never Django's debug pages outside development)."""

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from accounts import services as account_services
from accounts.models import OneTimeCode
from config.dates import format_date
from config.digits import ascii_digits
from config.formfields import AmountField, DayMonthYearField, DigitsField, NumberField, WholeNumberField
from courses.models import District
from tests.factories import reference_data
from tests.helpers import messages_to
from trainees import services as trainee_services
from trainees.identity import clean_national_id, normalize_phone
from trainees.models import Certificate, TraineeProfile

VALID_ID = "1101700230708"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai(text: str) -> str:
    return text.translate(THAI)


def _field_block(html: str, name: str) -> str:
    """The markup of one field: its label, help, input and the errors shown right below it."""
    match = re.search(rf'<div class="field[^"]*" data-field="{name}">(.*?)</div>', html, re.S)
    assert match, f"field {name} not rendered"
    return match.group(1)


def _errors(block: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", block)


BAD_SIGN_UP = {"phone": "12345", "full_name": "", "birth_date": "", "district": "", "national_id": "1234567890123",
               "password": "short", "training_consent": "on"}


def _future_birth_date() -> str:
    future = timezone.localdate() + timedelta(days=400)
    return f"{future:%d/%m}/{future.year + 543}"  # typed by a person, in the Buddhist Era


# ---------------------------------------------------------------- sign-up errors
@pytest.mark.django_db
def test_sign_up_shows_every_mistake_at_once_in_thai_next_to_its_field(client, reference_data):
    html = client.post("/signup/", {**BAD_SIGN_UP, "birth_date": _future_birth_date()}).content.decode()
    assert 'data-testid="error-summary"' in html and "(6)" in html
    assert any("เบอร์มือถือไม่ถูกต้อง" in e for e in _errors(_field_block(html, "phone")))
    assert _errors(_field_block(html, "full_name")) == ["กรุณากรอกช่องนี้"]
    assert any("อยู่ในอนาคต" in e for e in _errors(_field_block(html, "birth_date")))
    assert _errors(_field_block(html, "district")) == ["กรุณาเลือกอำเภอ"]
    assert any("เลขประจำตัวประชาชนไม่ถูกต้อง" in e for e in _errors(_field_block(html, "national_id")))
    password = _field_block(html, "password")
    assert any("อย่างน้อย 8 ตัวอักษร" in e for e in _errors(password))
    assert 'value="short"' in password  # what was typed is kept, and can be shown
    assert 'data-show-password="id_password"' in password
    assert not re.search(r"[A-Za-z]{4,}", " ".join(_errors(html)))  # no English left in the Thai errors
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_sign_up_under_en_shows_every_mistake_in_english(reference_data):
    client = Client()
    response = client.post("/en/signup/", {**BAD_SIGN_UP, "birth_date": _future_birth_date()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sign up</h1>" in html and "Please correct the fields marked in red (6)" in html
    assert "Invalid Thai mobile number" in " ".join(_errors(_field_block(html, "phone")))
    assert _errors(_field_block(html, "full_name")) == ["Please fill in this field."]
    assert _errors(_field_block(html, "district")) == ["Please choose your district."]
    assert "The birth date is in the future" in " ".join(_errors(_field_block(html, "birth_date")))
    assert "Invalid Thai national ID" in " ".join(_errors(_field_block(html, "national_id")))
    assert "The password needs at least 8 characters." in _errors(_field_block(html, "password"))
    assert not re.search(r"[\u0e00-\u0e7f]", " ".join(_errors(html)))  # no Thai left in the English errors


@pytest.mark.django_db
def test_sign_up_states_the_password_minimum_and_date_format_before_submitting(client, reference_data):
    html = client.get("/signup/").content.decode()
    password = _field_block(html, "password")
    assert "อย่างน้อย 8 ตัวอักษร" in password and 'aria-describedby="id_password_helptext' in password
    birth = _field_block(html, "birth_date")
    assert 'type="text"' in birth and 'placeholder="วว/ดด/ปปปป"' in birth and "15/03/2551" in birth
    english = Client().get("/en/signup/").content.decode()
    assert "At least 8 characters" in _field_block(english, "password")
    assert 'placeholder="dd/mm/yyyy"' in _field_block(english, "birth_date")


@pytest.mark.django_db
def test_too_young_and_impossible_dates_are_field_errors(client, reference_data):
    young = timezone.localdate().replace(year=timezone.localdate().year - 14)
    html = client.post("/signup/", {"phone": "0812345678", "full_name": "น้องเล็ก", "district": "4010",
                                    "birth_date": young.strftime("%d/%m/%Y"), "password": "ev-repair-2026"}).content
    assert "อายุ 15 ปีขึ้นไป" in " ".join(_errors(_field_block(html.decode(), "birth_date")))
    html = client.post("/signup/", {"birth_date": "31/02/2551"}).content.decode()
    assert "วัน/เดือน/ปี" in " ".join(_errors(_field_block(html, "birth_date")))


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, message", [("", "เบอร์มือถือไม่ถูกต้อง"),
                                             ("/en", "Invalid Thai mobile number")])
def test_logging_in_with_a_landline_says_a_mobile_is_needed(prefix, message):
    """A shop may give its landline (accounts.thai_ids.normalize_phone_th); a person logs in with a mobile,
    and a landline typed at log-in is told so plainly rather than "wrong phone or password"."""
    get_user_model().objects.create_user(username="0812345678", phone="0812345678", password="ev-repair-2026")
    client = Client()
    for landline in ("043-123-456", thai("043123456"), "+66 2 123 4567"):
        page = client.post(f"{prefix}/login/", {"username": landline, "password": "ev-repair-2026"})
        assert page.status_code == 200 and message in page.content.decode()
        assert "_auth_user_id" not in client.session
    mobile = client.post(f"{prefix}/login/", {"username": "081-234-5678", "password": "ev-repair-2026"})
    assert mobile.status_code == 302


# ---------------------------------------------------------------- Thai digits
@pytest.mark.django_db
def test_sign_up_typed_entirely_in_thai_digits_succeeds(client, reference_data):
    response = client.post("/signup/", {
        "phone": thai("081-234-5678"), "full_name": "สมหญิง เลขไทย", "birth_date": thai("15/03/2551"),
        "district": "4010", "national_id": thai(VALID_ID), "password": "ev-repair-2026", "training_consent": "on",
        "guardian_name": "แม่ เลขไทย", "guardian_phone": thai("089-111-2222")})
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = TraineeProfile.objects.get(full_name="สมหญิง เลขไทย")
    assert profile.user.phone == "0812345678"
    assert profile.birth_date == date(2008, 3, 15)
    assert profile.national_id_last4 == "0708"
    # and the same number logs in whichever digits it is typed in
    client.logout()
    assert client.post("/login/", {"username": thai("0812345678"), "password": "ev-repair-2026"}).status_code == 302


def test_ascii_digits_turns_thai_digits_into_ascii_and_keeps_everything_else():
    assert ascii_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert ascii_digits("โทร ๐๘๑-๒๓๔-๕๖๗๘") == "โทร 081-234-5678"
    assert ascii_digits("１２３") == "123"  # full-width digits from some keyboards
    assert ascii_digits(None) == "" and ascii_digits(42) == "42"


@pytest.mark.parametrize(("field", "typed", "expected"), [
    (DigitsField(), "๐๘๑๒๓๔๕๖๗๘", "0812345678"),
    (WholeNumberField(), "๓๐", 30),
    (NumberField(), "๑๖.๔๓", 16.43),
    (AmountField(max_digits=10, decimal_places=2), "๑,๒๕๐.๕๐ บาท", Decimal("1250.50")),
    (AmountField(max_digits=10, decimal_places=2), "฿450", Decimal("450")),
    (DayMonthYearField(), "๑๕/๐๓/๒๕๕๑", date(2008, 3, 15)),
    (DayMonthYearField(), "15/03/2008", date(2008, 3, 15)),
    (DayMonthYearField(), "15-3-2551", date(2008, 3, 15)),
    (DayMonthYearField(), "๑๕๐๓๒๕๕๑", date(2008, 3, 15)),
    (DayMonthYearField(), "2008-03-15", date(2008, 3, 15)),
])
def test_every_field_type_reads_thai_digits(field, typed, expected):
    assert field.clean(typed) == expected


@pytest.mark.parametrize("typed", ["32/01/2551", "15/13/2008", "15/03/08", "15/03/1800", "tomorrow", "๑๕/๐๓"])
def test_day_month_year_refuses_what_is_not_a_date(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        DayMonthYearField().clean(typed)


def test_identity_rules_read_thai_digits():
    assert normalize_phone("+๖๖ ๘๑ ๒๓๔ ๕๖๗๘") == "0812345678"
    assert clean_national_id(thai("1-1017-00230-70-8")) == VALID_ID


def test_bank_statement_amounts_and_dates_read_thai_digits():
    from payments.statements import parse_amount, parse_date

    assert parse_amount("๔,๕๐๐.๐๐") == Decimal("4500.00")
    posted = parse_date("๐๔/๑๒/๒๕๖๙", "๑๓:๓๐")
    assert (posted.year, posted.month, posted.day, posted.hour, posted.minute) == (2026, 12, 4, 13, 30)


@pytest.mark.django_db
def test_one_time_code_typed_in_thai_digits_is_accepted():
    code = account_services._new_code("0812345678", OneTimeCode.Purpose.VERIFY_PHONE)
    account_services.one_time_code_check(phone="0812345678", purpose=OneTimeCode.Purpose.VERIFY_PHONE, code=thai(code))
    assert OneTimeCode.objects.get(phone="0812345678").used_at is not None


@pytest.mark.django_db
def test_employer_payment_and_partner_forms_read_thai_digits(reference_data):
    from employers.forms import EmployerRegisterForm, HireForm, OpeningForm
    from employers.services import employer_validate_dbd
    from partners.forms import ReferralForm, SurveyForm
    from payments.forms import ManualConfirmForm, SlipConfirmForm

    hire = HireForm({"start_date": "๐๑/๐๒/๒๕๗๐", "wage_thb": "๔๕๐", "wage_unit": "day"})
    assert hire.is_valid(), hire.errors
    assert hire.cleaned_data["start_date"] == date(2027, 2, 1) and hire.cleaned_data["wage_thb"] == Decimal("450")
    opening = OpeningForm({"radius_km": "๕๐", "wage_min_thb": "๓๕๐", "wage_max_thb": "๕๐๐", "positions": "๒",
                           "closing_date": thai(f"{timezone.localdate() + timedelta(days=30):%d/%m/%Y}")})
    opening.is_valid()
    assert opening.cleaned_data["radius_km"] == 50 and opening.cleaned_data["positions"] == 2
    assert opening.cleaned_data["wage_max_thb"] == Decimal("500")
    assert opening.cleaned_data["closing_date"] == timezone.localdate() + timedelta(days=30)
    register = EmployerRegisterForm({"dbd_number": thai("0105556789012"), "phone": thai("043-123456"),
                                     "lat": "๑๖.๔๓", "lon": "๑๐๒.๘๓"})
    register.is_valid()
    assert register.cleaned_data["dbd_number"] == "0105556789012" and register.cleaned_data["lat"] == 16.43
    assert employer_validate_dbd(thai(VALID_ID)) == VALID_ID
    slip = SlipConfirmForm({"amount": "๔,๕๐๐.๐๐", "transaction_ref": "ABC๑๒๓"})
    assert slip.is_valid(), slip.errors
    assert slip.cleaned_data["amount"] == Decimal("4500.00")
    manual = ManualConfirmForm({"amount": "๑๒๐", "reason": "เงินสด"})
    assert manual.is_valid() and manual.cleaned_data["amount"] == Decimal("120")
    survey = SurveyForm({"still_working": "yes", "wage": "๓๘๐", "wage_unit": "day"})
    assert survey.is_valid() and survey.cleaned_data["wage"] == Decimal("380")
    referral = ReferralForm({"full_name": "น้องซี", "phone": thai("0815550009"), "consent_by": "self",
                             "consent_confirmed": "on", "national_id": thai(VALID_ID)})
    assert referral.is_valid(), referral.errors
    assert referral.cleaned_data["phone"] == "0815550009" and referral.cleaned_data["national_id"] == VALID_ID


# ---------------------------------------------------------------- dates shown
def _signed_up(phone="0812345678", born=date(2008, 3, 15)) -> TraineeProfile:
    reference_data()
    return trainee_services.trainee_sign_up(phone=phone, password="ev-repair-2026", full_name="สมศรี วันที่",
                                            birth_date=born, district_code="4010")


@pytest.mark.django_db
def test_pages_show_buddhist_era_in_thai_and_ce_in_english(client):
    profile = _signed_up()
    Certificate.objects.create(trainee=profile, holder_name=profile.full_name, course_title="ช่าง EV", hours=60,
                               issuer="ศูนย์", issued_on=date(2026, 12, 4))
    client.force_login(profile.user)
    thai_page = client.get("/me/").content.decode()
    assert "4 ธ.ค. 2569" in thai_page and "2026" not in re.sub(r"<[^>]+>", "", thai_page).split("ใบรับรองของฉัน")[1]
    english_page = client.get("/en/me/").content.decode()
    assert "4 Dec 2026" in english_page and "2569" not in english_page
    # the date box shows day/month/year in the reader's calendar
    assert 'value="15/03/2551"' in _field_block(client.get("/me/profile/").content.decode(), "birth_date")
    assert 'value="15/03/2008"' in _field_block(client.get("/en/me/profile/").content.decode(), "birth_date")


@pytest.mark.django_db
def test_profile_refuses_a_future_birth_date(client):
    profile = _signed_up()
    client.force_login(profile.user)
    html = client.post("/me/profile/", {"full_name": "สมศรี", "birth_date": _future_birth_date(), "district": "4010",
                                        "max_commute_km": "๒๐", "preferred_language": "th"}).content.decode()
    assert "อยู่ในอนาคต" in " ".join(_errors(_field_block(html, "birth_date")))
    profile.refresh_from_db()
    assert profile.birth_date == date(2008, 3, 15)


@pytest.mark.django_db
def test_sms_dates_follow_the_recipients_language():
    from employers.models import Employer
    from employers.services import placement_record

    thai_reader = _signed_up("0811111111")
    english_reader = _signed_up("0822222222")
    english_reader.preferred_language = "en"
    english_reader.save()
    shop = Employer.objects.create(name="ร้านทดสอบ", district=District.objects.get(code="4010"))
    start = date(2027, 2, 1)
    with translation.override("en"):  # whoever records it, each reader gets their own calendar
        placement_record(trainee=thai_reader, employer=shop, start_date=start, wage_thb="450")
    placement_record(trainee=english_reader, employer=shop, start_date=start, wage_thb="450")
    thai_sms = messages_to("0811111111", "placement_recorded").get().body
    english_sms = messages_to("0822222222", "placement_recorded").get().body
    assert "1 กุมภาพันธ์ 2570" in thai_sms and "2027" not in thai_sms
    assert "1 February 2027" in english_sms and "2570" not in english_sms


def test_the_one_date_helper_serves_every_style_in_both_calendars():
    day = date(2027, 2, 1)
    assert format_date(day, "short", "th") == "1 ก.พ. 2570" and format_date(day, "short", "en") == "1 Feb 2027"
    assert format_date(day, "numeric", "th") == "01/02/2570" and format_date(day, "numeric", "en") == "01/02/2027"
    assert format_date(day, "month_short", "th") == "ก.พ. 2570" and format_date(day, "day_month", "en") == "1 Feb"


def test_no_hand_built_buddhist_years_or_raw_date_filters_remain():
    """Dates shown to people all go through config.dates (the certificate and receipt PDFs are another task)."""
    root = settings.BASE_DIR
    offenders = []
    for folder in ("accounts", "courses", "trainees", "employers", "payments", "partners", "search", "matching",
                   "agents"):
        for path in (root / folder).rglob("*.py"):
            if "tests" in path.parts or path.name in {"certificates.py", "documents.py", "statements.py"}:
                continue
            if re.search(r"\+ ?543|THAI_MONTHS", path.read_text()):
                offenders.append(str(path))
    for path in (root / "site" / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"\|date:\"[^\"]*[jdDMFY]", text.replace("|date:'Y-m-d'", "")) or "add:543" in text:
            offenders.append(str(path))
    assert offenders == []


# ---------------------------------------------------------------- /me/ sharing and my data
@pytest.mark.django_db
def test_me_offers_copy_and_line_share_for_the_verify_link_and_a_readable_data_page(client):
    profile = _signed_up()
    cert = Certificate.objects.create(trainee=profile, holder_name=profile.full_name, course_title="ช่าง EV", hours=60,
                                      issuer="ศูนย์", issued_on=date(2026, 12, 4))
    client.force_login(profile.user)
    html = client.get("/me/").content.decode()
    url = f"http://testserver/verify/{cert.code}"
    assert f'data-copy="{url}"' in html
    line = re.search(r'href="(https://line\.me/R/share\?text=[^"]+)"', html).group(1)
    assert "http%3A%2F%2Ftestserver%2Fverify%2F" + cert.code in line and " " not in line
    assert 'class="wrap-anywhere"' in html and "js/forms.js" in html

    page = client.get("/me/privacy/my-data/")
    text = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "สมศรี วันที่" in text and "15 มีนาคม 2551" in text and "ใบรับรอง" in text and cert.code in text
    assert "0812345678" in text and "ซ่อน" in text and ">hidden<" not in text  # codes shown by their names
    english = client.get("/en/me/privacy/my-data/").content.decode()
    assert "Everything we hold about you" in english and "15 March 2008" in english and ">hidden<" in english
    assert "my-data/" in client.get("/me/privacy/").content.decode()


# ---------------------------------------------------------------- error pages
@pytest.mark.django_db
def test_404_page_in_thai_and_under_en_in_english():
    client = Client()
    thai_page = client.get("/no-such-page/")
    assert thai_page.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in thai_page.content.decode() and 'lang="th"' in thai_page.content.decode()
    english = client.get("/en/no-such-page/")
    body = english.content.decode()
    assert english.status_code == 404 and "Page not found" in body and 'lang="en"' in body
    assert "ไม่พบหน้าที่ต้องการ" not in body and "Traceback" not in body


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_500_page_in_both_languages_not_the_debug_page():
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    thai_page = client.get("/boom/")
    assert thai_page.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in thai_page.content.decode() and "Traceback" not in thai_page.content.decode()
    english = client.get("/en/boom/")
    assert english.status_code == 500 and "Something went wrong on our side" in english.content.decode()
    assert "ระบบขัดข้อง" not in english.content.decode()


def test_only_development_settings_turn_debug_on():
    env = {**os.environ, "SECRET_KEY": "k7Qx2vN9pL4mR8sT1wY6zB3cF5hJ0dGaE7uI2oK9nM4bV1xC8qW3eR5tY7uI9oP0",
           "DATABASE_URL": "postgres://u:p@h/db", "REDIS_URL": "redis://h", "ELASTICSEARCH_URL": "http://h:9200",
           "SAPHAN_PUBLIC_BASE_URL": "https://saphan.example.org", "DJANGO_DEBUG": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = ("import importlib; "
            "print([importlib.import_module('config.settings.' + m).DEBUG for m in ('production', 'test', 'dev')])")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "[False, False, True]"


@pytest.mark.django_db
def test_log_in_and_password_reset_can_show_the_password_and_state_the_minimum(client, reference_data):
    assert 'data-show-password="id_password"' in client.get("/login/").content.decode()
    get_user_model().objects.create_user(username="0812345678", phone="0812345678", password="ev-repair-2026")
    html = client.post("/password-reset/", {"phone": thai("0812345678")}).content.decode()
    password = _field_block(html, "password")
    assert "อย่างน้อย 8 ตัวอักษร" in password and 'data-show-password="id_password"' in password
    assert OneTimeCode.objects.filter(phone="0812345678").exists()  # the Thai-digit phone found the account
