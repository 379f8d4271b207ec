"""Time and peak memory of loading hostile and worst-case standard files, each in a fresh process.

    python benchmarks/bench_loading.py

Prints, per file: its size, the problem codes, the seconds the load took and the peak resident
memory the load added (the interpreter with kvalitet imported is the baseline).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.yaml_limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS, MAX_VALUES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's tests package
from tests.loading_support import alias_bomb, load_in_subprocess


def dense_values() -> bytes:
    """Just over the value limit, ten values a line."""
    return ("x:\n" + "  - [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" * (MAX_VALUES // 10 + 1)).encode()


def long_list() -> bytes:
    return ("x: [" + "1, " * (MAX_ITEMS + 1) + "]\n").encode()


def deep() -> bytes:
    return ("x: " + "[" * (MAX_FILE_BYTES - 10) + "\n").encode()


def texts_at_the_size_limit() -> bytes:
    line = "  - " + "x" * 9_000 + "\n"
    return ("x:\n" + line * ((MAX_FILE_BYTES - 10) // len(line))).encode()


def fifty_mb() -> bytes:
    return b"title: " + b"x" * (50 * 1024 * 1024) + b"\n"


CASES: list[tuple[str, Callable[[], bytes]]] = [
    ("alias bomb, 6 levels", lambda: alias_bomb(6).encode()),
    ("alias bomb, 9 levels", lambda: alias_bomb(9).encode()),
    ("50 MB file", fifty_mb),
    (f"{MAX_VALUES + 1:,} values", dense_values),
    (f"a list of {MAX_ITEMS + 1:,} items", long_list),
    (f"1 MiB of '[' (depth limit {MAX_DEPTH})", deep),
    ("1 MiB of 9,000-character texts", texts_at_the_size_limit),
]


def measure(path: Path) -> dict[str, object]:
    return load_in_subprocess(path, timeout=600)


def main() -> None:
    print(f"{'file':40} {'bytes':>12} {'seconds':>8} {'+MB':>6}  codes")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sel-85.yaml"
        for name, make in CASES:
            data = make()
            path.write_bytes(data)
            row = measure(path)
            print(
                f"{name:40} {len(data):>12,} {row['seconds']:>8.3f} {row['grown_mb']:>6.1f}  "
                f"{', '.join(map(str, row['codes']))}"  # type: ignore[call-overload]
            )
    row = measure(bundled_standards_dir())
    print(f"{'every bundled standard (valid)':40} {'':>12} {row['seconds']:>8.3f} "
          f"{row['grown_mb']:>6.1f}  {row['codes'] or 'loads'}")  # fmt: skip
    print(f"baseline (python + kvalitet imported): {row['baseline_mb']:.0f} MB")


if __name__ == "__main__":
    main()
