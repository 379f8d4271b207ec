"""The public entry points: load standards once, evaluate many profiles."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.assemble import assemble, scope_of
from kvalitet.engine.backends import BackendName, get_backend
from kvalitet.engine.backends.compiled import CompiledBackend
from kvalitet.engine.compiler import ServiceProgram, amounts_key, compile_standard
from kvalitet.engine.decision import Decision, ServiceOutcome
from kvalitet.engine.results import Backend, RuleResults
from kvalitet.engine.session import EvaluationSession
from kvalitet.engine.table import require_pyarrow
from kvalitet.language.loader import LoadedStandards, load
from kvalitet.language.national import NATIONAL_FACTS, NationalLaw
from kvalitet.language.problems import EvaluationError, ProfileError
from kvalitet.language.profile import Profile, parse_profile
from kvalitet.language.standard import Scope, StandardFile
from kvalitet.language.suggest import suggest

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Standards:
    """Loaded, checked and compiled standards. Immutable; share it between threads."""

    loaded: LoadedStandards
    programs: tuple[ServiceProgram, ...]
    _variants: dict[tuple[Any, ...], ServiceProgram] = field(
        default_factory=dict, compare=False, repr=False
    )  # programs compiled for the dated amounts of other years
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @property
    def national(self) -> NationalLaw:
        """The national law data the standards share."""
        return self.loaded.national

    @property
    def municipalities(self) -> tuple[str, ...]:
        """The municipalities with at least one standard."""
        return tuple(sorted({p.standard.municipality for p in self.programs}))

    def standards(self) -> tuple[StandardFile, ...]:
        """Every standard file loaded."""
        return tuple(program.standard for program in self.programs)

    def in_force(self, municipality: str, on: date) -> tuple[ServiceProgram, ...]:
        """The compiled programs of one municipality in force on a date, by service id.

        Raises:
            EvaluationError: for an unknown municipality or when nothing is in force.
        """
        if municipality not in self.municipalities:
            hint = suggest(municipality, list(self.municipalities))
            known = ", ".join(self.municipalities)
            msg = f"unknown municipality '{municipality}'{hint} (loaded: {known})"
            raise EvaluationError(msg)
        programs = tuple(
            sorted(
                (
                    self._program_on(p, on)
                    for p in self.programs
                    if p.standard.municipality == municipality and p.standard.in_force(on)
                ),
                key=lambda p: _natural(p.service),
            )
        )
        if not programs:
            msg = f"no standard of {municipality} is in force on {on.isoformat()}"
            raise EvaluationError(msg)
        return programs

    def _program_on(self, program: ServiceProgram, on: date) -> ServiceProgram:
        """The program with its dated amounts as they are on ``on`` (compiled once per year)."""
        source = program.source
        if not source.amounts:
            return program
        key = amounts_key(source, on)
        if key == amounts_key(source, source.valid_from):
            return program
        with self._lock:
            cache_key = (source.id, source.valid_from, key)
            if cache_key not in self._variants:
                self._variants[cache_key] = compile_standard(source, on)
            return self._variants[cache_key]

    def facts(self, profile: Profile, on: date) -> dict[str, Any]:
        """The facts an evaluation reads: known profile fields and national derived facts.

        Raises:
            ProfileError: when the birth date is after the evaluation date.
        """
        if profile.birth_date is not None and profile.birth_date > on:
            problem = (
                f"birth_date: invalid-value: {profile.birth_date.isoformat()} is after the "
                f"evaluation date {on.isoformat()}"
            )
            raise ProfileError([problem])
        facts = profile.model_dump(exclude_none=True)
        for name, value in self.national.derive(facts, on).items():
            if value is None:
                facts.pop(name, None)
            else:
                facts[name] = value
        return facts

    def evaluate(
        self,
        profile: Profile | dict[str, Any],
        *,
        municipality: str,
        on: date | None = None,
        backend: BackendName | Backend = "compiled",
    ) -> Decision:
        """Evaluate a profile against one municipality's standards in force on a date.

        See :func:`kvalitet.evaluate`.
        """
        checked = parse_profile(profile)
        day = on or date.today()
        engine = get_backend(backend) if isinstance(backend, str) else backend
        facts = self.facts(checked, day)
        programs = self.in_force(municipality, day)
        results = {program.service: engine.run(program, facts) for program in programs}
        return self.decision(checked, municipality, day, programs, results, facts=facts)

    def decision(
        self,
        profile: Profile,
        municipality: str,
        day: date,
        programs: tuple[ServiceProgram, ...],
        results: Mapping[str, RuleResults],
        *,
        facts: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Assemble the Decision from each program's rule results (shared by every backend).

        ``facts`` are :meth:`facts` of the profile on the day, when the caller has them.
        """
        facts = facts if facts is not None else self.facts(profile, day)
        used = profile.known_facts()
        used.update({name: facts[name] for name in NATIONAL_FACTS if name in facts})
        return Decision(
            municipality=municipality,
            evaluated_on=day,
            facts=used,
            standards={p.service: p.standard.version for p in programs},
            services={
                program.service: assemble(program, facts, results[program.service])
                for program in programs
            },
        )

    def evaluate_service(
        self,
        profile: Profile | dict[str, Any],
        *,
        service: str,
        on: date,
        backend: BackendName | Backend = "compiled",
    ) -> ServiceOutcome:
        """Evaluate one service only (e.g. ``hillerod/sel-85``).

        The outcome is the same as in :meth:`evaluate`'s Decision; the municipality's other
        services are not evaluated.
        """
        checked = parse_profile(profile)
        program = self.program(service, on)
        engine = get_backend(backend) if isinstance(backend, str) else backend
        facts = self.facts(checked, on)
        return assemble(program, facts, engine.run(program, facts))

    def program(self, service: str, on: date) -> ServiceProgram:
        """The compiled standard of one service (e.g. ``hillerod/sel-85``) in force on a date.

        Raises:
            EvaluationError: when no such standard is in force.
        """
        municipality = service.split("/", 1)[0]
        for program in self.in_force(municipality, on):
            if program.service == service:
                return program
        known = [p.service for p in self.programs]
        msg = f"no standard '{service}' in force on {on.isoformat()}{suggest(service, known)}"
        raise EvaluationError(msg)

    def scope(
        self, profile: Profile | dict[str, Any], *, service: str, on: date
    ) -> tuple[Scope, tuple[str, ...]]:
        """The scope a service's standard states for a profile, whatever its eligibility.

        Returns the scope and the facts whose absence left part of it unknown.

        Example:
            >>> from datetime import date
            >>> scope, missing = load_standards().scope(
            ...     {"support_hours_per_month": 8}, service="hillerod/sel-85", on=date(2026, 6, 1))
            >>> scope.package
            'pakke-2'
        """
        checked = parse_profile(profile)
        program = self.program(service, on)
        facts = self.facts(checked, on)
        return scope_of(program, facts, CompiledBackend().run(program, facts))

    def evaluate_table(
        self,
        table: object,
        *,
        municipality: str,
        on: date,
        services: Iterable[str] | None = None,
    ) -> pa.Table:
        """Evaluate a whole table of profiles (needs ``pip install 'kvalitet[columnar]'``).

        Args:
            table: A ``pyarrow.Table`` (or a pandas/polars DataFrame, or a list of dicts) whose
                columns are profile fields, nulls for unknown; an ``id`` column is carried through.
            municipality: e.g. ``"hillerod"``.
            on: The evaluation date.
            services: Service ids (``hillerod/sel-85`` or ``sel-85``); default: all in force.

        Returns:
            One row per input row, in order, with ``<service>:outcome``, ``<service>:access``,
            ``<service>:scope.<field>`` and ``<service>:missing_facts`` columns; equal, row
            for row, to the per-profile Decision (the columnar backend,
            :mod:`kvalitet.engine.columnar`).

        Raises:
            ProfileError: naming the first wrong rows (0-based index) and columns.
            EvaluationError: for an unknown municipality or service.

        Example:
            >>> from datetime import date
            >>> out = load_standards().evaluate_table(
            ...     [{"id": 1, "motivated": False}], municipality="haderslev", on=date(2026, 1, 1))
            >>> out.column("haderslev/sel-102:outcome").to_pylist()
            ['outside_standard']
        """
        require_pyarrow()
        from kvalitet.engine.columnar import evaluate_table  # noqa: PLC0415 - optional extra

        return evaluate_table(self, table, municipality=municipality, on=on, services=services)

    def session(self, *, municipality: str, on: date | None = None) -> EvaluationSession:
        """A stateful durable-rules session: add facts one at a time, read the Decision.

        Example:
            >>> from datetime import date
            >>> standards = load_standards()
            >>> with standards.session(municipality="haderslev", on=date(2026, 1, 1)) as s:
            ...     s.add({"motivated": False}).services["haderslev/sel-102"].outcome
            'outside_standard'
        """
        return EvaluationSession(self, municipality, on or date.today())


