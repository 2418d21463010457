"""Consent, discoverability and data rights (PDPA). Writes only; every change that affects what employers or
funders may see announces `graduate_changed` on commit so the search index follows within seconds.

Rules: Thailand's age of majority is 20. A minor's consent to share with employers must come from a guardian
(confirmed with a code sent to the guardian's phone, or recorded by staff from a signed paper form); minors are
never discoverable by default and at most at the "limited" level (skills and district only).
"""

import hashlib
import hmac
import json
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy

from accounts import services as account_services
from accounts.models import OneTimeCode, OutboundMessage
from accounts.notifications import Text
from payments.models import Invoice, Payment, StatementLine

from .exceptions import ConsentRequired, TraineeError
from .identity import clean_national_id, mask_national_id, national_id_hash, normalize_phone
from .models import (
    Certificate,
    CompletionOverride,
    Consent,
    DeletionRequest,
    EnrollmentEvent,
    ErasedIdentity,
    IdentityReview,
    ProtectionReview,
    TraineeProfile,
)
from .signals import announce_graduate_changed

AGE_OF_MAJORITY = 20
HAZARDOUS_WORK_AGE = 18  # Labour Protection Act s.49: no hazardous work under 18
PROTECTION_AGES = (HAZARDOUS_WORK_AGE, AGE_OF_MAJORITY)
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


def _crosses_protection(old: date | None, new: date | None) -> bool:
    """Whether moving the birth date from `old` to `new` would lift a protection today: turning 18 (hazardous
    work) or 20 (self-consent, full discoverability). An unknown date counts as a minor's."""
    today = timezone.localdate()
    probe = TraineeProfile(birth_date=old)
    old_age = probe.age_on(today) if old else 0
    probe.birth_date = new
    new_age = probe.age_on(today) if new else 0
    return any(old_age < limit <= new_age for limit in PROTECTION_AGES)


def _birth_date_review(trainee: TraineeProfile, held: date | None) -> None:
    """Open (or update) the staff review of a held birth date; a change taken back closes it."""
    open_review = trainee.protection_reviews.filter(kind=ProtectionReview.Kind.BIRTH_DATE, resolved_at__isnull=True)
    if held is None:
        open_review.update(resolved_at=timezone.now(), approved=False, resolution="withdrawn")
    elif not open_review.update(requested_birth_date=held):
        ProtectionReview.objects.create(trainee=trainee, kind=ProtectionReview.Kind.BIRTH_DATE,
                                        requested_birth_date=held)


def pending_birth_date(trainee: TraineeProfile) -> date | None:
    review = trainee.protection_reviews.filter(kind=ProtectionReview.Kind.BIRTH_DATE,
                                               resolved_at__isnull=True).first()
    return review.requested_birth_date if review else None


def guardian_review_open(trainee: TraineeProfile) -> bool:
    return trainee.protection_reviews.filter(kind=ProtectionReview.Kind.GUARDIAN_PHONE,
                                             resolved_at__isnull=True).exists()


@transaction.atomic
def protection_review_resolve(*, review: ProtectionReview, by, approve: bool,
                              resolution: str = "staff") -> ProtectionReview:
    """Staff decide (or the national-ID check confirms, `resolution="national_id_check"`). Approving a birth date
    puts it in force; approving a guardian number sends that guardian the code the youth asked for."""
    review = ProtectionReview.objects.select_for_update().select_related("trainee__user").get(pk=review.pk)
    if review.resolved_at:
        raise TraineeError(gettext_lazy("รายการนี้ตรวจแล้ว"))
    review.resolved_at, review.resolved_by, review.approved = timezone.now(), by, approve
    review.resolution = resolution
    review.save(update_fields=["resolved_at", "resolved_by", "approved", "resolution"])
    trainee = review.trainee
    if approve and review.kind == ProtectionReview.Kind.BIRTH_DATE:
        trainee.birth_date = review.requested_birth_date
        trainee.save(update_fields=["birth_date", "updated_at"])
        _announce(trainee)
    elif approve and review.kind == ProtectionReview.Kind.GUARDIAN_PHONE:
        guardian_consent_request(trainee=trainee, guardian_name=review.guardian_name,
                                 guardian_phone=review.guardian_phone, purpose=review.purpose or P.EMPLOYERS)
    return review


