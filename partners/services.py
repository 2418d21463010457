"""Writes of the partners app.

Funding ledger: every write locks the grant row so two clerks cannot overspend it together.
Referrals: invitation to the pre-filled sign-up, reminders to partner staff about referrals stuck in one step.
Follow-up: surveys 3 and 6 months after a placement starts, whose answers update the placement."""

import datetime as dt
import logging
import secrets
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from accounts.notifications import Text, notify, notify_user
from config.money import AmountError, parse_thb
from employers.models import Opening, Placement
from payments.promptpay import PromptPayError, _classify_target
from trainees.signals import announce_graduate_changed

from .exceptions import (
    InsufficientBalance,
    LedgerError,
    SurveyAlreadyAnswered,
    SurveyError,
    SurveyNotFound,
)
from .models import (
    Disbursement,
    Grant,
    PlacementSurvey,
    Referral,
    ReferralReminder,
    SchemeReturn,
    SupportScheme,
)
from .referrals import STEP_LABELS, referral_create, referral_current, with_progress

log = logging.getLogger(__name__)

ZERO = Decimal("0.00")


def _money(value, *, what_th: str, what_en: str) -> Decimal:
    try:
        return parse_thb(value)
    except AmountError as exc:
        raise LedgerError(f"{what_th}: {exc.message_th}", f"{what_en}: {exc.message_en}") from None


def normalize_promptpay_id(value: str) -> str:
    """Mobile (0812345678), 13-digit national/tax ID or 15-digit e-wallet ID, as the bank file expects it."""
    try:
        kind, encoded = _classify_target(value)
    except PromptPayError as exc:
        raise LedgerError(f"พร้อมเพย์ไม่ถูกต้อง: {exc.message_th}", f"Invalid PromptPay ID: {exc}") from None
    return "0" + encoded[4:] if kind == "01" else encoded


@transaction.atomic
def grant_create(*, sponsor_name: str, title: str, amount, period_start: dt.date, period_end: dt.date,
                 purpose: str = "", reported_total=None, staff_group=None) -> Grant:
    if period_end < period_start:
        raise LedgerError("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The period ends before it starts")
    return Grant.objects.create(
        sponsor_name=sponsor_name, title=title, purpose=purpose, period_start=period_start, period_end=period_end,
        staff_group=staff_group,
        amount=_money(amount, what_th="จำนวนทุน", what_en="Grant amount"),
        reported_total=None if reported_total is None else _money(reported_total, what_th="ยอดรวมที่รายงาน",
                                                                  what_en="Reported total"),
    )


@transaction.atomic
def scheme_create(*, grant: Grant, name: str, allocated, per_head_amount=None, stated_recipients=None,
                  stated_total=None, requires_out_of_school: bool = True, revolving: bool = False) -> SupportScheme:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    allocated = _money(allocated, what_th="เงินจัดสรร", what_en="Allocation")
    already = grant.schemes.aggregate(s=Sum("allocated"))["s"] or ZERO
    if already + allocated > grant.amount:
        raise InsufficientBalance(
            f"จัดสรรเกินทุน: คงเหลือ {grant.amount - already:,.2f} บาท",
            f"Allocation exceeds the grant: {grant.amount - already:,.2f} THB left",
        )
    return SupportScheme.objects.create(
        grant=grant, name=name, allocated=allocated, stated_recipients=stated_recipients,
        per_head_amount=None if per_head_amount is None else _money(per_head_amount, what_th="เงินต่อหัว",
                                                                    what_en="Per-head amount"),
        stated_total=None if stated_total is None else _money(stated_total, what_th="ยอดรวม", what_en="Total"),
        requires_out_of_school=requires_out_of_school, revolving=revolving,
    )


def _returned(scheme: SupportScheme) -> Decimal:
    return (scheme.returns.aggregate(s=Sum("amount"))["s"] or ZERO) if scheme.revolving else ZERO


@transaction.atomic
def scheme_top_up(*, scheme: SupportScheme, amount) -> SupportScheme:
    """New money for a revolving scheme that is a fund's own account (its grant holds nothing else): the grant and
    the allocation grow together, so the ledger's grant total stays the fund's capital. Refused for other schemes,
    whose grant is a sponsor's fixed award."""
    grant = Grant.objects.select_for_update().get(pk=scheme.grant_id)
    scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.revolving or grant.schemes.exclude(pk=scheme.pk).exists():
        raise LedgerError("เพิ่มเงินได้เฉพาะบัญชีของกองทุนหมุนเวียน", "Only a revolving fund's own account can be topped up")
    amount = _money(amount, what_th="เงินทุน", what_en="Capital")
    grant.amount += amount
    grant.save(update_fields=["amount"])
    scheme.allocated += amount
    scheme.save(update_fields=["allocated"])
    return scheme


