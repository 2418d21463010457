"""Employers (repair shops, conversion centres, dealers), their openings, contacts, placements and view audit."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from courses.models import SKILL_LEVELS, District, Skill
from trainees.models import TraineeProfile

KHON_KAEN_MIN_WAGE_PER_DAY = Decimal("357.00")  # THB, from January 2025
WORKING_DAYS_PER_MONTH = 26


class Employer(models.Model):
    class Kind(models.TextChoices):
        REPAIR_SHOP = "repair_shop", "ร้านซ่อม / repair shop"
        CONVERSION_CENTRE = "conversion", "ศูนย์ดัดแปลงรถไฟฟ้า / EV conversion centre"
        DEALER = "dealer", "ตัวแทนจำหน่าย / dealer"
        OTHER = "other", "อื่น ๆ / other"

    name = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPAIR_SHOP)
    dbd_number = models.CharField(max_length=13, blank=True, help_text="DBD commercial registration (13 digits)")
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
        VISIT = "visit", "ลงพื้นที่ / visit"
        PHONE = "phone", "โทรศัพท์ / phone check"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(max_length=10, choices=Method.choices)
    note = models.TextField(blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.employer} ({self.method})"


class EmployerMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "เจ้าของ / owner"
        RECRUITER = "recruiter", "ผู้สรรหา / recruiter"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RECRUITER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employer", "user"], name="one_membership_per_employer")]

    def __str__(self):
        return f"{self.user} @ {self.employer} ({self.role})"


class Opening(models.Model):
    """A job opening. It asks for skills and a place; it can never ask for gender, religion or marital status."""

    class WageUnit(models.TextChoices):
        DAY = "day", "ต่อวัน / per day"
        MONTH = "month", "ต่อเดือน / per month"

    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง / draft"
        OPEN = "open", "เปิดรับ / open"
        CLOSED = "closed", "ปิดรับ / closed"
        FILLED = "filled", "ได้คนแล้ว / filled"

    external_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="openings")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    radius_km = models.PositiveSmallIntegerField(default=30, validators=[MinValueValidator(1), MaxValueValidator(300)])
    wage_min_thb = models.DecimalField(max_digits=10, decimal_places=2)
    wage_max_thb = models.DecimalField(max_digits=10, decimal_places=2)
    wage_unit = models.CharField(max_length=5, choices=WageUnit.choices, default=WageUnit.DAY)
    shift = models.CharField(max_length=255, blank=True)
    positions = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    hazardous = models.BooleanField(default=False, help_text="e.g. traction-battery work: only workers aged 18+")
    closing_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(wage_max_thb__gte=models.F("wage_min_thb")), name="opening_wage_range"),
        ]

    def __str__(self):
        return f"{self.title} — {self.employer}"


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
    context = models.CharField(max_length=40, blank=True, help_text="search result, contact request…")

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.employer} viewed {self.trainee_id} at {self.viewed_at}"
