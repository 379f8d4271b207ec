"""What the server shares between requests: the loaded standards, the settings, the sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kvalitet.engine.standards import Standards
from kvalitet.service.records import DecisionLog

ONE_MEGABYTE = 1_000_000


@dataclass(frozen=True)
class ServiceSettings:
    """How the server limits and records requests.

    Attributes:
        max_body_bytes: A larger request body is refused (413).
        time_limit: Seconds one evaluation may take before the answer is 503.
        decision_log: A JSON Lines file to append a decision record to for every decision
            made; ``None`` (the default) writes nothing.
        cors_origins: Web origins whose pages may call the API from a browser (CORS);
            none by default.
    """

    max_body_bytes: int = ONE_MEGABYTE
    time_limit: float = 10.0
    decision_log: Path | None = None
    cors_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """The text of a loaded standard file and of its case file, for the playground."""

    service: str
    version: str
    text: str
    cases: str | None


@dataclass(frozen=True)
class ServiceState:
    """Everything a request may read; immutable except the append-only decision log."""

    standards: Standards
    settings: ServiceSettings
    sources: dict[str, SourceFile] = field(default_factory=dict)
    log: DecisionLog | None = None


def read_sources(standards: Standards) -> dict[str, SourceFile]:
    """The text of every loaded standard file and its case file, by ``<service id>@<version>``.

    Read once at start: the server never writes them, and shows what it loaded.
    """
    sources: dict[str, SourceFile] = {}
    for item in standards.loaded.files:
        path = Path(item.path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:  # pragma: no cover - it was readable a moment ago, when loaded
            continue
        cases_path = path.parent / "cases" / path.name
        cases = cases_path.read_text(encoding="utf-8") if cases_path.is_file() else None
        standard = item.standard
        key = source_key(standard.id, standard.version)
        sources[key] = SourceFile(standard.id, standard.version, text, cases)
    return sources


def source_key(service: str, version: str) -> str:
    """The key of a source file: ``hillerod/sel-85@2026``."""
    return f"{service}@{version}"
