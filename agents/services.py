"""Every write of the agents app: applications and their review, the revolving fund, instalments, conversions.

Money: every write that moves or commits the fund's money locks the fund row first (`select_for_update`), so two
approvals or disbursements racing cannot lend more than the fund holds. The fund is a ledger of positive
FundEntry rows; its balance is computed, so capital + repaid − disbursed = available always holds. Each fund also
has its account in the funding ledger (partners: a grant holding one revolving scheme); every capital addition,
payout and repayment is written there in the same transaction and linked from its FundEntry, so the ledger's
pages show the fund's transfers and selectors.ledger_agrees checks both say the same."""

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from accounts.notifications import notify_user
from courses.models import District
from employers.models import EmployerMember, Placement
from partners.services import _money, normalize_promptpay_id
from payments.services import invoice_create
from trainees.identity import normalize_phone
from trainees.models import Certificate

from .exceptions import (
    AgentError,
    CertificateNotValid,
    ConflictOfInterest,
    InsufficientBalance,
    LedgerError,
    LoanError,
)
from .models import (
    Agent,
    AgentEvent,
    AgentPhoto,
    Conversion,
    Fund,
    FundEntry,
    Instalment,
    Loan,
    LoanApproval,
    Reschedule,
    ToolItem,
    new_badge_code,
)
from .signals import announce_agent_changed

ZERO = Decimal("0.00")
S = Agent.Status
MAX_PHOTOS = 6

# status → statuses staff may move it to; returned and suspended need a reason
TRANSITIONS = {
    S.SUBMITTED: {S.SITE_VISIT, S.RETURNED},
    S.SITE_VISIT: {S.APPROVED, S.RETURNED},
    S.RETURNED: set(),  # the applicant resubmits (agent_resubmit)
    S.APPROVED: {S.SUSPENDED},
    S.SUSPENDED: {S.APPROVED},
}
NEEDS_REASON = {S.RETURNED, S.SUSPENDED}


# ---------------------------------------------------------------------------------------------------------------
# Applications


def _certificates(*, user, certificate_ids, certificate_codes, employer) -> list[Certificate]:
    """Certificates are picked from Saphan's own records: the applicant's, or (for an existing shop) those of a
    technician currently placed at that shop. A revoked, unknown or someone else's certificate is refused."""
    found: dict[int, Certificate] = {}
    own = Certificate.objects.filter(trainee__user=user, revoked_at__isnull=True)
    for pk in certificate_ids or []:
        cert = own.filter(pk=pk).first()
        if cert is None:
            raise CertificateNotValid("ใบรับรองที่เลือกไม่ใช่ของคุณหรือถูกเพิกถอนแล้ว",
                                      "A chosen certificate is not yours or has been revoked.")
        found[cert.pk] = cert
    for raw in certificate_codes or []:
        code = (raw or "").strip()
        if not code:
            continue
        cert = Certificate.objects.select_related("trainee").filter(code=code).first()
        if cert is None:
            raise CertificateNotValid(f"ไม่พบใบรับรองเลขที่ {code} ในระบบสะพานอาชีพ",
                                      f"No Saphan certificate has the number {code}.")
        if cert.revoked_at:
            raise CertificateNotValid(f"ใบรับรองเลขที่ {code} ถูกเพิกถอนแล้ว", f"Certificate {code} has been revoked.")
        works_here = employer is not None and Placement.objects.filter(
            employer=employer, trainee=cert.trainee, ended_on__isnull=True).exists()
        if cert.trainee.user_id != user.pk and not works_here:
            raise CertificateNotValid(f"ผู้ถือใบรับรอง {code} ไม่ได้ทำงานที่ร้านนี้",
                                      f"The holder of certificate {code} does not work at this shop.")
        found[cert.pk] = cert
    if not found:
        raise CertificateNotValid("ต้องมีใบรับรองของสะพานอาชีพอย่างน้อย 1 ใบ",
                                  "At least one Saphan certificate is required.")
    return list(found.values())


