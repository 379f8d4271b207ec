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

from kvalitet.engine.decision import Decision, Reason, ReasonCitation, ServiceOutcome
from kvalitet.engine.standards import Standards, evaluate, load_standards
from kvalitet.engine.truth import Truth
from kvalitet.language.problems import (
    EngineError,
    EvaluationError,
    KvalitetError,
    Problem,
    ProfileError,
    StandardLoadError,
)
from kvalitet.language.profile import Profile
from kvalitet.language.standard import Scope, StandardFile

__all__ = [
    "Decision",
    "EngineError",
    "EvaluationError",
    "KvalitetError",
    "Problem",
    "Profile",
    "ProfileError",
    "Reason",
    "ReasonCitation",
    "Scope",
    "ServiceOutcome",
    "StandardFile",
    "StandardLoadError",
    "Standards",
    "Truth",
    "evaluate",
    "load_standards",
]
