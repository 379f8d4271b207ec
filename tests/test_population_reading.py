"""Population files: Parquet, CSV and JSON Lines read as typed batches; wrong files named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kvalitet.language.problems import ProfileError
from kvalitet.population.reading import read_population

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


def read(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pa.Table.from_batches(list(read_population(path))).to_pylist()
    return rows


def test_csv_json_lines_and_parquet_give_the_same_typed_rows(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text(CSV, encoding="utf-8")
    jsonl = tmp_path / "p.jsonl"
    lines = [json.dumps(row, default=str) for row in ROWS]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), parquet)
    assert read(csv) == ROWS
    assert read(parquet) == ROWS
    from_json = read(jsonl)
    # JSON Lines rows have every fact as a column (a fact not named is unknown).
    assert [{k: row[k] for k in ROWS[0]} for row in from_json] == ROWS
    assert all(row["needs_24h_care"] is None for row in from_json)
    schema = next(iter(read_population(csv))).schema
    assert schema.field("helper_count").type == pa.int64()
    assert schema.field("current_services").type == pa.list_(pa.string())


def test_a_folder_of_parquet_files_is_one_population(tmp_path: Path) -> None:
    folder = tmp_path / "population"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(ROWS[:2]), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(ROWS[2:]), folder / "part-1.parquet")
    assert sorted(read(folder), key=lambda row: int(row["id"])) == ROWS


def test_an_unknown_column_is_named_with_did_you_mean(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,motivatd\n1,true\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read(csv)
    assert str(caught.value) == (
        f"{csv}:1:1: invalid-value: column 'motivatd' is not a profile fact — did you mean "
        "'motivated'?"
    )


def test_a_value_of_the_wrong_type_names_the_file(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,motivated\n1,maybe\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p\.csv:1:1: invalid-value: column 'motivated'"):
        read(csv)
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"birth_date": "1984-13-14"}\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"column 'birth_date' holds a value that is not a date"):
        read(jsonl)


def test_a_missing_file_or_an_unknown_format_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such file or folder"):
        read(tmp_path / "nothing.parquet")
    other = tmp_path / "p.xlsx"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"cannot tell the format from '\.xlsx'; name the file"):
        read(other)
