"""Application identifiers and file identifiers of the My Number Card that this code uses.

The card-info application's individual-number file is deliberately absent: nothing here may
name it, so nothing can select it.
"""

from __future__ import annotations

JPKI_AID = bytes.fromhex("D392F000260100000001")
"""The public personal authentication (JPKI) application."""

JPKI_AUTH_CERT_EF = 0x000A
"""User-authentication certificate, readable without PIN."""

JPKI_AUTH_CA_CERT_EF = 0x000B
"""The certificate of the CA that issued the user-authentication certificate."""

JPKI_AUTH_KEY_EF = 0x0017
"""The user-authentication private key (used through 80 2A, never readable)."""

JPKI_AUTH_PIN_EF = 0x0018
"""The user-authentication PIN: 4 digits, 3 tries."""

CARD_INFO_AID = bytes.fromhex("D3921000310001010408")
"""The card-info input support application."""

CARD_INFO_PIN_EF = 0x0011
"""The card-info application's PIN: 4 digits, 3 tries."""

CARD_INFO_BASIC_ITEMS_EF = 0x0002
"""The four basic items: name, address, birth date, sex."""

PIN_MAX_TRIES = 3
"""Both PINs used here block after three wrong tries."""
