"""The store key: OS key store first, passphrase-wrapped recovery copy always."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from kiosk.errors import StoreKeyError, WrongPassphrase
from kiosk.keys import KEYRING_SERVICE, WrappedKey, unwrap, wrap
from kiosk.store import Store
from tests.kiosk.builders import PASSPHRASE


class MemoryKeyring(KeyringBackend):
    """An OS key store stand-in with the real keyring interface."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it unannotated
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def os_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_wrapping_round_trips_and_binds_the_install_id() -> None:
    key = bytes(range(32))
    wrapped = wrap(key, PASSPHRASE, "install-1")
    assert unwrap(WrappedKey.from_json(wrapped.to_json()), PASSPHRASE) == key
    moved = WrappedKey("install-2", wrapped.salt, wrapped.nonce, wrapped.ciphertext)
    with pytest.raises(WrongPassphrase):
        unwrap(moved, PASSPHRASE)


def test_the_wrapped_file_never_holds_the_key() -> None:
    key = bytes(range(32))
    text = wrap(key, PASSPHRASE, "install-1").to_json()
    assert key.hex() not in text


def test_with_an_os_key_store_no_passphrase_is_needed_to_open(
    os_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    Store.create(tmp_path / "d", PASSPHRASE, use_os_keystore=True).close()
    assert [s for s, _ in os_keyring.secrets] == [KEYRING_SERVICE]

    def no_prompt() -> str | None:
        raise AssertionError("the OS key store should have answered")

    with Store.open(tmp_path / "d", no_prompt, use_os_keystore=True) as store:
        assert store.integrity_ok()


def test_when_the_os_key_store_loses_the_key_the_passphrase_recovers_it(
    os_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    Store.create(tmp_path / "d", PASSPHRASE, use_os_keystore=True).close()
    os_keyring.secrets.clear()  # a re-imaged PC, a wiped profile
    with Store.open(tmp_path / "d", lambda: PASSPHRASE, use_os_keystore=True) as store:
        assert store.integrity_ok()


def test_rekey_updates_the_os_key_store(os_keyring: MemoryKeyring, tmp_path: Path) -> None:
    with Store.create(tmp_path / "d", PASSPHRASE, use_os_keystore=True) as store:
        before = dict(os_keyring.secrets)
        store.rekey("another passphrase")
    assert os_keyring.secrets != before
    with Store.open(tmp_path / "d", lambda: None, use_os_keystore=True) as store:
        assert store.integrity_ok()


def test_an_unknown_wrapped_format_is_refused() -> None:
    with pytest.raises(StoreKeyError, match="damaged or unknown"):
        WrappedKey.from_json('{"format": "something-else"}')
