"""Trainee accounts, profiles, consents, enrolments, earned skills and certificates (personal data: PDPA)."""

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy

from courses.models import SKILL_LEVELS, Cohort, District, Skill

PUBLIC_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
PUBLIC_REF_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}"  # what a URL path segment may carry unescaped


def new_public_ref() -> str:
    """A graduate's public reference: "G-" and 8 random base32 characters (about 10^12 values), short enough to
    read out on the phone, unguessable, and the same in every URL, API answer, CSV and search document."""
    return "G-" + "".join(secrets.choice(PUBLIC_REF_ALPHABET) for _ in range(8))


def discoverable_condition() -> Q:
    """The one rule for who employers may see at all: consent to be found (not withdrawn), limited or standard
    discoverability, not anonymised."""
    consent = Consent.objects.filter(trainee=OuterRef("pk"), purpose=Consent.Purpose.EMPLOYERS,
                                     withdrawn_at__isnull=True)
    return Q(Exists(consent), anonymised_at__isnull=True,
             discoverability__in=[TraineeProfile.Discoverability.LIMITED, TraineeProfile.Discoverability.STANDARD])


class TraineeProfileQuerySet(models.QuerySet):
    def discoverable(self):
        """Graduates employers may see at all (discoverable_condition)."""
        return self.filter(discoverable_condition())

    def with_discoverable(self):
        """Every profile, each with `is_discoverable` (for code that must also see the others, such as an index
        sync removing a graduate who withdrew)."""
        return self.annotate(is_discoverable=ExpressionWrapper(discoverable_condition(), output_field=BooleanField()))


class TraineeProfile(models.Model):
    """A youth's profile. Age is derived from birth date; discoverability is off until consent allows it.

    `public_ref` is the one reference the outside world sees (URLs, APIs, CSV, search documents), set for every
    profile when it is created however it came in. `external_id` is only a spreadsheet import's key: re-importing
    matches on it; most people who signed up on the site never have one."""

    class Education(models.TextChoices):
        NONE = "none", gettext_lazy("ไม่ได้เรียน")
        PRIMARY = "primary", gettext_lazy("ประถม")
        LOWER_SECONDARY = "m3", gettext_lazy("ม.3")
        UPPER_SECONDARY = "m6", gettext_lazy("ม.6")
        VOCATIONAL = "vocational", gettext_lazy("ปวช./ปวส.")
        HIGHER = "higher", gettext_lazy("ปริญญาตรีขึ้นไป")

    class Discoverability(models.TextChoices):
        HIDDEN = "hidden", gettext_lazy("ซ่อน")
        LIMITED = "limited", gettext_lazy("จำกัด: ทักษะและอำเภอ")
        STANDARD = "standard", gettext_lazy("มาตรฐาน: ชื่อและใบรับรองด้วย")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainee")
    public_ref = models.CharField(max_length=32, unique=True, default=new_public_ref, editable=False,
                                  help_text=gettext_lazy("รหัสอ้างอิงของผู้สำเร็จการฝึก ใช้ในทุก URL, API, "
                                                         "CSV และเอกสารค้นหา"))
    external_id = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                   help_text=gettext_lazy("รหัสนำเข้าจากสเปรดชีตเท่านั้น "
                                                          "(นำเข้าซ้ำจะจับคู่ด้วยรหัสนี้)"))
    full_name = models.CharField(max_length=255)
    birth_date = models.DateField(null=True, blank=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField(null=True, blank=True, help_text=gettext_lazy("ถ้าไม่ระบุ ใช้ตัวอำเภอ"))
    lon = models.FloatField(null=True, blank=True)
    education = models.CharField(max_length=12, choices=Education.choices, blank=True)
    out_of_school = models.BooleanField(default=True)
    national_id_encrypted = models.TextField(blank=True, help_text=gettext_lazy("เข้ารหัสไว้ ไม่แสดงเต็ม"))
    national_id_last4 = models.CharField(max_length=4, blank=True)
    national_id_hash = models.CharField(max_length=64, blank=True, db_index=True,
                                        help_text=gettext_lazy("ค่า HMAC ของเลขประจำตัวประชาชน "
                                                               "ใช้หาข้อมูลซ้ำโดยไม่เปิดเผยเลข"))
    guardian_name = models.CharField(max_length=255, blank=True)
    guardian_phone = models.CharField(max_length=10, blank=True)
    max_commute_km = models.PositiveSmallIntegerField(default=20)
    available = models.BooleanField(default=True, help_text=gettext_lazy("กำลังหางาน"))
    discoverability = models.CharField(
        max_length=10, choices=Discoverability.choices, default=Discoverability.HIDDEN, db_index=True
    )
    preferred_language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="th")
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraineeProfileQuerySet.as_manager()

    def __str__(self):
        return self.full_name

    def age_on(self, when: date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return when.year - b.year - ((when.month, when.day) < (b.month, b.day))

    @property
    def latitude(self):
        if self.lat is not None:
            return self.lat
        return self.district.lat if self.district else None

    @property
    def longitude(self):
        if self.lon is not None:
            return self.lon
        return self.district.lon if self.district else None


class Consent(models.Model):
    """A consent for one purpose, with the text version, who gave it and when; withdrawal keeps the row."""

    class Purpose(models.TextChoices):
        TRAINING = "training", gettext_lazy("การจัดการฝึกอบรม")
        EMPLOYERS = "employers", gettext_lazy("เปิดเผยต่อนายจ้าง")
        FUNDERS = "funders", gettext_lazy("รายงานต่อผู้ให้ทุน")

    class GivenBy(models.TextChoices):
        SELF = "self", gettext_lazy("เจ้าของข้อมูล")
        GUARDIAN = "guardian", gettext_lazy("ผู้ปกครอง")
        # a centre's spreadsheet says the graduate agreed on paper; not the person's own act on Saphan
        IMPORT = "import", gettext_lazy("นำเข้าจากแบบฟอร์มของศูนย์ฝึก")

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    text_version = models.CharField(max_length=20)
    given_by = models.CharField(max_length=10, choices=GivenBy.choices, default=GivenBy.SELF)
    guardian_name = models.CharField(max_length=255, blank=True)
    guardian_relationship = models.CharField(max_length=40, blank=True, help_text=gettext_lazy("พ่อ แม่ "
                                                                                               "ผู้ปกครองตามกฎหมาย…"))
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["trainee", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_by})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Enrollment(models.Model):
    """A trainee's place (or waitlist position) in a cohort. Transitions happen only in trainees.services."""

    class Status(models.TextChoices):
        APPLIED = "applied", gettext_lazy("สมัครแล้ว")
        AWAITING_PAYMENT = "awaiting_payment", gettext_lazy("รอชำระเงิน")
        CONFIRMED = "confirmed", gettext_lazy("ยืนยันแล้ว")
        COMPLETED = "completed", gettext_lazy("จบหลักสูตร")
        NOT_COMPLETED = "not_completed", gettext_lazy("ไม่จบหลักสูตร")
        WAITLISTED = "waitlisted", gettext_lazy("รอที่นั่ง")
        WITHDRAWN = "withdrawn", gettext_lazy("ถอนตัว")
        CANCELLED = "cancelled", gettext_lazy("ยกเลิก")

    SEAT_HOLDING = (Status.APPLIED, Status.AWAITING_PAYMENT, Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED)

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.PROTECT, related_name="enrollments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    seat_held_until = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text=gettext_lazy("ส่งข้อความเตือนก่อนเริ่มรุ่นแล้ว"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "cohort"],
                condition=~Q(status__in=["withdrawn", "cancelled"]),
                name="one_active_enrollment_per_cohort",
            )
        ]

    def __str__(self):
        return f"{self.trainee} → {self.cohort} ({self.status})"


