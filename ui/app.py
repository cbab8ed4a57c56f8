"""The kiosk's screens over an open store: the composition root that wires the services, the sync
worker, the card reader and the camera to the main window (started by ``ui/boot.py``)."""

from __future__ import annotations

import dataclasses
import logging
import platform
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from PySide6.QtNetwork import QNetworkInformation

from cardio.device import CardDevice, DeviceState, DeviceStatus
from cardio.mynumber import TrustAnchors
from cardio.qr.camera_status import StatusChange
from kiosk.app import Kiosk
from kiosk.arrivals import ArrivalSource
from kiosk.counter import stored_keys
from kiosk.settings import Settings
from kiosk.status import EnrolmentFailed, EnrolmentProblem, SyncStatus, local_status
from kiosk.store import Store
from kiosk.voting.desk import VotingDesk
from kiosk.websignin import WebSignIns
from sync.arrivals import PlatformArrivals
from sync.cardlink import PlatformChallenges
from sync.engine import SyncEngine
from sync.errors import Incompatible, Refused, TlsFailed, Transient, Unauthorized
from sync.voting import PlatformClaims
from sync.websignin import PlatformSignIns
from sync.worker import BACKOFF_MAX_S, BACKOFF_MIN_S, INTERVAL_S, SyncWorker
from ui.context import Context, SyncLink
from ui.devices import CameraBridge, CardBridge
from ui.i18n import Languages
from ui.tasks import TaskManager
from ui.window import MainWindow

VIRTUAL_READER = "virtual"
log = logging.getLogger(__name__)


def load_anchors(kiosk: Kiosk) -> TrustAnchors | None:
    """The configured card trust anchors, if any."""
    pem = kiosk.trust_anchors_pem()
    return None if pem is None else TrustAnchors(tuple(x509.load_pem_x509_certificates(pem)))


def default_device(settings: Settings, report: Callable[..., None]) -> CardDevice:
    """The PC/SC device thread, or the virtual reader when the settings ask for it."""
    if settings.reader == VIRTUAL_READER:
        from cardio.virtualcard.reader import VirtualReader

        return VirtualReader(report)
    from cardio.pcsc.device import DeviceThread

    return DeviceThread(report, reader=settings.reader or None)


class PlatformLink(SyncLink):
    """The sync worker behind the screens: running while the kiosk is enrolled.

    The worker thread only calls ``_report``, which emits ``changed``; Qt queues the signal to
    the GUI thread, so the worker never touches a widget.
    """

    def __init__(
        self,
        store: Store,
        label: str,
        interval_s: float = INTERVAL_S,
        backoff: tuple[float, float] = (BACKOFF_MIN_S, BACKOFF_MAX_S),
    ) -> None:
        super().__init__()
        self.store = store
        self.label = label
        self.interval_s = interval_s
        self.backoff = backoff
        self.engine = SyncEngine(store)
        self.worker: SyncWorker | None = None
        self.last: SyncStatus | None = None
        self._retry_at: float | None = None
        self._lock = threading.Lock()
        self._claims: PlatformClaims | None = None
        self._desk: VotingDesk | None = None
        self._arrivals = PlatformArrivals(store)
        store.on_events.append(self.wake)

    def start(self) -> None:
        """Start the worker if the kiosk is enrolled and it is not running yet."""
        with self._lock:
            if self.worker is None and self.engine.enrolled() is not None:
                self.worker = SyncWorker(self.engine, self._report, self.interval_s, self.backoff)
                self.worker.start()

    def stop(self) -> None:
        """Stop the worker and close its connections."""
        self.store.on_events.remove(self.wake)
        with self._lock:
            if self.worker is not None:
                self.worker.stop()
                self.worker = None
        self.engine.close()
        self._arrivals.close()
        if self._claims is not None:
            self._claims.close()

    def status(self) -> SyncStatus:
        """The worker's last report with the waiting count and retry delay as they are now."""
        local = local_status(self.store)
        last = self.last
        if last is None:
            return local
        retry_at = self._retry_at
        retry = None if retry_at is None else max(0.0, retry_at - time.monotonic())
        return dataclasses.replace(
            last, waiting=local.waiting, retry_in_s=retry, clock_offset_ms=local.clock_offset_ms
        )

    def voting_desk(self) -> VotingDesk | None:
        """The voting desk when the enrolment's scope is a polling site (made once)."""
        enrolment = self.engine.enrolled()
        site_id = (enrolment or {}).get("scope", {}).get("polling_site")
        if not isinstance(site_id, str):
            return None
        if self._desk is None or self._desk.site_id != site_id:
            self._claims = self._claims or PlatformClaims(self.store)
            store = self.store
            self._desk = VotingDesk(store, site_id, self._claims, lambda: stored_keys(store))
        return self._desk

    def arrivals(self) -> ArrivalSource:
        """Arrivals asked of the enrolled platform, on a session of their own."""
        return self._arrivals

    def web_sign_ins(self) -> WebSignIns:
        """Web sign-in answers over this kiosk's enrolment."""
        return WebSignIns(self.store, PlatformSignIns(self.engine))

    def wake(self) -> None:
        """Run a round now, if the worker runs."""
        worker = self.worker
        if worker is not None:
            worker.wake()

    def enrol(self, platform_url: str, code: str, ca_file: str) -> None:
        """Enrol with a one-time code, then start the worker."""
        url = platform_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise EnrolmentFailed(EnrolmentProblem.BAD_ADDRESS, url)
        verify: bool | str = True
        if ca_file.strip():
            if not Path(ca_file.strip()).is_file():
                raise EnrolmentFailed(EnrolmentProblem.CA_FILE, ca_file)
            verify = ca_file.strip()
        if self.engine.enrolled() is not None:
            raise EnrolmentFailed(EnrolmentProblem.ALREADY_ENROLLED, url)
        try:
            self.engine.enrol(url, code.strip(), self.label, verify)
        except Unauthorized as exc:
            # The platform answers an unknown, spent or expired code with 401.
            raise EnrolmentFailed(EnrolmentProblem.BAD_CODE, str(exc)) from exc
        except TlsFailed as exc:
            raise EnrolmentFailed(EnrolmentProblem.TLS, str(exc)) from exc
        except Transient as exc:
            raise EnrolmentFailed(EnrolmentProblem.UNREACHABLE, str(exc)) from exc
        except Incompatible as exc:
            raise EnrolmentFailed(EnrolmentProblem.INCOMPATIBLE, str(exc)) from exc
        except Refused as exc:
            problem = (
                EnrolmentProblem.ALREADY_ENROLLED
                if exc.kind == "key-already-enrolled"
                else EnrolmentProblem.REFUSED
            )
            raise EnrolmentFailed(problem, str(exc)) from exc
        self.start()

    def _report(self, status: SyncStatus) -> None:
        if self.last is None or status.link != self.last.link:
            log.info("sync: %s %s", status.link.value, status.message)
        self._retry_at = None if status.retry_in_s is None else time.monotonic() + status.retry_in_s
        self.last = status
        self.changed.emit(status)


