"""Every write of the employers app. Changes that matter to matching are announced with signals on commit."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from accounts.notifications import notify, notify_user
from accounts.thai_ids import thai_13_digit_checksum_ok
from config.digits import ascii_digits
from config.errors import SaphanError
from config.i18n import lazy_date, lazy_localized
from trainees.identity import normalize_phone
from trainees.models import TraineeProfile
from trainees.signals import announce_graduate_changed

from . import selectors
from .exceptions import (
    AlreadyApplied,
    ApplicationError,
    ContactRequestError,
    DiscriminatoryRequirement,
    DuplicateContactRequest,
    EmployerError,
    NotDiscoverable,
    NotMember,
    OpeningNotOpen,
    RadiusNotABand,
    ReachChangeLimited,
    WageBelowMinimum,
)
from .models import (
    KHON_KAEN_MIN_WAGE_PER_DAY,
    OPENING_REACH_CHANGES_PER_DAY,
    WORKING_DAYS_PER_MONTH,
    Application,
    ContactRequest,
    Employer,
    EmployerMember,
    JobAlert,
    MemberInvitation,
    Opening,
    OpeningReachChange,
    OpeningSkill,
    Placement,
    ProfileView,
    ShortlistEntry,
    Verification,
    radius_band,
)
from .signals import opening_changed
from .validators import protected_attribute_words, shop_phone


def _announce_opening(opening_id: int) -> None:
    transaction.on_commit(lambda: opening_changed.send(sender=Opening, opening_id=opening_id))


def validate_opening_terms(
    *, title: str, description: str, wage_min: Decimal, wage_max: Decimal, wage_unit: str
) -> None:
    words = protected_attribute_words(f"{title} {description}")
    if words:
        raise DiscriminatoryRequirement(context=words)
    minimum = KHON_KAEN_MIN_WAGE_PER_DAY * (WORKING_DAYS_PER_MONTH if wage_unit == Opening.WageUnit.MONTH else 1)
    if wage_min < minimum:
        raise WageBelowMinimum()
    if wage_max < wage_min:
        raise EmployerError(gettext_lazy("ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด"))


def employer_validate_dbd(dbd_number: str) -> str:
    digits = "".join(ch for ch in ascii_digits(dbd_number) if ch.isdigit())
    if not thai_13_digit_checksum_ok(digits):
        raise EmployerError(gettext_lazy("เลขทะเบียนนิติบุคคลไม่ถูกต้อง (13 หลัก)"))
    return digits


@transaction.atomic
def employer_register(*, user, name: str, kind: str, dbd_number: str, address: str, district, phone: str = "",
                      lat: float | None = None, lon: float | None = None) -> Employer:
    """A shop registers itself; the person registering becomes its owner. It is unverified until staff check it
    (a visit or a phone call): until then it may prepare draft openings but cannot search or contact graduates."""
    name = (name or "").strip()
    if not name:
        raise EmployerError(gettext_lazy("กรุณากรอกชื่อร้าน"))
    if Employer.objects.filter(name__iexact=name).exists():
        raise EmployerError(gettext_lazy("มีร้านชื่อนี้ลงทะเบียนแล้ว"))
    digits = employer_validate_dbd(dbd_number)
    if Employer.objects.filter(dbd_number=digits).exists():
        raise EmployerError(gettext_lazy("เลขทะเบียนนิติบุคคลนี้ลงทะเบียนแล้ว"))
    if (lat is None) != (lon is None) or (lat is not None and not (13.5 <= lat <= 18.5 and 100.5 <= lon <= 104.5)):
        raise EmployerError(gettext_lazy("พิกัดไม่ถูกต้อง (ต้องอยู่ในภาคอีสานตอนบน)"))
    if kind not in Employer.Kind.values:
        raise EmployerError(gettext_lazy("ประเภทกิจการไม่ถูกต้อง"))
    employer = Employer.objects.create(name=name, kind=kind, dbd_number=digits, address=(address or "").strip(),
                                       district=district, lat=lat, lon=lon,
                                       phone=shop_phone(phone) if phone.strip() else "")
    EmployerMember.objects.create(employer=employer, user=user, role=EmployerMember.Role.OWNER)
    return employer


@transaction.atomic
def employer_sign_up(*, owner_phone: str, password: str, name: str, kind: str, dbd_number: str, address: str,
                     district, phone: str = "", lat: float | None = None, lon: float | None = None) -> Employer:
    """A shop owner without an account creates one (their mobile and a password) and registers the shop in one
    step; both or neither are written. The account is an employer's only: no youth profile comes with it."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    owner_phone = normalize_phone(owner_phone)
    users = get_user_model().objects
    if users.filter(phone=owner_phone).exists():
        raise EmployerError(gettext_lazy("เบอร์นี้มีบัญชีแล้ว กรุณาเข้าสู่ระบบก่อนลงทะเบียนร้าน"))
    user = users.create_user(username=owner_phone, phone=owner_phone, password=password)
    try:
        validate_password(password, user)
    except ValidationError:
        raise EmployerError(gettext_lazy("รหัสผ่านง่ายเกินไป ใช้อย่างน้อย 8 ตัวและไม่ใช่ตัวเลขล้วน")) from None
    return employer_register(user=user, name=name, kind=kind, dbd_number=dbd_number, address=address,
                             district=district, phone=phone, lat=lat, lon=lon)


