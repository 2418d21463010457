"""The `graduates` index: only graduates who consented to be found, at the level they chose.

limited: skills and district only (no name, no certificates); standard: name and certificates too.
The index holds only what matching needs (PDPA data minimisation; many graduates are minors):
- no birth date, at any level: an age band (`age_band`, and `adult` = 18 or over) computed on the day the document
  is built. The band is part of the document's version, so a birthday that crosses 15, 18 or 20 makes the document
  stale; the daily `search.resync_age_bands` task re-syncs exactly those graduates (reconcile is the safety net).
- a limited graduate's place is their district's centroid, never their home: `location`, `home` and
  `home_lat_e5` all hold the centroid (without a district, the home rounded to 0.05 degrees, about 5 km).
"""

import zlib
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch
from elasticsearch.dsl import Boolean, Date, Document, GeoPoint, Integer, Keyword, Long, Object, Text

from search.registry import DocumentSpec

HOME_LAT_SCALE = 100_000  # home_lat_e5: latitude in 1e-5 degrees (about 1 m)
# the _source fields a match result reads of each hit (`_source_includes`)
MATCH_SOURCE = ["ref", "level", "name", "district", "location", "max_commute_km", "skills", "certified_codes"]
# Age bands: (band, lowest age in it), youngest first. Matching needs 15+ (any work) and 18+ (hazardous work);
# 20 is the age of majority (guardian consent), so the bands' edges are exactly the ages the rules look at.
AGE_BANDS = (("under_15", 0), ("15_17", 15), ("18_19", 18), ("20_plus", 20))
AGE_BAND_EDGES = tuple(lowest for _, lowest in AGE_BANDS[1:])
UNDER_WORKING_AGE = AGE_BANDS[0][0]  # the one band nobody may be matched to work in
COARSE_DEGREES = 0.05  # a limited graduate without a district: the home rounded to this grid (about 5 km)


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: date, today: date) -> str:
    """The band a birth date falls in on `today` (Asia/Bangkok's date at index time)."""
    age = age_on(birth_date, today)
    return [band for band, lowest in AGE_BANDS if age >= lowest][-1]


def coarse_point(level: str, lat, lon, district_lat, district_lon) -> tuple[float, float]:
    """Where a graduate is placed in the index: the home for standard graduates, the district centroid (or a
    ~5 km grid cell without a district) for limited ones, who agreed to show their district only."""
    if level == "standard":
        return lat, lon
    if district_lat is not None and district_lon is not None:
        return district_lat, district_lon
    return (round(round(float(lat) / COARSE_DEGREES) * COARSE_DEGREES, 4),
            round(round(float(lon) / COARSE_DEGREES) * COARSE_DEGREES, 4))


def graduate_version(*, stamps, skills, band: str) -> int:
    """The `indexed_version` reconcile compares, for the indexer and reconcile alike: the newest of the profile's
    and its consents' timestamps (ms) × 1000, plus a checksum of the skills and the age band, so a change that moves
    no timestamp (a skill level, a birthday crossing a band edge) still makes the document stale.
    skills = [(code, level, certified, ...)]."""
    base = int(max(stamps).timestamp() * 1000)
    signature = "|".join(sorted(f"{code}:{level}:{certified}" for code, level, certified, *_ in skills)) + band
    return base * 1000 + zlib.crc32(signature.encode()) % 1000


class GraduateDocument(Document):
    ref = Keyword()  # the graduate's public reference (TraineeProfile.public_ref), as in every URL and API
    level = Keyword()  # discoverability: limited | standard
    name = Text(analyzer="standard")
    district = Keyword()
    location = GeoPoint()  # indexed: the radius filter's point index and nearness scoring
    # The same point, doc values only: hard filters check a candidate's distance on it one by one, after the cheap
    # filters narrowed the candidates, instead of collecting everyone inside a circle from the point index.
    home = GeoPoint(index=False)
    # The same latitude in 1e-5 degrees (about 1 m), the index's sort key: matching's latitude band (every point
    # within R km lies within R / 111.2 km-per-degree of the opening's latitude) is then one contiguous range of
    # documents, which rejects most far-away candidates before any distance is computed.
    home_lat_e5 = Integer()
    max_commute_km = Integer()
    available = Boolean()
    age_band = Keyword()  # see AGE_BANDS; never the birth date
    adult = Boolean()  # 18 or over on the day the document was built: hazardous work
    graduated_on = Date()
    # Read back for explanations only; matching uses the flat keyword fields below (no nested documents:
    # cheaper to index and to query).
    skills = Object(enabled=False)
    skill_codes = Keyword()
    skill_levels = Keyword()  # "code:1" … "code:<level>": "has code at level ≥ L" is one term query
    certified_codes = Keyword()
    certificates = Keyword(index=False)
    indexed_version = Long()
    # The row's primary key: orders graduates with equal scores the same way on every page and after every update
    # (unique and never changes), and is cheaper for Elasticsearch to sort on than ref.
    graduate_number = Long()


