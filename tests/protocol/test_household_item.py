"""The compact household item both sides share, against
docs/protocol/household-item-vectors.json: the stamps a household is written with, read back
exactly, and the malformed items refused, by the person item's one rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kazasu_protocol import household_item, person_item

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/household-item-vectors.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize("vector", VECTORS["compact"], ids=[v["name"] for v in VECTORS["compact"]])
def test_a_household_is_written_with_its_commonest_stamp_and_the_differing_ones(
    vector: dict[str, Any],
) -> None:
    assert household_item.compact_stamps(vector["fields"], vector["stamps"]) == (
        vector["hlc"],
        vector["field_hlc"],
    )
    assert list(vector["field_hlc"]) == sorted(vector["field_hlc"])


@pytest.mark.parametrize("vector", VECTORS["compact"], ids=[v["name"] for v in VECTORS["compact"]])
def test_a_compact_household_item_reads_back_as_the_records_stamps(vector: dict[str, Any]) -> None:
    payload = {"household_id": "h-1", "fields": vector["fields"], "hlc": vector["hlc"]}
    if vector["field_hlc"]:
        payload["field_hlc"] = vector["field_hlc"]
    assert household_item.field_stamps(payload) == vector["stamps"]


@pytest.mark.parametrize("vector", VECTORS["refused"], ids=[v["name"] for v in VECTORS["refused"]])
def test_a_malformed_compact_household_item_is_refused_with_its_reason(
    vector: dict[str, Any],
) -> None:
    with pytest.raises(ValueError) as refused:
        household_item.field_stamps(vector["payload"])
    assert str(refused.value) == vector["reason"]


def test_one_rule_serves_both_items() -> None:
    assert household_item.compact_stamps is person_item.compact_stamps
    assert household_item.COMPACT == person_item.COMPACT
