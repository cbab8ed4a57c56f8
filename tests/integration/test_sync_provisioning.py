"""A big snapshot is decoded and converted in a worker process (sync/provisioner.py) and the
kiosk only writes it: the store ends the same as when everything runs in the kiosk's process,
with the same guarantees (local unsent edits merged, a bad item refuses its page, a dead worker
is a lost connection). A first provisioning into an empty store builds the persons' search
indexes once its people are in (or at its end), and a kiosk stopped before that builds them
when it starts again."""

from __future__ import annotations

import ctypes
import json
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
import pytest

from kiosk import snapshot_page
from kiosk.app import Kiosk
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied, BadChange
from kiosk.foreground import Foreground
from kiosk.household_row import WRITE_HOUSEHOLD
from kiosk.migrations import PERSON_SEARCH_INDEXES
from kiosk.model import Household, Person
from kiosk.people import add_household, add_person
from kiosk.store import Store
from sync.engine import META_CURSOR, SLICE_PAUSE_S
from sync.errors import Transient
from sync.provisioner import (
    HERE_KEY,
    PAGE_KEY,
    WORKER_NICENESS,
    PageReader,
    PreparedPage,
    decode_here,
    prepared_here,
    wait_while_counter_busy,
)
from tests.integration.broken_worker import work_whose_conversion_fails
from tests.integration.builders import PowerLostAtSecondSlice, compact_item, people
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.tooling.faultproxy import Fault, FaultProxy

OLD = "000001700000000000:00000:platform"
SEARCH_INDEXES = ["persons_furigana", "persons_name"]


def tables(kiosk: Kiosk) -> dict[str, list[tuple[Any, ...]]]:
    """What a provisioning writes, table by table."""
    found = {}
    with kiosk.store.reading() as conn:
        for table in ("persons", "identifiers", "households", "presence", "shelters"):
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            found[table] = [tuple(r) for r in rows]
    return found


def indexes(store: Store) -> list[str]:
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons'"
            " AND name IN ('persons_furigana', 'persons_name') ORDER BY name"
        ).fetchall()
    return [str(r[0]) for r in rows]


class CountingReader(PageReader):
    """A page reader that counts the pages its worker process converted, and waits for the
    worker to start rather than decode the first pages in the kiosk's process."""

    pages = 0

    def decode_once_started(self, body: bytes) -> Any:
        return self.decode(body)

    def prepared(self, head: dict[str, Any]) -> PreparedPage:
        CountingReader.pages += 1
        return super().prepared(head)


class LateReader(CountingReader):
    """A page reader whose worker is taken as started only from the fourth page on: the
    pages before it are decoded and converted in the kiosk's process."""

    asked = 0

    def decode_once_started(self, body: bytes) -> Any:
        LateReader.asked += 1
        if LateReader.asked < 4:
            return decode_here(body)
        return self.decode(body)


def households(kiosk: Kiosk, count: int) -> None:
    """Register ``count`` residents in households of two, every fifth household with a phone."""
    with kiosk.store.transaction() as tx:
        for i in range(count):
            household_id = f"h-a-{i // 2:05d}"
            if i % 2 == 0:
                add_household(tx, Household(household_id, phone="090" if i % 10 == 0 else ""))
            person = Person(f"p-h-{i:05d}", f"住民 {i}", "じゅうみん", household_id=household_id)
            add_person(tx, person, "import")


def provisioned_here_then_through(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, reader: type[PageReader]
) -> Kiosk:
    """A kiosk provisioned in pages of 150 converted in its own process; the kiosks made after
    it take every snapshot through a worker read by ``reader``."""
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 150)
    here, sync_here = make_kiosk("here")
    sync_here.run_once()
    monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    monkeypatch.setattr("sync.engine.PageReader", reader)
    return here