def match_card(source: dict) -> dict:
    """What a match result shows of a graduate, from its document's _source (MATCH_SOURCE fields)."""
    return {"id": source["ref"], "level": source["level"], "name": source.get("name"),
            "district": source["district"], "lat": float(source["location"]["lat"]),
            "lon": float(source["location"]["lon"]), "commute": source["max_commute_km"],
            "skills": {skill["code"]: skill["level"] for skill in source["skills"]},
            "certified": list(source["certified_codes"])}


class GraduateDocumentSpec(DocumentSpec):
    document = GraduateDocument

    def index_settings(self) -> dict:
        return {**super().index_settings(), "sort.field": "home_lat_e5", "sort.order": "asc"}

    def get_queryset(self):
        from employers.models import Placement
        from trainees.models import Certificate, EarnedSkill, TraineeProfile

        hired = Placement.objects.filter(trainee=OuterRef("pk"), ended_on__isnull=True)
        return (
            TraineeProfile.objects.with_discoverable().select_related("district")
            .annotate(is_hired=Exists(hired))
            .prefetch_related(
                Prefetch("skills", queryset=EarnedSkill.objects.select_related("skill").order_by("pk")),
                Prefetch("certificates", queryset=Certificate.objects.filter(revoked_at__isnull=True).order_by("pk")),
                "consents",
            )
        )

    def is_indexable(self, obj) -> bool:
        return (
            obj.is_discoverable and not obj.is_hired and obj.latitude is not None and obj.birth_date
            and any(True for _ in obj.skills.all())
        )

    def bulk_sources(self):
        """The same documents as is_indexable/to_source, in primary-key order, built from plain rows (no model
        instances; see docs/decisions/0001-measured-costs.md)."""
        from employers.models import Placement
        from trainees.models import Certificate, Consent, EarnedSkill, TraineeProfile

        hired = Placement.objects.filter(trainee=OuterRef("pk"), ended_on__isnull=True)
        rows = (
            TraineeProfile.objects.discoverable().annotate(is_hired=Exists(hired))
            .filter(is_hired=False, birth_date__isnull=False)
            .order_by("pk")
            .values_list("pk", "public_ref", "full_name", "discoverability", "district_id", "lat", "lon",
                         "district__lat", "district__lon", "max_commute_km", "available", "birth_date", "updated_at")
        )
        last_pk, size = 0, 2000
        while True:
            chunk = list(rows.filter(pk__gt=last_pk)[:size])
            if not chunk:
                return
            last_pk = chunk[-1][0]
            ids = [row[0] for row in chunk]
            skills, certificates, stamps = {}, {}, {}
            for trainee_id, code, level, certified, certificate_id, earned_on in (
                EarnedSkill.objects.filter(trainee_id__in=ids).order_by("pk").values_list(
                    "trainee_id", "skill__code", "level", "certified", "certificate_id", "earned_on")):
                skills.setdefault(trainee_id, []).append((code, level, certified, certificate_id, earned_on))
            for trainee_id, code in Certificate.objects.filter(trainee_id__in=ids, revoked_at__isnull=True).order_by(
                    "pk").values_list("trainee_id", "code"):
                certificates.setdefault(trainee_id, []).append(code)
            for trainee_id, given_at, withdrawn_at in Consent.objects.filter(trainee_id__in=ids).values_list(
                    "trainee_id", "given_at", "withdrawn_at"):
                stamps.setdefault(trainee_id, []).extend([given_at] + ([withdrawn_at] if withdrawn_at else []))
            for (pk, ref, full_name, level, district_id, lat, lon, d_lat, d_lon, commute, available, birth,
                 updated_at) in chunk:
                held = skills.get(pk)
                lat, lon = (lat if lat is not None else d_lat), (lon if lon is not None else d_lon)
                if not held or lat is None:
                    continue
                yield pk, self._source(
                    pk=pk, ref=ref, level=level, name=full_name, district=district_id,
                    lat=lat, lon=lon, district_lat=d_lat, district_lon=d_lon, commute=commute, available=available,
                    birth_date=birth, skills=held,
                    certificates=certificates.get(pk, []), stamps=[updated_at] + stamps.get(pk, []))

    def _source(self, *, pk, ref, level, name, district, lat, lon, district_lat, district_lon, commute, available,
                birth_date, skills, certificates, stamps) -> dict:
        """One document from plain values; skills = [(code, level, certified, certificate_id, earned_on)]."""
        from django.utils import timezone

        standard = level == "standard"
        band = age_band(birth_date, timezone.localdate())
        lat, lon = coarse_point(level, lat, lon, district_lat, district_lon)
        skill_docs = [{"code": code, "level": lvl, "certified": bool(certified and certificate_id and standard)}
                      for code, lvl, certified, certificate_id, _ in skills]
        graduated = max((earned for *_, earned in skills if earned), default=None)
        source = {
            "ref": ref,
            "level": level,
            "name": name if standard else None,
            "district": district,
            "location": {"lat": lat, "lon": lon},
            "home": {"lat": lat, "lon": lon},
            "home_lat_e5": round(float(lat) * HOME_LAT_SCALE),
            "max_commute_km": commute,
            "available": available,
            "age_band": band,
            "adult": band in ("18_19", "20_plus"),
            "graduated_on": graduated.isoformat() if graduated else None,
            "skills": skill_docs,
            "skill_codes": [s["code"] for s in skill_docs],
            "skill_levels": [f"{s['code']}:{lvl}" for s in skill_docs for lvl in range(1, min(s["level"], 3) + 1)],
            "certified_codes": [s["code"] for s in skill_docs if s["certified"]],
            "certificates": certificates if standard else [],
            "indexed_version": graduate_version(stamps=stamps, skills=skills, band=band),
            "graduate_number": pk,
        }
        return source

    def band_changed_between(self, since: date, today: date) -> list:
        """Graduates whose age band changed after `since` up to `today`: those who turned 15, 18 or 20 in that
        window (born in (since - N years, today - N years] for an edge N). Feb 29 birthdays count on Mar 1."""
        from django.db.models import Q

        def years_before(day: date, years: int) -> date:
            try:
                return day.replace(year=day.year - years)
            except ValueError:  # Feb 29 in a year that has none
                return day.replace(year=day.year - years, day=28)

        window = Q()
        for edge in AGE_BAND_EDGES:
            window |= Q(birth_date__gt=years_before(since, edge), birth_date__lte=years_before(today, edge))
        return list(self.get_queryset().filter(window).values_list("pk", flat=True))

    def changed_since(self, when):
        return self.get_queryset().filter(updated_at__gte=when)

    @staticmethod
    def _stamps(obj) -> list:
        return [obj.updated_at] + [c.given_at for c in obj.consents.all()] + [
            c.withdrawn_at for c in obj.consents.all() if c.withdrawn_at
        ]

    @staticmethod
    def _skills(obj) -> list:
        return [(s.skill.code, s.level, s.certified, s.certificate_id, s.earned_on) for s in obj.skills.all()]

    def version_of(self, obj) -> int:
        """What to_source would put in `indexed_version`, without building the document (graduate_version)."""
        from django.utils import timezone

        return graduate_version(stamps=self._stamps(obj), skills=self._skills(obj),
                                band=age_band(obj.birth_date, timezone.localdate()))

    def to_source(self, obj) -> dict:
        skills = self._skills(obj)
        return self._source(
            pk=obj.pk, ref=obj.public_ref, level=obj.discoverability, name=obj.full_name,
            district=obj.district_id, lat=obj.latitude, lon=obj.longitude,
            district_lat=obj.district.lat if obj.district else None,
            district_lon=obj.district.lon if obj.district else None, commute=obj.max_commute_km,
            available=obj.available, birth_date=obj.birth_date, skills=skills,
            certificates=[c.code for c in obj.certificates.all()], stamps=self._stamps(obj))