def _tools(tool_codes) -> list[ToolItem]:
    chosen = list(ToolItem.objects.filter(code__in=tool_codes or []))
    missing = ToolItem.objects.filter(required=True).exclude(pk__in=[t.pk for t in chosen])
    if missing.exists():
        names = ", ".join(t.label_th for t in missing)
        raise AgentError(f"ยังขาดเครื่องมือ/พื้นที่ที่จำเป็น: {names}",
                         f"Required tools or space missing: {', '.join(t.label_en or t.code for t in missing)}")
    return chosen


def _validate_photos(photos) -> None:
    if len(photos) > MAX_PHOTOS:
        raise AgentError(f"แนบรูปได้ไม่เกิน {MAX_PHOTOS} รูป", f"At most {MAX_PHOTOS} photos")
    from .models import validate_photo

    for photo in photos:
        try:
            validate_photo(photo)
        except ValidationError as exc:
            raise AgentError(f"รูป {photo.name}: {exc.messages[0]}", f"Photo {photo.name}: {exc.messages[0]}") from None


def _details(*, shop_name, phone, address, district_code, lat, lon, services, opening_hours) -> dict:
    district = District.objects.filter(code=district_code or "").first()
    if district is None:
        raise AgentError("กรุณาเลือกอำเภอ", "Choose a district")
    if not (shop_name or "").strip() or not (address or "").strip() or not (opening_hours or "").strip():
        raise AgentError("กรุณากรอกชื่อร้าน ที่อยู่ และเวลาเปิดทำการ", "Shop name, address and opening hours are required")
    services = [s for s in services or [] if s in Agent.Service.values]
    if not services:
        raise AgentError("เลือกบริการอย่างน้อย 1 อย่าง", "Choose at least one service")
    lat = district.lat if lat in (None, "") else float(lat)
    lon = district.lon if lon in (None, "") else float(lon)
    if not (14.5 <= lat <= 17.5 and 101.5 <= lon <= 103.8):  # Khon Kaen and its borders
        raise AgentError("ตำแหน่งร้านอยู่นอกจังหวัดขอนแก่น", "The shop's location is outside Khon Kaen")
    return {"shop_name": shop_name.strip(), "phone": normalize_phone(phone), "address": address.strip(),
            "district": district, "lat": lat, "lon": lon, "services": services,
            "opening_hours": opening_hours.strip()}


@transaction.atomic
def agent_apply(*, user, shop_name: str, phone: str, address: str, district_code: str, services: list[str],
                opening_hours: str, certificate_ids=(), certificate_codes=(), tool_codes=(), photos=(),
                lat=None, lon=None, employer=None, partner=None) -> Agent:
    """A graduate (or a shop whose technician holds the certificate) applies; staff then review it."""
    if employer is not None and not EmployerMember.objects.filter(employer=employer, user=user).exists():
        raise AgentError("คุณไม่ได้เป็นสมาชิกของร้านนี้", "You are not a member of this shop")
    if Agent.objects.filter(user=user).exists():  # a suspended agent is reinstated by staff, not re-created
        raise AgentError("คุณมีใบสมัครตัวแทนอยู่แล้ว", "You already have an agent application")
    details = _details(shop_name=shop_name, phone=phone, address=address, district_code=district_code, lat=lat,
                       lon=lon, services=services, opening_hours=opening_hours)
    certs = _certificates(user=user, certificate_ids=certificate_ids, certificate_codes=certificate_codes,
                          employer=employer)
    tools = _tools(tool_codes)
    _validate_photos(list(photos))
    agent = Agent.objects.create(user=user, employer=employer, partner=partner, **details)
    agent.certificates.set(certs)
    agent.tools.set(tools)
    for photo in photos:
        AgentPhoto.objects.create(agent=agent, image=photo)  # saved through the default storage
    AgentEvent.objects.create(agent=agent, to_status=S.SUBMITTED, by=user)
    return agent


