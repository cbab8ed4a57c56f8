"""A revoked QR-signing key: once kiosks sync, every code it signed is refused, whatever its
dates; codes of the key that replaces it work. The platform's files stay owner-only."""

from __future__ import annotations

import stat

from kiosk.counter import Confirmation, Counter, Refusal, TurnedAway
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.integration.test_sync_keys import resident


def test_a_revoked_keys_pass_is_refused_after_sync_and_a_newer_keys_pass_works(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    kiosk, engine, person_id = resident(make_kiosk)
    issued = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 14})
    accepted = Counter(kiosk, "S1").show_code("self-service", issued["code"])
    assert isinstance(accepted, Confirmation)

    revoked = platform.cli("revoke-signing-key", issued["kid"])
    assert revoked["kid"] == issued["kid"] and revoked["replaced_by"] not in (None, issued["kid"])
    engine.run_once()
    refused = Counter(kiosk, "S1").show_code("self-service", issued["code"])
    assert isinstance(refused, TurnedAway)
    assert refused.refusal is Refusal.REVOKED_KEY
    assert issued["kid"] in refused.detail

    newer = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 14})
    assert newer["kid"] == revoked["replaced_by"]
    assert isinstance(Counter(kiosk, "S1").show_code("self-service", newer["code"]), Confirmation)

    # A kiosk enrolled after the revocation learns it from its snapshot, not the old feed.
    later, later_engine = make_kiosk("b")
    later_engine.run_once()
    again = Counter(later, "S1").show_code("self-service", issued["code"])
    assert isinstance(again, TurnedAway) and again.refusal is Refusal.REVOKED_KEY


def test_a_serving_platforms_data_folder_is_owner_only(platform: PlatformServer) -> None:
    assert platform.data is not None
    assert stat.S_IMODE(platform.data.stat().st_mode) == 0o700
    # serve.log is the test's own capture of the server's output, not a file the platform made.
    made = [p for p in platform.data.rglob("*") if p.name != "serve.log"]
    assert (platform.data / "signing-kek") in made
    assert {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in made} == {
        str(p): oct(0o700 if p.is_dir() else 0o600) for p in made
    }
