"""The entrance counter: a tap or a code checks in or out by the person's state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cardio.qr.cityid import CityIdRegistry, MunicipalCardParser
from cardio.qr.signed import DeclarationClaims, KeySet, PassClaims, QRSigner
from kiosk import audit, revoked_keys
from kiosk.app import Kiosk
from kiosk.counter import (
    Confirmation,
    Counter,
    Refusal,
    TurnedAway,
    local_pass_text,
    save_keys,
    stored_keys,
)
from kiosk.errors import InvalidInput
from kiosk.model import ShelterStatus
from kiosk.presence import Outcome
from kiosk.settings import Settings
from tests.kiosk.builders import STAFF, FakeWall, add_household, add_person

CARD = "jpki:" + "ab" * 32
NOW = int(datetime(2026, 11, 26, 1, 0, tzinfo=UTC).timestamp())


@pytest.fixture
def signer() -> QRSigner:
    return QRSigner("pf-test", "https://platform.city.example", Ed25519PrivateKey.generate())


@pytest.fixture
def counter(kiosk: Kiosk, signer: QRSigner, wall: FakeWall) -> Counter:
    city = CityIdRegistry([MunicipalCardParser("131016")])
    return Counter(kiosk, "S1", KeySet([signer.trusted_key(NOW - 86400)]), city, wall)


def test_a_repeat_tap_within_the_window_repeats_the_confirmation(
    kiosk: Kiosk, counter: Counter, wall: FakeWall
) -> None:
    person = add_person(kiosk)
    kiosk.people.link_identifier(STAFF, person.person_id, CARD)
    first = counter.tap("kiosk", CARD)
    wall.t += 4  # "to be sure", while the confirmation is still on screen
    second = counter.tap("kiosk", CARD)
    assert isinstance(first, Confirmation) and first.outcome is Outcome.CHECKED_IN
    assert first.name == "山田 太郎" and not first.repeated
    assert isinstance(second, Confirmation) and second.outcome is Outcome.CHECKED_IN
    assert second.repeated and not second.may_leave
    assert kiosk.presence.where(person.person_id).present is True  # type: ignore[union-attr]
    with kiosk.store.reading() as conn:
        actions = [e.action for e in audit.entries(conn, 50)]
    assert actions.count("presence.check_in") == 1 and "presence.check_out" not in actions


def test_a_tap_of_someone_present_asks_before_checking_out(
    kiosk: Kiosk, counter: Counter, wall: FakeWall
) -> None:
    person = add_person(kiosk)
    kiosk.people.link_identifier(STAFF, person.person_id, CARD)
    counter.tap("kiosk", CARD)
    wall.t += 61
    asked = counter.tap("kiosk", CARD)
    assert isinstance(asked, Confirmation) and asked.outcome is Outcome.ALREADY_PRESENT
    assert asked.may_leave
    assert kiosk.presence.where(person.person_id).present is True  # type: ignore[union-attr]
    left = counter.leave("kiosk", person.person_id)
    assert isinstance(left, Confirmation) and left.outcome is Outcome.CHECKED_OUT
    assert kiosk.presence.where(person.person_id).present is False  # type: ignore[union-attr]
    wall.t += 3
    again = counter.tap("kiosk", CARD)
    assert isinstance(again, Confirmation) and again.outcome is Outcome.CHECKED_OUT
    assert again.repeated
    assert kiosk.presence.where(person.person_id).present is False  # type: ignore[union-attr]


def test_the_repeat_window_is_a_setting_and_zero_turns_it_off(
    kiosk: Kiosk, signer: QRSigner, wall: FakeWall
) -> None:
    keys = KeySet([signer.trusted_key(NOW - 86400)])
    counter = Counter(kiosk, "S1", keys, clock=wall, repeat_window_s=0)
    person = add_person(kiosk)
    kiosk.people.link_identifier(STAFF, person.person_id, CARD)
    counter.tap("kiosk", CARD)
    second = counter.tap("kiosk", CARD)
    assert isinstance(second, Confirmation) and second.outcome is Outcome.ALREADY_PRESENT
    assert Settings().repeat_tap_s == 60
    with pytest.raises(InvalidInput, match="repeat-tap window"):
        Settings(repeat_tap_s=-1).check()


def test_confirmation_names_household_members_present_here(kiosk: Kiosk, counter: Counter) -> None:
    household = add_household(kiosk)
    mother = add_person(kiosk, "佐藤 花子", "さとう はなこ", household.household_id)
    son = add_person(kiosk, "佐藤 蓮", "さとう れん", household.household_id)
    add_person(kiosk, "佐藤 一郎", "さとう いちろう", household.household_id)  # not here
    kiosk.presence.check_in(STAFF, son.person_id, "S1")
    kiosk.people.link_identifier(STAFF, mother.person_id, CARD)
    answer = counter.tap("kiosk", CARD)
    assert isinstance(answer, Confirmation)
    assert answer.household_present == ("佐藤 蓮",)


def test_someone_recorded_elsewhere_is_moved_here(kiosk: Kiosk, counter: Counter) -> None:
    person = add_person(kiosk)
    kiosk.presence.check_in(STAFF, person.person_id, "S2")
    answer = counter.tap("kiosk", person.person_id)
    assert isinstance(answer, Confirmation)
    assert (answer.outcome, answer.previous_shelter_id) == (Outcome.MOVED, "S2")


def test_an_unknown_card_is_sent_to_the_staff_desk(counter: Counter) -> None:
    assert counter.tap("kiosk", CARD) == TurnedAway(Refusal.UNKNOWN_PERSON, "no person for jpki")


def test_a_closed_shelter_turns_people_away(kiosk: Kiosk, counter: Counter) -> None:
    person = add_person(kiosk)
    kiosk.shelters.set_status(STAFF, "S1", ShelterStatus.CLOSED)
    answer = counter.tap("kiosk", person.person_id)
    assert isinstance(answer, TurnedAway) and answer.refusal is Refusal.SHELTER_CLOSED


def test_a_signed_pass_checks_its_subject_in(
    kiosk: Kiosk, counter: Counter, signer: QRSigner
) -> None:
    person = add_person(kiosk)
    text = signer.sign(person.person_id, PassClaims("h-1", "S1"), NOW - 60, NOW + 3600)
    answer = counter.show_code("kiosk", text)
    assert isinstance(answer, Confirmation) and answer.person_id == person.person_id


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (lambda s: s.sign("p-1", PassClaims("h-1"), NOW - 7200, NOW - 3600), Refusal.EXPIRED_CODE),
        (
            lambda s: s.sign(
                "p-1", DeclarationClaims("e-1", datetime(2026, 12, 1).date(), 1), NOW, NOW + 60
            ),
            Refusal.NOT_A_PASS,
        ),
        (lambda s: s.sign("p-1", PassClaims("h-1"), NOW, NOW + 60)[:-6], Refusal.INVALID_CODE),
        (lambda s: "https://example.com/", Refusal.UNREADABLE_CODE),
        (lambda s: "CITYCARD:131016:X-1", Refusal.INVALID_CODE),
        (lambda s: local_pass_text("p-not-a-walk-in"), Refusal.INVALID_CODE),
    ],
)
def test_codes_that_are_refused_say_why(
    counter: Counter, signer: QRSigner, make: Callable[[QRSigner], str], refusal: Refusal
) -> None:
    answer = counter.show_code("kiosk", make(signer))
    assert isinstance(answer, TurnedAway) and answer.refusal is refusal


def test_a_city_card_checks_in_the_person_it_is_linked_to(kiosk: Kiosk, counter: Counter) -> None:
    person = add_person(kiosk)
    kiosk.people.link_identifier(STAFF, person.person_id, "city:citycard:131016:A123")
    answer = counter.show_code("kiosk", "CITYCARD:131016:A123")
    assert isinstance(answer, Confirmation) and answer.person_id == person.person_id


def test_a_walk_ins_kiosk_pass_checks_them_in(kiosk: Kiosk, counter: Counter) -> None:
    walk_in = add_person(kiosk)
    assert walk_in.provisional
    answer = counter.show_code("kiosk", local_pass_text(walk_in.person_id))
    assert isinstance(answer, Confirmation) and answer.outcome is Outcome.CHECKED_IN


def test_the_key_set_is_kept_in_the_store(kiosk: Kiosk, signer: QRSigner) -> None:
    assert len(stored_keys(kiosk.store)) == 0
    save_keys(kiosk.store, STAFF, KeySet([signer.trusted_key(NOW)]))
    assert stored_keys(kiosk.store).get("pf-test") is not None


def test_a_pass_signed_with_a_revoked_key_is_refused_whatever_its_dates(
    kiosk: Kiosk, signer: QRSigner, wall: FakeWall
) -> None:
    person = add_person(kiosk)
    save_keys(kiosk.store, STAFF, KeySet([signer.trusted_key(NOW - 86400)]))
    text = signer.sign(person.person_id, PassClaims("h-1", "S1"), NOW - 60, NOW + 3600)
    with kiosk.store.transaction() as tx:
        assert revoked_keys.record(tx.conn, "pf-test", "2026-11-26T00:30:00Z")
        assert not revoked_keys.record(tx.conn, "pf-test", "2026-11-26T00:30:00Z")
    answer = Counter(kiosk, "S1", clock=wall).show_code("kiosk", text)
    assert isinstance(answer, TurnedAway) and answer.refusal is Refusal.REVOKED_KEY
    assert "pf-test" in answer.detail
