"""When two poll workers' staff ids name the same person (docs/protocol/voting.md).

Staff ids are typed by people, on keyboards that may be in full-width or upper-case mode, so
they are compared after one rule: Unicode NFKC, then case folding, then surrounding white space
removed. ``s1``, ``S1``, ``ｓ１`` and `` s1 `` are one person.
"""

from __future__ import annotations

import unicodedata


def staff_key(staff_id: str) -> str:
    """The form of ``staff_id`` that two ids of one person share."""
    return unicodedata.normalize("NFKC", staff_id).casefold().strip()


def same_worker(first: str, second: str) -> bool:
    """Whether two staff ids name the same poll worker."""
    return staff_key(first) == staff_key(second)
