"""One sync round: session, initial provisioning, push of the outbox, pull of the change feed.

Every step is resumable. Pushed events leave the outbox only after the platform says it has
stored them; pulled pages are applied with their cursor in one transaction; the snapshot's page
token is stored with each page it covers.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kazasu_protocol import b64url
from kiosk import feed_apply, outbox, shelters
from kiosk.counter import save_keys, stored_keys
from kiosk.counter_cuts import CounterCuts, CutShort
from kiosk.feed_page import Applied, BadChange
from kiosk.feed_prepare import prepare
from kiosk.hlc import measured_offset
from kiosk.store import Store, Tx
from sync.client import UNSTATED_MAX_BATCH, Enrolment, PlatformClient
from sync.errors import DeviceRevoked, NotEnrolled, PushTooLarge, Refused, Unauthorized
from sync.keys import key_set
from sync.pages_ahead import PagesAhead
from sync.provisioner import PAGE_KEY as _PAGE
from sync.provisioner import PageReader, PreparedPage, decode_here, prepared_here
from sync.search_indexes import SearchIndexes

SESSION_CONTEXT = b"kazasu-session-v1"
# The most events a batch carries: a push costs one kiosk commit (made while the platform works
# on the batch before) and one platform transaction per batch, whatever its size. A batch is
# smaller where the platform says it takes fewer events or bytes (``GET /v1/devices/me``), and
# at most 1,000 where it does not say.
PUSH_BATCH = 5000
PULL_PAGE = 2000
# About 3 MB of JSON a page of people, 2.5 MB of households. Each page costs the platform a
# request's own work (its session, its transaction), and its pages come one after the other:
# pages of 2,000 cost a PostgreSQL platform a sixth more processor time than pages of 4,000,
# and it set the pace (docs/decisions/kiosk-sync.md, "Provisioning, eighth round" and
# "fifteenth round"). Past the first page the worker decodes them; the kiosk's process reads a
# page's head from its outline (about 6 ms) and takes its rows from the worker (about 6 ms to
# read back), and decodes and converts itself, a part at a time (``decode_here``), only the
# first page, the pages before the worker has started, or a snapshot too small for the worker.
SNAPSHOT_PAGE = 4000
# A snapshot page is written in slices of this many items: the store has one connection, and
# the counter is asked between two slices, where the page's transaction commits when it is busy;
# a card that comes while a slice's statements run cuts them short, and the page's transaction
# is written again (``SyncEngine._apply_slices``). Items are parsed before it
# (feed_apply.prepare), so a slice holds only the writes: about 3-10 ms. A page is one
# transaction whatever its slices, so smaller slices cost no commits (docs/decisions/
# kiosk-sync.md, "The tap during provisioning, twelfth round" and "thirteenth round").
SNAPSHOT_SLICE = 250
# The provisioning thread's pause between transactions while another thread waits for the store.
SLICE_PAUSE_S = 0.001
# A snapshot with more items than this after its first page is decoded and converted in a worker
# process (sync/provisioner.py); a smaller one costs less than starting the process.
WORKER_FROM_ITEMS = 5000
# Renew a session this long before the platform says it ends.
SESSION_MARGIN_S = 15.0

META_ENROLMENT = "sync.enrolment"
META_DEVICE_KEY = "sync.device_key"
META_CURSOR = "sync.cursor"
META_SNAPSHOT = "sync.snapshot"
META_LAST_SUCCESS = "sync.last_success"

T = TypeVar("T")

# (phase, done, total): phase is "provision", "push" or "pull"; total is None when unknown.
Progress = Callable[[str, int, int | None], None]


@dataclass
class RoundReport:
    """What one sync round did."""

    pushed: int = 0
    pulled: int = 0
    provisioned: int = 0
    # Events waiting for staff to map a local shelter onto a platform shelter.
    held: int = 0
    applied: Applied = field(default_factory=Applied)


class SyncEngine:
    """The kiosk's side of the sync protocol over one store."""

    def __init__(
        self,
        store: Store,
        client_factory: Callable[[str, bool | str, str | None], PlatformClient] = PlatformClient,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._client_factory = client_factory
        self._client: PlatformClient | None = None
        self._session_until = 0.0
        self._resumed = False
        # What the platform takes in one push (events, body bytes), learnt with ``_resume``.
        self._push_limits: tuple[int, int | None] = (UNSTATED_MAX_BATCH, None)
        # Session expiry is tracked on the monotonic clock: the wall clock may be days wrong.
        self._monotonic = monotonic

    # -- enrolment -------------------------------------------------------------------------

    def enrolled(self) -> dict[str, Any] | None:
        """The stored enrolment, or None."""
        found = self.store.meta_or_none(META_ENROLMENT)
        return None if found is None else dict(json.loads(found))

    def enrol(
        self, platform_url: str, code: str, label: str, verify: bool | str = True
    ) -> Enrolment:
        """Enrol this kiosk with a one-time code; its unsent events take the new device id."""
        key = self._device_key(create=True)
        public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        client = self._client_factory(platform_url, verify, None)
        enrolment, sent_ms, round_trip_ms = self._timed(
            lambda: client.enrol(code, b64url.encode(public), label)
        )
        client.tls_pin = enrolment.tls_pin
        keys = key_set(enrolment.qr_signing_keys)
        self.store.readdress(enrolment.device_id)
        save_keys(self.store, "sync", keys)
        record = {
            "platform_url": platform_url,
            "verify": verify,
            "device_id": enrolment.device_id,
            "scope": enrolment.scope,
            "tls_pin": enrolment.tls_pin,
        }
        with self.store.transaction() as tx:
            self.store.set_meta(tx, META_ENROLMENT, json.dumps(record, ensure_ascii=False))
            shelters.record_platform_scope(tx, list(enrolment.scope.get("shelters") or []))
            tx.audit("sync", "device.enrol", enrolment.device_id, platform=platform_url)
        self._learn_offset(enrolment.platform_time_ms, sent_ms, round_trip_ms)
        self._client = client
        return enrolment

    # -- a round ---------------------------------------------------------------------------

    def run_once(self, progress: Progress | None = None) -> RoundReport:
        """Provision if needed, push everything waiting, pull until the feed is drained."""
        report = RoundReport()
        self._remember_platform_scope()
        self._with_session(lambda: self._provision(report, progress))
        self._with_session(lambda: self._push(report, progress))
        self._with_session(lambda: self._pull(report, progress))
        self._with_session(self._refresh_keys)
        with self.store.transaction() as tx:
            self.store.set_meta(tx, META_LAST_SUCCESS, self.store.now().isoformat())
        return report

    def push(self, progress: Progress | None = None) -> int:
        """Push everything waiting now; returns how many events the platform stored."""
        report = RoundReport()
        self._with_session(lambda: self._push(report, progress))
        return report.pushed

    def call(self, request: Callable[[PlatformClient], T]) -> T:
        """One request to the platform under a valid session (renewed once if refused)."""
        answers: list[T] = []
        self._with_session(lambda: answers.append(request(self._require_client())))
        return answers[0]

    def waiting(self) -> int:
        """Events waiting to be pushed."""
        with self.store.reading() as conn:
            return outbox.waiting(conn)

    def provisioned(self) -> bool:
        """Whether the initial snapshot has been applied completely."""
        return bool(self._snapshot_state().get("complete"))

    def last_success(self) -> str | None:
        """When the last complete round ended (ISO 8601), if ever."""
        return self.store.meta_or_none(META_LAST_SUCCESS)

    def _remember_platform_scope(self) -> None:
        # A kiosk enrolled before shelters came from the platform learns its scope here.
        enrolment = self.enrolled()
        with self.store.reading() as conn:
            known = shelters.platform_ids(conn) is not None
        if enrolment is not None and not known:
            with self.store.transaction() as tx:
                scoped = enrolment["scope"].get("shelters") or []
                shelters.record_platform_scope(tx, list(scoped))

    def _refresh_keys(self) -> None:
        keys = key_set(self._require_client().keys())
        if keys.to_json() != stored_keys(self.store).to_json():
            save_keys(self.store, "sync", keys)

    def _resume(self) -> None:
        """Once per process: learn how far the platform holds this device's events, so that a
        store restored from a backup neither resends them nor forks the chain, and how large a
        push it takes."""
        state = self._require_client().me()
        acked, head_hash = state.acked_seq, state.head_hash
        self._push_limits = (min(PUSH_BATCH, state.max_batch), state.body_limit)
        with self.store.transaction() as tx:
            before = outbox.acknowledged_seq(tx.conn)
            try:
                dropped = outbox.resume_from(tx.conn, acked, head_hash)
            except ValueError as exc:
                raise Refused(409, "chain-mismatch", str(exc)) from exc
            if acked > before:
                detail = {"platform_seq": acked, "kiosk_acked": before, "dropped": dropped}
                tx.audit("sync", "outbox.resume", self.store.device_id, **detail)
        self._resumed = True

    def _push(self, report: RoundReport, progress: Progress | None) -> None:
        # A tap's own check-in wakes the worker for this push while its answer is still being
        # painted: the push waits for the counter's quiet (at most ``wait_max_s``, so a
        # counter that is never idle delays it but cannot stop it).
        self.store.foreground.wait_idle()
        client = self._require_client()
        if not self._resumed:
            self._resume()
        total = self.waiting()
        # Events at a local shelter not yet mapped wait, with everything after them: the
        # mapping re-hashes them, which is safe only while none of them has been sent.
        held = frozenset(s.shelter_id for s in shelters.ShelterService(self.store).unmapped())
        with self.store.transaction() as tx:
            batch = self._next_batch(tx, held)
        unacknowledged: int | None = None
        # While the platform stores a batch, the kiosk writes, in one durable commit, the
        # acknowledgement of the batch before and the mark of the next one as sent (it must be
        # durable before that batch leaves). Batches are still sent one after the other: the
        # platform takes a device's events only in chain order.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kazasu-push") as pool:
            while batch is not None:
                answer = pool.submit(client.push, batch.body)
                with self.store.transaction() as tx:
                    if unacknowledged is not None:
                        report.pushed += outbox.acknowledge(tx.conn, unacknowledged)
                    upcoming = self._next_batch(tx, held, after=batch.last_seq)
                if progress is not None and unacknowledged is not None:
                    progress("push", report.pushed, total)
                try:
                    unacknowledged = answer.result()
                except PushTooLarge as refused:
                    # Nothing of the batch was stored: its events go again in smaller
                    # batches, from the first not acknowledged.
                    self._learn_limits_again(batch, refused)
                    with self.store.transaction() as tx:
                        batch = self._next_batch(tx, held)
                    unacknowledged = None
                    continue
                if unacknowledged < batch.first_seq:
                    raise Refused(
                        409,
                        "push-stalled",
                        f"the platform did not store event {batch.first_seq}; see its incidents",
                    )
                if unacknowledged == batch.last_seq:
                    batch = upcoming
                    continue
                # Stored only in part (a refused event halts the chain) or beyond it: the rest
                # is sent again from what the platform acknowledged.
                with self.store.transaction() as tx:
                    report.pushed += outbox.acknowledge(tx.conn, unacknowledged)
                    batch = self._next_batch(tx, held)
                unacknowledged = None
        if unacknowledged is not None:
            with self.store.transaction() as tx:
                report.pushed += outbox.acknowledge(tx.conn, unacknowledged)
            if progress is not None:
                progress("push", report.pushed, total)
        with self.store.reading() as conn:
            report.held = outbox.held_back(conn, held)

    def _learn_limits_again(self, refused_batch: outbox.Outgoing, refused: PushTooLarge) -> None:
        """The platform took less than it said (put back to an older version, another process
        behind a load balancer, a lowered ``--body-limit``): ask it again. Where what it says
        now would take the batch it refused, or it says nothing, the next batches carry half as
        many events. Each refused batch is thus followed by a shorter one from the same event,
        down to a single event, whose refusal is raised as it is."""
        if refused_batch.count == 1:
            raise refused
        state = self._require_client().me()
        events, body_bytes = min(PUSH_BATCH, state.max_batch), state.body_limit
        if refused_batch.count <= events and (
            body_bytes is None or len(refused_batch.body) <= body_bytes
        ):
            events = refused_batch.count // 2
        self._push_limits = (events, body_bytes)

    def _next_batch(self, tx: Tx, held: frozenset[str], after: int = 0) -> outbox.Outgoing | None:
        """The next batch to push (after device seq ``after``), marked as sent in ``tx``: from
        its commit on, the platform may hold it even if its answer is lost, so it is never
        rewritten."""
        events, body_bytes = self._push_limits
        batch = outbox.outgoing(tx.conn, events, held, after, body_bytes)
        if batch is not None:
            outbox.mark_sent(tx.conn, batch.last_seq)
        return batch

    def _pull(self, report: RoundReport, progress: Progress | None) -> None:
        client = self._require_client()
        while True:
            page = client.changes(self._cursor(), PULL_PAGE)
            meta = {META_CURSOR: str(page["next_after"])}
            self._apply_page(page["changes"], report.applied, meta)
            report.pulled += len(page["changes"])
            if progress is not None:
                progress("pull", report.pulled, None)
            if not page["has_more"]:
                return

    def _provision(self, report: RoundReport, progress: Progress | None) -> None:
        state = self._snapshot_state()
        if state.get("complete"):
            return
        client = self._require_client()
        # An empty store takes its first snapshot without the persons' search indexes.
        indexes = SearchIndexes(not state and self._store_is_empty())
        with ExitStack() as stack:
            # No checkpoint inside a slice's commit, where a tap would wait for it: they are
            # made beside the slices, from another connection (kiosk/checkpoints.py).
            checkpoints = stack.enter_context(self.store.checkpoints_aside())
            # A tap waits for no slice: the counter cuts the one under way short.
            cuts = stack.enter_context(self.store.counter_cuts())
            foreground = self.store.foreground
            # The pages read in this process are converted as they are decoded, a part at a
            # time, stepping aside for the counter between parts (the worker reads the rest).
            here = functools.partial(decode_here, between=foreground.wait_idle)
            stack.enter_context(_decoding_with(client, here))
            page = client.snapshot(state.get("token"), SNAPSHOT_PAGE)
            reader: PageReader | None = None
            if page.get("next_page_token") and _big(page):
                # Decoding and converting the pages moves to a worker process from here on.
                reader = stack.enter_context(PageReader(foreground))
                stack.enter_context(_decoding_with(client, reader.decode_once_started))
            # The next pages download (and are decoded) while this one is written: the platform,
            # the worker and the kiosk's store work at the same time. The stored token still
            # covers only applied pages.
            ahead = stack.enter_context(
                PagesAhead(client, page.get("next_page_token"), SNAPSHOT_PAGE, reader, foreground)
            )
            while True:
                token = page.get("next_page_token")
                position = state.get("position", page["snapshot_position"])
                done = int(state.get("done", 0)) + len(page["items"])
                state = {"position": position, "token": token, "done": done, "complete": not token}
                meta = {META_SNAPSHOT: json.dumps(state)}
                if not token:
                    # The feed continues from the snapshot's position, set with its last page.
                    meta[META_CURSOR] = str(position)
                # The worker's rows are read back once the counter is idle (PageReader.prepared).
                items = reader.prepared(page) if reader and _PAGE in page else prepared_here(page)
                count = len(items.items)
                # The position advances with a page's last slice only: a page cut short is
                # fetched and applied again, and applying the same items twice changes nothing.
                first = 0
                # A transaction the counter cut short is written again, and the rest of its
                # page is not cut: the page then ends however often people tap.
                cutting: CounterCuts | None = cuts
                while first < max(count, 1):
                    # No transaction starts while the counter serves someone: the counter's
                    # threads then have the interpreter (and the store) to themselves.
                    foreground.wait_idle()
                    went_on = self._apply_slices(
                        items, first, meta, indexes, report.applied, cutting
                    )
                    if went_on is None:
                        cutting = None
                    else:
                        first = went_on
                    if checkpoints is not None:
                        checkpoints.bound()
                    # A tap waiting for this transaction gets the store before the next one: a
                    # released lock is otherwise often retaken by the same thread at once. With
                    # nobody waiting the next one starts at once: a pause after each of them was
                    # a fifth of a provisioning's time.
                    if self.store.contended():
                        time.sleep(SLICE_PAUSE_S)
                report.provisioned += count
                if progress is not None:
                    total = page.get("total_items")
                    progress("provision", done, total if isinstance(total, int) else None)
                if not token:
                    return
                page = ahead.next()

    def _apply_slices(
        self,
        items: PreparedPage,
        first: int,
        meta: dict[str, str],
        indexes: SearchIndexes,
        applied: Applied,
        cuts: CounterCuts | None,
    ) -> int | None:
        """Write a snapshot page's slices from item ``first`` on in one transaction, until the
        page's last (with its ``meta``) or until the counter or another thread wants the store;
        returns where the next transaction starts, or None when ``cuts`` cut it short.

        Between two slices the transaction commits as soon as the counter is busy (from the
        reader's report of a card) or another thread waits for the store. With nobody at the
        counter a page is one transaction, not one a slice: each commit writes again the pages
        every slice touched (docs/decisions/kiosk-sync.md, "Provisioning, fourteenth round").
        A card that comes while a slice's statements run cuts them short: SQLite rolls the
        transaction back, so a tap waits for no slice, and what this knew of the indexes and
        counted is set back with it (docs/decisions/kiosk-sync.md, "The tap during
        provisioning, thirteenth round")."""
        count = len(items.items)
        # The snapshot's last page moves the feed's cursor and commits durably. Its other pages
        # need not wait for the disk: one lost to a power cut is fetched and applied again from
        # the token stored before it, nothing of them is acknowledged to anyone, and the next
        # durable commit (a tap's, the last page's) makes them durable with it
        # (docs/decisions/kiosk-sync.md, "Provisioning, seventh round").
        final = META_CURSOR in meta
        indexes_before, counted_before = indexes.saved(), replace(applied)
        try:
            with _refusing_bad_changes(), self.store.transaction(final) as tx:
                while True:
                    first = self._write_slice(tx, items, first, final, indexes, applied, cuts)
                    if first >= count:
                        for key, value in meta.items():
                            self.store.set_meta(tx, key, value)
                        break
                    if self.store.foreground.busy() or self.store.contended():
                        break
                tx.remember_clock()
        except CutShort:
            indexes.restore(indexes_before)
            vars(applied).update(vars(counted_before))
            return None
        return first

    def _write_slice(
        self,
        tx: Tx,
        items: PreparedPage,
        first: int,
        final: bool,
        indexes: SearchIndexes,
        applied: Applied,
        cuts: CounterCuts | None,
    ) -> int:
        """Write the slice of a snapshot page from item ``first`` in ``tx`` (``final``: the
        snapshot's last page), its records cut short by the counter through ``cuts``; returns
        where the next slice starts."""
        stop = first + SNAPSHOT_SLICE
        part = items.prepared.part(first, stop)
        also = indexes.before(part, final and stop >= len(items.items))
        if also is not None:
            # The indexes' drop and build are never cut: a build cut short would start over.
            also(tx.conn)
        with cuts.running() if cuts is not None else nullcontext():
            feed_apply.apply_page(tx, items.changes(first, stop), applied, part)
        return stop

    def _store_is_empty(self) -> bool:
        with self.store.reading() as conn:
            return not feed_apply.holds_people(conn)

    def _apply_page(
        self, changes: Sequence[dict[str, Any]], applied: Applied, meta: dict[str, str]
    ) -> None:
        # Parsed before the transaction: the store is held only while the rows are written.
        prepared = prepare(changes)
        with _refusing_bad_changes(), self.store.transaction() as tx:
            feed_apply.apply_page(tx, changes, applied, prepared)
            for key, value in meta.items():
                self.store.set_meta(tx, key, value)
            # The stamps observed on this page bind the next process too, not only this one.
            tx.remember_clock()

    # -- session and state -----------------------------------------------------------------

    def _with_session(self, step: Callable[[], None]) -> None:
        self._ensure_session()
        try:
            step()
        except DeviceRevoked:
            raise  # no session will help
        except Unauthorized:
            # Tokens are short-lived by design; one fresh session, then give up this round.
            self._session_until = 0.0
            self._ensure_session()
            step()

    def _ensure_session(self) -> None:
        client = self._require_client()
        if client.token and self._monotonic() < self._session_until:
            return
        device_id = self.store.device_id
        challenge_id, nonce = client.challenge(device_id)
        message = b"\n".join([SESSION_CONTEXT, device_id.encode(), nonce.encode()])
        signature = self._device_key(create=False).sign(message)
        session, sent_ms, round_trip_ms = self._timed(
            lambda: client.open_session(device_id, challenge_id, b64url.encode(signature))
        )
        self._session_until = self._monotonic() + max(0.0, session.expires_in - SESSION_MARGIN_S)
        self._learn_offset(session.platform_time_ms, sent_ms, round_trip_ms)

    def _timed(self, request: Callable[[], T]) -> tuple[T, int, float]:
        """The answer, the kiosk's uncorrected clock when it was asked, and the round trip in
        ms on the monotonic clock (the wall clock may be stepped while waiting)."""
        sent_ms = self.store.clock.local_ms()
        start = self._monotonic()
        answer = request()
        return answer, sent_ms, (self._monotonic() - start) * 1000

    def _learn_offset(self, platform_ms: int | None, sent_ms: int, round_trip_ms: float) -> None:
        if platform_ms is not None:
            self.store.learn_clock_offset(measured_offset(platform_ms, sent_ms, round_trip_ms))

    def _require_client(self) -> PlatformClient:
        if self._client is None:
            enrolment = self.enrolled()
            if enrolment is None:
                raise NotEnrolled("this kiosk is not enrolled with a platform yet")
            self._client = self._client_factory(
                enrolment["platform_url"], enrolment["verify"], enrolment.get("tls_pin")
            )
        return self._client

    def _device_key(self, create: bool) -> Ed25519PrivateKey:
        found = self.store.meta_or_none(META_DEVICE_KEY)
        if found is not None:
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(found))
        if not create:
            raise NotEnrolled("this kiosk has no device key: enrol it first")
        seed = secrets.token_bytes(32)
        # The key lives in the encrypted store, never in a file of its own.
        with self.store.transaction() as tx:
            self.store.set_meta(tx, META_DEVICE_KEY, seed.hex())
        return Ed25519PrivateKey.from_private_bytes(seed)

    def _cursor(self) -> int:
        found = self.store.meta_or_none(META_CURSOR)
        return 0 if found is None else int(found)

    def _snapshot_state(self) -> dict[str, Any]:
        found = self.store.meta_or_none(META_SNAPSHOT)
        return {} if found is None else dict(json.loads(found))

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()


def _big(page: dict[str, Any]) -> bool:
    """Whether the rest of the snapshot after ``page`` is worth a worker process."""
    total = page.get("total_items")
    return isinstance(total, int) and total - len(page["items"]) > WORKER_FROM_ITEMS


@contextmanager
def _refusing_bad_changes() -> Iterator[None]:
    """A change the kiosk cannot apply raised as the platform's refusal (its transaction rolled
    back)."""
    try:
        yield
    except BadChange as exc:
        raise Refused(
            422, "bad-change", f"the platform sent a change this kiosk cannot apply: {exc}"
        ) from exc


@contextmanager
def _decoding_with(client: PlatformClient, decode: Callable[[bytes], Any]) -> Iterator[None]:
    """The client's snapshot pages decoded by ``decode`` for the duration."""
    before = client.snapshot_decoder
    client.snapshot_decoder = decode
    try:
        yield
    finally:
        client.snapshot_decoder = before
