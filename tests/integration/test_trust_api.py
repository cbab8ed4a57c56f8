"""An anonymous caller of a real platform process (SQLite and PostgreSQL) cannot tell which
devices exist, nor fill the platform's tables with challenges; enrolled kiosks keep syncing."""

from __future__ import annotations

import statistics
import time
from typing import Any

import requests
from sqlalchemy import create_engine, func, select

from linkage import devices as device_rules
from linkage.config import normalise_url
from linkage.tables import challenges
from sync.engine import SyncEngine
from tests.integration.builders import people
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer

UNKNOWN = "kiosk-0123456789abcdef"
WRONG_SIGNATURE = "A" * 86  # 64 bytes of base64url: a well-formed signature that is wrong


def _challenges(platform: PlatformServer, device_id: str | None = None) -> int:
    engine = create_engine(normalise_url(platform.database_url))
    try:
        query = select(func.count()).select_from(challenges)
        if device_id is not None:
            query = query.where(challenges.c.device_id == device_id)
        with engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def _post(http: requests.Session, platform: PlatformServer, path: str, **kw: Any) -> Any:
    return http.post(f"{platform.url}{path}", timeout=30, **kw)


def _what_a_caller_sees(answer: requests.Response) -> tuple[int, str, list[str], list[int]]:
    body = answer.json()
    lengths = [len(str(body[k])) for k in ("challenge_id", "nonce") if k in body]
    return answer.status_code, answer.headers["content-type"], sorted(body), lengths


def test_unknown_revoked_and_live_devices_answer_alike_to_an_anonymous_caller(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    live = make_kiosk("live")[0].store.device_id
    revoked = make_kiosk("revoked", ("S2",))[0].store.device_id
    platform.admin("POST", f"/devices/{revoked}/revoke")
    http = requests.Session()
    seen: dict[str, list[Any]] = {}
    for name, device_id in (("live", live), ("revoked", revoked), ("unknown", UNKNOWN)):
        challenge = _post(http, platform, f"/v1/devices/{device_id}/challenge")
        session = _post(
            http,
            platform,
            f"/v1/devices/{device_id}/session",
            json={"challenge_id": challenge.json()["challenge_id"], "signature": WRONG_SIGNATURE},
        )
        seen[name] = [_what_a_caller_sees(challenge), session.status_code, session.json()]
    assert seen["live"][0][0] == 200 and seen["live"][1] == 401
    assert seen["unknown"] == seen["revoked"] == seen["live"], seen


def test_an_unknown_device_is_not_told_apart_by_how_long_the_answer_takes(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    live = make_kiosk("live")[0].store.device_id
    http = requests.Session()

    def median_ms(device_id: str) -> float:
        times = []
        for _ in range(15):
            started = time.perf_counter()
            challenge = _post(http, platform, f"/v1/devices/{device_id}/challenge")
            _post(
                http,
                platform,
                f"/v1/devices/{device_id}/session",
                json={
                    "challenge_id": challenge.json()["challenge_id"],
                    "signature": WRONG_SIGNATURE,
                },
            )
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    median_ms(UNKNOWN)  # warm up connections and caches
    known, unknown = median_ms(live), median_ms(UNKNOWN)
    # Both do the same database round trips; a shared test machine still jitters.
    assert unknown > known / 3 and known > unknown / 3, (known, unknown)


def test_anonymous_challenges_leave_no_rows_for_unknown_devices_and_few_for_known_ones(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    kiosk, _ = make_kiosk("desk")
    device_id = kiosk.store.device_id
    http = requests.Session()
    before = _challenges(platform)
    for n in range(50):
        assert _post(http, platform, f"/v1/devices/kiosk-{n:016x}/challenge").status_code == 200
    assert _challenges(platform) == before
    for _ in range(50):
        assert _post(http, platform, f"/v1/devices/{device_id}/challenge").status_code == 200
    assert _challenges(platform, device_id) <= device_rules.MAX_OUTSTANDING_CHALLENGES
    # The flood in the kiosk's name does not keep the kiosk itself from opening a session.
    people(kiosk, 1, "after-flood")
    fresh = SyncEngine(kiosk.store)  # no session yet: it must open one now
    try:
        assert fresh.run_once().pushed == 1
    finally:
        fresh.close()
