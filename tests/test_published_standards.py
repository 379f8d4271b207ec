"""Standards published by an installed package through the ``kvalitet.standards`` entry points.

A tiny package is built in a temporary folder from Nyby's YAML files (package data, an empty
``__init__.py`` and a ``pyproject.toml``, no code), installed with pip into a folder of its own,
and kvalitet is run in a subprocess with that folder on ``PYTHONPATH``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import DATA
from .packaging_support import install_package, run_python

PYPROJECT = """\
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "2025.1"

[project.entry-points."kvalitet.standards"]
{entry_points}

[tool.setuptools]
packages = ["nyby_standards"]

[tool.setuptools.package-data]
nyby_standards = ["*.yaml", "*/*.yaml", "*/*/*.yaml"]
"""


def install(root: Path, name: str, entry_points: str) -> Path:
    """Nyby's folder as the package ``nyby_standards``, named ``name``, installed."""
    pyproject = PYPROJECT.format(name=name, entry_points=entry_points)
    return install_package(root, pyproject, DATA / "nyby", "nyby_standards")


def kvalitet(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python(site, cwd, *args)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(
        tmp_path_factory.mktemp("published"), "nyby-standards", 'nyby = "nyby_standards"'
    )


LOAD = """
import kvalitet
standards = kvalitet.load_standards()
print(" ".join(standards.municipalities))
outcome = standards.evaluate(
    {"impairment_substantial": True, "support_need_level": "C", "support_hours_per_month": 4},
    municipality="nyby", on="2026-03-01",
).services["nyby/sel-85"]
print(outcome.outcome, outcome.scope.get("package"))
"""


def test_load_standards_without_paths_includes_the_published_ones(
    published: Path, tmp_path: Path
) -> None:
    done = kvalitet(published, tmp_path, "-c", LOAD)
    assert done.returncode == 0, done.stderr
    municipalities, outcome = done.stdout.splitlines()
    assert {"haderslev", "hillerod", "nyby"} <= set(municipalities.split())
    assert outcome == "within_standard lille"


def test_the_cli_uses_the_published_standards(published: Path, tmp_path: Path) -> None:
    bundled = kvalitet(published, tmp_path, "-m", "kvalitet", "validate", "bundled")
    with_nyby = kvalitet(published, tmp_path, "-m", "kvalitet", "validate")
    assert bundled.returncode == with_nyby.returncode == 0, with_nyby.stderr
    count = int(bundled.stdout.split()[0])
    assert with_nyby.stdout == f"{count + 2} standard files OK\n"  # Nyby's two

    profile = tmp_path / "profile.yaml"
    profile.write_text("impairment_substantial: true\nsupport_need_level: D\n", encoding="utf-8")
    evaluated = kvalitet(published, tmp_path, "-m", "kvalitet", "evaluate", "-m", "nyby",
                         "--on", "2026-03-01", str(profile))  # fmt: skip
    assert evaluated.returncode == 0, evaluated.stderr
    assert evaluated.stdout.startswith("Kommune: Nyby Kommune   Dato: 2026-03-01\n")
    assert (
        "Socialpædagogisk støtte (fiktiv) (nyby/sel-85, version 2025)\n"
        "  Resultat: Inden for serviceniveauet\n"
    ) in evaluated.stdout


def test_a_broken_entry_point_is_a_located_error(tmp_path: Path) -> None:
    entry_points = 'nyby = "nyby_standardz"\nother = "json.decoder"'
    site = install(tmp_path, "nyby-broken", entry_points)
    done = kvalitet(site, tmp_path, "-m", "kvalitet", "validate")
    assert done.returncode == 1
    declared = next(site.glob("nyby_broken-*.dist-info")) / "entry_points.txt"
    lines = declared.read_text(encoding="utf-8").splitlines()
    nyby_line = next(n for n, row in enumerate(lines, start=1) if row.startswith("nyby ="))
    other_line = next(n for n, row in enumerate(lines, start=1) if row.startswith("other ="))
    assert (
        f"{declared}:{nyby_line}:1: broken-entry-point: the entry point 'nyby = nyby_standardz' "
        "(group kvalitet.standards) of the installed package nyby-broken 2025.1 gives no "
        "standards: ModuleNotFoundError: No module named 'nyby_standardz'\n"
        "    hint: it must name a package (a folder with __init__.py) holding the standards, or "
        "a function returning their folder; fix or uninstall the package, or choose the "
        "standards with --standards or KVALITET_STANDARDS\n"
    ) in done.stderr
    assert (
        f"{declared}:{other_line}:1: broken-entry-point: the entry point 'other = json.decoder'"
    ) in done.stderr
    assert "json.decoder is a module, not a package" in done.stderr
    assert done.stderr.endswith("2 problems found\n")  # both at once

    chosen = kvalitet(site, tmp_path, "-m", "kvalitet", "validate", "bundled")
    assert chosen.returncode == 0, chosen.stderr  # an explicit choice does not read them
    library = kvalitet(site, tmp_path, "-c", "import kvalitet; kvalitet.load_standards()")
    assert "StandardLoadError" in library.stderr
    assert "broken-entry-point" in library.stderr
