from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from kvalitet import Standards, Vocabulary, load_standards
from kvalitet.language.problems import Problem, StandardLoadError
from kvalitet.language.vocabulary_loader import load_vocabulary

pytest_plugins = ["pytester"]

# The tests keep their load cache to themselves (kvalitet.language.cache).
os.environ.setdefault("KVALITET_CACHE_DIR", tempfile.mkdtemp(prefix="kvalitet-test-cache-"))

ROOT = Path(__file__).resolve().parents[1]
STANDARDS = ROOT / "standards"
ON = date(2026, 6, 1)
DATA = Path(__file__).parent / "data"
TESTBY_VOCABULARY_FILE = DATA / "testby" / "vocabulary.yaml"
# A fictional municipality added in YAML alone (see tests/test_new_municipality.py).
NYBY = DATA / "nyby"


def _testby_vocabulary() -> Vocabulary:
    """The bundled national vocabulary and the test municipality's additions."""
    problems: list[Problem] = []
    national = STANDARDS / "national" / "vocabulary.yaml"
    vocabulary = load_vocabulary([national, TESTBY_VOCABULARY_FILE], problems)
    if problems:
        raise StandardLoadError(problems)
    return vocabulary


TESTBY_VOCABULARY = _testby_vocabulary()


def make_testby_folder(root: Path) -> Path:
    """A folder for the test municipality's standard files, with its vocabulary."""
    folder = root / "testby"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocabulary.yaml").write_bytes(TESTBY_VOCABULARY_FILE.read_bytes())
    return folder


# CI runs a bounded number of examples; KVALITET_HYPOTHESIS=long runs many more locally.
settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("KVALITET_HYPOTHESIS", "ci"))


@pytest.fixture(scope="session")
def bundled() -> Standards:
    return load_standards([STANDARDS])


@pytest.fixture(scope="session")
def nyby() -> Standards:
    """Nyby Kommune's standards (fictional): facts of every type, its own scope fields."""
    return load_standards([NYBY])


@pytest.fixture(scope="session")
def haderslev() -> Standards:
    return load_standards([STANDARDS / "haderslev", STANDARDS / "national"])


def serve_in_thread(app: Any) -> tuple[Any, threading.Thread, str]:
    """Start uvicorn on a free loopback port in a thread; returns the server, thread and URL."""
    import uvicorn  # noqa: PLC0415 - only the service tests need it

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            msg = "the test server did not start"
            raise RuntimeError(msg)
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def running(app: Any) -> Iterator[str]:
    """A server for ``app`` on the loopback address while the block runs."""
    server, thread, url = serve_in_thread(app)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def server_url(bundled: Standards) -> Iterator[str]:
    """The kvalitet server with the bundled standards, on 127.0.0.1, for the whole session."""
    from kvalitet.service import create_app  # noqa: PLC0415 - needs the serve extra

    with running(create_app(bundled)) as url:
        yield url


@pytest.fixture(scope="session")
def serve() -> Callable[[Any], contextlib.AbstractContextManager[str]]:
    """Start another app on the loopback address: ``with serve(app) as url: …``."""
    return running
