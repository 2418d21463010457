"""One language mechanism: gettext with Thai msgids and the English catalogue (site/locale/en), the `localized`
filter for bilingual content fields, `?lang=` / Accept-Language for the API.

The walk visits every page pattern under i18n_patterns as each role (anonymous, youth, employer, partner, agent,
centre and programme staff) in English with the demo world (the same loaders as `seed_demo`, real services, real
Elasticsearch), and fails on any run of Thai characters in the visible text that is neither an explicit proper name
nor content someone entered only in Thai (derived from the database: a Thai value with no English twin filled in)."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.module_loading import import_string

THAI = re.compile(r"[\u0E00-\u0E7F]")
THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+(?:[ \d.,:;()\-–]+[\u0E00-\u0E7F]+)*")
# Printed in Thai on purpose on English pages: the brand next to "Saphan" and the switch back to Thai.
PROPER_NAMES = {"สะพานอาชีพ", "ไทย"}
# Apps whose rows hold what people typed (course pages, shops, openings, names, venues, notes).
CONTENT_APPS = {"courses", "trainees", "employers", "partners", "payments", "agents"}
DEMO_PASSWORDS = {"youth": "saphan-youth-2026", "shop": "saphan-shop-2026", "partner": "saphan-partner-2026",
                  "staff": "saphan-editor-2026"}


class VisibleText(HTMLParser):
    """Text a person sees: element text (not script/style), the title, and placeholder/alt/title/aria-label."""

    SHOWN_ATTRS = {"placeholder", "alt", "title", "aria-label"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN_ATTRS and value]

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def thai_only_content() -> str:
    """Every Thai value in the content apps that has no English twin filled in (`x_th` or `x` with an empty
    `x_en`, or a field that has no `_en` at all, such as a shop's name or a venue): staff- and user-entered text
    that English pages show as it was typed."""
    pieces = []
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS or model._meta.proxy:
            continue
        fields = {f.attname: f for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)
                  or f.get_internal_type() in {"JSONField", "TextField"}}
        if not fields:
            continue
        for row in model._default_manager.values(*fields):
            for name, value in row.items():
                if hasattr(value, "raw_data"):  # a StreamField (course body: syllabus, FAQ)
                    value = list(value.raw_data)
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
                if not text or not THAI.search(text):
                    continue
                base = name[:-3] if name.endswith("_th") else name
                if row.get(f"{base}_en"):
                    continue  # English exists, so English pages must show it
                pieces.append(text)
    return "\n".join(pieces)


def thai_leaks(html: str, allowed: str) -> list[str]:
    return sorted({run for run in THAI_RUN.findall(visible_text(html))
                   if run not in PROPER_NAMES and run not in allowed})


def i18n_page_names() -> set[str]:
    """The names of every URL pattern that answers in both languages (under i18n_patterns)."""
    names = set()

    def walk(patterns, namespace, inside):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace,
                     inside or isinstance(p.pattern, LocalePrefixPattern))
            elif inside and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None, False)
    return names


# Patterns that are not an HTML page anyone reads (files, JSON, POST-only actions, Wagtail internals). Each is
# either posted from a page the walk visits or a download checked elsewhere.
NOT_PAGES = {
    "trainees:logout", "trainees:export", "trainees:certificate_pdf", "trainees:badge", "trainees:guardian_request",
    "trainees:guardian_confirm", "search:suggest", "search:click", "search:pipeline_watch",
    "employers:contact", "employers:shortlist", "employers:request_withdraw", "employers:contact_hire",
    "employers:application_status", "employers:application_hire", "graduate:request_answer",
    "graduate:placement_confirm", "graduate:apply", "graduate:application_withdraw",
    "payments:invoice_qr_png", "payments:invoice_receipt", "partners:ledger_transfer_csv",
    "partners:referral_reinvite", "agents:instalment_pay", "agents:listing", "agents:conversion_add",
    "wagtailcore_authenticate_with_password", "wagtailcore_login", "wagtail_serve",
}


@pytest.fixture
def demo_world(search_clean):
    """The demo data through the real loaders, indexed in Elasticsearch, and one login per role."""
    from search import indexing

    for path in settings.SAPHAN_DEMO_LOADERS:
        import_string(path)()
    for alias in settings.SEARCH_DOCUMENTS:
        indexing.rebuild(alias)
    return world_urls()


def world_urls() -> dict:
    """role → {pattern name: path without language prefix} built from real rows of the demo world."""
    from agents.models import Agent
    from courses.models import Cohort, CoursePage
    from employers.models import Opening
    from partners.models import Grant, PlacementSurvey, Referral
    from payments.models import Invoice
    from trainees.models import Certificate, Enrollment

    users = get_user_model().objects
    youth = users.get(phone="0800000001")
    learner = Enrollment.objects.filter(status__in=["confirmed", "awaiting_payment"]).select_related(
        "trainee__user").order_by("pk").first()
    invoice = Invoice.objects.select_related("payer").order_by("pk").first() or paid_application()
    certificate = Certificate.objects.order_by("pk").first()
    cohort = Cohort.objects.filter(status="open").order_by("pk").first()
    opening = Opening.objects.get(external_id="DEMO-O00")
    agent = Agent.objects.filter(status="approved").order_by("pk").first()
    referral = Referral.objects.order_by("pk").first()
    survey = PlacementSurvey.objects.order_by("pk").first()
    grant = Grant.objects.order_by("pk").first()
    with translation.override(settings.LANGUAGE_CODE):  # page URLs without a language prefix
        course_paths = [page.url for page in CoursePage.objects.live().order_by("pk")[:3]]
    public = {
        "impact": "/impact/", "trainees:signup": "/signup/", "trainees:login": "/login/",
        "trainees:password_reset": "/password-reset/", "trainees:verify": f"/verify/{certificate.code}",
        "search:conversion_shops": "/conversion-shops/?district=4010",
        "employers:register": "/employers/register/", "agents:badge": f"/agents/badge/{agent.badge_code}/",
        "partners:survey": f"/partners/survey/{survey.token}/",
        "pages": ["/", "/courses/", "/courses/?q=ซ่อมมอไซค์ไฟฟ้า", "/courses/?q=ev+motorcycle"] + course_paths,
    }
    graduate_ref = opening_graduate_ref(opening)
    invitation = colleague_invitation(users.get(username="shop.banphai"), youth)
    return {
        "anonymous": (None, public),
        "youth": (youth, {
            "trainees:dashboard": "/me/", "trainees:profile": "/me/profile/",
            "trainees:verify_phone": "/me/verify-phone/", "trainees:privacy": "/me/privacy/",
            "trainees:my_data": "/me/privacy/my-data/", "trainees:delete": "/me/privacy/delete/",
            "trainees:guardian_step": "/me/consent/guardian/?purpose=training",
            "trainees:apply": f"/cohorts/{cohort.pk}/apply/", "search:my_openings": "/me/openings/",
            "search:my_opening": "/me/openings/DEMO-O01/", "search:my_pathways": "/me/pathways/",
            "graduate:requests": "/me/requests/", "graduate:viewers": "/me/viewers/",
            "graduate:placements": "/me/placements/", "agents:me": "/agents/me/",
            "agents:loan_apply": "/agents/me/loan/", "my_referrals": "/me/referrals/", "pages": ["/", "/courses/"],
            "employers:invitation": f"/employers/invitations/{invitation.token}/",
        }),
        "learner": (learner.trainee.user, {
            "trainees:withdraw": f"/me/enrolments/{learner.pk}/withdraw/", "trainees:dashboard": "/me/",
            "search:my_pathways": "/me/pathways/",
            "agents:apply": "/agents/apply/",
        }),
        "payer": (invoice.payer, {"payments:invoice": f"/payments/invoices/{invoice.number}/"}),
        "employer": (users.get(username="shop.banphai"), {
            "employers:dashboard": "/employers/", "employers:members": "/employers/members/",
            "employers:opening_new": "/employers/openings/new/",
            "employers:opening_edit": f"/employers/openings/{opening.external_id}/edit/",
            "employers:applicants": f"/employers/openings/{opening.external_id}/applicants/",
            "search:opening_matches": f"/employers/openings/{opening.external_id}/matches/",
            "search:graduate_search": "/employers/search/?skills=ev.battery.safety&district=4010&radius_km=30",
            "employers:graduate": f"/employers/graduates/{graduate_ref}/",
        }),
        "partner": (users.get(username="partner.banphai"), {
            "partners:referral_list": "/partners/referrals/", "partners:referral_new": "/partners/referrals/new/",
            "partners:referral_detail": f"/partners/referrals/{referral.pk}/",
        }),
        "centre staff": (users.get(username="centre.editor"), dict(public)),
        "programme staff": (users.get(username="programme.officer"), {
            "partners:ledger_list": "/partners/ledger/", "partners:ledger_detail": f"/partners/ledger/{grant.pk}/"}),
    }


def paid_application():
    """A demo youth applies for the paid air-conditioning intake through the real service: an open invoice."""
    from courses.models import Cohort
    from payments.models import Invoice
    from trainees.models import TraineeProfile
    from trainees.services import enrollment_apply

    cohort = Cohort.objects.filter(course__url_path__endswith="/ac-repair-120/", status="open").first()
    enrollment_apply(trainee=TraineeProfile.objects.get(user__phone="0800000005"), cohort=cohort)
    return Invoice.objects.select_related("payer").latest("pk")


def colleague_invitation(owner, invitee):
    """The shop owner invites the demo youth as a colleague through the real service (the invitation page)."""
    from employers.services import member_invite

    membership = owner.employer_memberships.select_related("employer").first()
    return member_invite(employer=membership.employer, by=owner, phone=invitee.phone, role="recruiter")


def opening_graduate_ref(opening) -> str:
    from search.matching import match_opening

    return match_opening(opening, top=1)[0].graduate


def login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def paths_of(urls: dict) -> list[str]:
    out = []
    for name, value in urls.items():
        out += value if name == "pages" else [value]
    return out


@pytest.mark.django_db
def test_english_pages_show_no_untranslated_thai_for_any_role(demo_world):
    covered = {name for _, urls in demo_world.values() for name in urls if name != "pages"}
    missing = i18n_page_names() - covered - NOT_PAGES
    assert not missing, f"page patterns the walk does not visit: {sorted(missing)}"
    allowed = thai_only_content()
    leaks, visited = {}, 0
    for role, (user, urls) in demo_world.items():
        client = login(user)
        for path in paths_of(urls):
            response = client.get("/en" + path, follow=True)
            assert response.status_code == 200, (role, path, response.status_code)
            final = response.redirect_chain[-1][0] if response.redirect_chain else path
            assert final.startswith("/en/") or not response.redirect_chain, (role, path, final)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            assert '<html lang="en"' in html, (role, path)
            visited += 1
            found = thai_leaks(html, allowed)
            if found:
                leaks[f"{role} /en{path}"] = found
    assert visited >= 40
    assert not leaks, "Thai interface text on English pages:\n" + "\n".join(f"{k}: {v}" for k, v in leaks.items())


@pytest.mark.django_db
def test_thai_pages_carry_no_english_interface_text_from_the_catalogue(demo_world):
    """The lighter check the other way: no English msgstr of the catalogue (interface words only, 2+ words so
    brand and unit names do not count) shows on a Thai page."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("en")._catalog
    english = {str(text) for key, text in catalogue.items()
               if isinstance(key, str) and THAI.search(key) and len(str(text).split()) >= 3
               and "%" not in str(text) and "{" not in str(text)}
    assert len(english) > 100
    found = {}
    for role, (user, urls) in demo_world.items():
        client = login(user)
        for path in paths_of(urls):
            response = client.get(path, follow=True)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            text = visible_text(response.content.decode())
            hits = sorted(e for e in english if e in text)
            if hits:
                found[f"{role} {path}"] = hits
    assert not found, found


def _match_client(world):
    client = Client()
    client.force_login(world["owner"])
    return client


@pytest.mark.django_db
def test_api_match_reasons_follow_accept_language_and_the_lang_parameter(search_clean, settings):
    from tests import employer_world

    settings.SEARCH_RESULT_CACHE_SECONDS = 300  # the cache must not hand one language's reasons to the other
    world = employer_world.build()
    client = _match_client(world)
    url = "/api/matching/openings/MINE/graduates?top=5"

    def reasons(response):
        assert response.status_code == 200
        return [reason for result in response.json()["results"] for reason in result["reasons"]]

    thai = reasons(client.get(url))
    assert thai and all(THAI.search(r) for r in thai) and not any(" / " in r for r in thai)
    for english in (reasons(client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")),
                    reasons(client.get(url + "&lang=en")),
                    reasons(client.get(url + "&lang=en", HTTP_ACCEPT_LANGUAGE="th"))):
        assert english and not any(THAI.search(r) for r in english), english
        assert any("required skills" in r for r in english)
    assert reasons(client.get(url + "&lang=th", HTTP_ACCEPT_LANGUAGE="en")) == thai
    assert reasons(client.get(url, HTTP_ACCEPT_LANGUAGE="fr")) == thai  # unknown language: Thai, the default
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en" and "Accept-Language" in response["Vary"]
    assert Client().get("/api/docs", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


@pytest.mark.django_db
def test_every_app_page_answers_under_en_and_the_switch_keeps_the_path(client, reference_data):
    from tests.factories import make_course

    course = make_course()
    page = client.get("/en" + course.url)
    html = page.content.decode()
    assert page.status_code == 200 and "EV motorcycle repair" in html and '<html lang="en"' in html
    assert 'href="/en/courses/"' in html  # links made by hand keep the prefix
    for path in ("/en/login/", "/en/signup/", "/en/conversion-shops/", "/en/employers/register/", "/en/impact/"):
        assert client.get(path).status_code == 200, path
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/conversion-shops/?district=4010"})
    assert switched.status_code == 302 and switched["Location"] == "/en/conversion-shops/?district=4010"
    back = client.post("/i18n/setlang/", {"language": "th", "next": "/en/conversion-shops/?district=4010"})
    assert back["Location"] == "/conversion-shops/?district=4010"


def test_catalogue_has_no_empty_or_fuzzy_entry_and_thai_msgids():
    po = (settings.BASE_DIR / "site" / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    entries = po.split("\n\n")[1:]
    assert len(entries) > 500
    assert "#, fuzzy" not in po
    assert not re.search(r'\nmsgstr ""\n(?!")', po + "\n"), "an entry without English"
    assert sum(bool(THAI.search(e.split("msgstr")[0])) for e in entries) > 0.95 * len(entries)
    with translation.override("en"):
        assert translation.gettext("เข้าสู่ระบบ") == "Log in"