@transaction.atomic
def agent_resubmit(*, agent: Agent, user, tool_codes=None, **changes) -> Agent:
    """The applicant answers the reasons it was returned with and sends it back for review."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if agent.user_id != user.pk:
        raise AgentError("ไม่ใช่ใบสมัครของคุณ", "Not your application")
    if agent.status != S.RETURNED:
        raise AgentError("ส่งใหม่ได้เฉพาะใบสมัครที่ถูกส่งกลับ", "Only a returned application can be resubmitted")
    if changes:
        current = {"shop_name": agent.shop_name, "phone": agent.phone, "address": agent.address,
                   "district_code": agent.district_id, "lat": agent.lat, "lon": agent.lon,
                   "services": agent.services, "opening_hours": agent.opening_hours}
        current.update(changes)
        for key, value in _details(**current).items():
            setattr(agent, key, value)
    if tool_codes is not None:
        agent.tools.set(_tools(tool_codes))
    agent.status = S.SUBMITTED
    agent.save()
    AgentEvent.objects.create(agent=agent, from_status=S.RETURNED, to_status=S.SUBMITTED, by=user)
    return agent


def _tell_applicant(agent: Agent, status: str, reason: str) -> None:
    texts = {
        S.SITE_VISIT: gettext_lazy("สะพานอาชีพ: ใบสมัครตัวแทนแปลงรถของ {shop} ผ่านการตรวจเอกสาร "
                                   "เจ้าหน้าที่จะติดต่อนัดตรวจสถานที่"),
        S.APPROVED: gettext_lazy("สะพานอาชีพ: ยินดีด้วย {shop} เป็นตัวแทนแปลงรถไฟฟ้าที่ได้รับอนุญาตแล้ว เลขตรา {badge}"),
        S.RETURNED: gettext_lazy("สะพานอาชีพ: ใบสมัครของ {shop} ต้องแก้ไข: {reason}"),
        S.SUSPENDED: gettext_lazy("สะพานอาชีพ: ระงับการเป็นตัวแทนของ {shop} ชั่วคราว: {reason}"),
    }
    notify_user(agent.user, kind=f"agent_{status}", language=_language_of(agent.user), text=format_lazy(
        texts[status], shop=agent.shop_name, badge=agent.badge_code, reason=reason))


def _language_of(user) -> str:
    trainee = getattr(user, "trainee", None)
    return getattr(trainee, "preferred_language", "") or "th"


@transaction.atomic
def agent_review(*, agent: Agent, to_status: str, by, reason: str = "") -> Agent:
    """Staff move an application along: submitted → site visit → approved / returned with reasons; approved ⇄
    suspended. Every step is kept in AgentEvent; approval issues the badge once; the directory follows on commit."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if not getattr(by, "is_staff", False):
        raise ConflictOfInterest("เฉพาะเจ้าหน้าที่โครงการ", "Programme staff only")
    if to_status not in TRANSITIONS.get(agent.status, set()):
        raise AgentError(f"เปลี่ยนสถานะจาก {agent.get_status_display()} เป็น {to_status} ไม่ได้",
                         f"Cannot move from {agent.status} to {to_status}")
    reason = (reason or "").strip()
    if to_status in NEEDS_REASON and not reason:
        raise AgentError("กรุณาระบุเหตุผล", "A reason is required")
    if by.pk == agent.user_id:
        raise ConflictOfInterest("ตรวจใบสมัครของตนเองไม่ได้", "You cannot review your own application")
    previous = agent.status
    agent.status = to_status
    if to_status == S.APPROVED:
        agent.badge_code = agent.badge_code or new_badge_code()
        agent.approved_at = agent.approved_at or timezone.now()
    agent.save()
    AgentEvent.objects.create(agent=agent, from_status=previous, to_status=to_status, reason=reason, by=by)
    _tell_applicant(agent, to_status, reason)
    announce_agent_changed(agent.pk)
    return agent


