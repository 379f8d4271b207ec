"""Files in, files out: ``kvalitet population evaluate`` and ``kvalitet batch --fields``."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from kvalitet import Standards
from kvalitet.cli.app import main
from kvalitet.engine.columnar import sources
from kvalitet.engine.columnar.vocabulary import columns_of
from kvalitet.engine.table import to_arrow
from kvalitet.language.vocabulary_loader import bundled_vocabulary

ON = date(2026, 6, 1)
PROFILES: list[dict[str, Any]] = [
    {
        "id": "a",
        "birth_date": "1984-03-14",
        "support_need_level": "C",
        "impairment_substantial": True,
        "special_social_problems": False,
        "group_or_checkpoint_course_insufficient": True,
        "support_hours_per_month": 8,
        "current_services": ["sel-96"],
    },
    {"id": "b", "age": 66, "motivated": False, "housing": "long_term_residence"},
    {"id": "c", "current_services": [], "can_go_out_alone": True},
    {"id": "d"},
]


def typed(rows: list[dict[str, Any]]) -> Any:
    """The profiles with dates as dates, as a table."""
    return to_arrow(
        [
            {k: date.fromisoformat(v) if k == "birth_date" else v for k, v in row.items()}
            for row in rows
        ]
    )


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def population(source: Path, target: Path, *more: str) -> Result:
    return run("population", "evaluate", "-m", "hillerod", "--on", ON.isoformat(), str(source),
               "-o", str(target), *more)  # fmt: skip


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text(
        "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows),
        encoding="utf-8",
    )


def test_parquet_in_parquet_out_is_the_table_evaluation(bundled: Standards, tmp_path: Path) -> None:
    source, target = tmp_path / "people.parquet", tmp_path / "out.parquet"
    pq.write_table(typed(PROFILES), source)
    result = population(source, target, "--batch-rows", "3")
    assert result.exit_code == 0, result.output
    expected = bundled.evaluate_table(typed(PROFILES), municipality="hillerod", on=ON)
    assert pq.read_table(target).equals(expected)
    assert "4 profiles in" in result.stderr
    assert "0 wrong" in result.stderr
    assert "  hillerod/sel-12: within_standard 4" in result.stderr
    assert "Evaluerer" in result.stderr
    assert (tmp_path / "out.parquet.errors.jsonl").read_text(encoding="utf-8") == ""


def test_csv_and_json_lines_in_give_the_same_outcomes(bundled: Standards, tmp_path: Path) -> None:
    expected = bundled.evaluate_table(typed(PROFILES), municipality="hillerod", on=ON)
    rows = [
        {**row, "current_services": ",".join(row["current_services"]) or "[]"}
        if "current_services" in row
        else row
        for row in PROFILES
    ]
    csv = tmp_path / "people.csv"
    pa_csv.write_csv(to_arrow(rows), csv)
    assert population(csv, tmp_path / "csv.parquet").exit_code == 0
    got = pq.read_table(tmp_path / "csv.parquet")
    assert got.drop_columns(["id"]).equals(expected.drop_columns(["id"]))
    assert got.column("id").to_pylist() == ["a", "b", "c", "d"]

    jsonl = tmp_path / "people.jsonl"
    write_jsonl(jsonl, PROFILES)
    result = population(jsonl, tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected.to_pylist()


def test_wrong_rows_are_reported_and_the_rest_evaluated(bundled: Standards, tmp_path: Path) -> None:
    source, target = tmp_path / "people.jsonl", tmp_path / "out.parquet"
    write_jsonl(
        source,
        [
            PROFILES[0],
            "not json",
            {"id": "x", "age": 140},
            {"id": "y", "agee": 3},
            "",
            {"id": "z", "motivated": "yes please"},
            PROFILES[1],
        ],
    )
    result = population(source, target, "--batch-rows", "2")
    assert result.exit_code == 1
    out = pq.read_table(target)
    assert out.num_rows == 6  # one row per profile line; the blank line is no profile
    outcomes = out.column("hillerod/sel-85:outcome").to_pylist()
    assert [value is None for value in outcomes] == [False, True, True, True, True, False]
    expected = bundled.evaluate_table(
        typed([PROFILES[0], PROFILES[1]]), municipality="hillerod", on=ON
    )
    assert out.take([0, 5]).drop_columns(["id"]).equals(expected.drop_columns(["id"]))
    errors = [
        json.loads(line)
        for line in (tmp_path / "out.parquet.errors.jsonl").read_text("utf-8").splitlines()
    ]
    assert [e["row"] for e in errors] == [2, 3, 4, 5]
    assert errors[0]["problems"][0]["code"] == "not-json"
    assert errors[0]["problems"][0]["message"].startswith("not JSON:")
    assert errors[1] == {
        "row": 3,
        "id": "x",
        "problems": [
            {
                "code": "invalid-value",
                "field": "age",
                "message": "age: must be at most 130 (got 140.0)",
            }
        ],
    }
    # A line set aside whole (an unknown key, a wrong JSON type) keeps its id.
    assert [e.get("id") for e in errors] == [None, "x", "y", "z"]
    assert errors[2]["problems"][0]["code"] == "unknown-field"
    assert "did you mean 'age'" in errors[2]["problems"][0]["message"]
    assert errors[3]["problems"] == [
        {
            "code": "invalid-value",
            "field": "motivated",
            "message": "motivated: expected true or false (got 'yes please')",
        }
    ]
    assert "6 profiles in" in result.stderr
    assert "4 wrong" in result.stderr
    assert "row 3: invalid-value: age: must be at most 130" in result.stderr
    assert "out.parquet.errors.jsonl" in result.stderr


def test_a_wrong_column_name_stops_before_any_row(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("id,motivatd\n1,true\n", encoding="utf-8")
    result = population(source, tmp_path / "out.parquet")
    assert result.exit_code == 1
    assert "'motivatd' is not a profile field — did you mean 'motivated'?" in result.stderr
    assert not (tmp_path / "out.parquet").exists()


def test_a_csv_line_with_too_many_values_is_named(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("id,motivated\n1,true\n2,false,extra\n3,\n", encoding="utf-8")
    result = population(source, tmp_path / "out.parquet")
    assert result.exit_code == 1
    assert "skipped a line with 3 values where the header names 2: '2,false,extra'" in (
        result.stderr
    )
    assert pq.read_table(tmp_path / "out.parquet").column("id").to_pylist() == ["1", "3"]


def test_services_formats_and_errors_paths_can_be_given(tmp_path: Path) -> None:
    source = tmp_path / "people.data"
    write_jsonl(source, PROFILES)
    target, errors = tmp_path / "out.data", tmp_path / "wrong.jsonl"
    result = population(
        source, target, "--from", "jsonl", "--to", "parquet", "--services", "sel-85,sel-97",
        "--services", "hillerod/sel-12", "--errors", str(errors),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = pq.read_table(target).column_names
    assert {name.split(":")[0] for name in names if ":" in name} == {
        "hillerod/sel-12",
        "hillerod/sel-85",
        "hillerod/sel-97",
    }
    assert errors.exists()


def test_unknown_formats_services_and_municipalities_are_input_errors(tmp_path: Path) -> None:
    source = tmp_path / "people.txt"
    source.write_text("{}\n", encoding="utf-8")
    result = population(source, tmp_path / "out.parquet")
    assert result.exit_code == 1
    assert "cannot tell the format from the suffix '.txt'" in result.stderr
    jsonl = tmp_path / "people.jsonl"
    write_jsonl(jsonl, PROFILES)
    result = population(jsonl, tmp_path / "out.parquet", "--services", "sel-999")
    assert result.exit_code == 1
    assert "no service 'sel-999'" in result.stderr
    result = population(jsonl, tmp_path / "out.csv")
    assert result.exit_code == 1
    assert "write Parquet or JSON Lines, not csv" in result.stderr
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    result = population(broken, tmp_path / "out.parquet")
    assert result.exit_code == 1
    assert "cannot read it as parquet" in result.stderr


def test_an_empty_file_gives_an_empty_table(tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text("\n", encoding="utf-8")
    assert population(source, tmp_path / "out.parquet").exit_code == 0
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.num_rows == 0
    assert "hillerod/sel-85:outcome" in out.column_names


# -- kvalitet batch --fields ----------------------------------------------------------------

BATCH_LINES = [json.dumps({k: v for k, v in row.items() if k != "id"}) for row in PROFILES] + [
    '{"agee": 3}',
    "not json",
    "",
    '{"age": 30, "housing": "long_term_residence"}',
]


def batch(tmp_path: Path, *more: str) -> tuple[Result, list[dict[str, Any]]]:
    source, target = tmp_path / "profiles.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, BATCH_LINES)
    result = run("batch", "-m", "hillerod", "--on", ON.isoformat(), str(source), "-o", str(target),
                 *more)  # fmt: skip
    if not target.exists():
        return result, []
    return result, [json.loads(line) for line in target.read_text("utf-8").splitlines()]


def test_batch_fields_are_the_full_decisions_cut_down(tmp_path: Path) -> None:
    full_result, full = batch(tmp_path)
    fields = "missing_facts,scope,outcome,access"
    result, chosen = batch(tmp_path, "--fields", fields)
    assert result.exit_code == full_result.exit_code == 1
    assert [record["line"] for record in chosen] == [record["line"] for record in full]
    for got, whole in zip(chosen, full, strict=True):
        if "error" in whole:
            assert ("did you mean 'age'" in got["error"]) == (
                "did you mean 'age'" in whole["error"]
            )
            assert ("not-json: not JSON:" in got["error"]) == (
                "not-json: not JSON:" in whole["error"]
            )
            # Both paths locate the problem at the line of the file, the same way.
            assert got["error"].split(": ", 1)[0] == whole["error"].split(": ", 1)[0]
            continue
        decision = whole["decision"]
        expected = {
            service: {
                name: outcome[name]
                for name in ("outcome", "access", "scope", "missing_facts")
                if name in outcome
            }
            for service, outcome in decision["services"].items()
        }
        assert got["decision"] == {
            "municipality": "hillerod",
            "evaluated_on": ON.isoformat(),
            "services": expected,
        }
    summary = result.stderr.splitlines()
    assert summary[-1] == "wrong profiles on lines: 5, 6"
    assert [line for line in summary if line.startswith("  ")] == [
        line for line in full_result.stderr.splitlines() if line.startswith("  ")
    ]


def test_batch_fields_beyond_the_columns_use_the_per_profile_engine(tmp_path: Path) -> None:
    result, chosen = batch(tmp_path, "--fields", "outcome,reasons")
    assert result.exit_code == 1
    first = chosen[0]["decision"]["services"]["hillerod/sel-85"]
    assert set(first) == {"outcome", "reasons"}
    assert first["reasons"][0]["rule"]


def test_batch_fields_must_be_fields(tmp_path: Path) -> None:
    result, _ = batch(tmp_path, "--fields", "outcome,scop")
    assert result.exit_code == 2
    assert "'scop' is not a field of a service's outcome — did you mean 'scope'?" in result.output


@pytest.mark.parametrize("backend", ["compiled"])
def test_batch_without_fields_is_unchanged(tmp_path: Path, backend: str) -> None:
    result, records = batch(tmp_path, "--backend", backend)
    assert result.exit_code == 1
    assert records[0]["decision"]["services"]["hillerod/sel-85"]["reasons"]
    # Lines are the file's lines: the blank seventh line is no profile.
    assert pa.array([r["line"] for r in records]).to_pylist() == [1, 2, 3, 4, 5, 6, 8]


def test_json_lines_with_crlf_blank_lines_and_no_last_newline(
    bundled: Standards, tmp_path: Path
) -> None:
    source, target = tmp_path / "people.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps(row) for row in PROFILES]
    source.write_bytes(("\r\n".join(lines[:2]) + "\r\n\r\n  \n" + "\n".join(lines[2:])).encode())
    result = population(source, target, "--batch-rows", "1")
    assert result.exit_code == 0, result.output
    expected = bundled.evaluate_table(typed(PROFILES), municipality="hillerod", on=ON)
    got = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert got == expected.to_pylist()


def test_json_blocks_end_at_line_ends_whatever_their_size() -> None:
    data = b'{"age": 1}\n\n{"age": 22}\r\n{"age": 333}'
    for size in (1, 5, 11, 12, 100):
        blocks = list(sources._line_blocks(io.BytesIO(data), size))
        lines = [line for block, _ in blocks for line in block.splitlines() if line.strip()]
        assert lines == [b'{"age": 1}', b'{"age": 22}', b'{"age": 333}']
        assert all(block.endswith(b"\n") for block, _ in blocks[:-1])
        assert blocks[-1][1] == len(data)
        known = columns_of(bundled_vocabulary()).inputs
        rows = sum(
            sources.read_json_block(b, sources.json_options(known), known)[0].num_rows
            for b, _ in blocks
        )
        assert rows == 3


def test_a_folder_of_parquet_files_is_read_in_name_order(
    bundled: Standards, tmp_path: Path
) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    table = typed(PROFILES)
    pq.write_table(table.slice(2), folder / "part-2.parquet")
    pq.write_table(table.slice(0, 2), folder / "part-1.parquet")
    result = population(folder, tmp_path / "out.parquet")
    assert result.exit_code == 0, result.output
    expected = bundled.evaluate_table(table, municipality="hillerod", on=ON)
    assert pq.read_table(tmp_path / "out.parquet").equals(expected)
    pq.write_table(table.select(["id", "age"]), folder / "part-3.parquet")
    result = population(folder, tmp_path / "out.parquet")
    assert result.exit_code == 1
    assert "part-3.parquet: its columns differ from those of" in result.stderr
