"""Reference data shipped in data/ (districts, skills taxonomy); see data/README.md for sources and licences."""

import csv
from pathlib import Path

from django.conf import settings

from .models import District, Skill

DATA_DIR = Path(settings.BASE_DIR) / "data"


def load_districts() -> int:
    with open(DATA_DIR / "khon_kaen_districts.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        District.objects.update_or_create(
            code=row["code"],
            defaults={"name_th": row["name_th"], "name_en": row["name_en"], "lat": float(row["lat"]),
                      "lon": float(row["lon"])},
        )
    return len(rows)


def load_skills() -> int:
    with open(DATA_DIR / "skills_ev_motorcycle.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        Skill.objects.update_or_create(
            code=row["code"],
            defaults={"name_th": row["name_th"], "name_en": row["name_en"], "group": row["group"],
                      "source": row["source"]},
        )
    return len(rows)
