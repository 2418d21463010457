"""Thai search finds what youth actually type (issue 18): words inside longer words, everyday forms, misspellings,
never an empty page. Runs on the demo catalogue plus courses imported with `import_courses`, as a new user would
meet them."""

from pathlib import Path

import pytest

from search import catalogue as cat
from search import indexing

YOUTH_CSV = Path(__file__).parent / "data" / "youth_courses.csv"


def top(q, n=10, **params):
    return [h.external_id for h in cat.search_courses(cat.CatalogueQuery(q=q, **params), facets=False).hits[:n]]


@pytest.fixture
def catalogue(db, search_clean):
    from courses import demo
    from courses.services import import_courses

    demo.load()
    import_courses(data=YOUTH_CSV.read_bytes(), publish=True)
    indexing.rebuild("courses")
    cat._VOCABULARY["at"] = -1e9


ISSUE_QUERIES = [
    ("มือถือ", "PHONE-DSD-101"), ("ซ่อมมือถือ", "PHONE-DSD-101"), ("เย็บ", "SEW-DSD-110"),
    ("เย็บผ้า", "SEW-DSD-110"), ("กาแฟ", "COFFEE-YTH-120"), ("เชื่อมเหล็ก", "WELD-DSD-130"),
    ("คอมพิวเตอ", "COMP-KKT-140"), ("บาริสตา", "COFFEE-YTH-120"), ("บาริสตา", "BARISTA-060"),
]


def test_the_queries_of_the_issue_find_their_courses(catalogue):
    failures = [f"{q} → {top(q)} (want {want})" for q, want in ISSUE_QUERIES if want not in top(q, 3)]
    assert not failures, "\n".join(failures)
