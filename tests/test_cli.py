from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvalitet import Decision, Standards
from kvalitet.cli import app as cli
from kvalitet.cli import options
from kvalitet.cli.app import main

from .conftest import ROOT, make_testby_folder

EXAMPLE = ROOT / "examples" / "haderslev-within.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_teaches_with_examples() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("validate", "evaluate", "test", "schema"):
        assert command in out
    assert "kvalitet evaluate --municipality haderslev" in out


def test_validate_the_bundled_standards(bundled: Standards) -> None:
    code, out, _ = invoke("validate")
    assert code == 0
    assert out == f"{len(bundled.loaded.files)} standard files OK\n"


def test_validate_reports_located_problems_and_exits_1(tmp_path: Path) -> None:
    bad = make_testby_folder(tmp_path) / "sel-85.yaml"
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("in: [C, D]", "in: [C, DD]"), encoding="utf-8")
    code, _, err = invoke("validate", str(bad))
    assert code == 1
    assert ":30:46: unknown-value: 'DD' is not a value of 'support_need_level'" in err
    assert err.endswith("1 problem found\n")


def test_evaluate_prints_danish_text_with_citations() -> None:
    code, out, _ = invoke("evaluate", "-m", "haderslev", "--on", "2026-11-29", str(EXAMPLE))
    assert code == 0
    assert "Resultat: Inden for serviceniveauet" in out
    assert "højst 5 timer i alt" in out
    assert "[loven; haderslev/sel-102; Målgruppe" in out
    assert "Sagsbehandlingsfrist: højst 8 uger" in out
    assert "konkret og individuel vurdering" in out


def test_evaluate_json_is_a_decision() -> None:
    code, out, _ = invoke(
        "evaluate", "-m", "haderslev", "--on", "2026-11-29", "--format", "json", str(EXAMPLE)
    )
    assert code == 0
    service = json.loads(out)["services"]["haderslev/sel-102"]
    assert service["outcome"] == "within_standard"
    assert service["scope"]["max_hours"] == 5


def test_evaluate_with_the_durable_backend_prints_the_same() -> None:
    args = ["evaluate", "-m", "hillerod", "--on", "2026-06-01", "--format", "json", str(EXAMPLE)]
    compiled = Decision.from_json(invoke(*args)[1])
    durable = Decision.from_json(invoke(*args, "--backend", "durable")[1])
    assert compiled.same_as(durable)
    assert compiled.id != durable.id


def test_evaluate_a_wrong_profile_exits_1_without_traceback(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("agee: 3\n", encoding="utf-8")
    code, _, err = invoke("evaluate", "-m", "haderslev", str(profile))
    assert code == 1
    assert (
        err
        == f"{profile}:1:1: unknown-field: 'agee' is not a profile field — did you mean 'age'?\n"
    )


def test_evaluate_unknown_municipality(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("age: 30\n", encoding="utf-8")
    code, _, err = invoke("evaluate", "-m", "hilerod", str(profile))
    assert code == 1
    assert "unknown municipality 'hilerod' — did you mean 'hillerod'?" in err


def test_usage_errors_exit_2() -> None:
    code, _, err = invoke("evaluate", str(EXAMPLE))
    assert code == 2
    assert "Missing option '-m' / '--municipality'" in err


def test_test_command_runs_the_cases() -> None:
    code, out, _ = invoke("test", str(ROOT / "standards" / "haderslev"))
    assert code == 0
    assert out.endswith(" passed, 0 failed\n")


def test_test_command_refuses_to_test_nothing(tmp_path: Path) -> None:
    code, _, err = invoke("test", str(tmp_path / "missing"))
    assert (code, err) == (1, f"no such file or folder: {tmp_path / 'missing'}\n")
    code, _, err = invoke("test", str(tmp_path))
    assert code == 1
    assert err == f"no case files (cases/*.yaml) under {tmp_path}; nothing was tested\n"


def test_schema_writes_three_files(tmp_path: Path) -> None:
    code, out, _ = invoke("schema", "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "decision.schema.json",
        "profile.schema.json",
        "standard.schema.json",
    ]
    assert out.count("wrote ") == 3


def test_the_typed_profile_module_is_current(tmp_path: Path) -> None:
    module = ROOT / "src" / "kvalitet" / "language" / "bundled_profile.py"
    code, out, _ = invoke("schema", "--out", str(tmp_path), "--python", str(tmp_path / "p.py"))
    assert code == 0
    assert out.endswith(f"wrote {tmp_path / 'p.py'}\n")
    assert (tmp_path / "p.py").read_text(encoding="utf-8") == module.read_text(encoding="utf-8"), (
        "bundled_profile.py is out of date: run `kvalitet schema --python "
        "src/kvalitet/language/bundled_profile.py`"
    )


def test_an_internal_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        message = "simulated bug"
        raise RuntimeError(message)

    monkeypatch.setattr(options, "load_standards", broken)
    monkeypatch.setattr(sys, "argv", ["kvalitet", "validate"])
    monkeypatch.delenv("KVALITET_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        cli.run()
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("kvalitet: internal error: RuntimeError: simulated bug\n")
    assert "Traceback" not in err


def test_the_console_script_is_installed(bundled: Standards) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kvalitet", "validate"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(bundled.loaded.files)} standard files OK\n"


def test_batch_evaluates_every_line_and_reports_the_wrong_ones(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text(
        '{"motivated": false}\n\n{"motivated": true, "housing": "homeless"}\n'
        '{"agee": 3}\nnot json\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["batch", "-m", "haderslev", "--on", "2026-06-01", str(profiles), "-o", str(out)]
    )
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 3, 4, 5]  # the blank line 2 is counted
    assert records[0]["decision"]["services"]["haderslev/sel-102"]["outcome"] == "outside_standard"
    assert "did you mean 'age'" in records[2]["error"]
    assert records[3]["error"].endswith(
        "profiles.jsonl:5:1: not-json: not JSON: Expecting value: line 1 column 1 (char 0)"
    )
    assert "4 profiles in" in result.stderr
    assert "haderslev/sel-102: outside_standard 2" in result.stderr
    assert "wrong profiles on lines: 4, 5" in result.stderr


def test_evaluate_gives_an_overview_of_several_services(bundled: Standards) -> None:
    code, out, _ = invoke("evaluate", "-m", "hillerod", "--on", "2026-06-01", str(EXAMPLE))
    assert code == 0
    overview = out.split("\n\n")[1].splitlines()
    assert overview[0] == "Oversigt:"
    services = bundled.in_force("hillerod", date(2026, 6, 1))
    assert len(overview) == 1 + len(services)  # the heading and one line per service
    assert "  Inden for serviceniveauet: Tjekpunktet" in out
