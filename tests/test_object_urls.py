"""Object URLs as a guarantee (issue 22): every URL pattern of ours that takes an object reference (pk, id, ref,
code, token, number, external_id, slug…) has an entry below saying how to make a real object for it and whose it
is. Each is requested (GET and POST) as anonymous and as every role that is not its owner: another youth, another
employer, another partner, another centre's staff. The answer must be 404, 403, 401, 405 or a redirect to a log-in
page: never 200, never a 500, never a redirect that did something. A new pattern without an entry fails the test.

Wagtail's own admin patterns (pages, images, snippets' generic views…) are Wagtail's; the ones listed are ours."""

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

OBJECT_KWARGS = re.compile(r"<(?:\w+:)?(\w*(?:pk|id|ref|code|token|number|slug|key|how))>")
ROLES = ("anonymous", "other_youth", "other_employer", "other_partner", "other_centre_staff")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def object_routes() -> list[str]:
    """Our routes with an object reference in them (Wagtail's built-in admin views excluded)."""
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "") or ""
        if module.startswith("wagtail.") or module.startswith("django."):
            continue
        if OBJECT_KWARGS.search(route) or "<" in route:
            routes.append(route)
    return sorted(set(routes))


@dataclass
class Entry:
    make: object  # world -> {kwarg: value}: a real object of the owner's
    owner: str  # who may see it (for the reader; that role is never among the requesters)
    public: str = ""  # why anyone may open it (then only "never a 500" is checked)
    allowed: set = field(default_factory=set)  # roles that legitimately may open it, and why in `owner`


