"""Snapshot pages decoded and turned into rows in a process of their own, while the kiosk's
process only fetches and writes them (docs/decisions/kiosk-sync.md, "Speed").

A tap at the counter is slow while provisioning runs not because of the store but because of
the interpreter lock: decoding a page's JSON and converting its people holds it for tens of
milliseconds at a time, and every hop of a tap waits for it. Here that work runs in a worker
process started with ``spawn`` (the kiosk runs Qt, and a Qt process must never be forked; a
frozen kiosk needs ``multiprocessing.freeze_support()``, see ui/launch.py).

The kiosk's process keeps everything else: the HTTP request (``PlatformClient.snapshot``, whose
checks and errors are unchanged), the store and its one-owner rule, the transactions and the
page tokens. Each page body is sent to the worker, and two things come of it:

- the page's *head* — its position, token and total, and its items with each person and
  household upsert left out (None) — so the next page is requested while this one is
  converted. A page of compact person items (nearly every page of a big snapshot) has its head
  read in the kiosk's process, from the page's outline alone (``snapshot_page.head_of``), as
  soon as it comes; the worker, which reads the same bytes (``snapshot_page.outline``, which
  takes the same pages), sends none.
  Any other page's head the worker sends at once after decoding it;
- then the page's *rows*: ``feed_prepare.prepare`` of its items, made on a thread of the
  worker's own, so that the next page's head does not wait for them. The body stays in the
  kiosk's process (it sent it; it does not cross the pipe back) and is decoded there again only
  for a record it must apply in full (a local unsent edit to merge, an item the head left out
  that is not converted, or one that does not convert and so refuses the page).

The worker runs at a lower scheduling priority than the kiosk's process (``os.nice`` on POSIX):
on two cores a tap otherwise waits for a core the worker holds. Windows has no ``os.nice``;
there the worker keeps the kiosk's priority. And it steps aside while the counter serves
someone, as the kiosk's own background threads do (kiosk/foreground.py): the kiosk tells it
until when the counter is busy (``Foreground.watch``, a number in shared memory), and it looks
before each page it decodes and every ``snapshot_page.BETWEEN_EVERY`` people it converts, so a
card that comes finds it stopped within about half a millisecond rather than a page of work
later.

A worker takes a few tenths of a second to start (a new interpreter, its imports). Until it
says it has started, the pages are decoded and converted in the kiosk's process, by the thread
that fetches them and as the worker converts them (``decode_here``), so the store's writer
does not wait for it. That work holds the kiosk's interpreter, so it is done a part at a time
and waits between parts while the counter serves someone, as the worker does.

The worker never touches the store. If it dies, the page in hand fails as a lost connection
would (``Transient``), and the round is retried from the stored token.
"""

from __future__ import annotations

import ctypes
import functools
import json
import multiprocessing
import os
import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, overload

import orjson

from kiosk.feed_page import Prepared
from kiosk.feed_prepare import PREPARED_ENTITIES, compact_entities, from_compact, prepare
from kiosk.foreground import Foreground
from sync.errors import Transient

if TYPE_CHECKING:
    # Only types here: the kiosk's process loads msgspec only once a snapshot comes.
    import msgspec

# The kiosk runs Qt: a forked copy of a Qt process may hang or crash.
_CONTEXT = multiprocessing.get_context("spawn")
# The key under which a head carries its page's number in this run (the protocol has none).
PAGE_KEY = "kazasu.reader_page"
# How much lower than the kiosk's the worker's priority is: enough that the screens' threads
# get a core first, while the worker still runs whenever one is idle.
WORKER_NICENESS = 10
# The worker's first message on the heads' pipe, once it can take pages.
STARTED = "started"
# The key under which a head decoded in this process carries its page converted
# (``decode_here``).
HERE_KEY = "kazasu.prepared_here"
# How often the worker looks again while the counter is busy: the moment it was told may be
# brought forward (a tap painted before its hold's bound).
COUNTER_POLL_S = 0.002


class PreparedPage:
    """One page's items as the kiosk applies them: the people and households ``prepared`` by
    the worker, and the changes themselves for the rest, those records among them decoded from
    the body only when asked."""

    def __init__(
        self, items: list[Any], prepared: Prepared, body: bytes, compact: frozenset[str]
    ) -> None:
        self.items = items
        self.prepared = prepared
        self._body = body
        self._decoded: list[Any] | None = None
        # The entities whose upserts are compact items, read back into today's for the full
        # path (``feed_prepare.compact_entities``).
        self._compact = compact

    def changes(self, start: int, stop: int) -> _Changes:
        """The changes of items ``start`` to ``stop`` (for ``feed_apply.apply_page``)."""
        return _Changes(self, start, min(stop, len(self.items)))

    def change(self, index: int) -> Any:
        """Item ``index``; a person or household upsert is decoded (once per page) from the
        body, and read as today's item if compact (raising BadChange for a malformed one)."""
        found = self.items[index]
        if found is None:
            if self._decoded is None:
                self._decoded = list(orjson.loads(self._body)["items"])
            found = self._decoded[index]
        if self._compact and _is_prepared(found) and found["entity"] in self._compact:
            return from_compact(found)
        return found


