"""Checks of a validated standard file that a schema cannot express.

Each check yields ``(path, code, message)``; the loader turns the path into ``line:column``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from kvalitet.language.arithmetic import amount_facts
from kvalitet.language.conditions import (
    AmountRef,
    Condition,
    FactTest,
    amount_refs,
    facts_read,
    negated_facts,
    walk,
)
from kvalitet.language.dated import resolve_amounts
from kvalitet.language.facts import OPERATORS_BY_KIND, FactInfo
from kvalitet.language.normal_form import disjoint
from kvalitet.language.rules import iter_conditions, iter_rules
from kvalitet.language.standard import ScopeRule, StandardFile
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import ScopeFieldSpec
from kvalitet.language.yaml_hints import decimal_comma_hint

Finding = tuple[tuple[str | int, ...], str, str]

KIND_WORDS = {
    "bool": "a yes/no",
    "int": "a whole-number",
    "number": "a number",
    "date": "a date",
    "enum": "a choice",
    "services": "a list-of-services",
}


def check_standard(
    standard: StandardFile,
    base: dict[str, FactInfo],
    scope_fields: Mapping[str, ScopeFieldSpec],
) -> Iterator[Finding]:
    """Every problem of one standard file that the schema does not catch.

    Args:
        standard: The validated file.
        base: The facts its conditions may read (the municipality's catalogue).
        scope_fields: The scope fields its scope rules may set.
    """
    yield from _duplicate_rule_ids(standard)
    derived = {rule.fact for rule in standard.derive}
    for index, rule in enumerate(standard.derive):
        if rule.fact in base:
            message = (
                f"'{rule.fact}' is already a {base[rule.fact].origin} fact; "
                "give the derived fact another name"
            )
            yield ("derive", index, "fact"), "shadowed-fact", message
    catalogue = dict(base)
    for name in derived:
        catalogue.setdefault(name, FactInfo(name, "bool", "derived"))
    for path, condition in iter_conditions(standard):
        yield from _check_condition(condition, path, catalogue)
    yield from _dated_amounts(standard)
    yield from _check_scope_fields(standard, scope_fields)
    yield from _check_amounts(standard, catalogue, scope_fields)
    yield from _dangling_overrides(standard)
    yield from _exceptions(standard, base)
    yield from _cycles(standard)
    if not any(code == "dangling-reference" for _, code, _ in _dated_amounts(standard)):
        yield from _conflicts_in_every_year(standard)


def _dated_amounts(standard: StandardFile) -> Iterator[Finding]:
    """Names of dated amounts are unique, and every ``{amount: name}`` names one."""
    names: set[str] = set()
    for index, amount in enumerate(standard.amounts):
        if amount.name in names:
            message = f"the amount '{amount.name}' is defined twice; names are unique"
            yield ("amounts", index, "name"), "duplicate-amount", message
        names.add(amount.name)
    for path, condition in iter_conditions(standard):
        for name, where in amount_refs(condition):
            if name not in names:
                hint = suggest(name, sorted(names)) or (
                    "; define it under 'amounts'" if not names else ""
                )
                yield (*path, *where), "dangling-reference", (f"no amount named '{name}'{hint}")


def _conflicts_in_every_year(standard: StandardFile) -> Iterator[Finding]:
    """The conflict check on the standard as resolved for each year its amounts change."""
    years = sorted({value.year for amount in standard.amounts for value in amount.values})
    days = [date(year, 1, 1) for year in years] or [standard.valid_from]
    seen: set[Finding] = set()
    for day in days:
        for finding in _conflicts(resolve_amounts(standard, day)):
            if finding not in seen:
                seen.add(finding)
                yield finding


def _check_scope_fields(
    standard: StandardFile, scope_fields: Mapping[str, ScopeFieldSpec]
) -> Iterator[Finding]:
    """Every scope field set is declared, and its value has the declared type and bounds."""
    for index, rule in enumerate(standard.scope):
        for field, value in rule.set.items():
            path = ("scope", index, "set", field)
            spec = scope_fields.get(field)
            if spec is None:
                hint = suggest(field, sorted(scope_fields)) or (
                    f"; declare it under 'scope_fields' in {standard.municipality}/vocabulary.yaml"
                )
                yield path, "unknown-scope-field", f"'{field}' is not a declared scope field{hint}"
                continue
            yield from _scope_value(field, spec, value, path)


def _scope_value(
    field: str, spec: ScopeFieldSpec, value: object, path: tuple[str | int, ...]
) -> Iterator[Finding]:
    if spec.type == "enum":
        if not isinstance(value, str) or value not in spec.values:
            hint = suggest(value, spec.values) if isinstance(value, str) else ""
            message = (
                f"{value!r} is not a value of '{field}' (one of: {', '.join(spec.values)}){hint}"
            )
            yield path, "unknown-value", message
    elif spec.type == "text":
        if not isinstance(value, str):
            yield path, "type-mismatch", f"'{field}' is a text; write the text in quotes"
    elif spec.type == "bool":
        if not isinstance(value, bool):
            yield path, "type-mismatch", f"'{field}' is yes/no; write true or false"
    elif isinstance(value, bool | str):
        hint = decimal_comma_hint(value)
        message = f"'{field}' is a number; write a number or an amount{hint}"
        yield path, "type-mismatch", message
    elif isinstance(value, int | float):
        yield from _in_bounds(field, spec, float(value), path)


def _in_bounds(
    field: str, spec: ScopeFieldSpec, value: float, path: tuple[str | int, ...]
) -> Iterator[Finding]:
    if spec.type == "int" and not value.is_integer():
        yield path, "type-mismatch", f"'{field}' is a whole number, not {value:g}"
    elif spec.min is not None and value < spec.min:
        yield path, "invalid-value", f"'{field}' is at least {spec.min:g}, not {value:g}"
    elif spec.max is not None and value > spec.max:
        yield path, "invalid-value", f"'{field}' is at most {spec.max:g}, not {value:g}"


def _check_amounts(
    standard: StandardFile,
    catalogue: dict[str, FactInfo],
    scope_fields: Mapping[str, ScopeFieldSpec],
) -> Iterator[Finding]:
    for index, rule in enumerate(standard.scope):
        for field, value in rule.set.items():
            spec = scope_fields.get(field)
            if isinstance(value, bool | str | int | float) or spec is None:
                continue
            for fact, where in amount_facts(value, ("scope", index, "set", field)):
                info = catalogue.get(fact)
                if info is None:
                    message = f"'{fact}' is not a known fact{suggest(fact, sorted(catalogue))}"
                    yield where, "unknown-fact", message
                elif info.kind not in ("int", "number"):
                    message = (
                        f"'{fact}' is {KIND_WORDS[info.kind]} fact; an amount reads only "
                        "number facts"
                    )
                    yield where, "type-mismatch", message


def _duplicate_rule_ids(standard: StandardFile) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for at in iter_rules(standard):
        if at.rule.id in seen:
            message = (
                f"rule id '{at.rule.id}' is already used in {seen[at.rule.id]}; ids are unique"
            )
            yield (*at.path, "id"), "duplicate-rule-id", message
        else:
            seen[at.rule.id] = at.key


def _check_condition(
    condition: Condition, path: tuple[str | int, ...], catalogue: dict[str, FactInfo]
) -> Iterator[Finding]:
    for node, where in walk(condition, path):
        if isinstance(node, str):
            yield from _check_fact_name(node, where, catalogue, bare=True)
        elif isinstance(node, FactTest):
            problems = list(_check_fact_name(node.fact, (*where, "fact"), catalogue, bare=False))
            yield from problems
            if not problems:
                yield from _check_operators(node, where, catalogue[node.fact])


def _check_fact_name(
    name: str, where: tuple[str | int, ...], catalogue: dict[str, FactInfo], *, bare: bool
) -> Iterator[Finding]:
    if name not in catalogue:
        message = f"'{name}' is not a known fact{suggest(name, sorted(catalogue))}"
        yield where, "unknown-fact", message
    elif bare and catalogue[name].kind != "bool":
        info = catalogue[name]
        message = (
            f"'{name}' is {KIND_WORDS[info.kind]} fact, not a yes/no fact; "
            f"test it with {{fact: {name}, <operator>: <value>}}"
        )
        yield where, "type-mismatch", message


def _check_operators(
    test: FactTest, where: tuple[str | int, ...], info: FactInfo
) -> Iterator[Finding]:
    allowed = OPERATORS_BY_KIND[info.kind]
    for op, value in test.operators():
        key_path = (*where, op)
        if op not in allowed:
            message = (
                f"'{op}' cannot test {KIND_WORDS[info.kind]} fact like '{info.name}'; "
                f"use one of: {', '.join(sorted(allowed))}"
            )
            yield key_path, "type-mismatch", message
            continue
        if isinstance(value, AmountRef):
            if info.kind not in ("int", "number"):
                message = (
                    f"'{info.name}' is {KIND_WORDS[info.kind]} fact; only a number fact can be "
                    f"compared with the amount '{value.amount}'"
                )
                yield key_path, "type-mismatch", message
            continue
        values = value if isinstance(value, tuple) else (value,)
        for position, item in enumerate(values):
            item_path = (*key_path, position) if isinstance(value, tuple) else key_path
            yield from _check_value(info, item, item_path)


def _check_value(info: FactInfo, item: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:  # noqa: ANN401
    if info.accepts(item):
        return
    if info.kind == "enum" and isinstance(item, str):
        message = (
            f"'{item}' is not a value of '{info.name}' "
            f"(one of: {', '.join(info.values)}){suggest(item, info.values)}"
        )
        yield path, "unknown-value", message
    else:
        message = f"{item!r} does not fit '{info.name}', which is {KIND_WORDS[info.kind]} fact"
        yield path, "type-mismatch", message


def _dangling_overrides(standard: StandardFile) -> Iterator[Finding]:
    scope_ids = {rule.id for rule in standard.scope}
    for index, rule in enumerate(standard.scope):
        for position, target in enumerate(rule.overrides):
            if target not in scope_ids or target == rule.id:
                what = "itself" if target == rule.id else f"'{target}', which is not a scope rule"
                candidates = sorted(scope_ids - {rule.id})
                message = f"'{rule.id}' overrides {what}{suggest(target, candidates)}"
                yield ("scope", index, "overrides", position), "dangling-reference", message


def _exceptions(standard: StandardFile, base: dict[str, FactInfo]) -> Iterator[Finding]:
    """An exception is raised by profile facts its own condition reads."""
    for key in ("criteria", "exclusions", "scope"):
        for index, rule in enumerate(getattr(standard, key)):
            read = facts_read(rule.when) if rule.when is not None else set()
            for position, name in enumerate(rule.raised_by):
                path = (key, index, "raised_by", position)
                if name not in read:
                    message = (
                        f"'{name}' does not raise '{rule.id}': its condition does not read it"
                        f"{suggest(name, sorted(read))}; list facts the condition reads"
                    )
                    yield path, "dangling-reference", message
                elif name not in base:
                    message = (
                        f"'{name}' is a derived fact; an exception is raised by a fact the "
                        "profile states"
                    )
                    yield path, "dangling-reference", message


def _cycles(standard: StandardFile) -> Iterator[Finding]:
    """Derived facts must form a DAG; a cycle through a negation is reported as such."""
    derived = {rule.fact for rule in standard.derive}
    edges: dict[str, set[str]] = {name: set() for name in derived}
    negative: set[tuple[str, str]] = set()
    first_rule: dict[str, int] = {}
    for index, rule in enumerate(standard.derive):
        first_rule.setdefault(rule.fact, index)
        reads = facts_read(rule.when) & derived
        edges[rule.fact] |= reads
        negative |= {(rule.fact, name) for name in negated_facts(rule.when) & derived}
    reported: set[frozenset[str]] = set()
    for start in sorted(derived):
        cycle = _find_cycle(start, edges)
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        through_negation = any(step in negative for step in steps)
        code = "negation-cycle" if through_negation else "cycle"
        chain = " → ".join([*cycle, cycle[0]])
        kind = "a cycle through a negation" if through_negation else "a cycle"
        message = f"derived facts depend on themselves in {kind}: {chain}; break the cycle"
        yield ("derive", first_rule[cycle[0]], "when"), code, message


def _find_cycle(start: str, edges: dict[str, set[str]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, trail = stack.pop()
        for target in sorted(edges[node]):
            if target == start:
                return trail
            if target not in trail:
                stack.append((target, [*trail, target]))
    return None


def _conflicts(standard: StandardFile) -> Iterator[Finding]:
    """Two scope rules that may both apply and set the same field need an explicit override."""
    rules = standard.scope
    for later_index, later in enumerate(rules):
        for earlier in rules[:later_index]:
            shared = _fields_set(earlier) & _fields_set(later)
            if (
                not shared
                or _overrides(earlier, later, rules)
                or disjoint(earlier.when, later.when)
            ):
                continue
            message = (
                f"'{earlier.id}' and '{later.id}' may both apply and both set "
                f"{', '.join(sorted(shared))}; make their conditions exclusive or say which "
                f"wins with 'overrides: [{earlier.id}]'"
            )
            yield ("scope", later_index, "id"), "conflict", message


def _fields_set(rule: ScopeRule) -> set[str]:
    return set(rule.set)


def _overrides(first: ScopeRule, second: ScopeRule, rules: tuple[ScopeRule, ...]) -> bool:
    by_id = {rule.id: rule for rule in rules}

    def reaches(source: ScopeRule, target: str, seen: frozenset[str]) -> bool:
        for name in source.overrides:
            if name == target:
                return True
            if name in by_id and name not in seen and reaches(by_id[name], target, seen | {name}):
                return True
        return False

    return reaches(first, second.id, frozenset()) or reaches(second, first.id, frozenset())
