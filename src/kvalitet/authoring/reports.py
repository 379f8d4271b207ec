"""Problems as JSON and as SARIF 2.1.0, the format code-scanning in CI systems reads.

A policy author's pull request then shows each problem on its line: ``kvalitet validate
--format sarif`` and ``kvalitet lint --format sarif`` write one SARIF log, with a rule per
problem code of the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kvalitet._version import __version__
from kvalitet.language.problems import CODES, Problem

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def problems_json(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """Every problem as a JSON object (file, line, column, code, severity, message, hint)."""
    return [
        {
            "file": problem.file,
            "line": problem.line,
            "column": problem.column,
            "code": problem.code,
            "severity": problem.severity,
            "message": problem.message,
            **({"hint": problem.hint} if problem.hint else {}),
            "path": list(problem.path),
        }
        for problem in problems
    ]


def problems_sarif(problems: Iterable[Problem]) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run of kvalitet and a result per problem."""
    listed = list(problems)
    codes = sorted({problem.code for problem in listed})
    rules = [
        {
            "id": code,
            "shortDescription": {"text": CODES[code].meaning},
            "defaultConfiguration": {"level": CODES[code].severity},
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": problem.code,
            "ruleIndex": codes.index(problem.code),
            "level": problem.severity,
            "message": {"text": problem.message + (f" ({problem.hint})" if problem.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": Path(problem.file).as_posix()},
                        "region": {"startLine": problem.line, "startColumn": problem.column},
                    }
                }
            ],
        }
        for problem in listed
    ]
    driver = {
        "name": "kvalitet",
        "version": __version__,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
