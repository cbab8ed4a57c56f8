"""The provisioning check of ``kazasu-kiosk self-test``: ``python -m sync.selftest`` starts
provisioning's worker process (sync/provisioner.py) and has it convert one snapshot item, then
prints one JSON line ``{"ok": ..., "detail": ...}`` and exits 0 when that worked.

A frozen kiosk is also the interpreter of its worker processes (``multiprocessing``'s spawn
through ``freeze_support`` in ui/launch.py): this is the check that the bundle can start one.
"""

from __future__ import annotations

import json
import time

import orjson

from sync.provisioner import PageReader

SAMPLE = {
    "entity": "person",
    "payload": {
        "person_id": "p-self-test",
        "household_id": None,
        "fields": {"name": "試験 太郎", "furigana": "しけん たろう"},
        "field_hlc": {"name": "000001700000000000:00000:self-test"},
        "card_keys": [],
    },
}


def check() -> tuple[bool, str]:
    """Start the worker process and have it convert one person."""
    started = time.monotonic()
    try:
        with PageReader() as reader:
            body = orjson.dumps({"protocol": 1, "snapshot_position": 0, "items": [SAMPLE]})
            page = reader.prepared(reader.decode(body))
    except Exception as exc:  # report what stops the worker, whatever it is
        return False, f"the provisioning worker process failed: {exc!r}"
    if [row[0] for row in page.prepared.rows] != ["p-self-test"]:
        return False, "the provisioning worker process did not convert a snapshot item"
    return True, f"worker process answered in {time.monotonic() - started:.1f} s"


def main() -> int:
    """Run the check and print its outcome."""
    ok, detail = check()
    print(json.dumps({"ok": ok, "detail": detail}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