@transaction.atomic
def agent_update_listing(*, agent: Agent, user, services: list[str], opening_hours: str) -> Agent:
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if agent.user_id != user.pk:
        raise AgentError("ไม่ใช่ร้านของคุณ", "Not your shop")
    details = _details(shop_name=agent.shop_name, phone=agent.phone, address=agent.address,
                       district_code=agent.district_id, lat=agent.lat, lon=agent.lon, services=services,
                       opening_hours=opening_hours)
    agent.services, agent.opening_hours = details["services"], details["opening_hours"]
    agent.save(update_fields=["services", "opening_hours", "updated_at"])
    announce_agent_changed(agent.pk)
    return agent


# ---------------------------------------------------------------------------------------------------------------
# The revolving fund


def _totals(fund_id: int) -> dict:
    sums = dict(FundEntry.objects.filter(fund_id=fund_id).values_list("kind").annotate(s=Sum("amount")))
    capital = sums.get(FundEntry.Kind.CAPITAL) or ZERO
    repaid = sums.get(FundEntry.Kind.REPAYMENT) or ZERO
    disbursed = sums.get(FundEntry.Kind.DISBURSEMENT) or ZERO
    committed = Loan.objects.filter(fund_id=fund_id, status=Loan.Status.APPROVED).aggregate(
        s=Sum("amount"))["s"] or ZERO
    available = capital + repaid - disbursed
    return {"capital": capital, "repaid": repaid, "disbursed": disbursed, "available": available,
            "committed": committed, "free": available - committed}


def _lock(fund: Fund | int) -> Fund:
    return Fund.objects.select_for_update().get(pk=getattr(fund, "pk", fund))


FUND_GRANT_YEARS = 10  # the ledger grant that is a fund's account runs this long (a grant needs a period)


@transaction.atomic
def fund_create(*, name: str, capital, payee_key: str, reference: str, on: dt.date | None = None, grant=None,
                by=None, applicants_may_borrow: bool = False, max_loan="50000", source: str = "",
                note: str = "") -> Fund:
    """A revolving fund and its account in the funding ledger (partners): its own grant, from the sponsor of
    the first capital, holding one revolving scheme. Every payout is a ledger Disbursement and every repayment a
    ledger SchemeReturn under that scheme, so /partners/ledger/ shows the fund's transfers and its cap (capital +
    repaid − disbursed) is the fund's own. `grant` (an existing ledger grant) is kept as where the money came from.
    The account is kept (partners.selectors.grants_visible_to) by the payee's staff group: the organisation that
    collects the fund's repayments reads its transfers; without one only superusers do."""
    from partners.services import grant_create, scheme_create
    from payments.models import Payee

    name = (name or "").strip()
    if not name:
        raise LedgerError("กรุณาตั้งชื่อกองทุน", "Name the fund")
    if Fund.objects.filter(name=name).exists():
        raise LedgerError(f"มีกองทุนชื่อ {name} แล้ว", f"A fund named {name} already exists")
    amount = _money(capital, what_th="เงินทุน", what_en="Capital")
    on = on or timezone.localdate()
    source = (source or "").strip() or (grant.sponsor_name if grant else "") or name
    keeper = Payee.objects.select_related("staff_group").filter(key=payee_key).first()
    account = grant_create(sponsor_name=source, title=f"กองทุนหมุนเวียน: {name}", amount=amount, period_start=on,
                           period_end=add_months(on, 12 * FUND_GRANT_YEARS),
                           purpose="บัญชีของกองทุนหมุนเวียน (ให้กู้และรับชำระคืน) / a revolving fund's account",
                           staff_group=keeper.staff_group if keeper else None)
    scheme = scheme_create(grant=account, name=name, allocated=amount, requires_out_of_school=False, revolving=True)
    fund = Fund.objects.create(name=name, payee_key=payee_key, grant=grant, scheme=scheme,
                               applicants_may_borrow=applicants_may_borrow,
                               max_loan=_money(max_loan, what_th="วงเงินกู้สูงสุด", what_en="Maximum loan"))
    _entry(fund=fund, kind=FundEntry.Kind.CAPITAL, amount=amount, reference=reference, on=on, by=by, source=source,
           note=note)
    return fund


