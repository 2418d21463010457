"""Consent, discoverability and data rights (PDPA). Writes only; every change that affects what employers or
funders may see announces `graduate_changed` on commit so the search index follows within seconds.

Rules: Thailand's age of majority is 20. A minor's consent to share with employers must come from a guardian
(confirmed with a code sent to the guardian's phone, or recorded by staff from a signed paper form); minors are
never discoverable by default and at most at the "limited" level (skills and district only).
"""

import json
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accounts import services as account_services
from accounts.models import OneTimeCode, OutboundMessage
from accounts.notifications import Text
from payments.models import Invoice

from .exceptions import ConsentRequired, TraineeError
from .identity import mask_national_id, national_id_fields, normalize_phone
from .models import Certificate, Consent, DeletionRequest, TraineeProfile
from .signals import announce_graduate_changed

AGE_OF_MAJORITY = 20
P, D = Consent.Purpose, TraineeProfile.Discoverability
# The text each consent refers to; bump the version when the wording changes (old consents keep theirs).
CONSENT_TEXTS = {
    P.TRAINING: ("2026-01", Text("ใช้ข้อมูลของฉันเพื่อจัดการสมัครเรียน การเข้าเรียน การประเมินและใบรับรอง",
                                 "use my data to run my enrolment, attendance, assessment and certificate")),
    P.EMPLOYERS: ("2026-01", Text("ให้ร้านและนายจ้างที่ผ่านการตรวจสอบค้นหาทักษะของฉันและติดต่อฉันผ่านสะพานอาชีพ",
                                  "let verified employers find my skills and contact me through Saphan")),
    P.FUNDERS: ("2026-01", Text("รายงานผลการเรียนและการทำงานของฉันต่อผู้ให้ทุน (กสศ. และบริษัท) แบบไม่ระบุตัวตนเมื่อทำได้",
                                "report my training and job outcomes to funders, de-identified where possible")),
}


# The same purposes, addressed to a guardian about their child (the SMS and the screen a guardian may read).
GUARDIAN_TEXTS = {
    P.TRAINING: Text("ให้สะพานอาชีพและศูนย์ฝึกใช้ข้อมูลของบุตรหลานของท่านเพื่อจัดการสมัครเรียน การเข้าเรียน "
                     "การประเมิน และใบรับรอง",
                     "let Saphan and the training centre use your child's data to run their enrolment, attendance, "
                     "assessment and certificate"),
    P.EMPLOYERS: Text("ให้ร้านและนายจ้างที่ผ่านการตรวจสอบเห็นทักษะและอำเภอของบุตรหลานของท่าน และติดต่อผ่านสะพานอาชีพ "
                      "(ไม่เห็นชื่อและเบอร์โทร)",
                      "let verified employers see your child's skills and district and contact them through Saphan "
                      "(not their name or phone)"),
    P.FUNDERS: Text("รายงานผลการเรียนและการทำงานของบุตรหลานของท่านต่อผู้ให้ทุนแบบไม่ระบุตัวตนเมื่อทำได้",
                    "report your child's training and job outcomes to funders, de-identified where possible"),
}
# What a guardian was asked to agree to, kept as long as the code lives: a code sent for one purpose cannot be
# used to record consent to another.
GUARDIAN_PENDING_TTL = 15 * 60


def _pending_key(trainee: TraineeProfile) -> str:
    return f"guardian-consent-pending:{trainee.pk}"


def is_minor(trainee: TraineeProfile, on: date | None = None) -> bool:
    age = trainee.age_on(on or timezone.localdate())
    return age is None or age < AGE_OF_MAJORITY


def active_consent(trainee: TraineeProfile, purpose: str) -> Consent | None:
    return trainee.consents.filter(purpose=purpose, withdrawn_at__isnull=True).order_by("-given_at").first()


def guardian_consent(trainee: TraineeProfile, purpose: str) -> Consent | None:
    """The active consent for `purpose` if a guardian gave it."""
    consent = active_consent(trainee, purpose)
    return consent if consent and consent.given_by == Consent.GivenBy.GUARDIAN else None


def consents_missing_to_apply(trainee: TraineeProfile) -> list[str]:
    """What still has to be agreed before this person may hold a seat: "training" (their own consent to the
    training record) and, under 20, "guardian" (a guardian's consent to it, confirmed by an SMS code or recorded
    by staff from a signed paper form). A guardian's consent stands in for the youth's own."""
    consent = active_consent(trainee, P.TRAINING)
    missing = []
    if consent is None:
        missing.append("training")
    if is_minor(trainee) and (consent is None or consent.given_by != Consent.GivenBy.GUARDIAN):
        missing.append("guardian")
    return missing


