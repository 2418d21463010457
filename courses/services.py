"""Writes of the courses app. Import of course spreadsheets (CSV) for centres moving off Excel."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from .exceptions import ImportRejected
from .models import Category, Cohort, CourseIndexPage, CoursePage, CourseSkill, District, Provider, Skill

IMPORT_HEADER = [
    "external_id", "title_th", "title_en", "summary_th", "summary_en", "provider", "category", "district_code",
    "skills", "hours", "fee_thb", "seats", "start_date", "end_date",
]
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class RowError:
    row: int  # line number in the file; the header is row 1
    reason_th: str
    reason_en: str

    def __str__(self):
        return f"แถว {self.row}: {self.reason_th} / row {self.row}: {self.reason_en}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    published: bool = False
    errors: list[RowError] = field(default_factory=list)
    created_providers: list[str] = field(default_factory=list)  # names, with --create-missing
    created_categories: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"สร้าง {self.created} แก้ไข {self.updated} ข้าม {self.skipped} หลักสูตร / "
                f"created {self.created}, updated {self.updated}, skipped {self.skipped}"
                + (" (published)" if self.published else " (saved as drafts)"))
        if self.created_providers:
            names = ", ".join(self.created_providers)
            text += f"\nสร้างผู้จัดใหม่ {len(self.created_providers)}: {names} / new providers: {names}"
        if self.created_categories:
            names = ", ".join(self.created_categories)
            text += f"\nสร้างประเภทใหม่ {len(self.created_categories)}: {names} / new categories: {names}"
        return text


@dataclass
class _Row:
    number: int
    external_id: str
    title_th: str
    title_en: str
    summary_th: str
    summary_en: str
    provider: Provider
    category: Category | None
    district: District
    skills: list[Skill]
    hours: int
    fee: Decimal
    seats: int
    start: date
    end: date


class _Invalid(Exception):
    def __init__(self, th, en):
        super().__init__(en)
        self.th, self.en = th, en


def _lookups():
    providers = {}
    for p in Provider.objects.all():
        for key in (p.slug, p.name_th, p.name_en):
            if key:
                providers[key.strip().lower()] = p
    categories = {}
    for c in Category.objects.all():
        for key in (c.slug, c.name_th, c.name_en):
            if key:
                categories[key.strip().lower()] = c
    return providers, categories, {d.code: d for d in District.objects.all()}, {s.code: s for s in Skill.objects.all()}


class _Missing:
    """A provider or category the file names that does not exist yet (created on import with create_missing)."""

    def __init__(self, name: str):
        self.name = name


def _row_values(raw: dict, seen: set) -> dict[str, str]:
    """The row's cells, stripped, once its shape, identity and required texts are valid."""
    value = {k: (raw.get(k) or "").strip() for k in IMPORT_HEADER}
    if None in raw or any(raw.get(k) is None for k in IMPORT_HEADER):
        raise _Invalid("จำนวนคอลัมน์ไม่ตรงกับหัวตาราง", "the number of columns does not match the header")
    if not _EXTERNAL_ID.match(value["external_id"]):
        raise _Invalid("external_id ว่างหรือมีอักขระที่ไม่อนุญาต", "external_id is empty or has invalid characters")
    if value["external_id"].lower() in seen:
        raise _Invalid(f"external_id {value['external_id']} ซ้ำในไฟล์", f"duplicate external_id {value['external_id']}")
    if not value["title_th"]:
        raise _Invalid("ไม่มีชื่อหลักสูตรภาษาไทย (title_th)", "title_th is required")
    if len(value["title_th"]) > 255 or len(value["title_en"]) > 255:
        raise _Invalid("ชื่อหลักสูตรยาวเกิน 255 ตัวอักษร", "title longer than 255 characters")
    if not value["summary_th"]:
        raise _Invalid("ไม่มีสรุปหลักสูตรภาษาไทย (summary_th)", "summary_th is required")
    return value


def _provider_of(name: str, providers: dict, create_missing: bool):
    """The provider the row names (by slug or either name); a _Missing placeholder with create_missing."""
    provider = providers.get(name.lower())
    if provider is None and create_missing and name:
        provider = providers.setdefault(name.lower(), _Missing(name))
    if provider is None:
        raise _Invalid(f"ไม่พบผู้จัด '{name}' (ใช้ --create-missing เพื่อสร้างใหม่)",
                       f"unknown provider '{name}' (use --create-missing to create it)")
    return provider


