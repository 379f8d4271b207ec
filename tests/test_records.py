"""Decision records: what a Decision says about itself, the log format, and writing the log."""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kvalitet import Decision, Standards, load_standards
from kvalitet._version import __version__
from kvalitet.cli.app import main
from kvalitet.engine.records import (
    RECORD_FORMAT,
    DecisionLog,
    DecisionRecord,
    decision_record,
    read_records,
)
from kvalitet.language.calendar import EvaluationDay, resolve_day, today_in_denmark
from kvalitet.language.fingerprints import content_hash
from kvalitet.language.problems import Problem
from kvalitet.testing import invariants

from .conftest import ON, ROOT, STANDARDS

EXAMPLE = ROOT / "examples" / "haderslev-within.yaml"


# --- What a Decision says about itself ---------------------------------------------------------


def test_a_decision_names_its_id_version_day_and_zone(haderslev: Standards) -> None:
    decision = haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON)
    assert uuid.UUID(str(decision.id)).version == 4
    assert decision.kvalitet_version == __version__
    assert (decision.evaluated_on, decision.day_given) == (ON, True)
    assert decision.zone == "Europe/Copenhagen"
    before = today_in_denmark()
    today = haderslev.evaluate({}, municipality="haderslev")
    assert today.day_given is False
    assert today.evaluated_on in {before, today_in_denmark()}


def test_a_day_resolved_once_keeps_whether_it_was_given(haderslev: Standards) -> None:
    assert resolve_day(None).given is False
    assert resolve_day("2026-06-01") == EvaluationDay(ON, given=True)
    defaulted = EvaluationDay(ON, given=False)
    decision = haderslev.evaluate({}, municipality="haderslev", on=defaulted)
    assert (decision.evaluated_on, decision.day_given) == (ON, False)


def test_each_outcome_names_the_hash_of_the_standard_file_that_decided_it(
    bundled: Standards,
) -> None:
    decision = bundled.evaluate({}, municipality="hillerod", on=ON)
    files = {f.standard.id: Path(f.path) for f in bundled.loaded.files}
    for service, outcome in decision.services.items():
        digest = hashlib.sha256(files[service].read_bytes()).hexdigest()
        assert outcome.standard_hash == f"sha256:{digest}", service  # what `sha256sum` says
    assert decision.shared_data_hash is not None
    assert decision.shared_data_hash.startswith("sha256:")


def test_the_hash_ignores_line_ends_and_follows_every_other_byte(tmp_path: Path) -> None:
    source = STANDARDS / "haderslev" / "2024" / "sel-102.yaml"
    text = source.read_text(encoding="utf-8")
    hashes: list[str | None] = []
    for variant in (text, text.replace("\n", "\r\n"), text + "# a comment\n"):
        folder = tmp_path / str(len(hashes)) / "haderslev"
        (folder / "2024").mkdir(parents=True)
        (folder / "vocabulary.yaml").write_bytes(
            (source.parents[1] / "vocabulary.yaml").read_bytes()
        )
        (folder / "2024" / "sel-102.yaml").write_bytes(variant.encode("utf-8"))
        standards = load_standards([folder])
        outcome = standards.evaluate({}, municipality="haderslev", on=ON).services
        hashes.append(outcome["haderslev/sel-102"].standard_hash)
    assert hashes[0] == hashes[1] == content_hash(text)
    assert hashes[2] != hashes[0]


def test_json_round_trip_keeps_everything(bundled: Standards) -> None:
    decision = bundled.evaluate({"support_hours_per_month": 8}, municipality="hillerod", on=ON)
    again = Decision.from_json(decision.to_json())
    assert again == decision
    assert again.id == decision.id


def test_two_evaluations_are_the_same_but_for_their_ids(haderslev: Standards) -> None:
    first = haderslev.evaluate({"motivated": True}, municipality="haderslev", on=ON)
    second = haderslev.evaluate({"motivated": True}, municipality="haderslev", on=ON)
    assert first.id != second.id
    assert first != second
    assert first.same_as(second)
    other = haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON)
    assert not first.same_as(other)
    later = haderslev.evaluate({"motivated": True}, municipality="haderslev", on=date(2026, 7, 1))
    assert not first.same_as(later)


def test_the_deterministic_invariant_compares_without_the_id(haderslev: Standards) -> None:
    invariants.deterministic(haderslev, {"motivated": True}, on=ON)


def test_the_decision_schema_requires_the_record_fields() -> None:
    schema = json.loads((ROOT / "schemas" / "decision.schema.json").read_text(encoding="utf-8"))
    for name in ("id", "kvalitet_version", "day_given", "zone"):
        assert name in schema["required"], name
    assert schema["properties"]["id"]["format"] == "uuid"
    assert "standard_hash" in schema["$defs"]["ServiceOutcome"]["properties"]


# --- The record format -------------------------------------------------------------------------


