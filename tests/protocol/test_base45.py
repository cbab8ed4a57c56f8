"""Base45 (RFC 9285), the text a signed code carries in QR alphanumeric mode."""

from __future__ import annotations

import pytest

from kazasu_protocol.base45 import Base45Error, decode, encode


def test_the_rfc_9285_examples() -> None:
    assert encode(b"AB") == "BB8"
    assert encode(b"Hello!!") == "%69 VD92EX0"
    assert encode(b"base-45") == "UJCLQE7W581"
    assert decode("QED8WEX0") == b"ietf!"


def test_every_length_round_trips() -> None:
    for n in range(8):
        data = bytes((250 + i) % 256 for i in range(n))
        assert decode(encode(data)) == data


@pytest.mark.parametrize(
    ("text", "truncated"),
    [
        ("GGW", False),  # 65536: one more than two bytes hold
        (":6", False),  # 44 + 6 * 45 = 314: more than one byte holds
        ("ab", False),  # lower case is not in the alphabet
        ("BB8A", True),  # one character into a group
    ],
)
def test_text_that_is_not_base45_is_refused_and_says_whether_it_was_cut(
    text: str, truncated: bool
) -> None:
    with pytest.raises(Base45Error) as refused:
        decode(text)
    assert refused.value.truncated is truncated