@transaction.atomic
def disbursement_record(*, scheme: SupportScheme, recipient_name: str, promptpay_id: str, amount,
                        paid_on: dt.date, reference: str, trainee=None, recorded_by=None) -> Disbursement:
    """Refuses overspending a scheme (so the grant balance can never go negative) and reused bank references."""
    Grant.objects.select_for_update().get(pk=scheme.grant_id)
    scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk)
    amount = _money(amount, what_th="จำนวนเงิน", what_en="Amount")
    reference = (reference or "").strip()
    if not reference:
        raise LedgerError("ต้องระบุเลขอ้างอิงการโอน", "A transfer reference is required")
    if not (recipient_name or "").strip():
        raise LedgerError("ต้องระบุชื่อผู้รับ", "A recipient name is required")
    if Disbursement.objects.filter(reference=reference).exists():
        raise LedgerError(f"เลขอ้างอิง {reference} ถูกใช้แล้ว", f"Reference {reference} is already used")
    ppid = normalize_promptpay_id(promptpay_id)
    # a revolving scheme may pay out again what was paid back into it
    left = scheme.allocated + _returned(scheme) - (scheme.disbursements.aggregate(s=Sum("amount"))["s"] or ZERO)
    if amount > left:
        raise InsufficientBalance(
            f"เงินในโครงการ {scheme.name} คงเหลือ {left:,.2f} บาท ไม่พอจ่าย {amount:,.2f} บาท",
            f"Scheme {scheme.name} has {left:,.2f} THB left, not enough for {amount:,.2f} THB",
        )
    return Disbursement.objects.create(
        scheme=scheme, trainee=trainee, recipient_name=recipient_name.strip(), promptpay_id=ppid, amount=amount,
        paid_on=paid_on, reference=reference, recorded_by=recorded_by,
    )


@transaction.atomic
def scheme_return_record(*, scheme: SupportScheme, payer_name: str, amount, returned_on: dt.date, reference: str,
                         recorded_by=None) -> SchemeReturn:
    """Money paid back into a revolving scheme (a loan instalment). Refused for other schemes, for a reused
    reference, and for more than is out (paid out and not yet paid back)."""
    Grant.objects.select_for_update().get(pk=scheme.grant_id)
    scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.revolving:
        raise LedgerError(f"โครงการ {scheme.name} ไม่ใช่กองทุนหมุนเวียน", f"Scheme {scheme.name} is not revolving")
    amount = _money(amount, what_th="จำนวนเงิน", what_en="Amount")
    reference = (reference or "").strip()
    if not reference:
        raise LedgerError("ต้องระบุเลขอ้างอิงการโอน", "A transfer reference is required")
    if SchemeReturn.objects.filter(reference=reference).exists():
        raise LedgerError(f"เลขอ้างอิง {reference} ถูกใช้แล้ว", f"Reference {reference} is already used")
    out = (scheme.disbursements.aggregate(s=Sum("amount"))["s"] or ZERO) - _returned(scheme)
    if amount > out:
        raise LedgerError(f"รับคืนเกินยอดที่ให้ไป ({out:,.2f} บาท)", f"More than is out ({out:,.2f} THB)")
    return SchemeReturn.objects.create(scheme=scheme, payer_name=(payer_name or "").strip(), amount=amount,
                                       returned_on=returned_on, reference=reference, recorded_by=recorded_by)


# ---------------------------------------------------------------------------------------------------------------
# Referrals: invitation and reminders


def public_url(path: str) -> str:
    return settings.SAPHAN_PUBLIC_BASE_URL.rstrip("/") + path


def invitation_link(referral: Referral) -> str:
    """The pre-filled sign-up: the form reads ref/phone/name and the referral is linked on sign-up."""
    params = {"ref": referral.token, "phone": referral.phone, "name": referral.full_name}
    if referral.course_id and referral.course.live:
        params["next"] = referral.course.url  # after signing up, straight to the course they were referred to
    query = urlencode(params)
    return public_url(f"{reverse('trainees:signup')}?{query}")


