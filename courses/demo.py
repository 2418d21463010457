"""Demo content for the catalogue: site structure, providers, sponsors and courses with cohorts."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page, Site

from .models import (
    Category,
    Cohort,
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    District,
    HomePage,
    Provider,
    Skill,
    Sponsor,
)
from .reference_data import load_districts, load_skills

PROVIDERS = [
    ("ipc5", "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", "Industrial Promotion Center Region 5", "government", "4001"),
    ("kk-tech", "วิทยาลัยเทคนิคขอนแก่น", "Khon Kaen Technical College", "college", "4001"),
    ("isan-ev-motors", "บริษัท อีสานอีวีมอเตอร์ จำกัด", "Isan EV Motors Co., Ltd.", "company", "4001"),
    ("banphai-ic", "วิทยาลัยการอาชีพบ้านไผ่", "Ban Phai Industrial and Community Education College", "college", "4010"),
]
CATEGORIES = [
    ("ev-motorcycle", "ยานยนต์ไฟฟ้า", "Electric vehicles"),
    ("small-engine", "เครื่องยนต์เล็ก", "Small engines"),
    ("electrical", "ไฟฟ้าและอิเล็กทรอนิกส์", "Electrical & electronics"),
    ("business", "ธุรกิจร้านซ่อม", "Repair-shop business"),
]
SPONSORS = [
    ("eef", "กองทุนเพื่อความเสมอภาคทางการศึกษา (กสศ.)", "Equitable Education Fund (EEF)", "fund"),
    ("isan-ev-motors", "บริษัท อีสานอีวีมอเตอร์ จำกัด", "Isan EV Motors Co., Ltd.", "company"),
]

# The flagship course first; (external_id, title_th, title_en, summary_th, summary_en, provider, category,
# hours, fee, sponsor, sponsor_share, district, skills with levels)
COURSES = [
    (
        "EV-MC-101", "ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า",
        "EV motorcycle repair and petrol-to-electric conversion",
        "เรียนซ่อมมอเตอร์ไซค์ไฟฟ้า ตรวจแบตเตอรี่ลิเทียม มอเตอร์ และกล่องควบคุม และดัดแปลงรถน้ำมันเป็นรถไฟฟ้าอย่างปลอดภัย",
        "Repair electric motorcycles, test lithium batteries, motors and controllers, and convert petrol "
        "motorcycles to electric safely.",
        "ipc5", "ev-motorcycle", 120, "4500.00", "eef", "4500.00", "4001",
        [("ev.safety.hv_procedures", 2), ("ev.battery.safety", 2)],
    ),
]


def _site_root() -> HomePage:
    """The HomePage as the default site's root, replacing Wagtail's placeholder "Welcome" page once."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(slug="home"):
        if placeholder.specific_class is Page:
            placeholder.delete()  # cascades to the Site that pointed at it; recreated below
    home = root.add_child(
        instance=HomePage(
            title="สะพานอาชีพ", slug="home", intro_th="เรียนทักษะ ได้งานใกล้บ้าน",
            intro_en="Learn a trade, find work near home",
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Saphan สะพานอาชีพ"
        )
    else:
        site.root_page = home
        site.save()
    return home


def _catalogue(home: HomePage) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(title="หลักสูตร", slug="courses", intro_th="หลักสูตรฝึกอาชีพในขอนแก่น",
                                     intro_en="Skills courses in Khon Kaen")
        )
    return index


def upsert_course(index: CourseIndexPage, spec, *, publish=True) -> CoursePage:
    (external_id, title_th, title_en, summary_th, summary_en, provider, category, hours, fee, sponsor, share,
     district, skills) = spec
    page = CoursePage.objects.filter(external_id=external_id).first()
    fields = {
        "title": title_th, "title_en": title_en, "summary_th": summary_th, "summary_en": summary_en,
        "provider": Provider.objects.get(slug=provider), "category": Category.objects.get(slug=category),
        "hours": hours, "certificate_offered": "วุฒิบัตร / certificate of completion",
    }
    if page is None:
        page = CoursePage(external_id=external_id, slug=external_id.lower(), **fields)
        index.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    for code, level in skills:
        CourseSkill.objects.update_or_create(course=page, skill=Skill.objects.get(code=code), defaults={"level": level})
    today = timezone.localdate()
    if not page.cohorts.exists():
        page.cohorts.add(
            Cohort(
                code=f"{external_id}-1", start_date=today + timedelta(days=30), end_date=today + timedelta(days=60),
                schedule_text="จ.–ศ. 09:00–16:00", venue="ศูนย์ฝึก", district=District.objects.get(code=district),
                seats=20, fee_thb=Decimal(fee), sponsor=Sponsor.objects.get(slug=sponsor) if sponsor else None,
                sponsor_share_thb=Decimal(share), enrol_opens=today - timedelta(days=7),
                enrol_closes=today + timedelta(days=25), status=Cohort.Status.OPEN,
            )
        )
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def load(stdout=None) -> str:
    districts = load_districts()
    skills = load_skills()
    for slug, name_th, name_en, kind, district in PROVIDERS:
        Provider.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "kind": kind, "district_id": district}
        )
    for slug, name_th, name_en in CATEGORIES:
        Category.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en})
    for slug, name_th, name_en, kind in SPONSORS:
        Sponsor.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en, "kind": kind})
    home = _site_root()
    index = _catalogue(home)
    created = 0
    for spec in COURSES:
        if not CoursePage.objects.filter(external_id=spec[0]).exists():
            upsert_course(index, spec)
            created += 1
    return f"{districts} districts, {skills} skills, {created} new courses"
