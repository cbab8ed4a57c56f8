"""Arrivals at a kiosk that does not know the person: two kiosks at two shelters, a real
platform on both databases. Nobody with a valid pass or a linked card is turned away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cardio import cli as card_cli
from cardio.mynumber import SignedNonce, sign_nonce
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from kazasu_protocol import jpki
from kiosk.app import Kiosk
from kiosk.counter import Confirmation, Counter, Refusal, TurnedAway
from kiosk.model import Household, Person
from kiosk.presence import Outcome
from sync.arrivals import PlatformArrivals
from sync.engine import SyncEngine
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.tooling.faultproxy import FaultProxy

PIN = "1234"
CARDS = "cards"


@pytest.fixture(autouse=True)
def card_trust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Test cards of one test CA, which the platform (started after this) trusts."""
    cards = tmp_path / CARDS
    for name in ("linked", "stranger"):
        made = card_cli.main(["make-test-card", "--out", str(cards), "--card", f"{name}.json"])
        assert made == 0
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", str(cards / card_cli.TRUST_ANCHOR_FILE))
    return cards


def prover(card: Path) -> Callable[[bytes], SignedNonce]:
    """What the kiosk's card thread does once the holder typed the PIN."""

    def prove(nonce: bytes) -> SignedNonce:
        with InProcessTransport(VirtualMyNumberCard(CardProfile.load(card))) as transport:
            return sign_nonce(transport, PIN, nonce)

    return prove


def card_key(card: Path) -> str:
    return jpki.card_key(CardProfile.load(card).auth_certificate)


@dataclass
class Family:
    """A household registered and checked in at shelter S1 by kiosk A."""

    kiosk: Kiosk
    engine: SyncEngine
    household_id: str
    person_id: str
    spouse_id: str


def family_at_a(make_kiosk: KioskMaker, dv: bool = False) -> Family:
    kiosk, engine = make_kiosk("a", ("S1",))
    household = kiosk.people.register_household("staff", Household("", shelter_id="S1"))
    hid = household.household_id
    person = kiosk.people.register(
        "staff", Person("", "鈴木 花子", "すずき はなこ", household_id=hid, dv_protected=dv)
    )
    spouse = kiosk.people.register(
        "staff", Person("", "鈴木 一郎", "すずき いちろう", household_id=hid)
    )
    for pid in (person.person_id, spouse.person_id):
        kiosk.presence.check_in("staff", pid, "S1")
    engine.run_once()
    return Family(kiosk, engine, hid, person.person_id, spouse.person_id)


def kiosk_b(make_kiosk: KioskMaker, url: str | None = None) -> tuple[Kiosk, SyncEngine, Counter]:
    kiosk, engine = make_kiosk("b", ("S2",), url=url)
    engine.run_once()
    counter = Counter(kiosk, "S2", arrivals=PlatformArrivals(kiosk.store))
    return kiosk, engine, counter


def issue_pass(platform: PlatformServer, person_id: str) -> dict[str, str]:
    issued: dict[str, str] = platform.admin(
        "POST", f"/persons/{person_id}/pass", json={"valid_days": 14}
    )
    return issued


def platform_presence(platform: PlatformServer, person_id: str) -> tuple[str, str] | None:
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT shelter_id, state FROM presence WHERE person_id = :p"), {"p": person_id}
        ).first()
    engine.dispose()
    return None if row is None else (str(row[0]), str(row[1]))


def arrival_audit(platform: PlatformServer) -> list[tuple[str, str, str, str, str]]:
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT person_id, device_id, shelter_id, via, members FROM arrival_audit"
                " ORDER BY audit_id"
            )
        ).all()
    engine.dispose()
    return [tuple(str(v) for v in r) for r in rows]  # type: ignore[misc]


