"""Poll-worker mode: the early-voting desk of a kiosk enrolled for a polling site.

Find the voter (card tap, declaration QR code, or a search of the roll), compare what the roll
and the declaration say, declare at the desk if needed, have a second poll worker confirm, and
issue — or be stopped by a hard block that says why. :mod:`.tab` runs the desk page by page; each
page is a widget of its own module, and :mod:`.texts` holds the words the pages share.
"""

from ui.screens.pollworker.tab import (
    CONFIRM,
    DECLARE,
    FIND,
    PROVISIONAL,
    RESULT,
    VOTER,
    PollWorkerTab,
)

__all__ = ["CONFIRM", "DECLARE", "FIND", "PROVISIONAL", "RESULT", "VOTER", "PollWorkerTab"]
