"""The encrypted store: keys, passphrases, re-keying, schema versions and no plaintext on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.errors import NoPassphrase, StoreError, StoreKeyError, WrongKey, WrongPassphrase
from kiosk.migrations import LATEST
from kiosk.model import Shelter
from kiosk.store import DB_NAME, Store
from tests.kiosk.builders import PASSPHRASE, STAFF, add_household, add_person

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_new_store_is_at_the_latest_schema_and_passes_integrity_check(store: Store) -> None:
    assert store.schema_version() == LATEST
    assert store.integrity_ok()


def test_the_data_folder_holds_no_plaintext(kiosk: Kiosk, data_dir: Path) -> None:
    household = add_household(kiosk)
    person = add_person(
        kiosk, "鈴木 花子", "すずき はなこ", household.household_id, address="東京都千代田区1-1"
    )
    card_key = "jpki:" + "ab" * 32
    kiosk.people.link_identifier(STAFF, person.person_id, card_key)
    kiosk.presence.check_in(STAFF, person.person_id, "S1")
    secrets = [
        "鈴木 花子",
        "すずき はなこ",
        "東京都千代田区",
        card_key,
        person.person_id,
        "第一小学校",
    ]
    files = [p for p in data_dir.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {DB_NAME, f"{DB_NAME}-wal", "key.wrapped"}
    for path in files:
        raw = path.read_bytes()
        assert b"SQLite format 3" not in raw, path.name
        for secret in secrets:
            assert secret.encode("utf-8") not in raw, (path.name, secret)


def test_reopening_with_the_passphrase_gives_back_the_data(kiosk: Kiosk, data_dir: Path) -> None:
    person = add_person(kiosk)
    kiosk.close()
    with Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False) as reopened:
        assert Kiosk.over(reopened).people.get(person.person_id).name == person.name


def test_a_wrong_passphrase_is_refused_and_touches_nothing(kiosk: Kiosk, data_dir: Path) -> None:
    add_person(kiosk)
    kiosk.close()
    before = _snapshot(data_dir)
    with pytest.raises(WrongPassphrase, match="passphrase is not correct"):
        Store.open(data_dir, lambda: "not the passphrase", use_os_keystore=False)
    assert _snapshot(data_dir) == before


def test_no_passphrase_and_no_os_key_store_says_what_to_do(store: Store, data_dir: Path) -> None:
    store.close()
    with pytest.raises(NoPassphrase, match="KAZASU_PASSPHRASE"):
        Store.open(data_dir, lambda: None, use_os_keystore=False)


def test_a_wrong_key_is_refused_clearly(store: Store, data_dir: Path, tmp_path: Path) -> None:
    store.close()
    other = tmp_path / "other"
    Store.create(other, PASSPHRASE, use_os_keystore=False).close()
    shutil.copy(other / "key.wrapped", data_dir / "key.wrapped")
    with pytest.raises(WrongKey, match="does not open"):
        Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False)


def test_a_damaged_key_file_is_a_clear_error(store: Store, data_dir: Path) -> None:
    store.close()
    (data_dir / "key.wrapped").write_text("{not json")
    with pytest.raises(StoreKeyError, match="damaged"):
        Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False)


def test_a_folder_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kazasu-kiosk init"):
        Store.open(tmp_path, lambda: PASSPHRASE, use_os_keystore=False)


def test_creating_over_an_existing_store_is_refused(store: Store, data_dir: Path) -> None:
    with pytest.raises(StoreError, match="already holds"):
        Store.create(data_dir, PASSPHRASE, use_os_keystore=False)


def test_a_short_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreKeyError, match="at least"):
        Store.create(tmp_path / "d", "short", use_os_keystore=False)


def test_rekey_changes_the_key_and_the_passphrase(kiosk: Kiosk, data_dir: Path) -> None:
    person = add_person(kiosk)
    old_file = (data_dir / "key.wrapped").read_bytes()
    kiosk.store.rekey("a brand new passphrase")
    kiosk.close()
    assert (data_dir / "key.wrapped").read_bytes() != old_file
    with pytest.raises(WrongPassphrase):
        Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False)
    with Store.open(data_dir, lambda: "a brand new passphrase", use_os_keystore=False) as s:
        assert Kiosk.over(s).people.get(person.person_id).name == person.name
        assert s.integrity_ok()


def test_a_rekey_interrupted_after_the_database_changed_is_finished_on_open(
    store: Store, data_dir: Path
) -> None:
    install_id = store.keys.install_id()
    key = store.keys.prepare_rekey("the next passphrase", install_id)
    store.conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    store.close()  # dies before replacing key.wrapped
    with Store.open(data_dir, lambda: "the next passphrase", use_os_keystore=False) as s:
        assert s.integrity_ok()
    assert not (data_dir / "key.wrapped.next").exists()
    Store.open(data_dir, lambda: "the next passphrase", use_os_keystore=False).close()


def test_a_rekey_interrupted_before_the_database_changed_keeps_the_old_key(
    store: Store, data_dir: Path
) -> None:
    store.keys.prepare_rekey("the next passphrase", store.keys.install_id())
    store.close()  # dies before PRAGMA rekey
    with Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False) as s:
        assert s.integrity_ok()
    assert not (data_dir / "key.wrapped.next").exists()


def test_a_store_from_a_newer_program_is_refused(store: Store, data_dir: Path) -> None:
    store.conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    store.close()
    with pytest.raises(StoreError, match="update the kiosk software"):
        Store.open(data_dir, lambda: PASSPHRASE, use_os_keystore=False)


@pytest.mark.parametrize("version", range(1, LATEST + 1))
def test_a_store_of_every_released_schema_opens_and_migrates(version: int, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / f"schema-v{version}", folder)
    with Store.open(folder, lambda: FIXTURE_PASSPHRASE, use_os_keystore=False) as s:
        assert s.schema_version() == LATEST
        k = Kiosk.over(s)
        found = k.people.search("ふぃくすちゃ")
        assert [p.name for p in found] == ["試験 太郎"]
        assert k.presence.where(found[0].person_id) is not None
        assert k.shelters.get("FIX") == Shelter("FIX", "試験避難所", capacity=10)
        assert s.integrity_ok()
