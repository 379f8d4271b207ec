"""YAML test cases for standards, OpenFisca style, and the code that runs them.

A case file sits next to its standard (``standards/<municipality>/<year>/cases/<service>.yaml``)::

    service: haderslev/sel-102
    on: 2026-11-29
    base_profile: {motivated: true, ...}     # every case starts from this profile
    cases:
      - name: Ikke motiveret
        source: "Være motiveret for at modtage indsatsen."   # the document's own words
        lines: [70]
        profile: {motivated: false}          # merged over base_profile
        unset: []                            # base fields to remove (to make facts unknown)
        base: true                           # false: the case's profile alone
        expect:
          outcome: outside_standard
          reasons: {target.motivated: false}
          missing_facts: []
          scope: {max_hours: 5}

Every expectation given is checked; those left out are not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from kvalitet.engine.decision import Outcome, ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.loader import display_path, parse_model
from kvalitet.language.problems import KvalitetError
from kvalitet.language.rules import terms
from kvalitet.language.standard import Access, ServiceId


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _truth_from_yaml(value: Any) -> Any:  # noqa: ANN401 - raw YAML scalar
    """YAML's ``true``/``false`` mean the truth values ``true``/``false``."""
    if isinstance(value, bool):
        return Truth.of(value)
    return value


ExpectedTruth = Annotated[Truth, BeforeValidator(_truth_from_yaml)]


class Expectation(_Model):
    """What a case expects; only the keys given are checked."""

    outcome: Outcome | None = None
    reasons: dict[str, ExpectedTruth] = Field(
        default_factory=dict, description="Rule id → expected result (true/false/unknown)."
    )
    missing_facts: tuple[str, ...] | None = Field(
        None, description="Exactly these missing facts, in any order."
    )
    scope: dict[str, Any] | None = Field(
        None, description="These scope fields with these values (others are not checked)."
    )
    no_scope: bool = Field(default=False, description="The outcome has no scope.")
    scope_missing_facts: tuple[str, ...] | None = None
    access: Access | None = None
    not_raised: tuple[str, ...] | None = Field(
        None,
        description=(
            "Exactly these rules are exceptions not raised (no fact raising them is stated)."
        ),
    )
    absent_terms: tuple[str, ...] = Field(
        (), description="Term ids that must not be in the outcome (their condition is false)."
    )
    terms: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description=(
            "Payment, deadline, follow-up, termination, provider-choice or access-variant entries "
            "by rule id, with the fields expected, e.g. "
            "{deadline.complaint: {within: {value: 4, unit: weeks}}}."
        ),
    )


class Case(_Model):
    """One case: a profile, and what the standard's own words say should come of it."""

    name: str
    source: str | None = Field(None, description="The sentence of the source document tested.")
    lines: tuple[int, ...] = ()
    on: date | None = None
    profile: dict[str, Any] = Field(default_factory=dict)
    unset: tuple[str, ...] = ()
    base: bool = Field(
        default=True,
        description=(
            "false: the case's profile alone, without the file's base_profile (e.g. the "
            "minimal profile a caseworker gives for an ordinary applicant)."
        ),
    )
    expect: Expectation


class CaseFile(_Model):
    """A file of cases for one service."""

    service: ServiceId
    on: date
    base_profile: dict[str, Any] = Field(default_factory=dict)
    cases: tuple[Case, ...] = Field(min_length=1)


@dataclass
class CaseResult:
    """The result of running one case."""

    file: str
    service: str
    case: Case
    failures: list[str] = field(default_factory=list)
    outcome: ServiceOutcome | None = None

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures

    def report(self) -> str:
        """A readable account of what was expected and what came out."""
        lines = [f"{self.file}: {self.service}: {self.case.name}"]
        if self.case.source:
            lines.append(f"  source: {self.case.source}")
        lines.extend(f"  {failure}" for failure in self.failures)
        if self.outcome is not None and self.failures:
            lines.append(f"  got outcome {self.outcome.outcome}; reasons:")
            lines.extend(
                f"    {reason.rule}: {reason.result.value}" for reason in self.outcome.reasons
            )
            if self.outcome.missing_facts:
                lines.append(f"  missing facts: {', '.join(self.outcome.missing_facts)}")
        return "\n".join(lines)


def read_case_file(path: str | Path) -> CaseFile:
    """Read and validate a case file.

    Raises:
        StandardLoadError: naming ``file:line:column`` of every problem.
    """
    label = display_path(Path(path))
    return parse_model(Path(path).read_text(encoding="utf-8"), label, CaseFile)


def case_profile(case_file: CaseFile, case: Case) -> dict[str, Any]:
    """The case's profile: the base profile, less ``unset``, updated with the case's own.

    With ``base: false`` the case's own profile alone.
    """
    base = case_file.base_profile if case.base else {}
    profile = {k: v for k, v in base.items() if k not in case.unset}
    profile.update(case.profile)
    return profile


