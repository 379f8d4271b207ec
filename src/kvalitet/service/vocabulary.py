"""The one place the server reads the vocabulary: questions, answers, scope and deadline words.

Every text comes from the loaded standards' vocabulary (facts and scope fields) and the
library's label catalogue (:mod:`kvalitet.language.labels`), in Danish or English.
"""

from __future__ import annotations

from typing import Any

from kvalitet.casework.questions import Question, question_for
from kvalitet.engine.standards import Standards
from kvalitet.language.labels import DEADLINE_KIND, YES_NO, Language
from kvalitet.language.standard import Deadline
from kvalitet.language.vocabulary import Vocabulary
from kvalitet.language.wording import at_most, number, scope_value


def question(vocabulary: Vocabulary, field: str, lang: Language = "da") -> Question:
    """The question for a profile field, in ``lang``.

    Raises:
        ProfileError: for a name that is not a profile field.
    """
    return question_for(field, vocabulary, lang)


def profile_schema(standards: Standards) -> dict[str, Any]:
    """The JSON Schema of a profile, its definitions referenced as OpenAPI components."""
    return standards.profile_model.model_json_schema(ref_template="#/components/schemas/{model}")


def choices(item: Question, lang: Language) -> tuple[tuple[str, str], ...]:
    """The answers a question offers as ``(value to send, label to show)``; empty: free text."""
    if item.kind == "bool":
        return tuple(("ja" if value else "nej", YES_NO[value].text(lang).capitalize())
                     for value in (True, False))  # fmt: skip
    return tuple(
        (value, f"{text} ({value})" if text != value else value)
        for value, text in zip(item.choices, item.choice_texts, strict=True)
    )


def answer_text(value: Any) -> str:  # noqa: ANN401 - a profile value
    """A parsed answer as it is typed, so that it parses back to the same value."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scope_phrase(
    vocabulary: Vocabulary,
    municipality: str,
    name: str,
    value: float | str | bool,  # noqa: FBT001 - a scope field's value, which may be yes/no
    lang: Language,
) -> str:
    """One scope field as its vocabulary phrases it: '15 timer om måneden'."""
    return scope_value(vocabulary.scope_fields_of(municipality).get(name), name, value, lang)


def deadline_phrase(deadline: Deadline, lang: Language) -> str:
    """A deadline as text: 'Klagefrist: højst 4 uger'."""
    return f"{DEADLINE_KIND[deadline.kind].text(lang)}: {at_most(deadline.within, lang)}"


__all__ = ["answer_text", "choices", "deadline_phrase", "number", "profile_schema", "question"]