def consent_summary(trainee: TraineeProfile) -> dict:
    """Staff roster view of one learner's consents: training and employers, and whether a guardian gave them."""
    training, employers = active_consent(trainee, P.TRAINING), active_consent(trainee, P.EMPLOYERS)
    return {"minor": is_minor(trainee), "training": training, "employers": employers,
            "missing": consents_missing_to_apply(trainee)}


def _announce(trainee: TraineeProfile) -> None:
    announce_graduate_changed(trainee.pk)


@transaction.atomic
def profile_update(*, trainee: TraineeProfile, full_name: str, birth_date: date, district, education: str,
                   out_of_school: bool, max_commute_km: int, available: bool, preferred_language: str,
                   guardian_name: str = "", guardian_phone: str = "", national_id: str = "",
                   email: str = "") -> TraineeProfile:
    """Edit my profile. An empty national ID keeps the stored one (it is never shown back in full)."""
    if not full_name.strip():
        raise TraineeError(message_th="กรุณากรอกชื่อ-นามสกุล", message_en="Enter your full name.")
    if not 1 <= int(max_commute_km) <= 200:
        raise TraineeError(message_th="ระยะเดินทางต้องอยู่ระหว่าง 1–200 กม.", message_en="Commute must be 1–200 km.")
    trainee.full_name, trainee.birth_date, trainee.district = full_name.strip(), birth_date, district
    trainee.education, trainee.out_of_school = education, out_of_school
    trainee.max_commute_km, trainee.available, trainee.preferred_language = max_commute_km, available, preferred_language
    trainee.guardian_name = guardian_name.strip()
    trainee.guardian_phone = normalize_phone(guardian_phone) if guardian_phone.strip() else ""
    if is_minor(trainee) and not (trainee.guardian_name and trainee.guardian_phone):
        raise TraineeError(message_th="ผู้ที่อายุต่ำกว่า 20 ปี กรุณากรอกชื่อและเบอร์ผู้ปกครอง",
                           message_en="Under 20: enter your guardian's name and phone.")
    if national_id.strip():
        others = TraineeProfile.objects.exclude(pk=trainee.pk)
        trainee.national_id_hash, trainee.national_id_last4 = national_id_fields(
            national_id, taken=lambda hashed: others.filter(national_id_hash=hashed).exists())
    if is_minor(trainee) and trainee.discoverability == D.STANDARD:
        trainee.discoverability = D.LIMITED  # a corrected birth date can make someone a minor again
    trainee.save()
    user = trainee.user
    if email != user.email:
        user.email = email.strip()
        user.save(update_fields=["email"])
    _announce(trainee)
    return trainee


@transaction.atomic
def consent_give(*, trainee: TraineeProfile, purpose: str, given_by: str = Consent.GivenBy.SELF,
                 guardian_name: str = "", guardian_relationship: str = "") -> Consent:
    if purpose not in CONSENT_TEXTS:
        raise TraineeError(message_th="ไม่รู้จักวัตถุประสงค์นี้", message_en="Unknown consent purpose.")
    if given_by == Consent.GivenBy.GUARDIAN and not guardian_name.strip():
        raise TraineeError(message_th="กรุณาระบุชื่อผู้ปกครอง", message_en="Enter the guardian's name.")
    if purpose == P.EMPLOYERS and is_minor(trainee) and given_by != Consent.GivenBy.GUARDIAN:
        raise ConsentRequired(message_th="ผู้ที่อายุต่ำกว่า 20 ปี ต้องได้รับความยินยอมจากผู้ปกครองก่อน",
                              message_en="Under 20: your guardian must consent first.")
    current = active_consent(trainee, purpose)
    if current and current.given_by == given_by:
        return current
    version, _ = CONSENT_TEXTS[purpose]
    consent = Consent.objects.create(trainee=trainee, purpose=purpose, text_version=version, given_by=given_by,
                                     guardian_name=guardian_name.strip(), given_at=timezone.now(),
                                     guardian_relationship=guardian_relationship.strip())
    if current:  # replaced by the newer consent (e.g. self → guardian)
        current.withdrawn_at = consent.given_at
        current.save(update_fields=["withdrawn_at"])
    _announce(trainee)
    return consent