class EnrollmentEvent(models.Model):
    """Every state change of an enrolment: from, to, who, when (the audit trail staff and trainees can read)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.enrollment_id}: {self.from_status or '∅'} → {self.to_status}"


class CohortSession(models.Model):
    """One class meeting of a cohort; attendance is taken per session."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)
    topic = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "date", "starts_at"], name="one_session_per_slot")]

    def __str__(self):
        return f"{self.cohort} {self.date} {self.topic}".strip()


class Attendance(models.Model):
    """Present or absent at one session; re-marking overwrites (who and when are kept)."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="one_mark_per_session")]

    def __str__(self):
        return f"{self.enrollment_id}@{self.session_id}: {'present' if self.present else 'absent'}"


class Assessment(models.Model):
    """The assessor's result for one skill of one enrolment: pass/fail, a 0–100 score and the level shown."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="assessments")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField()
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    level = models.PositiveSmallIntegerField(choices=SKILL_LEVELS, null=True, blank=True,
                                             help_text=gettext_lazy("ระดับที่แสดง "
                                                                    "ถ้าไม่ระบุใช้ระดับของทักษะนี้ในหลักสูตร"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "skill"], name="one_assessment_per_skill")]

    def __str__(self):
        return f"{self.enrollment_id} {self.skill_id}: {'pass' if self.passed else 'fail'}"


