"""base64url without padding: keys, nonces and signatures on the wire."""

from __future__ import annotations

import pytest

from kazasu_protocol import b64url


def test_no_padding_and_the_url_alphabet() -> None:
    assert b64url.encode(b"\xfb\xff") == "-_8"
    assert b64url.encode(b"") == ""
    for n in range(6):
        data = bytes(range(250, 250 + n))
        assert b64url.decode(b64url.encode(data)) == data


@pytest.mark.parametrize("text", ["a b", "ab!c", "ümlaut"])
def test_a_character_outside_the_alphabet_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        b64url.decode(text)
