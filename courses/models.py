"""Course catalogue: reference data (districts, skills, providers, categories, sponsors), pages and cohorts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from config.i18n import localized

from .blocks import BodyBlock

SKILL_LEVELS = [(1, gettext_lazy("1 พื้นฐาน")), (2, gettext_lazy("2 ปฏิบัติได้")), (3, gettext_lazy("3 ชำนาญ"))]


class District(models.Model):
    """One of Khon Kaen's 26 amphoe; coordinates are the district town (good for district-level distance)."""

    code = models.CharField(max_length=4, primary_key=True, validators=[RegexValidator(r"^40\d{2}$")])
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self):  # the name in the active language (form choices, pages)
        return localized(self, "name")


class Skill(models.Model):
    """A skill from the EV-motorcycle repair taxonomy (data/skills_ev_motorcycle.csv)."""

    code = models.CharField(gettext_lazy("รหัสทักษะ"), max_length=64, unique=True,
                            help_text=gettext_lazy("เช่น ev.battery.safety"))
    name_th = models.CharField(gettext_lazy("ชื่อทักษะ (ไทย)"), max_length=255)
    name_en = models.CharField(gettext_lazy("ชื่อทักษะ (อังกฤษ)"), max_length=255)
    group = models.CharField(gettext_lazy("กลุ่มทักษะ"), max_length=40, db_index=True)
    source = models.TextField(gettext_lazy("มาตรฐานอ้างอิง"), blank=True,
                              help_text=gettext_lazy("มาตรฐานที่ทักษะนี้มาจาก เช่น TPQI, ESCO, มอก."))

    panels = [FieldPanel("code"), FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("group"),
              FieldPanel("source")]

    class Meta:
        ordering = ["group", "code"]
        verbose_name = gettext_lazy("ทักษะ")
        verbose_name_plural = gettext_lazy("ทักษะ")

    def __str__(self):
        return f"{localized(self, 'name')} [{self.code}]"


