"""Where the durable-rules engine runs: in a worker process (contained) or in this process.

Both transports answer the requests of :mod:`._durable_host`. :class:`WorkerProcess` starts
``python -P -c <bootstrap> _durable_host.py``: the host module is loaded by path, without kvalitet,
and without the caller's ``__main__`` (so no ``if __name__ == "__main__"`` guard is needed, unlike
``multiprocessing``'s spawn). If the worker dies — SIGSEGV in the native code, killed, out of
memory — or does not answer within the timeout, the request raises :class:`EngineError` naming
the input, and the next request starts a fresh worker (a new *generation*: sessions that lived
in the old one are gone). A forked child never shares its parent's worker.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from kvalitet.engine.backends import _durable_host
from kvalitet.engine.backends._durable_host import HEADER, EngineHost, write_frame
from kvalitet.language.problems import EngineError

_BOOTSTRAP = (
    "import importlib.util, sys\n"
    "spec = importlib.util.spec_from_file_location('kvalitet_durable_host', sys.argv[1])\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules[spec.name] = module\n"
    "spec.loader.exec_module(module)\n"
    "module.serve()\n"
)
_EXIT_WAIT = 2.0  # seconds a worker gets to exit after its input closes


class Transport(Protocol):
    """Sends requests to an engine host."""

    generation: int  # changes when the host is replaced: its sessions and rulesets are gone
    known: set[str]  # rulesets registered in the current host

    def ready(self) -> None:
        """Replace a host that has died since the last request (a new generation)."""
        ...

    def request(self, message: tuple[Any, ...], describe: Callable[[], str]) -> Any:  # noqa: ANN401
        """Send one request; the reply's value. ``describe()`` names the input for errors."""
        ...


def _unwrap(reply: Any) -> Any:  # noqa: ANN401 - a reply of the protocol
    status, value = reply
    if status != "ok":
        raise EngineError(f"durable-rules: {value}")
    return value


class InProcess:
    """The engine in this process: fast, but a crash of the native code ends the process."""

    def __init__(self) -> None:
        """Start a host; its sessions are deleted at interpreter exit."""
        self.generation = 0
        self.known: set[str] = set()
        self._host = EngineHost()
        weakref.finalize(self, self._host.close_all)

    def ready(self) -> None:
        """Nothing to do: this host lives as long as the process."""

    def request(self, message: tuple[Any, ...], describe: Callable[[], str]) -> Any:  # noqa: ANN401, ARG002
        """Answer the request here (the caller holds the backend's lock)."""
        try:
            reply = self._host.handle(message)
        except Exception as error:  # noqa: BLE001 - as the worker does: every failure is ours
            raise EngineError(f"durable-rules: {type(error).__name__}: {error}") from None
        return _unwrap(reply)


class WorkerProcess:
    """The engine in a child process: a crash there becomes an :class:`EngineError` here."""

    def __init__(self, timeout: float) -> None:
        """Prepare a worker; it starts on the first request."""
        self.generation = 0
        self.known: set[str] = set()
        self.timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()
        self._stop: weakref.finalize[Any, Any] | None = None

    @property
    def pid(self) -> int | None:
        """The worker's process id, if one is running."""
        return self._process.pid if self._process is not None else None

    def request(self, message: tuple[Any, ...], describe: Callable[[], str]) -> Any:  # noqa: ANN401
        """Send one request and wait for the reply (the caller holds the backend's lock).

        Raises:
            EngineError: when durable-rules refuses the input, or the worker dies or hangs (it
                is then replaced by a fresh one on the next request).
        """
        process = self._running()
        try:
            assert process.stdin is not None  # noqa: S101 - started with pipes
            assert process.stdout is not None  # noqa: S101
            write_frame(process.stdin, message)
            reply = _read_reply(process.stdout, self.timeout)
        except TimeoutError:
            self._discard()
            message_text = (
                f"the durable-rules engine did not answer within {self.timeout:g} s while "
                f"evaluating {describe()}; the worker was stopped and will be replaced"
            )
            raise EngineError(message_text) from None
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            how = self._discard()
            message_text = (
                f"the durable-rules engine crashed ({how}) while evaluating {describe()}; "
                "the worker will be replaced; the caller is unharmed"
            )
            raise EngineError(message_text) from None
        except BaseException:  # Ctrl-C mid-request: the reply would answer the next request
            self._discard()
            raise
        return _unwrap(reply)

    def ready(self) -> None:
        """Start a worker if none runs, replacing one that died since the last request."""
        self._running()

    def _running(self) -> subprocess.Popen[bytes]:
        if self._owner != os.getpid():  # a forked child: leave the parent's worker alone
            if self._stop is not None:
                self._stop.detach()
            if self._process is not None:
                for stream in (self._process.stdin, self._process.stdout):
                    if stream is not None:
                        with contextlib.suppress(OSError):
                            stream.close()  # this process's copies of the parent's pipes
            self._process, self._stop, self._owner = None, None, os.getpid()
            self._new_generation()
        if self._process is not None and self._process.poll() is not None:
            self._discard()  # died between requests (killed, out of memory)
        if self._process is None:
            self._process = _start()
            self._stop = weakref.finalize(self, _stop_process, self._process)
        return self._process

    def _discard(self) -> str:
        """Stop and forget the worker; how it ended."""
        process, self._process = self._process, None
        if self._stop is not None:
            self._stop.detach()
            self._stop = None
        self._new_generation()
        if process is None:
            return "no worker"
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
        code = process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if code < 0:
            with contextlib.suppress(ValueError):
                return signal.Signals(-code).name
            return f"signal {-code}"
        return f"exit status {code}"

    def _new_generation(self) -> None:
        self.generation += 1
        self.known = set()

    def shutdown(self) -> None:
        """Stop the worker now (it is also stopped at exit or when this object is freed)."""
        if self._stop is not None:
            self._stop()
            self._stop = None
        self._process = None
        self._new_generation()


def _start() -> subprocess.Popen[bytes]:
    host_file = Path(_durable_host.__file__)
    try:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-P", "-c", _BOOTSTRAP, str(host_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
    except OSError as error:
        raise EngineError(f"cannot start the durable-rules worker: {error}") from None


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    """Close the worker's input so it exits; kill it if it does not."""
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    try:
        process.wait(_EXIT_WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _read_reply(stream: IO[bytes], timeout: float) -> Any:  # noqa: ANN401 - a protocol reply
    descriptor = stream.fileno()
    (size,) = HEADER.unpack(_read_exactly(descriptor, HEADER.size, timeout))
    return pickle.loads(_read_exactly(descriptor, size, timeout))  # noqa: S301 - our worker


def _read_exactly(descriptor: int, size: int, timeout: float) -> bytes:
    chunks: list[bytes] = []
    wanted = size
    while wanted:
        ready, _, _ = select.select([descriptor], [], [], timeout)
        if not ready:
            raise TimeoutError
        chunk = os.read(descriptor, min(wanted, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
