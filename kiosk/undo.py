"""Undo the last check-in or check-out, for staff at the console.

Nothing is erased: the undo records the opposite event (a check-out with the reason ``undo``,
or a check-in), which syncs like any other, and an audit entry naming what it undid. Only the
latest presence action recorded at this kiosk can be undone, and an undo is not undone in turn:
a later action, or an undo, leaves nothing to undo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kiosk import presence
from kiosk.errors import Refused
from kiosk.sqlite import Connection
from kiosk.store import Store

UNDOABLE = {"presence.check_in": "check_in", "presence.check_out": "check_out"}
PRESENCE_ACTIONS = (*UNDOABLE, "presence.move", "presence.undo")


@dataclass(frozen=True)
class LastAction:
    """The presence action an undo would reverse, as staff are shown it before they confirm."""

    seq: int
    """Its audit entry, which the undo names so that it reverses exactly what was shown."""
    action: str
    """``check_in`` or ``check_out``."""
    person_id: str
    name: str
    shelter_id: str
    at: str
    actor: str


class UndoService:
    """Finds and reverses the last check-in or check-out."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def last(self) -> LastAction | None:
        """The action an undo would reverse, or None when the latest is not undoable."""
        with self.store.reading() as conn:
            return _last(conn)

    def undo(self, actor: str, seq: int) -> presence.Result:
        """Reverse the action of audit entry ``seq`` if it is still the last one; refused
        (nothing changed) when it is not, or when the person's state has changed since."""
        with self.store.transaction() as tx:
            last = _last(tx.conn)
            if last is None:
                raise Refused("nothing_to_undo", "there is nothing to undo")
            if last.seq != seq:
                raise Refused(
                    "not_last", "another action was recorded since; look at the last action again"
                )
            if last.action == "check_in":
                result = presence.check_out(tx, actor, last.person_id, last.shelter_id, "undo")
            else:
                result = presence.check_in(tx, actor, last.person_id, last.shelter_id)
            tx.audit(actor, "presence.undo", last.person_id, undid=last.action, undid_seq=last.seq)
        return result


def _last(conn: Connection) -> LastAction | None:
    marks = ", ".join("?" for _ in PRESENCE_ACTIONS)
    row = conn.execute(
        f"SELECT seq, at, actor, action, target, detail FROM audit WHERE action IN ({marks})"
        " ORDER BY seq DESC LIMIT 1",
        PRESENCE_ACTIONS,
    ).fetchone()
    if row is None or row[3] not in UNDOABLE:
        return None
    shelter_id = str(json.loads(row[5]).get("shelter", ""))
    data = conn.execute("SELECT data FROM persons WHERE person_id = ?", (row[4],)).fetchone()
    return LastAction(
        int(row[0]),
        UNDOABLE[row[3]],
        str(row[4]),
        "" if data is None else str(json.loads(data[0]).get("name", "")),
        shelter_id,
        str(row[1]),
        str(row[2]),
    )