def log_device_changes(card: CardBridge, camera: CameraBridge) -> None:
    """Write the reader's and the camera's state changes to the log file, for whoever has to
    find out later why a kiosk did not read cards. A card arriving and leaving is routine and
    logged only at debug level (it would also tell when people came)."""

    def card_changed(status: DeviceStatus) -> None:
        routine = status.state in (DeviceState.CARD_PRESENT, DeviceState.WAITING_FOR_CARD)
        level = logging.DEBUG if routine else logging.INFO
        log.log(level, "card reader: %s (%s)", status.state.value, status.reader or "none")

    def camera_changed(change: StatusChange) -> None:
        log.info("camera: %s: %s", change.status.value, change.detail)

    card.status_changed.connect(card_changed)
    camera.status_changed.connect(camera_changed)


def watch_network(link: SyncLink) -> bool:
    """Wake the sync worker when the operating system says the network is back.

    Returns False where Qt has no reachability backend (then the back-off timer alone retries).
    """
    if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
        return False
    info = QNetworkInformation.instance()
    assert info is not None

    def changed(reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Online:
            link.wake()

    info.reachabilityChanged.connect(changed)
    return True


def build(
    kiosk: Kiosk,
    device: Callable[[Settings, Callable[..., None]], CardDevice] = default_device,
    sync_interval_s: float = INTERVAL_S,
    sync_backoff: tuple[float, float] = (BACKOFF_MIN_S, BACKOFF_MAX_S),
) -> MainWindow:
    """The main window over ``kiosk`` with its reader started; once the attract screen has
    been painted, the camera (if one is set) and the sync worker (when the kiosk is enrolled)."""
    settings = kiosk.settings.load()
    link = PlatformLink(kiosk.store, platform.node() or "kiosk", sync_interval_s, sync_backoff)
    # Counter card links sign the platform's challenge when it answers (docs/decisions/
    # counter-linking.md): through an engine of their own, never the sync worker's session.
    kiosk.cardlink.challenges = PlatformChallenges(SyncEngine(kiosk.store))
    card = CardBridge(kiosk.begin_serving)
    camera = CameraBridge()
    ctx = Context(
        kiosk,
        settings,
        TaskManager(),
        card,
        camera,
        Languages(),
        link,
    )
    window = MainWindow(ctx)
    log_device_changes(card, camera)
    card.attach(device(settings, card.report))

    def start_the_rest() -> None:
        # Behind the attract screen: nothing here is needed to greet the first citizen, and
        # the card trust anchors are read before a staff PIN can be typed.
        ctx.anchors = load_anchors(kiosk)
        if settings.camera:
            camera.start(int(settings.camera) if settings.camera.isdigit() else settings.camera)
        watch_network(link)
        link.start()

    window.after_first_paint(start_the_rest)
    return window


def shutdown(window: MainWindow) -> None:
    """Stop the devices, the sync worker and the background worker."""
    window.cancel_after_paint()
    window.ctx.card.stop()
    window.ctx.camera.stop()
    link = window.ctx.sync
    assert isinstance(link, PlatformLink)
    link.stop()
    window.ctx.tasks.shutdown()