INVITATION_DAYS = 7


@transaction.atomic
def member_invite(*, employer: Employer, by, phone: str, role: str) -> MemberInvitation:
    """An owner invites a colleague by phone: an SMS with a link; the colleague logs in (or signs up) with that
    number and accepts (`member_invitation_accept`). The same happens whether or not the number has an account,
    so the answer tells nothing about who uses Saphan. The SMS is a fixed text (no shop name or other words typed
    by users under the Saphan sender name); the shop is named on the page behind the link."""
    from django.conf import settings

    if not employer.members.filter(user=by, role=EmployerMember.Role.OWNER).exists():
        raise EmployerError(gettext_lazy("เฉพาะเจ้าของร้านเพิ่มสมาชิกได้"))
    if role not in EmployerMember.Role.values:
        raise EmployerError(gettext_lazy("บทบาทไม่ถูกต้อง"))
    phone = normalize_phone(phone)  # InvalidPhone: a clear error in the form
    invitation = MemberInvitation.objects.create(
        employer=employer, phone=phone, role=role, invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    link = f"{settings.SAPHAN_PUBLIC_BASE_URL.rstrip('/')}/employers/invitations/{invitation.token}/"
    notify(kind="employer_invitation", phone=phone, text=format_lazy(gettext_lazy(
        "สะพานอาชีพ: มีร้านชวนคุณเป็นสมาชิก เข้าสู่ระบบด้วยเบอร์นี้แล้วเปิด {link} เพื่อดูและตอบรับ (ภายใน {days} วัน)"),
        link=link, days=INVITATION_DAYS))
    return invitation


def member_invitation_for(*, token: str, user) -> MemberInvitation | None:
    """The open invitation behind `token` if it was sent to this user's phone; None otherwise (someone else's,
    expired, used or made up: the same answer)."""
    invitation = MemberInvitation.objects.select_related("employer").filter(
        token=str(token)[:64], accepted_at__isnull=True, expires_at__gt=timezone.now()).first()
    if invitation is None or not user.is_authenticated or not user.phone:
        return None
    try:
        same = normalize_phone(user.phone) == invitation.phone
    except SaphanError:
        same = False
    return invitation if same else None


@transaction.atomic
def member_invitation_accept(*, token: str, user) -> EmployerMember:
    invitation = member_invitation_for(token=token, user=user)
    if invitation is None:
        raise EmployerError(gettext_lazy("ไม่พบคำเชิญ หรือคำเชิญหมดอายุแล้ว"))
    invitation = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise EmployerError(gettext_lazy("คำเชิญนี้ใช้ไปแล้ว"))
    member, _ = EmployerMember.objects.update_or_create(employer=invitation.employer, user=user,
                                                        defaults={"role": invitation.role})
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


def opening_publish_check(*, opening: Opening) -> None:
    """Unverified employers may keep drafts only (checked for employers' own edits; staff imports are trusted)."""
    if opening.status == Opening.Status.OPEN and not opening.employer.is_verified:
        raise EmployerError(gettext_lazy("ร้านที่ยังไม่ได้รับการยืนยันบันทึกได้เฉพาะฉบับร่าง"))


@transaction.atomic
def opening_save_by_member(*, user, opening: Opening, required: list[tuple], nice: list) -> Opening:
    """An employer's member creates or edits an opening from the web form. Changing an existing opening's radius
    or district (where it finds people) is limited per opening (OPENING_REACH_CHANGES_PER_DAY in any 24 hours)."""
    if not opening.employer.members.filter(user=user).exists():
        raise EmployerError(gettext_lazy("คุณไม่ได้เป็นสมาชิกของร้านนี้"))
    opening_publish_check(opening=opening)
    if opening.pk:
        _reach_change_record(opening, now=timezone.now())
    # the shop's own location when the job is in its district, else the district town
    employer = opening.employer
    in_own_district = opening.district_id == employer.district_id
    opening.lat = employer.latitude if in_own_district else opening.district.lat
    opening.lon = employer.longitude if in_own_district else opening.district.lon
    return opening_save(opening=opening, required=required, nice=nice)


@transaction.atomic
def employer_verify(*, employer: Employer, method: str, by, note: str = "") -> Employer:
    Verification.objects.create(employer=employer, method=method, note=note, verified_by=by)
    employer.verified_at = timezone.now()
    employer.save(update_fields=["verified_at"])
    return employer


REACH_CHANGE_WINDOW = timedelta(hours=24)


def _reach_change_record(opening: Opening, *, now) -> None:
    """Count a change of the opening's radius (as it will be stored: rounded up to its band) or district, or
    refuse it when the opening already changed OPENING_REACH_CHANGES_PER_DAY times in the last 24 hours. The row
    is locked, so two tabs saving at once cannot both pass the count."""
    stored = Opening.objects.select_for_update().values("radius_km", "district_id").get(pk=opening.pk)
    wanted = {"radius_km": radius_band(opening.radius_km) or opening.radius_km, "district_id": opening.district_id}
    if wanted == stored:
        return
    recent = list(opening.reach_changes.filter(at__gt=now - REACH_CHANGE_WINDOW).order_by("at")
                  .values_list("at", flat=True))
    if len(recent) >= OPENING_REACH_CHANGES_PER_DAY:
        raise ReachChangeLimited(limit=OPENING_REACH_CHANGES_PER_DAY,
                                 next_at=recent[-OPENING_REACH_CHANGES_PER_DAY] + REACH_CHANGE_WINDOW)
    OpeningReachChange.objects.create(opening=opening, at=now, radius_km=wanted["radius_km"],
                                      district_id=wanted["district_id"])


@transaction.atomic
def opening_save(*, opening: Opening, required: list[tuple], nice: list) -> Opening:
    """Create or update an opening with its skills: required = [(Skill, min_level)], nice = [Skill]. The radius is
    rounded up to its band (models.OPENING_RADII_KM); one outside 1–300 km is refused with the bands listed."""
    band = radius_band(opening.radius_km)
    if band is None:
        raise RadiusNotABand()
    opening.radius_km = band
    validate_opening_terms(title=opening.title, description=opening.description, wage_min=opening.wage_min_thb,
                           wage_max=opening.wage_max_thb, wage_unit=opening.wage_unit)
    if not required:
        raise EmployerError(gettext_lazy("ต้องระบุทักษะที่จำเป็นอย่างน้อยหนึ่งทักษะ"))
    opening.save()
    opening.skills.all().delete()
    OpeningSkill.objects.bulk_create(
        [OpeningSkill(opening=opening, skill=skill, required=True, min_level=level) for skill, level in required]
        + [OpeningSkill(opening=opening, skill=skill, required=False, min_level=1) for skill in nice
           if skill.pk not in {s.pk for s, _ in required}]
    )
    _announce_opening(opening.pk)
    return opening


@transaction.atomic
def placement_record(*, trainee: TraineeProfile, employer: Employer, start_date: date, wage_thb: Decimal,
                     wage_unit: str = "day", opening: Opening | None = None,
                     application: Application | None = None) -> Placement:
    """A hire: the graduate leaves the pool of available candidates and is asked to confirm it."""
    wage_thb = Decimal(wage_thb)
    if wage_thb <= 0 or wage_unit not in Opening.WageUnit.values:
        raise EmployerError(gettext_lazy("ค่าจ้างไม่ถูกต้อง"))
    placement = Placement.objects.create(trainee=trainee, employer=employer, opening=opening, start_date=start_date,
                                         wage_thb=wage_thb, wage_unit=wage_unit, application=application)
    notify_user(trainee.user, kind="placement_recorded", language=trainee.preferred_language, text=format_lazy(
        gettext_lazy("{shop} บันทึกว่าจ้างคุณเริ่มงาน {start} กรุณายืนยันที่ สะพานอาชีพ > การจ้างงานของฉัน (/me/placements/)"),
        shop=employer.name, start=lazy_date(start_date)))
    announce_graduate_changed(trainee.pk)
    return placement


@transaction.atomic
def placement_confirm(*, placement: Placement, by) -> Placement:
    """The graduate confirms the hire (idempotent); only they can."""
    placement = Placement.objects.select_for_update().select_related("trainee").get(pk=placement.pk)
    if placement.trainee.user_id != by.pk:
        raise NotMember(gettext_lazy("ยืนยันได้เฉพาะเจ้าของข้อมูล"))
    if placement.confirmed_by_graduate_at is None:
        placement.confirmed_by_graduate_at = timezone.now()
        placement.save(update_fields=["confirmed_by_graduate_at"])
    return placement


def profile_view_log(*, trainee: TraineeProfile, employer: Employer, viewer, context: str = "") -> ProfileView:
    return ProfileView.objects.create(trainee=trainee, employer=employer, viewer=viewer, context=context)


# --- access rules shared by the writes below ---------------------------------------------------------------------

def _require_member(user, employer: Employer) -> None:
    if not employer.members.filter(user=user).exists():
        raise NotMember()


def _require_acting_member(user, employer: Employer) -> None:
    """Only members of a VERIFIED employer may reach out to graduates."""
    _require_member(user, employer)
    selectors.require_verified(employer)


def _require_discoverable(trainee: TraineeProfile) -> None:
    if not selectors.discoverable_graduates().filter(pk=trainee.pk).exists():
        raise NotDiscoverable()


def _members_to_tell(employer: Employer, preferred=None):
    """Who hears about answers and applications: the member who acted, else the owners, else everyone."""
    if preferred is not None:
        return [preferred]
    members = list(employer.members.select_related("user").order_by("role", "pk"))  # "owner" < "recruiter"
    owners = [m.user for m in members if m.role == "owner"]
    return owners or [m.user for m in members]


def _clean_message(message: str, *, from_employer: bool = True) -> str:
    message = (message or "").strip()
    if len(message) > 1000:
        raise EmployerError(gettext_lazy("ข้อความยาวเกิน 1,000 ตัวอักษร"))
    words = protected_attribute_words(message) if from_employer else []
    if words:
        raise DiscriminatoryRequirement(context=words)
    return message


# --- contact requests ---------------------------------------------------------------------------------------------

@transaction.atomic
def contact_request_send(*, employer: Employer, sent_by, trainee: TraineeProfile, opening: Opening | None = None,
                         message: str = "") -> ContactRequest:
    """A verified employer's member asks a discoverable graduate for contact; the graduate is told."""
    _require_acting_member(sent_by, employer)
    trainee = TraineeProfile.objects.select_for_update().select_related("user").get(pk=trainee.pk)
    _require_discoverable(trainee)
    if opening is not None and opening.employer_id != employer.pk:
        raise NotMember(gettext_lazy("ตำแหน่งงานนี้ไม่ใช่ของร้านคุณ"))
    message = _clean_message(message)
    pending = ContactRequest.objects.filter(employer=employer, trainee=trainee, status=ContactRequest.Status.SENT)
    if pending.exists():  # one waiting request per employer and graduate, whatever the opening (a DB constraint too)
        raise DuplicateContactRequest()
    open_ones = ContactRequest.objects.filter(employer=employer, trainee=trainee, opening=opening,
                                              status__in=ContactRequest.OPEN)
    if open_ones.exists():
        raise DuplicateContactRequest(gettext_lazy("ผู้สำเร็จการฝึกคนนี้ตอบรับคำขอติดต่อเรื่องนี้แล้ว "
                                                   "ดูเบอร์โทรได้ที่หน้าโปรไฟล์"))
    recently_declined = ContactRequest.objects.filter(
        employer=employer, trainee=trainee, opening=opening, status=ContactRequest.Status.DECLINED,
        answered_at__gte=timezone.now() - timedelta(days=30))
    if recently_declined.exists():
        raise ContactRequestError(gettext_lazy("ผู้สำเร็จการฝึกปฏิเสธคำขอนี้แล้ว ส่งใหม่ได้หลัง 30 วัน"))
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(employer=employer, opening=opening, trainee=trainee,
                                                    sent_by=sent_by, message=message)
    except IntegrityError as exc:  # a concurrent duplicate
        raise DuplicateContactRequest() from exc
    about = format_lazy(gettext_lazy(" เรื่อง {title}"), title=opening.title) if opening else ""
    notify_user(trainee.user, kind="contact_request", language=trainee.preferred_language, text=format_lazy(
        gettext_lazy("{shop} ({district}) ขอติดต่อคุณ{about} ตอบรับหรือปฏิเสธได้ที่ สะพานอาชีพ > คำขอติดต่อ (/me/requests/)"),
        shop=employer.name, district=lazy_localized(employer.district, "name"), about=about))
    return request


@transaction.atomic
def contact_request_answer(*, contact_request: ContactRequest, by, accept: bool) -> ContactRequest:
    """The graduate accepts (their phone and name become visible to this employer) or declines."""
    request = ContactRequest.objects.select_for_update().select_related("trainee", "employer", "sent_by").get(
        pk=contact_request.pk)
    if request.trainee.user_id != by.pk:
        raise NotMember(gettext_lazy("ตอบได้เฉพาะผู้ที่ได้รับคำขอ"))
    if request.status != ContactRequest.Status.SENT:
        raise ContactRequestError(gettext_lazy("คำขอนี้ได้รับคำตอบหรือถูกถอนแล้ว"))
    if accept:
        _require_discoverable(request.trainee)
    request.status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    who = request.trainee.full_name if accept else request.trainee.public_ref
    text = format_lazy(gettext_lazy("{who} ตอบรับคำขอติดต่อของ {shop} แล้ว ดูเบอร์โทรได้ที่ /employers/") if accept
                       else gettext_lazy("ผู้สำเร็จการฝึก {who} ปฏิเสธคำขอติดต่อของ {shop}"),
                       who=who, shop=request.employer.name)
    member = request.sent_by if request.employer.members.filter(user=request.sent_by).exists() else None
    for user in _members_to_tell(request.employer, member):
        notify_user(user, kind="contact_accepted" if accept else "contact_declined", text=text)
    return request


@transaction.atomic
def contact_request_withdraw(*, contact_request: ContactRequest, by) -> ContactRequest:
    request = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
    _require_member(by, request.employer)
    if request.status not in ContactRequest.OPEN:
        raise ContactRequestError()
    request.status, request.answered_at = ContactRequest.Status.WITHDRAWN, request.answered_at or timezone.now()
    request.save(update_fields=["status", "answered_at"])
    return request


# --- shortlist ----------------------------------------------------------------------------------------------------

@transaction.atomic
def shortlist_add(*, employer: Employer, by, trainee: TraineeProfile, note: str = "") -> ShortlistEntry:
    _require_acting_member(by, employer)
    _require_discoverable(trainee)
    note = (note or "").strip()[:500]
    entry, created = ShortlistEntry.objects.get_or_create(employer=employer, trainee=trainee,
                                                          defaults={"added_by": by, "note": note})
    if not created and note:
        entry.note = note
        entry.save(update_fields=["note"])
    return entry


@transaction.atomic
def shortlist_remove(*, employer: Employer, by, trainee: TraineeProfile) -> None:
    _require_member(by, employer)
    ShortlistEntry.objects.filter(employer=employer, trainee=trainee).delete()


# --- applications -------------------------------------------------------------------------------------------------

def _opening_takes_applications(opening: Opening) -> bool:
    today = timezone.localdate()
    return opening.status == Opening.Status.OPEN and (opening.closing_date is None or opening.closing_date >= today)


@transaction.atomic
def application_apply(*, trainee: TraineeProfile, opening: Opening, message: str = "") -> Application:
    """A graduate applies to an open opening (once; a withdrawn application can be renewed)."""
    opening = Opening.objects.select_for_update().select_related("employer").get(pk=opening.pk)
    if not _opening_takes_applications(opening):
        raise OpeningNotOpen()
    if trainee.anonymised_at is not None:
        raise ApplicationError()
    message = _clean_message(message, from_employer=False)
    application = Application.objects.select_for_update().filter(trainee=trainee, opening=opening).first()
    if application is None:
        application = Application.objects.create(trainee=trainee, opening=opening, message=message)
    elif application.status == Application.Status.WITHDRAWN:
        application.status, application.message = Application.Status.APPLIED, message
        application.save(update_fields=["status", "message", "updated_at"])
    else:
        raise AlreadyApplied()
    for user in _members_to_tell(opening.employer):
        notify_user(user, kind="application_received", text=format_lazy(
            gettext_lazy("มีผู้สมัครใหม่ตำแหน่ง {title}: {name} ดูได้ที่ /employers/"), title=opening.title,
            name=trainee.full_name))
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by) -> Application:
    application = Application.objects.select_for_update().select_related("trainee").get(pk=application.pk)
    if application.trainee.user_id != by.pk:
        raise NotMember(gettext_lazy("ถอนได้เฉพาะผู้สมัคร"))
    if application.status not in Application.ACTIVE:
        raise ApplicationError()
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def application_set_status(*, application: Application, by, status: str) -> Application:
    """The employer shortlists or turns down an applicant; the graduate is told."""
    application = Application.objects.select_for_update().select_related("opening__employer", "trainee__user").get(
        pk=application.pk)
    _require_member(by, application.opening.employer)
    allowed = {Application.Status.SHORTLISTED, Application.Status.REJECTED}
    if status not in allowed or application.status not in Application.ACTIVE:
        raise ApplicationError()
    application.status = status
    application.save(update_fields=["status", "updated_at"])
    opening = application.opening
    notify_user(application.trainee.user, kind="application_update", language=application.trainee.preferred_language,
                text=format_lazy(gettext_lazy("ใบสมัครตำแหน่ง {title} ที่ {shop}: {status}"), title=opening.title,
                                 shop=opening.employer.name, status=Application.Status(application.status).label))
    return application


