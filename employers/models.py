"""Employers (repair shops, conversion centres, dealers), their openings, contacts, placements and view audit."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from courses.models import SKILL_LEVELS, District, Skill
from trainees.models import PUBLIC_REF_ALPHABET, TraineeProfile

KHON_KAEN_MIN_WAGE_PER_DAY = Decimal("357.00")  # THB, from January 2025
WORKING_DAYS_PER_MONTH = 26

# The radii an opening may take (issue 22 item 11): the edges of the distance bands employers see of a graduate
# (search.matching.DISTANCE_BANDS: 5, 10, 20, 50 km) and wider, the same as the free search offers. With any whole
# kilometre a shop could move its radius 1 km at a time and watch who enters its match list, bisecting a
# graduate's distance; at band edges the list tells no more than the band shown. Rounding up never drops anyone
# the opening matched before.
OPENING_RADII_KM = (5, 10, 20, 50, 100, 200, 300)
DEFAULT_RADIUS_KM = 50
# A shop member may change an opening's radius or district this often in any 24 hours (OpeningReachChange).
OPENING_REACH_CHANGES_PER_DAY = 3


def radius_band(km) -> int | None:
    """The band a radius rounds up to (35 → 50); None when it is not a distance we match over (≤ 0 or > 300)."""
    if km is None or km <= 0:
        return None
    return next((band for band in OPENING_RADII_KM if band >= km), None)


class Employer(models.Model):
    class Kind(models.TextChoices):
        REPAIR_SHOP = "repair_shop", gettext_lazy("ร้านซ่อม")
        CONVERSION_CENTRE = "conversion", gettext_lazy("ศูนย์ดัดแปลงรถไฟฟ้า")
        DEALER = "dealer", gettext_lazy("ตัวแทนจำหน่าย")
        OTHER = "other", gettext_lazy("อื่น ๆ")

    name = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPAIR_SHOP)
    dbd_number = models.CharField(max_length=13, blank=True,
                                  help_text=gettext_lazy("เลขทะเบียนนิติบุคคลของกรมพัฒนาธุรกิจการค้า "
                                                         "(13 หลัก)"))
    address = models.TextField(blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    phone = models.CharField(max_length=10, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def latitude(self):
        return self.lat if self.lat is not None else self.district.lat

    @property
    def longitude(self):
        return self.lon if self.lon is not None else self.district.lon


class Verification(models.Model):
    """How staff checked an employer is real (a visit or a phone call), and who did it."""

    class Method(models.TextChoices):
        VISIT = "visit", gettext_lazy("ลงพื้นที่")
        PHONE = "phone", gettext_lazy("โทรศัพท์")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(max_length=10, choices=Method.choices)
    note = models.TextField(blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.employer} ({self.method})"


class EmployerMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", gettext_lazy("เจ้าของ")
        RECRUITER = "recruiter", gettext_lazy("ผู้สรรหา")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RECRUITER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "user"], name="one_membership_per_employer")]

    def __str__(self):
        return f"{self.user} @ {self.employer} ({self.role})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class MemberInvitation(models.Model):
    """An owner's invitation for a phone number to join the shop (issue 22 item 5). Nobody is added directly:
    the person opens the link from the SMS, logs in with that phone's account and accepts. Inviting answers the
    same whether or not the number has an account, so the form cannot be used to find out who uses Saphan."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="invitations")
    phone = models.CharField(max_length=20, help_text=gettext_lazy("เบอร์มือถือที่ส่งคำเชิญไป "
                                                                   "(รูปแบบมาตรฐาน)"))
    role = models.CharField(max_length=10, choices=EmployerMember.Role.choices, default=EmployerMember.Role.RECRUITER)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    def __str__(self):
        return f"{self.phone} → {self.employer} ({self.role})"


def new_opening_ref() -> str:
    """An opening's public reference when it did not come from a spreadsheet: "O-" and 8 random base32 characters,
    set when the row is built, so no opening is ever without one (nor saved twice to get one)."""
    return "O-" + "".join(secrets.choice(PUBLIC_REF_ALPHABET) for _ in range(8))


