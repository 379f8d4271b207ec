"""What every rule of a standard file has: an id, the standard's words and a citation.

The models are frozen and reject unknown keys; behaviour lives in other modules.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kvalitet.language.conditions import Condition

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]


InventoryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_]+)+$")]


Text = Annotated[str, StringConstraints(min_length=1)]


Basis = Literal["law", "standard"]


Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]


class Model(BaseModel):
    """A frozen model that refuses unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Citation(Model):
    """Where a rule comes from: the section of the source document and the law.

    By default the source is the standard's own document (``source``), cited by line numbers
    in its text file. A rule may instead cite another document (``document``) or a web page
    (``url``), with the ``heading`` of the part cited.
    """

    section: Text = Field(description="The heading of the source document's section.")
    law: str | None = Field(None, description="The legal provision, e.g. 'SEL § 97, stk. 1'.")
    lines: tuple[Annotated[int, Field(ge=1)], ...] = Field(
        (), description="Line numbers in the source text file that the rule encodes."
    )
    document: Text | None = Field(
        None, description="Another document than the standard's source, by its title."
    )
    url: Url | None = Field(None, description="A web page the rule is taken from.")
    heading: Text | None = Field(
        None, description="The heading of the part of that document or page that is cited."
    )


class Cited(Model):
    """A rule of a standard file: its id, the standard's own words and where they stand."""

    id: RuleId = Field(description="Unique within the file, e.g. 'target.motivated'.")
    text: Text = Field(description="The standard's own words (Danish).")
    cite: Citation
    encodes: tuple[InventoryId, ...] = Field(
        (), description="Ids of the rule inventory's entries this rule encodes (coverage)."
    )
    reading: str | None = Field(
        None,
        description="Where the source is ambiguous: the reading chosen here and why.",
    )
    default: bool = Field(
        default=False,
        description="True when the source states it as a starting point ('som udgangspunkt').",
    )

    @property
    def condition(self) -> Condition | None:
        """The rule's condition (``when``), or ``None`` for a rule that has none."""
        return None


class Based(Model):
    """A rule that says whether the act itself states it or the municipality's standard does."""

    basis: Basis = Field(description="'law' (the act itself) or 'standard' (the municipality's).")