@transaction.atomic
def contact_hire(*, contact_request: ContactRequest, by, start_date: date, wage_thb: Decimal,
                 wage_unit: str = "day") -> Placement:
    """Hire a graduate who accepted the shop's contact request (no application needed): recorded once per
    request, at or above the provincial minimum wage; the graduate is then asked to confirm."""
    contact_request = ContactRequest.objects.select_for_update(of=("self",)).select_related(
        "employer", "trainee__user", "opening").get(pk=contact_request.pk)
    _require_member(by, contact_request.employer)
    if contact_request.status != ContactRequest.Status.ACCEPTED:
        raise EmployerError(gettext_lazy("บันทึกการจ้างได้หลังผู้สำเร็จการฝึกตอบรับการติดต่อแล้วเท่านั้น"))
    minimum = KHON_KAEN_MIN_WAGE_PER_DAY * (WORKING_DAYS_PER_MONTH if wage_unit == Opening.WageUnit.MONTH else 1)
    if Decimal(wage_thb) < minimum:
        raise WageBelowMinimum()
    already = Placement.objects.filter(trainee=contact_request.trainee, employer=contact_request.employer,
                                       opening=contact_request.opening, application__isnull=True).first()
    if already is not None:
        return already  # the same hire recorded twice (double tap): nothing changes
    return placement_record(trainee=contact_request.trainee, employer=contact_request.employer, start_date=start_date,
                            wage_thb=wage_thb, wage_unit=wage_unit, opening=contact_request.opening)