def load_standards(paths: Iterable[str | Path] | None = None) -> Standards:
    """Load, check and compile standard files or folders (default: the bundled standards).

    Raises:
        StandardLoadError: naming every problem at ``file:line:column``.

    Example:
        >>> standards = load_standards()
        >>> "haderslev" in standards.municipalities
        True
    """
    loaded = load(paths)
    programs = tuple(compile_standard(f.standard) for f in loaded.files)
    return Standards(loaded, programs)


def _natural(service: str) -> tuple[tuple[int, str], ...]:
    """Order ``sel-12`` before ``sel-100``, as the act's paragraphs run."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", service)
    )


@functools.cache
def bundled_standards() -> Standards:
    """The bundled standards, loaded once per process."""
    return load_standards()


def evaluate(
    profile: Profile | dict[str, Any],
    *,
    municipality: str,
    on: date | None = None,
    standards: Standards | None = None,
    backend: BackendName = "compiled",
) -> Decision:
    """Evaluate a citizen profile against a municipality's standards on a date.

    Args:
        profile: A :class:`Profile` or a plain mapping of profile fields; missing = unknown.
        municipality: e.g. ``"haderslev"``.
        on: The evaluation date (default: today).
        standards: Loaded standards (default: the bundled ones, loaded once).
        backend: ``"compiled"`` (default) or ``"durable"``.

    Raises:
        ProfileError: when the profile is invalid.
        EvaluationError: for an unknown municipality or when no standard is in force.

    Example:
        >>> from datetime import date
        >>> decision = evaluate({"motivated": False}, municipality="haderslev",
        ...                     on=date(2026, 1, 1))
        >>> decision.services["haderslev/sel-102"].outcome
        'outside_standard'
    """
    chosen = standards or bundled_standards()
    return chosen.evaluate(profile, municipality=municipality, on=on, backend=backend)
