"""Web sign-in at the counter, against a real platform process: the resident's page issues a
challenge, the kiosk reads it (camera or pasted text), shows the host, and the resident's
virtual card answers it after the PIN. The page's own status endpoint shows the outcome.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from cardio.mynumber.applications import JPKI_AID
from cardio.virtualcard import VirtualMyNumberCard
from cardio.virtualcard.pki import Issued, make_ca
from cardio.virtualcard.profile import new_test_profile
from kiosk.websignin import WebSignInFailed, WebSignInProblem
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, free_port, running_platform
from tests.tooling.faultproxy import FaultProxy
from tests.ui.conftest import Scene, sign_in
from ui.screens.websignin import WebSignInDialog

PIN = "1234"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, ca: Issued) -> Iterator[PlatformServer]:
    """A platform trusting the test cards' CA, with the kiosks' shelter."""
    with trusting_platform(tmp_path_factory.mktemp("web-sign-in"), ca) as server:
        yield server


@contextmanager
def trusting_platform(
    folder: Path, ca: Issued, public_url: str | None = None
) -> Iterator[PlatformServer]:
    """A platform trusting the test cards' CA, with the kiosks' shelter, reached at
    ``public_url`` (its own address if None)."""
    anchor = folder / "anchor.pem"
    anchor.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KAZASU_JPKI_TRUST_ANCHORS", str(anchor))
        with running_platform(folder / "platform", public_url=public_url) as server:
            server.shelter("S1", "第一小学校")
            yield server


class Page:
    """The resident's browser on the sign-in page: its cookie, its challenge, its polling."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        shown = self.http.get("/sign-in")
        assert shown.status_code == 200
        found = re.search(r'id="challenge-text"[^>]*>([^<]+)<', shown.text)
        assert found is not None
        self.text = html.unescape(found.group(1)).strip()
        self.challenge_id = self.text.split("/")[-1].split("#")[0]
        # The session cookie is Secure; a browser sends it to this loopback address, httpx not.
        cookie = "; ".join(f"{name}={value}" for name, value in shown.cookies.items())
        self.http.headers["Cookie"] = cookie

    def state(self) -> str:
        """What the page's script polls: pending, answered or expired."""
        answer = self.http.get(f"/sign-in/{self.challenge_id}/status")
        return str(answer.json()["state"])


@pytest.fixture
def counter(scene: Scene, platform: PlatformServer) -> WebSignInDialog:
    """The kiosk enrolled with the platform, staff signed in, the web sign-in dialog open."""
    return open_dialog(scene, platform, platform.url)


def open_dialog(scene: Scene, platform: PlatformServer, url: str) -> WebSignInDialog:
    """Sign staff in, enrol the kiosk at ``url`` and open the web sign-in dialog."""
    # The card trust anchors are read once the first screen has been painted.
    scene.qtbot.waitUntil(lambda: scene.window._painted)
    sign_in(scene)
    engine = SyncEngine(scene.kiosk.store)
    engine.enrol(url, platform.enrolment_code("S1"), "counter")
    engine.close()
    console = scene.window.console
    console.web_sign_in.click()
    dialog = console.web_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def enter_pin(dialog: WebSignInDialog, pin: str) -> None:
    dialog.card_box.pin.field.setText(pin)
    dialog.card_box.pin.ok_key.click()


def test_the_kiosk_answers_a_challenge_scanned_by_the_camera_and_the_page_is_answered(
    scene: Scene, platform: PlatformServer, counter: WebSignInDialog
) -> None:
    page = Page(platform.url)
    assert not counter.card_box.isEnabled()  # no PIN before a checked challenge
    scene.window.ctx.camera.code_read.emit(page.text)
    scene.qtbot.waitUntil(lambda: counter.challenge is not None)
    host = platform.url.split("://")[1]
    assert host in counter.host.text()
    assert counter.card_box.isEnabled()
    scene.place("hanako")
    scene.qtbot.waitUntil(lambda: counter.tries == 3)
    assert "3" in counter.card_box.tries_label.text()
    enter_pin(counter, PIN)
    received = counter.tr(
        "Received by {host}. The resident continues on their own phone or computer."
    ).format(host=host)
    scene.qtbot.waitUntil(lambda: counter.message.text() == received, timeout=30000)
    assert page.state() == "answered"
    assert counter.challenge is None and not counter.card_box.isEnabled()
    # The page's code is still in the camera's view until the page moves on: not read again.
    scene.window.ctx.camera.code_read.emit(page.text)  # delivered at once; a read clears the text
    assert counter.challenge is None and counter.message.text() == received
    # The same challenge again: the platform answers each once.
    counter.text.setText(page.text)
    counter.check()
    scene.qtbot.waitUntil(lambda: counter.challenge is not None)
    enter_pin(counter, PIN)
    scene.qtbot.waitUntil(lambda: counter.challenge is None, timeout=30000)
    used = WebSignInFailed(WebSignInProblem.CHALLENGE_INVALID, "")
    assert counter.message.text() == counter._problem_text(used)


