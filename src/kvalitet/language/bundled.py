"""Where the bundled standards are: package data inside the installed ``kvalitet`` package.

``KVALITET_STANDARDS`` (one folder, or several separated by the platform's path separator)
replaces the bundled standards for every command and for :func:`kvalitet.load_standards`
called without paths.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "KVALITET_STANDARDS"


def bundled_standards_dir() -> Path:
    """The standards folder shipped inside the package."""
    return Path(str(importlib.resources.files("kvalitet") / "standards"))


def default_standard_paths() -> list[Path]:
    """The folders loaded when none are given: ``$KVALITET_STANDARDS`` or the bundled ones."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        return [Path(part) for part in configured.split(os.pathsep) if part.strip()]
    return [bundled_standards_dir()]
