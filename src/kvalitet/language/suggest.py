"""Did-you-mean: the closest known name for a misspelt one."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def suggest(name: str, candidates: Sequence[str]) -> str:
    """Return `` — did you mean 'x'?`` for the closest candidate, or an empty string.

    Example:
        >>> suggest("motivatd", ["motivated", "age"])
        " — did you mean 'motivated'?"
    """
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""
