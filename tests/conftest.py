from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kvalitet import Standards, load_standards

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
STANDARDS = ROOT / "standards"
ON = date(2026, 6, 1)

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