def national_id_set(trainee: TraineeProfile, text: str) -> None:
    """Attach a national ID to a saved profile (the caller saves it), or, when another account holds it, keep
    it aside for staff (IdentityReview) while the profile looks exactly as if it had been attached (the last
    four digits shown): neither sign-up nor the profile ever says whether an ID has an account."""
    digits = clean_national_id(text)  # a malformed ID is still a clear error: it says nothing about others
    hashed = national_id_hash(digits)
    if hashed == trainee.national_id_hash:
        return
    trainee.national_id_last4 = digits[-4:]
    if TraineeProfile.objects.exclude(pk=trainee.pk).filter(national_id_hash=hashed).exists():
        IdentityReview.objects.create(trainee=trainee, national_id_hash=hashed, national_id_last4=digits[-4:])
        trainee.national_id_hash = ""
    else:
        trainee.national_id_hash = hashed


@transaction.atomic
def profile_update(*, trainee: TraineeProfile, full_name: str, birth_date: date, district, education: str,
                   out_of_school: bool, max_commute_km: int, available: bool, preferred_language: str,
                   guardian_name: str = "", guardian_phone: str = "", national_id: str = "",
                   email: str = "") -> TraineeProfile:
    """Edit my profile. An empty national ID keeps the stored one (it is never shown back in full)."""
    if not full_name.strip():
        raise TraineeError(gettext_lazy("กรุณากรอกชื่อ-นามสกุล"))
    if not 1 <= int(max_commute_km) <= 200:
        raise TraineeError(gettext_lazy("ระยะเดินทางต้องอยู่ระหว่าง 1–200 กม."))
    held, birth_date_changed = None, birth_date != trainee.birth_date
    if birth_date_changed and _crosses_protection(trainee.birth_date, birth_date):
        held, birth_date = birth_date, trainee.birth_date  # protections follow the old date until confirmed
    trainee.full_name, trainee.birth_date, trainee.district = full_name.strip(), birth_date, district
    trainee.education, trainee.out_of_school = education, out_of_school
    trainee.max_commute_km, trainee.available = max_commute_km, available
    trainee.preferred_language = preferred_language
    trainee.guardian_name = guardian_name.strip()
    trainee.guardian_phone = normalize_phone(guardian_phone) if guardian_phone.strip() else ""
    if is_minor(trainee) and not (trainee.guardian_name and trainee.guardian_phone):
        raise TraineeError(gettext_lazy("ผู้ที่อายุต่ำกว่า 20 ปี กรุณากรอกชื่อและเบอร์ผู้ปกครอง"))
    if national_id.strip():
        national_id_set(trainee, national_id)
    if is_minor(trainee) and trainee.discoverability == D.STANDARD:
        trainee.discoverability = D.LIMITED  # a corrected birth date can make someone a minor again
    trainee.save()
    if birth_date_changed:  # saving the form with the date in force leaves a held request alone
        _birth_date_review(trainee, held)
    trainee.birth_date_held = held
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
        raise TraineeError(gettext_lazy("ไม่รู้จักวัตถุประสงค์นี้"))
    if given_by == Consent.GivenBy.GUARDIAN and not guardian_name.strip():
        raise TraineeError(gettext_lazy("กรุณาระบุชื่อผู้ปกครอง"))
    if purpose == P.EMPLOYERS and is_minor(trainee) and given_by != Consent.GivenBy.GUARDIAN:
        raise ConsentRequired(gettext_lazy("ผู้ที่อายุต่ำกว่า 20 ปี ต้องได้รับความยินยอมจากผู้ปกครองก่อน"))
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
                             purpose: str = P.EMPLOYERS) -> str:
    """Send the guardian a code with what they are agreeing to, addressed to them ("บุตรหลานของท่าน…"):
    the training record when a minor signs up or applies, sharing with employers when they want to be found.
    Returns "sent", or "review" when the number needs staff review first (no code is sent then)."""
    if purpose not in GUARDIAN_TEXTS:
        raise TraineeError(gettext_lazy("ไม่รู้จักวัตถุประสงค์นี้"))
    if not guardian_name.strip():
        raise TraineeError(gettext_lazy("กรุณากรอกชื่อผู้ปกครอง"))
    phone = normalize_phone(guardian_phone)
    if phone == trainee.user.phone:
        raise TraineeError(gettext_lazy("เบอร์ผู้ปกครองต้องไม่ใช่เบอร์ของคุณเอง"))
    trainee.guardian_name, trainee.guardian_phone = guardian_name.strip(), phone
    trainee.save(update_fields=["guardian_name", "guardian_phone", "updated_at"])
    if _guardian_phone_needs_review(trainee, phone):
        cache.delete(_pending_key(trainee))
        reviews = trainee.protection_reviews.filter(kind=ProtectionReview.Kind.GUARDIAN_PHONE,
                                                    resolved_at__isnull=True)
        if not reviews.update(guardian_name=trainee.guardian_name, guardian_phone=phone, purpose=str(purpose)):
            ProtectionReview.objects.create(trainee=trainee, kind=ProtectionReview.Kind.GUARDIAN_PHONE,
                                            guardian_name=trainee.guardian_name, guardian_phone=phone,
                                            purpose=str(purpose))
        return "review"
    account_services.guardian_code_send(guardian_phone=phone, youth_phone=trainee.user.phone or "",
                                        purpose_text=GUARDIAN_TEXTS[purpose])
    # set now, not on commit: if this transaction rolls back, no code exists and the stale entry admits nothing
    cache.set(_pending_key(trainee), {"purpose": str(purpose), "phone": phone}, GUARDIAN_PENDING_TTL)
    return "sent"