@transaction.atomic
def application_hire(*, application: Application, by, start_date: date, wage_thb: Decimal,
                     wage_unit: str = "day") -> Placement:
    """Hire an applicant: the application becomes `hired`, a Placement is recorded, a full opening is filled."""
    application = Application.objects.select_for_update().select_related("opening__employer", "trainee__user").get(
        pk=application.pk)
    opening = application.opening
    _require_member(by, opening.employer)
    if application.status not in Application.ACTIVE:
        raise ApplicationError(gettext_lazy("จ้างได้เฉพาะผู้สมัครที่ยังอยู่ในการพิจารณา"))
    minimum = KHON_KAEN_MIN_WAGE_PER_DAY * (WORKING_DAYS_PER_MONTH if wage_unit == Opening.WageUnit.MONTH else 1)
    if Decimal(wage_thb) < minimum:
        raise WageBelowMinimum()
    application.status = Application.Status.HIRED
    application.save(update_fields=["status", "updated_at"])
    placement = placement_record(trainee=application.trainee, employer=opening.employer, start_date=start_date,
                                 wage_thb=wage_thb, wage_unit=wage_unit, opening=opening, application=application)
    hired = opening.applications.filter(status=Application.Status.HIRED).count()
    if hired >= opening.positions and opening.status == Opening.Status.OPEN:
        opening.status = Opening.Status.FILLED
        opening.save(update_fields=["status", "updated_at"])
        _announce_opening(opening.pk)
    return placement


