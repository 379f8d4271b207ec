"""One batch of rows as the columnar program sees it: every fact a condition may read, as a column.

Truth is Kleene logic over Arrow booleans: true, false, and null for unknown — Arrow's
``and_kleene``/``or_kleene``/``invert`` are exactly the conjunction, disjunction and negation of
:mod:`kvalitet.engine.truth`, on bit-packed columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kvalitet.engine.columnar import bits
from kvalitet.engine.columnar.national import NationalColumns
from kvalitet.engine.columnar.validate import Facts, Items
from kvalitet.engine.columnar.vocabulary import AGE, BIRTH_DATE


class Frame:
    """The facts of one batch, with national facts and service lists read when first needed."""

    def __init__(self, facts: Facts, national: NationalColumns) -> None:
        """Wrap the checked facts of a batch."""
        self.facts = facts
        self.size = facts.size
        self._law = national
        self._national: dict[str, Any] | None = None
        self._has: dict[tuple[str, str], Any] = {}

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow array
        """A fact's column: a profile field, or a national fact derived from the birth date."""
        if name in self.facts.known and name != AGE:
            return self.facts.column(name)
        if self._national is None:
            self._national = self._law.derive(self.facts.column(BIRTH_DATE), self.facts.column(AGE))
        return self._national[name]

    def has_service(self, fact: str, code: str) -> Any:  # noqa: ANN401 - a pyarrow array
        """Whether each row's list ``fact`` holds ``code`` (null where the list is unknown)."""
        key = (fact, code)
        found = self._has.get(key)
        if found is None:
            lists = self.facts.column(fact)
            items = self.facts.items.get(fact) or Items.of(lists)
            hits = np.zeros(self.size, dtype=np.bool_)
            if code in items.distinct:
                hits[items.rows[items.indices == items.distinct[code]]] = True
            found = bits.from_mask(hits, valid=bits.known(lists))
            self._has[key] = found
        return found