def _category_of(name: str, categories: dict, create_missing: bool):
    """The category the row names, None when the cell is empty; a _Missing placeholder with create_missing."""
    if not name:
        return None
    category = categories.get(name.lower())
    if category is None and create_missing:
        category = categories.setdefault(name.lower(), _Missing(name))
    if category is None:
        raise _Invalid(f"ไม่พบประเภท '{name}' (ใช้ --create-missing เพื่อสร้างใหม่)",
                       f"unknown category '{name}' (use --create-missing to create it)")
    return category


def _district_of(code: str, districts: dict) -> District:
    district = districts.get(code)
    if district is None:
        raise _Invalid(f"รหัสอำเภอ '{code}' ไม่ใช่อำเภอในขอนแก่น (รหัส DOPA 4 หลัก)",
                       f"district_code '{code}' is not a Khon Kaen district (4-digit DOPA code)")
    return district


def _skill_codes(cell: str, skills: dict) -> list[str]:
    """The ;-separated skill codes of the cell, every one known."""
    codes = [c.strip() for c in cell.split(";") if c.strip()]
    unknown = [c for c in codes if c not in skills]
    if unknown:
        raise _Invalid(f"ไม่พบรหัสทักษะ {', '.join(unknown)}", f"unknown skill code(s) {', '.join(unknown)}")
    return codes


def _whole_number(cell: str, low: int, high: int, th: str, en: str) -> int:
    """An integer in low..high, else _Invalid(th, en)."""
    try:
        number = int(cell)
        if not low <= number <= high:
            raise ValueError
    except ValueError:
        raise _Invalid(th, en) from None
    return number


def _fee(cell: str) -> Decimal:
    """A non-negative THB amount below 100 million with at most 2 decimals (thousands commas allowed; empty: 0)."""
    try:
        fee = Decimal(cell.replace(",", "") or "0")
        if not fee.is_finite() or fee < 0 or fee >= Decimal("100000000") or fee != fee.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        raise _Invalid("ค่าเรียนต้องเป็นจำนวนเงินบาทไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง",
                       "fee_thb must be a non-negative THB amount with at most 2 decimals") from None
    return fee.quantize(Decimal("0.01"))


def _dates(start_cell: str, end_cell: str) -> tuple[date, date]:
    """ISO start and end dates (CE), the end not before the start."""
    try:
        start, end = date.fromisoformat(start_cell), date.fromisoformat(end_cell)
    except ValueError:
        raise _Invalid("วันที่ต้องเป็นรูปแบบ ปปปป-ดด-วว (ค.ศ.)", "dates must be ISO YYYY-MM-DD") from None
    if end < start:
        raise _Invalid("วันสิ้นสุดอยู่ก่อนวันเริ่ม", "end_date is before start_date")
    return start, end


def _parse_row(number: int, raw: dict, lookups, seen: set, create_missing: bool = False) -> _Row:
    """One CSV row checked cell by cell, in the file's column order: the first problem is the one reported.
    Adds the row's external_id to `seen` only when the whole row is valid."""
    providers, categories, districts, skills = lookups
    value = _row_values(raw, seen)
    provider = _provider_of(value["provider"], providers, create_missing)
    category = _category_of(value["category"], categories, create_missing)
    district = _district_of(value["district_code"], districts)
    codes = _skill_codes(value["skills"], skills)
    hours = _whole_number(value["hours"], 0, 5000, "จำนวนชั่วโมงต้องเป็นจำนวนเต็ม 0–5000",
                          "hours must be a whole number 0–5000")
    fee = _fee(value["fee_thb"])
    seats = _whole_number(value["seats"], 1, 1000, "จำนวนที่นั่งต้องเป็นจำนวนเต็ม 1–1000",
                          "seats must be a whole number 1–1000")
    start, end = _dates(value["start_date"], value["end_date"])
    seen.add(value["external_id"].lower())
    return _Row(number, value["external_id"], value["title_th"], value["title_en"], value["summary_th"],
                value["summary_en"], provider, category, district, [skills[c] for c in codes], hours,
                fee, seats, start, end)