class Provider(models.Model):
    """A training centre or partner that runs courses (e.g. Industrial Promotion Center Region 5)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", gettext_lazy("หน่วยงานรัฐ")
        COLLEGE = "college", gettext_lazy("วิทยาลัย")
        COMPANY = "company", gettext_lazy("บริษัท")
        NGO = "ngo", gettext_lazy("มูลนิธิ")

    name_th = models.CharField(gettext_lazy("ชื่อหน่วยงาน (ไทย)"), max_length=255)
    name_en = models.CharField(gettext_lazy("ชื่อหน่วยงาน (อังกฤษ)"), max_length=255, blank=True)
    slug = models.SlugField(gettext_lazy("สลัก (ใช้ในลิงก์)"), unique=True, allow_unicode=True)
    kind = models.CharField(gettext_lazy("ประเภทหน่วยงาน"), max_length=20, choices=Kind.choices,
                            default=Kind.GOVERNMENT)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL,
                                 verbose_name=gettext_lazy("อำเภอ"))
    website = models.URLField(gettext_lazy("เว็บไซต์"), blank=True)
    phone = models.CharField(gettext_lazy("โทรศัพท์"), max_length=20, blank=True)
    staff_group = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="providers",
        help_text=gettext_lazy("เจ้าหน้าที่ศูนย์นี้ = สมาชิกของกลุ่มนี้ "
                               "(courses.permissions.provider_setup สร้างให้)"),
    )
    courses_root = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=gettext_lazy("ส่วนของแค็ตตาล็อกที่ผู้แก้ไขของศูนย์นี้แก้ได้ (หน้า CourseIndexPage)"),
    )

    panels = [
        FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind"),
        FieldPanel("district"), FieldPanel("website"), FieldPanel("phone"), FieldPanel("staff_group"),
        FieldPanel("courses_root"),
    ]

    class Meta:
        ordering = ["name_th"]
        verbose_name = gettext_lazy("ผู้จัดอบรม")
        verbose_name_plural = gettext_lazy("ผู้จัดอบรม")

    def __str__(self):
        return localized(self, "name")


class Category(models.Model):
    name_th = models.CharField(gettext_lazy("ชื่อประเภท (ไทย)"), max_length=100)
    name_en = models.CharField(gettext_lazy("ชื่อประเภท (อังกฤษ)"), max_length=100, blank=True)
    slug = models.SlugField(gettext_lazy("สลัก (ใช้ในลิงก์)"), unique=True, allow_unicode=True)

    panels = [FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        ordering = ["name_th"]
        verbose_name = gettext_lazy("ประเภทหลักสูตร")
        verbose_name_plural = gettext_lazy("ประเภทหลักสูตร")

    def __str__(self):
        return localized(self, "name")


class Sponsor(models.Model):
    """Who pays all or part of a fee: the Equitable Education Fund (กสศ.), a company, a local authority."""

    class Kind(models.TextChoices):
        FUND = "fund", gettext_lazy("กองทุน")
        COMPANY = "company", gettext_lazy("บริษัท")
        GOVERNMENT = "government", gettext_lazy("หน่วยงานรัฐ")

    name_th = models.CharField(gettext_lazy("ชื่อ (ไทย)"), max_length=255)
    name_en = models.CharField(gettext_lazy("ชื่อ (อังกฤษ)"), max_length=255, blank=True)
    slug = models.SlugField(gettext_lazy("ชื่อในลิงก์"), unique=True, allow_unicode=True)
    kind = models.CharField(gettext_lazy("ประเภทผู้สนับสนุน"), max_length=20, choices=Kind.choices, default=Kind.FUND)
    eligibility_th = models.CharField(
        gettext_lazy("ผู้มีสิทธิ์ได้ทุน (ไทย)"), max_length=255, blank=True,
        help_text=gettext_lazy("ใครได้ทุนนี้ แสดงก่อนผู้เรียนยืนยันการสมัคร เช่น "
                               "'ฟรีสำหรับเยาวชนนอกระบบการศึกษา อายุ 15–24 ปี'"))
    eligibility_en = models.CharField(gettext_lazy("ผู้มีสิทธิ์ได้ทุน (อังกฤษ)"), max_length=255, blank=True,
                                      help_text=gettext_lazy("ใครได้ทุนนี้ เป็นภาษาอังกฤษ (เช่น 'free for "
                                                             "out-of-school youth')"))

    panels = [FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind"),
              FieldPanel("eligibility_th"), FieldPanel("eligibility_en")]

    class Meta:
        ordering = ["name_th"]
        verbose_name = gettext_lazy("ผู้สนับสนุนทุน")
        verbose_name_plural = gettext_lazy("ผู้สนับสนุนทุน")

    def __str__(self):
        return localized(self, "name")


class SaphanPageForm(WagtailAdminPageForm):
    """Page form of every Saphan page type. When the slug is taken under the same parent, the error is Thai and
    says what to do; when what holds it is a draft that was never published (an abandoned create, e.g. autosaved),
    it names the draft and links to it so the editor can continue it instead of starting again."""

    def clean(self):
        slug = self.cleaned_data.get("slug")
        cleaned_data = super().clean()
        if slug and "slug" in self.errors and self.parent_page is not None:
            taken = (self.parent_page.get_children().filter(slug=slug).exclude(pk=self.instance.pk or 0)
                     .specific(defer=True).first())
            if taken is not None:
                self.errors["slug"] = self.error_class([self._slug_taken_message(slug, taken)])
        return cleaned_data

    @staticmethod
    def _slug_taken_message(slug: str, taken: Page) -> str:
        from django.urls import reverse
        from django.utils.html import format_html
        from django.utils.translation import gettext

        from config.dates import format_date

        edit_url = reverse("wagtailadmin_pages:edit", args=(taken.pk,))
        if not taken.live and taken.first_published_at is None:
            return format_html(
                gettext("มีร่างหน้า “{title}” ที่ใช้สลัก “{slug}” อยู่แล้ว (สร้างเมื่อ {created} ยังไม่เคยเผยแพร่) "
                        "อาจเป็นร่างที่เริ่มไว้แล้วไม่ได้ทำต่อ: <a href=\"{url}\">เปิดร่างเดิมเพื่อทำต่อ</a> "
                        "หรือเปลี่ยนสลักในแท็บ “โปรโมต” (เช่น {slug}-2) แล้วบันทึกอีกครั้ง"),
                title=taken.draft_title or taken.title, slug=slug, url=edit_url,
                created=format_date(taken.latest_revision_created_at, "datetime") or "-")
        return format_html(
            gettext("สลัก “{slug}” ถูกใช้แล้วโดยหน้า <a href=\"{url}\">“{title}”</a> ในหมวดเดียวกัน "
                    "กรุณาเปลี่ยนสลักในแท็บ “โปรโมต” (เช่น {slug}-2) แล้วบันทึกอีกครั้ง"),
            slug=slug, url=edit_url, title=taken.title)


class HomePage(Page):
    """Site root: featured courses, next intakes and partners."""

    intro_th = models.TextField(gettext_lazy("บทนำ (ไทย)"), blank=True, help_text=gettext_lazy("ข้อความต้อนรับ (ไทย)"))
    intro_en = models.TextField(gettext_lazy("บทนำ (อังกฤษ)"), blank=True,
                                help_text=gettext_lazy("ข้อความต้อนรับ (อังกฤษ)"))

    content_panels = Page.content_panels + [FieldPanel("intro_th"), FieldPanel("intro_en")]
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        live = CoursePage.objects.live().public()
        context["featured"] = live.filter(featured=True).order_by("title")[:6]
        context["intakes"] = (
            Cohort.objects.filter(course__in=live, status=Cohort.Status.OPEN, start_date__gte=today)
            .select_related("course", "district").order_by("start_date")[:6]
        )
        context["partners"] = Provider.objects.filter(courses__in=live).distinct()
        return context
    subpage_types = ["courses.CourseIndexPage", "courses.NewsIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = gettext_lazy("หน้าแรก")
        verbose_name_plural = gettext_lazy("หน้าแรก")



class CourseIndexPage(Page):
    """The catalogue; its children are the courses (one subtree per provider is allowed for permissions)."""

    intro_th = models.TextField(gettext_lazy("บทนำ (ไทย)"), blank=True,
                                help_text=gettext_lazy("คำอธิบายหน้ารวมหลักสูตร"))
    intro_en = models.TextField(gettext_lazy("บทนำ (อังกฤษ)"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro_th"), FieldPanel("intro_en")]
    parent_page_types = ["courses.HomePage", "courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage", "courses.CourseIndexPage"]
    base_form_class = SaphanPageForm

    class Meta:
        verbose_name = gettext_lazy("หน้ารวมหลักสูตร")
        verbose_name_plural = gettext_lazy("หน้ารวมหลักสูตร")

    def serve(self, request, *args, **kwargs):
        """Delegate to the catalogue view named in settings.SAPHAN_CATALOGUE_VIEW (search lives above courses).

        Without that setting the page lists its live courses from the database.
        """
        path = getattr(settings, "SAPHAN_CATALOGUE_VIEW", "")
        if path:
            return import_string(path)(request, page=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().descendant_of(self).specific().order_by("title")
        return context


def payee_exists(key: str) -> bool:
    """Can money be received for this provider (a payments.Payee with this key)? Looked up through
    settings.SAPHAN_PAYEE_EXISTS so courses never imports payments."""
    path = getattr(settings, "SAPHAN_PAYEE_EXISTS", "")
    return bool(key) and bool(path) and import_string(path)(key)


PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action", "action-restart-workflow")



class CoursePageForm(SaphanPageForm):
    """The course editor refuses to publish (or send for approval) an intake where learners pay part of the fee
    while the course's provider has no PromptPay payee: applicants would hit an error and nothing could be paid.
    Saving a draft stays possible so an editor can prepare the course while finance sets the payee up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None and "provider" in self.fields:
            # a centre editor may pick only their own centre (the chooser lists the same); a forged id is refused
            from .permissions import providers_for

            allowed = providers_for(Provider.objects.all(), user)
            if self.instance.provider_id:
                allowed = allowed | Provider.objects.filter(pk=self.instance.provider_id)
            self.fields["provider"].queryset = allowed.distinct()

    def is_valid(self):
        # checked after the cohort formset is clean (the page form's clean() runs before it)
        valid = super().is_valid()
        if not valid or not any(self.data.get(action) for action in PUBLISHING_ACTIONS):
            return valid
        provider = self.cleaned_data.get("provider")
        paid = []
        for form in self.formsets["cohorts"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("status") == Cohort.Status.CANCELLED:
                continue
            fee, share = data.get("fee_thb") or Decimal("0"), data.get("sponsor_share_thb") or Decimal("0")
            if fee - share > 0:
                paid.append(data.get("code") or str(data.get("start_date") or ""))
        if paid and not payee_exists(provider.slug if provider else ""):
            who = provider.name_th if provider else "หลักสูตรนี้ (ยังไม่ได้เลือกผู้จัด)"
            self.add_error(None,
                f"เผยแพร่ไม่ได้: รุ่น {', '.join(paid)} มีค่าเรียนที่ผู้เรียนต้องจ่ายเอง แต่ {who} ยังไม่มีบัญชีรับเงิน"
                f"พร้อมเพย์ (หน่วยงานผู้รับเงิน) ให้ฝ่ายการเงินเพิ่มหน่วยงานผู้รับเงินก่อน หรือกำหนดให้ผู้สนับสนุนจ่ายเต็มจำนวน"
                f" / Cannot publish: learners pay part of the fee of intake {', '.join(paid)} but the provider has no "
                f"PromptPay payee yet.")
            return False
        return True


class CoursePage(Page):
    """One skills course. The page title is the Thai title; cohorts (intakes) are edited inline."""

    external_id = models.CharField(
        gettext_lazy("รหัสสำหรับนำเข้า"), max_length=64, unique=True, null=True, blank=True,
        help_text=gettext_lazy("รหัสที่ใช้จับคู่แถวในไฟล์นำเข้าหลักสูตร (สเปรดชีต)"),
    )
    title_en = models.CharField(gettext_lazy("ชื่อหลักสูตร (อังกฤษ)"), max_length=255, blank=True)
    summary_th = models.TextField(gettext_lazy("สรุป (ไทย)"), help_text=gettext_lazy("สรุปหลักสูตร 1–3 ประโยค"))
    summary_en = models.TextField(gettext_lazy("สรุป (อังกฤษ)"), blank=True,
                                  help_text=gettext_lazy("สรุปสั้น ๆ เป็นภาษาอังกฤษ"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=gettext_lazy("เนื้อหาหลักสูตร"),
                       help_text=gettext_lazy("ข้อความ หัวข้อที่เรียน คำถามที่พบบ่อย"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="courses",
                                 verbose_name=gettext_lazy("ผู้จัดอบรม"))
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses",
                                 verbose_name=gettext_lazy("ประเภทหลักสูตร"))
    hours = models.PositiveIntegerField(gettext_lazy("จำนวนชั่วโมง"), default=0,
                                        help_text=gettext_lazy("ชั่วโมงเรียนทั้งหมด"))
    min_age = models.PositiveSmallIntegerField(gettext_lazy("อายุขั้นต่ำ"), default=15, validators=[MinValueValidator(15)])
    max_age = models.PositiveSmallIntegerField(gettext_lazy("อายุสูงสุด"), default=24, validators=[MaxValueValidator(99)])
    education_required = models.CharField(gettext_lazy("วุฒิการศึกษาที่ต้องมี"), max_length=255, blank=True,
                                          help_text=gettext_lazy("เช่น ม.3 หรือ ไม่กำหนด"))
    certificate_offered = models.CharField(gettext_lazy("ใบรับรองที่ได้"), max_length=255, blank=True,
                                           help_text=gettext_lazy("ใบรับรองที่ผู้จบหลักสูตรได้รับ"))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=gettext_lazy("ภาพหลัก"),
    )
    featured = models.BooleanField(gettext_lazy("แนะนำบนหน้าแรก"), default=False)
    completion_min_attendance_pct = models.PositiveSmallIntegerField(
        gettext_lazy("เกณฑ์จบ: เข้าเรียนอย่างน้อย (%)"), default=80, validators=[MaxValueValidator(100)],
        help_text=gettext_lazy("นับเฉพาะวันเรียนที่ผ่านมาแล้วและเช็กชื่อแล้ว"))
    completion_requires_pass = models.BooleanField(
        gettext_lazy("เกณฑ์จบ: ต้องผ่านการประเมิน"), default=True,
        help_text=gettext_lazy("ต้องมีผลประเมิน \"ผ่าน\" ครบทุกทักษะที่หลักสูตรสอน"))

    search_fields = Page.search_fields + [index.SearchField("summary_th"), index.SearchField("title_en")]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("summary_th"), FieldPanel("summary_en")],
                        heading=gettext_lazy("ชื่อและสรุป")),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("provider"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("education_required"),
                FieldPanel("certificate_offered"),
                FieldPanel("external_id"),
                FieldPanel("featured"),
                FieldRowPanel([FieldPanel("completion_min_attendance_pct"), FieldPanel("completion_requires_pass")]),
            ],
            heading=gettext_lazy("ข้อมูลหลักสูตร"),
        ),
        InlinePanel("course_skills", heading=gettext_lazy("ทักษะที่สอน"), label=gettext_lazy("ทักษะ")),
        InlinePanel("cohorts", heading=gettext_lazy("รุ่นที่เปิดรับ"), label=gettext_lazy("รุ่น")),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []
    base_form_class = CoursePageForm

    def clean(self):
        super().clean()
        if self.max_age < self.min_age:
            raise ValidationError({"max_age": gettext("อายุสูงสุดต้องไม่น้อยกว่าอายุต่ำสุด")})

    def upcoming_cohorts(self, today=None):
        """Cohorts not yet finished or cancelled, soonest first."""
        today = today or timezone.localdate()
        return [
            c for c in self.cohorts.all()
            if c.end_date >= today and c.status not in (Cohort.Status.CANCELLED, Cohort.Status.FINISHED)
        ]

    def next_cohort(self, today=None):
        cohorts = sorted(self.upcoming_cohorts(today), key=lambda c: c.start_date)
        return cohorts[0] if cohorts else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["cohorts"] = sorted(self.upcoming_cohorts(today), key=lambda c: c.start_date)
        context["json_ld"] = self.json_ld(request)
        return context

    def json_ld(self, request=None) -> str:
        """schema.org Course with one CourseInstance (and Offer) per upcoming cohort, for search engines."""
        import json

        from django.utils.safestring import mark_safe

        url = self.get_full_url(request) or ""
        data = {
            "@context": "https://schema.org", "@type": "Course", "name": self.title,
            "alternateName": self.title_en or None, "description": self.summary_th, "url": url,
            "inLanguage": "th", "courseCode": self.external_id or None,
            "timeRequired": f"PT{self.hours}H" if self.hours else None,
            "educationalCredentialAwarded": self.certificate_offered or None,
            "provider": {"@type": "Organization", "name": self.provider.name_th,
                         "url": self.provider.website or None} if self.provider else None,
            "teaches": [cs.skill.name_th for cs in self.course_skills.all()] or None,
            "hasCourseInstance": [
                {
                    "@type": "CourseInstance", "courseMode": "onsite", "startDate": c.start_date.isoformat(),
                    "endDate": c.end_date.isoformat(), "courseSchedule": c.schedule_text or None,
                    "location": {"@type": "Place", "name": c.venue or c.district.name_th,
                                 "address": {"@type": "PostalAddress", "addressLocality": c.district.name_th,
                                             "addressRegion": "ขอนแก่น", "addressCountry": "TH"},
                                 "geo": {"@type": "GeoCoordinates", "latitude": c.latitude,
                                         "longitude": c.longitude}},
                    "offers": {"@type": "Offer", "price": str(c.trainee_fee_thb), "priceCurrency": "THB",
                               "category": "Sponsored" if c.is_sponsored else "Paid", "url": url},
                }
                for c in self.upcoming_cohorts()
            ] or None,
        }
        clean = {k: v for k, v in data.items() if v is not None}
        text = json.dumps(clean, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        return mark_safe(text)  # noqa: S308 — JSON with < and > escaped cannot close the script element

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request),
                 "lastmod": self.last_published_at or self.latest_revision_created_at}]

    class Meta:
        verbose_name = gettext_lazy("หน้าหลักสูตร")
        verbose_name_plural = gettext_lazy("หน้าหลักสูตร")