@transaction.atomic
def fund_add_capital(*, fund: Fund, amount, reference: str, on: dt.date | None = None, by=None, source: str = "",
                     note: str = "") -> FundEntry:
    """New capital: the fund's ledger account (grant and allocation) grows by the same amount."""
    from partners.services import scheme_top_up

    fund = _lock(fund)
    amount = _money(amount, what_th="เงินทุน", what_en="Capital")
    entry = _entry(fund=fund, kind=FundEntry.Kind.CAPITAL, amount=amount, reference=reference,
                   on=on or timezone.localdate(), by=by, source=(source or "").strip(), note=(note or "").strip())
    if fund.scheme_id:
        scheme_top_up(scheme=fund.scheme, amount=amount)
    return entry


def _entry(*, fund, kind, amount, reference, on, by=None, loan=None, instalment=None, promptpay_id="",
           **extra) -> FundEntry:
    reference = (reference or "").strip()
    if not reference:
        raise LedgerError("ต้องระบุเลขอ้างอิง", "A reference is required")
    if FundEntry.objects.filter(reference=reference).exists():
        raise LedgerError(f"เลขอ้างอิง {reference} ถูกใช้แล้ว", f"Reference {reference} is already used")
    return FundEntry.objects.create(fund=fund, kind=kind, amount=amount, reference=reference, on=on, recorded_by=by,
                                    loan=loan, instalment=instalment, promptpay_id=promptpay_id, **extra)


@transaction.atomic
def loan_apply(*, agent: Agent, fund: Fund, user, amount, purpose: str, instalments: int,
               purpose_detail: str = "") -> Loan:
    """Working capital for an approved agent (or an applicant, where the fund allows it)."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if agent.user_id != user.pk:
        raise LoanError("ไม่ใช่ร้านของคุณ", "Not your shop")
    eligible = {S.APPROVED} | ({S.SUBMITTED, S.SITE_VISIT} if fund.applicants_may_borrow else set())
    if agent.status not in eligible:
        raise LoanError("ขอกู้ได้เมื่อได้รับอนุมัติเป็นตัวแทนแล้ว", "Only approved agents may apply for a loan")
    if purpose not in Loan.Purpose.values:
        raise LoanError("กรุณาเลือกวัตถุประสงค์", "Choose a purpose")
    amount = _money(amount, what_th="จำนวนเงินกู้", what_en="Loan amount")
    if amount > fund.max_loan:
        raise LoanError(f"กู้ได้ไม่เกิน {fund.max_loan:,.2f} บาท", f"At most {fund.max_loan:,.2f} THB")
    try:
        instalments = int(instalments)
    except (TypeError, ValueError):
        instalments = 0
    if not 1 <= instalments <= 36:
        raise LoanError("ผ่อนได้ 1–36 งวด", "1 to 36 monthly instalments")
    if agent.loans.filter(status__in=[Loan.Status.SUBMITTED, Loan.Status.APPROVED, Loan.Status.DISBURSED]).exists():
        raise LoanError("มีคำขอกู้หรือเงินกู้ที่ยังไม่ปิดอยู่แล้ว", "There is already an open loan or application")
    return Loan.objects.create(fund=fund, agent=agent, amount=amount, purpose=purpose, instalments=instalments,
                               purpose_detail=(purpose_detail or "").strip())


def _same_organisation(user, agent: Agent) -> bool:
    if user.pk == agent.user_id:
        return True
    if agent.employer_id and EmployerMember.objects.filter(employer_id=agent.employer_id, user=user).exists():
        return True
    membership = getattr(user, "partner_membership", None)
    return bool(agent.partner_id and membership is not None and membership.partner_id == agent.partner_id)


@transaction.atomic
def loan_approve(*, loan: Loan, by) -> Loan:
    """One committee member's approval. The loan is approved once `fund.approvals_required` different staff have
    approved; that last approval reserves the money, refused if the fund's free balance cannot cover it."""
    fund = _lock(loan.fund_id)  # fund first, then loan: every money write takes locks in this order
    loan = Loan.objects.select_for_update().select_related("agent").get(pk=loan.pk)
    if not getattr(by, "is_staff", False):
        raise ConflictOfInterest("เฉพาะกรรมการกองทุน", "Fund committee only")
    if _same_organisation(by, loan.agent):
        raise ConflictOfInterest()
    if loan.status != Loan.Status.SUBMITTED:
        raise LoanError("คำขอนี้พิจารณาแล้ว", "This application has already been decided")
    if loan.approvals.filter(by=by).exists():
        raise LoanError("คุณอนุมัติคำขอนี้แล้ว ต้องให้กรรมการอีกคนอนุมัติ", "You already approved; another member must")
    if loan.approvals.count() + 1 >= fund.approvals_required:
        free = _totals(fund.pk)["free"]
        if loan.amount > free:
            raise InsufficientBalance(f"กองทุนมีเงินว่าง {free:,.2f} บาท ไม่พอให้กู้ {loan.amount:,.2f} บาท",
                                      f"The fund has {free:,.2f} THB free, not enough for {loan.amount:,.2f} THB")
        loan.status = Loan.Status.APPROVED
        loan.approved_at = timezone.now()
        loan.save(update_fields=["status", "approved_at"])
    LoanApproval.objects.create(loan=loan, by=by)
    return loan


