"""Invoices paid by PromptPay QR, reconciled without a gateway. Money is Decimal THB with two places.

Payments knows nothing of courses: an invoice is for (payable_kind, payable_ref), see payments/payables.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy


class Payee(models.Model):
    """An organisation that receives money (a training centre). Its staff group sees its invoices."""

    class Matching(models.TextChoices):
        UNIQUE_AMOUNT = "unique_amount", gettext_lazy("ยอดเงินไม่ซ้ำ (เศษสตางค์)")
        BILL_PAYMENT = "bill_payment", gettext_lazy("ชำระบิล (Ref1 = เลขใบแจ้งหนี้)")

    key = models.SlugField(unique=True, allow_unicode=True, help_text=gettext_lazy("เช่น slug ของผู้จัดอบรม"))
    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)
    promptpay_target = models.CharField(max_length=20, help_text=gettext_lazy("เบอร์มือถือ เลขผู้เสียภาษี "
                                                                              "13 หลัก หรือ e-Wallet 15 "
                                                                              "หลัก"))
    biller_id = models.CharField(max_length=15, blank=True, help_text=gettext_lazy("รหัส Biller ID "
                                                                                   "พร้อมเพย์ 15 หลัก "
                                                                                   "(ถ้ามี)"))
    matching = models.CharField(max_length=20, choices=Matching.choices, default=Matching.UNIQUE_AMOUNT)
    invoice_prefix = models.CharField(max_length=8, default="INV")
    staff_group = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self):
        return self.name_th


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("รอชำระ")
        PAID = "paid", gettext_lazy("ชำระแล้ว")
        EXPIRED = "expired", gettext_lazy("หมดอายุ")
        CANCELLED = "cancelled", gettext_lazy("ยกเลิก")

    number = models.CharField(max_length=32, unique=True)
    bill_ref = models.CharField(max_length=20, unique=True, help_text=gettext_lazy("เลขที่ในรูปแบบ ref1 "
                                                                                   "ของพร้อมเพย์ (A–Z, 0–9)"))
    payee = models.ForeignKey(Payee, on_delete=models.PROTECT, related_name="invoices")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invoices")
    payable_kind = models.CharField(max_length=40)
    payable_ref = models.CharField(max_length=64)
    description_th = models.CharField(max_length=255)
    description_en = models.CharField(max_length=255, blank=True)
    base_amount = models.DecimalField(max_digits=12, decimal_places=2, help_text=gettext_lazy("ยอดที่ต้องชำระ"))
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, help_text=gettext_lazy("ยอดที่ต้องโอน: "
                                                                "ยอดหลักบวกเศษสตางค์เฉพาะของใบนี้")
    )
    currency = models.CharField(max_length=3, default="THB", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    due_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["payable_kind", "payable_ref"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(base_amount__gt=0), name="invoice_amount_positive"),
            # Two open invoices of one payee never share an amount: the amount alone identifies the payment.
            models.UniqueConstraint(fields=["payee", "amount"], condition=Q(status="open"),
                                    name="open_invoice_amount_unique_per_payee"),
        ]

    def __str__(self):
        return f"{self.number} {self.amount} THB ({self.status})"


class Payment(models.Model):
    """Money seen arriving, and how it was confirmed. A reference (slip or statement) is usable once."""

    class Method(models.TextChoices):
        SLIP = "slip", gettext_lazy("สลิปโอนเงิน")
        STATEMENT = "statement", gettext_lazy("รายการเดินบัญชี")
        MANUAL = "manual", gettext_lazy("ยืนยันด้วยตนเอง")

    class Outcome(models.TextChoices):
        APPLIED = "applied", gettext_lazy("ชำระใบแจ้งหนี้แล้ว")
        AMOUNT_MISMATCH = "amount_mismatch", gettext_lazy("ยอดไม่ตรง รอตรวจสอบ")
        REFUND_DUE = "refund_due", gettext_lazy("ต้องคืนเงิน (ใบแจ้งหนี้หมดอายุ/ยกเลิก)")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=10, choices=Method.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reference = models.CharField(max_length=64, null=True, blank=True, unique=True,
                                 help_text=gettext_lazy("เลขอ้างอิงรายการบนสลิป "
                                                        "หรือรหัสบรรทัดในรายการเดินบัญชี ใช้ได้ครั้งเดียว"))
    sending_bank = models.CharField(max_length=3, blank=True)
    slip_image = models.ImageField(upload_to="slips/%Y/%m/", blank=True)
    reason = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["invoice"], condition=Q(outcome="applied"), name="invoice_paid_once"),
        ]

    def __str__(self):
        return f"{self.invoice.number}: {self.amount} via {self.method} ({self.outcome})"


class SponsorShare(models.Model):
    """Who pays what of one payable's fee: the trainee's part and each sponsor's."""

    payable_kind = models.CharField(max_length=40)
    payable_ref = models.CharField(max_length=64)
    total_thb = models.DecimalField(max_digits=12, decimal_places=2)
    payer_thb = models.DecimalField(max_digits=12, decimal_places=2)
    sponsor_key = models.CharField(max_length=64)
    sponsor_name = models.CharField(max_length=255)
    amount_thb = models.DecimalField(max_digits=12, decimal_places=2)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["payable_kind", "payable_ref", "sponsor_key"],
                                    name="one_share_per_sponsor"),
            models.CheckConstraint(condition=Q(amount_thb__gte=0), name="sponsor_share_non_negative"),
        ]

    def __str__(self):
        return f"{self.sponsor_name}: {self.amount_thb} for {self.payable_kind}/{self.payable_ref}"


class StatementImport(models.Model):
    """One uploaded bank-statement CSV; the file hash makes re-importing the same file harmless."""

    payee = models.ForeignKey(Payee, on_delete=models.PROTECT, related_name="statement_imports")
    file_sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    bank_format = models.CharField(max_length=20)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["payee", "file_sha256"], name="statement_file_once")]

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%Y-%m-%d})"


class StatementLine(models.Model):
    class State(models.TextChoices):
        MATCHED = "matched", gettext_lazy("จับคู่แล้ว")
        UNMATCHED = "unmatched", gettext_lazy("ยังไม่พบใบแจ้งหนี้")
        FLAGGED = "flagged", gettext_lazy("ต้องตรวจสอบ")
        DUPLICATE = "duplicate", gettext_lazy("ซ้ำกับรายการเดิม")

    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField()
    line_key = models.CharField(max_length=64, help_text=gettext_lazy("เลขอ้างอิงของธนาคาร "
                                                                      "หรือค่าแฮชของวันที่+ยอด+รายละเอียด"))
    posted_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reference = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["statement", "row_number"]

    def __str__(self):
        return f"row {self.row_number}: {self.amount} ({self.state})"
