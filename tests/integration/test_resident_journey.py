"""A real resident's whole path, end to end, through the real parts.

Hanako is imported from the resident register (``kazasu-platform import-residents``) into a
``kazasu-platform serve`` process. Kiosk A, a ``kazasu-kiosk`` process at shelter S-1, links
her card at the counter (``kazasu-kiosk link-card`` on a pcscd reader fed by vpcd, the
card-info PIN on standard input) and syncs. She signs in on the citizen web in headless
Chromium with the same card (``kazasu-card sign``), pre-registers her household for shelter
S-2 and receives her pass. Kiosk B, another ``kazasu-kiosk`` process at S-2 that had never
seen her, checks her in with the pass (``kazasu-kiosk show-code``: the platform brings her into
its scope). She declares online for early voting, the roll entry being hers by the items the
counter verified, and a polling-site kiosk finds her by a tap of her card, declared, and issues
her ballot.

One test, run once, on PostgreSQL (the production database): the journey does not depend on
the database, the per-database behaviour is covered by the other integration tests, and it
costs CI a browser, three kiosks and pcscd.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from sqlalchemy import make_url

from cardio import cli as card_cli
from cardio.mynumber.jpki import identify
from cardio.pcsc import PcscContext, PcscTransport
from cardio.virtualcard import CardProfile, VirtualMyNumberCard
from cardio.virtualcard.vpcd import DEFAULT_PORT, VpcdCard
from kiosk.voting.results import Issued
from tests.cardio.card.conftest import VPCD_READER, Pcscd, card_present, pcscd, wait_for
from tests.integration.citizen_web import chromium
from tests.integration.conftest import KIOSK_PASSPHRASE, _sql
from tests.integration.platform_server import REPO, PlatformServer, running_platform
from tests.integration.polling import ELECTION, FIRST, election, poll_kiosk, voters
from tests.integration.test_counter_linking import ITEMS, PIN, STAFF, one
from tests.linkage.polling_place import today

pytestmark = pytest.mark.pcsc


@pytest.fixture
def card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Hanako's card, and the platform and kiosks (started after this) trusting its issuer."""
    folder = tmp_path / "cards"
    made = card_cli.main(
        ["make-test-card", "--out", str(folder), "--name", ITEMS["name"],
         "--address", ITEMS["address"], "--birth-date", "19800102", "--sex", "2"]
    )  # fmt: skip
    assert made == 0
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", str(folder / card_cli.TRUST_ANCHOR_FILE))
    return folder / "card.json"


