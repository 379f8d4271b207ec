"""Loading standards in a fresh, capped interpreter: time and peak memory of one load.

Shared by ``test_bounded_loading.py`` (bounds asserted) and ``benchmarks/bench_loading.py``
(figures printed), so both measure the same way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def load_in_subprocess(path: Path, *, timeout: float = 120) -> dict[str, object]:
    """Load ``path`` in a new interpreter: problem codes, seconds, MB grown, peak, baseline."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        msg = f"loading {path} in a subprocess failed: {result.stderr[-2000:]}"
        raise RuntimeError(msg)
    measured: dict[str, object] = json.loads(result.stdout)
    return measured


def alias_bomb(depth: int) -> str:
    """A YAML alias bomb: nine aliases of the level below, ``depth`` levels deep."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth + 1)]
    return "\n".join(lines) + "\n"