def test_a_pass_at_a_kiosk_that_never_saw_the_person_checks_them_in_with_their_household(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    family = family_at_a(make_kiosk)
    issued = issue_pass(platform, family.person_id)
    kiosk, engine, counter = kiosk_b(make_kiosk)
    assert kiosk.people.find(family.person_id) is None

    answer = counter.show_code("kiosk:self-service", issued["code"])

    assert isinstance(answer, Confirmation), answer
    assert (answer.outcome, answer.name, answer.provisional) == (
        Outcome.CHECKED_IN,
        "鈴木 花子",
        False,
    )
    members = {p.person_id for p in kiosk.people.members(family.household_id)}
    assert members == {family.person_id, family.spouse_id}
    engine.run_once()
    assert platform_presence(platform, family.person_id) == ("S2", "in")
    [(person, device, shelter, via, _)] = arrival_audit(platform)
    assert (person, device, shelter, via) == (family.person_id, kiosk.store.device_id, "S2", "pass")
    # The spouse, still at S1, is held by kiosk B now but is not present there.
    where = kiosk.presence.where(family.spouse_id)
    assert where is None


def test_a_linked_card_proven_with_its_pin_checks_the_person_in_at_a_new_kiosk(
    make_kiosk: KioskMaker, platform: PlatformServer, card_trust: Path
) -> None:
    family = family_at_a(make_kiosk)
    card = card_trust / "linked.json"
    family.kiosk.people.link_identifier("staff", family.person_id, card_key(card))
    family.engine.run_once()
    _, engine, counter = kiosk_b(make_kiosk)

    tapped = counter.tap("kiosk:self-service", card_key(card))
    assert isinstance(tapped, TurnedAway) and tapped.refusal is Refusal.CARD_NEEDS_PIN

    answer = counter.arrive_with_card("kiosk:self-service", prover(card))
    assert isinstance(answer, Confirmation), answer
    assert answer.person_id == family.person_id and answer.outcome is Outcome.CHECKED_IN
    engine.run_once()
    assert platform_presence(platform, family.person_id) == ("S2", "in")
    # The next tap finds the card here: no PIN; so soon after, the check-in is confirmed again.
    again = counter.tap("kiosk:self-service", card_key(card))
    assert isinstance(again, Confirmation) and again.outcome is Outcome.CHECKED_IN
    assert again.repeated
    where = counter.kiosk.presence.where(family.person_id)
    assert where is not None and where.present


def test_an_unlinked_card_is_not_registered_and_nothing_is_shared(
    make_kiosk: KioskMaker, platform: PlatformServer, card_trust: Path
) -> None:
    family_at_a(make_kiosk)
    kiosk, _, counter = kiosk_b(make_kiosk)
    stranger = card_trust / "stranger.json"
    answer = counter.arrive_with_card("kiosk:self-service", prover(stranger))
    assert isinstance(answer, TurnedAway)
    assert answer.refusal is Refusal.CARD_NOT_REGISTERED
    assert "not registered" in answer.detail
    assert kiosk.people.find(card_key(stranger)) is None
    assert arrival_audit(platform) == []


def test_a_dv_protected_persons_arrival_gives_the_kiosk_nothing_of_their_household(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    family = family_at_a(make_kiosk, dv=True)
    issued = issue_pass(platform, family.person_id)
    kiosk, engine, counter = kiosk_b(make_kiosk)

    answer = counter.show_code("kiosk:self-service", issued["code"])
    assert isinstance(answer, Confirmation) and answer.outcome is Outcome.CHECKED_IN
    engine.run_once()
    assert kiosk.people.find(family.spouse_id) is None
    assert kiosk.presence.where(family.spouse_id) is None
    assert [p.person_id for p in kiosk.people.members(family.household_id)] == [family.person_id]
    [(_, _, _, _, members)] = arrival_audit(platform)
    assert members == "[]"


def test_offline_a_valid_pass_is_a_provisional_check_in_reconciled_at_the_next_sync(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    family = family_at_a(make_kiosk)
    issued = issue_pass(platform, family.person_id)
    with FaultProxy(platform.url) as proxy:
        kiosk, engine, counter = kiosk_b(make_kiosk, url=proxy.url)
        proxy.partition(True)

        answer = counter.show_code("kiosk:self-service", issued["code"])
        assert isinstance(answer, Confirmation), answer
        assert answer.outcome is Outcome.CHECKED_IN and answer.provisional
        assert answer.name == ""
        assert kiosk.people.get(family.person_id).household_id == family.household_id
        where = kiosk.presence.where(family.person_id)
        assert where is not None and where.present and where.shelter_id == "S2"

        proxy.partition(False)
        engine.run_once()
    assert platform_presence(platform, family.person_id) == ("S2", "in")
    person = kiosk.people.get(family.person_id)
    assert person.name == "鈴木 花子"
    again = counter.show_code("kiosk:self-service", issued["code"])
    assert isinstance(again, Confirmation) and not again.provisional
    assert again.outcome is Outcome.CHECKED_IN and again.repeated and again.name == "鈴木 花子"


def test_a_forged_pass_is_refused_at_the_kiosk_and_a_revoked_keys_pass_by_the_platform(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    family = family_at_a(make_kiosk)
    issued = issue_pass(platform, family.person_id)
    kiosk, _, counter = kiosk_b(make_kiosk)
    code = issued["code"]
    forged = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    refused = counter.show_code("kiosk:self-service", forged)
    assert isinstance(refused, TurnedAway) and refused.refusal is Refusal.INVALID_CODE

    # Kiosk B has not synced since the key was revoked: the platform refuses the pass.
    platform.cli("revoke-signing-key", issued["kid"])
    revoked = counter.show_code("kiosk:self-service", code)
    assert isinstance(revoked, TurnedAway) and revoked.refusal is Refusal.REVOKED_KEY
    assert kiosk.people.find(family.person_id) is None
    assert arrival_audit(platform) == []
