"""A resident's journey through the citizen web in headless Chromium, against real parts.

A real platform process (``kazasu-platform serve``), a kiosk with its SQLCipher store enrolled
with it, a virtual My Number Card answering the sign-in challenge through ``kazasu-card sign``,
and Debian's ``chromium`` driven by Playwright (never a downloaded browser). The integration
test walks it and checks each step; ``python -m tests.integration.citizen_web OUT_DIR`` walks
the same journey and saves each page at phone and desktop widths (``make web-screenshots``).
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from cardio import cli as card_cli
from cardio.mynumber import sign_nonce
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from kiosk.app import Kiosk
from kiosk.counter import Counter
from kiosk.model import Household, Person, Shelter
from kiosk.store import Store
from linkage.voting.elections import today
from sync.engine import SyncEngine
from tests.integration.platform_server import REPO, PlatformServer, running_platform
from tests.linkage.kiosk_double import Kiosk as DeviceDouble
from tests.linkage.kiosk_double import b64url

CHROMIUM = "/usr/bin/chromium"
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SHELTER = "S1"
SHELTER_NAME = "第一小学校"
PIN = "1234"
ELECTION = "E-2026"


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with nothing fetched from outside."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class World:
    """The platform, the shelter's kiosk and the resident's card."""

    platform: PlatformServer
    kiosk: Kiosk
    sync: SyncEngine
    card: Path
    person_id: str
    base: str


def start_world(stack: ExitStack, folder: Path, database_url: str | None = None) -> World:
    """A platform trusting a fresh test CA (on SQLite, or the PostgreSQL database named), a
    kiosk at the shelter, Hanako with a linked card."""
    cards = folder / "cards"
    assert card_cli.main(["make-test-card", "--out", str(cards), "--name", "試験 花子"]) == 0
    os.environ["KAZASU_JPKI_TRUST_ANCHORS"] = str(cards / card_cli.TRUST_ANCHOR_FILE)
    platform = stack.enter_context(running_platform(folder / "platform", database_url))
    platform.shelter(SHELTER, SHELTER_NAME)
    store = Store.create(folder / "kiosk", "kiosk passphrase", use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("setup", Shelter(SHELTER, SHELTER_NAME))
    sync = SyncEngine(store)
    sync.enrol(platform.url, platform.enrolment_code(SHELTER), "entrance")
    household = kiosk.people.register_household("staff", Household("", shelter_id=SHELTER))
    hanako = kiosk.people.register(
        "staff", Person("", "試験 花子", "しけん はなこ", household_id=household.household_id)
    )
    sync.run_once()
    link_card(platform, cards / "card.json", hanako.person_id)
    # Browsers reach the platform by name: the same process, a secure context either way.
    base = platform.url.replace("127.0.0.1", "localhost")
    return World(platform, kiosk, sync, cards / "card.json", hanako.person_id, base)


def link_card(platform: PlatformServer, card: Path, person_id: str) -> None:
    """What a kiosk at the counter does with the card and its PIN: a verified card link."""
    http = httpx.Client(base_url=platform.url, timeout=30)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    enrolled = http.post(
        "/v1/devices/enrol",
        json={"code": platform.enrolment_code(SHELTER), "public_key": b64url(public)},
    )
    assert enrolled.status_code == 201, enrolled.text
    device = DeviceDouble(http, enrolled.json()["device_id"], key, enrolled.json())  # type: ignore[arg-type]
    assert device.login().status_code == 200
    challenge = http.post("/v1/cards/challenge", headers=device.headers).json()
    nonce = _b64url_decode(challenge["nonce"])
    with InProcessTransport(VirtualMyNumberCard(CardProfile.load(card))) as transport:
        signed = sign_nonce(transport, PIN, nonce)
    linked = http.post(
        "/v1/cards/link",
        headers=device.headers,
        json={
            "challenge_id": challenge["challenge_id"],
            "person_id": person_id,
            "certificate": b64url(signed.certificate),
            "intermediates": [b64url(c) for c in signed.intermediates],
            "signature": b64url(signed.signature),
        },
    )
    assert linked.status_code == 201, linked.text


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def card_sign(
    world: World, challenge_text: str, reader: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``kazasu-card sign`` with the PIN typed on standard input: the virtual card in process,
    or the card on ``reader`` through PC/SC."""
    card = ["--reader", reader] if reader else ["--virtual", str(world.card)]
    return subprocess.run(
        [sys.executable, "-m", "sync.card_cli", "sign", challenge_text, *card],
        input=PIN + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        timeout=60,
    )


Shot = Callable[[Page, str], None]


def no_shot(_page: Page, _name: str) -> None:
    """Take no screenshot (the test's default)."""


def sign_in(world: World, page: Page, shot: Shot = no_shot) -> None:
    """Open the sign-in page, answer it with the card from the 'PC', wait for the page."""
    page.goto(world.base + "/sign-in")
    shot(page, "sign-in")
    text = page.locator("#challenge-text").input_value()
    answered = card_sign(world, text)
    assert answered.returncode == 0, answered.stderr + answered.stdout
    page.wait_for_url("**/my", timeout=30_000)
    shot(page, "my")


