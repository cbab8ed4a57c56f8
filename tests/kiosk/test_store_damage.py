"""A damaged store is never used and never silently replaced: it is refused as damaged (exit 3,
"the store is damaged"), distinct from a wrong key, and a data folder that holds a key gets a new
store only by an explicit restore or reinit."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.errors import StoreDamaged, StoreError, WrongKey
from kiosk.model import Shelter
from kiosk.store import DB_NAME, Store
from tests.kiosk.builders import PASSPHRASE, STAFF, add_person

REPO = Path(__file__).resolve().parents[2]


def filled(folder: Path, people: int = 150) -> str:
    """A store with enough rows to span many pages, checkpointed into its main file; returns
    its device id."""
    with Store.create(folder, PASSPHRASE, use_os_keystore=False) as store:
        kiosk = Kiosk.over(store)
        kiosk.shelters.add(STAFF, Shelter("S1", "第一小学校", capacity=500))
        for i in range(people):
            person = add_person(kiosk, name=f"市民 {i:04d}", furigana="しみん", birth_date=None)
            kiosk.presence.check_in(STAFF, person.person_id, "S1")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return store.device_id


def zero_length(db: Path) -> None:
    db.write_bytes(b"")


def flipped_mid_file(db: Path) -> None:
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 32):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))


def truncated_at_a_page(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: (len(data) // 2) // 4096 * 4096])


def truncated_mid_page(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 1000])


DAMAGE: dict[str, Callable[[Path], None]] = {
    "zero-length": zero_length,
    "flipped bytes mid-file": flipped_mid_file,
    "truncated at a page boundary": truncated_at_a_page,
    "truncated mid-page": truncated_mid_page,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_store_is_refused_as_damaged_and_left_as_it_is(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    folder = tmp_path / "data"
    filled(folder)
    damage(folder / DB_NAME)
    before = (folder / DB_NAME).read_bytes(), (folder / "key.wrapped").read_bytes()
    with pytest.raises(StoreDamaged, match="the store is damaged"):
        Store.open(folder, lambda: PASSPHRASE, use_os_keystore=False)
    # Nothing was made in its place: the evidence and the key stay for a restore.
    assert ((folder / DB_NAME).read_bytes(), (folder / "key.wrapped").read_bytes()) == before


def test_a_store_under_another_key_is_still_a_wrong_key(tmp_path: Path) -> None:
    filled(tmp_path / "a", people=5)
    filled(tmp_path / "b", people=5)
    os.replace(tmp_path / "b" / DB_NAME, tmp_path / "a" / DB_NAME)
    with pytest.raises(WrongKey, match="the key does not open"):
        Store.open(tmp_path / "a", lambda: PASSPHRASE, use_os_keystore=False)


def test_integrity_ok_says_no_for_damage_found_after_opening(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    filled(folder)
    store = Store.open(folder, lambda: PASSPHRASE, use_os_keystore=False)
    flipped_mid_file(folder / DB_NAME)
    assert store.integrity_ok() is False
    store.close()


def test_a_folder_holding_a_key_gets_no_new_store_from_create(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    filled(folder, people=1)
    (folder / DB_NAME).unlink()
    key = (folder / "key.wrapped").read_bytes()
    with pytest.raises(StoreError, match="restore"):
        Store.create(folder, PASSPHRASE, use_os_keystore=False)
    assert (folder / "key.wrapped").read_bytes() == key
    assert not (folder / DB_NAME).exists()


def test_a_never_used_empty_folder_still_gets_a_new_store(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with Store.create(folder, PASSPHRASE, use_os_keystore=False) as store:
        assert store.integrity_ok()


def kiosk_cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"KAZASU_DATA": str(folder), "KAZASU_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_every_command_on_a_damaged_store_exits_3_saying_it_is_damaged(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    folder = tmp_path / "data"
    filled(folder, people=60)
    damage(folder / DB_NAME)
    before = (folder / DB_NAME).read_bytes()
    for command in (["outbox"], ["shelter-add", "S9", "市民センター"], ["audit-verify"]):
        done = kiosk_cli(folder, *command)
        assert done.returncode == 3, (command, done.stdout, done.stderr)
        assert "the store is damaged" in done.stderr, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
    # init makes nothing over it (it may not tell flipped bytes without the store's key).
    done = kiosk_cli(folder, "init")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert (folder / DB_NAME).read_bytes() == before
