"""The lockfiles pin every dependency of pyproject.toml within its range, with hashes, and are what ./run (so
CI) and the Docker image install. A range changed without `scripts/lock` fails here."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} from a uv/pip-tools lockfile."""
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", (ROOT / name).read_text(encoding="utf-8")):
        found = re.match(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", block)
        if found:
            pins[canonicalize_name(found[1].split("[")[0])] = (
                found[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return pins


@pytest.mark.parametrize(("lock", "groups"), [("requirements.lock", ["dependencies"]),
                                              ("requirements-test.lock", ["dependencies", "test"])])
def test_every_dependency_is_pinned_within_its_range_with_hashes(lock, groups):
    pins = _pins(lock)
    wanted = [Requirement(line) for group in groups
              for line in (PYPROJECT["dependencies"] if group == "dependencies"
                           else PYPROJECT["optional-dependencies"][group])]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} lacks {requirement.name}: run scripts/lock"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), \
            f"{lock} pins {name}=={version}, outside pyproject's {requirement.specifier}: run scripts/lock"
    assert all(hashes for _, hashes in pins.values()), [name for name, (_, h) in pins.items() if not h]
    assert len(pins) > len(wanted)  # the transitive dependencies are pinned too


def test_both_locks_agree_on_what_they_share():
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert {name: runtime[name][0] for name in runtime} == {name: test[name][0] for name in runtime if name in test}
    assert set(runtime) <= set(test)


def test_run_and_the_image_install_the_locks():
    run = (ROOT / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements-test.lock" in run
    assert "-e '.[test]'" not in run  # no resolution from ranges at install time
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in docker
    # the dependency layer does not change with the code
    assert "COPY requirements.lock" in docker.split("COPY . .")[0]
