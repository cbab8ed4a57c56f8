"""Everything the screens share: the services, the background tasks, the devices, the session."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from cardio.mynumber import TrustAnchors
from kiosk.app import Kiosk
from kiosk.counter import Counter
from kiosk.roster import RosterService
from kiosk.settings import Settings, SettingsService
from kiosk.staff import Session, StaffService
from kiosk.status import SyncStatus, local_status
from kiosk.walkin import WalkInService
from ui.devices import CameraBridge, CardBridge
from ui.i18n import Languages
from ui.tasks import TaskManager

KIOSK_ACTOR = "kiosk:self-service"
"""The audit log's name for what citizens do at the attract screen."""


@dataclass
class Context:
    """The services over one store, the bridges, and who is signed in."""

    kiosk: Kiosk
    settings: Settings
    tasks: TaskManager
    card: CardBridge
    camera: CameraBridge
    languages: Languages
    anchors: TrustAnchors | None = None
    sync_status: Callable[[], SyncStatus] | None = None
    session: Session | None = None
    counter: Counter = field(init=False)
    roster: RosterService = field(init=False)
    staff: StaffService = field(init=False)
    settings_service: SettingsService = field(init=False)
    walkin: WalkInService = field(init=False)

    def __post_init__(self) -> None:
        store = self.kiosk.store
        self.counter = Counter(self.kiosk, self.settings.shelter_id)
        self.roster = RosterService(store)
        self.staff = StaffService(store)
        self.settings_service = SettingsService(store)
        self.walkin = WalkInService(store)
        if self.sync_status is None:
            # Until the sync worker provides its own, the outbox says what waits.
            self.sync_status = lambda: local_status(store)

    @property
    def shelter_id(self) -> str:
        """The shelter this kiosk serves."""
        return self.settings.shelter_id

    @property
    def actor(self) -> str:
        """Who acts now, for the audit log: the signed-in staff member or the kiosk itself."""
        return self.session.actor if self.session else KIOSK_ACTOR

    def use_settings(self, settings: Settings) -> None:
        """Adopt saved settings (a new shelter re-targets the counter)."""
        self.settings = settings
        self.counter = Counter(self.kiosk, settings.shelter_id, self.counter.keys)

    def with_settings(self, **changes: object) -> Settings:
        """The current settings with some fields changed."""
        return dataclasses.replace(self.settings, **changes)  # type: ignore[arg-type]