@transaction.atomic
def consent_withdraw(*, trainee: TraineeProfile, purpose: str) -> None:
    """Withdrawal is as easy as giving: employers consent gone → hidden, out of the index within seconds."""
    trainee.consents.filter(purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if purpose == P.EMPLOYERS and trainee.discoverability != D.HIDDEN:
        trainee.discoverability = D.HIDDEN
        trainee.save(update_fields=["discoverability", "updated_at"])
    _announce(trainee)


@transaction.atomic
def guardian_consent_request(*, trainee: TraineeProfile, guardian_name: str, guardian_phone: str,
                             purpose: str = P.EMPLOYERS) -> None:
    """Send the guardian a code with what they are agreeing to, addressed to them ("บุตรหลานของท่าน…"):
    the training record when a minor signs up or applies, sharing with employers when they want to be found."""
    if purpose not in GUARDIAN_TEXTS:
        raise TraineeError(message_th="ไม่รู้จักวัตถุประสงค์นี้", message_en="Unknown consent purpose.")
    if not guardian_name.strip():
        raise TraineeError(message_th="กรุณากรอกชื่อผู้ปกครอง", message_en="Enter your guardian's name.")
    phone = normalize_phone(guardian_phone)
    if phone == trainee.user.phone:
        raise TraineeError(message_th="เบอร์ผู้ปกครองต้องไม่ใช่เบอร์ของคุณเอง", message_en="Use your guardian's phone, not yours.")
    trainee.guardian_name, trainee.guardian_phone = guardian_name.strip(), phone
    trainee.save(update_fields=["guardian_name", "guardian_phone", "updated_at"])
    account_services.guardian_code_send(guardian_phone=phone, youth_name=trainee.full_name,
                                        purpose_text=GUARDIAN_TEXTS[purpose])
    # set now, not on commit: if this transaction rolls back, no code exists and the stale entry admits nothing
    cache.set(_pending_key(trainee), {"purpose": str(purpose), "phone": phone}, GUARDIAN_PENDING_TTL)


def guardian_consent_pending(trainee: TraineeProfile) -> str | None:
    """The purpose a guardian's code was last sent for, while that code can still be entered."""
    pending = cache.get(_pending_key(trainee)) or {}
    return pending.get("purpose") if pending.get("phone") == trainee.guardian_phone else None


@transaction.atomic
def guardian_consent_confirm(*, trainee: TraineeProfile, code: str, relationship: str = "") -> Consent:
    """Record the guardian's consent to exactly what the SMS asked for, once the code they received is entered."""
    purpose = guardian_consent_pending(trainee)
    if not trainee.guardian_phone or purpose is None:
        raise TraineeError(message_th="กรุณาขอรหัสให้ผู้ปกครองก่อน (รหัสเดิมหมดอายุแล้ว)",
                           message_en="Request a code for your guardian first (the last one has expired).")
    account_services.one_time_code_check(phone=trainee.guardian_phone, purpose=OneTimeCode.Purpose.GUARDIAN_CONSENT,
                                         code=code)
    consent = consent_give(trainee=trainee, purpose=purpose, given_by=Consent.GivenBy.GUARDIAN,
                           guardian_name=trainee.guardian_name, guardian_relationship=relationship)
    cache.delete(_pending_key(trainee))
    return consent


@transaction.atomic
def discoverability_set(*, trainee: TraineeProfile, level: str) -> TraineeProfile:
    if level not in D.values:
        raise TraineeError(message_th="ไม่รู้จักระดับนี้", message_en="Unknown level.")
    if level != D.HIDDEN:
        consent = active_consent(trainee, P.EMPLOYERS)
        if is_minor(trainee):
            if consent is None or consent.given_by != Consent.GivenBy.GUARDIAN:
                raise ConsentRequired(message_th="ต้องมีความยินยอมจากผู้ปกครองก่อนเปิดให้นายจ้างค้นหา",
                                      message_en="A guardian's consent is needed before employers can find you.")
            if level == D.STANDARD:
                raise ConsentRequired(message_th="ผู้ที่อายุต่ำกว่า 20 ปี เปิดได้เฉพาะระดับจำกัด (ทักษะและอำเภอ)",
                                      message_en="Under 20: only the limited level (skills and district).")
        elif consent is None:
            consent_give(trainee=trainee, purpose=P.EMPLOYERS)  # an adult choosing a level is the consent
    trainee.discoverability = level
    trainee.save(update_fields=["discoverability", "updated_at"])
    _announce(trainee)
    return trainee


def personal_data_export(trainee: TraineeProfile) -> dict:
    """Everything we hold about a person, for PDPA access/portability; each app adds its part."""
    data = {"exported_at": timezone.now(), "format": "saphan-personal-data/1"}
    for path in settings.SAPHAN_PERSONAL_DATA:
        module = import_string(path)
        data.update(module.export(trainee))
    return data


def personal_data_export_json(trainee: TraineeProfile) -> str:
    return json.dumps(personal_data_export(trainee), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def personal_data_erase(*, trainee: TraineeProfile) -> DeletionRequest:
    """Erase or anonymise personal fields; keep aggregates (district, birth year, statuses) and the financial
    records the Accounting Act requires (invoices and payments, linked to an account with no personal data)."""
    trainee = TraineeProfile.objects.select_for_update().get(pk=trainee.pk)
    if trainee.anonymised_at:
        raise TraineeError(message_th="ข้อมูลถูกลบไปแล้ว", message_en="This data has already been erased.")
    request = DeletionRequest.objects.create(trainee=trainee)
    kept = []
    for path in settings.SAPHAN_PERSONAL_DATA:
        kept.extend(import_string(path).erase(trainee) or [])
    request.completed_at = timezone.now()
    request.summary = "erased personal fields; kept: " + ", ".join(kept)
    request.save(update_fields=["completed_at", "summary"])
    _announce(trainee)
    return request


class TraineeData:
    """This app's part of export and erasure (listed in settings.SAPHAN_PERSONAL_DATA)."""

    @staticmethod
    def export(trainee: TraineeProfile) -> dict:
        user = trainee.user
        return {
            "account": {"phone": user.phone, "email": user.email, "joined": user.date_joined,
                        "phone_verified_at": user.phone_verified_at},
            "profile": {
                "full_name": trainee.full_name, "birth_date": trainee.birth_date,
                "district": trainee.district.name_th if trainee.district else None,
                "education": trainee.education, "out_of_school": trainee.out_of_school,
                "national_id": mask_national_id(trainee.national_id_last4) or None,
                "guardian_name": trainee.guardian_name, "guardian_phone": trainee.guardian_phone,
                "max_commute_km": trainee.max_commute_km, "available": trainee.available,
                "discoverability": trainee.discoverability, "preferred_language": trainee.preferred_language,
            },
            "consents": [{"purpose": c.purpose, "text_version": c.text_version, "given_by": c.given_by,
                          "guardian_name": c.guardian_name, "given_at": c.given_at, "withdrawn_at": c.withdrawn_at}
                         for c in trainee.consents.all()],
            "enrolments": [{
                "course": e.cohort.course.title, "cohort": e.cohort.code, "status": e.status,
                "history": [{"from": ev.from_status, "to": ev.to_status, "at": ev.at} for ev in e.events.all()],
                "attendance": [{"date": a.session.date, "present": a.present} for a in e.attendance.select_related("session")],
                "assessments": [{"skill": a.skill.code, "passed": a.passed, "score": a.score}
                                for a in e.assessments.select_related("skill")],
            } for e in trainee.enrollments.select_related("cohort__course")],
            "skills": [{"code": s.skill.code, "level": s.level, "certified": s.certified} for s in trainee.skills.select_related("skill")],
            "certificates": [{"code": c.code, "course": c.course_title, "issued_on": c.issued_on,
                              "valid": c.is_valid} for c in trainee.certificates.all()],
            "invoices": [{"number": i.number, "description": i.description_th, "amount_thb": i.amount,
                          "status": i.status, "paid_at": i.paid_at} for i in Invoice.objects.filter(payer=user)],
            "messages": [{"channel": m.channel, "kind": m.kind, "at": m.created_at, "status": m.status}
                         for m in OutboundMessage.objects.filter(user=user)[:500]],
        }

    @staticmethod
    def erase(trainee: TraineeProfile) -> list[str]:
        birth_year = trainee.birth_date.year if trainee.birth_date else None
        trainee.full_name = gettext("ผู้ใช้ที่ลบข้อมูลแล้ว")
        trainee.birth_date = date(birth_year, 7, 1) if birth_year else None  # year kept for age-band statistics
        trainee.external_id = None
        trainee.lat = trainee.lon = None
        trainee.national_id_encrypted = trainee.national_id_last4 = trainee.national_id_hash = ""
        trainee.guardian_name = trainee.guardian_phone = ""
        trainee.discoverability, trainee.available = D.HIDDEN, False
        trainee.anonymised_at = timezone.now()
        trainee.save()
        trainee.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        Certificate.objects.filter(trainee=trainee).update(holder_name="")
        user = trainee.user
        user.username = f"erased-{user.pk}"
        user.phone, user.email, user.first_name, user.last_name, user.line_user_id = None, "", "", "", ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        OutboundMessage.objects.filter(user=user).update(to="", body="")
        return ["district, birth year and enrolment statuses (statistics)", "certificates (validity only)"]


