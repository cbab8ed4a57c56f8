"""The built page script dist/evote.js in headless Chromium: the ballot it encrypts verifies on
the platform's side, its audit opens to the choices, and a tampered audit is refused in the page."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from linkage.evote.ballot import verify_audit, verify_ballot
from tests.integration.citizen_web import chromium
from tests.linkage.evote.election import ceremony

BUNDLE = Path(__file__).resolve().parents[2] / "linkage/web/static/dist/evote.js"
CHOICES = {"contest-1": ["c1-3"], "contest-2": ["c2-1", "c2-5"]}


def test_a_ballot_made_in_chromium_is_cast_and_its_audit_opens() -> None:
    context = ceremony(5, 3).context
    assert BUNDLE.exists(), "build the front-end first (make web)"
    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!doctype html><title>ballot</title>")
        page.add_script_tag(content=BUNDLE.read_text(encoding="utf-8"))
        made: dict[str, Any] = page.evaluate(
            "([context, choices]) => window.kazasuEvote.encryptBallot(context, choices)",
            [context.to_json(), CHOICES],
        )
        tampered = copy.deepcopy(made["audit"])
        tampered["contests"][1]["selections"][0]["vote"] = 0
        refusal = page.evaluate(
            """([context, ballot, audit]) => {
                try { window.kazasuEvote.verifyAudit(context, ballot, audit); return null; }
                catch (error) { return String(error.message); }
            }""",
            [context.to_json(), made["ballot"], tampered],
        )
    checked = verify_ballot(context, made["ballot"])
    assert checked.code == made["ballot"]["code"]
    assert verify_audit(context, made["ballot"], made["audit"]) == CHOICES
    assert refusal == (
        "contests[1].selections[0]: the revealed vote and nonce do not make this ciphertext"
    )
