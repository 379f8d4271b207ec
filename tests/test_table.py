from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from kvalitet import EvaluationError, Standards
from kvalitet.engine.table import evaluate_rows, to_arrow

ON = date(2026, 6, 1)
ROWS = [
    {"id": "a", "motivated": False},
    {"id": "b", "birth_date": date(1984, 3, 14), "support_need_level": "D"},
    {"id": "c", "support_hours_per_month": 30.0, "support_need_level": "C", "age": 40},
]


def test_every_row_is_the_per_profile_decision(bundled: Standards) -> None:
    table = bundled.evaluate_table(to_arrow(ROWS), municipality="hillerod", on=ON)
    assert isinstance(table, pa.Table)
    assert table.column("id").to_pylist() == ["a", "b", "c"]
    for index, row in enumerate(ROWS):
        profile = {k: v for k, v in row.items() if k != "id"}
        decision = bundled.evaluate(profile, municipality="hillerod", on=ON)
        for service, outcome in decision.services.items():
            assert table.column(f"{service}:outcome")[index].as_py() == outcome.outcome
            assert table.column(f"{service}:access")[index].as_py() == outcome.access
            missing = table.column(f"{service}:missing_facts")[index].as_py()
            assert tuple(missing) == outcome.missing_facts


def test_scope_columns_are_the_fields_a_service_can_set(bundled: Standards) -> None:
    table = evaluate_rows(bundled, ROWS, municipality="hillerod", on=ON, services=["sel-85"])
    names = [n for n in table.column_names if n.startswith("hillerod/sel-85:scope.")]
    assert "hillerod/sel-85:scope.package" in names
    assert "hillerod/sel-97:outcome" not in table.column_names


def test_an_unknown_service_is_refused(bundled: Standards) -> None:
    with pytest.raises(EvaluationError, match="no service 'sel-999'"):
        evaluate_rows(bundled, ROWS, municipality="hillerod", on=ON, services=["sel-999"])


def test_a_wrong_input_type_says_what_to_give(bundled: Standards) -> None:
    with pytest.raises(EvaluationError, match=r"pyarrow\.Table"):
        bundled.evaluate_table(42, municipality="hillerod", on=ON)
