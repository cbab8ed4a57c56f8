"""Canonical JSON as docs/protocol/events.md defines it."""

from __future__ import annotations

from kazasu_protocol.canonical import canonical_json


def test_sorted_keys_no_spaces_and_non_ascii_kept_as_is() -> None:
    value = {"b": [1, {"y": None, "x": True}], "a": "避難所", "c": 1.5}
    assert canonical_json(value) == '{"a":"避難所","b":[1,{"x":true,"y":null}],"c":1.5}'