# --- job alerts (the matching itself lives in matching.alerts) ----------------------------------------------

ALERT_INTERVAL = timedelta(hours=24)


def job_alert_last_sent(recipient) -> "timezone.datetime | None":
    return JobAlert.objects.filter(recipient=recipient).order_by("-sent_at").values_list("sent_at", flat=True).first()


@transaction.atomic
def job_alert_send(*, recipient, kind: str, pairs: list[tuple[Opening, TraineeProfile]], text_for, now=None,
                   language: str = "th") -> list[JobAlert]:
    """Record and send one alert to one person: at most one per 24 h, and never a pair (opening, graduate) of the
    same kind twice. `text_for(new_pairs) -> Text` writes the message from what is really new. Returns the lines
    sent ([] when nothing new or the person was alerted less than 24 h ago)."""
    now = now or timezone.now()
    get_user_model().objects.select_for_update().filter(pk=recipient.pk).first()  # one sender per person at a time
    if JobAlert.objects.filter(recipient=recipient, sent_at__gt=now - ALERT_INTERVAL).exists():
        return []
    seen = set(JobAlert.objects.filter(kind=kind, opening__in=[o for o, _ in pairs], trainee__in=[t for _, t in pairs])
               .values_list("opening_id", "trainee_id"))
    fresh, keys = [], set()
    for opening, trainee in pairs:
        key = (opening.pk, trainee.pk)
        if key not in seen and key not in keys:
            keys.add(key)
            fresh.append((opening, trainee))
    if not fresh:
        return []
    lines = JobAlert.objects.bulk_create([JobAlert(kind=kind, recipient=recipient, opening=opening, trainee=trainee,
                                                   sent_at=now) for opening, trainee in fresh])
    notify_user(recipient, kind=f"job_alert_{kind}", text=text_for(fresh), language=language)
    return lines