class Opening(models.Model):
    """A job opening. It asks for skills and a place; it can never ask for gender, religion or marital status.

    `external_id` is the opening's one public reference (URLs, APIs, CSV, search documents): an import's own id,
    or a generated "O-…" for openings made on the site."""

    class WageUnit(models.TextChoices):
        DAY = "day", gettext_lazy("ต่อวัน")
        MONTH = "month", gettext_lazy("ต่อเดือน")

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("ร่าง")
        OPEN = "open", gettext_lazy("เปิดรับ")
        CLOSED = "closed", gettext_lazy("ปิดรับ")
        FILLED = "filled", gettext_lazy("ได้คนแล้ว")

    external_id = models.CharField(max_length=64, unique=True, default=new_opening_ref,
                                   help_text=gettext_lazy("รหัสอ้างอิงสาธารณะ ใช้ในทุก URL, API, CSV "
                                                          "และเอกสารค้นหา"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="openings")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    radius_km = models.PositiveSmallIntegerField(
        default=DEFAULT_RADIUS_KM, validators=[MinValueValidator(1), MaxValueValidator(300)],
        help_text=gettext_lazy("รัศมีเป็นช่วงระยะ 5, 10, 20, 50, 100, 200 หรือ 300 กม. (ค่าอื่นปัดขึ้นเป็นช่วงถัดไป)"))
    wage_min_thb = models.DecimalField(max_digits=10, decimal_places=2)
    wage_max_thb = models.DecimalField(max_digits=10, decimal_places=2)
    wage_unit = models.CharField(max_length=5, choices=WageUnit.choices, default=WageUnit.DAY)
    shift = models.CharField(max_length=255, blank=True)
    positions = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    hazardous = models.BooleanField(default=False, help_text=gettext_lazy("เช่น งานแบตเตอรี่ขับเคลื่อน: "
                                                                          "รับเฉพาะผู้อายุ 18 ปีขึ้นไป"))
    closing_date = models.DateField(gettext_lazy("วันปิดรับสมัคร"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(wage_max_thb__gte=models.F("wage_min_thb")), name="opening_wage_range"),
        ]

    def __str__(self):
        return f"{self.title} — {self.employer}"


class OpeningReachChange(models.Model):
    """A shop member changed where an opening finds people: its radius or its district (issue 22 item 11).
    Counted per opening so a shop cannot move its circle around a graduate many times a day to locate them
    (OPENING_REACH_CHANGES_PER_DAY); staff imports are not counted."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="reach_changes")
    at = models.DateTimeField(default=timezone.now)
    radius_km = models.PositiveSmallIntegerField()
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["opening", "at"], name="opening_reach_change_at")]

    def __str__(self):
        return f"{self.opening_id} → {self.radius_km} km, {self.district_id} at {self.at:%Y-%m-%d %H:%M}"


class OpeningSkill(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(default=True)
    min_level = models.PositiveSmallIntegerField(choices=SKILL_LEVELS, default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opening", "skill"], name="opening_skill_unique")]

    def __str__(self):
        return f"{self.skill.code}{'' if self.required else ' (nice)'}:{self.min_level}"


class Placement(models.Model):
    """A hire. Confirmed later by the graduate; feeds outcome reports."""

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.PROTECT, related_name="placements")
    opening = models.ForeignKey(Opening, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    wage_thb = models.DecimalField(max_digits=10, decimal_places=2)
    wage_unit = models.CharField(max_length=5, choices=Opening.WageUnit.choices, default=Opening.WageUnit.DAY)
    application = models.OneToOneField("Application", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="placement", help_text=gettext_lazy("ใบสมัครที่นำไปสู่การจ้างงานนี้"))
    confirmed_by_graduate_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.trainee} → {self.employer} ({self.start_date})"


class ProfileView(models.Model):
    """Every time an employer's member looks at a graduate: the graduate can see who viewed them."""

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="profile_views")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)
    context = models.CharField(max_length=40, blank=True, help_text=gettext_lazy("ผลการค้นหา คำขอติดต่อ…"))

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.employer} viewed {self.trainee_id} at {self.viewed_at}"


class ContactRequest(models.Model):
    """An employer asks a discoverable graduate for contact. Phone and full name are revealed only on acceptance."""

    class Status(models.TextChoices):
        SENT = "sent", gettext_lazy("ส่งแล้ว รอคำตอบ")
        ACCEPTED = "accepted", gettext_lazy("ตอบรับแล้ว")
        DECLINED = "declined", gettext_lazy("ปฏิเสธ")
        WITHDRAWN = "withdrawn", gettext_lazy("ถอนคำขอ")

    OPEN = (Status.SENT, Status.ACCEPTED)

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_requests")
    opening = models.ForeignKey(Opening, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="contact_requests")
    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="contact_requests")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # one open request per employer + graduate + opening (a request without an opening counts as one)
            models.UniqueConstraint(fields=["employer", "trainee", "opening"],
                                    condition=Q(status__in=["sent", "accepted"]),
                                    nulls_distinct=False, name="one_open_contact_request"),
            # and at most one waiting for an answer per employer + graduate, whatever the opening
            models.UniqueConstraint(fields=["employer", "trainee"], condition=Q(status="sent"),
                                    name="one_pending_contact_request"),
            models.CheckConstraint(condition=Q(status="sent") | Q(answered_at__isnull=False) | Q(status="withdrawn"),
                                   name="contact_request_answered_at"),
        ]

    def __str__(self):
        return f"{self.employer} → {self.trainee_id} ({self.status})"


class Application(models.Model):
    """A graduate applies to an open opening. Applying shares their name and phone with that employer."""

    class Status(models.TextChoices):
        APPLIED = "applied", gettext_lazy("สมัครแล้ว")
        SHORTLISTED = "shortlisted", gettext_lazy("อยู่ในรายชื่อคัดเลือก")
        REJECTED = "rejected", gettext_lazy("ไม่ผ่านการคัดเลือก")
        HIRED = "hired", gettext_lazy("ได้งานแล้ว")
        WITHDRAWN = "withdrawn", gettext_lazy("ถอนใบสมัคร")

    ACTIVE = (Status.APPLIED, Status.SHORTLISTED)

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="applications")
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="applications")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["trainee", "opening"], name="one_application_per_opening")]

    def __str__(self):
        return f"{self.trainee_id} → {self.opening_id} ({self.status})"


class ShortlistEntry(models.Model):
    """A graduate an employer wants to keep an eye on, with a private note."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="shortlist")
    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["employer", "trainee"], name="shortlist_once")]

    def __str__(self):
        return f"{self.employer} ☆ {self.trainee_id}"


class JobAlert(models.Model):
    """One line of a job alert that was sent: an opening told to a graduate, or a graduate told to an employer.
    Unique per kind + opening + graduate, so nothing is announced twice; `sent_at` drives the 24 h limit."""

    class Kind(models.TextChoices):
        TO_GRADUATE = "graduate", gettext_lazy("งานใหม่ถึงผู้สำเร็จการฝึก")
        TO_EMPLOYER = "employer", gettext_lazy("ผู้สำเร็จการฝึกใหม่ถึงนายจ้าง")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="+")
    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "opening", "trainee"], name="job_alert_once")]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self):
        return f"{self.kind}: {self.opening_id}/{self.trainee_id} → {self.recipient_id}"
