"""An election set up through the admin API, and kiosks enrolled at its polling sites."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform, b64url


def today() -> date:
    """Today in Japan, read when asked: a run that crosses midnight there gets the new day."""
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def voting_days() -> list[date]:
    """Yesterday, today and tomorrow in Japan."""
    return [today() + timedelta(days=d) for d in (-1, 0, 1)]


ROLL_HEADER = (
    "roll_number,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,address"
)


def roll_csv(count: int, start: int = 1) -> str:
    """A roll of ``count`` voters numbered from ``start``; odd numbers are men."""
    lines = [ROLL_HEADER]
    for n in range(start, start + count):
        sex = "male" if n % 2 else "female"
        lines.append(
            f"{n:06d},投票,太郎{n},トウヒョウ,タロウ,1980-01-{1 + n % 28:02d},{sex},中央区1-{n}"
        )
    return "\n".join(lines) + "\n"


@dataclass
class Election:
    """An election on the platform under test."""

    platform: Platform
    election_id: str

    def site(self, site_id: str, name: str, **settings: Any) -> dict[str, Any]:
        """Create a polling site of the election."""
        body = {"name": name, **settings}
        r = self.platform.client.put(
            f"/v1/admin/elections/{self.election_id}/sites/{site_id}", json=body, headers=ADMIN
        )
        assert r.status_code == 200, r.text
        site: dict[str, Any] = r.json()
        return site

    def import_roll(self, text: str) -> Any:
        """Import a roll (the raw answer)."""
        return self.platform.client.post(
            f"/v1/admin/elections/{self.election_id}/roll",
            content=text.encode(),
            headers={**ADMIN, "Content-Type": "text/csv"},
        )

    def voters(self) -> list[dict[str, Any]]:
        """The whole roll with statuses."""
        out: list[dict[str, Any]] = []
        after = ""
        while True:
            r = self.platform.client.get(
                f"/v1/admin/elections/{self.election_id}/voters",
                params={"after": after, "limit": 1000},
                headers=ADMIN,
            )
            assert r.status_code == 200, r.text
            page = r.json()
            out += page
            if len(page) < 1000:
                return out
            after = page[-1]["voter_id"]

    def incidents(self) -> list[dict[str, Any]]:
        """The election's incidents."""
        r = self.platform.client.get(
            f"/v1/admin/elections/{self.election_id}/incidents", headers=ADMIN
        )
        assert r.status_code == 200, r.text
        found: list[dict[str, Any]] = r.json()
        return found


def election(
    platform: Platform, election_id: str = "E-2026", days: list[date] | None = None
) -> Election:
    """Create an election holding early voting yesterday, today and tomorrow (Japan)."""
    body = {
        "name": f"選挙 {election_id}",
        "voting_days": [d.isoformat() for d in days or voting_days()],
    }
    r = platform.client.put(f"/v1/admin/elections/{election_id}", json=body, headers=ADMIN)
    assert r.status_code == 200, r.text
    return Election(platform, election_id)


def site_kiosk(platform: Platform, site_id: str) -> Kiosk:
    """Enrol a kiosk at a polling site and log it in."""
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    r = platform.client.post(
        "/v1/devices/enrol",
        json={"code": platform.code({"polling_site": site_id}), "public_key": b64url(public)},
    )
    assert r.status_code == 201, r.text
    kiosk = Kiosk(platform.client, r.json()["device_id"], key, r.json())
    assert kiosk.login().status_code == 200
    return kiosk


def claim(kiosk: Kiosk, voter_id: str, claim_id: str | None = None, **extra: Any) -> Any:
    """A kiosk's online ballot claim (the raw answer)."""
    body = {
        "claim_id": claim_id or str(uuid.uuid4()),
        "voter_id": voter_id,
        "issued_by": "staff-1",
        "confirmed_by": "staff-2",
        **extra,
    }
    return kiosk.client.post("/v1/voting/claims", json=body, headers=kiosk.headers)


def latest(changes: list[dict[str, Any]], entity: str) -> dict[str, dict[str, Any]]:
    """The newest payload of each entity of a kind in a list of feed changes."""
    return {c["entity_id"]: c["payload"] for c in changes if c["entity"] == entity}
