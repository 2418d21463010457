"""Course catalogue: reference data (districts, skills, providers, categories, sponsors), pages and cohorts."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock

SKILL_LEVELS = [(1, "1 พื้นฐาน / basic"), (2, "2 ปฏิบัติได้ / practitioner"), (3, "3 ชำนาญ / advanced")]


class District(models.Model):
    """One of Khon Kaen's 26 amphoe; coordinates are the district town (good for district-level distance)."""

    code = models.CharField(max_length=4, primary_key=True, validators=[RegexValidator(r"^40\d{2}$")])
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_th} ({self.name_en})"


class Skill(models.Model):
    """A skill from the EV-motorcycle repair taxonomy (data/skills_ev_motorcycle.csv)."""

    code = models.CharField(max_length=64, unique=True, help_text="e.g. ev.battery.safety")
    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255)
    group = models.CharField(max_length=40, db_index=True)
    source = models.TextField(blank=True, help_text="Standard the skill comes from (TPQI, ESCO, TIS…)")

    panels = [FieldPanel("code"), FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("group"), FieldPanel("source")]

    class Meta:
        ordering = ["group", "code"]

    def __str__(self):
        return f"{self.name_th} [{self.code}]"


class Provider(models.Model):
    """A training centre or partner that runs courses (e.g. Industrial Promotion Center Region 5)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "หน่วยงานรัฐ / government"
        COLLEGE = "college", "วิทยาลัย / college"
        COMPANY = "company", "บริษัท / company"
        NGO = "ngo", "มูลนิธิ / NGO"

    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=20, blank=True)

    panels = [
        FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind"),
        FieldPanel("district"), FieldPanel("website"), FieldPanel("phone"),
    ]

    class Meta:
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th


class Category(models.Model):
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(unique=True, allow_unicode=True)

    panels = [FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        ordering = ["name_th"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name_th


class Sponsor(models.Model):
    """Who pays all or part of a fee: the Equitable Education Fund (กสศ.), a company, a local authority."""

    class Kind(models.TextChoices):
        FUND = "fund", "กองทุน / fund"
        COMPANY = "company", "บริษัท / company"
        GOVERNMENT = "government", "หน่วยงานรัฐ / government"

    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255, blank=True)
    slug = models.SlugField(unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FUND)

    panels = [FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta:
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th


class HomePage(Page):
    """Site root: featured courses, next intakes and partners."""

    intro_th = models.TextField(blank=True, help_text="ข้อความต้อนรับ (ไทย)")
    intro_en = models.TextField(blank=True, help_text="Welcome text (English)")

    content_panels = Page.content_panels + [FieldPanel("intro_th"), FieldPanel("intro_en")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "courses.NewsIndexPage"]
    max_count = 1


class CourseIndexPage(Page):
    """The catalogue; its children are the courses (one subtree per provider is allowed for permissions)."""

    intro_th = models.TextField(blank=True, help_text="คำอธิบายหน้ารวมหลักสูตร")
    intro_en = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro_th"), FieldPanel("intro_en")]
    parent_page_types = ["courses.HomePage", "courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage", "courses.CourseIndexPage"]


class CoursePage(Page):
    """One skills course. The page title is the Thai title; cohorts (intakes) are edited inline."""

    external_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="ID used by spreadsheet imports"
    )
    title_en = models.CharField(max_length=255, blank=True, help_text="English title")
    summary_th = models.TextField(help_text="สรุปหลักสูตร 1–3 ประโยค (ไทย)")
    summary_en = models.TextField(blank=True, help_text="Short summary (English)")
    body = StreamField(BodyBlock(), blank=True, help_text="Course content: text, syllabus modules, FAQ…")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="courses")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses")
    hours = models.PositiveIntegerField(default=0, help_text="Total hours")
    min_age = models.PositiveSmallIntegerField(default=15, validators=[MinValueValidator(15)])
    max_age = models.PositiveSmallIntegerField(default=24, validators=[MaxValueValidator(99)])
    education_required = models.CharField(max_length=255, blank=True, help_text="e.g. ม.3 / none")
    certificate_offered = models.CharField(max_length=255, blank=True, help_text="Certificate graduates receive")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    search_fields = Page.search_fields + [index.SearchField("summary_th"), index.SearchField("title_en")]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("summary_th"), FieldPanel("summary_en")], heading="Titles"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("provider"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("education_required"),
                FieldPanel("certificate_offered"),
                FieldPanel("external_id"),
            ],
            heading="Course facts",
        ),
        InlinePanel("course_skills", heading="Skills taught", label="Skill"),
        InlinePanel("cohorts", heading="Cohorts (intakes)", label="Cohort"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.max_age < self.min_age:
            raise ValidationError({"max_age": "อายุสูงสุดต้องไม่น้อยกว่าอายุต่ำสุด / max age below min age"})


class CourseSkill(Orderable):
    """A skill a course teaches and the level a graduate reaches."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=SKILL_LEVELS, default=1)

    panels = [FieldPanel("skill"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="course_skill_unique")]


