"""The conversion-agent programme: graduates (or shops whose technician holds a Saphan certificate) become
authorised petrol-to-electric conversion agents, borrow from a revolving fund and record their conversions.

Money is Decimal THB. The fund's balance is computed from its ledger rows (never stored), so its books always
balance: capital + repaid − disbursed = available. Conversions carry no owner personal data."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from config.i18n import localized


def new_badge_code() -> str:
    return "AG-" + secrets.token_hex(5).upper()


class ToolItem(models.Model):
    """One line of the tools-and-space checklist the programme defines (required items must all be ticked)."""

    code = models.SlugField(gettext_lazy("รหัส"), max_length=40, unique=True)
    label_th = models.CharField(gettext_lazy("ชื่อรายการ (ไทย)"), max_length=200)
    label_en = models.CharField(gettext_lazy("ชื่อรายการ (อังกฤษ)"), max_length=200, blank=True)
    required = models.BooleanField(gettext_lazy("จำเป็น"), default=True,
                                   help_text=gettext_lazy("ใบสมัครต้องติ๊กทุกรายการที่จำเป็น"))
    order = models.PositiveSmallIntegerField(gettext_lazy("ลำดับ"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = gettext_lazy("รายการเครื่องมือและพื้นที่")
        verbose_name_plural = gettext_lazy("รายการเครื่องมือและพื้นที่")

    def __str__(self):
        return localized(self, "label")


class Agent(models.Model):
    """An application to become an authorised conversion agent, and the agent it becomes once approved."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_lazy("ส่งใบสมัครแล้ว")
        SITE_VISIT = "site_visit", gettext_lazy("นัดตรวจสถานที่")
        APPROVED = "approved", gettext_lazy("อนุมัติเป็นตัวแทน")
        RETURNED = "returned", gettext_lazy("ส่งกลับให้แก้ไข")
        SUSPENDED = "suspended", gettext_lazy("ระงับ")

    class Service(models.TextChoices):
        CONVERSION = "conversion", gettext_lazy("แปลงรถน้ำมันเป็นไฟฟ้า")
        REPAIR = "repair", gettext_lazy("ซ่อมรถจักรยานยนต์ไฟฟ้า")
        BATTERY = "battery", gettext_lazy("ตรวจและเปลี่ยนแบตเตอรี่")
        INSPECTION = "inspection", gettext_lazy("ตรวจสภาพก่อนจดทะเบียน")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent_applications",
                             help_text=gettext_lazy("ผู้สมัครและผู้ดูแลร้านบนสะพานอาชีพ"))
    employer = models.ForeignKey("employers.Employer", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text=gettext_lazy("ร้านซ่อมที่มีอยู่แล้วบนสะพานอาชีพ "
                                                                          "(ถ้ามี)"))
    partner = models.ForeignKey("partners.Partner", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text=gettext_lazy("หน่วยงานที่สนับสนุน "
                                                                         "(สมาชิกของหน่วยงานนี้อนุมัติเงินกู้ของตัวแทนรายนี้ไม่ได้)"))
    shop_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=10)
    address = models.CharField(max_length=300)
    district = models.ForeignKey("courses.District", on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    services = models.JSONField(default=list, help_text=gettext_lazy("รหัสบริการของตัวแทน (Agent.Service)"))
    opening_hours = models.CharField(max_length=200, help_text=gettext_lazy("เช่น จ.–ส. 08:30–17:30"))
    certificates = models.ManyToManyField("trainees.Certificate", related_name="agents",
                                          help_text=gettext_lazy("ใบรับรองสะพานอาชีพที่ช่างของร้านถืออยู่"))
    tools = models.ManyToManyField(ToolItem, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    badge_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["submitted", "site_visit", "returned"])
                                   | Q(badge_code__isnull=False), name="agent_badge_once_approved"),
        ]

    def __str__(self):
        return self.shop_name

    def service_labels(self) -> list[str]:
        labels = dict(self.Service.choices)
        return [labels[c] for c in self.services if c in labels]