@transaction.atomic
def referral_invite(*, referral: Referral) -> Referral:
    """Send the youth the invitation (SMS, and e-mail when known) and mark the referral contacted.
    A youth who already has an account is told to log in instead of signing up again."""
    referral = Referral.objects.select_for_update().select_related("partner").get(pk=referral.pk)
    partner = referral.partner.name
    if referral.trainee_id or get_user_model().objects.filter(phone=referral.phone).exists():
        # the SMS goes to that phone's owner only; they confirm the referral after logging in
        login = public_url(reverse("trainees:login") + "?next=" + reverse("my_referrals"))
        text = Text(f"{partner} แนะนำคุณให้เรียนทักษะอาชีพกับสะพานอาชีพ คุณมีบัญชีแล้ว เข้าสู่ระบบเพื่อเลือกหลักสูตร: {login}",
                    f"{partner} referred you to Saphan skills courses. You already have an account; log in: {login}")
    else:
        link = invitation_link(referral)
        course_th = f"หลักสูตร {referral.course.title} " if referral.course_id else ""
        course_en = f"the course {referral.course.title_en or referral.course.title} " if referral.course_id else ""
        text = Text(f"{partner} แนะนำคุณให้เรียน{course_th}ทักษะอาชีพกับสะพานอาชีพ สมัครที่นี่: {link}",
                    f"{partner} referred you to {course_en or 'skills courses '}at Saphan. Sign up here: {link}")
    notify(kind="referral_invitation", text=text, phone=referral.phone, email=referral.email,
           subject=Text("คำเชิญจากสะพานอาชีพ", "Your invitation to Saphan"))
    referral.contacted_at = timezone.now()
    referral.save(update_fields=["contacted_at"])
    return referral


@transaction.atomic
def referral_refer(*, user, full_name: str, phone: str, consent_by: str, national_id: str = "",
                   email: str = "", course=None) -> Referral:
    """A partner officer refers a youth: record it (deduplicated, with consent) and invite them once."""
    referral = referral_create(user=user, full_name=full_name, phone=phone, consent_by=consent_by,
                               national_id=national_id)
    email = (email or "").strip()
    if email and not referral.email:
        referral.email = email
        referral.save(update_fields=["email"])
    if course is not None and referral.course_id is None:
        referral.course = course
        referral.save(update_fields=["course"])
    if referral.contacted_at is None:
        referral = referral_invite(referral=referral)
    return referral


def _stuck_since(referral: Referral, status: str, since: dt.datetime) -> dt.datetime:
    """An enrolled youth is not stuck while the course runs: count from the end of the course."""
    if status == "enrolled" and referral.course_ends_on:
        ends = timezone.make_aware(dt.datetime.combine(referral.course_ends_on, dt.time.max))
        return max(since, ends)
    return since