def run_case(standards: Standards, case_file: CaseFile, case: Case, file: str) -> CaseResult:
    """Evaluate one case and compare with its expectation."""
    result = CaseResult(file, case_file.service, case)
    municipality = case_file.service.split("/", 1)[0]
    try:
        decision = standards.evaluate(
            case_profile(case_file, case), municipality=municipality, on=case.on or case_file.on
        )
    except KvalitetError as error:
        result.failures.append(f"evaluation failed: {error}")
        return result
    outcome = decision.services.get(case_file.service)
    if outcome is None:
        result.failures.append(f"no standard for {case_file.service} in force")
        return result
    result.outcome = outcome
    standard = standards.program(case_file.service, case.on or case_file.on).standard
    shown = {term.id for term in terms(standard) if term not in standard.procedure}
    shown |= {variant.id for variant in standard.access_variants}
    shown |= {amount.id for amount in standard.amounts}
    unknown = sorted(set(case.expect.absent_terms) - shown)
    result.failures.extend(
        f"term {rule}: not a term the outcome can show (procedure entries are not shown)"
        for rule in unknown
    )
    result.failures.extend(compare(case.expect, outcome))
    return result


def compare(expect: Expectation, outcome: ServiceOutcome) -> list[str]:
    """The differences between an expectation and an outcome (empty when it holds)."""
    failures = []
    if expect.outcome is not None and outcome.outcome != expect.outcome:
        failures.append(f"outcome: expected {expect.outcome}, got {outcome.outcome}")
    failures.extend(_compare_reasons(expect, outcome))
    failures.extend(_compare_names("missing facts", expect.missing_facts, outcome.missing_facts))
    failures.extend(
        _compare_names(
            "scope missing facts", expect.scope_missing_facts, outcome.scope_missing_facts
        )
    )
    failures.extend(_compare_scope(expect, outcome))
    failures.extend(
        _compare_names(
            "not raised", expect.not_raised, tuple(r.rule for r in outcome.reasons if r.not_raised)
        )
    )
    if expect.access is not None and outcome.access != expect.access:
        failures.append(f"access: expected {expect.access}, got {outcome.access}")
    failures.extend(_compare_terms(expect, outcome))
    return failures


def _terms(outcome: ServiceOutcome) -> dict[str, dict[str, Any]]:
    entries: list[BaseModel] = [
        *outcome.payment,
        *outcome.deadlines,
        *outcome.follow_up,
        *outcome.termination,
        *outcome.not_included,
        *outcome.access_variants,
        *outcome.amounts,
        *outcome.provider_choice,
    ]
    dumped = [entry.model_dump(mode="json", by_alias=True) for entry in entries]
    return {entry["id"]: entry for entry in dumped}


def _compare_terms(expect: Expectation, outcome: ServiceOutcome) -> list[str]:
    failures: list[str] = []
    terms = _terms(outcome)
    failures.extend(
        f"term {rule}: expected it not to apply, but it is in the outcome"
        for rule in expect.absent_terms
        if rule in terms
    )
    for rule, fields in expect.terms.items():
        if rule not in terms:
            failures.append(f"term {rule}: not in the outcome (have: {', '.join(sorted(terms))})")
            continue
        for name, value in fields.items():
            got = terms[rule].get(name)
            if got != _json(value):
                failures.append(f"term {rule}.{name}: expected {value!r}, got {got!r}")
    return failures


def _json(value: Any) -> Any:  # noqa: ANN401 - YAML data
    """YAML data as JSON would give it back (dates as text, tuples as lists)."""
    return json.loads(json.dumps(value, default=str))


def _compare_reasons(expect: Expectation, outcome: ServiceOutcome) -> list[str]:
    results = {reason.rule: reason.result for reason in outcome.reasons}
    failures = []
    for rule, truth in expect.reasons.items():
        if rule not in results:
            failures.append(f"reason {rule}: expected {truth.value}, but it is not among reasons")
        elif results[rule] is not truth:
            failures.append(f"reason {rule}: expected {truth.value}, got {results[rule].value}")
    return failures


def _compare_names(what: str, expected: tuple[str, ...] | None, got: tuple[str, ...]) -> list[str]:
    if expected is None or set(expected) == set(got):
        return []
    return [f"{what}: expected {sorted(expected)}, got {sorted(got)}"]


def _compare_scope(expect: Expectation, outcome: ServiceOutcome) -> list[str]:
    failures = []
    got = outcome.scope.model_dump(exclude_none=True) if outcome.scope else {}
    if expect.no_scope and outcome.scope is not None:
        failures.append(f"scope: expected none, got {got}")
    for name, value in (expect.scope or {}).items():
        if got.get(name) != value:
            failures.append(f"scope {name}: expected {value!r}, got {got.get(name)!r}")
    return failures


def find_case_files(paths: list[Path]) -> list[Path]:
    """Every case file (``cases/*.yaml``) under the given files or folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*.yaml") if p.parent.name == "cases")
        elif path.is_file():
            found.append(path)
    return sorted(set(found))


def run_case_files(standards: Standards, paths: list[Path]) -> list[CaseResult]:
    """Run every case of every case file found under ``paths``.

    Raises:
        StandardLoadError: when a case file itself is malformed.
    """
    results: list[CaseResult] = []
    for path in find_case_files(paths):
        case_file = read_case_file(path)
        label = display_path(path)
        results.extend(run_case(standards, case_file, case, label) for case in case_file.cases)
    return results
