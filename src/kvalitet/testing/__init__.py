"""The testing kit for code that uses kvalitet: Hypothesis strategies and reusable invariants.

``kvalitet.testing.strategies`` draws valid profiles near the boundaries a standard uses, and
standard files; ``kvalitet.testing.invariants`` checks what must hold of every Decision. The kit
needs Hypothesis, which the library itself does not: install it with
``pip install 'kvalitet[testing]'``. (The pytest plugin that runs YAML case files is
:mod:`kvalitet.authoring.pytest_cases`; it needs only pytest.)
"""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("hypothesis") is None:  # pragma: no cover - tested in a fresh venv
    msg = (
        "kvalitet.testing needs Hypothesis, which is not installed; "
        "install the testing kit with: pip install 'kvalitet[testing]'"
    )
    raise ImportError(msg, name="hypothesis")
