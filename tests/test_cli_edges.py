"""The command line's rough edges, each pinned: encodings, stdin, service filters, languages,
the interview's end, what-if's options, overwriting inputs, unreadable lines, wrong kinds of file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet import Decision, Standards
from kvalitet.casework.interview import next_question
from kvalitet.casework.summary import render_outcomes
from kvalitet.cli.app import main
from kvalitet.cli.files import read_json_lines
from kvalitet.cli.output import ascii_fallback, ascii_json

from .conftest import ROOT, STANDARDS

EXAMPLE = ROOT / "examples" / "haderslev-within.yaml"
ON = "2026-06-01"


def invoke(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def kvalitet(*args: str, encoding: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """Run the installed command in a process whose terminal encoding is ``encoding``."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("KVALITET_DEBUG", None)
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "kvalitet", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


# --- Any terminal encoding ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_text_output_falls_back_to_ascii_marks_under_any_encoding(encoding: str) -> None:
    result = kvalitet("evaluate", "-m", "haderslev", "--on", ON, str(EXAMPLE), encoding=encoding)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stderr == b""
    text = result.stdout.decode(encoding)  # every byte is of the terminal's encoding
    utf8 = invoke("evaluate", "-m", "haderslev", "--on", ON, str(EXAMPLE))[1]
    assert text == ascii_fallback(utf8, encoding)
    assert "✓" in utf8
    assert "v opfyldt:" in text
    if encoding == "cp1252":
        assert "behandlingsmæssig" in text  # what the encoding can show is kept
        assert "–" in text
    else:
        assert "behandlingsmaessig" in text


