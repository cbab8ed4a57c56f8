"""The kiosk's services over one open store: what the command line and the screens call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.backup import BackupService
from kiosk.cardlink import CardLinkService
from kiosk.citycards import CityCardService
from kiosk.counts import CountsService
from kiosk.people import PeopleService
from kiosk.presence import PresenceService
from kiosk.questions import QuestionService
from kiosk.shelters import ShelterService
from kiosk.store import Store


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
        )

    @property
    def folder(self) -> Path:
        """The data folder."""
        return self.store.folder

    def close(self) -> None:
        """Close the store."""
        self.store.close()