class Cohort(Orderable):
    """An intake of a course: dates, venue, seats and money. Fee and sponsor share are THB Decimals."""

    class Status(models.TextChoices):
        PLANNED = "planned", "วางแผน / planned"
        OPEN = "open", "เปิดรับสมัคร / open"
        CLOSED = "closed", "ปิดรับสมัคร / closed"
        RUNNING = "running", "กำลังเรียน / running"
        FINISHED = "finished", "จบแล้ว / finished"
        CANCELLED = "cancelled", "ยกเลิก / cancelled"

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="cohorts")
    code = models.CharField(max_length=40, blank=True, help_text="e.g. EV-2027-01")
    start_date = models.DateField()
    end_date = models.DateField()
    schedule_text = models.CharField(max_length=255, blank=True, help_text="e.g. จ.–ศ. 09:00–16:00")
    venue = models.CharField(max_length=255, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="cohorts")
    lat = models.FloatField(null=True, blank=True, help_text="Defaults to the district town")
    lon = models.FloatField(null=True, blank=True)
    seats = models.PositiveIntegerField(default=20)
    fee_thb = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    sponsor = models.ForeignKey(Sponsor, null=True, blank=True, on_delete=models.PROTECT, related_name="cohorts")
    sponsor_share_thb = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0.00"), help_text="Part of the fee the sponsor pays"
    )
    enrol_opens = models.DateField(null=True, blank=True)
    enrol_closes = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("enrol_opens"), FieldPanel("enrol_closes")]),
        FieldPanel("schedule_text"),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("district"), FieldPanel("lat"), FieldPanel("lon")]),
        FieldRowPanel([FieldPanel("seats"), FieldPanel("fee_thb")]),
        FieldRowPanel([FieldPanel("sponsor"), FieldPanel("sponsor_share_thb")]),
    ]

    class Meta(Orderable.Meta):
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="cohort_dates_ordered"),
            models.CheckConstraint(condition=Q(fee_thb__gte=0), name="cohort_fee_non_negative"),
            models.CheckConstraint(
                condition=Q(sponsor_share_thb__gte=0) & Q(sponsor_share_thb__lte=models.F("fee_thb")),
                name="cohort_sponsor_share_within_fee",
            ),
        ]

    def __str__(self):
        return f"{self.course.title} {self.code or self.start_date}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม / end before start"})
        if self.sponsor_share_thb and self.fee_thb is not None and self.sponsor_share_thb > self.fee_thb:
            raise ValidationError({"sponsor_share_thb": "ส่วนที่ผู้สนับสนุนจ่ายเกินค่าเรียน / share exceeds fee"})

    @property
    def trainee_fee_thb(self) -> Decimal:
        """What the trainee pays after the sponsor's share."""
        return (self.fee_thb or Decimal("0")) - (self.sponsor_share_thb or Decimal("0"))

    @property
    def latitude(self):
        return self.lat if self.lat is not None else self.district.lat

    @property
    def longitude(self):
        return self.lon if self.lon is not None else self.district.lon

    def is_enrolment_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.status != self.Status.OPEN:
            return False
        if self.enrol_opens and today < self.enrol_opens:
            return False
        return not (self.enrol_closes and today > self.enrol_closes)


class NewsIndexPage(Page):
    """Announcements from training centres (intakes, MOU events)."""

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.NewsPage"]


class NewsPage(Page):
    """An announcement: a training centre opens an intake or signs an MOU."""

    date = models.DateField(default=timezone.localdate, help_text="Date of the announcement")
    summary = models.TextField(blank=True, help_text="One or two sentences shown in lists")
    body = StreamField(BodyBlock(), blank=True)
    related_course = models.ForeignKey(
        CoursePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("summary"), FieldPanel("body"), FieldPanel("related_course"),
    ]
    parent_page_types = ["courses.NewsIndexPage"]
    subpage_types = []
