"""The supplies rule kiosks and the platform share, against docs/protocol/supplies-vectors.json:
which entries ``shelter.supplies_set`` may carry, and the day's need suggested from the people
present."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kazasu_protocol.supplies import ITEMS, items_problem, suggested

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/supplies-vectors.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize("vector", VECTORS["entries"], ids=[v["name"] for v in VECTORS["entries"]])
def test_an_entry_is_accepted_or_refused_with_its_reason(vector: dict[str, Any]) -> None:
    expected = None if vector["expect"] == "accept" else vector["refused"]
    assert items_problem(vector["items"]) == expected


@pytest.mark.parametrize(
    "vector", VECTORS["suggestions"], ids=[v["name"] for v in VECTORS["suggestions"]]
)
def test_the_days_need_follows_the_people_present(vector: dict[str, Any]) -> None:
    need = suggested(vector["people"], date.fromisoformat(vector["today"]))
    assert need == vector["expect"]
    assert list(need) == list(ITEMS)
