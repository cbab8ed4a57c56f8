"""Over TLS the kiosk verifies the platform against its CA, then holds it to the pinned key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk
from kiosk.model import Person, Shelter
from kiosk.store import Store
from sync.client import PlatformClient
from sync.engine import META_ENROLMENT, SyncEngine
from sync.errors import TlsFailed
from tests.integration.platform_server import PlatformServer, running_platform


@pytest.fixture(scope="module")
def tls_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlatformServer]:
    with running_platform(tmp_path_factory.mktemp("tls") / "platform", tls=True) as server:
        server.shelter("S1")
        yield server


def enrolled(platform: PlatformServer, folder: Path) -> tuple[Kiosk, SyncEngine]:
    store = Store.create(folder, "kiosk passphrase", use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("setup", Shelter("S1", "避難所"))
    engine = SyncEngine(store)
    assert platform.ca is not None
    engine.enrol(platform.url, platform.enrolment_code("S1"), "tls kiosk", platform.ca)
    return kiosk, engine


def test_a_kiosk_enrolled_over_tls_syncs_with_the_pinned_platform(
    tls_platform: PlatformServer, tmp_path: Path
) -> None:
    kiosk, engine = enrolled(tls_platform, tmp_path / "k")
    enrolment = engine.enrolled()
    assert enrolment is not None and str(enrolment["tls_pin"]).startswith("sha256/")
    kiosk.people.register("staff", Person("", "山田", "やまだ"))
    assert engine.run_once().pushed == 1


def test_an_answer_from_a_key_other_than_the_pinned_one_is_refused(
    tls_platform: PlatformServer, tmp_path: Path
) -> None:
    kiosk, engine = enrolled(tls_platform, tmp_path / "k")
    kiosk.people.register("staff", Person("", "山田", "やまだ"))
    # As if the platform's key had been swapped for another the same CA vouches for.
    enrolment = engine.enrolled()
    assert enrolment is not None
    enrolment["tls_pin"] = "sha256/" + "A" * 43 + "="
    with kiosk.store.transaction() as tx:
        kiosk.store.set_meta(tx, META_ENROLMENT, json.dumps(enrolment))
    engine.close()
    pinned = SyncEngine(kiosk.store)
    with pytest.raises(TlsFailed, match="pinned"):
        pinned.run_once()
    assert pinned.waiting() == 1


def test_a_platform_whose_certificate_the_kiosk_cannot_verify_is_refused(
    tls_platform: PlatformServer, tmp_path: Path
) -> None:
    client = PlatformClient(tls_platform.url)  # the system CAs do not know the dev CA
    with pytest.raises(TlsFailed, match="could not be verified"):
        client.challenge("any-device")