def _guardian_phone_needs_review(trainee: TraineeProfile, phone: str) -> bool:
    """A number already given as another youth's guardian, or another youth's own number, goes to staff first
    (one teenager's phone posing as every friend's "guardian"); brothers and sisters are approved once."""
    others = TraineeProfile.objects.exclude(pk=trainee.pk)
    reused = others.filter(Q(guardian_phone=phone) | Q(user__phone=phone)).exists()
    approved = trainee.protection_reviews.filter(kind=ProtectionReview.Kind.GUARDIAN_PHONE, guardian_phone=phone,
                                                 approved=True).exists()
    return reused and not approved


def guardian_consent_pending(trainee: TraineeProfile) -> str | None:
    """The purpose a guardian's code was last sent for, while that code can still be entered."""
    pending = cache.get(_pending_key(trainee)) or {}
    return pending.get("purpose") if pending.get("phone") == trainee.guardian_phone else None


@transaction.atomic
def guardian_consent_confirm(*, trainee: TraineeProfile, code: str, relationship: str = "") -> Consent:
    """Record the guardian's consent to exactly what the SMS asked for, once the code they received is entered."""
    purpose = guardian_consent_pending(trainee)
    if not trainee.guardian_phone or purpose is None:
        raise TraineeError(gettext_lazy("กรุณาขอรหัสให้ผู้ปกครองก่อน (รหัสเดิมหมดอายุแล้ว)"))
    account_services.one_time_code_check(phone=trainee.guardian_phone, purpose=OneTimeCode.Purpose.GUARDIAN_CONSENT,
                                         code=code)
    consent = consent_give(trainee=trainee, purpose=purpose, given_by=Consent.GivenBy.GUARDIAN,
                           guardian_name=trainee.guardian_name, guardian_relationship=relationship)
    cache.delete(_pending_key(trainee))
    return consent


@transaction.atomic
def discoverability_set(*, trainee: TraineeProfile, level: str) -> TraineeProfile:
    if level not in D.values:
        raise TraineeError(gettext_lazy("ไม่รู้จักระดับนี้"))
    if level != D.HIDDEN:
        consent = active_consent(trainee, P.EMPLOYERS)
        if is_minor(trainee):
            if consent is None or consent.given_by != Consent.GivenBy.GUARDIAN:
                raise ConsentRequired(gettext_lazy("ต้องมีความยินยอมจากผู้ปกครองก่อนเปิดให้นายจ้างค้นหา"))
            if level == D.STANDARD:
                raise ConsentRequired(gettext_lazy("ผู้ที่อายุต่ำกว่า 20 ปี เปิดได้เฉพาะระดับจำกัด "
                                                   "(ทักษะและอำเภอ)"))
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


