"""Person fields in the kiosk's vocabulary, and the compare-form of names and addresses.

A person's fields on the platform are those of the kiosk's person record: ``name`` (family
and given name joined by a full-width space), ``furigana``, ``sex`` as an ISO 5218 code,
``birth_date`` … Municipal lists split names into parts; they are joined here on the way in.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

# ISO 5218: 0 not known, 1 male, 2 female, 9 not applicable.
SEX_CODES = {
    "0": "0",
    "1": "1",
    "2": "2",
    "9": "9",
    "unknown": "0",
    "male": "1",
    "female": "2",
    "other": "9",
}
NAME_SEPARATOR = "\u3000"
# Hyphen and dash look-alikes written in addresses (e.g. 1－2－3, 1ー2ー3 typed by mistake).
_DASHES = re.compile("[\u2010-\u2015\u2212\u30fc\uff0d\uff70-]")


def join_name(family: str, given: str) -> str:
    """A full name from its parts, as the kiosk shows it (either part may be empty)."""
    return NAME_SEPARATOR.join(p for p in (family.strip(), given.strip()) if p)


def name_key(text: str) -> str:
    """Compare-form of a name: NFKC, katakana as hiragana, case folded, no white space."""
    folded: str = jaconv.kata2hira(unicodedata.normalize("NFKC", text))
    return "".join(folded.casefold().split())


def address_key(text: str) -> str:
    """Compare-form of an address: NFKC, no white space, one kind of dash."""
    folded = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", "".join(folded.split()))
