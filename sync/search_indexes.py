"""When a first provisioning drops the persons' search indexes and builds them again."""

from __future__ import annotations

from collections.abc import Callable

from kiosk import feed_apply
from kiosk.feed_page import Prepared
from kiosk.sqlite import Connection


class SearchIndexes:
    """When a first provisioning drops the persons' search indexes and builds them again: they
    cost more kept up row by row than built once. Dropped with its first slice; built with the
    first slice after its people (the snapshot sends them before the households and the rest,
    whose pages are then written after the build, as the pipeline keeps going), or at the
    latest with the snapshot's last slice, and again at start-up if the kiosk stops before."""

    def __init__(self, empty_store: bool) -> None:
        self._drop = empty_store
        self._dropped = False
        self._people = False

    def saved(self) -> tuple[bool, bool, bool]:
        """What this knows now, for ``restore`` when the transaction it told to drop or build
        the indexes rolls back."""
        return self._drop, self._dropped, self._people

    def restore(self, saved: tuple[bool, bool, bool]) -> None:
        """Set back what this knew at ``saved``."""
        self._drop, self._dropped, self._people = saved

    def before(self, part: Prepared, final: bool) -> Callable[[Connection], None] | None:
        """What to do to the indexes in the next slice, before its records (``part``);
        ``final``: the snapshot's last slice (a snapshot resumed after a stop finds them
        dropped by the round before, so its last slice builds them too)."""
        people_done = self._people and not part.rows
        self._people = self._people or bool(part.rows)
        if final or (self._dropped and people_done):
            self._drop = self._dropped = False
            return feed_apply.build_person_indexes
        if self._drop:
            self._drop, self._dropped = False, True
            return feed_apply.drop_person_indexes
        return None
