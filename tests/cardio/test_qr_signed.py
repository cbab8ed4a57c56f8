"""The kiosk's side of signed QR codes: its key-set document, and a staff message per refusal.

The format's bytes are tested against the published vectors in tests/protocol/test_kz1.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cardio.qr import signed
from cardio.qr.signed import (
    CodeType,
    DeclarationClaims,
    KeySet,
    PassClaims,
    QRSigner,
    Reason,
    SignedCodeError,
    verify,
)
from kazasu_protocol.base45 import decode as b45decode
from kazasu_protocol.base45 import encode as b45encode

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "docs/protocol/signed-qr-vectors.json").read_text("utf-8")
)
KEYS = KeySet.from_json(json.dumps({"keys": VECTORS["keys"], "revoked": VECTORS["revoked"]}))
SEEDS = {k["kid"]: bytes.fromhex(k["seed_hex"]) for k in VECTORS["keys"]}


def claims_from(data: dict[str, Any]) -> signed.Claims:
    if "household_id" in data:
        return PassClaims(data["household_id"], data["shelter_id"])
    return DeclarationClaims(
        data["election_id"], dt.date.fromisoformat(data["vote_date"]), data["reason"]
    )


def expected(name: str | None) -> CodeType | None:
    return None if name is None else CodeType[name.upper()]


@pytest.mark.parametrize("vector", VECTORS["valid"], ids=lambda v: v["name"])
def test_verifier_accepts_each_valid_vector_and_reads_back_its_input(
    vector: dict[str, Any],
) -> None:
    code = verify(vector["code"], KEYS, now=vector["verify_at"])
    data = vector["input"]
    assert code.type == CodeType[data["type"].upper()]
    assert (code.kid, code.issuer, code.subject) == (vector["kid"], data["issuer"], data["subject"])
    assert (code.issued_at, code.expires_at) == (data["issued_at"], data["expires_at"])
    assert code.claims == claims_from(data["claims"])


@pytest.mark.parametrize("vector", VECTORS["valid_edges"], ids=lambda v: v["name"])
def test_clock_leeway_accepts_codes_just_inside_it(vector: dict[str, Any]) -> None:
    assert verify(vector["code"], KEYS, now=vector["verify_at"]).subject


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=lambda v: v["name"])
def test_verifier_refuses_each_invalid_vector_with_its_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(SignedCodeError) as refused:
        verify(
            vector["code"],
            KEYS,
            now=vector["verify_at"],
            expected_type=expected(vector["expected_type"]),
        )
    assert refused.value.reason == Reason(vector["reason"])
    assert str(refused.value)  # a message staff can read


def test_every_reason_has_its_own_exception_class_and_a_vector() -> None:
    classes = {cls.reason: cls for cls in SignedCodeError.__subclasses__()}
    assert set(classes) == set(Reason)
    assert {v["reason"] for v in VECTORS["invalid"]} == {r.value for r in Reason}


def test_vectors_use_only_documented_key_set_fields() -> None:
    round_trip = KeySet.from_json(KEYS.to_json())
    for entry in VECTORS["keys"]:
        key = round_trip.get(entry["kid"])
        assert key is not None
        assert key.public_key.hex() == entry["public_key"]
        private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(entry["seed_hex"]))
        assert private.public_key().public_bytes_raw().hex() == entry["public_key"]


def test_rotation_old_passes_stay_valid_until_expiry_while_new_ones_use_the_new_key() -> None:
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    old, new = QRSigner("k-1", "iss", old_key), QRSigner("k-2", "iss", new_key)
    switch = 1_800_000_000
    keys = KeySet([old.trusted_key(0, switch), new.trusted_key(switch)])
    claims = PassClaims("h-1")
    before = old.sign("p-1", claims, switch - 60, switch + 7 * 86400)
    after = new.sign("p-1", claims, switch + 60, switch + 7 * 86400)
    for text in (before, after):
        assert verify(text, keys, now=switch + 3600).subject == "p-1"
    # The retired key cannot issue after the switch, even if it leaked.
    late = old.sign("p-1", claims, switch + 60, switch + 7 * 86400)
    with pytest.raises(signed.KeyNotValid):
        verify(late, keys, now=switch + 3600)


def test_a_forged_code_is_refused_whatever_byte_is_changed() -> None:
    signer = QRSigner("k-1", "iss", Ed25519PrivateKey.generate())
    keys = KeySet([signer.trusted_key(0)])
    text = signer.sign("p-1", DeclarationClaims("e-1", dt.date(2026, 7, 5), 3), 1000, 9000)
    raw = b45decode(text[4:])
    kid_end = 10 + 1 + len("k-1")  # changing the key id would make it unknown_key instead
    for i in range(kid_end, len(raw)):
        tampered = bytearray(raw)
        tampered[i] ^= 0x01
        with pytest.raises(SignedCodeError) as refused:
            verify("KZ1:" + b45encode(bytes(tampered)), keys, now=2000)
        assert refused.value.reason in {Reason.BAD_SIGNATURE, Reason.MALFORMED, Reason.TRUNCATED}


def test_key_set_refuses_duplicate_key_ids_and_other_algorithms() -> None:
    key = QRSigner("k-1", "iss", Ed25519PrivateKey.generate()).trusted_key(0)
    with pytest.raises(ValueError, match="appears twice"):
        KeySet([key, key])
    doc = json.loads(KeySet([key]).to_json())
    doc["keys"][0]["alg"] = "ES256"
    with pytest.raises(ValueError, match="unsupported algorithm"):
        KeySet.from_json(json.dumps(doc))
