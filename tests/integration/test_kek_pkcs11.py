"""A platform process whose key-encryption key is on a PKCS#11 token (SoftHSM2): it signs
passes a kiosk accepts, keeps no key file, and with a wrong PIN still serves but signs nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select

from kiosk.counter import Confirmation, Counter
from linkage.tables import signing_keys
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import REPO, PlatformServer, running_platform
from tests.integration.test_sync_keys import resident
from tests.linkage.softhsm import SoftHsm

TOKEN = "kazasu-integration"


@pytest.fixture
def hsm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoftHsm:
    """A SoftHSM2 token with the key-encryption key on it, named in the environment the
    platform processes inherit."""
    made = SoftHsm(tmp_path / "softhsm")
    made.init_token(TOKEN)
    monkeypatch.setenv("SOFTHSM2_CONF", str(made.conf))
    monkeypatch.delenv("KAZASU_SIGNING_KEK", raising=False)
    for name, value in made.env(TOKEN).items():
        monkeypatch.setenv(name, value)
    command = [sys.executable, "-m", "linkage.cli", "--data", str(tmp_path / "platform")]
    done = subprocess.run(
        [*command, "kek-init-pkcs11"],
        env=os.environ | {"PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return made


@pytest.fixture
def platform(hsm: SoftHsm, tmp_path: Path) -> Iterator[PlatformServer]:
    """The platform as a separate process on SQLite, sealing with the token (this module's
    stand-in for the shared fixture, which uses a key file)."""
    with running_platform(tmp_path / "platform") as server:
        yield server


def test_a_platform_with_its_kek_on_a_token_signs_passes_a_kiosk_accepts(
    make_kiosk: KioskMaker,
    platform: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kiosk, _, person_id = resident(make_kiosk)
    issued = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 14})
    assert isinstance(Counter(kiosk, "S1").show_code("self-service", issued["code"]), Confirmation)

    assert platform.data is not None
    assert not (platform.data / "signing-kek").exists()
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        stored: list[str] = list(conn.execute(select(signing_keys.c.private_key)).scalars())
    engine.dispose()
    assert stored and all(value.startswith("p11kek1:") for value in stored)

    # A second process given a wrong PIN serves (the key set, the admin API) but signs nothing.
    monkeypatch.setenv("KAZASU_SIGNING_KEK_PKCS11_PIN", "0000")
    with running_platform(platform.data) as locked:
        refused = locked.http.post(
            f"{locked.url}/v1/admin/persons/{person_id}/pass", json={}, timeout=30
        )
        assert refused.status_code == 503
        assert refused.json()["type"].endswith("/signing-key-locked")
        assert "refused the PIN" in refused.json()["title"]
        assert locked.admin("GET", "/municipalities")
        assert requests.get(f"{locked.url}/v1/public/shelters", timeout=30).status_code == 200
    log = (platform.data / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "warning: The PKCS#11 token refused the PIN" in log
