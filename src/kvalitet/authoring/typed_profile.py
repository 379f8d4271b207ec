"""Write the typed profile module of the bundled standards from their vocabulary.

The profile model is built from the vocabulary at run time; for Python callers of the bundled
standards, :mod:`kvalitet.language.bundled_profile` declares the same fields with static types
(keyword completion, mypy). ``kvalitet schema --python FILE`` writes it; a test checks that the
module in the repository is current.
"""

from __future__ import annotations

from kvalitet.language.vocabulary import FactSpec, Vocabulary

HEADER = '''"""The profile of the bundled standards, with static types for editors and mypy.

Generated from the bundled vocabulary files by ``kvalitet schema --python``; do not edit. At run
time ``Profile`` is the model :func:`kvalitet.language.profile.profile_model` builds from the
same vocabulary, so validation is exactly the vocabulary's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from kvalitet.language.profile import ProfileBase

if TYPE_CHECKING:
'''
CLASS = '''
    class Profile(ProfileBase):
        """What is known about a citizen. A field left out (or ``None``) is unknown."""
'''
FOOTER = """
else:
    from kvalitet.language.profile import profile_model
    from kvalitet.language.vocabulary_loader import bundled_vocabulary

    Profile = profile_model(bundled_vocabulary())

__all__ = ["Profile"]
"""
STATIC_TYPES = {
    "bool": "bool",
    "int": "int",
    "number": "float",
    "date": "date",
    "services": "tuple[str, ...]",
}


def alias_name(fact: str) -> str:
    """The name of the type alias of an enum fact's values: ``housing`` → ``HousingValue``."""
    return "".join(part.capitalize() for part in fact.split("_")) + "Value"


def static_type(name: str, spec: FactSpec) -> str:
    """The Python type a fact's field has (without ``| None``)."""
    return alias_name(name) if spec.type == "enum" else STATIC_TYPES[spec.type]


def typed_profile_source(vocabulary: Vocabulary) -> str:
    """The source text of the typed profile module for a vocabulary (ruff-formatted)."""
    lines = [HEADER.rstrip("\n")]
    for name, spec in vocabulary.facts.items():
        if spec.type == "enum":
            values = "".join(f'        "{value}",\n' for value in spec.values)
            lines.append(f"    {alias_name(name)} = Literal[\n{values}    ]")
    lines.append(CLASS)
    for name, spec in vocabulary.facts.items():
        lines.append(f"        {name}: {static_type(name, spec)} | None = None")
        label = spec.label.text("en").replace('"""', "'''")
        lines.append(f'        """{label}."""')
    return "\n".join(lines) + "\n" + FOOTER