class _Changes(Sequence[dict[str, Any]]):
    """A slice of a prepared page's changes, read item by item."""

    def __init__(self, page: PreparedPage, start: int, stop: int) -> None:
        self._page = page
        self._start = start
        self._stop = stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | Sequence[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if not 0 <= index < len(self):
            raise IndexError(index)
        found: dict[str, Any] = self._page.change(self._start + index)
        return found


class PageReader:
    """The worker process and its pipes, for one provisioning run (a context manager).

    ``decode`` is given to ``PlatformClient.snapshot_decoder`` and is called by the thread that
    fetches pages; ``prepared`` by the thread that writes them, once for each page in the
    order they were decoded.
    """

    def __init__(self, foreground: Foreground | None = None) -> None:
        # Until when the counter is busy (``Foreground.watch``), for the worker to read; with no
        # counter, never.
        busy_until: ctypes.c_double = _CONTEXT.RawValue(ctypes.c_double, float("-inf"))
        # The rows' thread waits while the counter serves someone too, before it takes a page's
        # rows off the pipe.
        self._counter_idle: Callable[[], object] = lambda: None
        self._unwatch: Callable[[], None] = lambda: None
        wait_max_s = 0.0
        if foreground is not None:
            self._counter_idle = foreground.wait_idle
            self._unwatch = foreground.watch(functools.partial(setattr, busy_until, "value"))
            wait_max_s = foreground.wait_max_s
        bodies_out, bodies_in = _CONTEXT.Pipe(duplex=False)
        heads_out, heads_in = _CONTEXT.Pipe(duplex=False)
        rows_out, rows_in = _CONTEXT.Pipe(duplex=False)
        self._process = _CONTEXT.Process(
            target=work,
            args=(bodies_out, heads_in, rows_in, busy_until, wait_max_s),
            name="kazasu-provisioning",
            daemon=True,
        )
        self._process.start()
        # The worker's ends belong to it now: a dead worker is then an EOF here, not a hang.
        for end in (bodies_out, heads_in, rows_in):
            end.close()
        self._bodies = bodies_in
        self._heads = heads_out
        self._rows = rows_out
        self._started = False
        self._decoded = 0
        self._prepared = 0
        # The bodies of decoded pages whose rows are not taken yet, oldest first.
        self._bodies_sent: deque[bytes] = deque()
        # The worker's rows are taken off their pipe as they come, by a thread of their own, so
        # that the worker never waits for the writer: it converts the pages fetched ahead while
        # the writer is busy (docs/decisions/kiosk-sync.md, "Provisioning, twelfth round"). A
        # page's rows are read back (``prepared``) only when the writer takes them.
        self._taken: queue.SimpleQueue[bytes | OSError | EOFError] = queue.SimpleQueue()
        self._taking = threading.Thread(target=self._take, name="kazasu-rows", daemon=True)
        self._taking.start()
        # The bodies go to the worker from a thread of their own: the fetching thread asks for
        # the next page at once, rather than wait until the worker has read the body, which it
        # does between its conversions (docs/decisions/kiosk-sync.md, "Provisioning, fifteenth
        # round"). None stops the thread.
        self._to_send: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._sending = threading.Thread(target=self._send, name="kazasu-bodies", daemon=True)
        self._sending.start()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (at once: what it has not handed over is not needed)."""
        self._unwatch()
        # The worker first: a thread still waiting on a pipe then reads its end, not a hang.
        self._process.terminate()
        self._process.join()
        self._taking.join()
        self._to_send.put(None)
        self._sending.join()
        for end in (self._bodies, self._heads, self._rows):
            end.close()

    def _take(self) -> None:
        """The rows' thread: each page's rows as they come, until the worker stops."""
        while True:
            try:
                self._rows.poll(None)
                self._counter_idle()
                self._taken.put(self._rows.recv_bytes())
            except (OSError, EOFError) as exc:
                self._taken.put(exc)
                return

    def _send(self) -> None:
        """The bodies' thread: each body to the worker, in the order given, until told to stop
        or the worker has (a page waiting for its head or rows then reads the closed pipe)."""
        while (body := self._to_send.get()) is not None:
            try:
                self._bodies.send_bytes(body)
            except OSError:
                return

    def started(self) -> bool:
        """Whether the worker has started (said so on the heads' pipe); never waits."""
        if not self._started:
            with _worker_alive():
                self._started = self._heads.poll() and self._heads.recv() == STARTED
        return self._started

    def decode_once_started(self, body: bytes) -> Any:
        """As ``decode`` once the worker has started; until then the page decoded in this
        process (``decode_here``; no ``PAGE_KEY``). Starting a worker takes a few tenths of a
        second, which the pages' writer would otherwise spend waiting."""
        if self.started():
            return self.decode(body)
        return decode_here(body, self._counter_idle)

    def decode(self, body: bytes) -> Any:
        """A page body's head (see the module's docstring; waiting for the worker to start);
        raises json.JSONDecodeError for a body that is not JSON, as a decoder does.

        A page of compact person items has its head read here, from the page's outline alone
        (``snapshot_page.head_of``: a few milliseconds), and the worker, which reads the same
        bytes (``snapshot_page.outline``), sends only its rows; any other page's head comes
        from the worker."""
        from kiosk import snapshot_page

        with _worker_alive():
            while not self._started:
                self._started = self._heads.recv() == STARTED
        # Not while the counter serves someone: the worker would not read the page then either.
        self._counter_idle()
        fast = snapshot_page.head_of(body)
        self._to_send.put(body)
        if fast is not None:
            head: Any = fast[0]
        else:
            with _worker_alive():
                head = self._heads.recv()
        if head is None:
            raise json.JSONDecodeError("the snapshot page is not JSON", "", 0)
        if isinstance(head, dict) and isinstance(head.get("items"), list):
            head[PAGE_KEY] = self._decoded
            self._decoded += 1
            self._bodies_sent.append(body)
        return head

    def prepared(self, head: dict[str, Any]) -> PreparedPage:
        """The rows of the page whose head ``decode`` returned (pages are taken in order)."""
        if head.get(PAGE_KEY) != self._prepared:
            raise RuntimeError("snapshot pages taken out of the order they were decoded in")
        taken = self._taken.get()
        with _worker_alive():
            if not isinstance(taken, bytes):
                self._taken.put(taken)  # for any page asked for after this one, too
                raise taken
        # The writer asked once the counter was idle, but may have waited for the rows since:
        # reading them back holds the interpreter for a few milliseconds, not while a tap runs.
        self._counter_idle()
        prepared = _rows_codec()[1].decode(taken)
        self._prepared += 1
        return PreparedPage(
            head["items"], prepared, self._bodies_sent.popleft(), compact_entities(head)
        )


@functools.cache
def _rows_codec() -> tuple[msgspec.msgpack.Encoder, msgspec.msgpack.Decoder[Prepared]]:
    """The pipe's format for a page's rows (``Prepared``): MessagePack by msgspec, read back
    as the named tuple of lists of tuples it was. A third of pickle's cost in the worker and
    about as much as unpickling in the kiosk (docs/decisions/kiosk-sync.md, "Provisioning,
    twelfth round"); msgspec is loaded only once a worker runs."""
    import msgspec

    return msgspec.msgpack.Encoder(), msgspec.msgpack.Decoder(Prepared)


def decode_here(body: bytes, between: Callable[[], object] | None = None) -> Any:
    """A page decoded and converted in this process, carrying its rows ready to write
    (``HERE_KEY``, read by ``prepared_here``). A compact page of person and household upserts
    is converted as the worker converts it (msgspec, ``kiosk.snapshot_page``), and its items
    are None, as in the worker's head; any other page is decoded whole and converted by
    ``feed_prepare.prepare``. A body without a list of items (an error's) is returned as
    decoded.

    ``between`` is called before the page is read and between parts of its decoding and
    conversion: the kiosk waits there while the counter serves someone, as its worker does,
    for this work holds the interpreter that every hop of a tap needs."""
    # Here, not with the module: msgspec is loaded only once a snapshot comes, not at start.
    from kiosk import snapshot_page

    if between is not None:
        between()
    fast = snapshot_page.decoded(body, between)
    if fast is not None:
        head, items = fast
        ready = snapshot_page.prepared(items, between)
        if ready is not None:
            compact = compact_entities(head)
            return head | {HERE_KEY: PreparedPage(head["items"], ready, body, compact)}
    page = orjson.loads(body)
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        return page
    return page | {HERE_KEY: prepared_in_full(page, between)}


def prepared_in_full(
    page: dict[str, Any], between: Callable[[], object] | None = None
) -> PreparedPage:
    """A decoded page's items converted by ``feed_prepare.prepare`` (``between`` as there):
    the path of a page msgspec does not take."""
    items, compact = page["items"], compact_entities(page)
    return PreparedPage(items, prepare(items, compact, between), b"", compact)


def prepared_here(page: dict[str, Any]) -> PreparedPage:
    """The page ``decode_here`` decoded, ready to write."""
    here: PreparedPage = page[HERE_KEY]
    return here


@contextmanager
def _worker_alive() -> Iterator[None]:
    """A pipe to the worker that fails (it died) raised as a lost connection."""
    try:
        yield
    except (OSError, EOFError) as exc:
        raise Transient("the provisioning worker process stopped") from exc


def work(
    bodies: Connection,
    heads: Connection,
    rows: Connection,
    busy_until: ctypes.c_double,
    wait_max_s: float,
) -> None:
    """The worker process: for each page body, its head at once, then its rows; each step
    once the counter is idle (``wait_while_counter_busy``)."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    # Here, not with the module: the kiosk's process imports this module at start-up and needs
    # msgspec only once a snapshot comes (a few hundredths of a second to load).
    from kiosk import snapshot_page

    # The rows are made on a thread of their own, so that a page's head goes out as soon as its
    # body comes, while the page before is still converted or waits for the writer to take it:
    # the kiosk asks for the next page only with a head's token, and a head held back behind the
    # page before kept the platform waiting, page after page (docs/decisions/kiosk-sync.md,
    # "Provisioning, twelfth round").
    idle = functools.partial(wait_while_counter_busy, busy_until, wait_max_s)
    conversions: queue.SimpleQueue[Callable[[], Prepared]] = queue.SimpleQueue()
    threading.Thread(
        target=_convert, args=(conversions, rows, idle), name="kazasu-rows", daemon=True
    ).start()
    heads.send(STARTED)
    while True:
        try:
            body = bodies.recv_bytes()
        except EOFError:
            return
        idle()
        # Most pages: person and household upserts, decoded and checked by msgspec on the
        # converting thread. Their heads the kiosk reads itself (``snapshot_page.head_of``,
        # which takes the pages ``outline`` takes).
        fast = snapshot_page.outline(body)
        if fast is not None:
            rest, items_raw = fast
            conversions.put(functools.partial(_fast_rows, items_raw, rest, body, idle))
            continue
        try:
            page = orjson.loads(body)
        except orjson.JSONDecodeError:
            heads.send(None)
            continue
        items = page.get("items") if isinstance(page, dict) else None
        if not isinstance(items, list):
            # An error answer, or a page the client refuses: it has no rows.
            heads.send(page)
            continue
        heads.send(page | {"items": [None if _is_prepared(i) else i for i in items]})
        conversions.put(functools.partial(prepare, items, compact_entities(page)))


def _fast_rows(
    items_raw: msgspec.Raw, rest: dict[str, Any], body: bytes, idle: Callable[[], None]
) -> Prepared:
    """The rows of a page ``snapshot_page.outline`` read (``rest``, its keys but the items):
    by msgspec (waiting for the counter between parts of the page), or where one of its items
    is not taken there, those of its person and household upserts as the full path makes them
    (the kiosk reads its other items from the body, the head having none)."""
    from kiosk import snapshot_page

    items = snapshot_page.items_of(rest, items_raw)
    ready = None if items is None else snapshot_page.prepared(items, idle)
    if ready is None:
        ready = prepare(orjson.loads(body)["items"], compact_entities(rest))
    return ready


def _convert(
    conversions: queue.SimpleQueue[Callable[[], Prepared]],
    rows: Connection,
    idle: Callable[[], None],
) -> None:
    """The worker's thread that makes each page's rows, in the pages' order, and sends them."""
    try:
        while True:
            conversion = conversions.get()
            idle()
            rows.send_bytes(_rows_codec()[0].encode(conversion()))
    except BaseException:
        # The process ends as it did when this ran on its main thread: the kiosk then reads a
        # closed pipe, a lost connection, rather than wait for rows that never come.
        traceback.print_exc()
        os._exit(1)


def wait_while_counter_busy(busy_until: ctypes.c_double, wait_max_s: float) -> None:
    """In the worker: wait while the kiosk says its counter is busy (until the moment
    ``busy_until`` holds, on ``time.monotonic``'s clock, which is the machine's, not the
    process's), at most ``wait_max_s`` as the kiosk's own background steps
    (``Foreground.wait_idle``)."""
    give_up = time.monotonic() + wait_max_s
    while (left := min(busy_until.value, give_up) - time.monotonic()) > 0:
        time.sleep(min(left, COUNTER_POLL_S))


def _is_prepared(item: Any) -> bool:
    """Whether a page's item is an upsert the worker prepares (a person's or a household's)."""
    return (
        isinstance(item, dict)
        and item.get("entity") in PREPARED_ENTITIES
        and item.get("op", "upsert") == "upsert"
    )