def test_a_wrong_pin_is_refused_and_the_kiosk_stops_at_one_try_left(
    scene: Scene, platform: PlatformServer, counter: WebSignInDialog
) -> None:
    page = Page(platform.url)
    counter.text.setText(page.text)  # pasted
    counter.check_button.click()
    scene.qtbot.waitUntil(lambda: counter.challenge is not None)
    card = scene.place("hanako")
    scene.qtbot.waitUntil(lambda: counter.tries == 3)
    enter_pin(counter, "9999")
    scene.qtbot.waitUntil(lambda: counter.tries == 2)
    assert "2" in counter.message.text()
    enter_pin(counter, "0000")
    scene.qtbot.waitUntil(lambda: counter.tries == 1)
    assert "1" in counter.card_box.tries_label.text()
    enter_pin(counter, PIN)
    assert counter.card_box.pin.field.text() == ""
    assert counter.busy is False
    assert card.pin_tries_left(JPKI_AID) == 1  # the kiosk did not spend the last try
    assert page.state() == "pending"


def test_a_challenge_for_another_host_is_refused_before_any_pin(
    scene: Scene, platform: PlatformServer, counter: WebSignInDialog
) -> None:
    page = Page(platform.url)
    # The same server under another name: the kiosk compares names, it never guesses.
    foreign = page.text.replace("127.0.0.1", "localhost")
    scene.window.ctx.camera.code_read.emit(foreign)
    scene.qtbot.waitUntil(lambda: counter.message.text() != "")
    assert "localhost" in counter.message.text()
    assert counter.challenge is None and not counter.card_box.isEnabled()
    assert page.state() == "pending"


def test_a_card_the_platform_does_not_trust_is_refused_in_plain_words(
    scene: Scene, platform: PlatformServer, counter: WebSignInDialog
) -> None:
    page = Page(platform.url)
    counter.text.setText(page.text)
    counter.check()
    scene.qtbot.waitUntil(lambda: counter.challenge is not None)
    other = new_test_profile(make_ca(), "other", "別局 花子", "架空市", "19800102", "2")
    scene.reader.insert(VirtualMyNumberCard(other))
    scene.qtbot.waitUntil(lambda: counter.tries == 3)
    enter_pin(counter, PIN)
    untrusted = counter.tr("Refused: the platform does not trust this card.")
    scene.qtbot.waitUntil(lambda: counter.message.text() == untrusted, timeout=30000)
    assert counter.challenge is not None  # the challenge stays open for another card
    assert page.state() == "pending"


def test_an_answer_the_platform_never_got_can_be_sent_again(
    scene: Scene, ca: Issued, tmp_path: Path
) -> None:
    # Kiosk and resident reach the platform through the proxy, so the proxy's address is the
    # platform's public URL: the one its challenges name (never the Host header).
    front = f"http://127.0.0.1:{free_port()}"
    with (
        trusting_platform(tmp_path, ca, public_url=front) as platform,
        FaultProxy(platform.url, port=int(front.rsplit(":", 1)[1])) as proxy,
    ):
        assert proxy.url == front
        dialog = open_dialog(scene, platform, proxy.url)
        page = Page(proxy.url)
        dialog.text.setText(page.text)
        dialog.check()
        scene.qtbot.waitUntil(lambda: dialog.challenge is not None)
        scene.place("hanako")
        scene.qtbot.waitUntil(lambda: dialog.tries == 3)
        proxy.partition()
        enter_pin(dialog, PIN)
        unreachable = dialog._problem_text(WebSignInFailed(WebSignInProblem.UNAVAILABLE, ""))
        scene.qtbot.waitUntil(lambda: dialog.message.text() == unreachable, timeout=60000)
        assert dialog.challenge is not None and dialog.card_box.isEnabled()
        proxy.partition(False)
        assert page.state() == "pending"
        enter_pin(dialog, PIN)
        scene.qtbot.waitUntil(lambda: dialog.challenge is None, timeout=30000)
        assert page.state() == "answered"