class CourseSkill(Orderable):
    """A skill a course teaches and the level a graduate reaches."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=gettext_lazy("ทักษะ"))
    level = models.PositiveSmallIntegerField(gettext_lazy("ระดับที่ผู้จบได้"), choices=SKILL_LEVELS, default=1)

    panels = [FieldPanel("skill"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="course_skill_unique")]


class Cohort(Orderable):
    """An intake of a course: dates, venue, seats and money. Fee and sponsor share are THB Decimals."""

    class Status(models.TextChoices):
        PLANNED = "planned", gettext_lazy("วางแผน")
        OPEN = "open", gettext_lazy("เปิดรับสมัคร")
        CLOSED = "closed", gettext_lazy("ปิดรับสมัคร")
        RUNNING = "running", gettext_lazy("กำลังเรียน")
        FINISHED = "finished", gettext_lazy("จบแล้ว")
        CANCELLED = "cancelled", gettext_lazy("ยกเลิก")

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="cohorts")
    code = models.CharField(gettext_lazy("รหัสรุ่น"), max_length=40, blank=True, help_text=gettext_lazy("เช่น EV-2027-01"))
    start_date = models.DateField(gettext_lazy("วันเริ่มเรียน"))
    end_date = models.DateField(gettext_lazy("วันเรียนวันสุดท้าย"))
    schedule_text = models.CharField(gettext_lazy("วันและเวลาเรียน"), max_length=255, blank=True,
                                     help_text=gettext_lazy("เช่น จ.–ศ. 09:00–16:00"))
    venue = models.CharField(gettext_lazy("สถานที่เรียน"), max_length=255, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="cohorts",
                                 verbose_name=gettext_lazy("อำเภอ"))
    lat = models.FloatField(gettext_lazy("ละติจูด"), null=True, blank=True,
                            help_text=gettext_lazy("เว้นว่างได้ ใช้ที่ตั้งตัวอำเภอแทน"))
    lon = models.FloatField(gettext_lazy("ลองจิจูด"), null=True, blank=True)
    seats = models.PositiveIntegerField(gettext_lazy("จำนวนที่นั่ง"), default=20)
    fee_thb = models.DecimalField(gettext_lazy("ค่าเรียน (บาท)"), max_digits=10, decimal_places=2,
                                  default=Decimal("0.00"))
    sponsor = models.ForeignKey(Sponsor, null=True, blank=True, on_delete=models.PROTECT, related_name="cohorts",
                                verbose_name=gettext_lazy("ผู้สนับสนุนทุน"))
    sponsor_share_thb = models.DecimalField(
        gettext_lazy("ผู้สนับสนุนจ่าย (บาท)"), max_digits=10, decimal_places=2, default=Decimal("0.00"),
        help_text=gettext_lazy("ส่วนของค่าเรียนที่ผู้สนับสนุนจ่ายให้"),
    )
    enrol_opens = models.DateField(gettext_lazy("วันเปิดรับสมัคร"), null=True, blank=True)
    enrol_closes = models.DateField(gettext_lazy("วันปิดรับสมัคร"), null=True, blank=True)
    status = models.CharField(gettext_lazy("สถานะ"), max_length=12, choices=Status.choices, default=Status.OPEN,
                              db_index=True)

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
            raise ValidationError({"end_date": gettext("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")})
        if self.sponsor_share_thb and self.fee_thb is not None and self.sponsor_share_thb > self.fee_thb:
            raise ValidationError({"sponsor_share_thb": gettext("ส่วนที่ผู้สนับสนุนจ่ายเกินค่าเรียน")})

    @property
    def trainee_fee_thb(self) -> Decimal:
        """What the trainee pays after the sponsor's share."""
        return (self.fee_thb or Decimal("0")) - (self.sponsor_share_thb or Decimal("0"))

    @property
    def is_sponsored(self) -> bool:
        return bool(self.sponsor_share_thb and self.sponsor_share_thb > 0)

    @property
    def seats_left(self) -> int:
        """Seats minus seat-holding enrolments. Enrolments live in trainees (above courses), so they are reached
        through the reverse relation and the statuses that model declares, never by importing trainees."""
        related = getattr(self, "enrollments", None)
        if related is None or self.pk is None:
            return self.seats
        holding = getattr(related.model, "SEAT_HOLDING", ())
        taken = related.filter(status__in=list(holding)).count() if holding else related.count()
        return max(self.seats - taken, 0)

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
    base_form_class = SaphanPageForm

    class Meta:
        verbose_name = gettext_lazy("หน้ารวมข่าว")
        verbose_name_plural = gettext_lazy("หน้ารวมข่าว")



class NewsPage(Page):
    """An announcement: a training centre opens an intake or signs an MOU."""

    date = models.DateField(gettext_lazy("วันที่ประกาศ"), default=timezone.localdate)
    summary = models.TextField(gettext_lazy("สรุป"), blank=True,
                               help_text=gettext_lazy("หนึ่งหรือสองประโยค แสดงในรายการ"))
    body = StreamField(BodyBlock(), blank=True)
    related_course = models.ForeignKey(
        CoursePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("summary"), FieldPanel("body"), FieldPanel("related_course"),
    ]
    parent_page_types = ["courses.NewsIndexPage"]
    subpage_types = []
    base_form_class = SaphanPageForm

    class Meta:
        verbose_name = gettext_lazy("ข่าว")
        verbose_name_plural = gettext_lazy("ข่าว")
