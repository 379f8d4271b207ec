from __future__ import annotations

import pkgutil
from datetime import date

import pytest

import kvalitet
from kvalitet import EvaluationError, Profile, ProfileError, Standards


def test_public_api_is_exactly_all() -> None:
    # pytest's assertion rewriting adds "@py_builtins" to packages that hold a pytest plugin
    public = {name for name in dir(kvalitet) if not name.startswith(("_", "@"))}
    modules = {module.name for module in pkgutil.iter_modules(kvalitet.__path__)}
    assert public - modules == set(kvalitet.__all__) - {"__version__"}


def test_the_version_is_the_package_metadata() -> None:
    from importlib.metadata import version  # noqa: PLC0415 - only this test needs it

    assert kvalitet.__version__ == version("kvalitet")


def test_evaluate_takes_a_dict_or_a_profile(haderslev: Standards) -> None:
    on = date(2026, 1, 1)
    as_dict = haderslev.evaluate({"motivated": False}, municipality="haderslev", on=on)
    as_model = haderslev.evaluate(Profile(motivated=False), municipality="haderslev", on=on)
    assert as_dict.same_as(as_model)
    assert as_dict.services["haderslev/sel-102"].outcome == "outside_standard"


def test_the_module_level_evaluate_uses_the_bundled_standards() -> None:
    decision = kvalitet.evaluate({"motivated": False}, municipality="hillerod", on=date(2026, 6, 1))
    assert set(decision.services) == HILLEROD_SERVICES


HILLEROD_SERVICES = {
    f"hillerod/{service}"
    for service in [
        "sel-84",
        "sel-12",
        "sel-82a",
        "sel-82b",
        "sel-85",
        "sel-85a",
        "sel-95",
        "sel-96",
        "sel-97",
        "sel-100",
        "lsv-1",
        "sel-103",
        "sel-104-dagtilbud",
        "sel-104-klub",
        "sel-107",
        "sel-108",
        "sel-109",
        "sel-110",
        "sel-102",
        "sul-141",
        "sel-101",
    ]
}


def test_unknown_municipality_gets_did_you_mean(haderslev: Standards) -> None:
    with pytest.raises(EvaluationError, match="unknown municipality 'haderslv' — did you mean"):
        haderslev.evaluate({}, municipality="haderslv", on=date(2026, 1, 1))


def test_no_standard_in_force_before_it_starts(haderslev: Standards) -> None:
    with pytest.raises(EvaluationError, match="no standard of haderslev is in force on 2023-12-31"):
        haderslev.evaluate({}, municipality="haderslev", on=date(2023, 12, 31))


def test_a_bad_profile_raises_profile_error(haderslev: Standards) -> None:
    with pytest.raises(ProfileError, match="did you mean 'motivated'"):
        haderslev.evaluate({"motivatd": True}, municipality="haderslev", on=date(2026, 1, 1))


def test_unknown_backend(haderslev: Standards) -> None:
    with pytest.raises(EvaluationError, match="unknown backend 'durabel' — did you mean 'durable'"):
        haderslev.evaluate({}, municipality="haderslev", backend="durabel")  # type: ignore[arg-type]


def test_every_error_is_a_kvalitet_error() -> None:
    for name in ("EngineError", "EvaluationError", "ProfileError", "StandardLoadError"):
        assert issubclass(getattr(kvalitet, name), kvalitet.KvalitetError)


def test_decision_records_facts_and_versions(haderslev: Standards) -> None:
    decision = haderslev.evaluate(
        {"birth_date": "1990-06-01", "motivated": True},
        municipality="haderslev",
        on=date(2026, 6, 1),
    )
    assert decision.facts["age"] == 36
    assert decision.facts["below_pension_age"] is True
    assert decision.facts["motivated"] is True
    assert decision.standards == {"haderslev/sel-102": "2024"}
    assert decision.evaluated_on == date(2026, 6, 1)


def test_a_birth_date_after_the_evaluation_date_is_refused(haderslev: Standards) -> None:
    with pytest.raises(ProfileError, match="2030-01-01 is after the evaluation date 2026-06-01"):
        haderslev.evaluate(
            {"birth_date": "2030-01-01"}, municipality="haderslev", on=date(2026, 6, 1)
        )
