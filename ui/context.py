"""Everything the screens share: the kiosk's services, the background tasks, the devices, the
session. The services are the :class:`kiosk.app.Kiosk` front door's; the screens never hold its
store."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from cardio.mynumber import TrustAnchors
from cardio.qr.signed import KeySet
from kiosk.app import Kiosk
from kiosk.arrivals import ArrivalSource
from kiosk.counter import Counter
from kiosk.settings import Settings
from kiosk.staff import Session, StaffService
from kiosk.status import SyncStatus
from kiosk.voting.desk import VotingDesk
from kiosk.websignin import WebSignIns
from ui.devices import CameraBridge, CardBridge
from ui.i18n import Languages
from ui.tasks import TaskManager

KIOSK_ACTOR = "kiosk:self-service"
"""The audit log's name for what citizens do at the attract screen."""


class SyncLink(QObject):
    """The kiosk's link with the platform, as the screens use it.

    The composition root (ui/app.py) provides the implementation over the sync worker, so the
    screens never import sync/. ``changed`` carries a :class:`SyncStatus` and is always
    delivered on the GUI thread, whichever thread reported it.
    """

    changed = Signal(object)

    def status(self) -> SyncStatus:
        """The status now, with a fresh waiting count (runs on the database thread)."""
        raise NotImplementedError

    def wake(self) -> None:
        """Sync now rather than at the next timed round (any thread)."""
        raise NotImplementedError

    def enrol(self, platform_url: str, code: str, ca_file: str) -> None:
        """Enrol with a one-time code and start syncing (runs on the database thread).

        Raises :class:`kiosk.status.EnrolmentFailed` naming what went wrong.
        """
        raise NotImplementedError

    def voting_desk(self) -> VotingDesk | None:
        """The early-voting desk of a kiosk enrolled for a polling site, else None (runs on the
        database thread); its online claims go to the platform."""
        raise NotImplementedError

    def web_sign_ins(self) -> WebSignIns:
        """Citizen-web sign-ins answered here, posted to the enrolled platform (any thread)."""
        raise NotImplementedError

    def arrivals(self) -> ArrivalSource | None:
        """The platform, asked about people the counter does not hold (any thread)."""
        raise NotImplementedError


class ArrivalNotice(QObject):
    """``asked`` fires (from the database thread) when the counter asks the platform about an
    arrival; Qt delivers it on the GUI thread."""

    asked = Signal()


@dataclass
class Context:
    """The services over one store, the bridges, and who is signed in."""

    kiosk: Kiosk
    settings: Settings
    tasks: TaskManager
    card: CardBridge
    camera: CameraBridge
    languages: Languages
    sync: SyncLink
    anchors: TrustAnchors | None = None
    session: Session | None = None
    counter: Counter = field(init=False)
    arrival_notice: ArrivalNotice = field(init=False)
    # Only for devtools/screenshots.py, which is not yet moved to ``kiosk.staff``.
    staff: StaffService = field(init=False)
    # The desk's site is a community event's (its kind, from the platform's feed): the screens
    # speak of attendance and leave out what only a shelter has.
    event_site: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.arrival_notice = ArrivalNotice()
        self.counter = self._counter(self.settings.shelter_id)

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
        self.counter = self._counter(settings.shelter_id, self.counter.keys)

    def _counter(self, shelter_id: str, keys: KeySet | None = None) -> Counter:
        return Counter(
            self.kiosk,
            shelter_id,
            keys,
            arrivals=self.sync.arrivals(),
            asking=self.arrival_notice.asked.emit,
            repeat_window_s=self.settings.repeat_tap_s,
        )

    def with_settings(self, **changes: object) -> Settings:
        """The current settings with some fields changed."""
        return dataclasses.replace(self.settings, **changes)  # type: ignore[arg-type]