def pre_register(page: Page, world: World, shot: Shot = no_shot) -> list[str]:
    """Fill in the household of two, first with a mistake; returns the pass codes shown."""
    page.goto(world.base + "/my/household")
    shot(page, "prereg")
    page.select_option("#shelter_id", SHELTER)
    page.fill("#address", "千代田区霞が関1-1")
    page.fill("#phone", "090-1234-5678")
    page.locator("details:has(#damage) > summary").click()
    page.select_option("#damage", "partial")
    page.check("#power_out")
    page.fill("#m0-birth_date", "1985-04-01")
    page.locator("details:has(#m0-consent_relatives) > summary").click()
    page.check("#m0-consent_relatives")
    page.locator("details:has(#pet0-kind) > summary").click()
    page.fill("#pet0-kind", "犬")
    page.click("button[name=add_member]")  # the second member's row, what was typed kept
    page.wait_for_selector("#m1-name")
    page.fill("#m1-name", "試験 一郎")
    page.fill("#m1-furigana", "Ichiro")  # not kana: explained beside the field
    page.fill("#m1-birth_date", "2015-06-30")
    page.locator("details:has(#m1-dis-hearing) > summary").click()
    page.check("#m1-dis-hearing")
    page.click("form[action='/my/household'] .actions button[type=submit]")
    page.wait_for_selector("#m1-furigana-error")
    # The summary of mistakes takes the focus, for screen readers and keyboards.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#m1-name").scroll_into_view_if_needed()
    shot(page, "prereg-errors")
    page.fill("#m1-furigana", "しけん いちろう")
    page.check("#agree_roster")
    page.click("form[action='/my/household'] .actions button[type=submit]")
    page.wait_for_url("**/my/pass")
    shot(page, "pass")
    return [c.strip() for c in page.locator("[data-pass-code]").all_text_contents()]


def open_election(world: World) -> str:
    """An election with early voting from today, Hanako on its roll; returns the first day."""
    days = [(today() + timedelta(days=d)).isoformat() for d in range(3)]
    world.platform.admin(
        "PUT", f"/elections/{ELECTION}", json={"name": "市長選挙", "voting_days": days}
    )
    roll = (
        "roll_number,family_name,given_name,birth_date,sex,address\n"
        "1,試験,花子,1985-04-01,female,千代田区\n"
    )
    world.platform.admin(
        "POST",
        f"/elections/{ELECTION}/roll",
        data=roll.encode(),
        headers={"Content-Type": "text/csv"},
    )
    voters: list[dict[str, Any]] = world.platform.admin("GET", f"/elections/{ELECTION}/voters")
    world.platform.admin(
        "PUT",
        f"/elections/{ELECTION}/voters/{voters[0]['voter_id']}/link",
        json={"person_id": world.person_id},
    )
    return days[0]


def declare(page: Page, world: World, day: str, shot: Shot = no_shot) -> str:
    """Declare online; returns the declaration code shown."""
    page.goto(world.base + "/my/declaration")
    shot(page, "declaration")
    page.select_option("#election_id", ELECTION)
    page.select_option("#vote_date", day)
    page.check("input[name=reason][value='1']")
    page.click("form[action='/my/declaration'] button[type=submit]")
    page.wait_for_selector("[data-declaration-code]", state="attached")
    shot(page, "declared")
    return page.locator("[data-declaration-code]").text_content() or ""


def withdraw_kiosk_sharing(page: Page, world: World, shot: Shot = no_shot) -> None:
    """Withdraw the kiosk-sharing consent with its one button."""
    page.goto(world.base + "/my/consents")
    shot(page, "consents")
    page.locator("section:has(#def-kiosk-roster) button").click()
    # Asked once more, with what stops working (QR check-in), before anything changes.
    page.wait_for_selector("input[name=confirm]", state="attached")
    shot(page, "consent-withdraw")
    page.locator("form button.danger").click()
    page.wait_for_url(re.compile(r".*/my/consents\?done=withdrawn.*"))
    shot(page, "consent-withdrawn")


def screenshots(out: Path) -> None:
    """Walk the journey twice (phone, desktop) saving docs/screenshots/web-*.png."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        world = start_world(stack, Path(tmp))
        day = open_election(world)
        browser = stack.enter_context(chromium())
        for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = browser.new_context(viewport=viewport, locale="ja-JP")
            page = context.new_page()

            def shot(page: Page, name: str, label: str = label) -> None:
                # The long registration form is shown as a screenful where the eye would be.
                full = not name.startswith("prereg")
                page.screenshot(path=str(out / f"web-{name}-{label}.png"), full_page=full)

            page.goto(world.base + "/?lang=vi")
            page.locator(".lang-menu summary").click()
            shot(page, "home-vi")
            page.goto(world.base + "/?lang=ja")
            shot(page, "home")
            sign_in(world, page, shot)
            codes = pre_register(page, world, shot)
            world.sync.run_once()
            for code in codes:
                Counter(world.kiosk, SHELTER).show_code("self-service", code)
            world.sync.run_once()
            page.goto(world.base + "/my/family")
            shot(page, "family")
            declare(page, world, day, shot)
            page.goto(world.base + "/my/consents?lang=en")
            shot(page, "consents-en")
            page.goto(world.base + "/my/consents?lang=ja")
            shot(page, "consents")
            # Check out again so that the second walk starts from the same state.
            for code in codes:
                Counter(world.kiosk, SHELTER).show_code("self-service", code)
            world.sync.run_once()
            context.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    screenshots(target)
    print(f"saved the citizen web's pages to {target}")