class CompletionOverride(models.Model):
    """Staff graduated a learner who did not meet the course's completion rule: why, what was unmet, who, when.
    Kept for audits (funders ask how many certificates were given outside the rule)."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="completion_override")
    reason = models.CharField(gettext_lazy("เหตุผล"), max_length=500)
    unmet = models.JSONField(gettext_lazy("เกณฑ์ที่ไม่ผ่าน"), default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.enrollment_id}: {self.reason}"


class EarnedSkill(models.Model):
    """A skill a trainee holds, with level; `certified` when backed by a valid certificate."""

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=SKILL_LEVELS, default=1)
    certified = models.BooleanField(default=False)
    certificate = models.ForeignKey(
        "Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="earned_skills"
    )
    earned_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trainee", "skill"], name="earned_skill_unique")]

    def __str__(self):
        return f"{self.skill.code}:{self.level}"


def new_certificate_code() -> str:
    """Unguessable, URL-safe, and short enough to type from paper."""
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """A certificate anyone can verify at /verify/<code>; revocation keeps the row with a reason."""

    code = models.CharField(max_length=32, unique=True, default=new_certificate_code, editable=False)
    trainee = models.ForeignKey(TraineeProfile, on_delete=models.PROTECT, related_name="certificates")
    enrollment = models.OneToOneField(
        Enrollment, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    holder_name = models.CharField(max_length=255, blank=True, help_text=gettext_lazy("บันทึกไว้ ณ "
                                                                                      "วันออกใบรับรอง "
                                                                                      "ลบเมื่อขอลบข้อมูล"))
    course_title = models.CharField(max_length=255)
    course_title_en = models.CharField(max_length=255, blank=True)
    hours = models.PositiveIntegerField(default=0)
    skills = models.JSONField(default=list, blank=True, help_text=gettext_lazy("ทักษะ ณ วันออกใบรับรอง "
                                                                               "[{code, name_th, name_en, "
                                                                               "level}]"))
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=255)
    issued_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self):
        return f"{self.course_title} — {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class DeletionRequest(models.Model):
    """A trainee's request to erase their data (PDPA s.33): what was done and when, kept without personal data."""

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="deletion_requests")
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text=gettext_lazy("สิ่งที่ลบไปแล้ว "
                                                                  "และสิ่งที่กฎหมายกำหนดให้เก็บไว้"))

    def __str__(self):
        return f"deletion {self.trainee_id} ({'done' if self.completed_at else 'pending'})"


class ErasedIdentity(models.Model):
    """A tombstone left by erasure: a keyed hash (HMAC with SECRET_KEY) of one identifier the person had (phone,
    national-ID hash, import key), and nothing readable. Imports consult it so an erased person is never
    recreated from an old spreadsheet (PDPA s.33: erasure must stick)."""

    class Kind(models.TextChoices):
        PHONE = "phone", gettext_lazy("เบอร์โทร")
        NATIONAL_ID = "nid", gettext_lazy("เลขประจำตัวประชาชน")
        EXTERNAL_ID = "ext", gettext_lazy("รหัสนำเข้า")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    key_hash = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"erased {self.kind} {self.key_hash[:8]}…"


class ProtectionReview(models.Model):
    """Something a youth did that would weaken a minor's protection, held for staff: a birth-date change that
    makes them 18 or 20 (hazardous work, self-consent), or a guardian number already used by an unrelated youth.
    Until staff approve, nothing changes: the old birth date stays in force and no guardian code is sent."""

    class Kind(models.TextChoices):
        BIRTH_DATE = "birth_date", gettext_lazy("แก้วันเกิดข้ามเกณฑ์อายุ 18 หรือ 20 ปี")
        GUARDIAN_PHONE = "guardian", gettext_lazy("เบอร์ผู้ปกครองซ้ำกับผู้เรียนอื่น")

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="protection_reviews")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_birth_date = models.DateField(null=True, blank=True)
    guardian_name = models.CharField(max_length=255, blank=True)
    guardian_phone = models.CharField(max_length=10, blank=True)
    purpose = models.CharField(max_length=12, blank=True, help_text=gettext_lazy("รหัสยืนยันของผู้ปกครองจะส่งไปเพื่ออะไร"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved = models.BooleanField(null=True, blank=True)
    resolution = models.CharField(max_length=20, blank=True, help_text=gettext_lazy("staff (เจ้าหน้าที่) "
                                                                                    "หรือ "
                                                                                    "national_id_check "
                                                                                    "(ตรวจเลขประจำตัวประชาชน)"))

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["trainee", "kind"], condition=Q(resolved_at__isnull=True),
                                               name="one_open_review_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.trainee_id})"
class IdentityReview(models.Model):
    """A national ID entered at sign-up or on a profile that another account already holds (issue 22 item 5).
    The person is told nothing different (sign-up and the profile answer the same either way, so the field
    cannot be used to find out whose ID has an account); the ID is not attached to the profile until staff
    have looked at both accounts."""

    trainee = models.ForeignKey(TraineeProfile, on_delete=models.CASCADE, related_name="identity_reviews",
                                verbose_name=gettext_lazy("บัญชีผู้เรียน"))
    national_id_hash = models.CharField(gettext_lazy("รหัสเลขประจำตัว (แฮช)"), max_length=64, db_index=True)
    national_id_last4 = models.CharField(gettext_lazy("เลขประจำตัว 4 หลักท้าย"), max_length=4)
    created_at = models.DateTimeField(gettext_lazy("พบเมื่อ"), auto_now_add=True)
    resolved_at = models.DateTimeField(gettext_lazy("ตรวจแล้วเมื่อ"), null=True, blank=True)
    note = models.TextField(gettext_lazy("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("เลขประจำตัวที่ซ้ำกับบัญชีอื่น")
        verbose_name_plural = gettext_lazy("เลขประจำตัวที่ซ้ำกับบัญชีอื่น")

    def __str__(self):
        return f"{self.trainee.public_ref} · xxxx{self.national_id_last4}"
