"""The compact person item both sides share, against docs/protocol/person-item-vectors.json:
the stamps a record is written with, read back exactly, and the malformed items refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kazasu_protocol.person_item import compact_stamps, field_stamps

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/person-item-vectors.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize("vector", VECTORS["compact"], ids=[v["name"] for v in VECTORS["compact"]])
def test_a_record_is_written_with_its_commonest_stamp_and_the_differing_ones(
    vector: dict[str, Any],
) -> None:
    assert compact_stamps(vector["fields"], vector["stamps"]) == (
        vector["hlc"],
        vector["field_hlc"],
    )
    assert list(vector["field_hlc"]) == sorted(vector["field_hlc"])


@pytest.mark.parametrize("vector", VECTORS["compact"], ids=[v["name"] for v in VECTORS["compact"]])
def test_a_compact_item_reads_back_as_the_records_stamps(vector: dict[str, Any]) -> None:
    payload = {"fields": vector["fields"], "hlc": vector["hlc"]}
    if vector["field_hlc"]:
        payload["field_hlc"] = vector["field_hlc"]
    assert field_stamps(payload) == vector["stamps"]


@pytest.mark.parametrize("vector", VECTORS["refused"], ids=[v["name"] for v in VECTORS["refused"]])
def test_a_malformed_compact_item_is_refused_with_its_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as refused:
        field_stamps(vector["payload"])
    assert str(refused.value) == vector["reason"]
