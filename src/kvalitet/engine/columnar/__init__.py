"""The columnar backend: evaluate a whole table of profiles at once, with Arrow columns.

A municipality's programs compile into one plan of column operations (Kleene logic over
Arrow's bit-packed booleans, national facts and scope arithmetic vectorised); a table is
evaluated batch by batch. Every row gives what the per-profile ``compiled`` engine gives.

Needs the ``columnar`` extra: ``pip install 'kvalitet[columnar]'``.
"""

from __future__ import annotations

from importlib.util import find_spec

for _module in ("numpy", "pyarrow"):
    if find_spec(_module) is None:  # pragma: no cover - tested in a fresh venv without extras
        _msg = "the columnar backend needs pyarrow and numpy: pip install 'kvalitet[columnar]'"
        raise ImportError(_msg, name=_module)

from kvalitet.engine.columnar.evaluate import TableEvaluator, evaluate_table  # noqa: E402

__all__ = ["TableEvaluator", "evaluate_table"]
