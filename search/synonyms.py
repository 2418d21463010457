"""Everyday forms of search words, expanded at query time (this ES has no synonym filter).

Two sources, merged:
* `data/search_synonyms.csv`: the one maintained list (abbreviations, clippings, spelling variants of loanwords,
  transliterations, translations), one group of interchangeable terms per row, with the source of each row.
  Its Thai terms are also added to the segmentation dictionary (search.thai), so "มอไซ" or "ตจว." stay one word.
* `SearchSynonym` rows that staff add in the Wagtail admin (Snippets → คำพ้องความหมาย): effective within
  ADMIN_TTL seconds in every process, without a deploy or a reindex.

A term is matched against the query's segmented words, so a multi-word term ("air conditioner", or an admin term
newmm splits) is found as a run of consecutive query words. A query containing any term of a group also searches
the other terms of that group (the union when a term is in several groups).
"""

from __future__ import annotations

import csv
import logging
import time
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "search_synonyms.csv"
ADMIN_TTL = 30.0
MAX_TERM_WORDS = 4


def _clean(term: str) -> str:
    return " ".join(term.strip().lower().replace(".", " ").split())


@lru_cache(maxsize=1)
def file_groups() -> tuple[tuple[str, ...], ...]:
    """Groups from the maintained file (read once per process)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups = []
    for row in rows:
        terms = tuple(dict.fromkeys(t for t in (_clean(x) for x in row["terms"].split("|")) if t))
        if len(terms) >= 2:
            groups.append(terms)
    return tuple(groups)


def file_thai_terms() -> set[str]:
    """Single Thai terms of the file, for the segmentation dictionary."""
    return {t for group in file_groups() for t in group
            if " " not in t and any("\u0e00" <= ch <= "\u0e7f" for ch in t)}


_ADMIN: dict = {"at": -1e9, "value": ()}


def admin_groups() -> tuple[tuple[str, ...], ...]:
    """Groups staff added in the admin, re-read at most every ADMIN_TTL seconds; none if the database fails."""
    now = time.monotonic()
    if now - _ADMIN["at"] > ADMIN_TTL:
        try:
            from .models import SearchSynonym

            value = tuple(group for group in (s.group() for s in SearchSynonym.objects.filter(active=True))
                          if len(group) >= 2)
        except Exception as exc:  # noqa: BLE001 — search must work without the admin list
            logger.warning("admin synonyms unavailable: %s", exc)
            value = _ADMIN["value"]
        _ADMIN.update(at=now, value=value)
    return _ADMIN["value"]


def reset_admin_cache() -> None:
    """Called when staff save or delete a synonym, so this process sees it at once (others within ADMIN_TTL)."""
    _ADMIN["at"] = -1e9
    _index.cache_clear()


def groups() -> tuple[tuple[str, ...], ...]:
    return file_groups() + admin_groups()


@lru_cache(maxsize=4)
def _index(all_groups: tuple[tuple[str, ...], ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    from . import thai

    index: dict[tuple[str, ...], dict[str, None]] = {}
    for group in all_groups:
        keys = {term: tuple(thai.segment(term)) for term in group}
        for term, key in keys.items():
            if key and len(key) <= MAX_TERM_WORDS:
                index.setdefault(key, {}).update({t: None for t in group if t != term})
    return {key: tuple(alts) for key, alts in index.items()}


def lookup_index() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Segmented term → its alternatives."""
    return _index(groups())


def expand(words: list[str]) -> list[str]:
    """Synonyms of the given (segmented, lower-case) words, excluding the words themselves."""
    index = lookup_index()
    seen = set(words)
    extra = []
    for word in words:
        for alt in index.get((word,), ()):
            if alt not in seen:
                seen.add(alt)
                extra.append(alt)
    return extra


def match_runs(words: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Greedy longest runs of query words that are a synonym term: (start, end, alternatives)."""
    index = lookup_index()
    out, i = [], 0
    while i < len(words):
        for size in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            alts = index.get(words[i:i + size])
            if alts is not None:
                out.append((i, i + size, alts))
                i += size
                break
        else:
            out.append((i, i + 1, ()))
            i += 1
    return out


def terms_starting_with(prefix: str) -> list[str]:
    """Terms (and their group) of which `prefix` is the beginning, for suggestions while typing."""
    if len(prefix) < 2:
        return []
    out: list[str] = []
    for group in groups():
        if any(term.startswith(prefix) for term in group):
            out.extend(t for t in group if t not in out)
    return out
