"""The playground's checks of an edited standard file: problems, lint, cases, a profile.

Everything happens in memory: the text is validated and compiled on its own (with the loaded
national law data), never written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kvalitet.authoring.cases import CaseFile, CaseResult, run_case
from kvalitet.authoring.lint import lint_text
from kvalitet.engine.compiler import compile_standard
from kvalitet.engine.decision import ServiceOutcome
from kvalitet.engine.standards import Standards
from kvalitet.language.calendar import today_in_denmark
from kvalitet.language.fingerprints import content_hash
from kvalitet.language.loader import LoadedFile, LoadedStandards, load_text, parse_model
from kvalitet.language.problems import KvalitetError, Problem, ProfileError
from kvalitet.language.standard import StandardFile
from kvalitet.language.yaml_reader import YamlSyntaxError, read_yaml
from kvalitet.service.problems import LocatedProblem, problem_document
from kvalitet.service.state import SourceFile

STANDARD_LABEL = "standard.yaml"
CASES_LABEL = "cases.yaml"
PROFILE_LABEL = "profile"


@dataclass
class Checked:
    """What the checks found; ``standard`` is set when the text loads."""

    standard: StandardFile | None = None
    problems: list[LocatedProblem] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)
    cases: list[CaseResult] = field(default_factory=list)
    case_problems: list[LocatedProblem] = field(default_factory=list)
    cases_from: str | None = None  # "pasted" or the bundled file's service id
    outcome: ServiceOutcome | None = None
    profile_problems: list[LocatedProblem] = field(default_factory=list)


def _problems(error: KvalitetError) -> list[LocatedProblem]:
    return problem_document(error).problems


def alone(standard: StandardFile, loaded: Standards, text: str | None = None) -> Standards:
    """The edited standard (of ``text``) alone, with the server's national law data."""
    digest = content_hash(text) if text is not None else None
    files = (LoadedFile(STANDARD_LABEL, standard, digest),)
    vocabulary = loaded.vocabulary
    program = compile_standard(
        standard,
        scope_fields=vocabulary.scope_fields_of(standard.municipality),
        content_hash=digest,
    )
    return Standards(LoadedStandards(files, loaded.national, vocabulary), (program,))


def parse_profile_text(text: str, standards: Standards) -> dict[str, Any]:
    """A profile typed as YAML or JSON.

    Raises:
        ProfileError: with the line and column of a syntax error, or the fields that are wrong.
    """
    try:
        data, positions = read_yaml(text)
    except YamlSyntaxError as error:
        problem = Problem(PROFILE_LABEL, error.line, error.column, error.code, error.message)
        raise ProfileError([problem], PROFILE_LABEL) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        message = "a profile is a mapping of field names to values"
        raise ProfileError([Problem(PROFILE_LABEL, 1, 1, "not-a-mapping", message)], PROFILE_LABEL)
    standards.parse_profile(data, source=PROFILE_LABEL, positions=positions)
    return data


def check(
    text: str,
    loaded: Standards,
    sources: dict[str, SourceFile],
    *,
    cases_text: str | None = None,
    profile: dict[str, Any] | None = None,
    on: date | None = None,
) -> Checked:
    """Check an edited standard file: load problems, lint, the cases and a profile's outcome.

    Args:
        text: The standard file's YAML.
        loaded: The server's standards (for the national law data).
        sources: The bundled files, whose case file is used when none is given.
        cases_text: A case file's YAML (default: the loaded one of the same service, if any).
        profile: A profile to evaluate against the edited standard.
        on: The date for the lint and the profile (default: today).
    """
    checked = Checked()
    try:
        standard = load_text(text, STANDARD_LABEL, loaded.vocabulary)
    except KvalitetError as error:
        checked.problems = _problems(error)
        return checked
    checked.standard = standard
    day = on or today_in_denmark()
    checked.findings = lint_text(text, STANDARD_LABEL, on=day, vocabulary=loaded.vocabulary)
    try:
        alone_standards = alone(standard, loaded, text)
    except KvalitetError as error:
        checked.problems = _problems(error)
        return checked
    _run_cases(checked, alone_standards, sources, cases_text)
    if profile is not None:
        try:
            checked.outcome = alone_standards.evaluate_service(profile, service=standard.id, on=day)
        except KvalitetError as error:
            checked.profile_problems = _problems(error)
    return checked


def _run_cases(
    checked: Checked,
    standards: Standards,
    sources: dict[str, SourceFile],
    cases_text: str | None,
) -> None:
    assert checked.standard is not None  # noqa: S101 - called once it loads
    if cases_text is None or not cases_text.strip():
        standard = checked.standard
        bundled = sorted(
            (s for s in sources.values() if s.service == standard.id and s.cases),
            key=lambda s: s.version != standard.version,  # the same version first
        )
        if not bundled:
            return
        cases_text, checked.cases_from = bundled[0].cases, bundled[0].service
    else:
        checked.cases_from = "pasted"
    try:
        case_file = parse_model(cases_text or "", CASES_LABEL, CaseFile)
    except KvalitetError as error:
        checked.case_problems = _problems(error)
        return
    checked.cases = [run_case(standards, case_file, case, CASES_LABEL) for case in case_file.cases]


def problem_lines(checked: Checked) -> dict[int, list[str]]:
    """The messages of the problems and lint findings of the standard's text, by line."""
    lines: dict[int, list[str]] = {}
    for problem in checked.problems:
        lines.setdefault(problem.line or 1, []).append(f"{problem.code}: {problem.message}")
    for finding in checked.findings:
        lines.setdefault(finding.line, []).append(
            f"{finding.severity}: {finding.code}: {finding.message}"
        )
    return lines
