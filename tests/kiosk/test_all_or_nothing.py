"""One user action, one transaction: a registration, its card link, its household and the
check-in of those present are stored together or not at all. A refusal at the last step
leaves no person, no household, no identifier and no outbox event, so a retry makes no
duplicate."""

from __future__ import annotations

import pytest

from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, Refused
from kiosk.model import Household, Person, ShelterStatus
from kiosk.sqlite import Connection
from kiosk.walkin import WalkInService
from tests.kiosk.builders import STAFF, add_person

CARD = "jpki:" + "ab" * 32


def counts(kiosk: Kiosk) -> dict[str, int]:
    """Rows of everything a registration writes."""
    tables = ("persons", "households", "identifiers", "presence", "outbox", "answers")
    with kiosk.store.reading() as conn:
        return {t: _count(conn, t) for t in tables}


def _count(conn: Connection, table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0])


def walk_in(kiosk: Kiosk, **kwargs: object) -> None:
    WalkInService(kiosk.store).register(
        STAFF,
        Household("", shelter_id="S1", address="東京都千代田区1-1"),
        [Person("", "山本 一郎", "やまもと いちろう"), Person("", "山本 花", "やまもと はな")],
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_walk_in_whose_check_in_is_refused_stores_nothing(kiosk: Kiosk) -> None:
    kiosk.shelters.set_status(STAFF, "S1", ShelterStatus.CLOSED)
    before = counts(kiosk)
    with pytest.raises(Refused) as refused:
        walk_in(kiosk, card_key=CARD, check_in_at="S1")
    assert refused.value.reason == "shelter_closed"
    assert counts(kiosk) == before


def test_a_walk_in_checked_in_is_one_transaction_with_its_registration(kiosk: Kiosk) -> None:
    walk_in(kiosk, card_key=CARD, check_in_at="S1")
    person = kiosk.people.find(CARD)
    assert person is not None
    found = kiosk.presence.where(person.person_id)
    assert found is not None and found.present and found.shelter_id == "S1"
    assert len(kiosk.presence.present("S1")) == 2


def test_a_walk_in_with_a_card_key_of_no_known_kind_is_refused_before_anything(
    kiosk: Kiosk,
) -> None:
    before = counts(kiosk)
    with pytest.raises(InvalidInput, match="bogus"):
        walk_in(kiosk, card_key="bogus:1")
    assert counts(kiosk) == before


def test_a_walk_in_whose_card_is_linked_elsewhere_stores_nothing(kiosk: Kiosk) -> None:
    other = add_person(kiosk, "別人 次郎", "べつじん じろう")
    kiosk.people.link_identifier(STAFF, other.person_id, CARD)
    before = counts(kiosk)
    with pytest.raises(Refused):
        walk_in(kiosk, card_key=CARD, check_in_at="S1")
    assert counts(kiosk) == before


def test_a_registration_whose_card_is_refused_stores_nothing(kiosk: Kiosk) -> None:
    other = add_person(kiosk, "別人 次郎", "べつじん じろう")
    kiosk.people.link_identifier(STAFF, other.person_id, CARD)
    before = counts(kiosk)
    with pytest.raises(Refused):
        kiosk.people.register(STAFF, Person("", "佐藤 三郎", "さとう さぶろう"), card_key=CARD)
    with pytest.raises(InvalidInput, match="bogus"):
        kiosk.people.register(STAFF, Person("", "佐藤 三郎", "さとう さぶろう"), card_key="bogus:1")
    assert counts(kiosk) == before


def test_a_registration_with_its_card_writes_both_and_both_events(kiosk: Kiosk) -> None:
    person = kiosk.people.register(STAFF, Person("", "佐藤 三郎", "さとう さぶろう"), card_key=CARD)
    assert kiosk.people.find(CARD) == person
    with kiosk.store.reading() as conn:
        types = [
            r[0] for r in conn.execute("SELECT type FROM outbox ORDER BY device_seq").fetchall()
        ]
    assert types[-2:] == ["person.registered", "person.card_linked"]