def test_a_snapshot_converted_in_the_worker_process_leaves_the_store_as_one_converted_here(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    ids = people(a, 600, "a")
    households(a, 600)
    for person_id in ids[:200]:
        a.presence.check_in("staff", person_id, "S1")
    sync_a.run_once()
    here = provisioned_here_then_through(make_kiosk, monkeypatch, CountingReader)
    there, sync_there = make_kiosk("there")
    report = sync_there.run_once()
    assert sync_there.provisioned() and report.provisioned > 1500
    # Every page after the first went through the worker process.
    assert CountingReader.pages >= 4
    assert tables(there) == tables(here)
    assert len(there.presence.present("S1")) == 200
    assert there.people.household("h-a-00005").phone == "090"
    assert len(tables(there)["households"]) == 300


def test_pages_decoded_here_until_the_worker_has_started_leave_the_same_store(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    households(a, 600)
    sync_a.run_once()
    here = provisioned_here_then_through(make_kiosk, monkeypatch, LateReader)
    CountingReader.pages = LateReader.asked = 0
    there, sync_there = make_kiosk("there")
    sync_there.run_once()
    assert sync_there.provisioned()
    # Pages two to four were decoded here, the rest in the worker.
    assert CountingReader.pages == LateReader.asked - 3 >= 4
    assert tables(there) == tables(here)


def test_a_reader_decodes_here_until_its_worker_says_it_has_started() -> None:
    body = page_body([item("p-1", "架空 一郎")])
    with PageReader() as reader:
        # A process just spawned has not imported anything yet.
        assert not reader.started()
        here = reader.decode_once_started(body)
        assert PAGE_KEY not in here and here["items"][0]["payload"]["person_id"] == "p-1"
        # ``decode`` waits for the worker; from then on every page goes to it.
        assert reader.decode(body)["items"] == [None]
        assert reader.started()
        head = reader.decode_once_started(body)
        assert head["items"] == [None] and head[PAGE_KEY] == 1


def test_a_compact_page_read_before_the_worker_has_started_is_converted_here_as_there() -> None:
    # As the platform writes it: one stamp for the record, its id among its fields.
    person = item("p-1", "架空 一郎")
    del person["payload"]["field_hlc"]
    person["payload"]["hlc"] = OLD
    person["payload"]["fields"]["person_id"] = "p-1"
    household = {
        "entity": "household",
        "payload": {
            "household_id": "h-1",
            "fields": {"household_id": "h-1", "phone": "090"},
            "field_hlc": {"household_id": OLD, "phone": OLD},
            "members": [{"person_id": "p-1", "relation": "本人"}],
        },
    }
    body = orjson.dumps(orjson.loads(page_body([person, household])) | {"person_items": "compact"})
    with PageReader() as reader:
        assert not reader.started()
        here = reader.decode_once_started(body)
        # The head as the worker's, the rows made here (by the thread that fetched it).
        assert PAGE_KEY not in here and here["items"] == [None, None]
        there = reader.prepared(reader.decode(body))
    ready = prepared_here(here)
    assert ready.prepared == there.prepared and len(ready.prepared.rows) == 1
    assert ready.change(0)["payload"]["fields"]["name"] == "架空 一郎"


@pytest.mark.parametrize("fault", [Fault.TRUNCATE, Fault.SHORT_BODY])
@pytest.mark.parametrize("worker", [True, False], ids=["worker", "in-process"])
def test_a_snapshot_page_cut_short_on_the_way_fails_the_round_and_the_next_one_completes(
    make_kiosk: KioskMaker,
    platform: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    fault: Fault,
    worker: bool,
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 150)
    here, sync_here = make_kiosk("here")
    sync_here.run_once()
    if worker:
        monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    with FaultProxy(platform.url) as proxy:
        there, sync_there = make_kiosk("there", url=proxy.url)
        # A page after the first: the one that goes through the worker when there is one.
        proxy.add(fault, path="/v1/sync/snapshot?limit=150&page_token=", times=1)
        with pytest.raises(Transient, match="cut short or garbled"):
            sync_there.run_once()
        assert not sync_there.provisioned()
        sync_there.run_once()
        assert proxy.counters[fault.value] == 1
    assert sync_there.provisioned()
    assert tables(there) == tables(here)


def item(person_id: str, name: str, **payload: Any) -> dict[str, Any]:
    """A person's snapshot item, every field stamped OLD."""
    fields = {"name": name, "furigana": "かくう たろう", "phone": "090-0000-0000"}
    base = {
        "person_id": person_id,
        "household_id": None,
        "fields": fields,
        "field_hlc": dict.fromkeys(fields, OLD),
        "card_keys": [f"jpki:{person_id}"],
    }
    return {"entity": "person", "payload": base | payload}


def page_body(items: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(
        {"protocol": 1, "snapshot_position": 7, "items": items, "next_page_token": None}
    )


def compact_page(ids: list[str], token: str | None = None) -> bytes:
    """A page of compact person items (docs/protocol/sync.md, "Snapshot"), one stamp each."""
    fields = {"name": "架空 太郎", "furigana": "かくう"}
    items = [compact_item(pid, fields | {"person_id": pid}, hlc=OLD) for pid in ids]
    page = {"protocol": 1, "snapshot_position": 7, "person_items": "compact", "items": items}
    return orjson.dumps(page | {"next_page_token": token})


@pytest.fixture
def kiosk(tmp_path: Any) -> Kiosk:
    store = Store.create(tmp_path / "k", KIOSK_PASSPHRASE, use_os_keystore=False)
    return Kiosk.over(store)


def test_a_local_unsent_edit_is_merged_over_a_page_converted_in_the_worker(
    kiosk: Kiosk,
) -> None:
    person = kiosk.people.register("staff", Person("", "山田 太郎", "やまだ たろう"))
    kiosk.people.update("staff", person.person_id, phone="080-1111-2222")
    items = [item(person.person_id, "山田 次郎"), item("p-2", "架空 花子")]
    with PageReader() as reader:
        head = reader.decode(page_body(items))
        assert head["snapshot_position"] == 7 and head["items"] == [None, None]
        prepared = reader.prepared(head)
    with kiosk.store.transaction() as tx:
        apply_page(tx, prepared.changes(0, 2), Applied(), prepared.prepared)
    held = kiosk.people.get(person.person_id)
    assert (held.name, held.phone) == ("山田 次郎", "080-1111-2222")
    assert kiosk.people.get("p-2").name == "架空 花子"


def household_item(household_id: str, **fields: Any) -> dict[str, Any]:
    """A household's snapshot item, every field stamped OLD."""
    payload = {
        "household_id": household_id,
        "fields": fields,
        "field_hlc": dict.fromkeys(fields, OLD),
        "members": [],
    }
    return {"entity": "household", "entity_id": household_id, "payload": payload}


def test_a_local_unsent_household_edit_is_merged_over_a_page_converted_in_the_worker(
    kiosk: Kiosk,
) -> None:
    local = kiosk.people.register_household("staff", Household("", phone="090-0000-0000"))
    kiosk.people.update_household("staff", local.household_id, phone="080-1111-2222")
    items = [
        household_item(local.household_id, address="架空市", phone="090-3333-3333"),
        household_item("h-2", address="架空町"),
    ]
    with PageReader() as reader:
        head = reader.decode(page_body(items))
        assert head["items"] == [None, None]
        prepared = reader.prepared(head)
    assert prepared.prepared.household_at == [0, 1]
    with kiosk.store.transaction() as tx:
        apply_page(tx, prepared.changes(0, 2), Applied(), prepared.prepared)
    held = kiosk.people.household(local.household_id)
    assert (held.address, held.phone) == ("架空市", "080-1111-2222")
    assert kiosk.people.household("h-2").address == "架空町"


def test_a_bad_item_in_a_page_converted_in_the_worker_refuses_the_page(kiosk: Kiosk) -> None:
    items = [item("p-1", "架空 太郎"), item("p-2", "架空 花子", field_hlc={"name": 7})]
    with PageReader() as reader:
        prepared = reader.prepared(reader.decode(page_body(items)))
    with (
        pytest.raises(BadChange, match="field_hlc"),
        kiosk.store.transaction() as tx,
    ):
        apply_page(tx, prepared.changes(0, 2), Applied(), prepared.prepared)
    with kiosk.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0


def test_a_bad_household_in_a_page_converted_in_the_worker_refuses_the_page(
    kiosk: Kiosk,
) -> None:
    items = [household_item("h-1", phone="1"), household_item("h-2", tenure="castle")]
    with PageReader() as reader:
        prepared = reader.prepared(reader.decode(page_body(items)))
    assert prepared.prepared.household_at == [0]
    with (
        pytest.raises(BadChange, match="change \\?: tenure"),
        kiosk.store.transaction() as tx,
    ):
        apply_page(tx, prepared.changes(0, 2), Applied(), prepared.prepared)
    with kiosk.store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM households").fetchone()[0] == 0


def test_a_body_that_is_not_json_is_said_so_and_the_worker_goes_on() -> None:
    with PageReader() as reader:
        with pytest.raises(json.JSONDecodeError):
            reader.decode(b'{"items": [')
        head = reader.decode(page_body([item("p-1", "架空 太郎")]))
        assert reader.prepared(head).prepared.at == [0]


def test_pages_decoded_one_after_another_keep_their_own_bodies(kiosk: Kiosk) -> None:
    # Two pages in flight: each page's people applied in full come from its own body.
    person = kiosk.people.register("staff", Person("", "山田 太郎", "やまだ たろう"))
    kiosk.people.update("staff", person.person_id, phone="080-1111-2222")
    with PageReader() as reader:
        first = reader.decode(page_body([item("p-1", "架空 太郎")]))
        second = reader.decode(page_body([item(person.person_id, "山田 次郎")]))
        reader.prepared(first)
        prepared = reader.prepared(second)
    assert prepared.change(0)["payload"]["person_id"] == person.person_id


def test_a_page_s_head_comes_while_the_rows_of_the_page_before_wait_to_be_taken() -> None:
    # The first page's rows are far more than a pipe holds: the worker cannot hand them over
    # before the writer takes them, and the next page's head (its token) must not wait for it.
    first = page_body([item(f"p-{i:04d}", "架空 太郎") for i in range(1000)])
    with PageReader() as reader:
        first_head = reader.decode(first)
        heads: queue.Queue[Any] = queue.Queue()
        threading.Thread(
            target=lambda: heads.put(reader.decode(page_body([item("p-x", "架空 花子")]))),
            daemon=True,
        ).start()
        second_head = heads.get(timeout=30)
        assert len(reader.prepared(first_head).prepared.rows) == 1000
        assert reader.prepared(second_head).prepared.rows[0][0] == "p-x"


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stopping a process is POSIX's")
def test_a_compact_page_s_head_comes_without_waiting_for_the_worker() -> None:
    # The next page is asked for with the head's token: a worker busy with the pages before
    # (here stopped outright) must not hold the platform up, nor the page's body (far more than
    # a pipe holds) the thread that fetched it.
    body = compact_page([f"p-{i:04d}" for i in range(1000)], "next-token")
    with PageReader() as reader:
        started = reader.decode(compact_page(["p-0"]))
        pid = reader._process.pid or 0
        os.kill(pid, signal.SIGSTOP)
        try:
            heads: queue.Queue[Any] = queue.Queue()
            threading.Thread(target=lambda: heads.put(reader.decode(body)), daemon=True).start()
            head = heads.get(timeout=30)
        finally:
            os.kill(pid, signal.SIGCONT)
        assert head["next_page_token"] == "next-token" and head["items"] == [None] * 1000
        assert reader.prepared(started).prepared.rows[0][0] == "p-0"
        assert len(reader.prepared(head).prepared.rows) == 1000


@pytest.mark.skipif(not hasattr(os, "nice"), reason="scheduling priority is POSIX's")
def test_the_worker_runs_at_a_lower_priority_than_the_kiosk() -> None:
    with PageReader() as reader:
        # Its first answer comes after it lowered its priority.
        reader.decode(page_body([item("p-1", "架空 太郎")]))
        worker = os.getpriority(os.PRIO_PROCESS, reader._process.pid or 0)
    assert worker == os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS


def test_a_worker_process_that_died_is_a_lost_connection() -> None:
    with PageReader() as reader:
        reader._process.kill()
        reader._process.join()
        with pytest.raises(Transient, match="worker process stopped"):
            reader.decode(page_body([item("p-1", "架空 太郎")]))


def test_the_worker_converts_the_pages_ahead_while_the_writer_takes_none() -> None:
    # Three pages whose rows are each far more than a pipe holds: the kiosk takes them off the
    # pipe as they come, so the worker goes on to the next page, and each page's rows are
    # there when the writer asks, even once the worker has stopped.
    pages = [
        page_body([item(f"p-{page}-{i:04d}", "架空 太郎") for i in range(1000)])
        for page in range(3)
    ]
    with PageReader() as reader:
        heads = [reader.decode(body) for body in pages]
        deadline = time.monotonic() + 30
        while reader._taken.qsize() < 3:
            assert time.monotonic() < deadline, "the worker's rows did not all come"
            time.sleep(0.01)
        reader._process.terminate()
        reader._process.join()
        firsts = [reader.prepared(head).prepared.rows[0][0] for head in heads]
    assert firsts == ["p-0-0000", "p-1-0000", "p-2-0000"]


def test_the_worker_neither_decodes_nor_converts_while_the_counter_serves_someone() -> None:
    # Bounds far beyond the test's: only the counter's end lets the worker go on.
    foreground = Foreground(hold_max_s=600.0, after_s=0.0, wait_max_s=600.0)
    with PageReader(foreground) as reader:
        reader.prepared(reader.decode(page_body([item("p-first", "架空 太郎")])))
        done = foreground.begin()
        heads: queue.Queue[Any] = queue.Queue()
        body = page_body([item(f"p-{i:04d}", "架空 太郎") for i in range(1000)])
        threading.Thread(target=lambda: heads.put(reader.decode(body)), daemon=True).start()
        with pytest.raises(queue.Empty):
            heads.get(timeout=0.5)
        assert reader._taken.qsize() == 0
        done()
        head = heads.get(timeout=30)
        assert reader.prepared(head).prepared.rows[0][0] == "p-0000"


def test_rows_that_came_while_the_writer_waited_are_read_back_once_the_counter_is_idle() -> None:
    # The writer asks for a page's rows once the counter is idle and may then wait for them;
    # reading them back holds the interpreter, so rows there as a card comes wait for the tap.
    foreground = Foreground(hold_max_s=600.0, after_s=0.0, wait_max_s=600.0)
    with PageReader(foreground) as reader:
        reader.prepared(reader.decode(page_body([item("p-first", "架空 太郎")])))
        head = reader.decode(page_body([item(f"p-{i:04d}", "架空 太郎") for i in range(1000)]))
        deadline = time.monotonic() + 30
        while reader._taken.qsize() < 1:
            assert time.monotonic() < deadline, "the worker's rows did not come"
            time.sleep(0.01)
        pages: queue.Queue[PreparedPage] = queue.Queue()
        with foreground.serving():
            threading.Thread(target=lambda: pages.put(reader.prepared(head)), daemon=True).start()
            with pytest.raises(queue.Empty):
                pages.get(timeout=0.5)
        assert pages.get(timeout=30).prepared.rows[0][0] == "p-0000"


def test_a_page_converted_here_waits_while_the_counter_serves_someone() -> None:
    # Before the worker has started, the kiosk's own conversion steps aside as the worker's
    # does: it holds the interpreter that every hop of a tap needs.
    foreground = Foreground(hold_max_s=600.0, after_s=0.0, wait_max_s=600.0)
    with PageReader(foreground) as reader, foreground.serving():
        assert not reader.started()
        heads: queue.Queue[Any] = queue.Queue()
        body = compact_page([f"p-{i:04d}" for i in range(1000)])
        threading.Thread(
            target=lambda: heads.put(reader.decode_once_started(body)), daemon=True
        ).start()
        with pytest.raises(queue.Empty):
            heads.get(timeout=0.5)
        assert foreground.waiting == 1
    head = heads.get(timeout=30)
    assert PAGE_KEY not in head
    assert prepared_here(head).prepared.rows[0][0] == "p-0000"


def test_a_snapshot_s_pages_read_in_the_kiosk_s_process_come_to_the_writer_converted(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first page, and every page of a snapshot too small for a worker: converted by the
    # thread that fetched them, in parts that step aside for the counter (``decode_here``),
    # not whole by the writer.
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 150)
    written: list[dict[str, Any]] = []

    def writing(page: dict[str, Any]) -> PreparedPage:
        written.append(page)
        return prepared_here(page)

    monkeypatch.setattr("sync.engine.prepared_here", writing)
    there, sync_there = make_kiosk("there")
    sync_there.run_once()
    assert sync_there.provisioned() and len(written) == 5
    assert all(isinstance(page.get(HERE_KEY), PreparedPage) for page in written)
    assert len(tables(there)["persons"]) == 600


def test_a_page_decoded_here_calls_between_before_it_is_read_and_before_each_part() -> None:
    made: list[int] = []
    count = 2 * snapshot_page.BETWEEN_EVERY + 1
    page = decode_here(compact_page([f"p-{i:04d}" for i in range(count)]), lambda: made.append(1))
    # Once before, then three parts decoded and three converted.
    assert len(made) == 7
    assert len(prepared_here(page).prepared.rows) == count


def test_a_worker_told_the_counter_is_busy_waits_until_it_is_idle_or_the_wait_runs_out() -> None:
    busy_until = ctypes.c_double(time.monotonic() + 600)
    # Idle sooner than first told (the tap was painted): the worker goes on then.
    threading.Timer(0.2, lambda: setattr(busy_until, "value", time.monotonic())).start()
    start = time.monotonic()
    wait_while_counter_busy(busy_until, 600.0)
    assert 0.2 <= time.monotonic() - start < 60
    # Busy for good: the worker goes on once its longest wait has run out.
    busy_until.value = time.monotonic() + 600
    start = time.monotonic()
    wait_while_counter_busy(busy_until, 0.2)
    assert 0.2 <= time.monotonic() - start < 60
    # Idle: at once.
    busy_until.value = float("-inf")
    start = time.monotonic()
    wait_while_counter_busy(busy_until, 600.0)
    assert time.monotonic() - start < 60


def test_a_worker_whose_conversion_fails_is_a_lost_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sync.provisioner.work", work_whose_conversion_fails)
    with PageReader() as reader:
        head = reader.decode(page_body([item("p-1", "架空 太郎")]))
        answers: queue.Queue[Any] = queue.Queue()

        def take() -> None:
            try:
                answers.put(reader.prepared(head))
            except Transient as exc:
                answers.put(exc)

        # Rows that never come would leave this waiting: the answer is bounded.
        threading.Thread(target=take, daemon=True).start()
        answer = answers.get(timeout=30)
    assert isinstance(answer, Transient)
    assert "worker process stopped" in str(answer)


def test_a_first_provisioning_builds_the_search_indexes_at_its_end_or_at_the_next_start(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    people(a, 600, "a")
    sync_a.run_once()
    late, _ = make_kiosk("late")
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 200)

    with pytest.raises(OSError, match="power lost"):
        PowerLostAtSecondSlice(late.store).run_once()
    # Stopped half-way: the first slice went in without the search indexes.
    assert indexes(late.store) == []
    folder = late.store.folder
    late.store.close()
    with Store.open(folder, lambda: KIOSK_PASSPHRASE, use_os_keystore=False) as store:
        assert indexes(store) == SEARCH_INDEXES
    # Provisioning from the start into an empty store, to its end.
    fresh, sync_fresh = make_kiosk("fresh")
    sync_fresh.run_once()
    assert indexes(fresh.store) == SEARCH_INDEXES
    with fresh.store.reading() as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM persons WHERE name_key = 'x'"
        ).fetchall()
    assert "persons_name" in str(plan)


def pushed_in_small_pages(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> tuple[Kiosk, list[str]]:
    """A kiosk that registered 600 people and pushed them; snapshots from here on come in pages
    of 200 and are written in slices of 50. The kiosk and the people's ids."""
    a, sync_a = make_kiosk("a")
    ids = people(a, 600, "a")
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 200)
    monkeypatch.setattr("sync.engine.SNAPSHOT_SLICE", 50)
    return a, ids


def test_slices_follow_each_other_at_once_unless_a_thread_waits_for_the_store(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    pushed_in_small_pages(make_kiosk, monkeypatch)
    pauses: list[float] = []
    sleep = time.sleep

    def noted(seconds: float) -> None:
        pauses.append(seconds)
        sleep(seconds)

    monkeypatch.setattr("sync.engine.time.sleep", noted)
    alone, sync_alone = make_kiosk("alone")
    sync_alone.run_once()
    assert SLICE_PAUSE_S not in pauses
    monkeypatch.setattr(Store, "contended", lambda self: True)
    waited, sync_waited = make_kiosk("waited")
    sync_waited.run_once()
    # The shelter and 600 people in slices of 50.
    assert pauses.count(SLICE_PAUSE_S) == 13
    assert tables(waited) == tables(alone)


class NotingConnection:
    """A store's connection that passes every statement on; subclasses note what they run."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    @property
    def IntegrityError(self) -> type[Exception]:
        return self.conn.IntegrityError  # type: ignore[no-any-return]

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.conn.executemany(sql, parameters)

    def interrupt(self) -> None:
        self.conn.interrupt()

    def set_progress_handler(self, handler: Any, n: int, /) -> None:
        self.conn.set_progress_handler(handler, n)

    @property
    def in_transaction(self) -> bool:
        return bool(self.conn.in_transaction)

    def close(self) -> None:
        self.conn.close()


class SliceCommits(NotingConnection):
    """A store's connection that notes how many slices of people each commit wrote, and
    begins a hold on the counter, as a card's report does, while the ``tapped``-th is written:
    after its people's first row (``inside``), or as its statements end. The hold ends once
    the store is free: at the commit after it, or as the statement the card cut fails."""

    def __init__(self, conn: Any, foreground: Foreground, tapped: int, inside: bool) -> None:
        super().__init__(conn)
        self.commits: list[int] = []
        self.cut = 0
        self._slices = 0
        self._written = 0
        self._foreground = foreground
        self._tapped = tapped
        self._inside = inside
        self._served: Callable[[], None] | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if sql == "COMMIT":
            self.commits.append(self._slices)
            self._slices = 0
        answer = self.conn.execute(sql, parameters)
        if sql == "COMMIT":
            self._serve()
        return answer

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        if not sql.startswith("INSERT INTO persons"):
            return self.conn.executemany(sql, parameters)
        self._slices += 1
        self._written += 1
        if not (self._inside and self._written == self._tapped):
            return self.conn.executemany(sql, parameters)
        try:
            return self.conn.executemany(sql, self._card_after_the_first(parameters))
        except Exception:
            self.cut += 1
            self._slices = 0
            self._serve()
            raise

    def set_progress_handler(self, handler: Any, n: int, /) -> None:
        self.conn.set_progress_handler(handler, n)
        # A slice's statements end as its block stops asking for their progress.
        if handler is None and not self._inside and self._written == self._tapped:
            self._begin()

    def _card_after_the_first(self, rows: Any) -> Any:
        for i, row in enumerate(rows):
            if i == 1:
                self._begin()
            yield row

    def _begin(self) -> None:
        if self._served is None:
            self._served = self._foreground.begin()
            self._tapped = -1

    def _serve(self) -> None:
        if self._served is not None:
            self._served()
            self._served = None


def test_a_snapshot_page_is_one_transaction_until_the_counter_serves_someone(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = pushed_in_small_pages(make_kiosk, monkeypatch)
    fresh, sync_fresh = make_kiosk("fresh")
    noted = SliceCommits(fresh.store.conn, fresh.store.foreground, tapped=6, inside=False)
    fresh.store.conn = noted
    sync_fresh.run_once()
    # The shelter and 600 people in pages of 200 (the last page holds the 600th), slices of 50,
    # each page one transaction; a card came as the second page's second slice ended: that
    # transaction ended with the slice, and the rest of the page waited for the counter.
    assert [slices for slices in noted.commits if slices] == [4, 2, 2, 4, 1]
    assert noted.cut == 0
    assert tables(fresh) == tables(a)


def test_a_card_while_a_slice_is_written_cuts_its_transaction_short_and_the_page_is_written_again(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = pushed_in_small_pages(make_kiosk, monkeypatch)
    # The slices' statements ask after every few of SQLite's instructions, so that a slice of
    # 50 is cut for certain.
    monkeypatch.setattr("kiosk.counter_cuts.PROGRESS_STEPS", 10)
    _, sync_alone = make_kiosk("alone")
    untapped = sync_alone.run_once()
    fresh, sync_fresh = make_kiosk("fresh")
    noted = SliceCommits(fresh.store.conn, fresh.store.foreground, tapped=6, inside=True)
    fresh.store.conn = noted
    tapped = sync_fresh.run_once()
    # The card came inside the second page's second slice: the tap waited for no slice, the
    # page's transaction was undone and then written again whole, not cut a second time.
    assert noted.cut == 1
    assert [slices for slices in noted.commits if slices] == [4, 4, 4, 1]
    assert tables(fresh) == tables(a)
    # What was undone is not counted: the same as a provisioning nobody tapped.
    assert tapped.applied == untapped.applied
    assert tapped.provisioned == untapped.provisioned
    assert indexes(fresh.store) == SEARCH_INDEXES


class Statements(NotingConnection):
    """A store's connection that notes every statement it runs."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn)
        self.run: list[str] = []

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.run.append(sql)
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        self.run.append(sql)
        return self.conn.executemany(sql, parameters)


def test_a_first_provisioning_builds_the_search_indexes_once_its_people_are_in(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, sync_a = make_kiosk("a")
    households(a, 600)
    sync_a.run_once()
    monkeypatch.setattr("sync.engine.SNAPSHOT_PAGE", 200)
    monkeypatch.setattr("sync.engine.SNAPSHOT_SLICE", 50)
    fresh, sync_fresh = make_kiosk("fresh")
    noted = Statements(fresh.store.conn)
    fresh.store.conn = noted
    sync_fresh.run_once()
    run = noted.run
    built = run.index(PERSON_SEARCH_INDEXES["persons_name"])
    last_person = max(i for i, sql in enumerate(run) if sql.startswith("INSERT INTO persons"))
    assert last_person < built
    # The 300 households' slices after the people's are written after the build, not before.
    assert run[built:].count(WRITE_HOUSEHOLD) == 6
    assert indexes(fresh.store) == SEARCH_INDEXES
    assert tables(fresh) == tables(a)


class CommitLevels(NotingConnection):
    """A store's connection that notes, at each commit, its ``synchronous`` level and whether
    the transaction moved the feed's cursor."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn)
        self.cursor_moved = False
        self.commits: list[tuple[int, bool]] = []

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if sql.startswith("INSERT OR REPLACE INTO meta") and parameters[0] == META_CURSOR:
            self.cursor_moved = True
        if sql == "COMMIT":
            level = int(self.conn.execute("PRAGMA synchronous").fetchone()[0])
            self.commits.append((level, self.cursor_moved))
            self.cursor_moved = False
        return self.conn.execute(sql, parameters)


Noting = TypeVar("Noting", bound="CommitLevels")


def provisioned_through(
    noting: type[Noting], make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> Noting:
    """A new kiosk provisioned with 600 people (pages of 200, slices of 50) and then a check-in,
    its store's connection wrapped in ``noting`` throughout; the wrapper."""
    _, ids = pushed_in_small_pages(make_kiosk, monkeypatch)
    if worker:
        monkeypatch.setattr("sync.engine.WORKER_FROM_ITEMS", 0)
    fresh, sync_fresh = make_kiosk("fresh")
    noted = noting(fresh.store.conn)
    fresh.store.conn = noted
    sync_fresh.run_once()
    fresh.presence.check_in("staff", ids[1], "S1")
    assert sync_fresh.provisioned()
    return noted


@pytest.mark.parametrize("worker", [True, False], ids=["worker", "in-process"])
def test_a_snapshot_s_slices_commit_without_waiting_for_the_disk_but_its_end_and_the_rest_do(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    levels = provisioned_through(CommitLevels, make_kiosk, monkeypatch, worker)
    # More than 600 items in pages of 200: every page but the snapshot's last at NORMAL.
    pages = [commit for commit in levels.commits if commit == (1, False)]
    assert len(pages) >= 3
    # Every other commit is durable: the snapshot's last slice (which sets the feed's cursor),
    # the pull's pages, the round's own writes and the check-in.
    assert [moved for level, moved in levels.commits if level == 2].count(True) >= 2
    assert all(level in (1, 2) for level, _ in levels.commits)
    assert all(level == 2 for level, moved in levels.commits if moved)
    assert levels.commits[-1] == (2, False)
    assert int(levels.conn.execute("PRAGMA synchronous").fetchone()[0]) == 2


class CommitCheckpoints(CommitLevels):
    """A store's connection that notes, at each commit, SQLite's automatic checkpoint."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn)
        self.automatic: list[int] = []

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if sql == "COMMIT":
            self.automatic.append(int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]))
        return super().execute(sql, parameters)


@pytest.mark.parametrize("worker", [True, False], ids=["worker", "in-process"])
def test_no_checkpoint_is_made_inside_a_snapshot_s_commits_and_the_automatic_one_is_back_after(
    make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    noted = provisioned_through(CommitCheckpoints, make_kiosk, monkeypatch, worker)
    # The snapshot's pages, its last one included (the one that sets the feed's cursor),
    # commit with the automatic checkpoint off: the checkpoints are made beside them.
    first = noted.automatic.index(0)
    cursor_set = [moved for _, moved in noted.commits].index(True)
    assert cursor_set + 1 - first >= 4
    assert set(noted.automatic[first : cursor_set + 1]) == {0}
    # Before (the session's writes) and after (the pull's pages, the round's writes and the
    # check-in): SQLite's, as it was.
    rest = noted.automatic[:first] + noted.automatic[cursor_set + 1 :]
    assert set(rest) == {1000}
    assert int(noted.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]) == 1000
    assert int(noted.conn.execute("PRAGMA journal_size_limit").fetchone()[0]) == -1