def test_json_and_errors_under_an_ascii_terminal_are_exact(tmp_path: Path) -> None:
    args = ("evaluate", "-m", "hillerod", "--on", ON, "--format", "json", str(EXAMPLE))
    result = kvalitet(*args, encoding="ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    got = Decision.from_json(result.stdout.decode("ascii"))
    expected = Decision.from_json(invoke(*args)[1])
    assert got.same_as(expected)  # escapes, not stand-ins: the data is exact
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("motivated: måske\n", encoding="utf-8")
    failed = kvalitet("evaluate", "-m", "haderslev", str(wrong), encoding="ascii")
    assert failed.returncode == 1
    assert b"wrong.yaml:1:1: invalid-value: motivated:" in failed.stderr
    assert b"(got 'maaske')" in failed.stderr  # the stand-in for what ASCII cannot show
    piped = kvalitet("evaluate", "-m", "haderslev", "-", encoding="ascii", stdin=wrong.read_bytes())
    assert piped.returncode == 1
    assert b"<stdin>:1:1: invalid-value: motivated:" in piped.stderr  # read as UTF-8
    assert b"Traceback" not in failed.stderr


def test_batch_to_an_ascii_terminal_writes_exact_json_lines() -> None:
    stdin = b'{"motivated": false, "housing": "own_home"}\n'
    result = kvalitet("batch", "-m", "haderslev", "--on", ON, "-", encoding="ascii", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    (line,) = result.stdout.decode("ascii").splitlines()
    record = json.loads(line)
    title = record["decision"]["services"]["haderslev/sel-102"]["title"]
    assert title == "Tilbud af behandlingsmæssig karakter"


def test_ascii_json_is_lossless() -> None:
    text = json.dumps({"a": "højst ≥ 5 – 😀", "b": ["æøå"]}, ensure_ascii=False)
    assert ascii_json(text).isascii()
    assert json.loads(ascii_json(text)) == json.loads(text)


# --- evaluate: stdin, services, language -------------------------------------------------------


def test_evaluate_reads_the_profile_from_stdin() -> None:
    code, out, err = invoke(
        "evaluate", "-m", "haderslev", "--on", ON, "--format", "json", "-",
        stdin="motivated: false\n",
    )  # fmt: skip
    assert code == 0, err
    decision = Decision.from_json(out)
    assert decision.facts == {"motivated": False}
    assert decision.services["haderslev/sel-102"].outcome == "outside_standard"


def test_evaluate_stdin_errors_are_located_at_stdin() -> None:
    code, _, err = invoke("evaluate", "-m", "haderslev", "-", stdin="motivatd: false\n")
    assert code == 1
    assert err.startswith("<stdin>:1:1: unknown-field: 'motivatd'")


def test_evaluate_only_the_services_asked_for() -> None:
    code, out, _ = invoke(
        "evaluate", "-m", "hillerod", "--on", ON, "-s", "sel-85", "-s", "hillerod/sel-97",
        "--format", "json", str(EXAMPLE),
    )  # fmt: skip
    assert code == 0
    decision = Decision.from_json(out)
    assert list(decision.services) == ["hillerod/sel-85", "hillerod/sel-97"]
    assert list(decision.standards) == ["hillerod/sel-85", "hillerod/sel-97"]
    full = Decision.from_json(
        invoke("evaluate", "-m", "hillerod", "--on", ON, "--format", "json", str(EXAMPLE))[1]
    )
    assert len(full.services) > 2
    assert decision.services["hillerod/sel-85"] == full.services["hillerod/sel-85"]


def test_evaluate_an_unknown_service_says_which_are_near() -> None:
    code, _, err = invoke("evaluate", "-m", "hillerod", "--on", ON, "-s", "sel-86", str(EXAMPLE))
    assert code == 1
    assert "no service 'hillerod/sel-86' of hillerod in force on 2026-06-01" in err
    assert "did you mean 'hillerod/sel-" in err


def test_control_characters_echoed_from_input_are_escaped() -> None:
    code, _, err = invoke("evaluate", "-m", "haderslev", "-", stdin='"\\u001b[31mred": 1\n')
    assert code == 1
    assert "\x1b" not in err
    assert err.startswith("<stdin>:1:1: unknown-field: '\\x1b[31mred' is not a profile field")


def test_evaluate_lang_en_gives_english_words() -> None:
    code, out, _ = invoke("evaluate", "-m", "haderslev", "--on", ON, "--lang", "en", str(EXAMPLE))
    assert code == 0
    assert out.startswith("Municipality: Haderslev Kommune   Date: 2026-06-01\n")
    assert "  Result: Within the service level\n" in out
    assert "NB: The result is a starting point under the municipality's service level" in out
    assert "Resultat" not in out
    assert "Kommune:" not in out


# --- ask ---------------------------------------------------------------------------------------


def test_ask_at_end_of_input_keeps_the_answers(bundled: Standards) -> None:
    day = date(2026, 6, 1)
    first = next_question(
        bundled, {}, municipality="hillerod", on=day, services=["hillerod/sel-85"]
    )
    assert first is not None
    assert first.question.kind == "bool", "the test answers 'ja'"
    args = ("ask", "-m", "hillerod", "-s", "sel-85", "--on", ON)
    code, out, err = invoke(*args, stdin="ja\n")  # one answer, then the end of input (Ctrl-D)
    assert code == 0, err
    assert "Aborted" not in out + err
    expected = bundled.evaluate({first.question.field: True}, municipality="hillerod", on=day)
    only = expected.model_copy(
        update={"services": {"hillerod/sel-85": expected.services["hillerod/sel-85"]}}
    )
    assert out.endswith(render_outcomes(only, bundled.vocabulary))
    assert first.question.field not in out.rsplit("Mangler oplysninger om:", 1)[1]


def test_ask_with_no_input_at_all_prints_the_outcome_so_far() -> None:
    code, out, err = invoke("ask", "-m", "haderslev", "--on", ON, stdin="")
    assert code == 0, err
    assert "Aborted" not in out + err
    assert "(haderslev/sel-102): Kan ikke vurderes" in out


def test_a_finished_interview_prints_each_outcome_with_its_scope(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("support_hours_per_month: 8\n", encoding="utf-8")
    args = ("ask", "-m", "hillerod", "-s", "sel-85", "--on", ON, str(profile))
    code, out, err = invoke(*args, stdin="C\nja\nja\nja\nja\n")
    assert code == 0, err
    within = "Socialpædagogisk støtte (hillerod/sel-85): Inden for serviceniveauet\n"
    assert f"{within}  Omfang:\n" in out
    assert "pakke" in out.rsplit("Omfang:", 1)[1].lower()


def test_ask_in_english_asks_and_answers_in_english(bundled: Standards) -> None:
    first = next_question(
        bundled, {}, municipality="hillerod", on=date(2026, 6, 1),
        services=["hillerod/sel-85"], lang="en",
    )  # fmt: skip
    assert first is not None
    args = ("ask", "-m", "hillerod", "-s", "sel-85", "--on", ON, "--lang", "en")
    code, out, _ = invoke(*args, stdin="")
    assert code == 0
    assert first.question.text.startswith(("Has ", "Is ", "What ", "Does ", "Do ", "How "))
    assert first.question.text in out
    assert "Cannot be assessed" in out
    assert "Hvilket" not in out
    nxt = invoke(*args, "--next")[1]
    assert json.loads(nxt)["question"] == first.question.text


# --- whatif ------------------------------------------------------------------------------------


WHATIF = ("whatif", "-m", "hillerod", "-s", "sel-85", "--on", ON)


@pytest.fixture
def profile_85(tmp_path: Path) -> Path:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "impairment_substantial: true\ngroup_or_checkpoint_course_insufficient: true\n"
        "support_need_level: A\nsupport_hours_per_month: 8\n",
        encoding="utf-8",
    )
    return profile


def test_whatif_json_answers_are_checked_by_evaluation(
    bundled: Standards, profile_85: Path
) -> None:
    code, out, _ = invoke(*WHATIF, "--format", "json", str(profile_85))
    assert code == 0
    answers = json.loads(out)
    assert answers
    known = {
        "impairment_substantial": True, "group_or_checkpoint_course_insufficient": True,
        "support_need_level": "A", "support_hours_per_month": 8,
    }  # fmt: skip
    for answer in answers:
        assert answer["service"] == "hillerod/sel-85"
        assert (answer["from"], answer["to"]) == ("outside_standard", "within_standard")
        changed = {**known, **{c["fact"]: c["checked_with"] for c in answer["changes"]}}
        outcome = bundled.evaluate(changed, municipality="hillerod", on=date(2026, 6, 1))
        assert outcome.services["hillerod/sel-85"].outcome == answer["to"]
        assert answer["text"].startswith("inden for serviceniveauet, hvis ")


def test_whatif_in_english(profile_85: Path) -> None:
    code, out, _ = invoke(*WHATIF, "--lang", "en", str(profile_85))
    assert code == 0
    assert out == (
        "within the service level, if Overall professional assessment under VUM 2.0 "
        "(support_need_level) is C – moderate support need or D – high support need\n"
    )


@pytest.mark.parametrize("limit", ["0", "-1", "101", "many"])
def test_whatif_limit_out_of_range_is_a_usage_error(profile_85: Path, limit: str) -> None:
    code, out, err = invoke(*WHATIF, "--limit", limit, str(profile_85))
    assert code == 2
    assert out == ""
    assert "Invalid value for '--limit'" in err


def test_whatif_limit_one_gives_at_most_one(profile_85: Path) -> None:
    code, out, _ = invoke(*WHATIF, "--limit", "1", "--format", "json", str(profile_85))
    assert code == 0
    assert len(json.loads(out)) == 1


# --- batch: never overwrite an input, every line read ------------------------------------------


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.jsonl"
    path.write_text('{"motivated": false}\n{"motivated": true}\n', encoding="utf-8")
    return path


def batch(*args: str) -> tuple[int, str, str]:
    return invoke("batch", "-m", "haderslev", "--on", ON, *args)


def test_batch_refuses_to_write_over_its_input(profiles: Path) -> None:
    before = profiles.read_bytes()
    code, _, err = batch(str(profiles), "-o", str(profiles))
    assert code == 1
    assert f"-o {profiles} is the same file as PROFILES {profiles}" in err
    assert profiles.read_bytes() == before


def test_batch_refuses_its_input_by_another_path_or_a_link(profiles: Path) -> None:
    before = profiles.read_bytes()
    link = profiles.parent / "link.jsonl"
    link.symlink_to(profiles)
    other_path = profiles.parent / "." / ".." / profiles.parent.name / profiles.name
    for out in (link, other_path):
        code, _, err = batch(str(profiles), "-o", str(out))
        assert code == 1, out
        assert "is the same file as PROFILES" in err
    code, _, err = batch(str(profiles), "--log", str(link))
    assert code == 1
    assert f"--log {link} is the same file as PROFILES" in err
    assert profiles.read_bytes() == before


def test_batch_refuses_one_file_for_the_output_and_the_log(profiles: Path) -> None:
    out = profiles.parent / "out.jsonl"
    code, _, err = batch(str(profiles), "-o", str(out), "--log", str(out))
    assert code == 1
    assert f"--log {out} is the same file as -o {out}" in err
    assert not out.exists()


@pytest.mark.parametrize("fields", [(), ("--fields", "outcome")], ids=["rows", "columnar"])
def test_batch_reports_a_line_that_is_not_utf8_and_reads_the_others(
    tmp_path: Path, fields: tuple[str, ...]
) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        b'{"motivated": false}\n{"housing": "egen bolig \xe6"}\n\n{"motivated": true}\n'
    )
    out = tmp_path / "out.jsonl"
    code, _, err = batch(str(path), "-o", str(out), *fields)
    assert code == 1
    assert "internal error" not in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 2, 4]
    assert "decision" in records[0]
    assert "decision" in records[2]
    assert records[1]["error"] == (
        f"{path}:2:25: unreadable-file: the line is not UTF-8 text (byte 25 of the line); "
        "save the file as UTF-8"
    )
    assert "wrong profiles on lines: 2" in err


