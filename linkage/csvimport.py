"""Reading the municipality's CSV files: the checks every import makes before its rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from linkage.people import FORBIDDEN_FIELDS
from linkage.problems import Problem


def open_rows(text: str, required: Sequence[str]) -> csv.DictReader[str]:
    """A reader over ``text`` whose header has the ``required`` columns and no individual number."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if FORBIDDEN_FIELDS & {h.lower() for h in header}:
        raise Problem(422, "forbidden-field", "The individual number is never imported")
    missing = [c for c in required if c not in header]
    if missing:
        raise Problem(422, "missing-columns", "Required columns are missing", ", ".join(missing))
    return reader
