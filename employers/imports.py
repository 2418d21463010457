"""Spreadsheet imports for centres and employer networks: graduates and openings.

UTF-8 CSV; every invalid row is reported with its row number and reason; nothing is imported when any row is
invalid unless skip_invalid; re-importing updates rows by external_id (the import key; a graduate's public
reference is `public_ref`, which an imported row takes from its external_id when that is free).
"""

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from config.digits import ascii_digits
from config.errors import SaphanError
from config.money import AmountError, parse_thb
from courses.models import District, Skill
from trainees.models import PUBLIC_REF_PATTERN, Certificate, Consent, EarnedSkill, TraineeProfile
from trainees.privacy import is_erased as erased
from trainees.signals import announce_graduate_changed

from . import services
from .exceptions import RadiusNotABand
from .models import DEFAULT_RADIUS_KM, OPENING_RADII_KM, Employer, Opening, radius_band

GRADUATE_COLUMNS = ["external_id", "full_name", "birth_date", "district_code", "lat", "lon", "max_commute_km",
                    "skills", "certified_skills", "graduated_on", "available", "discoverable"]
OPENING_COLUMNS = ["external_id", "employer", "title", "district_code", "lat", "lon", "radius_km", "required_skills",
                   "nice_skills", "hazardous", "wage_min_thb", "wage_max_thb", "wage_unit", "positions"]
CONSENT_TEXT_VERSION = "import-2026-1"


class RowError(Exception):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    imported: bool = False
    notes: list[str] = field(default_factory=list)  # rows left alone on purpose (erased people, withdrawn consent)


def _rows(content: str, columns: list[str]):
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise SaphanError(format_lazy(gettext_lazy("หัวตารางขาดคอลัมน์: {0}"), ', '.join(missing)))
    return list(enumerate(reader, start=2))


def _bool(value: str, name: str) -> bool:
    v = (value or "").strip().lower()
    if v in {"true", "1", "yes", "y", "ใช่"}:
        return True
    if v in {"false", "0", "no", "n", "ไม่", ""}:
        return False
    raise RowError(f"{name}: expected true/false, got {value!r}")


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(ascii_digits(value).strip())
    except (ValueError, AttributeError):
        raise RowError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def _float(value: str, name: str, low: float, high: float) -> float | None:
    if not (value or "").strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{name}: not a number: {value!r}") from None
    if not low <= number <= high:
        raise RowError(f"{name}: {number} is outside {low}..{high}")
    return number


def _money(value: str, name: str) -> Decimal:
    try:
        return parse_thb(value, positive=False)
    except AmountError as exc:
        raise RowError(f"{name}: {exc.message_en}: {value!r}") from None


class _Lookups:
    def __init__(self):
        self.districts = {d.code: d for d in District.objects.all()}
        self.skills = {s.code: s for s in Skill.objects.all()}

    def district(self, code):
        try:
            return self.districts[(code or "").strip()]
        except KeyError:
            raise RowError(f"district_code: unknown Khon Kaen district {code!r}") from None

    def skill(self, code):
        try:
            return self.skills[code.strip()]
        except KeyError:
            raise RowError(f"unknown skill code {code!r}") from None

    def skill_levels(self, text, name):
        pairs = []
        for item in filter(None, (part.strip() for part in (text or "").split(";"))):
            code, _, level = item.partition(":")
            if level not in {"1", "2", "3"}:
                raise RowError(f"{name}: {item!r} must be code:level with level 1–3")
            pairs.append((self.skill(code), int(level)))
        return pairs


