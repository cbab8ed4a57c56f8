"""Reading the municipality's CSV files: the checks every import makes before its rows."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from linkage.people import FORBIDDEN_FIELDS
from linkage.problems import Problem

# Municipal systems often export Shift_JIS (as Windows writes it, CP932); UTF-8 is tried first.
ENCODINGS = ("utf-8-sig", "cp932")
CHUNK = 1 << 20


@contextmanager
def csv_file_lines(path: Path) -> Iterator[TextIO]:
    """The lines of a CSV file named by an administrator, in UTF-8 or Shift_JIS, read as used.

    A file that cannot be read (missing, a folder, no permission) or is in neither encoding is
    refused with a problem naming the file, never a traceback. One pass over its bytes settles
    the encoding first: a decoding error at the last byte refuses the file before any row is
    stored, and the file is never held in memory whole.
    """
    encoding = _encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as lines:
            yield lines
    except OSError as exc:
        raise Problem(422, "unreadable-file", f"Cannot read {path}", str(exc.strerror)) from exc


def _encoding(path: Path) -> str:
    try:
        for encoding in ENCODINGS:
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                with path.open("rb") as raw:
                    while chunk := raw.read(CHUNK):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                continue
    except OSError as exc:
        raise Problem(422, "unreadable-file", f"Cannot read {path}", str(exc.strerror)) from exc
    raise Problem(
        422, "unknown-encoding", f"Cannot read {path}", "the file is neither UTF-8 nor Shift_JIS"
    )


def decode_csv(data: bytes) -> str:
    """The text of a CSV file sent whole, in UTF-8 or Shift_JIS; 422 when it is neither."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Problem(422, "unknown-encoding", "Cannot read the list", "neither UTF-8 nor Shift_JIS")


def open_rows(text: str | Iterable[str], required: Sequence[str]) -> csv.DictReader[str]:
    """A reader over ``text`` (or its lines) whose header has the ``required`` columns and no
    individual number."""
    reader = csv.DictReader(io.StringIO(text, newline="") if isinstance(text, str) else text)
    header = [h.strip() for h in reader.fieldnames or []]
    if FORBIDDEN_FIELDS & {h.lower() for h in header}:
        raise Problem(422, "forbidden-field", "The individual number is never imported")
    missing = [c for c in required if c not in header]
    if missing:
        raise Problem(422, "missing-columns", "Required columns are missing", ", ".join(missing))
    return reader
