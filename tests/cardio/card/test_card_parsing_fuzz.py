"""Whatever bytes a card sends, the parsers answer with a result or a card-data error."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import given, settings
from hypothesis import strategies as st

from cardio.card_errors import CardDataError
from cardio.mynumber.cardinfo import parse_basic_items
from cardio.mynumber.certprefix import parse_prefix
from cardio.mynumber.session import CHUNK
from cardio.mynumber.tlv import NeedMore
from cardio.virtualcard.pki import issue_user_certificate, make_ca


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_certificate_prefix_parsing_never_fails_otherwise(data: bytes) -> None:
    try:
        prefix = parse_prefix(data)
    except (CardDataError, NeedMore):
        return
    assert prefix.card_key.startswith("jpki:")
    assert isinstance(prefix.issuer, str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).map(lambda body: b"\xff\x20" + bytes((min(len(body), 127),)) + body))
def test_basic_items_parsing_never_fails_otherwise(data: bytes) -> None:
    try:
        parse_basic_items(data)
    except CardDataError:
        return


_CERTIFICATE = issue_user_certificate(make_ca()).certificate.public_bytes(Encoding.DER)[:CHUNK]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, CHUNK - 1), st.integers(0, 255), st.integers(1, CHUNK))
def test_a_damaged_first_chunk_gives_a_key_or_a_card_data_error(
    position: int, value: int, cut: int
) -> None:
    damaged = bytearray(_CERTIFICATE[:cut])
    if position < len(damaged):
        damaged[position] = value
    try:
        prefix = parse_prefix(bytes(damaged))
    except (CardDataError, NeedMore):
        return
    assert len(prefix.card_key) == len("jpki:") + 64
