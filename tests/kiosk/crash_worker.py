"""Checks people in one by one and acknowledges each on stdout, until it is killed.

    python -m tests.kiosk.crash_worker DATA_FOLDER SHELTER_ID PERSON_ID...

Run by test_crash.py, which SIGKILLs it at random moments. An acknowledgement is printed only
after the check-in's transaction has committed, as a kiosk screen would show "checked in".
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.app import Kiosk
from kiosk.store import Store


def main(folder: str, shelter_id: str, person_ids: list[str]) -> None:
    """Check in every person given, acknowledging each."""
    kiosk = Kiosk.over(Store.open(Path(folder), use_os_keystore=False))
    print("READY", flush=True)
    for person_id in person_ids:
        kiosk.presence.check_in("crash-test", person_id, shelter_id)
        print(f"ACK {person_id}", flush=True)
    kiosk.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
