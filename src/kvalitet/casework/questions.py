"""Danish questions for the profile fields, for an interview that asks for missing facts.

The question is built from the field's description in the Profile model (the Danish term of the
standards), so the profile model stays the one place a fact is described.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kvalitet.language.facts import FactInfo, profile_facts
from kvalitet.language.problems import ProfileError
from kvalitet.language.suggest import suggest

HOUSING_TEXT = {
    "own_home": "egen bolig",
    "family_home": "familiens hjem",
    "temporary_residence": "midlertidigt botilbud (§ 107)",
    "long_term_residence": "længerevarende botilbud (§ 108 / ABL § 105)",
    "crisis_centre": "krisecenter",
    "shelter": "forsorgshjem/herberg",
    "homeless": "hjemløs",
}
OVERRIDES = {
    "birth_date": "Hvad er borgerens fødselsdato?",
    "age": "Hvor gammel er borgeren (hele år)?",
    "support_need_level": (
        "Hvad er den samlede faglige vurdering efter VUM 2.0? A intet, B let, C moderat, "
        "D højt eller E fuldstændigt støttebehov."
    ),
    "housing": "Hvor bor borgeren?",
    "current_services": (
        "Hvilke ydelser er borgeren allerede bevilget? Skriv lov-paragrafferne adskilt af komma, "
        "fx sel-85, sel-103 (tomt, hvis ingen)."
    ),
}


@dataclass(frozen=True)
class Question:
    """A question for one profile field."""

    field: str
    text: str
    kind: str
    choices: tuple[str, ...] = ()

    def parse(self, answer: str) -> Any:  # noqa: ANN401 - the field's type
        """Turn a typed answer into the field's value.

        Raises:
            ProfileError: when the answer does not fit the field.
        """
        text = answer.strip()
        try:
            return _parse(self, text)
        except ValueError:
            hint = f" (one of: {', '.join(self.choices)})" if self.choices else ""
            message = f"{self.field}: '{text}' is not a valid answer{hint}"
            raise ProfileError([message]) from None


def _parse(question: Question, text: str) -> Any:  # noqa: ANN401 - the field's type
    if question.kind == "bool":
        lowered = text.lower()
        if lowered in ("ja", "j", "yes", "y", "true"):
            return True
        if lowered in ("nej", "n", "no", "false"):
            return False
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
    return tuple(part.strip() for part in text.split(",") if part.strip())


def question_for(field: str) -> Question:
    """The question for a profile field.

    Raises:
        ProfileError: for a name that is not a profile field.
    """
    facts = profile_facts()
    if field not in facts:
        message = f"'{field}' is not a profile field{suggest(field, sorted(facts))}"
        raise ProfileError([message])
    info = facts[field]
    return Question(field, OVERRIDES.get(field) or _generated(info), info.kind, info.values)


def _generated(info: FactInfo) -> str:
    description = info.description.rstrip(".")
    lowered = description[:1].lower() + description[1:]
    if info.kind == "bool":
        return f"Gælder det for borgeren: {lowered}?"
    if info.kind == "enum":
        return f"{description}: {', '.join(info.values)}?"
    if info.kind == "date":
        return f"Angiv datoen: {lowered} (ÅÅÅÅ-MM-DD)."
    return f"Angiv: {lowered}."
