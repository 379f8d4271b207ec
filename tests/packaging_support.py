"""Build and install a small package of standards (YAML only), and run Python with it importable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def install_package(root: Path, pyproject: str, data: Path, package: str) -> Path:
    """Build a package of ``data`` (as ``package``, with an empty ``__init__.py``) and install it.

    pip builds it with the setuptools of this environment (no build isolation, so no network)
    into a folder of its own, which is returned.
    """
    name = package.replace("_", "-")
    source = root / f"{name}-source"
    shutil.copytree(data, source / package)
    (source / package / "__init__.py").write_text("", encoding="utf-8")
    (source / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    target = root / f"{name}-site"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation",
               "--no-deps", "--target", str(target), str(source)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    return target


def run_python(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python (``-c`` code, or ``-m kvalitet …``) with the installed package importable."""
    env = {k: v for k, v in os.environ.items() if k != "KVALITET_STANDARDS"}
    env["PYTHONPATH"] = str(site)
    env["PYTHONWARNINGS"] = "ignore"
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
