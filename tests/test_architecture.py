"""The large-scale structure holds: layers (import contract), module size, the map is true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "kvalitet"
MAX_MODULE_LINES = 400


def test_the_import_contract_is_kept() -> None:
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - the checker installed beside this interpreter
        [str(command), "--no-cache"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_subpackage_and_module_is_on_the_map() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for init in PACKAGE.rglob("__init__.py"):
        dotted = ".".join(("kvalitet", *init.parent.relative_to(PACKAGE).parts))
        if init.parent == PACKAGE:
            continue
        assert f"`{dotted}`" in text or f"`{init.parent.name}/`" in text, dotted
    for module in PACKAGE.rglob("*.py"):
        name = module.stem.lstrip("_")
        if module.name in ("__init__.py", "__main__.py", "_version.py"):
            continue
        if name.startswith("durable_"):
            name = "_durable_"
        assert re.search(rf"`[\w/]*{re.escape(name)}", text), module.relative_to(PACKAGE)


def test_every_path_the_map_names_exists() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in re.findall(r"`((?:src|tests|docs|benchmarks|fuzz)/[\w/.-]*)`", text):
        assert (ROOT / path).exists(), path


def test_no_pointer_in_the_code_leaves_the_repository() -> None:
    """Docstrings and comments point readers only to files that ship or are in the repository."""
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "../shared" not in text, module
        assert "notes/durable-rules.md" not in text or "docs/" in text, module
