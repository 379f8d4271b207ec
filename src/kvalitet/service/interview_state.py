"""The caseworker interview's state, carried in the page's hidden form fields.

Nothing about the citizen is kept on the server: each request brings the answers so far (as
typed, in order) and the server works out the rest again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kvalitet.engine.standards import Standards
from kvalitet.language.calendar import today_in_denmark
from kvalitet.language.problems import ProfileError, profile_problem
from kvalitet.service import vocabulary

SKIPPED = ""  # the answer of a skipped question


@dataclass(frozen=True)
class Interview:
    """Where an interview is: the municipality, date, services, and the answers in order.

    ``steps`` holds ``(field, answer)`` pairs; an empty answer means the question was skipped.
    """

    standards: Standards = field(compare=False, repr=False)
    municipality: str
    on: date
    services: tuple[str, ...] = ()
    steps: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_fields(
        cls,
        standards: Standards,
        *,
        municipality: str,
        on: str,
        services: list[str],
        steps: list[str],
    ) -> Interview:
        """Read the hidden fields (each step is ``field=answer``).

        Raises:
            ProfileError: for a date or a step that cannot be read.
        """
        try:
            day = date.fromisoformat(on) if on else today_in_denmark()
        except ValueError:
            message = f"on: '{on[:40]}' is not a date (YYYY-MM-DD)"
            raise ProfileError(
                [profile_problem("invalid-value", message, field_path=("on",))]
            ) from None
        pairs = []
        for step in steps:
            field, _, answer = step.partition("=")
            pairs.append((field, answer))
        interview = cls(standards, municipality, day, tuple(services), tuple(pairs))
        interview.known()  # every step must parse
        return interview

    def fields(self) -> list[tuple[str, str]]:
        """The hidden form fields that carry this state (services and steps, not the date)."""
        hidden = [("municipality", self.municipality), ("on", self.on.isoformat())]
        hidden.extend(("service", service) for service in self.services)
        hidden.extend(("step", f"{field}={answer}") for field, answer in self.steps)
        return hidden

    def known(self) -> dict[str, Any]:
        """The facts answered so far, parsed as the interview's questions parse them.

        Raises:
            ProfileError: naming the field of an answer that does not parse.
        """
        facts: dict[str, Any] = {}
        for name, answer in self.steps:
            question = vocabulary.question(self.standards.vocabulary, name)  # unknown: an error
            if answer != SKIPPED:
                facts[name] = question.parse(answer)
        self.standards.parse_profile(facts)
        return facts

    def skipped(self) -> tuple[str, ...]:
        """The facts passed over."""
        return tuple(field for field, answer in self.steps if answer == SKIPPED)

    def answered(self, field: str, answer: str) -> Interview:
        """The interview with one more answer, written as it parses back.

        Raises:
            ProfileError: when the answer does not fit the field or the profile.
        """
        value = vocabulary.question(self.standards.vocabulary, field).parse(answer)
        self.standards.parse_profile({**self.known(), field: value})
        return self._with((field, vocabulary.answer_text(value)))

    def skip(self, field: str) -> Interview:
        """The interview with a question passed over.

        Raises:
            ProfileError: for a name that is not a profile field.
        """
        vocabulary.question(self.standards.vocabulary, field)
        return self._with((field, SKIPPED))

    def back(self) -> tuple[Interview, tuple[str, str] | None]:
        """The interview without its last step, and that step (to show it again)."""
        if not self.steps:
            return self, None
        earlier = dataclasses.replace(self, steps=self.steps[:-1])
        return earlier, self.steps[-1]

    def _with(self, step: tuple[str, str]) -> Interview:
        # Answering a question again replaces the earlier answer.
        kept = tuple(s for s in self.steps if s[0] != step[0])
        return dataclasses.replace(self, steps=(*kept, step))
