"""The user model, alone in its app.

It cannot live in trainees: Wagtail's migrations depend on AUTH_USER_MODEL while our page models depend on
Wagtail's, and trainees depends on courses, which would make the migration graph circular.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class User(AbstractUser):
    """Everyone who logs in. Youth log in with a Thai mobile number stored in one normal form (0812345678)."""

    phone = models.CharField(max_length=10, unique=True, null=True, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    line_user_id = models.CharField(max_length=64, blank=True, help_text=gettext_lazy("รหัสผู้ใช้ LINE "
                                                                                      "Messaging API "
                                                                                      "(ถ้าเชื่อมแล้ว)"))


class OutboundMessage(models.Model):
    """Every SMS, e-mail or LINE message we send: written in the same transaction as its cause, delivered by a
    Celery task after commit, so a rolled-back action never texts anyone and a crashed send is retried."""

    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", gettext_lazy("อีเมล")
        LINE = "line", "LINE"

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("รอส่ง")
        SENT = "sent", gettext_lazy("ส่งแล้ว")
        FAILED = "failed", gettext_lazy("ส่งไม่สำเร็จ")

    user = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(max_length=255)
    kind = models.CharField(max_length=40, db_index=True, help_text=gettext_lazy("ประเภทข้อความ เช่น "
                                                                                 "application_received, "
                                                                                 "otp, job_alert…"))
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.channel}:{self.kind} → {self.to} ({self.status})"

    @property
    def reference(self) -> str:
        """Stable per message: the idempotency key a gateway uses to send a repeated request only once."""
        return f"saphan-msg-{self.pk}"


class OneTimeCode(models.Model):
    """A 6-digit code sent to a phone to prove it is yours (verification, password reset). Only its hash is kept."""

    class Purpose(models.TextChoices):
        VERIFY_PHONE = "verify", gettext_lazy("ยืนยันเบอร์")
        RESET_PASSWORD = "reset", gettext_lazy("ตั้งรหัสผ่านใหม่")
        GUARDIAN_CONSENT = "guard", gettext_lazy("ความยินยอมผู้ปกครอง")

    phone = models.CharField(max_length=10, db_index=True)
    purpose = models.CharField(max_length=6, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.phone} {self.purpose} ({'used' if self.used_at else 'open'})"