def _parse_graduate(row, lookups, today):
    external_id = (row["external_id"] or "").strip()
    if not external_id:
        raise RowError("external_id is empty")
    name = (row["full_name"] or "").strip()
    if not name:
        raise RowError("full_name is empty")
    birth = _date(row["birth_date"], "birth_date")
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if not 15 <= age <= 99:
        raise RowError(f"birth_date: age {age} is outside 15–99")
    district = lookups.district(row["district_code"])
    skills = lookups.skill_levels(row["skills"], "skills")
    certified = {lookups.skill(c).code for c in filter(None, (p.strip() for p in row["certified_skills"].split(";")))}
    unknown = certified - {s.code for s, _ in skills}
    if unknown:
        raise RowError(f"certified_skills: {', '.join(sorted(unknown))} not in skills")
    discoverable = _bool(row["discoverable"], "discoverable")
    if discoverable and age < 20:
        raise RowError("discoverable: a minor (under 20) needs a recorded guardian consent; import as false")
    return {
        "external_id": external_id, "full_name": name, "birth_date": birth, "district": district,
        "lat": _float(row["lat"], "lat", 14.0, 18.0), "lon": _float(row["lon"], "lon", 101.0, 104.5),
        "max_commute_km": int(_float(row["max_commute_km"], "max_commute_km", 0, 300) or 20),
        "skills": skills, "certified": certified,
        "graduated_on": _date(row["graduated_on"], "graduated_on"), "available": _bool(row["available"], "available"),
        "discoverable": discoverable,
    }


def _free_public_ref(ref: str) -> bool:
    """An imported row keeps its spreadsheet id as its public reference when the id is URL-safe and no other
    graduate uses it as theirs; otherwise the generated "G-…" one stays."""
    return bool(re.fullmatch(PUBLIC_REF_PATTERN, ref)) and not TraineeProfile.objects.filter(public_ref=ref).exists()


def _save_graduate(data) -> bool | None:
    """Create or update one graduate. None: the row was left alone (the person erased their data).

    Consent is the person's, never the spreadsheet's: an import records the centre's paper form as an "import"
    consent (not one the person gave on Saphan), and never re-opens a consent the person withdrew."""
    if erased(external_id=data["external_id"]):
        data["note"] = "this person erased their data (PDPA); not re-imported"
        return None
    profile = TraineeProfile.objects.filter(external_id=data["external_id"]).first()
    created = profile is None
    if created:
        user = get_user_model().objects.create_user(username=f"import-{data['external_id']}")
        user.set_unusable_password()
        user.save()
        profile = TraineeProfile(user=user, external_id=data["external_id"])
        if _free_public_ref(data["external_id"]):
            profile.public_ref = data["external_id"]  # the sheet's id stays the reference staff already use
    for key in ("full_name", "birth_date", "district", "lat", "lon", "max_commute_km", "available"):
        setattr(profile, key, data[key])
    now = timezone.now()
    consents = profile.consents.filter(purpose=Consent.Purpose.EMPLOYERS) if not created else Consent.objects.none()
    active = consents.filter(withdrawn_at__isnull=True)
    discoverable = data["discoverable"]
    if discoverable and not active.exists() and consents.filter(withdrawn_at__isnull=False).exists():
        discoverable = False  # withdrawn on Saphan: only the person can give it again
        data["note"] = "the graduate withdrew consent to employers; kept hidden"
    profile.discoverability = (
        TraineeProfile.Discoverability.STANDARD if discoverable else TraineeProfile.Discoverability.HIDDEN
    )
    profile.save()
    if discoverable and not active.exists():
        Consent.objects.create(trainee=profile, purpose=Consent.Purpose.EMPLOYERS, text_version=CONSENT_TEXT_VERSION,
                               given_by=Consent.GivenBy.IMPORT, given_at=now)
    elif not discoverable:
        active.update(withdrawn_at=now)
    certificate = None
    if data["certified"]:
        certificate, _ = Certificate.objects.get_or_create(
            trainee=profile, enrollment=None, course_title="นำเข้าจากศูนย์ฝึก / imported record",
            defaults={"issuer": "Saphan import", "issued_on": data["graduated_on"]},
        )
    profile.skills.all().delete()
    EarnedSkill.objects.bulk_create([
        EarnedSkill(trainee=profile, skill=skill, level=level, certified=skill.code in data["certified"],
                    certificate=certificate if skill.code in data["certified"] else None,
                    earned_on=data["graduated_on"])
        for skill, level in data["skills"]
    ])
    announce_graduate_changed(profile.pk)
    return created


def import_graduates(content: str, *, skip_invalid: bool = False) -> ImportResult:
    return _import(content, GRADUATE_COLUMNS, _parse_graduate, _save_graduate, skip_invalid)


