"""Bar charts for the impact report, drawn with matplotlib as SVG text (the ``report`` extra).

Text stays text in the SVG (``svg.fonttype: none``), so a browser, a screen reader and a test
can read the labels; the output has no date and fixed ids, so the same impact gives the same
file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

BEFORE_COLOUR = "#8c96a6"
AFTER_COLOUR = "#1f5fa8"


def require_matplotlib() -> Any:  # noqa: ANN401 - the matplotlib module
    """Import matplotlib, or say which extra to install."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional dependency
    except ImportError as error:  # pragma: no cover - tested in a fresh venv without extras
        msg = "the impact report's charts need matplotlib: pip install 'kvalitet[report]'"
        raise ImportError(msg, name="matplotlib") from error
    return mpl


def before_after_bars(
    title: str, labels: Sequence[str], before: Sequence[float], after: Sequence[float]
) -> str:
    """A grouped bar chart, before and after per label, as SVG text.

    Example:
        >>> svg = before_after_bars("Udfald", ["A", "B"], [3, 1], [2, 2])
        >>> svg.startswith("<svg") and "Udfald" in svg
        True
    """
    mpl = require_matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency

    settings = {"svg.fonttype": "none", "svg.hashsalt": "kvalitet", "font.size": 9}
    with mpl.rc_context(settings):
        figure = Figure(figsize=(max(4.0, 1.4 * len(labels) + 1.5), 2.8), layout="constrained")
        axes = figure.subplots()
        positions = list(range(len(labels)))
        width = 0.38
        bars_before = axes.bar(
            [p - width / 2 for p in positions], before, width, label="Før", color=BEFORE_COLOUR
        )
        bars_after = axes.bar(
            [p + width / 2 for p in positions], after, width, label="Efter", color=AFTER_COLOUR
        )
        axes.bar_label(bars_before, labels=[_number(v) for v in before], fontsize=8)
        axes.bar_label(bars_after, labels=[_number(v) for v in after], fontsize=8)
        axes.set_xticks(positions, labels=list(labels))
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        axes.margins(y=0.18)
        axes.legend(frameon=False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _number(value: float) -> str:
    rounded = round(float(value), 1)
    whole = rounded.is_integer()
    digits = f"{int(rounded):,}" if whole else f"{rounded:,.1f}"
    return digits.translate(str.maketrans(",.", ".,"))
