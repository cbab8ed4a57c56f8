"""A first provisioning's snapshot pages fetched ahead of the one being written, by a thread of
their own, so that the platform, the worker and the kiosk's store work at the same time."""

from __future__ import annotations

import queue
import threading
from contextlib import suppress
from typing import Any

from kiosk.foreground import Foreground
from sync.client import PlatformClient
from sync.provisioner import PageReader

# Snapshot pages fetched (and decoded) ahead of the one being written: while the kiosk writes
# the people, the platform gets on to the households, whose pages cost it more than they cost
# the kiosk, so that they do not leave a core idle at the end. A page's body and its rows
# each: about 30 MB at most (pages of 4,000), more for pages decoded in the kiosk's process
# before the worker has started (docs/decisions/kiosk-sync.md, "Provisioning, twelfth round"
# and "fifteenth round").
PAGES_AHEAD = 6


class PagesAhead:
    """A thread that fetches the snapshot's pages of ``size`` items from ``token`` on, up to
    ``PAGES_AHEAD`` ahead of the one being written (a context manager)."""

    def __init__(
        self,
        client: PlatformClient,
        token: str | None,
        size: int,
        reader: PageReader | None,
        foreground: Foreground,
    ):
        self._pages: queue.Queue[dict[str, Any] | BaseException] = queue.Queue(PAGES_AHEAD)
        self._stop = threading.Event()
        self._size = size
        self._reader = reader
        self._foreground = foreground
        self._thread = threading.Thread(
            target=self._fetch, args=(client, token), name="kazasu-prefetch", daemon=True
        )
        if token:
            self._thread.start()

    def __enter__(self) -> PagesAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        # The worker first: the thread may be waiting for it, and it for a page nobody takes.
        if self._reader is not None:
            self._reader.close()
        while self._thread.is_alive():
            with suppress(queue.Empty):
                self._pages.get(timeout=0.05)

    def next(self) -> dict[str, Any]:
        """The next page, or what stopped its fetch raised here."""
        found = self._pages.get()
        if isinstance(found, BaseException):
            raise found
        return found

    def _fetch(self, client: PlatformClient, token: str | None) -> None:
        while token and not self._stop.is_set():
            # Reading a page and handing it to the worker runs Python too: not while the
            # counter serves someone.
            self._foreground.wait_idle()
            try:
                page = client.snapshot(token, self._size)
            except BaseException as exc:  # handed to the writing thread, which raises it
                self._pages.put(exc)
                return
            self._pages.put(page)
            token = page.get("next_page_token")
