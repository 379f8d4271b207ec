"""Limits on a request: the size of its body, and the time an evaluation may take."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from typing import ParamSpec, TypeVar

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kvalitet.service.problems import http_problem, problem_response

P = ParamSpec("P")
T = TypeVar("T")


class TimeLimitError(Exception):
    """An evaluation took longer than the server's time limit."""

    def __init__(self, seconds: float) -> None:
        """Say how long the limit was."""
        self.seconds = seconds
        super().__init__(f"the evaluation took longer than the limit of {seconds:g} s")


async def off_the_loop(
    seconds: float, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Run ``function`` in a worker thread, giving up after ``seconds``.

    The event loop keeps serving other requests meanwhile. A thread cannot be stopped: when the
    limit passes, the answer is an error at once and the thread's result is dropped.

    Raises:
        TimeLimitError: when the limit passes first.
    """
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(
                partial(function, *args, **kwargs), abandon_on_cancel=True
            )
    except TimeoutError:
        raise TimeLimitError(seconds) from None


class BodySizeLimit:
    """ASGI middleware: a request body larger than ``max_bytes`` is answered 413, unread."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        """Wrap ``app``."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the body up to the limit, then pass it on (or refuse it)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await self._refuse(
                scope, receive, send, HTTPStatus.BAD_REQUEST, "Content-Length is not a number"
            )
            return
        if declared is not None and int(declared) > self.max_bytes:
            await self._refuse(
                scope, receive, send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._detail()
            )
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app will see it
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(
                    scope, receive, send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._detail()
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    def _detail(self) -> str:
        return f"the request body is larger than the limit of {self.max_bytes:,} bytes"

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, detail: str
    ) -> None:
        response = problem_response(
            http_problem(status, detail, instance=scope.get("path")), {"Connection": "close"}
        )
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then what the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