def _parse_opening(row, lookups, today):
    external_id = (row["external_id"] or "").strip()
    if not external_id or not (row["employer"] or "").strip() or not (row["title"] or "").strip():
        raise RowError("external_id, employer and title are required")
    required = lookups.skill_levels(row["required_skills"], "required_skills")
    if not required:
        raise RowError("required_skills: at least one code:min_level")
    nice = [lookups.skill(c) for c in filter(None, (p.strip() for p in row["nice_skills"].split(";")))]
    unit = (row["wage_unit"] or "day").strip()
    if unit not in {"day", "month"}:
        raise RowError(f"wage_unit: 'day' or 'month', got {unit!r}")
    district = lookups.district(row["district_code"])
    radius, radius_note = _radius(row["radius_km"])
    data = {
        "external_id": external_id, "employer": row["employer"].strip(), "title": row["title"].strip(),
        "district": district, "lat": _float(row["lat"], "lat", 14.0, 18.0) or district.lat,
        "lon": _float(row["lon"], "lon", 101.0, 104.5) or district.lon,
        "radius_km": radius, "required": required, "nice": nice,
        "hazardous": _bool(row["hazardous"], "hazardous"), "wage_min_thb": _money(row["wage_min_thb"], "wage_min_thb"),
        "wage_max_thb": _money(row["wage_max_thb"], "wage_max_thb"), "wage_unit": unit,
        "positions": int(_float(row["positions"], "positions", 1, 999) or 1),
    }
    try:
        services.validate_opening_terms(title=data["title"], description="", wage_min=data["wage_min_thb"],
                                        wage_max=data["wage_max_thb"], wage_unit=unit)
    except SaphanError as exc:
        raise RowError(exc.message_en) from None
    if radius_note:
        data["note"] = radius_note
    return data


def _radius(value: str) -> tuple[int, str]:
    """An opening's radius from the sheet, rounded up to its band (issue 22 item 11: a shop cannot bisect a
    graduate's distance 1 km at a time), with a note when it was rounded; blank is the default radius."""
    try:
        typed = float(ascii_digits(value or "").strip() or DEFAULT_RADIUS_KM)
    except ValueError:
        raise RowError(f"radius_km: not a number: {value!r}") from None
    band = radius_band(typed) if math.isfinite(typed) else None
    if band is None:
        raise RowError(f"radius_km: {RadiusNotABand().user_message()} ({value!r})")
    if band == typed:
        return band, ""
    return band, gettext("รัศมี %(typed)s กม. ปัดขึ้นเป็น %(band)s กม. (รัศมีมีเฉพาะ %(radii)s)") % {
        "typed": f"{typed:g}", "band": band, "radii": ", ".join(str(km) for km in OPENING_RADII_KM)}


def _save_opening(data) -> bool:
    employer, _ = Employer.objects.get_or_create(name=data["employer"], defaults={"district": data["district"]})
    opening = Opening.objects.filter(external_id=data["external_id"]).first()
    created = opening is None
    opening = opening or Opening(external_id=data["external_id"])
    for key in ("title", "district", "lat", "lon", "radius_km", "hazardous", "wage_min_thb", "wage_max_thb",
                "wage_unit", "positions"):
        setattr(opening, key, data[key])
    opening.employer = employer
    opening.status = Opening.Status.OPEN
    services.opening_save(opening=opening, required=data["required"], nice=data["nice"])
    return created


def import_openings(content: str, *, skip_invalid: bool = False) -> ImportResult:
    return _import(content, OPENING_COLUMNS, _parse_opening, _save_opening, skip_invalid)


def _import(content, columns, parse, save, skip_invalid) -> ImportResult:
    result = ImportResult()
    lookups, today = _Lookups(), timezone.localdate()
    parsed, seen = [], set()
    for number, row in _rows(content, columns):
        try:
            data = parse(row, lookups, today)
            if data["external_id"] in seen:
                raise RowError(f"external_id {data['external_id']!r} appears twice in the file")
            seen.add(data["external_id"])
            parsed.append(data)
        except RowError as exc:
            result.errors.append(f"row {number}: {exc}")
    if result.errors and not skip_invalid:
        return result
    with transaction.atomic():
        for data in parsed:
            outcome = save(data)
            if outcome is None:
                pass
            elif outcome:
                result.created += 1
            else:
                result.updated += 1
            if data.get("note"):
                result.notes.append(f"{data['external_id']}: {data['note']}")
    result.imported = True
    return result
