"""Is a new category or skill name a near-duplicate of one we have? ("งานเชื่อม" beside "ช่างเชื่อมและโลหะ")

Thai names of trades differ mostly by a generic lead word (งาน, ช่าง, การ), by "และ"/spaces/punctuation, or by
one extra word; the core ("เชื่อม") is the same. Names are compared after normalising (NFC, lower case, lead words
and connectives and non-letters removed): one containing the other, or a close character match, is "similar".
"""

import unicodedata
from difflib import SequenceMatcher

LEAD_WORDS = ("งาน", "ช่าง", "การ", "หลักสูตร")
CONNECTIVES = ("และ", "กับ", "หรือ")
MIN_CORE = 3  # a core shorter than this ("ไฟ") says too little to call two names the same


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFC", name or "").lower()
    # keep letters, combining marks (Thai vowels, tone marks) and digits; everything else separates words
    text = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).strip()
    words = []
    for word in text.split():
        if word in LEAD_WORDS:
            continue
        for lead in LEAD_WORDS:
            if word.startswith(lead) and len(word) > len(lead) + 1:
                word = word[len(lead):]
                break
        words.append(word)
    text = "".join(words)
    for connective in CONNECTIVES:
        text = text.replace(connective, "")
    return text


def is_similar(a: str, b: str, *, ratio: float = 0.8) -> bool:
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    if len(shorter) >= MIN_CORE and longer.startswith(shorter):
        return True
    return SequenceMatcher(None, x, y).ratio() >= ratio


def similar_names(name: str, existing) -> list[str]:
    """The names in `existing` that look like the same thing as `name` (the name itself excluded)."""
    return [other for other in existing if other != name and is_similar(name, other)]


def merge_similar_categories(category_model, course_model, revision_model=None, keep_slugs=()) -> dict[str, str]:
    """Merge categories whose names are near-duplicates into one: the one whose slug is in `keep_slugs` (the
    demo's canonical list), else the one with the most courses, else the oldest. Courses (and their stored
    revisions) move to the kept category; the others are deleted. Takes model classes so a data migration can
    pass its historical models. Returns {removed slug: kept slug}."""
    categories = list(category_model.objects.order_by("pk"))
    groups: list[list] = []
    for category in categories:
        home = next((g for g in groups if any(is_similar(category.name_th, other.name_th) for other in g)), None)
        if home is None:
            groups.append([category])
        else:
            home.append(category)
    merged = {}
    for group in groups:
        if len(group) < 2:
            continue
        counts = {c.pk: course_model.objects.filter(category_id=c.pk).count() for c in group}
        keep = sorted(group, key=lambda c: (c.slug not in keep_slugs, -counts[c.pk], c.pk))[0]
        for other in group:
            if other.pk == keep.pk:
                continue
            course_ids = list(course_model.objects.filter(category_id=other.pk).values_list("pk", flat=True))
            course_model.objects.filter(pk__in=course_ids).update(category_id=keep.pk)
            if revision_model is not None:
                for revision in revision_model.objects.filter(object_id__in=[str(pk) for pk in course_ids],
                                                              content__category=other.pk):
                    revision.content["category"] = keep.pk
                    revision.save(update_fields=["content"])
            merged[other.slug] = keep.slug
            other.delete()
    return merged