def _erased_key(kind: str, value: str) -> str:
    """Keyed hash for a tombstone: without SECRET_KEY a phone number cannot be tested against it."""
    return hmac.new(settings.SECRET_KEY.encode(), f"erased:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def is_erased(*, phone: str = "", national_id_hash: str = "", external_id: str = "") -> bool:
    """Whether any of these identifiers belonged to a person who erased their data (imports check this)."""
    K = ErasedIdentity.Kind
    keys = [_erased_key(kind, value) for kind, value in
            ((K.PHONE, phone), (K.NATIONAL_ID, national_id_hash), (K.EXTERNAL_ID, external_id)) if value]
    return bool(keys) and ErasedIdentity.objects.filter(key_hash__in=keys).exists()


def erasure_identity(trainee: TraineeProfile) -> dict:
    """The identifiers erasure must chase through tables that have no link to the account (messages to the phone,
    referrals by phone, guardian SMS). `personal_data_erase` snapshots them on `trainee.erasure_identity` before
    any part runs, because the first part blanks them."""
    identity = getattr(trainee, "erasure_identity", None)
    if identity is None:
        user = trainee.user
        identity = {"phone": user.phone or "", "email": user.email or "", "line_user_id": user.line_user_id or "",
                    "full_name": trainee.full_name, "guardian_phone": trainee.guardian_phone,
                    "national_id_hash": trainee.national_id_hash, "external_id": trainee.external_id or ""}
    return identity


@transaction.atomic
def personal_data_erase(*, trainee: TraineeProfile) -> DeletionRequest:
    """Erase or anonymise personal fields; keep aggregates (district, birth year, statuses) and the financial
    records the Accounting Act requires (invoices and payments, linked to an account with no personal data).
    Every app's part is listed in settings.SAPHAN_PERSONAL_DATA and declares in `COVERS` what it does with each
    table holding the person (tests/test_personal_data_coverage.py fails on a table nobody declared)."""
    trainee = TraineeProfile.objects.select_for_update().get(pk=trainee.pk)
    if trainee.anonymised_at:
        raise TraineeError(gettext_lazy("ข้อมูลถูกลบไปแล้ว"))
    trainee.erasure_identity = erasure_identity(trainee)
    request = DeletionRequest.objects.create(trainee=trainee)
    kept = []
    for path in settings.SAPHAN_PERSONAL_DATA:
        kept.extend(import_string(path).erase(trainee) or [])
    request.completed_at = timezone.now()
    request.summary = "erased personal fields; kept: " + ", ".join(kept)
    request.save(update_fields=["completed_at", "summary"])
    _announce(trainee)
    return request


# How a table holding a person is treated on erasure: label → (what happens, why; the fields holding them).
# "erased"/"deleted" rows are wiped by an `erase`; "kept" rows hold nothing that identifies once the profile and
# account are anonymised (or the law requires them); "staff" fields name the staff member who acted, not the
# person the data is about. tests/test_personal_data_coverage.py walks every model against these declarations.
STAFF = "staff: names the staff member who acted, not the data subject"
THIRD_PARTY = "staff: Wagtail/Django admin bookkeeping of staff accounts (youth never use /cms/)"
PAGE = "owner locked_by search_description"


class TraineeData:
    """This app's part of export and erasure (listed in settings.SAPHAN_PERSONAL_DATA)."""

    COVERS = {
        "accounts.User": ("erased: phone, e-mail, LINE id, names; account deactivated",
                          "phone email line_user_id phone_verified_at"),
        "accounts.OutboundMessage": ("erased: recipient and body of every message to the account, its phone, "
                                     "e-mail or LINE id, and guardian SMS naming the person", "user to body"),
        "accounts.OneTimeCode": ("deleted: the person's codes and their guardian's consent codes", "phone"),
        "trainees.TraineeProfile": ("erased: name, birth date (year kept), IDs, guardian, location",
                                    "user full_name national_id_encrypted national_id_last4 national_id_hash "
                                    "guardian_name guardian_phone"),
        "trainees.Consent": ("kept: purpose, dates and who gave it (proof of lawful basis); guardian name erased",
                             "trainee guardian_name guardian_relationship"),
        "trainees.Enrollment": ("kept: statuses for statistics, linked to the anonymised profile", "trainee"),
        "trainees.EnrollmentEvent": ("kept: status history; erased: its notes (free text; an override's reason is "
                                     "repeated there)", "enrollment by note"),
        "trainees.CompletionOverride": ("erased: the reason (staff's free text, may hold health details); the fact, "
                                        "the unmet rules, who and when kept for audits", "enrollment reason"),
        "trainees.Attendance": ("kept: attendance for cohort statistics (no personal fields)", "enrollment"),
        "trainees.Assessment": ("kept: results for cohort statistics (no personal fields)", "enrollment"),
        "trainees.EarnedSkill": ("kept: skill levels for statistics (profile hidden, out of the index)", "trainee"),
        "trainees.Certificate": ("erased: holder name; validity kept so a printed copy still verifies",
                                 "trainee holder_name enrollment"),
        "trainees.DeletionRequest": ("kept: the record that erasure happened (no personal fields)", "trainee"),
        "trainees.ProtectionReview": ("deleted", "trainee guardian_name guardian_phone"),
        "trainees.IdentityReview": ("deleted: a national-ID clash kept aside for staff holds the ID too",
                                    "trainee national_id_hash national_id_last4 note"),
        "payments.Invoice": ("kept: Accounting Act; payer is the anonymised account", "payer"),
        "payments.Payment": ("erased: slip image deleted from storage; amount, reference and staff's reason for a "
                             "manual confirmation or refund kept (Accounting Act audit trail)",
                             "invoice slip_image reason"),
        "payments.StatementLine": ("erased: the bank's free-text description and staff's note of lines paying the "
                                   "person's invoices; amount kept", "invoice description note"),
    }
    NOT_THE_PERSON = {
        "trainees.EnrollmentEvent": (STAFF, "by"), "trainees.Attendance": (STAFF, "marked_by"),
        "trainees.Assessment": (STAFF, "assessed_by"), "trainees.Certificate": (STAFF, "revoked_by"),
        "trainees.ProtectionReview": (STAFF, "resolved_by"), "trainees.CompletionOverride": (STAFF, "by"),
        "trainees.EarnedSkill": ("the certificate row is covered itself", "certificate"),
        "payments.Payment": (STAFF, "confirmed_by"), "payments.StatementImport": (STAFF, "imported_by"),
        "payments.Payee": ("an organisation's PromptPay target, not a person's", "promptpay_target"),
        "courses.Provider": ("a training centre's phone", "phone"),
        "courses.HomePage": (THIRD_PARTY, PAGE), "courses.CourseIndexPage": (THIRD_PARTY, PAGE),
        "courses.CoursePage": (THIRD_PARTY, PAGE + " body"), "courses.NewsIndexPage": (THIRD_PARTY, PAGE),
        "courses.NewsPage": (THIRD_PARTY, PAGE + " body"), "wagtailcore.Page": (THIRD_PARTY, PAGE),
        "wagtailusers.UserProfile": (THIRD_PARTY, "user"),
        "wagtaildocs.Document": (THIRD_PARTY, "uploaded_by_user"),
        "wagtailimages.Image": (THIRD_PARTY, "uploaded_by_user description"),
        "wagtailsearch.IndexEntry": ("Wagtail's search text of pages", "body"),
        "wagtailadmin.EditingSession": (THIRD_PARTY, "user"), "wagtailadmin.FormState": (THIRD_PARTY, "user"),
        "wagtailcore.APIToken": (THIRD_PARTY, "user"), "wagtailcore.ModelLogEntry": (THIRD_PARTY, "user"),
        "wagtailcore.Revision": (THIRD_PARTY, "user"),
        "wagtailcore.UploadedFile": (THIRD_PARTY, "uploaded_by_user"),
        "wagtailcore.WorkflowState": (THIRD_PARTY, "requested_by"),
        "wagtailcore.TaskState": (THIRD_PARTY, "finished_by"), "wagtailcore.PageLogEntry": (THIRD_PARTY, "user"),
        "wagtailcore.Comment": (THIRD_PARTY, "user resolved_by"), "wagtailcore.CommentReply": (THIRD_PARTY, "user"),
        "wagtailcore.PageSubscription": (THIRD_PARTY, "user"), "admin.LogEntry": (THIRD_PARTY, "user"),
        "django_celery_beat.PeriodicTask": ("a periodic job's description", "description"),
        "search.SearchSynonym": ("staff's note on a search synonym", "note"),
    }

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
                "history": [{"from": ev.from_status, "to": ev.to_status, "at": ev.at, "note": ev.note}
                            for ev in e.events.all()],
                # graduated outside the completion rule: staff's reason is data about the person too
                "completion_override": ({"reason": e.completion_override.reason, "unmet": e.completion_override.unmet,
                                         "at": e.completion_override.at}
                                        if hasattr(e, "completion_override") else None),
                "attendance": [{"date": a.session.date, "present": a.present}
                               for a in e.attendance.select_related("session")],
                "assessments": [{"skill": a.skill.code, "passed": a.passed, "score": a.score}
                                for a in e.assessments.select_related("skill")],
            } for e in trainee.enrollments.select_related("cohort__course", "completion_override")],
            "skills": [{"code": s.skill.code, "level": s.level, "certified": s.certified}
                       for s in trainee.skills.select_related("skill")],
            "certificates": [{"code": c.code, "course": c.course_title, "issued_on": c.issued_on,
                              "valid": c.is_valid} for c in trainee.certificates.all()],
            "invoices": [{"number": i.number, "description": i.description_th, "amount_thb": i.amount,
                          "status": i.status, "paid_at": i.paid_at} for i in Invoice.objects.filter(payer=user)],
            "messages": [{"channel": m.channel, "kind": m.kind, "at": m.created_at, "status": m.status}
                         for m in OutboundMessage.objects.filter(
                             Q(user=user) | Q(to__in=[v for v in (user.phone, user.email) if v]))[:500]],
        }

    @staticmethod
    def erase(trainee: TraineeProfile) -> list[str]:
        identity = erasure_identity(trainee)
        K = ErasedIdentity.Kind
        for kind, value in ((K.PHONE, identity["phone"]), (K.NATIONAL_ID, identity["national_id_hash"]),
                            (K.EXTERNAL_ID, identity["external_id"])):
            if value:
                ErasedIdentity.objects.get_or_create(key_hash=_erased_key(kind, value), defaults={"kind": kind})
        birth_year = trainee.birth_date.year if trainee.birth_date else None
        trainee.full_name = gettext("ผู้ใช้ที่ลบข้อมูลแล้ว")
        trainee.birth_date = date(birth_year, 7, 1) if birth_year else None  # year kept for age-band statistics
        trainee.external_id = None
        trainee.lat = trainee.lon = None
        trainee.national_id_encrypted = trainee.national_id_last4 = trainee.national_id_hash = ""
        IdentityReview.objects.filter(trainee=trainee).delete()  # a clash kept aside for staff holds the ID too
        trainee.guardian_name = trainee.guardian_phone = ""
        trainee.discoverability, trainee.available = D.HIDDEN, False
        trainee.anonymised_at = timezone.now()
        trainee.save()
        trainee.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        trainee.consents.update(guardian_name="", guardian_relationship="")
        trainee.protection_reviews.all().delete()
        Certificate.objects.filter(trainee=trainee).update(holder_name="")
        # staff's free text about the person (an override's reason may name an illness; the history repeats it):
        # the fact of the override, the unmet rules and who decided stay for audits
        CompletionOverride.objects.filter(enrollment__trainee=trainee).update(reason="")
        EnrollmentEvent.objects.filter(enrollment__trainee=trainee).exclude(note="").update(note="")
        user = trainee.user
        user.username = f"erased-{user.pk}"
        user.phone, user.email, user.first_name, user.last_name, user.line_user_id = None, "", "", "", ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # messages sent before there was an account, or to no account (invitations, guardian SMS naming them:
        # by the child's phone digits today, by their typed name in messages sent before issue 22 item 6)
        sent_to = Q(user=user) | Q(to__in=[v for v in (identity["phone"], identity["email"],
                                                        identity["line_user_id"]) if v])
        if identity["guardian_phone"] and identity["full_name"]:
            sent_to |= Q(to=identity["guardian_phone"], body__contains=identity["full_name"])
        if identity["guardian_phone"] and identity["phone"]:
            sent_to |= Q(to=identity["guardian_phone"], kind="otp_guardian",
                         body__contains=account_services.guardian_sms_child(identity["phone"]))
        OutboundMessage.objects.filter(sent_to).update(to="", subject="", body="")
        codes = Q(phone=identity["phone"]) if identity["phone"] else Q(pk__in=[])
        if identity["guardian_phone"]:
            codes |= Q(phone=identity["guardian_phone"], purpose=OneTimeCode.Purpose.GUARDIAN_CONSENT)
        OneTimeCode.objects.filter(codes).delete()
        # payments stay (Accounting Act) but not the slip photo or the bank's free-text line naming the payer
        for payment in Payment.objects.filter(invoice__payer=user).exclude(slip_image=""):
            payment.slip_image.delete(save=False)
            Payment.objects.filter(pk=payment.pk).update(slip_image="")
        StatementLine.objects.filter(invoice__payer=user).update(description="", note="")
        return ["district, birth year and enrolment statuses (statistics)", "certificates (validity only)",
                "invoices and payments (amounts, dates, references: Accounting Act)"]


