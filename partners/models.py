"""Funding ledger: grants from sponsors, per-head support schemes, disbursements to individuals.

Amounts are Decimal THB. Balances are computed from the rows (never stored), so they cannot drift.
Stated figures (recipients, totals) are kept next to the recorded ones on purpose: the ledger shows the gap."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy


class Grant(models.Model):
    """Money from one sponsor for one period and purpose (e.g. a provincial grant of 11,204,470 THB for a year)."""

    sponsor_name = models.CharField(max_length=255, help_text=gettext_lazy("e.g. กสศ."))
    title = models.CharField(max_length=255)
    purpose = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    period_start = models.DateField()
    period_end = models.DateField()
    reported_total = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=gettext_lazy("ยอดรวมตามที่รายงาน ตรวจกับอัตราต่อหัวของโครงการ × จำนวนผู้รับ"),
    )
    # The organisation that keeps this grant's ledger: its staff (members of this group) read it; nobody else
    # but superusers does (issue 22 item 9: ledger pages list recipients).
    staff_group = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    help_text=gettext_lazy("เจ้าหน้าที่ที่ดูแลบัญชีทุนนี้ = "
                                                           "สมาชิกของกลุ่มนี้"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="grant_period_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.sponsor_name})"


class SupportScheme(models.Model):
    """An allocation of a grant: per-head support (4,000 THB per out-of-school youth…) or a lump for a cohort."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="schemes")
    name = models.CharField(max_length=255)
    per_head_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    allocated = models.DecimalField(max_digits=14, decimal_places=2, help_text=gettext_lazy("ส่วนของทุนที่กันไว้"))
    stated_recipients = models.PositiveIntegerField(null=True, blank=True, help_text=gettext_lazy("จำนวนคนตามที่รายงาน"))
    stated_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    requires_out_of_school = models.BooleanField(default=True, help_text=gettext_lazy("รับเฉพาะเยาวชนนอกระบบการศึกษา"))
    revolving = models.BooleanField(
        default=False, help_text=gettext_lazy("กองทุนหมุนเวียน: เงินที่ได้คืน (SchemeReturn) จ่ายออกได้อีก"))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(allocated__gte=0), name="scheme_allocated_nonneg")]

    def __str__(self):
        return self.name


class Disbursement(models.Model):
    """Money paid to one person under a scheme, with the PromptPay ID used and the bank reference."""

    scheme = models.ForeignKey(SupportScheme, on_delete=models.PROTECT, related_name="disbursements")
    trainee = models.ForeignKey(
        "trainees.TraineeProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField(max_length=255)
    promptpay_id = models.CharField(max_length=20, help_text=gettext_lazy("เบอร์มือถือ เลขประจำตัวประชาชน "
                                                                          "หรือรหัส e-Wallet "
                                                                          "(รูปแบบมาตรฐาน)"))
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    reference = models.CharField(max_length=64, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="disbursement_positive")]

    def __str__(self):
        return f"{self.reference} {self.amount}"


class SchemeReturn(models.Model):
    """Money paid back into a revolving scheme (a loan instalment): available to pay out again."""

    scheme = models.ForeignKey(SupportScheme, on_delete=models.PROTECT, related_name="returns")
    payer_name = models.CharField(max_length=255)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    returned_on = models.DateField()
    reference = models.CharField(max_length=64, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["returned_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="scheme_return_positive")]

    def __str__(self):
        return f"{self.reference} +{self.amount}"


class Partner(models.Model):
    """An organisation in the provincial network that finds youth and refers them."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", gettext_lazy("หน่วยงานราชการ")
        SCHOOL = "school", gettext_lazy("โรงเรียน")
        LOCAL_ADMIN = "local_admin", gettext_lazy("องค์กรปกครองส่วนท้องถิ่น")
        NGO = "ngo", gettext_lazy("องค์กรไม่แสวงกำไร")
        COMPANY = "company", gettext_lazy("บริษัท")

    name = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)

    def __str__(self):
        return self.name


class PartnerMembership(models.Model):
    """A staff account of a partner; a user sees only their own partner's referrals."""

    class Role(models.TextChoices):
        OFFICER = "officer", gettext_lazy("เจ้าหน้าที่ส่งต่อ")
        VIEWER = "viewer", gettext_lazy("ผู้ดูรายงาน")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.OFFICER)

    def __str__(self):
        return f"{self.user} @ {self.partner}"


class Referral(models.Model):
    """A partner's referral of one young person, with consent. Status is derived from the linked trainee's data."""

    class ConsentBy(models.TextChoices):
        SELF = "self", gettext_lazy("เจ้าตัว")
        GUARDIAN = "guardian", gettext_lazy("ผู้ปกครอง")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    full_name = models.CharField(max_length=255)
    phone = models.CharField(max_length=10)
    national_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_by = models.CharField(max_length=10, choices=ConsentBy.choices)
    consent_at = models.DateTimeField()
    token = models.CharField(max_length=32, unique=True)
    trainee = models.ForeignKey("trainees.TraineeProfile", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField(blank=True, help_text=gettext_lazy("ไม่บังคับ: ส่งคำเชิญทางอีเมลด้วย"))
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text=gettext_lazy("ส่งต่อมาเรียนหลักสูตรนี้ "
                                                                        "(ไม่บังคับ)"))
    created_at = models.DateTimeField(auto_now_add=True)
    contacted_at = models.DateTimeField(null=True, blank=True, help_text=gettext_lazy("เวลาที่ส่งคำเชิญ"))
    confirmed_at = models.DateTimeField(null=True, blank=True,
                                        help_text=gettext_lazy("เวลาที่เยาวชนยืนยันว่าหน่วยงานนี้ส่งต่อมา "
                                                               "(และให้ดูความคืบหน้าได้) "
                                                               "จึงผูกกับผู้เรียนเมื่อนั้น"))
    declined_at = models.DateTimeField(null=True, blank=True, help_text=gettext_lazy("เยาวชนแจ้งว่าการส่งต่อนี้ไม่ใช่ของตน"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "phone"], name="referral_once_per_partner")]
        permissions = [("view_outcome_reports", gettext_lazy("ดูรายงานผลลัพธ์"))]

    def __str__(self):
        return f"{self.partner} → {self.full_name}"


class ReferralReminder(models.Model):
    """A reminder to a partner's staff that a referral is stuck in one status; at most one per referral and status."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    status = models.CharField(max_length=12)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "status"], name="one_reminder_per_status")]

    def __str__(self):
        return f"{self.referral_id}: {self.status}"


class PlacementSurvey(models.Model):
    """A short follow-up asked 3 or 6 months after a placement started, answered on a tokenised public page."""

    class Months(models.IntegerChoices):
        THREE = 3, gettext_lazy("3 เดือน")
        SIX = 6, gettext_lazy("6 เดือน")

    placement = models.ForeignKey("employers.Placement", on_delete=models.CASCADE, related_name="surveys")
    months = models.PositiveSmallIntegerField(choices=Months.choices)
    token = models.CharField(max_length=32, unique=True)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    still_working = models.BooleanField(null=True, blank=True)
    current_wage_thb = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    current_wage_unit = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="one_survey_per_placement_and_month"),
            models.CheckConstraint(condition=Q(current_wage_thb__isnull=True) | Q(current_wage_thb__gt=0),
                                   name="survey_wage_positive"),
        ]

    def __str__(self):
        return f"placement {self.placement_id} +{self.months}m"
