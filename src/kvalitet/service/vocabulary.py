"""The one place the server reads the vocabulary: profile facts, questions, scope and term words.

When the profile and scope fields become vocabulary data (with Danish and English labels), this
module is what changes; nothing else in the server names a profile or scope field.
"""

from __future__ import annotations

from typing import Any

from kvalitet.casework.questions import HOUSING_TEXT, Question, question_for
from kvalitet.casework.summary import DEADLINE_TEXT, SCOPE_TEXT, UNIT_TEXT
from kvalitet.language.profile import Profile
from kvalitet.language.standard import Deadline
from kvalitet.service.labels import Language

BOOL_CHOICES = {"da": (("ja", "Ja"), ("nej", "Nej")), "en": (("ja", "Yes"), ("nej", "No"))}


def question(field: str) -> Question:
    """The question for a profile field (the library's; Danish).

    Raises:
        ProfileError: for a name that is not a profile field.
    """
    return question_for(field)


def profile_schema() -> dict[str, Any]:
    """The JSON Schema of a profile, its definitions referenced as OpenAPI components."""
    return Profile.model_json_schema(ref_template="#/components/schemas/{model}")


def choices(item: Question, lang: Language) -> tuple[tuple[str, str], ...]:
    """The answers a question offers as ``(value to send, label to show)``; empty: free text."""
    if item.kind == "bool":
        return BOOL_CHOICES[lang]
    return tuple((value, choice_label(value)) for value in item.choices)


def choice_label(value: str) -> str:
    """How a choice reads (``own_home`` is 'egen bolig'); the value itself when it has no text."""
    text = HOUSING_TEXT.get(value)
    return f"{text} ({value})" if text else value


def answer_text(value: Any) -> str:  # noqa: ANN401 - a profile value
    """A parsed answer as it is typed, so that it parses back to the same value."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def humanize(name: str) -> str:
    """``hours_per_month`` reads 'hours per month'."""
    return name.replace("_", " ")


def number(value: Any) -> str:  # noqa: ANN401 - a scope value
    """``15.0`` reads ``15``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def scope_phrase(name: str, value: Any, lang: Language) -> str:  # noqa: ANN401 - a scope value
    """One scope field as text: '15 timer om måneden' or 'hours per month: 15'."""
    if lang == "da" and name in SCOPE_TEXT:
        if name == "package":
            return f"{SCOPE_TEXT[name]}: {value}"
        return f"{number(value)} {SCOPE_TEXT[name]}"
    return f"{humanize(name)}: {number(value)}"


def deadline_phrase(deadline: Deadline, lang: Language) -> str:
    """A deadline as text: 'Klagefrist: højst 4 uger' or 'complaint: at most 4 weeks'."""
    within = deadline.within
    if lang == "da":
        label = DEADLINE_TEXT.get(deadline.kind, humanize(deadline.kind))
        return f"{label}: højst {number(within.value)} {UNIT_TEXT.get(within.unit, within.unit)}"
    label = humanize(deadline.kind).capitalize()
    return f"{label}: at most {number(within.value)} {humanize(within.unit)}"
