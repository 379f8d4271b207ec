"""Standards shipped to Spark executors as the texts of their files, loaded once per process.

The driver reads every standard file (and national data, and any other YAML the loader reads)
under the paths it was given into a :class:`StandardsBundle`: plain texts, small (the bundled
standards are about 300 KB) and picklable. An executor writes them to a temporary folder,
loads them with the ordinary loader, and keeps the loaded standards in a per-process cache
keyed by the bundle's content hash, so each Python worker loads them once however many
batches and tasks it runs, and a changed file is a new key.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kvalitet.engine.standards import Standards, load_standards
from kvalitet.language.bundled import default_standard_paths
from kvalitet.language.discovery import NOT_STANDARDS

_CACHE: dict[str, Standards] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class StandardsBundle:
    """The texts of the standard files under some paths, with the folder layout they had.

    Attributes:
        roots: The paths to load, relative to the bundle (one per path given, in order).
        files: ``(relative path, text)`` of every YAML file under the roots, sorted.
    """

    roots: tuple[str, ...]
    files: tuple[tuple[str, str], ...]
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        """Hash the layout and every text."""
        hasher = hashlib.sha256()
        for part in (*self.roots, *(item for pair in self.files for item in pair)):
            hasher.update(part.encode())
            hasher.update(b"\0")
        object.__setattr__(self, "digest", hasher.hexdigest())

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path] | None = None) -> StandardsBundle:
        """Read the files under standard files or folders (default: as ``load_standards``).

        Raises:
            OSError: when a file cannot be read.
        """
        targets = [Path(p) for p in paths] if paths is not None else default_standard_paths()
        roots: list[str] = []
        files: list[tuple[str, str]] = []
        for index, target in enumerate(targets):
            # Keep the target's own name (and a file's folder): the loader reads a file in a
            # folder named "national" as national data.
            name = target.resolve().name or "standards"
            if target.is_dir():
                root = f"{index}/{name}"
                for path in sorted(target.rglob("*.yaml")):
                    if path.parent.name in NOT_STANDARDS:
                        continue
                    relative = path.relative_to(target).as_posix()
                    files.append((f"{root}/{relative}", path.read_text(encoding="utf-8")))
            else:
                root = f"{index}/{target.resolve().parent.name or 'standards'}/{name}"
                files.append((root, target.read_text(encoding="utf-8")))
            roots.append(root)
        return cls(tuple(roots), tuple(sorted(files)))

    def load(self) -> Standards:
        """The loaded standards, from this process's cache when it has them.

        Raises:
            StandardLoadError: when the texts are not valid standards (located in the
                temporary folder; the driver loads the same texts first, so it reports it).
        """
        with _LOCK:
            cached = _CACHE.get(self.digest)
            if cached is not None:
                return cached
            with tempfile.TemporaryDirectory(prefix="kvalitet-standards-") as folder:
                base = Path(folder)
                for relative, text in self.files:
                    path = base / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                standards = load_standards([base / root for root in self.roots])
            _CACHE[self.digest] = standards
            return standards


def cached_digests() -> tuple[str, ...]:
    """The digests of the bundles this process has loaded (for tests and diagnostics)."""
    with _LOCK:
        return tuple(_CACHE)
