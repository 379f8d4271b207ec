"""Rule engine backends behind one interface, and their registry.

``compiled`` (the default) is pure Python closures; ``durable`` is the durable-rules Rete engine,
imported only when asked for (it loads a native extension, which runs in a worker process).
"""

from __future__ import annotations

import threading
from typing import Literal

from kvalitet.engine.backends.compiled import CompiledBackend
from kvalitet.engine.results import Backend
from kvalitet.language.problems import EvaluationError
from kvalitet.language.suggest import suggest

BackendName = Literal["compiled", "durable"]
BACKEND_NAMES: tuple[BackendName, ...] = ("compiled", "durable")

_backends: dict[str, Backend] = {}
_backends_lock = threading.Lock()


def get_backend(name: str) -> Backend:
    """A backend by name: ``compiled`` (default, fast, pure) or ``durable`` (Rete).

    Raises:
        EvaluationError: for an unknown name, with a suggestion.
    """
    with _backends_lock:
        if name not in _backends:
            if name == "compiled":
                _backends[name] = CompiledBackend()
            elif name == "durable":
                from kvalitet.engine.backends.durable import (  # noqa: PLC0415 - native, heavy
                    DurableBackend,
                )

                _backends[name] = DurableBackend()
            else:
                msg = f"unknown backend '{name}'{suggest(name, list(BACKEND_NAMES))}"
                raise EvaluationError(msg)
        return _backends[name]
