"""Limits on requests: a body size limit enforced before the application reads the body, and
a per-client rate limit kept in memory only."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkage.problems import MEDIA_TYPE, Problem


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a streamed body passes the limit.

    An HTTP exception, so that the framework's body parsing passes it on as a 413 instead of
    turning it into a generic "could not parse the body" 400.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The limit is {limit} bytes.")


class BodyLimit:
    """ASGI middleware answering 413 to any request whose body exceeds ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes actually received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._reject(send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        problem = Problem(
            413, "body-too-large", "Request body too large", f"The limit is {self.limit} bytes."
        )
        body = json.dumps(problem.body()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RateLimit:
    """At most ``limit`` requests per ``window_s`` seconds per client, counted in this
    process's memory: nothing about a client is written anywhere, and a key is a salted hash
    of the address, so the counts do not even hold the address itself. Each worker process
    counts on its own."""

    # Past this many clients, the stale ones are swept so memory stays bounded.
    SWEEP_AT = 10_000

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._salt = secrets.token_bytes(16)
        self._hits: dict[bytes, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Count one request of ``client``; False (and not counted) when it is over the limit."""
        key = hashlib.blake2b(client.encode(), key=self._salt, digest_size=16).digest()
        now = self._clock()
        with self._lock:
            if len(self._hits) >= self.SWEEP_AT:
                self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def retry_after_s(self) -> int:
        """Whole seconds a limited client is told to wait: the window."""
        return int(self.window_s)

    def _sweep(self, now: float) -> None:
        stale = [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window_s]
        for k in stale:
            del self._hits[k]
