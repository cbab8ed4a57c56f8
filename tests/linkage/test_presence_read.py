"""``presence.read``: what a push's moves need to know of their people, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, Engine, insert

from linkage import presence
from linkage.tables import person_scopes, persons
from linkage.tables import presence as presence_table
from tests.linkage.rows import bare_person


def _person(conn: Connection, person_id: str, shelter: str | None, scope: str | None) -> None:
    conn.execute(insert(persons).values(bare_person(person_id)))
    if shelter is not None:
        conn.execute(
            insert(presence_table).values(
                person_id=person_id, shelter_id=shelter, state="in", hlc="h-1", event_id="e-1"
            )
        )
    if scope is not None:
        conn.execute(insert(person_scopes).values(person_id=person_id, scope_key=scope))


@pytest.mark.parametrize(
    "asked",
    [
        ["p-1", "p-2", "p-unknown"],
        ["p-1"],
        [],
        # Not an id the rules admit, but the statement still reads it.
        ["p,3", "p-1"],
    ],
)
def test_read_finds_the_people_asked_for_and_their_scopes(engine: Engine, asked: list[str]) -> None:
    with engine.begin() as conn:
        _person(conn, "p-1", "S-1", "shelter:S-1")
        _person(conn, "p-2", None, None)
        _person(conn, "p,3", "S-2", "shelter:S-2")
        found = presence.read(conn, asked, ["shelter:S-1", "shelter:S-2"])
    expected = {
        "p-1": presence.Now(None, True, "S-1", "h-1", {"shelter:S-1"}),
        "p-2": presence.Now(None, True, None, None, set()),
        "p,3": presence.Now(None, True, "S-2", "h-1", {"shelter:S-2"}),
    }
    assert found == {pid: now for pid, now in expected.items() if pid in asked}


def test_the_ids_go_as_one_text_unless_one_holds_a_comma() -> None:
    assert presence.read_params(["b", "a", "b"], ["k"]) == {
        "ids": None,
        "ids_text": "a,b",
        "keys": ["k"],
    }
    assert presence.read_params(["a", "b,c"], []) == {
        "ids": ["a", "b,c"],
        "ids_text": None,
        "keys": [],
    }
