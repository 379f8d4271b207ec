"""Coverage-guided fuzzing of the YAML reader and the loader with atheris (libFuzzer).

The property is the loader's contract: any bytes either load, or raise ``StandardLoadError``
whose problems all point inside the text; anything else (another exception, a hang, memory
growth past libFuzzer's ``-rss_limit_mb``) is a crash that libFuzzer saves as ``crash-*``.
Every crash found is kept as a regression case in ``tests/test_fuzz_loader.py``.

Run (Linux; see fuzz/README.md):
    pip install -e '.[fuzz]'
    python fuzz/fuzz_loader.py -dict=fuzz/yaml.dict -max_len=1024 -max_total_time=600 fuzz/corpus
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["kvalitet", "ruamel"]):
    from kvalitet.language.bundled import bundled_standards_dir
    from kvalitet.language.loader import load_text
    from kvalitet.language.problems import StandardLoadError
    from kvalitet.language.source_text import decode_source
    from kvalitet.language.yaml_reader import YamlSyntaxError

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def test_one_input(data: bytes) -> None:
    """Load one input; raise only when the loader breaks its contract."""
    try:
        text = decode_source(data)
    except YamlSyntaxError as error:
        if error.code != "not-utf-8":
            raise
        return
    try:
        load_text(text, "fuzz.yaml")
    except StandardLoadError as error:
        lines = LINE_BREAK.split(text)
        for problem in error.problems:
            if problem.code == "yaml-unreadable":  # the reader's own fault, caught for the user
                raise AssertionError(f"reader fault: {problem}") from None
            if not 1 <= problem.line <= len(lines):
                raise AssertionError(f"line outside the text: {problem}") from None
            if not 1 <= problem.column <= len(lines[problem.line - 1]) + 1:
                raise AssertionError(f"column outside the line: {problem}") from None


def seed(corpus: Path) -> None:
    """Fill an empty corpus folder with the bundled standard files."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for path in bundled_standards_dir().rglob("*.yaml"):
        shutil.copy(path, corpus / f"{path.parent.name}-{path.name}")


def main() -> None:
    """Seed the corpus folders named on the command line, then fuzz."""
    for argument in sys.argv[1:]:
        if not argument.startswith("-"):
            seed(Path(argument))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
