"""kvalitet replay: every record evaluated again, each difference reported with its cause."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet import load_standards
from kvalitet.casework.replay import replay
from kvalitet.cli.app import main
from kvalitet.language.fingerprints import content_hash

from .conftest import STANDARDS

PROFILES = (
    '{"motivated": true, "impairment_substantial": true, "impairment_permanent": true, '
    '"needs_special_treatment": true, "ordinary_treatment_exhausted": true, '
    '"needs_treatment_to_preserve_or_improve_functions": true, '
    '"housing": "own_home", "current_services": ["sel-85"], "treatment_need_documented": true, '
    '"treatment_approved_in_denmark": true, "treatment_available_under_other_law": false, '
    '"sought_due_to_waiting_list_or_user_payment": false}\n'
    '{"motivated": false}\n'
)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of Haderslev's standards that a test may change."""
    folder = tmp_path / "haderslev"
    shutil.copytree(STANDARDS / "haderslev", folder)
    return folder


def write_log(copy: Path, tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text(PROFILES, encoding="utf-8")
    log = tmp_path / "decisions.jsonl"
    result = CliRunner().invoke(
        main,
        ["batch", "-m", "haderslev", "--on", "2026-06-01", "--standards", str(copy),
         str(profiles), "-o", str(tmp_path / "out.jsonl"), "--log", str(log)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return log


def run_replay(log: Path, copy: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["replay", str(log), "--standards", str(copy), *args])
    return result.exit_code, result.stdout + result.stderr


def test_an_unchanged_log_replays_the_same(copy: Path, tmp_path: Path) -> None:
    log = write_log(copy, tmp_path)
    code, out = run_replay(log, copy)
    assert (code, out) == (0, "2 records: 2 the same, 0 differ\n")


def test_a_changed_standard_is_named_as_the_cause(copy: Path, tmp_path: Path) -> None:
    log = write_log(copy, tmp_path)
    standard = copy / "2024" / "sel-102.yaml"
    text = standard.read_text(encoding="utf-8")
    assert "set: {max_hours: 5}" in text
    standard.write_text(text.replace("set: {max_hours: 5}", "set: {max_hours: 6}"), "utf-8")
    code, out = run_replay(log, copy)
    assert code == 1
    first, cause, summary = out.splitlines()
    assert first.startswith(f"{log}:1: ")
    assert first.endswith(": haderslev/sel-102: scope {max_hours: 5} → {max_hours: 6}")
    old_hash = content_hash(text)
    new_hash = content_hash(standard.read_text(encoding="utf-8"))
    assert cause == (
        f"    the standard changed (version 2024 → 2024; {old_hash[:19]}… → {new_hash[:19]}…)"
    )
    assert summary == "2 records: 1 the same (1 of them under a changed standard), 1 differ"


def test_an_outcome_the_same_files_no_longer_give_is_the_librarys(
    copy: Path, tmp_path: Path
) -> None:
    log = write_log(copy, tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    service = record["decision"]["services"]["haderslev/sel-102"]
    assert service["outcome"] == "outside_standard"
    service["outcome"] = "within_standard"  # what a different library once said
    service["missing_facts"] = ["motivated"]
    lines[1] = json.dumps(record, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = replay(load_standards([copy]), log)
    (differing,) = report.differing
    (difference,) = differing.differences
    assert differing.line == 2
    assert difference.cause == "library"
    assert [(c.aspect, c.recorded, c.now) for c in difference.changes] == [
        ("outcome", "within_standard", "outside_standard"),
        ("missing_facts", ["motivated"], []),
    ]
    assert "the difference is the library's" in difference.explanation()


def test_a_changed_vocabulary_is_named_when_the_standard_did_not_change(
    copy: Path, tmp_path: Path
) -> None:
    log = write_log(copy, tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["decision"]["services"]["haderslev/sel-102"]["access"] = "direct"
    lines[0] = json.dumps(record, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocabulary = copy / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "# edited\n", "utf-8")
    report = replay(load_standards([copy]), log)
    (differing,) = report.differing
    (difference,) = differing.differences
    assert difference.cause == "shared-data"
    assert [(c.aspect, c.recorded, c.now) for c in difference.changes] == [
        ("access", "direct", "visitation")
    ]


def test_bad_lines_are_located_and_the_replay_goes_on(copy: Path, tmp_path: Path) -> None:
    log = write_log(copy, tmp_path)
    good = log.read_bytes()
    log.write_bytes(b"not a record\n" + good + b'{"record": "kvalitet-decision-record/1"}\n\xff\n')
    code, out = run_replay(log, copy)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{log}:1:1: bad-record: not JSON: Expecting value: line 1 column 1 (char 0)"
    assert lines[1].startswith(f"{log}:4:1: bad-record: not a valid record: id: Field required")
    assert lines[2] == f"{log}:5:1: bad-record: the line is not UTF-8 text (byte 1); a log is UTF-8"
    assert lines[3] == "2 records: 2 the same, 0 differ; 3 lines are not a record"


def test_a_record_that_cannot_be_evaluated_now_is_a_difference(copy: Path, tmp_path: Path) -> None:
    log = write_log(copy, tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["profile"] = {"motivated": "maybe"}
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, out = run_replay(log, copy, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert (report["records"], report["same"], report["differ"]) == (1, 0, 1)
    (item,) = report["differences"]
    assert item["line"] == 1
    assert "motivated" in item["error"]


def test_replay_of_a_missing_log_is_an_input_error(tmp_path: Path) -> None:
    code, out = run_replay(tmp_path / "none.jsonl", STANDARDS / "haderslev")
    assert code == 1
    assert "cannot read the log" in out