@transaction.atomic
def loan_reject(*, loan: Loan, by, reason: str) -> Loan:
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if not getattr(by, "is_staff", False):
        raise ConflictOfInterest("เฉพาะกรรมการกองทุน", "Fund committee only")
    if loan.status not in (Loan.Status.SUBMITTED, Loan.Status.APPROVED):
        raise LoanError("คำขอนี้โอนเงินแล้วหรือปิดแล้ว", "This loan is already disbursed or closed")
    if not (reason or "").strip():
        raise LoanError("กรุณาระบุเหตุผล", "A reason is required")
    loan.status, loan.decided_reason = Loan.Status.REJECTED, reason.strip()
    loan.save(update_fields=["status", "decided_reason"])
    return loan


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def split_instalments(amount: Decimal, count: int) -> list[Decimal]:
    """Equal monthly parts in whole satang; the last part absorbs the remainder so they add up exactly."""
    part = (amount / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [part] * (count - 1) + [amount - part * (count - 1)]


@transaction.atomic
def loan_disburse(*, loan: Loan, by, promptpay_id: str, reference: str, paid_on: dt.date | None = None) -> FundEntry:
    """Staff record the PromptPay transfer of an approved loan; the instalment schedule starts a month later.
    Refused when the fund does not hold the money (never negative) or the bank reference was used before."""
    fund = _lock(loan.fund_id)
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if not getattr(by, "is_staff", False):
        raise ConflictOfInterest("เฉพาะเจ้าหน้าที่กองทุน", "Fund staff only")
    if loan.status != Loan.Status.APPROVED:
        raise LoanError("โอนได้เฉพาะคำขอที่อนุมัติครบแล้ว", "Only a fully approved loan can be disbursed")
    available = _totals(fund.pk)["available"]
    if loan.amount > available:
        raise InsufficientBalance(f"กองทุนคงเหลือ {available:,.2f} บาท ไม่พอโอน {loan.amount:,.2f} บาท",
                                  f"The fund holds {available:,.2f} THB, not enough for {loan.amount:,.2f} THB")
    paid_on = paid_on or timezone.localdate()
    promptpay_id = normalize_promptpay_id(promptpay_id)
    ledger = None
    if fund.scheme_id:  # the same transfer in the funding ledger (which checks its own cap too)
        from partners.services import disbursement_record

        ledger = disbursement_record(scheme=fund.scheme, recipient_name=loan.agent.shop_name,
                                     promptpay_id=promptpay_id, amount=loan.amount, paid_on=paid_on,
                                     reference=reference, recorded_by=by)
    entry = _entry(fund=fund, kind=FundEntry.Kind.DISBURSEMENT, amount=loan.amount, reference=reference, on=paid_on,
                   by=by, loan=loan, promptpay_id=promptpay_id, disbursement=ledger)
    for number, part in enumerate(split_instalments(loan.amount, loan.instalments), start=1):
        Instalment.objects.create(loan=loan, number=number, due_on=add_months(paid_on, number), amount=part)
    loan.status = Loan.Status.DISBURSED
    loan.save(update_fields=["status"])
    return entry


INSTALMENT_KIND = "fund_instalment"


@transaction.atomic
def instalment_invoice(*, instalment: Instalment, user):
    """The PromptPay invoice for one unpaid instalment (reused while it is open), through the payments app."""
    from payments.models import Invoice

    instalment = Instalment.objects.select_for_update().select_related("loan__agent", "loan__fund").get(
        pk=instalment.pk)
    loan = instalment.loan
    if loan.agent.user_id != user.pk:
        raise LoanError("ไม่ใช่เงินกู้ของคุณ", "Not your loan")
    if instalment.paid_at:
        raise LoanError("งวดนี้ชำระแล้ว", "This instalment is already paid")
    if instalment.invoice_id and instalment.invoice.status == Invoice.Status.OPEN:
        return instalment.invoice
    invoice = invoice_create(
        payable_kind=INSTALMENT_KIND, payable_ref=str(instalment.pk), payer=user, payee_key=loan.fund.payee_key,
        amount=instalment.amount, description_th=f"ผ่อนชำระกองทุนหมุนเวียน งวดที่ {instalment.number}/{loan.instalments}",
        description_en=f"Revolving fund repayment, instalment {instalment.number} of {loan.instalments}")
    instalment.invoice = invoice
    instalment.save(update_fields=["invoice"])
    return invoice


@transaction.atomic
def instalment_mark_paid(*, instalment_id: int, invoice_id: int) -> Instalment:
    """Called back by payments (on commit) when an instalment's invoice is paid: the instalment's amount returns
    to the fund. Idempotent: a second call for the same instalment changes nothing. (The invoice's satang offset
    only makes the transfer identifiable; the fund is credited with what was owed.)"""
    from payments.models import Invoice

    fund_id = Instalment.objects.filter(pk=instalment_id).values_list("loan__fund_id", flat=True).get()
    fund = _lock(fund_id)
    instalment = Instalment.objects.select_for_update().select_related("loan").get(pk=instalment_id)
    if instalment.paid_at:
        return instalment
    invoice = Invoice.objects.get(pk=invoice_id, payable_kind=INSTALMENT_KIND, payable_ref=str(instalment_id))
    if invoice.status != Invoice.Status.PAID:
        raise LedgerError("ใบแจ้งหนี้ยังไม่ได้ชำระ", "The invoice is not paid")
    instalment.paid_at = invoice.paid_at or timezone.now()
    instalment.invoice = invoice
    instalment.save(update_fields=["paid_at", "invoice"])
    paid_on = timezone.localtime(instalment.paid_at).date()
    try:
        with transaction.atomic():
            ledger = None
            if fund.scheme_id:  # money back into the fund's ledger account: available to lend again
                from partners.services import scheme_return_record

                ledger = scheme_return_record(scheme=fund.scheme, payer_name=instalment.loan.agent.shop_name,
                                              amount=instalment.amount, returned_on=paid_on,
                                              reference=f"inv:{invoice.number}")
            _entry(fund=fund, kind=FundEntry.Kind.REPAYMENT, amount=instalment.amount,
                   reference=f"inv:{invoice.number}", on=paid_on, loan=instalment.loan, instalment=instalment,
                   ledger_return=ledger)
    except IntegrityError:
        raise LedgerError("บันทึกการชำระซ้ำ", "Repayment already recorded") from None
    loan = instalment.loan
    if not loan.schedule.filter(paid_at__isnull=True).exists():
        loan.status = Loan.Status.REPAID
        loan.save(update_fields=["status"])
    return instalment


@transaction.atomic
def instalment_reschedule(*, instalment: Instalment, new_due: dt.date, reason: str, by) -> Instalment:
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if not getattr(by, "is_staff", False):
        raise ConflictOfInterest("เฉพาะเจ้าหน้าที่กองทุน", "Fund staff only")
    if instalment.paid_at:
        raise LoanError("งวดนี้ชำระแล้ว", "This instalment is already paid")
    if not (reason or "").strip():
        raise LoanError("กรุณาระบุเหตุผลการเลื่อนงวด", "A reason is required to reschedule")
    if new_due <= timezone.localdate():
        raise LoanError("วันครบกำหนดใหม่ต้องเป็นวันในอนาคต", "The new due date must be in the future")
    Reschedule.objects.create(instalment=instalment, from_due=instalment.due_on, to_due=new_due,
                              reason=reason.strip(), by=by)
    instalment.due_on = new_due
    instalment.overdue_flagged_at = None
    instalment.reminded_at = None
    instalment.save(update_fields=["due_on", "overdue_flagged_at", "reminded_at"])
    return instalment


def instalments_flag_overdue(*, today: dt.date | None = None) -> list[int]:
    """Daily: flag unpaid instalments past their due date and remind the agent once, in Thai (SMS and LINE),
    with the link to pay. Each instalment is its own transaction. Returns the ids newly flagged."""
    from django.urls import reverse

    today = today or timezone.localdate()
    flagged = []
    ids = Instalment.objects.filter(paid_at__isnull=True, due_on__lt=today, overdue_flagged_at__isnull=True,
                                    loan__status=Loan.Status.DISBURSED).values_list("pk", flat=True)
    for pk in ids:
        with transaction.atomic():
            inst = (Instalment.objects.select_for_update(of=("self",)).select_related("loan__agent__user")
                    .filter(pk=pk, paid_at__isnull=True, overdue_flagged_at__isnull=True).first())
            if inst is None:
                continue
            now = timezone.now()
            inst.overdue_flagged_at = now
            inst.reminded_at = now
            inst.save(update_fields=["overdue_flagged_at", "reminded_at"])
            agent = inst.loan.agent
            days = (today - inst.due_on).days
            link = settings.SAPHAN_PUBLIC_BASE_URL.rstrip("/") + reverse("agents:me")
            text = format_lazy(
                gettext_lazy("สะพานอาชีพ: ค่างวดกองทุนหมุนเวียนงวดที่ {number} ของ {shop} จำนวน {amount} บาท "
                             "เลยกำหนด {days} วัน ชำระด้วยพร้อมเพย์ได้ที่ {link} หากมีปัญหาติดต่อเจ้าหน้าที่เพื่อขอเลื่อนงวด"),
                number=inst.number, shop=agent.shop_name, amount=f"{inst.amount:,.2f}", days=days, link=link)
            notify_user(agent.user, kind="fund_instalment_overdue", language=_language_of(agent.user), text=text)
            flagged.append(pk)
    return flagged


# ---------------------------------------------------------------------------------------------------------------
# Conversions


@transaction.atomic
def conversion_record(*, agent: Agent, user, converted_on: dt.date, motorcycle_type: str, kit: str) -> Conversion:
    """An approved agent records one completed conversion (no owner data)."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if agent.user_id != user.pk:
        raise AgentError("ไม่ใช่ร้านของคุณ", "Not your shop")
    if agent.status != S.APPROVED:
        raise AgentError("บันทึกได้เฉพาะตัวแทนที่ได้รับอนุมัติ", "Only approved agents record conversions")
    today = timezone.localdate()
    if converted_on > today or converted_on < (agent.approved_at and timezone.localtime(agent.approved_at).date()
                                               or today) - dt.timedelta(days=31):
        raise AgentError("วันที่แปลงรถไม่ถูกต้อง", "The conversion date is not valid")
    if motorcycle_type not in Conversion.MotorcycleType.values:
        raise AgentError("กรุณาเลือกประเภทรถ", "Choose the motorcycle type")
    if not (kit or "").strip():
        raise AgentError("กรุณาระบุชุดแปลงที่ใช้", "Name the kit used")
    return Conversion.objects.create(agent=agent, district_id=agent.district_id, converted_on=converted_on,
                                     motorcycle_type=motorcycle_type, kit=kit.strip()[:120])
