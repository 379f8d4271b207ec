"""Hostile standard files are refused at once: bounded time and memory, measured in a subprocess.

Each load runs in a fresh interpreter with its address space capped, so a regression fails this
test quickly instead of eating the machine. The bounds asserted here are the issue's (1 s and
100 MB) and sit far above what the loader needs (about a millisecond and no measurable growth);
``benchmarks/bench_loading.py`` prints the actual figures.
"""

from __future__ import annotations

from pathlib import Path

from kvalitet.language.yaml_limits import MAX_FILE_BYTES

from .loading_support import alias_bomb, load_in_subprocess


def test_the_alias_bomb_is_refused_in_under_a_second_and_100_mb(tmp_path: Path) -> None:
    text = alias_bomb(9)
    assert len(text.encode()) < 600  # the 520-byte file, nine levels deep
    path = tmp_path / "sel-85.yaml"
    path.write_text(text, encoding="utf-8")
    measured = load_in_subprocess(path)
    assert measured["codes"] == ["yaml-alias"]
    assert isinstance(measured["seconds"], float)
    assert measured["seconds"] < 1.0
    assert isinstance(measured["grown_mb"], float)
    assert measured["grown_mb"] < 100


def test_a_50_mb_file_is_refused_by_its_size_alone(tmp_path: Path) -> None:
    path = tmp_path / "sel-85.yaml"
    with path.open("wb") as stream:
        stream.write(b"id: testby/sel-85\ntitle: ")
        stream.write(b"x" * (50 * 1024 * 1024))
        stream.write(b"\n")
    assert path.stat().st_size > 50 * MAX_FILE_BYTES
    measured = load_in_subprocess(path)
    assert measured["codes"] == ["too-large"]
    assert isinstance(measured["seconds"], float)
    assert measured["seconds"] < 1.0
    assert isinstance(measured["grown_mb"], float)
    # Never read whole (not even to hash it for the cache): at most the largest file a set may
    # hold (an 8 MiB inventory) is read before it is refused.
    assert measured["grown_mb"] < 25