def _fmt(route: str, kwargs: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


TABLE = {
    # employers (HTML)
    "employers/invitations/<str:token>/": Entry(lambda w: {"token": w["invitation"].token}, "the invited phone"),
    "employers/openings/<str:external_id>/edit/": Entry(lambda w: {"external_id": "O-DRAFT"}, "the shop's members"),
    "employers/openings/<str:external_id>/matches/": Entry(lambda w: {"external_id": "MINE"}, "the shop"),
    "employers/openings/<str:external_id>/applicants/": Entry(lambda w: {"external_id": "MINE"}, "the shop"),
    "employers/graduates/<str:ref>/": Entry(lambda w: {"ref": w["hidden"].public_ref}, "nobody (hidden)"),
    "employers/graduates/<str:ref>/contact/": Entry(lambda w: {"ref": w["hidden"].public_ref}, "nobody (hidden)"),
    "employers/graduates/<str:ref>/shortlist/": Entry(lambda w: {"ref": w["hidden"].public_ref}, "nobody"),
    "employers/requests/<int:pk>/withdraw/": Entry(lambda w: {"pk": w["request"].pk}, "the shop"),
    "employers/requests/<int:pk>/hire/": Entry(lambda w: {"pk": w["request"].pk}, "the shop"),
    "employers/applications/<int:pk>/status/": Entry(lambda w: {"pk": w["application"].pk}, "the shop"),
    "employers/applications/<int:pk>/hire/": Entry(lambda w: {"pk": w["application"].pk}, "the shop"),
    "me/requests/<int:pk>/answer/": Entry(lambda w: {"pk": w["request"].pk}, "the graduate asked"),
    "me/placements/<int:pk>/confirm/": Entry(lambda w: {"pk": w["placement"].pk}, "the graduate placed"),
    "me/openings/<str:external_id>/": Entry(lambda w: {"external_id": "O-DRAFT"}, "the shop (a draft)"),
    "me/openings/<str:external_id>/apply/": Entry(lambda w: {"external_id": "O-DRAFT"}, "the shop (a draft)"),
    "me/applications/<int:pk>/withdraw/": Entry(lambda w: {"pk": w["application"].pk}, "the applicant"),
    # employers and matching (API)
    "api/employers/graduates/<ref>": Entry(lambda w: {"ref": w["hidden"].public_ref}, "nobody (hidden)"),
    "api/employers/contact-requests/<request_id>": Entry(lambda w: {"request_id": w["request"].pk}, "the shop"),
    "api/employers/contact-requests/<request_id>/withdraw": Entry(lambda w: {"request_id": w["request"].pk},
                                                                  "the shop"),
    "api/employers/me/contact-requests/<request_id>/answer": Entry(lambda w: {"request_id": w["request"].pk},
                                                                   "the graduate asked"),
    "api/employers/openings/<external_id>/applications": Entry(lambda w: {"external_id": "O-DRAFT"},
                                                               "the shop (a draft)"),
    "api/employers/applications/<application_id>/status": Entry(
        lambda w: {"application_id": w["application"].pk}, "the shop"),
    "api/employers/applications/<application_id>/hire": Entry(
        lambda w: {"application_id": w["application"].pk}, "the shop"),
    "api/employers/me/applications/<application_id>/withdraw": Entry(
        lambda w: {"application_id": w["application"].pk}, "the applicant"),
    "api/employers/me/placements/<placement_id>/confirm": Entry(lambda w: {"placement_id": w["placement"].pk},
                                                                "the graduate placed"),
    "api/matching/openings/<external_id>/graduates": Entry(lambda w: {"external_id": "MINE"}, "the shop"),
    "api/openings/<ref>/pathways": Entry(lambda w: {"ref": w["draft"].external_id}, "the shop (a draft)"),
    # payments
    "payments/invoices/<str:number>/": Entry(lambda w: {"number": w["invoice"].number}, "the payer"),
    "payments/invoices/<str:number>/qr.png": Entry(lambda w: {"number": w["invoice"].number}, "the payer"),
    "payments/invoices/<str:number>/receipt.pdf": Entry(lambda w: {"number": w["invoice"].number}, "the payer"),
    "cms/payments/invoices/<int:invoice_id>/confirm/<str:how>/": Entry(
        lambda w: {"invoice_id": w["invoice"].pk, "how": "slip"}, "the payee's finance staff"),
    "cms/payments/sponsors/<slug:sponsor_key>.csv": Entry(lambda w: {"sponsor_key": w["sponsor_key"]},
                                                          "the payee's finance staff"),
    # partners
    "partners/ledger/<int:grant_id>/": Entry(lambda w: {"grant_id": w["grant"].pk}, "the grant's keepers"),
    "partners/ledger/<int:grant_id>/transfers.csv": Entry(lambda w: {"grant_id": w["grant"].pk},
                                                          "the grant's keepers"),
    "partners/referrals/<int:referral_id>/": Entry(lambda w: {"referral_id": w["referral"].pk}, "the partner"),
    "partners/referrals/<int:referral_id>/invite/": Entry(lambda w: {"referral_id": w["referral"].pk},
                                                          "the partner"),
    "partners/survey/<str:token>/": Entry(lambda w: {"token": secrets.token_urlsafe(16)}, "the graduate",
                                          public="the token is the credential: a made-up one must not answer"),
    # trainees
    "cohorts/<int:cohort_id>/apply/": Entry(lambda w: {"cohort_id": w["cohort"].pk}, "any youth",
                                            public="a live cohort is open to every youth's application"),
    "me/enrolments/<int:enrollment_id>/withdraw/": Entry(lambda w: {"enrollment_id": w["enrollment"].pk},
                                                         "the learner"),
    "me/certificates/<str:code>.pdf": Entry(lambda w: {"code": w["certificate"].code}, "the holder"),
    "verify/<str:code>": Entry(lambda w: {"code": w["certificate"].code}, "anyone with the code",
                               public="certificate verification is public by design (masked name)"),
    "verify/<str:code>/badge.json": Entry(lambda w: {"code": w["certificate"].code}, "anyone with the code",
                                          public="Open Badges assertion is public by design"),
    "cms/cohorts/<int:cohort_id>/": Entry(lambda w: {"cohort_id": w["cohort"].pk}, "the centre's staff"),
    "cms/cohorts/<int:cohort_id>/sessions/<int:session_id>/": Entry(
        lambda w: {"cohort_id": w["cohort"].pk, "session_id": w["session"].pk}, "the centre's staff"),
    "cms/cohorts/<int:cohort_id>/assessments/": Entry(lambda w: {"cohort_id": w["cohort"].pk}, "the centre's staff"),
    "cms/cohorts/<int:cohort_id>/graduate/": Entry(lambda w: {"cohort_id": w["cohort"].pk}, "the centre's staff"),
    "cms/cohorts/certificates/<str:code>/revoke/": Entry(lambda w: {"code": w["certificate"].code},
                                                         "the centre's staff"),
    "cms/employers/<int:employer_id>/verify/": Entry(lambda w: {"employer_id": w["mine"].pk}, "programme staff"),
    # agents
    "agents/me/instalments/<int:instalment_id>/pay/": Entry(lambda w: {"instalment_id": w["instalment"].pk},
                                                            "the agent"),
    "agents/badge/<str:code>/": Entry(lambda w: {"code": w["agent"].badge_code}, "anyone",
                                      public="an approved agent's badge is public by design"),
    "cms/agents/<int:agent_id>/": Entry(lambda w: {"agent_id": w["agent"].pk}, "programme staff"),
    "cms/agents/<int:agent_id>/review/": Entry(lambda w: {"agent_id": w["agent"].pk}, "programme staff"),
    "cms/agents/loans/<int:loan_id>/": Entry(lambda w: {"loan_id": w["loan"].pk}, "fund committee"),
    "cms/agents/loans/<int:loan_id>/action/": Entry(lambda w: {"loan_id": w["loan"].pk}, "fund committee"),
}


# Gaps this test found that are not closed on this branch (issue 22 item 9, to close next): the agents programme's
# and employer verification's staff screens check only `is_staff`, so another centre's staff can open them.
# Listed here with what they answer today, so the test fails the day one is closed (then remove the line).
KNOWN_GAPS: dict = {}  # (method, route, role) -> status of a refusal still missing; none today


def _world() -> dict:
    from agents.tests import world as agents_world
    from courses.permissions import setup_provider
    from employers.models import Application, ContactRequest, Opening, Placement
    from employers.services import member_invite
    from partners import services as partner_services
    from partners.models import Partner, PartnerMembership, Referral
    from tests import employer_world
    from tests.factories import ProviderFactory, catalogue_root
    from trainees import graduation
    from trainees.models import Certificate
    from trainees.services import apply_with_consent
    from trainees.tests.test_consent_steps import _birth, _paid_cohort

    w = employer_world.build()
    mine = w["mine"]
    w["draft"] = Opening.objects.create(employer=mine, title="ร่าง", district=mine.district, lat=16.06, lon=102.73,
                                        wage_min_thb=400, wage_max_thb=500, status="draft", external_id="O-DRAFT")
    opening = Opening.objects.get(external_id="MINE")
    w["application"] = Application.objects.create(opening=opening, trainee=w["std"])
    w["request"] = ContactRequest.objects.create(employer=mine, trainee=w["lim"], sent_by=w["owner"],
                                                 message="สนใจรับเข้าทำงาน")
    w["placement"] = Placement.objects.create(trainee=w["std"], employer=mine, start_date=timezone.localdate(),
                                              wage_thb=400)
    w["invitation"] = member_invite(employer=mine, by=w["owner"], phone="0838889999", role="recruiter")

    # a paid cohort of one centre, a verified learner's enrolment and invoice, a certificate, a session
    cohort = _paid_cohort(provider_slug="centre-own")
    from trainees.services import trainee_sign_up

    learner = trainee_sign_up(phone="0867770001", password="ev-Secret-2026", full_name="ผู้เรียนเจ้าของ",
                              birth_date=_birth(22), district_code="4010")
    learner.user.phone_verified_at = timezone.now()
    learner.user.save(update_fields=["phone_verified_at"])
    w["enrollment"] = apply_with_consent(trainee=learner, cohort=cohort, training_consent=True)
    from payments.models import Invoice

    w["invoice"] = Invoice.objects.get(payable_ref=str(w["enrollment"].pk))
    w["sponsor_key"] = cohort.sponsor.slug if cohort.sponsor else "none"
    w["cohort"] = cohort
    w["session"] = graduation.session_add(cohort=cohort, on=cohort.start_date)
    w["certificate"] = Certificate.objects.create(trainee=learner, holder_name="ผู้เรียนเจ้าของ", hours=120,
                                                  course_title="ช่างซ่อมเครื่องปรับอากาศ", issuer="ศูนย์",
                                                  issued_on=timezone.localdate())
    # partners: a grant kept by one organisation, a referral of one partner
    keepers = Group.objects.create(name="ผู้ดูแลทุนเจ้าของ")
    w["grant"] = partner_services.grant_create(sponsor_name="กสศ.", title="ทุน", amount="100000",
                                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                                               staff_group=keepers)
    own_partner = Partner.objects.create(name="กศน.เจ้าของ", kind="government")
    w["referral"] = Referral.objects.create(partner=own_partner, full_name="เยาวชน", phone="0869990000",
                                            consent_by="self", consent_at=timezone.now(), token=secrets.token_hex(8))
    # agents: an approved agent with a disbursed loan
    agent = agents_world.approved_agent(phone="0861110001")
    committee = (agents_world.staff("committee-a"), agents_world.staff("committee-b"))
    w["loan"] = agents_world.disbursed_loan(agent, agents_world.fund(), committee)
    w["agent"] = agent
    w["instalment"] = w["loan"].schedule.order_by("pk").first()

    # the requesters: none of them owns anything above
    users = get_user_model().objects
    other_youth = trainee_sign_up(phone="0867770002", password="ev-Secret-2026", full_name="เยาวชนอื่น",
                                  birth_date=_birth(22), district_code="4010").user
    other_partner = users.create_user(username="partner-other", password="x" * 12)
    PartnerMembership.objects.create(user=other_partner, partner=Partner.objects.create(name="อบต.อื่น",
                                                                                        kind="local_admin"))
    other_centre = ProviderFactory(slug="centre-other")
    setup_provider(provider=other_centre, catalogue=catalogue_root())
    other_staff = users.create_user(username="centre-other-staff", password="x" * 12, is_staff=True)
    other_staff.groups.add(Group.objects.get(pk=other_centre.staff_group_id))
    other_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    w["requesters"] = {"anonymous": None, "other_youth": other_youth, "other_employer": w["rival"],
                       "other_partner": other_partner, "other_centre_staff": other_staff}
    return w


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code in (301, 302):  # to a log-in page, or Wagtail's "no permission" bounce to the admin home
        return "login" in response.headers.get("Location", "") or response.headers.get("Location") == "/cms/"
    return False


def test_every_object_route_has_an_entry():
    routes = set(object_routes())
    missing, stale = sorted(routes - set(TABLE)), sorted(set(TABLE) - routes)
    assert not missing, f"object URL patterns without an entry in TABLE: {missing}"
    assert not stale, f"TABLE entries for patterns that no longer exist: {stale}"


@pytest.mark.django_db
def test_no_role_opens_another_owners_object(search_clean):
    w = _world()
    failures, gaps_seen = [], {}
    for route, entry in sorted(TABLE.items()):
        kwargs = entry.make(w)
        url = _fmt(route, kwargs)
        made_up = _fmt(route, {name: "999999" for name in kwargs})
        for role, user in w["requesters"].items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if (method.upper(), route, role) in KNOWN_GAPS:
                    gaps_seen[(method.upper(), route, role)] = response.status_code
                    continue
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} as {role}: {response.status_code}")
                    continue
                if entry.public or role in entry.allowed or _refused(response):
                    continue
                # an empty body refused before any lookup: fine only if a made-up id answers the same
                if response.status_code in (400, 422) and (
                        getattr(client, method)(made_up).status_code == response.status_code):
                    continue
                failures.append(f"{method.upper()} {url} as {role}: {response.status_code} "
                                f"{response.headers.get('Location', '')} (owner: {entry.owner})")
    assert not failures, "\n".join(failures)
    assert gaps_seen == KNOWN_GAPS, "a known gap changed: remove it from KNOWN_GAPS if it is closed"
