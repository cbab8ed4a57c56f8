"""A kiosk whose store is damaged is restored from its last backup and syncs again: the platform
ends with every acknowledged event once; events it never received come back from the backup;
events it holds but the backup lacks are not made again, and the kiosk's chain continues from
the platform's head instead of forking (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.backup import restore_backup, write_backup
from kiosk.errors import StoreDamaged
from kiosk.store import DB_NAME, Store
from sync.engine import SyncEngine
from tests.integration.builders import people, stored_events
from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import PlatformServer

RESIDENTS = 100
# The platform's database is read once, at the end of each test: a reader in this process while
# the SQLite platform runs can cost it later commits (seen on SQLite only).


def presence_events(kiosk: Kiosk, ids: list[str], start: int, count: int) -> None:
    """Check-ins and check-outs in rounds over every resident: event ``start`` to
    ``start + count``."""
    for i in range(start, start + count):
        person_id = ids[i % len(ids)]
        if (i // len(ids)) % 2 == 0:
            kiosk.presence.check_in("staff", person_id, "S1")
        else:
            kiosk.presence.check_out("staff", person_id, "S1")


def damage_and_restore(kiosk: Kiosk, engine: SyncEngine, backup: Path) -> tuple[Kiosk, SyncEngine]:
    """Flip bytes in the middle of the store as a failing disk would, see it refused, and
    restore the backup as the operator would."""
    folder = kiosk.store.folder
    engine.close()
    kiosk.close()
    db = folder / DB_NAME
    data = bytearray(db.read_bytes())
    # A byte in every page of the middle third: a single spot may fall on a free page, which
    # no check reads.
    for i in range(len(data) // 3, 2 * len(data) // 3, 4096):
        data[i] ^= 0xA5
    db.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged):
        Store.open(folder, lambda: KIOSK_PASSPHRASE, use_os_keystore=False)
    store = restore_backup(folder, backup, lambda: KIOSK_PASSPHRASE, "staff", use_os_keystore=False)
    return Kiosk.over(store), SyncEngine(store)


def one_more(kiosk: Kiosk, person_id: str) -> None:
    """A check-in or check-out after the restore."""
    if any(p.person_id == person_id for p in kiosk.presence.present("S1")):
        kiosk.presence.check_out("staff", person_id, "S1")
    else:
        kiosk.presence.check_in("staff", person_id, "S1")


def conflicts(platform: PlatformServer) -> list[object]:
    return [i for i in platform.admin("GET", "/incidents") if "conflict" in i["kind"]]


def test_the_unsent_events_of_the_last_backup_reach_the_platform_once(
    make_kiosk: KioskMaker, platform: PlatformServer, tmp_path: Path
) -> None:
    kiosk, engine = make_kiosk("k")
    device_id = kiosk.store.device_id
    ids = people(kiosk, RESIDENTS, "r")
    presence_events(kiosk, ids, 0, 800)
    engine.run_once()
    presence_events(kiosk, ids, 800, 200)  # 1,000 check-ins and outs, 200 of them unsent
    assert engine.waiting() == 200
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = write_backup(kiosk.store, stick, keep=3, actor="staff")
    kiosk, engine = damage_and_restore(kiosk, engine, backup)
    try:
        assert kiosk.store.device_id == device_id and engine.waiting() == 200
        engine.run_once()
        assert engine.waiting() == 0
        assert engine.call(lambda client: client.me()).acked_seq == 1100
        one_more(kiosk, ids[0])
        engine.run_once()
        assert stored_events(platform, device_id) == (1101, 1101)
        assert conflicts(platform) == []
    finally:
        engine.close()
        kiosk.close()


def test_events_acked_after_the_backup_are_not_made_again_and_the_chain_continues(
    make_kiosk: KioskMaker, platform: PlatformServer, tmp_path: Path
) -> None:
    kiosk, engine = make_kiosk("k")
    device_id = kiosk.store.device_id
    ids = people(kiosk, RESIDENTS, "r")
    presence_events(kiosk, ids, 0, 800)
    engine.run_once()
    presence_events(kiosk, ids, 800, 200)
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = write_backup(kiosk.store, stick, keep=3, actor="staff")
    engine.run_once()  # the 200 of the backup reach the platform ...
    presence_events(kiosk, ids, 1000, 100)
    engine.run_once()  # ... and 100 more the backup never saw
    assert engine.call(lambda client: client.me()).acked_seq == 1200
    kiosk, engine = damage_and_restore(kiosk, engine, backup)
    try:
        engine.run_once()
        assert engine.waiting() == 0
        assert engine.call(lambda client: client.me()).acked_seq == 1200
        # The check-ins lost with the damaged store come back from the platform's feed.
        assert len(kiosk.presence.present("S1")) == RESIDENTS
        one_more(kiosk, ids[0])
        engine.run_once()
        assert engine.waiting() == 0
        assert stored_events(platform, device_id) == (1201, 1201)
        assert conflicts(platform) == []
    finally:
        engine.close()
        kiosk.close()
