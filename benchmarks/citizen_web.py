"""How long the citizen web's pages take to answer a signed-in resident, in process, on SQLite.

Baseline in the same run: the front page (a template and nothing else). Measured: the sign-in
proof (chain to the trust anchor, RSA-2048 signature, the card's link looked up), the pass page
for a household of four (four KZ1 passes signed and drawn as SVG QR codes), one pass as PNG,
the consent dashboard, and the family lookup (the entitled people, presence, one audit row per
person shown). Lookups are rate-limited at 30 an hour, so that page is timed with a fresh
viewer for each sample.

Metrics: ``<page>_ms`` (median) and ``<page>_p95_ms`` for each.
"""

from __future__ import annotations

import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from benchmarks.harness import median_p95, time_ms, write_result
from kazasu_protocol import b64url
from linkage import migrate, unit
from linkage.app import create_app
from linkage.config import Settings
from linkage.db import make_engine
from linkage.tables import shelters
from tests.linkage.card_pki import card_sign
from tests.linkage.web.conftest import CA, SHELTER, Resident, Web, browser, challenge_of

REPEAT = 40
MEMBERS = 4


def main() -> None:
    """Run the benchmark and write benchmarks/results/citizen_web.json."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'platform.sqlite3'}")
        migrate.upgrade(engine)
        unit.run(
            engine,
            lambda conn: conn.execute(
                insert(shelters).values(shelter_id=SHELTER, municipality_id="M-1", name="避難所")
            ),
        )
        settings = Settings(
            database_url=str(engine.url), admin_token="-", trust_anchors=(CA.certificate,)
        )
        client = TestClient(create_app(settings, engine), base_url="https://testserver")
        web = Web(client, engine)
        head = web.resident("代表 花子")
        for i in range(MEMBERS - 1):
            web.resident(f"家族 {i}", household_id=head.household_id)
        web.sign_in(head)
        metrics: dict[str, Any] = {}

        def page(path: str) -> None:
            assert client.get(path).status_code == 200

        for name, path in (
            ("front_page", "/"),
            ("pass_page", "/my/pass"),
            ("pass_png", f"/my/pass/{head.person_id}.png"),
            ("consents", "/my/consents"),
        ):
            page(path)  # warm
            metrics[f"{name}_ms"], metrics[f"{name}_p95_ms"] = median_p95(
                time_ms(partial(page, path), REPEAT)
            )

        other = browser(web)
        proofs = [_proof(other, other.get("/sign-in").text, head) for _ in range(REPEAT)]
        metrics["sign_in_proof_ms"], metrics["sign_in_proof_p95_ms"] = median_p95(proofs)

        lookups: list[float] = []
        for _ in range(REPEAT // 4):
            viewer = browser(web)
            Web(viewer, engine).sign_in(web.resident("閲覧 者", household_id=head.household_id))
            lookups += time_ms(partial(viewer.get, "/my/family"), 4)
        metrics["family_lookup_ms"], metrics["family_lookup_p95_ms"] = median_p95(lookups)
        engine.dispose()
    write_result(
        "citizen_web",
        {"database": "sqlite", "repeat": REPEAT, "household_members": MEMBERS},
        metrics,
    )


def _proof(client: TestClient, page: str, resident: Resident) -> float:
    """Milliseconds the platform takes to take one proof (the card's signing not included)."""
    path, nonce = challenge_of(page)
    body = {
        "certificate": b64url.encode(resident.card.der()),
        "signature": b64url.encode(card_sign(resident.card, b64url.decode(nonce))),
    }
    start = time.perf_counter()
    answer = client.post(f"/{path}/proof", json=body)
    elapsed = (time.perf_counter() - start) * 1000
    assert answer.status_code == 202, answer.text
    return elapsed