@transaction.atomic
def referrals_remind_stuck(*, now: dt.datetime | None = None) -> list[int]:
    """Tell each partner's staff about their referrals stuck in one step for more than
    SAPHAN_REFERRAL_STUCK_DAYS days: one digest per staff member, at most once per referral and step.
    Returns the ids of the referrals reminded about."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SAPHAN_REFERRAL_STUCK_DAYS)
    candidates = with_progress(Referral.objects.filter(created_at__lte=cutoff).select_related("partner"))
    stuck: dict[int, list[tuple[Referral, str, dt.datetime]]] = defaultdict(list)
    reminded = set(ReferralReminder.objects.values_list("referral_id", "status"))
    for referral in candidates.exclude(placed_on__isnull=False).order_by("partner_id", "created_at"):
        status, since = referral_current(referral)
        if (referral.pk, status) in reminded or _stuck_since(referral, status, since) > cutoff:
            continue
        try:
            with transaction.atomic():
                ReferralReminder.objects.create(referral=referral, status=status)
        except IntegrityError:  # another run got there first
            continue
        stuck[referral.partner_id].append((referral, status, since))
    for items in stuck.values():
        partner = items[0][0].partner
        lines_th = [f"- {r.full_name}: {STEP_LABELS[s][0]} ตั้งแต่ {timezone.localtime(t):%d/%m/%Y}"
                    for r, s, t in items]
        lines_en = [f"- {r.full_name}: {STEP_LABELS[s][1]} since {timezone.localtime(t):%Y-%m-%d}"
                    for r, s, t in items]
        link = public_url(reverse("partners:referral_list"))
        text = Text(f"{partner.name}: เยาวชน {len(items)} คนไม่มีความคืบหน้าเกิน {settings.SAPHAN_REFERRAL_STUCK_DAYS} วัน\n"
                    + "\n".join(lines_th) + f"\n{link}",
                    f"{partner.name}: {len(items)} referrals have not moved for over "
                    f"{settings.SAPHAN_REFERRAL_STUCK_DAYS} days\n" + "\n".join(lines_en) + f"\n{link}")
        for member in partner.members.select_related("user"):
            notify_user(member.user, kind="referral_stuck", text=text,
                        subject=Text("เยาวชนที่ส่งต่อรอการติดตาม", "Referrals to follow up"))
    return [r.pk for items in stuck.values() for r, _, _ in items]


# ---------------------------------------------------------------------------------------------------------------
# Follow-up surveys after a placement

SURVEY_MONTHS = (3, 6)
MAX_WAGE_THB = Decimal("100000")


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later (or earlier), clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def survey_due_months(placement: Placement, today: dt.date) -> int | None:
    """The survey a running placement is due for today (the later one wins: a placement first seen after
    6 months gets only the 6-month survey), or None."""
    due = [m for m in SURVEY_MONTHS if add_months(placement.start_date, m) <= today]
    return max(due) if due else None


@transaction.atomic
def placement_survey_send(*, placement: Placement, months: int) -> PlacementSurvey | None:
    """Create and send one survey; None if it was already sent (each is sent once) or nobody can be reached."""
    placement = Placement.objects.select_for_update().select_related("trainee__user", "employer").get(pk=placement.pk)
    trainee = placement.trainee
    if trainee.anonymised_at or placement.surveys.filter(months__gte=months).exists():
        return None
    survey = PlacementSurvey.objects.create(placement=placement, months=months, token=secrets.token_urlsafe(16)[:22],
                                            sent_at=timezone.now())
    link = public_url(reverse("partners:survey", args=[survey.token]))
    notify_user(trainee.user, kind=f"placement_survey_{months}m", language=trainee.preferred_language,
                subject=gettext_lazy("สะพานอาชีพ: ถามข่าวงานของคุณ"),
                text=format_lazy(gettext_lazy("สวัสดีค่ะ ครบ {months} เดือนที่คุณเริ่มงานที่ {shop} แล้ว "
                                              "ตอบ 2 ข้อสั้น ๆ ได้ที่: {link}"),
                                 months=months, shop=placement.employer.name, link=link))
    return survey


def placement_surveys_send_due(*, today: dt.date | None = None) -> list[int]:
    """Daily: send every 3- and 6-month survey that is due; each placement's survey is sent once.
    Each placement is its own transaction, so one failure does not hold back the others."""
    today = today or timezone.localdate()
    candidates = (Placement.objects.filter(ended_on__isnull=True, start_date__lte=add_months(today, -3),
                                           trainee__anonymised_at__isnull=True)
                  .exclude(surveys__months=6).order_by("start_date", "pk"))
    sent = []
    for placement in candidates:
        months = survey_due_months(placement, today)
        if months is None:
            continue
        survey = placement_survey_send(placement=placement, months=months)
        if survey:
            sent.append(survey.pk)
    return sent


def _wage(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return parse_thb(value, maximum=MAX_WAGE_THB)
    except AmountError:
        raise SurveyError("ค่าจ้างต้องมากกว่า 0 และไม่เกิน 100,000 บาท",
                          "The wage must be above 0 and at most 100,000 THB") from None


@transaction.atomic
def placement_survey_answer(*, token: str, still_working: bool, wage=None, wage_unit: str = "") -> PlacementSurvey:
    """Record the one answer to a survey; a youth no longer working there ends the placement today."""
    survey = PlacementSurvey.objects.select_for_update().filter(token=token or "").first()
    if survey is None:
        raise SurveyNotFound()
    if survey.answered_at:
        raise SurveyAlreadyAnswered()
    amount = _wage(wage)
    if amount is not None and wage_unit not in Opening.WageUnit.values:
        raise SurveyError("กรุณาเลือกว่าเป็นค่าจ้างต่อวันหรือต่อเดือน", "Choose per day or per month")
    placement = Placement.objects.select_for_update().get(pk=survey.placement_id)
    survey.answered_at = timezone.now()
    survey.still_working = bool(still_working)
    survey.current_wage_thb = amount
    survey.current_wage_unit = wage_unit if amount is not None else ""
    survey.save(update_fields=["answered_at", "still_working", "current_wage_thb", "current_wage_unit"])
    if not still_working and placement.ended_on is None:
        placement.ended_on = max(timezone.localdate(), placement.start_date)
        placement.save(update_fields=["ended_on"])
        announce_graduate_changed(placement.trainee_id)
    return survey
