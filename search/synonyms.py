"""The one maintained list of trade synonyms, expanded at query time (this ES has no synonym filter).

Each line is a group of interchangeable terms; a query containing any of them also searches the others.
Multi-word terms are written as they are typed; they are segmented like every other text.
"""

SYNONYM_GROUPS: list[tuple[str, ...]] = [
    ("มอไซค์", "มอเตอร์ไซค์", "จักรยานยนต์", "รถจักรยานยนต์", "motorcycle", "motorbike", "scooter"),
    ("ev", "อีวี", "ไฟฟ้า", "electric"),
    ("ดัดแปลง", "แปลง", "conversion", "convert", "retrofit"),
    ("แบตเตอรี่", "แบต", "battery", "batteries"),
    ("ซ่อม", "ซ่อมบำรุง", "repair", "maintenance", "fix"),
    ("ช่าง", "technician", "mechanic"),
    ("โซล่าเซลล์", "โซลาร์เซลล์", "solar"),
    ("เชื่อม", "welding", "weld"),
    ("ชาร์จ", "charge", "charging", "charger"),
]


def _build_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in SYNONYM_GROUPS:
        for term in group:
            index[term.lower()] = group
    return index


_INDEX = _build_index()


def expand(words: list[str]) -> list[str]:
    """Synonyms of the given (segmented, lower-case) words, excluding the words themselves."""
    seen = set(words)
    extra = []
    for word in words:
        for alt in _INDEX.get(word, ()):
            if alt not in seen:
                seen.add(alt)
                extra.append(alt)
    return extra
