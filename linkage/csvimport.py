"""Reading the municipality's CSV files: the checks every import makes before its rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from linkage.people import FORBIDDEN_FIELDS
from linkage.problems import Problem

# Municipal systems often export Shift_JIS (as Windows writes it, CP932); UTF-8 is tried first.
ENCODINGS = ("utf-8-sig", "cp932")


def read_csv_file(path: Path) -> str:
    """The text of a CSV file named by an administrator, in UTF-8 or Shift_JIS.

    A file that cannot be read (missing, a folder, no permission) or is in neither encoding is
    refused with a problem naming the file, never a traceback.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Problem(422, "unreadable-file", f"Cannot read {path}", str(exc.strerror)) from exc
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Problem(
        422, "unknown-encoding", f"Cannot read {path}", "the file is neither UTF-8 nor Shift_JIS"
    )


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