@pytest.fixture
def platform(card: Path, postgres_server: str, tmp_path: Path) -> Iterator[PlatformServer]:
    """The platform process on a PostgreSQL database of its own (this test's only database)."""
    name = f"j_{uuid.uuid4().hex[:10]}"
    _sql(postgres_server, f"CREATE DATABASE {name}")
    url = make_url(postgres_server).set(database=name).render_as_string(False)
    try:
        with running_platform(tmp_path / "platform", url) as server:
            yield server
    finally:
        _sql(postgres_server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def on_reader(card: Path, pcscd: Pcscd) -> Iterator[None]:
    """Hanako's card on the vpcd reader for the whole journey."""
    served = VpcdCard(VirtualMyNumberCard(CardProfile.load(card)), port=DEFAULT_PORT)
    served.insert()
    try:
        assert served.wait_connected(10) and wait_for(card_present, 10)
        yield
    finally:
        served.remove()
        wait_for(lambda: not card_present(), 10)


def kiosk(data: Path, *args: str, stdin: str = "", code: int = 0) -> Any:
    """Run ``kazasu-kiosk`` on a data folder as its operator does; its JSON output."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), "--actor", STAFF, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO), "KAZASU_PASSPHRASE": KIOSK_PASSPHRASE},
        timeout=120,
    )
    assert done.returncode == code, f"kazasu-kiosk {' '.join(args)}: {done.stderr}{done.stdout}"
    return json.loads(done.stdout) if done.stdout.strip() else None


def enrolled_kiosk(data: Path, platform: PlatformServer, shelter_id: str) -> None:
    """A new kiosk data folder, enrolled for one shelter and synced once."""
    kiosk(data, "init")
    code = platform.enrolment_code(shelter_id)
    kiosk(data, "enrol", "--platform", platform.url, "--code", code, "--label", shelter_id)
    kiosk(data, "sync")


def card_sign(challenge_text: str) -> None:
    """The resident's PC answers the sign-in page with the card on its reader."""
    done = subprocess.run(
        [sys.executable, "-m", "sync.card_cli", "sign", challenge_text, "--reader", VPCD_READER],
        input=PIN + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr + done.stdout


def tapped_card_key() -> str:
    """What the polling kiosk's card thread reads from a tap (no PIN)."""
    with PcscContext() as context, PcscTransport(context, VPCD_READER) as transport:
        return identify(transport).card_key


def test_a_resident_is_linked_signs_in_pre_registers_arrives_declares_and_is_found(
    card: Path, platform: PlatformServer, on_reader: None, tmp_path: Path
) -> None:
    # The resident register: Hanako, designated to S-1, without an address.
    for shelter_id, name in (("S-1", "第一小学校"), ("S-2", "第二中学校")):
        platform.shelter(shelter_id, name)
    csv = tmp_path / "residents.csv"
    csv.write_text(
        "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"
        "r1,佐藤,花子,1980-01-02,S-1,yes\n",
        encoding="utf-8",
    )
    assert platform.cli("import-residents", str(csv), "--municipality", "M-1")["created"] == 1
    person_id = str(one(platform, "SELECT person_id FROM persons WHERE external_ref = 'r1'")[0])

    kiosk_a, kiosk_b = tmp_path / "kiosk-a", tmp_path / "kiosk-b"
    enrolled_kiosk(kiosk_a, platform, "S-1")
    enrolled_kiosk(kiosk_b, platform, "S-2")
    assert kiosk(kiosk_b, "show", person_id, code=1) is None  # S-2's kiosk does not hold her

    # Kiosk A links her card at the counter: the card's items, her verified link, her roll entry.
    linked = kiosk(
        kiosk_a, "link-card", "--reader", VPCD_READER, "--person", person_id, "--json",
        stdin=PIN + "\n",
    )  # fmt: skip
    assert (linked["status"], linked["person_id"]) == ("linked", person_id)
    assert linked["items"]["name"] == ITEMS["name"]
    kiosk(kiosk_a, "sync")
    link = one(platform, "SELECT * FROM card_links WHERE card_key = :k", k=linked["card_key"])
    assert (link.person_id, link.assurance) == (person_id, "verified")

    with chromium() as browser:
        page = browser.new_context(locale="ja-JP").new_page()
        base = platform.url.replace("127.0.0.1", "localhost")
        sign_in(page, base)
        assert "佐藤" in (page.text_content("main") or "")
        codes = pre_register(page, base)
        assert len(codes) == 2 and all(c.startswith("KZ1:") for c in codes)
        names = page.locator("section.pass h2").all_text_contents()
        assert names == ["佐藤\u3000花子", "佐藤 蓮"]  # the register's; as she typed

        # Kiosk B, which never held them, checks them in with their passes; the platform sees it.
        arrived = kiosk(kiosk_b, "show-code", "--shelter", "S-2", codes[0])
        assert (arrived["outcome"], arrived["person_id"]) == ("checked_in", person_id)
        assert arrived["name"] == "佐藤\u3000花子" and not arrived["provisional"]
        son = kiosk(kiosk_b, "show-code", "--shelter", "S-2", codes[1])
        assert (son["outcome"], son["name"]) == ("checked_in", "佐藤 蓮")
        assert son["household_present"] == ["佐藤\u3000花子"]  # his mother, here already
        kiosk(kiosk_b, "sync")
        for member in (person_id, son["person_id"]):
            presence = one(platform, "SELECT * FROM presence WHERE person_id = :p", p=member)
            assert (presence.shelter_id, presence.state) == ("S-2", "in")
        assert kiosk(kiosk_b, "show", person_id)["presence"]["shelter_id"] == "S-2"
        assert kiosk(kiosk_a, "sync")["conflicts"] == 0

        # The roll, imported now, is hers by the items the counter verified.
        election(platform, {"V1": "期日前投票所"}, residents=False)
        entry = one(platform, "SELECT * FROM voters WHERE roll_number = '1'")
        assert (entry.person_id, entry.link_source) == (person_id, "counter")
        declared = declare(page, base)
        assert declared.startswith("KZ1:")
        assert "カードをかざす" in (page.text_content("main") or "")  # how to be found there
    voter_id = voters(platform)["1"]["voter_id"]
    held = one(platform, "SELECT * FROM declarations WHERE voter_id = :v", v=voter_id)
    assert (held.vote_date, held.made_via, held.state) == (today().isoformat(), "online", "made")

    # The polling site's kiosk finds her by a tap of her card, declared; her ballot is issued.
    poll = poll_kiosk(tmp_path / "poll", platform, "V1", platform.url)
    try:
        [voter] = poll.desk.find_card(tapped_card_key())
        view = poll.desk.look_up(FIRST.actor, voter.voter_id)
        assert (voter.roll_number, voter.name) == ("1", "佐藤\u3000花子")
        assert view.declaration is not None and view.declaration.vote_date == today()
        assert view.block is None and view.voted is None
        issued = poll.desk.issue(
            FIRST, poll.second(), voter.voter_id, view.declaration.declaration_id
        )
        assert isinstance(issued, Issued) and not issued.provisional
    finally:
        poll.close()
    held = one(platform, "SELECT * FROM declarations WHERE voter_id = :v", v=voter_id)
    assert (held.state, held.completed_site_id) == ("completed", "V1")


def sign_in(page: Page, base: str) -> None:
    """The sign-in page's challenge, answered with the card on the reader."""
    page.goto(base + "/sign-in")
    card_sign(page.locator("#challenge-text").input_value())
    page.wait_for_url("**/my", timeout=30_000)


def pre_register(page: Page, base: str) -> list[str]:
    """Her household (herself and her son) for shelter S-2; the pass codes the pass page
    shows."""
    page.goto(base + "/my/household")
    page.select_option("#shelter_id", "S-2")
    page.fill("#address", ITEMS["address"])
    page.fill("#m0-furigana", "さとう はなこ")
    page.fill("#m0-birth_date", ITEMS["birth_date"])
    page.click("button[name=add_member]")  # her son's row; what was typed is kept
    page.fill("#m1-name", "佐藤 蓮")
    page.fill("#m1-furigana", "さとう れん")
    page.fill("#m1-birth_date", "2012-05-06")
    page.check("#agree_roster")
    page.click("form[action='/my/household'] .actions button[type=submit]")
    page.wait_for_url("**/my/pass", timeout=30_000)
    return [c.strip() for c in page.locator("[data-pass-code]").all_text_contents()]


def declare(page: Page, base: str) -> str:
    """Declare online for today at the early-voting site; the declaration code shown."""
    page.goto(base + "/my/declaration")
    page.select_option("#election_id", ELECTION)
    page.select_option("#vote_date", today().isoformat())
    page.check("input[name=reason][value='1']")
    page.click("form[action='/my/declaration'] button[type=submit]")
    page.wait_for_selector("[data-declaration-code]", state="attached")
    return page.locator("[data-declaration-code]").text_content() or ""


__all__ = ["pcscd"]  # the card tests' fixture, used here
