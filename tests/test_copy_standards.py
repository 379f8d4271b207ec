"""copy-standards: the bundled standards as files to edit, from wherever the package is."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kvalitet import load_standards
from kvalitet.cli.app import main
from kvalitet.language.bundled import bundled_standards_dir


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    return result.exit_code, result.output


def test_one_municipality_is_copied_with_the_national_files_and_loads_alone(
    tmp_path: Path,
) -> None:
    target = tmp_path / "mine"
    code, out = run("copy-standards", target, "-m", "hillerod")
    assert code == 0, out
    source = bundled_standards_dir()
    expected = sorted(
        path.relative_to(source)
        for name in ("national", "hillerod")
        for path in (source / name).rglob("*")
        if path.is_file()
    )
    copied = sorted(path.relative_to(target) for path in target.rglob("*") if path.is_file())
    assert copied == expected
    assert all((target / p).read_bytes() == (source / p).read_bytes() for p in copied)
    assert out.startswith(f"copied {len(copied)} files (national, hillerod) to {target}\n")
    standards = load_standards(target)
    assert standards.municipalities == ("hillerod",)
    code, out = run("test", target)
    assert code == 0, out
    assert out.rstrip().endswith(", 0 failed")


def test_nothing_is_overwritten_and_a_wrong_name_gets_did_you_mean(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    edited = target / "national" / "vocabulary.yaml"
    edited.parent.mkdir(parents=True)
    edited.write_text("# mine\n", encoding="utf-8")
    code, out = run("copy-standards", target)
    assert code == 1
    assert "of the files are in" in out
    assert "nothing was copied" in out
    assert edited.read_text(encoding="utf-8") == "# mine\n"
    assert [p for p in target.rglob("*") if p.is_file()] == [edited]
    code, out = run("copy-standards", tmp_path / "other", "-m", "hilerod")
    assert code == 1
    assert "no bundled municipality 'hilerod' — did you mean 'hillerod'?" in out
    assert not (tmp_path / "other").exists()
