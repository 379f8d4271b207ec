r"""Content hashes of the files an evaluation used, so a decision names exactly what decided it.

A standard's hash is the SHA-256 of its file's text as UTF-8 with every line ending made
``\n`` (and a byte-order mark dropped): the file's own bytes on any checkout that keeps ``\n``
line ends (``sha256sum FILE`` gives the same digits), and the same hash when Git turned the line
ends into ``\r\n`` on Windows. It is taken of the text, not of the validated model, on purpose:
the text is what the municipality adopted and what an auditor can keep and check without
kvalitet, and a hash of the model would change with the library (a new model field with a
default) although no standard changed, which would blame the standard for what the library did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

PREFIX = "sha256:"


def content_hash(text: str) -> str:
    r"""The hash of a file's text: ``sha256:`` and 64 hex digits.

    Example:
        >>> content_hash("id: a\r\n") == content_hash("id: a\n")
        True
        >>> content_hash("")
        'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    return PREFIX + hashlib.sha256(normal.encode("utf-8")).hexdigest()


def combined_hash(hashes: Iterable[str]) -> str:
    """One hash of several files' hashes, whatever their order.

    Example:
        >>> combined_hash(["sha256:b", "sha256:a"]) == combined_hash(["sha256:a", "sha256:b"])
        True
    """
    joined = "\n".join(sorted(hashes))
    return PREFIX + hashlib.sha256(joined.encode("utf-8")).hexdigest()