def validate_photo(image) -> None:
    """JPEG/PNG/WebP up to SAPHAN_AGENT_PHOTO_MAX_BYTES, checked on the decoded image, not the file name."""
    from django.core.exceptions import ValidationError
    from PIL import Image, UnidentifiedImageError

    if image.size > settings.SAPHAN_AGENT_PHOTO_MAX_BYTES:
        raise ValidationError(
            gettext("รูปใหญ่เกิน %(mb)s MB") % {"mb": settings.SAPHAN_AGENT_PHOTO_MAX_BYTES // 1_000_000})
    try:
        image.seek(0)
        with Image.open(image) as img:
            kind = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(gettext("ไฟล์นี้ไม่ใช่รูปภาพ")) from None
    finally:
        image.seek(0)
    if kind not in {"JPEG", "PNG", "WEBP"}:
        raise ValidationError(gettext("รับเฉพาะ JPG, PNG หรือ WebP"))


class AgentPhoto(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="agents/%Y/%m/", validators=[validate_photo])
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.image.name


class AgentEvent(models.Model):
    """The review history of an application: every status change, who made it and why."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.agent_id}: {self.from_status} → {self.to_status}"


class Fund(models.Model):
    """A revolving fund. Its balance lives in FundEntry rows; the fund row itself is the lock for every write."""

    name = models.CharField(max_length=200)
    payee_key = models.CharField(max_length=50, help_text=gettext_lazy("รหัสผู้รับเงิน "
                                                                       "(payments.Payee.key) ที่รับค่างวด"))
    grant = models.ForeignKey("partners.Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text=gettext_lazy("ที่มาของเงินทุน หากอยู่ในบัญชีทุน"))
    scheme = models.OneToOneField("partners.SupportScheme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="fund", help_text=gettext_lazy("บัญชีหมุนเวียนของกองทุนในบัญชีทุน: "
                                                                              "ทุกการจ่ายเงินกู้และการชำระคืนเป็นรายการโอนในบัญชีนี้"))
    approvals_required = models.PositiveSmallIntegerField(default=2)
    applicants_may_borrow = models.BooleanField(default=False,
                                                help_text=gettext_lazy("ผู้สมัครที่ยังไม่ได้รับอนุมัติยื่นขอกู้ได้"))
    max_loan = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("50000.00"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(approvals_required__gte=2), name="fund_two_approvers")]

    def __str__(self):
        return self.name


class Loan(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_lazy("รอพิจารณา")
        APPROVED = "approved", gettext_lazy("อนุมัติแล้ว รอโอน")
        REJECTED = "rejected", gettext_lazy("ไม่อนุมัติ")
        DISBURSED = "disbursed", gettext_lazy("โอนแล้ว กำลังผ่อน")
        REPAID = "repaid", gettext_lazy("ชำระครบ")

    class Purpose(models.TextChoices):
        KITS = "kits", gettext_lazy("ชุดแปลง")
        TOOLS = "tools", gettext_lazy("เครื่องมือ")
        BOTH = "both", gettext_lazy("ชุดแปลงและเครื่องมือ")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="loans")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="loans")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    purpose_detail = models.TextField(blank=True)
    instalments = models.PositiveSmallIntegerField(help_text=gettext_lazy("จำนวนงวดรายเดือน"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    decided_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_amount_positive"),
            models.CheckConstraint(condition=Q(instalments__gte=1) & Q(instalments__lte=36), name="loan_instalments"),
        ]

    def __str__(self):
        return f"loan {self.pk} {self.amount} ({self.status})"


class LoanApproval(models.Model):
    """One committee member's approval; a member approves a loan once."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="approvals")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "by"], name="one_approval_per_member")]

    def __str__(self):
        return f"loan {self.loan_id} approved by {self.by_id}"


class FundEntry(models.Model):
    """One movement of the fund's money. Amounts are positive; the kind gives the direction."""

    class Kind(models.TextChoices):
        CAPITAL = "capital", gettext_lazy("เงินทุน")
        DISBURSEMENT = "disbursement", gettext_lazy("ให้กู้")
        REPAYMENT = "repayment", gettext_lazy("รับชำระคืน")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    loan = models.ForeignKey(Loan, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    instalment = models.OneToOneField("Instalment", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="repayment")
    promptpay_id = models.CharField(max_length=20, blank=True)
    reference = models.CharField(max_length=64, unique=True)
    on = models.DateField()
    source = models.CharField(max_length=255, blank=True, help_text=gettext_lazy("เงินทุน: "
                                                                                 "ผู้สนับสนุนหรือทุนที่มา"))
    note = models.TextField(blank=True)
    disbursement = models.OneToOneField("partners.Disbursement", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="fund_entry", help_text=gettext_lazy("รายการจ่ายเงินกู้นี้ในบัญชีทุน"))
    ledger_return = models.OneToOneField("partners.SchemeReturn", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="fund_entry", help_text=gettext_lazy("รายการชำระคืนนี้ในบัญชีทุน"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="fund_entry_positive"),
            models.UniqueConstraint(fields=["loan"], condition=Q(kind="disbursement"), name="loan_disbursed_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} ({self.reference})"


class Instalment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="schedule")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_at = models.DateTimeField(null=True, blank=True)
    invoice = models.ForeignKey("payments.Invoice", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text=gettext_lazy("ใบแจ้งหนี้ล่าสุดที่ออกให้"))
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="instalment_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_positive"),
        ]

    def __str__(self):
        return f"loan {self.loan_id} #{self.number} {self.amount} due {self.due_on}"


class Reschedule(models.Model):
    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="reschedules")
    from_due = models.DateField()
    to_due = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.instalment_id}: {self.from_due} → {self.to_due}"


class Conversion(models.Model):
    """One completed petrol-to-electric conversion. No owner data: only what the province counts."""

    class MotorcycleType(models.TextChoices):
        SCOOTER = "scooter", gettext_lazy("สกู๊ตเตอร์")
        FAMILY = "family", gettext_lazy("รถครอบครัว (ซุปเปอร์คับ)")
        SPORT = "sport", gettext_lazy("รถสปอร์ต")
        OTHER = "other", gettext_lazy("อื่น ๆ")

    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="conversions")
    district = models.ForeignKey("courses.District", on_delete=models.PROTECT, related_name="+",
                                 help_text=gettext_lazy("อำเภอของตัวแทน ณ วันที่บันทึก"))
    converted_on = models.DateField()
    motorcycle_type = models.CharField(max_length=10, choices=MotorcycleType.choices)
    kit = models.CharField(max_length=120, help_text=gettext_lazy("ยี่ห้อ/รุ่นของชุดแปลง เช่น 'ชุดแปลง 2kW "
                                                                  "72V'"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-converted_on", "-id"]

    def __str__(self):
        return f"{self.converted_on} {self.motorcycle_type} ({self.district_id})"
