"""Population files for ``impact``: Parquet, CSV and JSON Lines read as typed rows by the
reader ``population evaluate`` uses; a wrong file is named, a wrong row is set aside with why."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kvalitet import load_standards
from kvalitet.engine.columnar.typed import TypedChunk, typed_chunks
from kvalitet.language.problems import EvaluationError, ProfileError

ROWS: list[dict[str, Any]] = [
    {
        "id": 1,
        "motivated": True,
        "birth_date": date(1984, 3, 14),
        "current_services": ["sel-85", "sel-96"],
        "support_hours_per_month": 12.5,
        "housing": "own_home",
        "helper_count": 2,
    },
    {
        "id": 2,
        "motivated": None,
        "birth_date": None,
        "current_services": [],
        "support_hours_per_month": None,
        "housing": None,
        "helper_count": None,
    },
    {
        "id": 3,
        "motivated": False,
        "birth_date": date(2000, 1, 1),
        "current_services": None,
        "support_hours_per_month": 3.0,
        "housing": None,
        "helper_count": 0,
    },
]
CSV = """\
id,motivated,birth_date,current_services,support_hours_per_month,housing,helper_count
1,true,1984-03-14,sel-85; sel-96,12.5,own_home,2
2,,,[],,,
3,false,2000-01-01,,3,,0
"""


ON = date(2026, 6, 1)
VOCABULARY = load_standards().vocabulary


def chunks(path: Path, **options: Any) -> list[TypedChunk]:
    return list(typed_chunks(path, VOCABULARY, on=ON, **options))


def read(path: Path) -> list[dict[str, Any]]:
    found = chunks(path)
    assert all(not chunk.wrong for chunk in found)
    rows: list[dict[str, Any]] = pa.concat_tables([c.table for c in found]).to_pylist()
    return rows


def without_id(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def test_csv_json_lines_and_parquet_give_the_same_typed_rows(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text(CSV, encoding="utf-8")
    jsonl = tmp_path / "p.jsonl"
    lines = [json.dumps(row, default=str) for row in ROWS]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), parquet)
    assert read(parquet) == ROWS
    from_csv = read(csv)
    assert without_id(from_csv) == without_id(ROWS)
    assert [row["id"] for row in from_csv] == ["1", "2", "3"]  # CSV has no types: ids stay text
    from_json = read(jsonl)
    # JSON Lines rows have every fact as a column (a fact not named is unknown).
    assert [{k: row[k] for k in ROWS[0]} for row in from_json] == ROWS
    assert all(row["needs_24h_care"] is None for row in from_json)
    schema = chunks(csv)[0].table.schema
    assert schema.field("helper_count").type == pa.int64()
    assert schema.field("housing").type == pa.string()
    assert schema.field("current_services").type == pa.list_(pa.string())
    assert chunks(csv)[0].row_numbers.tolist() == [1, 2, 3]


def test_a_folder_of_parquet_files_is_one_population(tmp_path: Path) -> None:
    folder = tmp_path / "population"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(ROWS[:2]), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(ROWS[2:]), folder / "part-1.parquet")
    assert read(folder) == ROWS
    assert [c.row_numbers.tolist() for c in chunks(folder)] == [[1, 2], [3]]


def test_an_unknown_column_is_named_with_did_you_mean(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,motivatd\n1,true\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read(csv)
    assert str(caught.value) == (
        f"{csv}:1:1: unknown-field: 'motivatd' is not a profile field — did you mean 'motivated'?"
    )


def test_a_wrong_value_sets_its_row_aside_with_why_and_the_rest_is_read(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,motivated\n1,maybe\n2,ja\n", encoding="utf-8")
    [chunk] = chunks(csv)
    assert chunk.table.to_pylist() == [{"id": "2", "motivated": True}]
    assert chunk.row_numbers.tolist() == [2]
    [(row, index, problems)] = chunk.wrong
    assert (row, chunk.ids[index].as_py()) == (1, "1")
    assert [str(p) for p in problems] == [
        "invalid-value: motivated: expected true or false (got 'maybe')"
    ]
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"id": 7, "birth_date": "1984-13-14"}\n{"id": 8}\n', encoding="utf-8")
    [chunk] = chunks(jsonl)
    assert [row["id"] for row in chunk.table.to_pylist()] == [8]
    [(row, index, problems)] = chunk.wrong
    assert (row, chunk.ids[index].as_py()) == (1, 7)
    [record] = chunk.error_records()
    assert (record["row"], record["id"], record["problems"][0]["field"]) == (1, 7, "birth_date")
    assert "birth_date" in str(problems[0])


def test_a_missing_file_or_an_unknown_format_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match=r"nothing\.parquet: cannot read it as parquet"):
        read(tmp_path / "nothing.parquet")
    other = tmp_path / "p.xlsx"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"cannot tell the format from the suffix '\.xlsx'"):
        read(other)
