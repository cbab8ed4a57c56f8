"""Issues one ballot at a polling-site kiosk, then prints what happened; test_voting_sites.py
kills it with SIGKILL while the platform's answer to the claim is still on its way.

    python -m tests.integration.voting_crash_worker DATA_FOLDER SITE_ID VOTER_ID DECLARATION_ID
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.counter import stored_keys
from kiosk.store import Store
from kiosk.voting.desk import VotingDesk
from sync.voting import PlatformClaims
from tests.integration.polling import FIRST


def main(folder: str, site_id: str, voter_id: str, declaration_id: str) -> None:
    """Confirm the second worker, say READY, issue."""
    store = Store.open(Path(folder), use_os_keystore=False)
    desk = VotingDesk(store, site_id, PlatformClaims(store), lambda: stored_keys(store))
    worker = desk.confirm_by_code(FIRST, "w2", "222222")
    print("READY", flush=True)
    outcome = desk.issue(FIRST, worker, voter_id, declaration_id)
    print(type(outcome).__name__, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
