"""PDPA erasure and export reach every table holding the person (issue 22, item 4).

The first test walks every installed model: a field referencing the account or the youth profile, or one named
like a phone / national ID / name / PromptPay / free text about a payer, must be declared in some app's
`COVERS` (erased, deleted or kept with the reason) or `NOT_THE_PERSON` (staff who acted, organisations). The
others build one person's data in every corner the security review found and check each is gone after erasure.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts import services as account_services
from accounts.models import OneTimeCode, OutboundMessage
from courses.models import District
from employers.imports import GRADUATE_COLUMNS, import_graduates
from employers.models import Employer, Placement
from partners.models import (
    Disbursement,
    Grant,
    PlacementSurvey,
    Referral,
    SupportScheme,
)
from partners.services import referral_invite
from payments.models import Invoice, Payee, Payment, StatementImport, StatementLine
from tests.factories import make_officer, reference_data
from tests.helpers import messages_to
from trainees import privacy, services
from trainees.models import Consent, ErasedIdentity, TraineeProfile

PERSON_FIELD = re.compile(r"phone|national_id|full_name|guardian|promptpay|email|recipient_name|holder_name|"
                          r"payer_name|line_user|^to$|^body$|^description$|^reason$|^note$|slip")
PERSON_MODELS = ("accounts.User", "trainees.TraineeProfile")


def _declarations():
    covers, not_person = {}, {}
    for path in settings.SAPHAN_PERSONAL_DATA:
        part = import_string(path)
        for label, (how, fields) in getattr(part, "COVERS", {}).items():
            covers.setdefault(label, set()).update(fields.split())
            assert how.split(":")[0] in {"erased", "deleted", "kept"}, (label, how)
        for label, (_reason, fields) in getattr(part, "NOT_THE_PERSON", {}).items():
            not_person.setdefault(label, set()).update(fields.split())
    return covers, not_person


def _person_fields(model):
    """Fields of `model` that may hold the person: FKs to the account/profile, or a name in the registry."""
    found = []
    for f in model._meta.get_fields():
        if not getattr(f, "concrete", False):
            continue
        if (f.is_relation and f.related_model and f.related_model._meta.label in PERSON_MODELS
                or not f.is_relation and PERSON_FIELD.search(f.name)):
            found.append(f.name)
    return found


def _reached_through_profile(model):
    """One step further: rows hanging off a row that hangs off the profile (attendance, surveys, reminders, a
    completion override), by a foreign key or a one-to-one."""
    for f in model._meta.get_fields():
        if getattr(f, "concrete", False) and f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model:
            parent = f.related_model
            if any(getattr(g, "related_model", None) is TraineeProfile and getattr(g, "concrete", False)
                   for g in parent._meta.get_fields()):
                yield f.name


def test_every_table_holding_a_person_is_erased_or_declared_kept():
    covers, not_person = _declarations()
    undeclared = []
    for model in apps.get_models():
        label = model._meta.label
        fields = _person_fields(model) + list(_reached_through_profile(model))
        if not fields:
            continue
        # every field is declared: covered, or named as not the person (a staff member's link does not excuse
        # a free-text field of the same table)
        missing = [f for f in fields if f not in covers.get(label, set()) | not_person.get(label, set())]
        if missing:
            undeclared.append(f"{label}: {', '.join(missing)}")
    assert not undeclared, ("tables holding a person that no personal-data part erases or declares kept "
                            "(add them to an app's COVERS/NOT_THE_PERSON):\n" + "\n".join(undeclared))
    # and the declarations name real things (a typo would silently cover nothing)
    for label, fields in covers.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        assert fields <= names, (label, fields - names)
    for label, fields in not_person.items():
        names = {f.name for f in apps.get_model(label)._meta.get_fields()}
        assert fields <= names, (label, fields - names)


def test_the_walk_catches_a_table_nobody_declared():
    """The walk can fail: a profile-linked table with no declaration is reported."""
    covers, not_person = _declarations()
    assert "partners.PlacementSurvey" in covers  # reached only through the placement: the second step finds it
    assert "placement" in list(_reached_through_profile(PlacementSurvey))
    assert "trainee" in _person_fields(Referral) and "phone" in _person_fields(Referral)
    assert "accounts.OutboundMessage" in covers and "to" in _person_fields(OutboundMessage)


def _world(tmp_path):
    """One 17-year-old with data everywhere: referred (and invited) before signing up, a guardian asked by SMS,
    a paid invoice with a slip photo and a bank line naming them, support paid to their PromptPay, a job and an
    answered follow-up survey."""
    reference_data()
    officer = make_officer()
    partner = officer.partner_membership.partner
    referral = Referral.objects.create(partner=partner, full_name="น้องบี ใจกล้า", phone="0815550042",
                                       email="nongbee@example.com", consent_by="guardian",
                                       consent_at=timezone.now(), token="tok-erase-1", created_by=officer)
    referral_invite(referral=referral)
    today = timezone.localdate()
    trainee = services.sign_up_with_consent(
        phone="0815550042", password="x-Secret-123", full_name="น้องบี ใจกล้า",
        birth_date=dt.date(today.year - 17, 1, 1), district_code="4010", training_consent=True,
        guardian_name="นางแม่ ใจกล้า", guardian_phone="0891110042")
    privacy.guardian_consent_confirm(
        trainee=trainee, relationship="แม่",
        code=re.search(r"\d{6}", messages_to("0891110042", "otp_guardian").first().body).group())
    account_services.one_time_code_request(phone="0815550042", purpose=OneTimeCode.Purpose.VERIFY_PHONE)
    payee = Payee.objects.create(key="centre", name_th="ศูนย์", promptpay_target="0811111111")
    invoice = Invoice.objects.create(number="INV-1", bill_ref="INV1", payee=payee, payer=trainee.user,
                                     payable_kind="enrollment", payable_ref="1", description_th="ค่าเรียน",
                                     base_amount=Decimal("500"), amount=Decimal("500.01"), status="paid",
                                     due_at=timezone.now(), paid_at=timezone.now())
    payment = Payment.objects.create(invoice=invoice, method="slip", outcome="applied", amount=Decimal("500.01"),
                                     reference="slip:ABC")
    payment.slip_image.save("slip.png", ContentFile(b"\x89PNG slip of nong bee"), save=True)
    statement = StatementImport.objects.create(payee=payee, file_sha256="a" * 64, filename="kbank.csv",
                                               bank_format="kbank")
    StatementLine.objects.create(statement=statement, row_number=2, line_key="k1", posted_at=timezone.now(),
                                 amount=Decimal("500.01"), description="โอนจาก น.ส.บี ใจกล้า 0815550042",
                                 state="matched", invoice=invoice)
    grant = Grant.objects.create(sponsor_name="กสศ.", title="ทุน", amount=Decimal("10000"),
                                 period_start=today, period_end=today)
    scheme = SupportScheme.objects.create(grant=grant, name="ค่าเดินทาง", allocated=Decimal("5000"))
    Disbursement.objects.create(scheme=scheme, trainee=trainee, recipient_name="น้องบี ใจกล้า",
                                promptpay_id="0815550042", amount=Decimal("300"), paid_on=today, reference="D-1")
    employer = Employer.objects.create(name="ร้านซ่อม", district=District.objects.get(code="4010"))
    placement = Placement.objects.create(trainee=trainee, employer=employer, start_date=today,
                                         wage_thb=Decimal("350"))
    PlacementSurvey.objects.create(placement=placement, months=3, token="survey-tok", sent_at=timezone.now(),
                                   answered_at=timezone.now(), still_working=True,
                                   current_wage_thb=Decimal("380"), current_wage_unit="day")
    return trainee, referral, payment


@pytest.mark.django_db
def test_export_includes_referrals_support_and_survey_answers(tmp_path):
    trainee, referral, _ = _world(tmp_path)
    data = privacy.personal_data_export(trainee)
    assert [r["partner"] for r in data["referrals"]] == ["โรงเรียนบ้านไผ่"]
    assert data["referrals"][0]["email"] == "nongbee@example.com"
    assert data["survey_answers"][0]["still_working"] is True
    assert data["survey_answers"][0]["wage_thb"] == Decimal("380")
    assert data["support_received"][0]["promptpay_id"] == "0815550042"
    # the invitation went to the phone before the account existed; it is theirs too
    assert any(m["kind"].startswith("referral") for m in data["messages"]), data["messages"]


@pytest.mark.django_db
def test_erasure_reaches_every_corner_the_review_found(tmp_path):
    trainee, referral, payment = _world(tmp_path)
    slip_path = payment.slip_image.path
    assert OutboundMessage.objects.filter(to="0815550042", user__isnull=True).exists()  # the invitation
    # the guardian's SMS names the child by the last digits of their phone (nothing typed goes into an SMS)
    assert OutboundMessage.objects.filter(to="0891110042", body__contains="0042").exists()
    privacy.personal_data_erase(trainee=trainee)

    assert not OutboundMessage.objects.filter(to__in=["0815550042", "0891110042", "nongbee@example.com"]).exists()
    assert not OutboundMessage.objects.filter(body__contains="น้องบี").exists()
    referral.refresh_from_db()
    assert (referral.full_name, referral.email, referral.national_id_hash) == ("", "", "")
    assert "0815550042" not in referral.phone
    assert not Consent.objects.filter(trainee=trainee).exclude(guardian_name="").exists()
    assert not OneTimeCode.objects.filter(phone__in=["0815550042", "0891110042"]).exists()
    disbursement = Disbursement.objects.get(reference="D-1")
    assert disbursement.promptpay_id == "" and disbursement.amount == Decimal("300")  # the money record stays
    assert StatementLine.objects.get(line_key="k1").description == ""
    payment.refresh_from_db()
    assert not payment.slip_image and payment.amount == Decimal("500.01")
    import os
    assert not os.path.exists(slip_path)
    assert not PlacementSurvey.objects.filter(placement__trainee=trainee).exists()
    assert Placement.objects.filter(trainee=trainee).exists()  # declared kept: outcome statistics
    assert ErasedIdentity.objects.count() == 1 and "0815550042" not in ErasedIdentity.objects.get().key_hash
    assert privacy.is_erased(phone="0815550042") and not privacy.is_erased(phone="0815550043")


def _csv(rows):
    lines = [",".join(GRADUATE_COLUMNS)]
    for r in rows:
        lines.append(",".join(r.get(c, "") for c in GRADUATE_COLUMNS))
    return "\n".join(lines) + "\n"


GRAD = {"external_id": "KK-0042", "full_name": "นายซี นำเข้า", "birth_date": "1995-03-04", "district_code": "4010",
        "max_commute_km": "20", "skills": "shop.safety.ohs:2", "certified_skills": "", "graduated_on": "2026-03-01",
        "available": "true", "discoverable": "true"}


@pytest.mark.django_db
def test_reimport_never_recreates_an_erased_person(reference_data):
    assert import_graduates(_csv([GRAD])).created == 1
    profile = TraineeProfile.objects.get(external_id="KK-0042")
    privacy.personal_data_erase(trainee=profile)
    result = import_graduates(_csv([GRAD]))
    assert result.imported and (result.created, result.updated) == (0, 0)
    assert result.notes == ["KK-0042: this person erased their data (PDPA); not re-imported"]
    assert not TraineeProfile.objects.filter(full_name="นายซี นำเข้า").exists()


@pytest.mark.django_db
def test_reimport_keeps_a_withdrawn_consent_and_never_invents_a_self_consent(reference_data):
    import_graduates(_csv([GRAD]))
    profile = TraineeProfile.objects.get(external_id="KK-0042")
    consent = privacy.active_consent(profile, Consent.Purpose.EMPLOYERS)
    assert consent.given_by == Consent.GivenBy.IMPORT  # the centre's paper form, not the person's act here
    privacy.consent_withdraw(trainee=profile, purpose=Consent.Purpose.EMPLOYERS)
    result = import_graduates(_csv([GRAD]))
    profile.refresh_from_db()
    assert result.updated == 1 and "withdrew consent" in result.notes[0]
    assert profile.discoverability == TraineeProfile.Discoverability.HIDDEN
    assert privacy.active_consent(profile, Consent.Purpose.EMPLOYERS) is None
    assert not Consent.objects.filter(given_by=Consent.GivenBy.SELF, purpose="employers").exists()


@pytest.mark.django_db
def test_erasure_deletes_the_document_from_indices_kept_by_reindex_keep(search_clean, reference_data):
    """`search_reindex --keep 1` leaves the previous index for a roll-back: it must lose the person too."""
    from search import indexing
    from search.client import alias_name, get_client

    import_graduates(_csv([GRAD]))
    profile = TraineeProfile.objects.get(external_id="KK-0042")
    indexing.rebuild("graduates")
    indexing.rebuild("graduates", keep=1)
    client = get_client()
    names = sorted(client.indices.get(index=f"{alias_name('graduates')}-*").body)
    live = indexing.indices_behind("graduates")
    kept = [n for n in names if n not in live]
    assert len(kept) == 1 and client.exists(index=kept[0], id=str(profile.pk))
    privacy.personal_data_erase(trainee=profile)
    assert indexing.sync_object("graduates", profile.pk) == "deleted"
    for name in names:
        client.indices.refresh(index=name)
        assert not client.exists(index=name, id=str(profile.pk)), name


@pytest.mark.django_db
def test_a_code_is_masked_once_used_and_purged_once_expired(reference_data):
    trainee = services.trainee_sign_up(phone="0815550077", password="x-Secret-123", full_name="น้องดี",
                                       birth_date=dt.date(2000, 1, 1), district_code="4010")
    account_services.one_time_code_request(phone="0815550077", purpose=OneTimeCode.Purpose.VERIFY_PHONE)
    message = messages_to("0815550077", "otp_verify").get()
    code = re.search(r"\d{6}", message.body).group()
    account_services.phone_verify(user=trainee.user, code=code)
    message.refresh_from_db()
    assert code not in message.body and "••••••" in message.body
    # a code never used: readable for its 10 minutes, then masked, and its row deleted by the periodic purge
    account_services.one_time_code_request(phone="0815550077", purpose=OneTimeCode.Purpose.RESET_PASSWORD)
    reset = messages_to("0815550077", "otp_reset").get()
    assert re.search(r"\d{6}", reset.body)
    assert account_services.codes_purge() == {"masked": 0, "deleted": 0}
    later = timezone.now() + dt.timedelta(minutes=30)
    assert account_services.codes_purge(now=later) == {"masked": 1, "deleted": 2}
    reset.refresh_from_db()
    assert not re.search(r"\d{6}", reset.body) and not OneTimeCode.objects.filter(phone="0815550077").exists()


@pytest.mark.django_db
def test_a_real_gateway_send_masks_the_code_at_once(settings, reference_data):
    """With a real sender (here the console one) the body is masked as soon as it is sent."""
    from accounts.notifications import deliver

    settings.SAPHAN_SMS_BACKEND = "accounts.notifications.ConsoleSmsSender"
    services.trainee_sign_up(phone="0815550078", password="x-Secret-123", full_name="น้องอี",
                             birth_date=dt.date(2000, 1, 1), district_code="4010")
    account_services.one_time_code_request(phone="0815550078", purpose=OneTimeCode.Purpose.VERIFY_PHONE)
    message = messages_to("0815550078", "otp_verify").get()
    assert re.search(r"\d{6}", message.body)
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "sent" and not re.search(r"\d{6}", message.body) and "••••••" in message.body


@pytest.mark.django_db
def test_an_override_reason_is_exported_then_blanked_on_erasure_while_the_fact_stays():
    """Staff's reason for graduating someone outside the rule may name an illness (sensitive data, PDPA s.26):
    the person can read it in their export; erasure blanks it here and in the enrolment history that repeats it,
    and keeps who decided, when and which rules were unmet (funders audit overrides)."""
    from trainees import graduation
    from trainees.models import CompletionOverride, EnrollmentEvent
    from trainees.tests.test_graduation import _cohort_with_learners

    cohort, (learner,), _ = _cohort_with_learners(n=1)
    officer = get_user_model().objects.create_superuser(username="officer-o", password="x" * 12)
    reason = "ป่วยเป็นไข้เลือดออกวันประเมิน ครูรับรองฝีมือแล้ว"
    graduation.cohort_graduate(cohort=cohort, by=officer, override_ids={learner.pk}, override_reason=reason)
    trainee, override = learner.trainee, CompletionOverride.objects.get(enrollment=learner)
    unmet = override.unmet
    assert unmet and override.reason == reason

    exported = privacy.personal_data_export(trainee)["enrolments"][0]
    assert exported["completion_override"]["reason"] == reason
    assert exported["completion_override"]["unmet"] == unmet
    assert any("ไข้เลือดออก" in step["note"] for step in exported["history"])

    privacy.personal_data_erase(trainee=trainee)
    override.refresh_from_db()
    learner.refresh_from_db()
    assert override.reason == "" and (override.by, override.unmet) == (officer, unmet)
    assert learner.status == "completed"
    assert not EnrollmentEvent.objects.filter(enrollment=learner, note__contains="ไข้เลือดออก").exists()
    assert EnrollmentEvent.objects.filter(enrollment=learner, to_status="completed").exists()  # history kept


@pytest.mark.django_db
def test_invitations_to_join_a_shop_sent_to_an_erased_phone_are_deleted(reference_data):
    """A shop's invitation is addressed to a phone: once that person erases, the shop keeps no trace of their
    number. Invitations to other numbers stay."""
    from employers.models import MemberInvitation
    from employers.services import employer_register, member_invite
    from tests.factories import dbd_number

    owner = get_user_model().objects.create_user(username="owner-i", password="x-Secret-123", phone="0811112299")
    shop = employer_register(user=owner, name="ร้านเชิญช่าง", kind="repair_shop", dbd_number=dbd_number(),
                             address="ถนนมิตรภาพ", district=District.objects.get(code="4010"))
    trainee = services.trainee_sign_up(phone="0833334499", password="x-Secret-123", full_name="น้องเอฟ",
                                       birth_date=dt.date(2000, 1, 1), district_code="4010")
    member_invite(employer=shop, by=owner, phone="083-333-4499", role="recruiter")
    member_invite(employer=shop, by=owner, phone="0877776699", role="recruiter")

    exported = privacy.personal_data_export(trainee)["shop_invitations"]
    assert [(i["employer"], i["role"], i["accepted_at"]) for i in exported] == [("ร้านเชิญช่าง", "recruiter", None)]
    privacy.personal_data_erase(trainee=trainee)
    assert list(MemberInvitation.objects.values_list("phone", flat=True)) == ["0877776699"]


@pytest.mark.django_db
def test_the_funding_ledger_stops_naming_an_erased_borrower_and_keeps_the_money():
    """A repair shop's loan repayments (SchemeReturn) and payout (Disbursement) in the funders' ledger carry the
    shop name, often the owner's own. On the owner's erasure the names become "(erased)"; amounts, dates and bank
    references stay (financial record); another borrower's rows are untouched."""
    from agents import services as agent_services
    from agents.tests.world import approved_agent, disbursed_loan, fund, staff
    from partners.models import SchemeReturn
    from payments.services import invoice_confirm

    the_fund = fund(capital="50000")
    a, b = staff("led.a"), staff("led.b")
    loans = []
    for phone in ("0861110101", "0861110102"):
        agent = approved_agent(phone=phone, reviewers=(a, b))
        loan = disbursed_loan(agent, the_fund, (a, b), amount="3000", instalments=3)
        instalment = loan.schedule.get(number=1)
        invoice = agent_services.instalment_invoice(instalment=instalment, user=agent.user)
        invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method=Payment.Method.SLIP,
                        reference=f"slip:{instalment.pk}")
        agent_services.instalment_mark_paid(instalment_id=instalment.pk, invoice_id=invoice.pk)
        loans.append((agent, loan, invoice))
    (erased_agent, erased_loan, erased_invoice), (other_agent, other_loan, other_invoice) = loans
    back = SchemeReturn.objects.get(reference=f"inv:{erased_invoice.number}")
    assert back.payer_name == erased_agent.shop_name and back.amount == Decimal("1000.00")

    privacy.personal_data_erase(trainee=TraineeProfile.objects.get(user=erased_agent.user))
    back.refresh_from_db()
    assert (back.payer_name, back.amount, back.reference) == ("(erased)", Decimal("1000.00"),
                                                              f"inv:{erased_invoice.number}")
    payout = Disbursement.objects.get(reference=f"TRX-{erased_loan.pk}")
    assert (payout.recipient_name, payout.amount) == ("(erased)", Decimal("3000.00"))
    assert SchemeReturn.objects.get(reference=f"inv:{other_invoice.number}").payer_name == other_agent.shop_name
    assert Disbursement.objects.get(reference=f"TRX-{other_loan.pk}").recipient_name == other_agent.shop_name