def parse_course_csv(data: bytes | str, *, create_missing: bool = False) -> tuple[list[_Row], list[RowError]]:
    """Validate every row; returns (valid rows, errors). Never writes."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(1, "ไฟล์ไม่ใช่ UTF-8 (บันทึกจาก Excel เป็น CSV UTF-8)",
                                 "the file is not UTF-8 (save it from Excel as CSV UTF-8)")]
    else:
        text = data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if header != IMPORT_HEADER:
        missing = [h for h in IMPORT_HEADER if h not in header]
        return [], [RowError(1, "หัวตารางไม่ถูกต้อง ต้องเป็น " + ",".join(IMPORT_HEADER),
                             "wrong header; expected " + ",".join(IMPORT_HEADER)
                             + (f" (missing: {', '.join(missing)})" if missing else ""))]
    reader.fieldnames = header
    lookups = _lookups()
    rows, errors, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for k, v in raw.items() if k is not None):
            continue  # blank line
        try:
            rows.append(_parse_row(number, raw, lookups, seen, create_missing))
        except _Invalid as exc:
            errors.append(RowError(number, exc.th, exc.en))
    return rows, errors


def _catalogue_root() -> CourseIndexPage:
    root = CourseIndexPage.objects.filter(depth__lte=3).order_by("depth", "path").first()
    if root is None:
        raise ImportRejected("ยังไม่มีหน้าหลักสูตร (รัน seed_demo หรือสร้าง CourseIndexPage ก่อน)",
                             "There is no catalogue page yet (run seed_demo or create a CourseIndexPage).")
    return root


def _upsert(row: _Row, *, publish: bool) -> bool:
    """Create or update the course page and its one imported cohort; returns True when created."""
    page = CoursePage.objects.filter(external_id=row.external_id).first()
    created = page is None
    if created:
        parent = row.provider.courses_root.specific if row.provider.courses_root_id else _catalogue_root()
        page = CoursePage(external_id=row.external_id, slug=re.sub(r"[^a-z0-9-]+", "-", row.external_id.lower()))
        _apply(page, row)
        page.live = False  # a draft until the revision below is published
        parent.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        _apply(page, row)
    cohort_code = f"{row.external_id}-import"
    saved = dict(Cohort.objects.filter(course_id=page.pk).values_list("code", "pk")) if page.pk else {}
    cohorts = list(page.cohorts.all())
    cohort = next((c for c in cohorts if c.code == cohort_code), None)
    if cohort is None:
        cohort = Cohort(code=cohort_code)
        cohorts.append(cohort)
    if cohort.pk is None and cohort_code in saved:  # a revision taken before first publish lacks the row id
        cohort.pk = cohort.id = saved[cohort_code]
    cohort.district, cohort.start_date, cohort.end_date = row.district, row.start, row.end
    cohort.seats, cohort.fee_thb = row.seats, row.fee
    if cohort.sponsor_share_thb > row.fee:
        cohort.sponsor_share_thb = row.fee
    page.cohorts = cohorts
    wanted = {s.pk for s in row.skills}
    skills = [cs for cs in page.course_skills.all() if cs.skill_id in wanted]
    have = {cs.skill_id for cs in skills}
    skills += [CourseSkill(skill=s, level=1) for s in row.skills if s.pk not in have]
    page.course_skills = skills
    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish()
    return created


def _apply(page: CoursePage, row: _Row) -> None:
    page.title, page.title_en = row.title_th, row.title_en
    page.summary_th, page.summary_en = row.summary_th, row.summary_en
    page.provider, page.category, page.hours = row.provider, row.category, row.hours


def _unique_slug(model, name: str) -> str:
    from django.utils.text import slugify

    from config.slugs import slugify_th

    base = (slugify(name) or slugify_th(name, max_length=40) or "imported")[:40].strip("-") or "imported"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_missing(rows: list[_Row], report: ImportReport) -> None:
    """Create the providers and categories the rows name that do not exist yet (each once), named as written."""
    made: dict[int, object] = {}
    for row in rows:
        if isinstance(row.provider, _Missing):
            if id(row.provider) not in made:
                made[id(row.provider)] = Provider.objects.create(
                    name_th=row.provider.name[:255], slug=_unique_slug(Provider, row.provider.name))
                report.created_providers.append(row.provider.name)
            row.provider = made[id(row.provider)]
        if isinstance(row.category, _Missing):
            if id(row.category) not in made:
                made[id(row.category)] = Category.objects.create(
                    name_th=row.category.name[:100], slug=_unique_slug(Category, row.category.name))
                report.created_categories.append(row.category.name)
            row.category = made[id(row.category)]


@transaction.atomic
def import_courses(*, data: bytes | str, publish: bool = False, skip_invalid: bool = False,
                   create_missing: bool = False) -> ImportReport:
    """Import a course CSV. Any invalid row rejects the whole file (ImportRejected, nothing written) unless
    `skip_invalid`, in which case valid rows are imported and the invalid ones reported. Unknown providers and
    categories are refused unless `create_missing`, which creates them (named as written; listed in the report)."""
    rows, errors = parse_course_csv(data, create_missing=create_missing)
    report = ImportReport(errors=errors, published=publish)
    if errors and (not skip_invalid or any(e.row == 1 for e in errors)):
        raise ImportRejected(report=report)
    _create_missing(rows, report)
    for row in rows:
        if _upsert(row, publish=publish):
            report.created += 1
        else:
            report.updated += 1
    report.skipped = len(errors)
    return report
