"""An election on the real platform process, and poll-worker kiosks enrolled at its sites."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.counter import stored_keys
from kiosk.staff import Role, Session, StaffService
from kiosk.store import Store
from kiosk.voting.desk import VotingDesk
from kiosk.voting.results import SecondWorker
from sync.engine import SyncEngine
from sync.voting import PlatformClaims
from tests.integration.platform_server import PlatformServer
from tests.linkage.polling_place import voting_days

ELECTION = "E-2026"
KIOSK_PASSPHRASE = "kiosk passphrase"
FIRST = Session("w1", "投票 一郎", Role.STAFF, "code")


def election(
    platform: PlatformServer, sites: dict[str, str], residents: bool = True, **site_settings: Any
) -> None:
    """An election holding early voting yesterday, today and tomorrow at ``sites`` (id: name),
    with a roll of three voters; the first is linked to a registered person (the resident
    imported here, unless ``residents`` is false and the caller registered her)."""
    platform.admin(
        "PUT",
        f"/elections/{ELECTION}",
        json={"name": "架空市長選挙", "voting_days": [d.isoformat() for d in voting_days()]},
    )
    for site_id, name in sites.items():
        body = {"name": name, "staff_code_allowed": True, "pin_required": False} | site_settings
        platform.admin("PUT", f"/elections/{ELECTION}/sites/{site_id}", json=body)
    if residents:
        platform.admin(
            "POST",
            "/residents/import",
            params={"municipality_id": "M-1"},
            data="external_ref,family_name,given_name,birth_date,address\n"
            "r1,佐藤,花子,1980-01-02,架空市本町1-2\n".encode(),
            headers={"Content-Type": "text/csv"},
        )
    platform.admin(
        "POST",
        f"/elections/{ELECTION}/roll",
        data=(
            "roll_number,family_name,given_name,family_name_kana,given_name_kana,birth_date,"
            "sex,address\n"
            "1,佐藤,花子,サトウ,ハナコ,1980-01-02,female,架空市本町1-2\n"
            "2,佐藤,蓮,サトウ,レン,2001-05-06,male,架空市本町1-2\n"
            "3,鈴木,一,スズキ,ハジメ,1975-07-08,male,架空市緑町3\n"
        ).encode(),
        headers={"Content-Type": "text/csv"},
    )


def voters(platform: PlatformServer) -> dict[str, dict[str, Any]]:
    """The election's roll on the platform, by roll number."""
    rows = platform.admin("GET", f"/elections/{ELECTION}/voters", params={"limit": 1000})
    return {str(v["roll_number"]): v for v in rows}


@dataclass
class PollKiosk:
    """A kiosk enrolled at a polling site, with two poll workers and its desk."""

    store: Store
    engine: SyncEngine
    desk: VotingDesk
    claims: PlatformClaims

    def second(self) -> SecondWorker:
        """The second poll worker confirms with their code."""
        return self.desk.confirm_by_code(FIRST, "w2", "222222")

    def close(self) -> None:
        """Close connections and the store."""
        self.claims.close()
        self.engine.close()
        self.store.close()


def poll_kiosk(folder: Path, platform: PlatformServer, site_id: str, url: str) -> PollKiosk:
    """Enrol a kiosk for ``site_id`` (talking to ``url``: the platform or a proxy) and sync."""
    store = Store.create(folder, KIOSK_PASSPHRASE, use_os_keystore=False)
    staff = StaffService(store)
    staff.add("setup", "w1", "投票 一郎", Role.STAFF, code="111111")
    staff.add("setup", "w2", "投票 二郎", Role.STAFF, code="222222")
    code = platform.admin(
        "POST", "/enrolment-codes", json={"scope": {"polling_site": site_id}, "label": site_id}
    )["code"]
    engine = SyncEngine(store)
    engine.enrol(url, str(code), folder.name)
    engine.run_once()
    claims = PlatformClaims(store)
    desk = VotingDesk(store, site_id, claims, lambda: stored_keys(store))
    return PollKiosk(store, engine, desk, claims)
