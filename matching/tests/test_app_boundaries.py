"""Where the matching app sits: above employers and search (courses <- trainees <- employers <- search <- matching).
Neither employers nor search imports it, not even inside a function, so the pages and alerts could leave search
without a cycle; its pages kept their addresses and `search:` URL names, and its beat task its registered name."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core import checks
from django.urls import resolve, reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
BELOW_MATCHING = ("employers", "search")
DYNAMIC_IMPORTS = {"import_module", "__import__", "include"}  # imports that are calls, with a dotted string


def imported_modules(source: str, package: str) -> list[str]:
    """Every module the code `source` imports, written as absolute dotted names: relative imports are resolved
    against `package` (the package the module is in), and the string given to import_module(), __import__()
    or include() counts too, at any depth (function bodies included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found += [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in DYNAMIC_IMPORTS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
    return found


def _imports_matching(names: list[str]) -> list[str]:
    return [name for name in names if name.split(".")[0] == "matching"]


def test_search_and_employers_import_nothing_of_matching():
    """The one-way rule as a check, over every module of search/ and employers/ (their own tests excepted)."""
    found, scanned = [], 0
    for app in BELOW_MATCHING:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts:
                continue
            package = ".".join(relative.parts[:-1])
            names = imported_modules(path.read_text(encoding="utf-8"), package)
            found += [f"{relative}: {name}" for name in _imports_matching(names)]
            scanned += 1
    assert scanned > 60  # both apps were read (a wrong ROOT would pass on nothing)
    assert found == []


def test_the_check_sees_every_way_of_importing_matching():
    planted = """
import matching
import matching.views as pages
from matching import alerts
from matching.forms import GraduateSearchForm
def later():
    from matching.tasks import job_alerts
    importlib.import_module("matching.alerts")
urlpatterns = [path("", include("matching.urls"))]
"""
    assert len(_imports_matching(imported_modules(planted, "search"))) == 10
    # search's own matching module, reached relatively, is not the matching app
    own = "from .matching import MatchQuery\nfrom .. import matching\nfrom . import indexing\n"
    names = imported_modules(own, "search.documents")
    assert "search.documents.matching" in names and "search.matching" in names
    assert _imports_matching(names) == []
    assert _imports_matching(imported_modules("from .matching import MatchQuery\n", "search")) == []


def test_the_pages_kept_their_addresses_and_names():
    """Moved to matching.views, still search:graduate_search and friends, in Thai at / and English at /en/."""
    pages = {"search:graduate_search": ([], "/employers/search/"),
             "search:opening_matches": (["DEMO-O00"], "/employers/openings/DEMO-O00/matches/"),
             "search:my_openings": ([], "/me/openings/")}
    for name, (args, path) in pages.items():
        assert reverse(name, args=args) == path
        match = resolve(path)
        assert (match.view_name, match.func.__module__) == (name, "matching.views")
        with translation.override("en"):  # the /en/ prefix is matched in the active language
            assert reverse(name, args=args) == f"/en{path}"
            assert resolve(f"/en{path}").view_name == name
    # search's own pages in the same namespace still resolve to search, and the namespace is not split in two
    assert resolve(reverse("search:my_pathways")).func.__module__ == "search.pathway_views"
    assert [m for m in checks.run_checks(tags=[checks.Tags.urls]) if m.id == "urls.W005"] == []


def test_the_worker_finds_every_beat_task_and_job_alerts_keeps_its_name():
    """What a worker does at start (autodiscovery over INSTALLED_APPS), in a fresh process: every task the beat
    schedule names is registered, and `search.job_alerts` (queued messages and the beat entry use that name)
    is now the matching app's."""
    code = ("import json, django; django.setup()\n"
            "from django.conf import settings\n"
            "from config.celery import app\n"
            "app.loader.import_default_modules()\n"
            "print(json.dumps({entry['task']: getattr(app.tasks.get(entry['task']), '__module__', None)\n"
            "                  for entry in settings.CELERY_BEAT_SCHEDULE.values()}))\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0, shown.stderr
    modules = json.loads(shown.stdout.strip().splitlines()[-1])
    assert len(modules) >= 10 and None not in modules.values(), modules
    assert modules["search.job_alerts"] == "matching.tasks"
    assert modules["search.reconcile"] == "search.tasks"
