"""The public entry points: load standards once, evaluate many profiles."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kvalitet.engine.assemble import assemble, scope_of
from kvalitet.engine.backends import BackendName, get_backend
from kvalitet.engine.backends.compiled import CompiledBackend
from kvalitet.engine.compiler import ServiceProgram, amounts_key, compile_standard
from kvalitet.engine.decision import Decision, ServiceOutcome, new_decision
from kvalitet.engine.results import Backend, RuleResults, run_programs
from kvalitet.engine.session import EvaluationSession
from kvalitet.engine.table import require_pyarrow
from kvalitet.language.bundled import standard_paths
from kvalitet.language.calendar import EvaluationDay, evaluation_day, resolve_day
from kvalitet.language.loader import LoadedStandards, load
from kvalitet.language.national import NATIONAL_FACTS, NationalLaw
from kvalitet.language.problems import EvaluationError, Problem, ProfileError
from kvalitet.language.profile import ProfileBase, parse_profile, profile_model
from kvalitet.language.standard import Scope, StandardFile
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.yaml_reader import Positions

ProfileInput = ProfileBase | Mapping[str, Any]
IN_FORCE_CACHE = 4096  # days remembered; beyond, the programs are found again each time

if TYPE_CHECKING:
    import pyarrow as pa

    from kvalitet.engine.backends.durable import DurableBackend


@dataclass(frozen=True)
class Standards:
    """Loaded, checked and compiled standards. Immutable; share it between threads."""

    loaded: LoadedStandards
    programs: tuple[ServiceProgram, ...]
    _variants: dict[tuple[Any, ...], ServiceProgram] = field(
        default_factory=dict, compare=False, repr=False
    )  # programs compiled for the dated amounts of other years
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    _in_force: dict[tuple[str, date], tuple[ServiceProgram, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )  # the programs in force by municipality and day (a dict's get and set are atomic)

    @property
    def national(self) -> NationalLaw:
        """The national law data the standards share."""
        return self.loaded.national

    @property
    def vocabulary(self) -> Vocabulary:
        """The facts and scope fields of this set of standards."""
        return self.loaded.vocabulary

    @property
    def profile_model(self) -> type[ProfileBase]:
        """The profile model of this set (``kvalitet.Profile`` for the bundled vocabulary)."""
        return profile_model(self.loaded.vocabulary)

    def parse_profile(
        self,
        data: object,
        *,
        source: str | Path | None = None,
        positions: Positions | None = None,
    ) -> ProfileBase:
        """Validate a profile (a model or a mapping) against this set's vocabulary.

        Raises:
            ProfileError: naming every wrong field and what it expects.
        """
        return parse_profile(data, self.profile_model, source=source, positions=positions)

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
        cached = self._in_force.get((municipality, on))
        if cached is not None:
            return cached
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
        if len(self._in_force) < IN_FORCE_CACHE:
            self._in_force[(municipality, on)] = programs
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
                fields, hashed = program.scope_fields, program.content_hash
                self._variants[cache_key] = compile_standard(
                    source, on, scope_fields=fields, content_hash=hashed
                )
            return self._variants[cache_key]

    def facts(self, profile: ProfileBase, on: date) -> dict[str, Any]:
        """The facts an evaluation reads: known profile fields and national derived facts.

        Raises:
            ProfileError: when the birth date is after the evaluation date.
        """
        facts = profile.facts()
        birth_date = facts.get("birth_date")
        if isinstance(birth_date, date) and birth_date > on:
            message = (
                f"birth_date: {birth_date.isoformat()} is after the evaluation date "
                f"{on.isoformat()}"
            )
            raise ProfileError(
                [Problem("<profile>", 1, 1, "invalid-value", message, path=("birth_date",))]
            )
        for name, value in self.national.derive(facts, on).items():
            if value is None:
                facts.pop(name, None)
            else:
                facts[name] = value
        return facts

    def evaluate(
        self,
        profile: ProfileInput,
        *,
        municipality: str,
        on: date | str | EvaluationDay | None = None,
        backend: BackendName | Backend = "compiled",
    ) -> Decision:
        """Evaluate a profile against one municipality's standards in force on a date.

        See :func:`kvalitet.evaluate`.
        """
        checked = self.parse_profile(profile)
        when = resolve_day(on)
        engine = get_backend(backend) if isinstance(backend, str) else backend
        facts = self.facts(checked, when.day)
        programs = self.in_force(municipality, when.day)
        results = run_programs(engine, programs, facts)
        return self.decision(checked, municipality, when, programs, results, facts=facts)

    def decision(
        self,
        profile: ProfileBase,
        municipality: str,
        day: date | EvaluationDay,
        programs: tuple[ServiceProgram, ...],
        results: Mapping[str, RuleResults],
        *,
        facts: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Assemble the Decision from each program's rule results (shared by every backend).

        ``day`` is the evaluation day (a plain date counts as given). ``facts`` are
        :meth:`facts` of the profile on the day, when the caller has them.
        """
        when = day if isinstance(day, EvaluationDay) else EvaluationDay(day, given=True)
        facts = facts if facts is not None else self.facts(profile, when.day)
        used = profile.known_facts()
        used.update({name: facts[name] for name in NATIONAL_FACTS if name in facts})
        return new_decision(
            municipality=municipality,
            when=when,
            facts=used,
            standards={p.service: p.standard.version for p in programs},
            services={
                program.service: assemble(program, facts, results[program.service])
                for program in programs
            },
            shared_data_hash=self.loaded.data_hash,
        )

    def evaluate_service(
        self,
        profile: ProfileInput,
        *,
        service: str,
        on: date,
        backend: BackendName | Backend = "compiled",
    ) -> ServiceOutcome:
        """Evaluate one service only (e.g. ``hillerod/sel-85``).

        The outcome is the same as in :meth:`evaluate`'s Decision; the municipality's other
        services are not evaluated.
        """
        checked = self.parse_profile(profile)
        day = evaluation_day(on)
        program = self.program(service, day)
        engine = get_backend(backend) if isinstance(backend, str) else backend
        facts = self.facts(checked, day)
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
        self, profile: ProfileInput, *, service: str, on: date
    ) -> tuple[Scope, tuple[str, ...]]:
        """The scope a service's standard states for a profile, whatever its eligibility.

        Returns the scope and the facts whose absence left part of it unknown.

        Example:
            >>> from datetime import date
            >>> scope, missing = load_standards().scope(
            ...     {"support_hours_per_month": 8}, service="hillerod/sel-85", on=date(2026, 6, 1))
            >>> scope.get("package")
            'pakke-2'
        """
        checked = self.parse_profile(profile)
        day = evaluation_day(on)
        program = self.program(service, day)
        facts = self.facts(checked, day)
        return scope_of(program, facts, CompiledBackend().run(program, facts))

    def evaluate_table(
        self, table: object, *, municipality: str, on: date, services: Iterable[str] | None = None
    ) -> pa.Table:
        """Evaluate a whole table of profiles (needs ``pip install 'kvalitet[columnar]'``).

        ``table`` is a ``pyarrow.Table`` (or a pandas/polars DataFrame, or a list of dicts) whose
        columns are profile fields, nulls for unknown; an ``id`` column is carried through.
        ``services`` are ids (``hillerod/sel-85`` or ``sel-85``); default: all in force.
        Returns one row per input row, in order, with ``<service>:outcome``, ``:access``,
        ``:scope.<field>`` and ``:missing_facts`` columns, equal row for row to the
        per-profile Decision (the columnar backend, :mod:`kvalitet.engine.columnar`).

        Raises:
            ProfileError: naming the first wrong rows (``<table>:ROW:1``, from 1) and columns.
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

        day = evaluation_day(on)
        return evaluate_table(self, table, municipality=municipality, on=day, services=services)

    def session(
        self,
        *,
        municipality: str,
        on: date | None = None,
        backend: DurableBackend | None = None,
    ) -> EvaluationSession:
        """A stateful durable-rules session: add facts one at a time, read the Decision.

        Close it, or use it as a context manager: at most ``max_sessions`` (default 128) are
        open at once per backend; a dropped session is freed when it is garbage-collected.
        ``backend`` is a :class:`~kvalitet.engine.backends.durable.DurableBackend` with other
        settings (default: the shared one).

        Example:
            >>> from datetime import date
            >>> standards = load_standards()
            >>> with standards.session(municipality="haderslev", on=date(2026, 1, 1)) as s:
            ...     s.add({"motivated": False}).services["haderslev/sel-102"].outcome
            'outside_standard'
        """
        return EvaluationSession(self, municipality, resolve_day(on), backend=backend)


def load_standards(*paths: str | PathLike[str] | Iterable[str | PathLike[str]] | None) -> Standards:
    """Load, check and compile a set of standards.

    Args:
        paths: Standard files or folders (a string or path each, or lists of them). None given:
            the bundled standards and those installed packages publish (or the folders in
            ``$KVALITET_STANDARDS``). See :mod:`kvalitet.language.bundled`.

    Raises:
        StandardLoadError: naming every problem at ``file:line:column``.
        TypeError: for an argument that is not a path.

    Example:
        >>> standards = load_standards()
        >>> "haderslev" in standards.municipalities
        True
    """
    given = tuple(path for path in paths if path is not None)
    loaded = load(standard_paths(given))
    programs = tuple(
        compile_standard(
            f.standard,
            scope_fields=loaded.vocabulary.scope_fields_of(f.standard.municipality),
            content_hash=f.content_hash,
        )
        for f in loaded.files
    )
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
    profile: ProfileInput,
    *,
    municipality: str,
    on: date | str | None = None,
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
