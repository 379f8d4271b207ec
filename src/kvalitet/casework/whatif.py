"""What-if: the smallest sets of fact changes that would change an outcome, derived from the rules.

For a target outcome, the rules that stand in the way are read from the standard: a criterion
that is not true, an exclusion that is not false (for ``within_standard``); or any one criterion
or exclusion that could flip (for ``outside_standard``). Each such rule's condition, in
disjunctive normal form, lists the ways it can hold; one way per rule, combined, is a set of
changes. Sets are kept when no smaller one is contained in them, and every set returned has
been checked by evaluating the changed profile. Nothing is tried at random.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kvalitet.engine.compiler import ServiceProgram
from kvalitet.engine.decision import Outcome
from kvalitet.engine.standards import Standards
from kvalitet.engine.truth import Truth
from kvalitet.language.conditions import AllOf, AnyOf, Condition, FactTest, Not
from kvalitet.language.facts import FactInfo, profile_facts
from kvalitet.language.labels import OPERATOR, OUTCOME, PHRASES, Language
from kvalitet.language.national import NATIONAL_FACTS
from kvalitet.language.normal_form import Conjunction, Literal, TooLargeError, dnf, satisfiable
from kvalitet.language.profile import ProfileBase
from kvalitet.language.standard import Criterion, Exclusion
from kvalitet.language.vocabulary import FactSpec, Vocabulary

MAX_COMBINATIONS = 4096


@dataclass(frozen=True)
class Change:
    """One fact changed: the tests it must meet, and the value used to check it."""

    fact: str
    literals: tuple[Literal, ...]
    checked_with: Any

    def describe(self, lang: Language = "da", vocabulary: Vocabulary | None = None) -> str:
        """E.g. ``support_need_level er C eller D`` (``is C or D`` in English).

        With the ``vocabulary``, the fact is named by its label (with its name) and a choice
        by its value's label: ``Samlet faglig vurdering efter VUM 2.0 (support_need_level) er
        C – moderat støttebehov eller D – højt støttebehov``.
        """
        spec = vocabulary.facts.get(self.fact) if vocabulary is not None else None
        parts = [
            OPERATOR[lit.op].text(lang).format(v=_value_text(lit.value, lang, spec))
            for lit in self.literals
        ]
        joiner = f" {PHRASES['and_'].text(lang)} "
        name = f"{spec.label.text(lang)} ({self.fact})" if spec is not None else self.fact
        return f"{name} {joiner.join(parts)}"


@dataclass(frozen=True)
class WhatIf:
    """A set of changes that turns the outcome into ``to_outcome`` (checked by evaluation)."""

    service: str
    from_outcome: Outcome
    to_outcome: Outcome
    changes: tuple[Change, ...]

    def describe(self, lang: Language = "da", vocabulary: Vocabulary | None = None) -> str:
        """E.g. ``inden for serviceniveauet, hvis support_need_level er C eller D``.

        With the ``vocabulary``, facts and choices are named by their labels (see
        :meth:`Change.describe`).
        """
        joiner = f" {PHRASES['and_'].text(lang)} "
        changes = joiner.join(change.describe(lang, vocabulary) for change in self.changes)
        outcome = OUTCOME[self.to_outcome].text(lang)
        return f"{outcome[:1].lower()}{outcome[1:]}, {PHRASES['if_'].text(lang)} {changes}"


def _value_text(value: Any, lang: Language, spec: FactSpec | None = None) -> str:  # noqa: ANN401
    if isinstance(value, tuple):
        return f" {PHRASES['or_'].text(lang)} ".join(_value_text(v, lang, spec) for v in value)
    if isinstance(value, bool):
        return PHRASES["true" if value else "false"].text(lang)
    if isinstance(value, str) and spec is not None:
        return spec.value_text(value, lang)
    return str(value)


def _inline(condition: Condition, program: ServiceProgram) -> Condition:
    """Replace derived facts by their definitions, so literals are on profile facts."""
    derived = dict(program.derived)
    if isinstance(condition, str):
        return _definition(condition, derived, program) if condition in derived else condition
    if isinstance(condition, FactTest):
        if condition.fact not in derived:
            return condition
        definition = _definition(condition.fact, derived, program)
        holds = condition.eq is not False and condition.ne is not True
        return definition if holds else Not.model_validate({"not": definition})
    if isinstance(condition, Not):
        return Not.model_validate({"not": _inline(condition.not_, program)})
    if isinstance(condition, AllOf):
        return AllOf(all=tuple(_inline(c, program) for c in condition.all))
    return AnyOf(any=tuple(_inline(c, program) for c in condition.any))


def _definition(name: str, derived: dict[str, Any], program: ServiceProgram) -> Condition:
    whens = tuple(_inline(r.rule.when, program) for r in derived[name] if r.rule.when is not None)
    return AnyOf(any=whens)


def what_if(
    standards: Standards,
    profile: ProfileBase | dict[str, Any],
    *,
    service: str,
    on: date,
    target: Outcome | None = None,
    limit: int = 5,
) -> list[WhatIf]:
    """The smallest checked sets of changes that turn a service's outcome into ``target``.

    Args:
        standards: The loaded standards.
        profile: The citizen's facts.
        service: e.g. ``hillerod/sel-85``.
        on: The evaluation date.
        target: The outcome wanted (default: ``within_standard``, or ``outside_standard`` for
            an outcome already within).
        limit: At most this many answers, smallest first.

    Facts of national law (age, pension age) are not changed: a citizen's age is not a fact
    the caseworker can assess differently.
    """
    checked = standards.parse_profile(profile)
    program = standards.program(service, on)
    municipality = program.standard.municipality
    current = standards.evaluate(checked, municipality=municipality, on=on).services[service]
    wanted: Outcome = target or (
        "outside_standard" if current.outcome == "within_standard" else "within_standard"
    )
    if wanted == current.outcome:
        return []
    # An exception not raised takes no effect: as if a criterion were met, an exclusion not.
    results = {
        reason.rule: (
            (Truth.FALSE if reason.kind == "exclusion" else Truth.TRUE)
            if reason.not_raised
            else reason.result
        )
        for reason in current.reasons
    }
    options = _options(program, results, wanted)
    known = checked.facts()  # Python values: a date fact compares with the rules' dates
    facts = profile_facts(standards.vocabulary)
    found: list[WhatIf] = []
    for conjunction in _candidates(options, known):
        changes = _changes(conjunction, known, facts)
        if changes is None or any(_contains(changes, done.changes) for done in found):
            continue
        changed = {**known, **{c.fact: c.checked_with for c in changes}}
        outcome = standards.evaluate(changed, municipality=municipality, on=on).services[service]
        if outcome.outcome == wanted:
            found.append(WhatIf(service, current.outcome, wanted, changes))
        if len(found) >= limit:
            break
    return found


def _options(
    program: ServiceProgram, results: dict[str, Truth], wanted: Outcome
) -> list[list[Conjunction]]:
    """Per rule in the way: the ways (conjunctions of literals) it can be put right."""
    blocking: list[list[Conjunction]] = []
    flips: list[Conjunction] = []
    for compiled in (*program.criteria, *program.exclusions):
        rule = compiled.rule
        if rule.when is None or not isinstance(rule, Criterion | Exclusion):
            continue
        condition = _inline(rule.when, program)
        is_exclusion = isinstance(rule, Exclusion)
        truth = results.get(rule.id, Truth.UNKNOWN)
        try:
            if wanted == "within_standard":
                needed = Truth.FALSE if is_exclusion else Truth.TRUE
                if truth is not needed:
                    blocking.append(dnf(condition, negate=is_exclusion))
            else:
                flips.extend(dnf(condition, negate=not is_exclusion))
        except TooLargeError:
            continue
    if wanted == "within_standard":
        return blocking
    return [flips]


def _candidates(options: list[list[Conjunction]], known: dict[str, Any]) -> list[Conjunction]:
    """Combined ways, smallest (fewest facts to change) first."""
    combos = itertools.islice(itertools.product(*options), MAX_COMBINATIONS)
    merged = []
    for combo in combos:
        conjunction: Conjunction = tuple(lit for part in combo for lit in part)
        if not satisfiable(conjunction):
            continue
        if any(lit.fact in NATIONAL_FACTS for lit in conjunction if not _holds(lit, known)):
            continue
        merged.append(conjunction)
    return sorted(merged, key=lambda c: (len(_to_change(c, known)), len(c)))


def _holds(literal: Literal, known: dict[str, Any]) -> bool:
    value = known.get(literal.fact)
    return value is not None and literal.holds_for(value)


def _to_change(conjunction: Conjunction, known: dict[str, Any]) -> set[str]:
    return {lit.fact for lit in conjunction if not _holds(lit, known)}


def _changes(
    conjunction: Conjunction, known: dict[str, Any], facts: dict[str, FactInfo]
) -> tuple[Change, ...] | None:
    changes = []
    for fact in sorted(_to_change(conjunction, known)):
        literals = tuple(lit for lit in conjunction if lit.fact == fact)
        value = _value_meeting(literals, known.get(fact), facts[fact].values)
        if value is None:
            return None
        changes.append(Change(fact, literals, value))
    return tuple(changes)


def _value_meeting(
    literals: Iterable[Literal],
    current: Any,  # noqa: ANN401 - the fact's current value, if known
    choices: tuple[str, ...],
) -> Any:  # noqa: ANN401 - a value of the fact's type
    """A value that meets every literal (``None`` when none is found)."""
    literals = list(literals)
    candidates: list[Any] = []
    for lit in literals:
        if lit.op in ("eq", "in"):
            candidates.extend(lit.value if lit.op == "in" else (lit.value,))
        elif lit.op in ("ge", "le"):
            candidates.append(lit.value)
        elif lit.op in ("gt", "lt"):
            candidates.append(_beyond(lit.value, above=lit.op == "gt"))
        elif lit.op in ("contains", "not_contains"):
            items = set(current or ())
            items.update(x.value for x in literals if x.op == "contains")
            items.difference_update(x.value for x in literals if x.op == "not_contains")
            candidates.append(tuple(sorted(items)))
        elif lit.op in ("ne", "not_in"):
            excluded = lit.value if lit.op == "not_in" else (lit.value,)
            pool = [True, False] if isinstance(lit.value, bool) else list(choices)
            candidates.extend(v for v in pool if v not in excluded)
    for candidate in candidates:
        if all(lit.holds_for(candidate) for lit in literals):
            return candidate
    return None


def _beyond(value: Any, *, above: bool) -> Any:  # noqa: ANN401 - a number or a date
    """A value just above (or below) a bound: the next day for a date, a step for a number."""
    step: Any = (
        timedelta(days=1) if isinstance(value, date) else 1 if isinstance(value, int) else 0.5
    )
    return value + step if above else value - step


def _contains(changes: tuple[Change, ...], smaller: tuple[Change, ...]) -> bool:
    """Whether ``changes`` changes every fact ``smaller`` does (so it is not minimal)."""
    return {c.fact for c in smaller} <= {c.fact for c in changes}
