"""A municipality's own QR ID card at the kiosk: read by the format the platform gave it, linked
to a person only after their My Number Card was linked at this counter (the card signing for
real, in process), and then checking them in and out alone."""

from __future__ import annotations

from datetime import date

import pytest

from cardio.qr.cityid import CityCardFormat, CityCardFormats, CityId, CityIdError
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import make_ca
from cardio.virtualcard.profile import new_test_profile
from kiosk import citycards, outbox
from kiosk.app import Kiosk
from kiosk.cardlink import link_at_reader
from kiosk.counter import Confirmation, Counter, Refusal, TurnedAway
from kiosk.errors import InvalidInput, Refused
from kiosk.model import Person
from kiosk.presence import Outcome

PIN = "1234"
ACTOR = "staff:t01"
YABU = CityCardFormat("M-282227", "YAPPURU", "282227", "^[0-9]{8}$")
CODE = "YAPPURU:282227:00012345"


@pytest.fixture(scope="module")
def hanako_card() -> CardProfile:
    return new_test_profile(
        make_ca(), "hanako", "佐藤 花子", "架空市本町一丁目2番3号", "19800102", "2"
    )


@pytest.fixture
def counter_kiosk(kiosk: Kiosk) -> Kiosk:
    """An enrolled kiosk holding Yabu's card format, as a sync leaves it."""
    kiosk.store.readdress("d-counter-1")
    with kiosk.store.transaction() as tx:
        citycards.store_format(tx.conn, YABU)
    return kiosk


def hanako(kiosk: Kiosk) -> Person:
    return kiosk.people.register(
        ACTOR,
        Person(
            "p-0001",
            "佐藤　花子",
            "さとう はなこ",
            birth_date=date(1980, 1, 2),
            address="架空市本町1-2-3",
        ),
        "import",
    )


def events(kiosk: Kiosk) -> list[outbox.Event]:
    with kiosk.store.reading() as conn:
        return outbox.pending(conn, 10_000)


def test_the_synced_format_reads_its_citys_cards_and_refuses_others_clearly() -> None:
    other = CityCardFormat("M-131016", "YAPPURU", "131016", "^[A-Z][0-9]{5}$")
    formats = CityCardFormats([YABU, other])
    assert formats.parse(CODE) == CityId("M-282227", "00012345")
    assert formats.parse("YAPPURU:131016:A12345") == CityId("M-131016", "A12345")
    with pytest.raises(CityIdError, match="does not fit the YAPPURU card's format"):
        formats.parse("YAPPURU:282227:1234")
    with pytest.raises(CityIdError, match="a city not configured here \\(011002\\)"):
        formats.parse("YAPPURU:011002:00012345")
    with pytest.raises(CityIdError, match="a city code and a card number"):
        formats.parse("YAPPURU:00012345")
    assert formats.parse("LIBRARY:282227:00012345") is None


def test_a_city_card_is_not_linked_before_the_persons_my_number_card(
    counter_kiosk: Kiosk,
) -> None:
    person = hanako(counter_kiosk)
    before = len(events(counter_kiosk))
    with pytest.raises(Refused, match="My Number Card at the counter first") as refused:
        counter_kiosk.citycards.link(ACTOR, person.person_id, CODE)
    assert refused.value.reason == "not_verified"
    assert counter_kiosk.people.find("city:M-282227:00012345") is None
    assert len(events(counter_kiosk)) == before


def test_after_the_counter_card_link_the_city_card_is_linked_and_checks_in_and_out(
    counter_kiosk: Kiosk, hanako_card: CardProfile
) -> None:
    person = hanako(counter_kiosk)
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        assert link_at_reader(counter_kiosk.cardlink, ACTOR, transport, PIN).linked is not None
    linked = counter_kiosk.citycards.link(ACTOR, person.person_id, CODE)
    assert (linked.municipality_id, linked.card_id) == ("M-282227", "00012345")
    event = events(counter_kiosk)[-1]
    assert event.type == "person.city_card_linked" and event.device_seq == linked.device_seq
    assert event.payload == {
        "person_id": person.person_id,
        "municipality_id": "M-282227",
        "card_id": "00012345",
        "staff": ACTOR,
    }
    # Linking it again changes nothing; to someone else it is refused.
    assert counter_kiosk.citycards.link(ACTOR, person.person_id, CODE).device_seq is None
    # The counter reads the format the platform gave the kiosk.
    counter = Counter(counter_kiosk, "S1")
    first = counter.show_code("self-service", CODE)
    assert isinstance(first, Confirmation) and first.outcome is Outcome.CHECKED_IN
    assert first.person_id == person.person_id
    # Shown again at once, the card repeats the welcome; leaving is a deliberate second step.
    again = counter.show_code("self-service", CODE)
    assert isinstance(again, Confirmation) and again.repeated
    left = counter.leave("self-service", person.person_id)
    assert isinstance(left, Confirmation) and left.outcome is Outcome.CHECKED_OUT


def test_a_card_linked_to_someone_is_not_linked_to_another(
    counter_kiosk: Kiosk, hanako_card: CardProfile
) -> None:
    person = hanako(counter_kiosk)
    with InProcessTransport(VirtualMyNumberCard(hanako_card)) as transport:
        link_at_reader(counter_kiosk.cardlink, ACTOR, transport, PIN)
    counter_kiosk.citycards.link(ACTOR, person.person_id, CODE)
    taro_card = new_test_profile(
        make_ca(), "taro", "山田 太郎", "架空市本町一丁目2番3号", "19700101", "1"
    )
    other = counter_kiosk.people.register(
        ACTOR,
        Person("p-0002", "山田　太郎", "やまだ たろう", birth_date=date(1970, 1, 1)),
        "import",
    )
    with InProcessTransport(VirtualMyNumberCard(taro_card)) as transport:
        taro = link_at_reader(counter_kiosk.cardlink, ACTOR, transport, PIN, other.person_id)
    assert taro.linked is not None
    with pytest.raises(Refused, match="linked to another person"):
        counter_kiosk.citycards.link(ACTOR, other.person_id, CODE)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("YAPPURU:282227:12", "does not fit"),
        ("LIBRARY:282227:00012345", "not a city card of a format this kiosk was given"),
    ],
)
def test_a_code_of_no_synced_format_is_not_linked(
    counter_kiosk: Kiosk, code: str, problem: str
) -> None:
    person = hanako(counter_kiosk)
    with pytest.raises(InvalidInput, match=problem):
        counter_kiosk.citycards.link(ACTOR, person.person_id, code)


def test_at_the_entrance_an_unlinked_city_card_is_not_registered_and_others_are_refused(
    counter_kiosk: Kiosk,
) -> None:
    counter = Counter(counter_kiosk, "S1")
    unlinked = counter.show_code("self-service", CODE)
    assert isinstance(unlinked, TurnedAway) and unlinked.refusal is Refusal.CARD_NOT_REGISTERED
    wrong = counter.show_code("self-service", "YAPPURU:011002:00012345")
    assert isinstance(wrong, TurnedAway) and wrong.refusal is Refusal.INVALID_CODE
    assert "not configured here" in wrong.detail
    unknown = counter.show_code("self-service", "LIBRARY:282227:1")
    assert isinstance(unknown, TurnedAway) and unknown.refusal is Refusal.UNREADABLE_CODE