def test_batch_of_an_unknown_municipality_is_an_input_error(profiles: Path) -> None:
    code, _, err = invoke("batch", "-m", "haderslv", str(profiles))
    assert code == 1
    assert "unknown municipality 'haderslv'" in err


def test_batch_of_a_missing_file_or_a_folder_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = batch(str(tmp_path / "none.jsonl"))
    assert code == 1
    assert "cannot read the file" in err
    assert batch(str(tmp_path))[0] == 2  # click: a folder is not a file


# --- the wrong kind of file --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize(
    ("path", "says"),
    [
        (EXAMPLE, "wrong-kind-of-file: this is a citizen profile, not a standard file"),
        (STANDARDS / "hillerod" / "2026" / "cases" / "sel-85.yaml", "wrong-kind-of-file"),
        (STANDARDS / "hillerod" / "vocabulary.yaml", "no-standards: no standard file"),
        (STANDARDS / "national", "only 2 national data files"),
        (ROOT / "examples" / "population-spec.yaml", "this is a population specification"),
    ],
)
def test_validate_and_lint_say_what_the_wrong_kind_of_file_is(
    command: str, path: Path, says: str
) -> None:
    code, out, err = invoke(command, str(path))
    assert code == 1
    assert says in out + err
    assert "OK" not in out


def test_lint_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    code, out, _ = invoke("lint", str(tmp_path))
    assert code == 1
    assert "no-standards" in out


def test_test_refuses_a_profile_or_a_standard_given_as_a_case_file() -> None:
    for path, kind in (
        (EXAMPLE, "not a case file"),
        (STANDARDS / "hillerod" / "2026" / "sel-85.yaml", "a standard file"),
    ):
        code, _, err = invoke("test", str(path))
        assert code == 1
        assert f"wrong-kind-of-file: this is {kind}" in err


def test_batch_reads_its_lines_as_they_come(tmp_path: Path) -> None:
    # A line written after reading began is still read: the file is streamed, not read whole.
    path = tmp_path / "profiles.jsonl"
    path.write_text('{"motivated": true}\n\n', encoding="utf-8")
    source = read_json_lines(str(path))
    assert source.size == path.stat().st_size
    first = next(source.lines)
    with path.open("a", encoding="utf-8") as more:
        more.write('{"motivated": false}\n')
    rest = list(source.lines)
    assert (first.number, first.text, first.size) == (1, '{"motivated": true}', 20)
    assert [(line.number, line.text) for line in rest] == [(3, '{"motivated": false}')]
