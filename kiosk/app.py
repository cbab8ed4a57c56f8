"""The kiosk's one front door: every service over one open store, for the screens and the
command line.

Callers hold a :class:`Kiosk`, never the store beneath it: what they may do to the data is
what the services offer, each writing its own audit entries and events.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.backup import BackupService
from kiosk.cardlink import CardLinkService
from kiosk.citycards import CityCardService
from kiosk.conflicts import ConflictReview, review
from kiosk.counts import CountsService
from kiosk.people import PeopleService
from kiosk.presence import PresenceService
from kiosk.printout import RosterPrintout, roster_printout
from kiosk.questions import QuestionService
from kiosk.roster import RosterService
from kiosk.roster_csv import export_csv
from kiosk.settings import SettingsService, trust_anchors_pem
from kiosk.shelters import ShelterService
from kiosk.staff import StaffService
from kiosk.staff_calls import StaffCalls
from kiosk.store import Store
from kiosk.supplies import SupplyService
from kiosk.undo import UndoService
from kiosk.walkin import WalkInService


@dataclass
class Kiosk:
    """Every service of one kiosk, sharing its store."""

    store: Store
    people: PeopleService
    shelters: ShelterService
    presence: PresenceService
    counts: CountsService
    questions: QuestionService
    cardlink: CardLinkService
    citycards: CityCardService
    backups: BackupService
    roster: RosterService
    walkin: WalkInService
    staff: StaffService
    settings: SettingsService
    calls: StaffCalls
    undo: UndoService
    supplies: SupplyService

    @classmethod
    def over(cls, store: Store) -> Kiosk:
        """Build the services over an open store."""
        return cls(
            store,
            PeopleService(store),
            ShelterService(store),
            PresenceService(store),
            CountsService(store),
            QuestionService(store),
            CardLinkService(store),
            CityCardService(store),
            BackupService(store),
            RosterService(store),
            WalkInService(store),
            StaffService(store),
            SettingsService(store),
            StaffCalls(store),
            UndoService(store),
            SupplyService(store),
        )

    @property
    def folder(self) -> Path:
        """The data folder."""
        return self.store.folder

    def now(self) -> datetime:
        """The kiosk's clock (UTC), the one its records are stamped with."""
        return self.store.now()

    def serving(self) -> AbstractContextManager[None]:
        """The counter serves someone for the duration of the block: the kiosk's background work
        (the sync worker's provisioning) waits meanwhile, within bounds (kiosk/foreground.py)."""
        return self.store.foreground.serving()

    def begin_serving(self) -> Callable[[], None]:
        """The counter starts serving someone (a card or a code was presented); returns the call
        that says the confirmation is done. The hold ends by itself if that call never comes."""
        return self.store.foreground.begin()

    def conflicts(self, person_id: str | None = None) -> list[ConflictReview]:
        """Conflicts newest first: all of them, or one person's and their household's."""
        return review(self.store, person_id)

    def export_roster_csv(self, shelter_id: str, path: Path, actor: str) -> int:
        """Write the shelter's roster to ``path`` as CSV (audited); returns the rows written."""
        return export_csv(self.store, shelter_id, path, actor)

    def roster_printout(self, shelter_id: str, actor: str) -> RosterPrintout:
        """The shelter's 避難者名簿 as of now, for printing (audited)."""
        return roster_printout(self.store, shelter_id, actor)

    def trust_anchors_pem(self) -> bytes | None:
        """The PEM certificates card holder proofs must chain to, if configured."""
        return trust_anchors_pem(self.store)

    def close(self) -> None:
        """Close the store."""
        self.store.close()
