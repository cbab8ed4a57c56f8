"""The platform's identifiers: a readable prefix and a UUID version 7, each later than the last."""

from __future__ import annotations

import uuid

from linkage.canonical import new_id, new_ids


def test_an_id_is_its_prefix_and_a_version_7_uuid() -> None:
    prefix, _, text = new_id("p").partition("-")
    value = uuid.UUID(text)
    assert prefix == "p"
    assert str(value) == text
    assert (value.version, value.variant) == (7, uuid.RFC_4122)


def test_ids_made_one_after_another_sort_in_the_order_they_were_made() -> None:
    made = [new_id("v") for _ in range(1000)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_ids_made_in_bulk_are_ids_like_the_others_in_the_order_they_were_made() -> None:
    made = [new_id("p"), *new_ids("p", 1000), new_id("p"), *new_ids("p", 3)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    for made_id in made:
        value = uuid.UUID(made_id.removeprefix("p-"))
        assert (value.version, value.variant) == (7, uuid.RFC_4122)
    assert new_ids("p", 0) == []
