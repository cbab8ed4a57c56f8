"""The KZ1 signer and verifier kiosks and the platform share, against docs/protocol's vectors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kazasu_protocol import base45
from kazasu_protocol.kz1 import (
    Body,
    CodeRefused,
    CodeType,
    DeclarationClaims,
    PassClaims,
    Reason,
    TrustedKey,
    sign,
    split,
    verify,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/signed-qr-vectors.json").read_text(
        encoding="utf-8"
    )
)
SEEDS = {k["kid"]: bytes.fromhex(k["seed_hex"]) for k in VECTORS["keys"]}
TYPES = {"pass": CodeType.PASS, "declaration": CodeType.DECLARATION, None: None}


def _epoch(text: str | None) -> int | None:
    if text is None:
        return None
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).timestamp())


KEYS = {
    k["kid"]: TrustedKey(
        k["kid"],
        k["issuer"],
        bytes.fromhex(k["public_key"]),
        _epoch(k["not_before"]) or 0,
        _epoch(k["not_after"]),
        revoked=k["kid"] in VECTORS["revoked"],
    )
    for k in VECTORS["keys"]
}


def _body(vector: dict[str, Any]) -> Body:
    given = vector["input"]
    claims = given["claims"]
    if given["type"] == "pass":
        made: PassClaims | DeclarationClaims = PassClaims(
            claims["household_id"], claims["shelter_id"]
        )
    else:
        made = DeclarationClaims(
            claims["election_id"], date.fromisoformat(claims["vote_date"]), claims["reason"]
        )
    return Body(
        vector["kid"],
        given["issuer"],
        given["subject"],
        given["issued_at"],
        given["expires_at"],
        made,
    )


def _named(vectors: list[dict[str, Any]]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("vector", vectors, ids=[v["name"] for v in vectors])


@_named(VECTORS["valid"])
def test_the_signer_produces_each_valid_vector_byte_for_byte(vector: dict[str, Any]) -> None:
    code = sign(SEEDS[vector["kid"]], _body(vector))
    assert code == vector["code"]
    data = base45.decode(code.removeprefix("KZ1:"))
    assert data[:-64].hex() == vector["body_hex"]
    assert data[-64:].hex() == vector["signature_hex"]


@_named(VECTORS["valid"])
def test_the_verifier_accepts_each_valid_vector_and_reads_back_its_input(
    vector: dict[str, Any],
) -> None:
    body = verify(vector["code"], KEYS, vector["verify_at"], TYPES[vector["input"]["type"]])
    assert body == _body(vector)


@_named(VECTORS["valid_edges"])
def test_codes_just_inside_the_leeway_are_accepted(vector: dict[str, Any]) -> None:
    verify(vector["code"], KEYS, vector["verify_at"])


@_named(VECTORS["invalid"])
def test_each_invalid_vector_is_refused_for_its_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(CodeRefused) as refused:
        verify(vector["code"], KEYS, vector["verify_at"], TYPES[vector["expected_type"]])
    assert refused.value.reason == Reason(vector["reason"])


def test_the_signer_refuses_a_body_a_kiosk_would_call_malformed() -> None:
    good = _body(VECTORS["valid"][0])
    seed = SEEDS[good.kid]
    for bad in (
        Body("k id", good.issuer, good.subject, 1, 2, good.claims),
        Body(good.kid, "", good.subject, 1, 2, good.claims),
        Body(good.kid, good.issuer, "p-\n", 1, 2, good.claims),
        Body(good.kid, good.issuer, good.subject, 2, 2, good.claims),
        Body(good.kid, good.issuer, good.subject, 1, 2, PassClaims("")),
        Body(good.kid, good.issuer, good.subject, 1, 2, PassClaims("h" * 256)),
        Body(good.kid, good.issuer, "p", 1, 2, DeclarationClaims("e", date(2025, 1, 1), 7)),
        Body(good.kid, good.issuer, "p", 1, 2, DeclarationClaims("e", date(1999, 1, 1), 1)),
    ):
        with pytest.raises(CodeRefused) as refused:
            sign(seed, bad)
        assert refused.value.reason == Reason.MALFORMED


def test_a_key_id_on_the_revoked_list_is_refused_even_when_no_key_is_held_for_it() -> None:
    vector = VECTORS["valid"][0]
    held = {kid: key for kid, key in KEYS.items() if kid != vector["kid"]}
    with pytest.raises(CodeRefused) as refused:
        verify(vector["code"], held, vector["verify_at"], revoked={vector["kid"]})
    assert refused.value.reason == Reason.KEY_REVOKED
    assert refused.value.body == _body(vector)


def test_split_reads_the_body_and_signature_without_a_key() -> None:
    vector = VECTORS["valid"][0]
    body, signed, signature = split(vector["code"])
    assert body == _body(vector)
    assert (signed.hex(), signature.hex()) == (vector["body_hex"], vector["signature_hex"])


def test_a_refusal_before_the_body_is_read_carries_no_body() -> None:
    with pytest.raises(CodeRefused) as refused:
        split("https://example.org/")
    assert (refused.value.reason, refused.value.body) == (Reason.NOT_SIGNED_CODE, None)
