"""Hostile standard files are refused at once: bounded time and memory, measured in a subprocess.

Each load runs in a fresh interpreter with its address space capped, so a regression fails this
test quickly instead of eating the machine. The bounds asserted here are the issue's (1 s and
100 MB) and sit far above what the loader needs (about a millisecond and no measurable growth);
``benchmarks/bench_loading.py`` prints the actual figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kvalitet.language.yaml_limits import MAX_FILE_BYTES

CHILD = """
import json, resource, sys, time
from pathlib import Path
cap = 4 * 1024**3  # a runaway load dies of MemoryError here, not on the host
try:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
except (ValueError, OSError):  # not every system lets a process cap its address space
    pass
import kvalitet

def rss_mb(field):
    # ru_maxrss survives fork and exec (it would report the parent's peak), so on Linux read
    # the peak of this process image from /proc, reset once kvalitet is imported.
    status = Path("/proc/self/status")
    if not status.exists():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(l for l in status.read_text().splitlines() if l.startswith(field + ":"))
    return int(line.split()[1]) / 1024

before = rss_mb("VmRSS")
if Path("/proc/self/clear_refs").exists():
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
start = time.perf_counter()
try:
    kvalitet.load_standards([sys.argv[1]])
    codes = []
except kvalitet.StandardLoadError as error:
    codes = sorted({problem.code for problem in error.problems})
seconds = time.perf_counter() - start
peak = rss_mb("VmHWM")
print(json.dumps({"codes": codes, "seconds": seconds, "grown_mb": peak - before,
                  "peak_mb": peak, "baseline_mb": before}))
"""


def load_in_subprocess(path: Path) -> dict[str, object]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    measured: dict[str, object] = json.loads(result.stdout)
    return measured


def alias_bomb(depth: int) -> str:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


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
    assert measured["grown_mb"] < 100
