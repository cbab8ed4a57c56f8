"""A municipality's own QR ID card, end to end on both databases: the administrator defines the
card's format at the platform, the shelter's kiosk receives it by sync, staff link Hanako's city
card after her My Number Card was linked at the counter (the virtual card signing for real),
the platform keeps the link and gives it to the shelter's other kiosk, and the city card alone
checks her in and out. A link pushed for a person without a verified card link is an incident,
and nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.counter import Confirmation, Counter, Refusal, TurnedAway
from kiosk.errors import Refused
from kiosk.presence import Outcome
from sync.cardlink import PlatformChallenges
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.integration.test_counter_linking import (
    STAFF,
    ForgingDevice,
    card,
    import_hanako,
    incidents,
    link_at_counter,
    one,
)

__all__ = ["card"]  # the fixture, shared with the counter-linking tests

CODE = "YAPPURU:282227:00012345"


def define_format(platform: PlatformServer) -> None:
    shown = platform.cli(
        "city-card-format", "M-1", "--prefix", "YAPPURU", "--code", "282227",
        "--id-pattern", "^[0-9]{8}$",
    )  # fmt: skip
    assert shown["id_pattern"] == "^[0-9]{8}$"


def test_a_city_card_linked_after_the_counter_card_link_checks_its_holder_in_and_out(
    card: Path, platform: PlatformServer, make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    person_id = import_hanako(platform, tmp_path)
    define_format(platform)
    kiosk, engine = make_kiosk("counter")
    engine.run_once()
    # Before her My Number Card is linked, the kiosk itself refuses.
    with pytest.raises(Refused) as refused:
        kiosk.citycards.link(STAFF, person_id, CODE)
    assert refused.value.reason == "not_verified"
    kiosk.cardlink.challenges = PlatformChallenges(engine)
    link_at_counter(kiosk, card, person_id)
    linked = kiosk.citycards.link(STAFF, person_id, CODE)
    assert linked.device_seq is not None
    engine.run_once()
    row = one(platform, "SELECT * FROM city_cards WHERE card_id = '00012345'")
    assert (row.municipality_id, row.person_id, row.staff) == ("M-1", person_id, STAFF)
    assert incidents(platform, "city-card-unverified-person") == []
    # The city card alone checks her in here, and out at the shelter's other kiosk.
    answer = Counter(kiosk, "S1").show_code("self-service", CODE)
    assert isinstance(answer, Confirmation) and answer.outcome is Outcome.CHECKED_IN
    assert answer.person_id == person_id
    engine.run_once()
    door, door_engine = make_kiosk("door")
    door_engine.run_once()
    # Checking out at the entrance takes a second, deliberate step after the card is shown.
    door_counter = Counter(door, "S1")
    present = door_counter.show_code("self-service", CODE)
    assert isinstance(present, Confirmation) and present.outcome is Outcome.ALREADY_PRESENT
    assert present.may_leave
    out = door_counter.leave("self-service", person_id)
    assert isinstance(out, Confirmation) and out.outcome is Outcome.CHECKED_OUT
    # A card of the format linked to nobody is "not registered" for staff.
    unknown = Counter(door, "S1").show_code("self-service", "YAPPURU:282227:99999999")
    assert isinstance(unknown, TurnedAway) and unknown.refusal is Refusal.CARD_NOT_REGISTERED


def test_a_city_card_link_for_a_person_without_a_verified_card_link_is_an_incident(
    card: Path, platform: PlatformServer, tmp_path: Path
) -> None:
    person_id = import_hanako(platform, tmp_path)
    define_format(platform)
    device = ForgingDevice(platform, "S1")
    payload = {
        "person_id": person_id,
        "municipality_id": "M-1",
        "card_id": "00012345",
        "staff": STAFF,
    }
    assert device.push("person.city_card_linked", payload)["status"] == "stored"
    [kept] = incidents(platform, "city-card-unverified-person")
    assert kept["detail"]["person_id"] == person_id
    assert one(platform, "SELECT 1 FROM city_cards") is None
