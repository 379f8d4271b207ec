"""What a YAML file given as a standard file is instead: a profile, a case file, a vocabulary.

One clear ``wrong-kind-of-file`` problem saying what to do with the file reads better than a
dozen missing and unknown keys.
"""

from __future__ import annotations

from collections.abc import Collection

from kvalitet.language.standard import StandardFile

STANDARD_KEYS = frozenset(StandardFile.model_fields)


def other_kind(data: object, profile_fields: Collection[str]) -> str | None:
    """What a file's data is when it is clearly not a standard file (``None``: it may be one).

    Example:
        >>> other_kind({"motivated": True}, ["motivated", "age"])
        'a citizen profile, not a standard file; give it to `kvalitet evaluate`'
        >>> other_kind({"id": "x/sel-1"}, ["motivated"]) is None
        True
    """
    kind = _kind(data, profile_fields)
    if kind is None:
        return None
    what, advice = kind
    return f"{what}, not a standard file; {advice}"


def _kind(data: object, profile_fields: Collection[str]) -> tuple[str, str] | None:
    if not isinstance(data, dict) or not data:
        return None
    keys = {str(key) for key in data}
    if keys & {"facts", "scope_fields"} and not keys & {"criteria", "id", "title"}:
        if keys <= {"facts", "missing", "seed", "size"}:
            return "a population specification", "give it to `kvalitet population-synth`"
        return "a vocabulary", "a municipality's is named vocabulary.yaml, beside its standards"
    if "cases" in keys and not keys & {"criteria", "title"}:
        return "a case file", "run `kvalitet test` on it"
    if {"entries", "document"} <= keys:
        return "a rule inventory", "name it inventory.yaml, beside the standards"
    if "pension_age" in keys:
        return "national law data", "it belongs in a folder named 'national'"
    profile_keys = keys & set(profile_fields)
    if not keys & STANDARD_KEYS and 2 * len(profile_keys) >= len(keys):
        return "a citizen profile", "give it to `kvalitet evaluate`"
    return None
