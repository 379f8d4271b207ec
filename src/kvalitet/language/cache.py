"""A cache of loaded sets of standards, keyed by the content of every file they were read from.

Reading and checking the YAML of a set of standards takes most of a start; a set loaded before
from the very same files (same names, same bytes, same kvalitet version) is read back from the
cache instead, as JSON validated by the same models (never pickled code). Any change to any
file gives another key, so a stale entry is never used.

The cache lives in ``$KVALITET_CACHE_DIR``, else ``$XDG_CACHE_HOME/kvalitet``, else
``~/.cache/kvalitet``; ``KVALITET_CACHE=off`` turns it off. A cache that cannot be written or
read is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kvalitet._version import __version__
from kvalitet.language.national import NationalData
from kvalitet.language.standard import StandardFile
from kvalitet.language.vocabulary import (
    Declared,
    FactSpec,
    MunicipalityInfo,
    ScopeFieldSpec,
    Vocabulary,
)
from kvalitet.language.yaml_limits import INVENTORY_LIMITS

DIRECTORY_VARIABLE = "KVALITET_CACHE_DIR"
SWITCH_VARIABLE = "KVALITET_CACHE"
FORMAT = 3  # bump when the cached form changes


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CachedVocabulary(_Model):
    """A vocabulary as JSON."""

    facts: dict[str, FactSpec]
    origins: dict[str, tuple[str, str | None]]
    owners: dict[str, list[str | None]]
    scope_fields: list[tuple[str | None, dict[str, ScopeFieldSpec]]]
    municipalities: dict[str, MunicipalityInfo]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> CachedVocabulary:
        """The cached form of a vocabulary."""
        return cls(
            facts=vocabulary.facts,
            origins={k: (v.file, v.owner) for k, v in vocabulary.fact_origin.items()},
            owners={
                name: sorted(owners, key=lambda owner: owner or "")
                for name, owners in vocabulary.fact_owners.items()
            },
            scope_fields=list(vocabulary.scope_fields.items()),
            municipalities=vocabulary.municipalities,
        )

    def vocabulary(self) -> Vocabulary:
        """The vocabulary again."""
        return Vocabulary(
            facts=dict(self.facts),
            fact_origin={k: Declared(*v) for k, v in self.origins.items()},
            fact_owners={name: set(owners) for name, owners in self.owners.items()},
            scope_fields={owner: dict(fields) for owner, fields in self.scope_fields},
            municipalities=dict(self.municipalities),
        )


class CachedFile(_Model):
    """A loaded standard file."""

    path: str
    standard: StandardFile
    content_hash: str | None = None  # of the file's text (kvalitet.language.fingerprints)


class CachedSet(_Model):
    """A loaded set of standards as JSON."""

    files: list[CachedFile]
    national: NationalData
    vocabulary: CachedVocabulary
    inventories: list[str]
    data_hash: str | None = None  # of the national data and vocabulary files together


def cache_directory() -> Path | None:
    """Where cached sets are kept, or ``None`` when the cache is off."""
    if os.environ.get(SWITCH_VARIABLE, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    configured = os.environ.get(DIRECTORY_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kvalitet"


def set_key(files: Iterable[tuple[str, Path]]) -> str | None:
    """The key of a set read from these ``(label, path)`` files.

    ``None`` when a file is unreadable, or larger than any file of a set may be (an inventory,
    the largest kind): the loader then reports it, and a huge file is never read whole just to
    hash it.
    """
    digest = hashlib.sha256(f"kvalitet {__version__} cache {FORMAT}\n".encode())
    try:
        for label, path in files:
            with path.open("rb") as stream:
                data = stream.read(INVENTORY_LIMITS.max_bytes + 1)
            if len(data) > INVENTORY_LIMITS.max_bytes:
                return None
            digest.update(f"{label}\n".encode())
            digest.update(hashlib.sha256(data).digest())
    except OSError:
        return None
    return digest.hexdigest()


def read_cached(key: str) -> CachedSet | None:
    """The set cached under ``key``, if there is a good one."""
    directory = cache_directory()
    if directory is None:
        return None
    try:
        text = (directory / f"{key}.json").read_text(encoding="utf-8")
        return CachedSet.model_validate_json(text)
    except (OSError, ValueError, ValidationError):
        return None


def write_cached(key: str, cached: CachedSet) -> None:
    """Keep a set under ``key`` (atomically; a cache that cannot be written is not used)."""
    directory = cache_directory()
    if directory is None:
        return
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(cached.model_dump_json(by_alias=True))
            Path(temporary).replace(directory / f"{key}.json")
        finally:
            Path(temporary).unlink(missing_ok=True)
