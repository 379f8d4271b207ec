"""kvalitet: Danish municipal quality standards for adults with special needs, executable.

Load the standards once, evaluate many citizen profiles; every outcome is a starting point
with reasons cited to the standard and the law.

Example:
    >>> from datetime import date
    >>> import kvalitet
    >>> decision = kvalitet.evaluate({"motivated": False}, municipality="haderslev",
    ...                              on=date(2026, 1, 1))
    >>> decision.services["haderslev/sel-102"].outcome
    'outside_standard'
"""

import typing as _typing

from kvalitet._version import __version__
from kvalitet.engine.decision import Decision, Reason, ReasonCitation, ServiceOutcome
from kvalitet.engine.standards import Standards, evaluate, load_standards
from kvalitet.engine.truth import Truth
from kvalitet.language.bundled import bundled_standards_dir
from kvalitet.language.problems import (
    CODES,
    EngineError,
    EvaluationError,
    KvalitetError,
    Problem,
    ProfileError,
    StandardLoadError,
)
from kvalitet.language.profile import ProfileBase
from kvalitet.language.standard import Scope, StandardFile
from kvalitet.language.vocabulary import Vocabulary

if _typing.TYPE_CHECKING:
    from kvalitet.language.bundled_profile import Profile

__all__ = [
    "CODES",
    "Decision",
    "EngineError",
    "EvaluationError",
    "KvalitetError",
    "Problem",
    "Profile",
    "ProfileBase",
    "ProfileError",
    "Reason",
    "ReasonCitation",
    "Scope",
    "ServiceOutcome",
    "StandardFile",
    "StandardLoadError",
    "Standards",
    "Truth",
    "Vocabulary",
    "__version__",
    "bundled_standards_dir",
    "evaluate",
    "load_standards",
]


def __getattr__(name: str) -> _typing.Any:  # noqa: ANN401 - a module attribute
    """``kvalitet.Profile`` is built from the bundled vocabulary on first use."""
    if name == "Profile":
        from kvalitet.language.bundled_profile import Profile  # noqa: PLC0415 - lazy on purpose

        return Profile
    msg = f"module 'kvalitet' has no attribute '{name}'"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    """The module's names, with the lazily built ``Profile``."""
    return sorted({*globals(), "Profile"})
