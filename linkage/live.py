"""Live public shelter state: one watcher per process, and the listeners it tells.

Occupancy changes when any process of the platform stores a check-in, so a process cannot
learn of every change from its own requests. The watcher reads the public document from the
database every few seconds, and at once when this process stored something that may change
it (``nudge``), but only while someone listens: a live stream (``Hub``) or the NGSI
publisher. The read is one grouped count over the presence index.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI
from sqlalchemy import Engine

from linkage import unit
from linkage.municipalities import list_municipalities
from linkage.ngsi import OrionPublisher
from linkage.public_shelters import PublicView, read_view

log = logging.getLogger(__name__)


class Listener(Protocol):
    """Something told every public document the watcher reads."""

    def wants_updates(self) -> bool:
        """Whether the watcher should read for this listener now."""
        ...

    def update(self, view: PublicView) -> None:
        """Take the document just read (called on the watcher's thread; must not block)."""
        ...


class ShelterWatch:
    """Reads the public document while anyone listens, and hands it to the listeners."""

    def __init__(
        self,
        read: Callable[[], PublicView],
        listeners: list[Listener],
        interval_s: float,
    ) -> None:
        self._read = read
        self._listeners = listeners
        self._interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="shelter-watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and wait for the thread to end."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def nudge(self) -> None:
        """Read again now: something that may change the document was stored."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            wanted = [listener for listener in self._listeners if listener.wants_updates()]
            if not wanted:
                continue
            try:
                view = self._read()
            except Exception:  # the database may be away for a while; the next round retries
                log.exception("reading the public shelter state failed")
                continue
            for listener in wanted:
                try:
                    listener.update(view)
                except Exception:  # one listener's fault must not stop the others' updates
                    log.exception("a listener of the public shelter state failed")


class Hub:
    """Hands each document the watcher reads to the live streams, on the event loop.

    Every read gets the next ``round`` number, changed or not, so that a stream that just
    opened can wait for a read made after it arrived instead of trusting an old one.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._changed = asyncio.Event()
        self.view: PublicView | None = None
        self.round = 0
        self.streams = 0

    def wants_updates(self) -> bool:
        """Read while any stream is open."""
        return self.streams > 0

    def update(self, view: PublicView) -> None:
        """Pass the document over to the event loop."""
        # The loop may close meanwhile (the application stopping): the update is dropped.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._set, view)

    def _set(self, view: PublicView) -> None:
        self.view = view
        self.round += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def after(self, seen_round: int, timeout_s: float) -> PublicView | None:
        """The first document read after round ``seen_round``; None if none came in time."""
        while self.round <= seen_round:
            try:
                await asyncio.wait_for(self._changed.wait(), timeout_s)
            except TimeoutError:
                return None
        return self.view


class Live:
    """A process's watcher, its hub, and the publisher when one is configured."""

    def __init__(self, watch: ShelterWatch, hub: Hub, publishers: list[Listener]) -> None:
        self.watch = watch
        self.hub = hub
        self.publishers = publishers


def nudge(app: FastAPI) -> None:
    """Tell this process's watcher to read now (no-op before the application started)."""
    live: Live | None = getattr(app.state, "live", None)
    if live is not None:
        live.watch.nudge()


@asynccontextmanager
async def running(
    app: FastAPI, engine: Engine, interval_s: float, publishers: list[Listener]
) -> AsyncIterator[Live]:
    """Run the watcher (and ``publishers``, started and stopped by their owner) for the app."""
    hub = Hub(asyncio.get_running_loop())
    watch = ShelterWatch(lambda: unit.read(engine, read_view), [hub, *publishers], interval_s)
    live = Live(watch, hub, publishers)
    app.state.live = live
    watch.start()
    try:
        yield live
    finally:
        watch.stop()
        app.state.live = None


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The application's lifespan: the watcher, and the Orion publisher when configured."""
    settings = app.state.settings
    publishers: list[OrionPublisher] = []
    if settings.orion is not None:
        engine = app.state.engine

        def municipality_ids() -> list[str]:
            return [m["municipality_id"] for m in unit.read(engine, list_municipalities)]

        publishers.append(OrionPublisher(settings.orion, municipality_ids))
    for publisher in publishers:
        publisher.start()
    try:
        async with running(app, app.state.engine, settings.public_poll_s, list(publishers)):
            yield
    finally:
        for publisher in publishers:
            publisher.stop()