def test_a_record_holds_the_evaluation_and_reads_back(haderslev: Standards, tmp_path: Path) -> None:
    decision = haderslev.evaluate({"motivated": False}, municipality="haderslev", on=ON)
    now = datetime(2026, 6, 1, 10, 30, tzinfo=UTC)
    record = decision_record(
        decision, profile={"motivated": False}, backend="compiled", via="cli-evaluate",
        source="p.yaml", now=now,
    )  # fmt: skip
    data = json.loads(record.to_line())
    assert list(data) == [
        "record", "id", "time", "kvalitet_version", "via", "source", "municipality", "on",
        "day_given", "zone", "backend", "profile", "decision",
    ]  # fmt: skip
    assert data["record"] == RECORD_FORMAT
    assert data["id"] == str(decision.id) == data["decision"]["id"]
    assert data["time"] == "2026-06-01T10:30:00Z"
    assert (data["on"], data["day_given"], data["zone"]) == (
        "2026-06-01",
        True,
        "Europe/Copenhagen",
    )
    assert data["decision"] == json.loads(decision.to_json())
    log = tmp_path / "log.jsonl"
    DecisionLog(log).write(record)
    ((number, read),) = list(read_records(log))
    assert number == 1
    assert isinstance(read, DecisionRecord)
    assert read == record


BAD_LINES = [
    (b"not json", "not JSON"),
    (b"[1, 2]", "not a decision record of the format"),
    (b'{"record": "other/9"}', "(found: other/9)"),
    (b'{"record": "kvalitet-decision-record/1"}', "not a valid record: id: Field required"),
    (b'{"record": "kvalitet-decision-record/1", "id": "\xff"}', "not UTF-8 text (byte 49)"),
    (b"[" * 100_000, "not JSON"),
]


def test_every_bad_line_of_a_log_is_located_and_reading_goes_on(
    haderslev: Standards, tmp_path: Path
) -> None:
    decision = haderslev.evaluate({}, municipality="haderslev", on=ON)
    good = decision_record(decision, profile={}, backend="compiled", via="api").to_line()
    log = tmp_path / "log.jsonl"
    lines = [good.encode(), b""] + [line for line, _ in BAD_LINES] + [good.encode()]
    log.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_records(log))
    assert [number for number, _ in items] == [1, *range(3, 3 + len(BAD_LINES)), len(lines)]
    assert isinstance(items[0][1], DecisionRecord)
    assert isinstance(items[-1][1], DecisionRecord)
    for (number, problem), (_, expected) in zip(items[1:-1], BAD_LINES, strict=True):
        assert isinstance(problem, Problem)
        assert (problem.file, problem.line, problem.code) == (str(log), number, "bad-record")
        assert expected in problem.message, (number, problem.message)


@given(st.binary(max_size=300))
def test_any_bytes_in_a_log_are_records_or_located_problems(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(data)
        items = list(read_records(path))
    count = data.count(b"\n") + 1
    for number, item in items:
        assert 1 <= number <= count
        assert isinstance(item, Problem)  # random bytes are never a record
        assert (item.file, item.line, item.code) == (str(path), number, "bad-record")


def test_a_log_shared_by_threads_keeps_every_record_whole(
    haderslev: Standards, tmp_path: Path
) -> None:
    log = DecisionLog(tmp_path / "log.jsonl")
    decision = haderslev.evaluate({}, municipality="haderslev", on=ON)

    def write() -> None:
        for _ in range(50):
            log.append(decision, profile={}, backend="compiled", via="api")

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    items = list(read_records(log.path))
    assert len(items) == 200
    assert all(isinstance(item, DecisionRecord) for _, item in items)


def test_a_log_that_cannot_be_written_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="Is a directory"):
        DecisionLog(tmp_path)


# --- evaluate --log and batch --log ------------------------------------------------------------


def test_evaluate_log_appends_a_record_per_decision(tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    args = ["evaluate", "-m", "haderslev", "--format", "json", "--log", str(log), str(EXAMPLE)]
    first = CliRunner().invoke(main, [*args, "--on", "2026-06-01"])
    second = CliRunner().invoke(main, args)
    assert first.exit_code == second.exit_code == 0
    records = [item for _, item in read_records(log)]
    assert all(isinstance(item, DecisionRecord) for item in records)
    assert [r.id for r in records if isinstance(r, DecisionRecord)] == [
        json.loads(first.stdout)["id"],
        json.loads(second.stdout)["id"],
    ]
    one, two = (r for r in records if isinstance(r, DecisionRecord))
    assert (one.via, one.backend, one.source) == ("cli-evaluate", "compiled", str(EXAMPLE))
    assert (one.on, one.day_given) == (ON, True)
    assert two.day_given is False
    assert one.profile["motivated"] is True
    assert one.decision == Decision.from_json(first.stdout)


def test_batch_log_appends_a_record_per_good_line(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text('{"motivated": false}\nnot json\n\n{"motivated": true}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    log = tmp_path / "decisions.jsonl"
    result = CliRunner().invoke(
        main,
        ["batch", "-m", "haderslev", str(profiles), "-o", str(out), "--log", str(log)],
    )
    assert result.exit_code == 1  # line 2 is wrong
    records = [item for _, item in read_records(log)]
    assert [(r.source, r.profile) for r in records if isinstance(r, DecisionRecord)] == [
        (f"{profiles}:1", {"motivated": False}),
        (f"{profiles}:4", {"motivated": True}),
    ]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [w["decision"]["id"] for w in written if "decision" in w]
    assert ids == [r.id for r in records if isinstance(r, DecisionRecord)]
    assert all(isinstance(r, DecisionRecord) and not r.day_given for r in records)
    days = {r.on for r in records if isinstance(r, DecisionRecord)}
    assert len(days) == 1  # the day is resolved once for the whole batch


def test_a_log_in_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    log = tmp_path / "no" / "such" / "log.jsonl"
    result = CliRunner().invoke(main, ["evaluate", "-m", "haderslev", "--log", str(log), "-"])
    assert result.exit_code == 1
    assert f"--log {log}: cannot be written" in result.stderr
