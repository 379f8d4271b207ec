from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kvalitet import Standards, Vocabulary, load_standards
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.vocabulary_loader import load_vocabulary

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
STANDARDS = ROOT / "standards"
ON = date(2026, 6, 1)
DATA = Path(__file__).parent / "data"
TESTBY_VOCABULARY_FILE = DATA / "testby" / "vocabulary.yaml"


def _testby_vocabulary() -> Vocabulary:
    """The bundled national vocabulary and the test municipality's additions."""
    problems: list[Problem] = []
    national = STANDARDS / "national" / "vocabulary.yaml"
    vocabulary = load_vocabulary([national, TESTBY_VOCABULARY_FILE], problems)
    if problems:
        raise StandardLoadError(problems)
    return vocabulary


TESTBY_VOCABULARY = _testby_vocabulary()


def make_testby_folder(root: Path) -> Path:
    """A folder for the test municipality's standard files, with its vocabulary."""
    folder = root / "testby"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocabulary.yaml").write_bytes(TESTBY_VOCABULARY_FILE.read_bytes())
    return folder


# CI runs a bounded number of examples; KVALITET_HYPOTHESIS=long runs many more locally.
settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("KVALITET_HYPOTHESIS", "ci"))


@pytest.fixture(scope="session")
def bundled() -> Standards:
    return load_standards([STANDARDS])


@pytest.fixture(scope="session")
def haderslev() -> Standards:
    return load_standards([STANDARDS / "haderslev", STANDARDS / "national"])
