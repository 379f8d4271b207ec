"""Apache Spark: evaluate a DataFrame of profiles on a cluster (the ``spark`` extra).

:func:`evaluate` runs ``Standards.evaluate_table`` on every partition with ``mapInArrow``; the
standards travel to the executors as the texts of their files and are loaded once per Python
worker. The result has exactly the columns of ``evaluate_table``. :func:`evaluate_parquet`
does the same from a Parquet folder to a Parquet folder. See ``docs/spark.md``.
"""

from __future__ import annotations

try:
    import pyspark  # noqa: F401 - fail early, with the extra to install
except ImportError as error:  # pragma: no cover - tested in a fresh venv without extras
    msg = "kvalitet.spark needs pyspark and a Java runtime: pip install 'kvalitet[spark]'"
    raise ImportError(msg, name="pyspark") from error

from kvalitet.spark.bundle import StandardsBundle
from kvalitet.spark.frames import evaluate, evaluate_parquet, outcome_counts

__all__ = ["StandardsBundle", "evaluate", "evaluate_parquet", "outcome_counts"]
