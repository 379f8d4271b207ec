"""The interview's questions: one per fact, in Danish or English, from the vocabulary.

An answer is typed the way a profile file writes the value: ``ja``/``nej`` (or ``true``/``false``)
for a yes/no fact, one of the choices, a number (``12.5``; a decimal comma is accepted here, as
people type it), a date ``YYYY-MM-DD`` or a comma-separated list of act paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kvalitet.language.labels import Language
from kvalitet.language.problems import Problem, ProfileError
from kvalitet.language.profile import SERVICE_CODE_PATTERN, YES_WORDS
from kvalitet.language.suggest import suggest
from kvalitet.language.vocabulary import FactSpec, Vocabulary
from kvalitet.language.vocabulary_loader import bundled_vocabulary

ANSWER_WORDS = {**YES_WORDS, "true": True, "false": False}
# "None" of a list may be written as a word, too (an empty answer ends the command-line interview).
NONE_WORDS = frozenset({"ingen", "none", "-"})
HINTS: dict[str, dict[Language, str]] = {
    "bool": {"da": "ja/nej", "en": "yes: ja/true, no: nej/false"},
    "date": {"da": "ÅÅÅÅ-MM-DD", "en": "YYYY-MM-DD"},
    "services": {"da": "fx sel-85, sel-103", "en": "e.g. sel-85, sel-103"},
}


@dataclass(frozen=True)
class Question:
    """A question for one profile field."""

    field: str
    text: str
    kind: str
    choices: tuple[str, ...] = ()
    choice_texts: tuple[str, ...] = ()
    hint: str = ""

    def parse(self, answer: str) -> Any:  # noqa: ANN401 - the field's type
        """Turn a typed answer into the field's value.

        Raises:
            ProfileError: when the answer does not fit the field.
        """
        text = answer.strip()
        try:
            return _parse(self, text)
        except ValueError:
            expected = f" (one of: {', '.join(self.choices)})" if self.choices else ""
            if self.hint:
                expected = f" ({self.hint})"
            message = f"{self.field}: '{text[:60]}' is not a valid answer{expected}"
            problem = Problem("<answer>", 1, 1, "invalid-value", message, path=(self.field,))
            raise ProfileError([problem]) from None


def _parse(question: Question, text: str) -> Any:  # noqa: ANN401 - the field's type
    if question.kind == "bool":
        if text.lower() in ANSWER_WORDS:
            return ANSWER_WORDS[text.lower()]
        raise ValueError(text)
    if question.kind == "enum":
        if text in question.choices:
            return text
        raise ValueError(text)
    if question.kind == "int":
        return int(text)
    if question.kind == "number":
        return float(text.replace(",", "."))
    if question.kind == "date":
        return date.fromisoformat(text)
    if text.lower() in NONE_WORDS:
        return ()
    codes = tuple(part.strip() for part in text.split(",") if part.strip())
    if not all(re.fullmatch(SERVICE_CODE_PATTERN, code) for code in codes):
        raise ValueError(text)
    return codes


def question_for(
    field: str, vocabulary: Vocabulary | None = None, lang: Language = "da"
) -> Question:
    """The question for a profile field, in ``lang``.

    Raises:
        ProfileError: for a name that is not a profile field.
    """
    facts = (vocabulary or bundled_vocabulary()).facts
    spec = facts.get(field)
    if spec is None:
        message = f"'{field}' is not a profile field{suggest(field, sorted(facts))}"
        raise ProfileError([Problem("<answer>", 1, 1, "unknown-field", message, path=(field,))])
    return _question(field, spec, lang)


def _question(field: str, spec: FactSpec, lang: Language) -> Question:
    choices = spec.values if spec.type == "enum" else ()
    return Question(
        field=field,
        text=spec.question.text(lang),
        kind=spec.type,
        choices=choices,
        choice_texts=tuple(spec.value_text(value, lang) for value in choices),
        hint=HINTS.get(spec.type, {}).get(lang, ""),
    )
