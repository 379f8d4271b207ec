r"""Coverage-guided fuzzing of the profile reader and of batch's line path with atheris.

The contracts: any bytes as a profile file are a profile, or ``ProfileError`` whose problems
all point inside the file; any bytes as a line of ``kvalitet batch`` are a Decision, or one
``ProfileError`` located at that line. Anything else (another exception, a hang, memory past
libFuzzer's ``-rss_limit_mb``) is a crash that libFuzzer saves as ``crash-*``; every crash found
is kept as a regression case in ``tests/test_fuzz_profiles.py``. The first byte chooses the
path (even: a profile file; odd: a batch line).

Run (Linux; ``pip install -e '.[fuzz]'``, see fuzz/README.md):
    python fuzz/fuzz_profile_reader.py -dict=fuzz/profiles.dict -max_len=2048 \
        -rss_limit_mb=1024 -timeout=10 -max_total_time=600 fuzz/profile-corpus

Runs so far (one core of a shared machine; seeded with the example profiles and three JSON
lines; the dictionary holds the profile fields and YAML's tricky scalars):

| run | executions | time | crashes (each fixed and kept as a regression case) |
|---|---|---|---|
| 1 | 67,881 | 9 min | ``a: !!set x``: ruamel's ``AttributeError`` (exit 3) on the old reader |
| 2 | 146,166 | 15 min | none (about 2,150 edges covered at the end) |
| 3 | 198,883 | 12 min | none, on the bounded reader (which refuses tags and anchors) |

The Hypothesis side (``tests/test_fuzz_profiles.py``) found a reused anchor (``&a`` twice):
ruamel's ``ReusedAnchorWarning`` on the reader of the time; the bounded reader refuses anchors.
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import date
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["kvalitet", "ruamel"]):
    from kvalitet.cli.evaluating import _line_decision
    from kvalitet.cli.files import NumberedLine
    from kvalitet.engine.standards import load_standards
    from kvalitet.language.calendar import EvaluationDay
    from kvalitet.language.problems import Problem, ProfileError
    from kvalitet.language.profile_file import read_profile_file

LINE_BREAK = re.compile(r"\r\n|\r|\n")
STANDARDS = load_standards()
DAY = EvaluationDay(date(2026, 6, 1), given=True)
SCRATCH = Path(tempfile.mkdtemp(prefix="kvalitet-fuzz-")) / "profile.yaml"
LABEL = "fuzz.jsonl"
MAX_MESSAGE = 1000


def _check(problems: list[Problem], text: str, file: str, line: int | None = None) -> None:
    lines = LINE_BREAK.split(text)
    if not problems:
        raise AssertionError("a ProfileError without a problem")
    for problem in problems:
        if problem.file != file:
            raise AssertionError(f"another file: {problem}")
        if line is not None and problem.line != line:
            raise AssertionError(f"not at the batch line {line}: {problem}")
        if line is None and not 1 <= problem.line <= len(lines):
            raise AssertionError(f"line outside the text: {problem}")
        if line is None and not 1 <= problem.column <= len(lines[problem.line - 1]) + 1:
            raise AssertionError(f"column outside the line: {problem}")
        if len(problem.message) > MAX_MESSAGE:
            raise AssertionError(f"a message of {len(problem.message)} characters")


def _profile_file(data: bytes) -> None:
    SCRATCH.write_bytes(data)
    try:
        file = read_profile_file(SCRATCH)
        STANDARDS.parse_profile(file.data, source=file.label, positions=file.positions)
    except ProfileError as error:
        text = data.decode("utf-8", "replace")
        _check(error.problems, text, str(SCRATCH))


def _batch_line(data: bytes) -> None:
    line = data.split(b"\n", 1)[0]
    try:
        item = NumberedLine(7, line.decode("utf-8"))
    except UnicodeDecodeError:
        return  # read_json_lines makes this line a located problem without parsing it
    if not line.strip():
        return
    try:
        _line_decision(item, LABEL, STANDARDS, "hillerod", DAY, "compiled")
    except ProfileError as error:
        _check(error.problems, item.text or "", LABEL, line=7)


def test_one_input(data: bytes) -> None:
    """Read one input; raise only when a contract is broken."""
    if not data:
        return
    if data[0] % 2 == 0:
        _profile_file(data[1:])
    else:
        _batch_line(data[1:])


def seed(corpus: Path) -> None:
    """Fill an empty corpus folder with the example profiles, as files and as batch lines."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    examples = Path(__file__).resolve().parents[1] / "examples"
    for path in sorted(examples.glob("*-*.yaml")):
        (corpus / f"file-{path.name}").write_bytes(b"\x00" + path.read_bytes())
    for number, line in enumerate(
        [b'{"motivated": true, "age": 40}', b'{"support_hours_per_month": 8.5}', b"{}"]
    ):
        (corpus / f"line-{number}").write_bytes(b"\x01" + line)


def main() -> None:
    """Seed the corpus folders named on the command line, then fuzz."""
    for argument in sys.argv[1:]:
        if not argument.startswith("-"):
            seed(Path(argument))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
