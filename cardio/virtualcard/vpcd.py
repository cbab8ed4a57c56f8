"""The virtual card as a client of the vsmartcard vpcd reader driver, so pcscd sees a real reader.

vpcd listens on TCP (35963 for its first slot); the card connects to it. Every message in either
direction is a 2-byte big-endian length followed by the payload. A 1-byte message from vpcd is a
control code: 0x00 power off, 0x01 power on, 0x02 reset, 0x04 "send your ATR". Any longer message
is a command APDU, answered with the response APDU. Connecting inserts the card, disconnecting
removes it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from cardio.virtualcard.card import ATR, CardPulledAway, VirtualMyNumberCard

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
MIN_ABSENCE_S = 0.6
"""pcscd polls vpcd every 400 ms; a card back sooner than that would never have been seen gone."""

_LEFT_AT: dict[tuple[str, int], float] = {}
"""When a card last left each vpcd slot (any card object of this process)."""

_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)
_POWER_OFF = 0x00
_POWER_ON = 0x01
_RESET = 0x02
_GET_ATR = 0x04


class VpcdCard:
    """Serve a virtual card to vpcd on a background thread, reconnecting when pcscd restarts."""

    def __init__(
        self,
        card: VirtualMyNumberCard,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        retry_s: float = 0.2,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.retry_s = retry_s
        self.connected = threading.Event()
        self.messages = 0
        """Messages received from vpcd, commands and control codes: how often pcscd asked."""
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def insert(self) -> None:
        """Put the card on the reader: connect to vpcd (now or as soon as it listens)."""
        if self._thread is not None and self._thread.is_alive():
            if not self._stop.is_set():
                return
            # Pulled away (a removal fault) and still leaving: pcscd may already have told.
            self._thread.join(timeout=5)
        self.card.removed = False
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Take the card off the reader: disconnect and stop reconnecting."""
        self._stop.set()
        self._drop_connection()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def wait_connected(self, timeout: float) -> bool:
        """Wait until vpcd has accepted the card; False on timeout."""
        return self.connected.wait(timeout)

    def _run(self) -> None:
        left_at = _LEFT_AT.get((self.host, self.port), 0.0)
        self._stop.wait(max(0.0, left_at + MIN_ABSENCE_S - time.monotonic()))
        while not self._stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2)
            except OSError:
                # pcscd not (yet) running: keep trying, as a card left on a reader would.
                self._stop.wait(self.retry_s)
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sock = sock
            self.card.power_on()
            self.connected.set()
            try:
                self._serve(sock)
            except CardPulledAway:
                # The removal fault: leave the field and stay away until inserted again.
                self._stop.set()
            except OSError:
                pass
            finally:
                self._drop_connection()
            if not self._stop.is_set():
                self._stop.wait(self.retry_s)

    def _serve(self, sock: socket.socket) -> None:
        while True:
            header = _recv_exact(sock, 2)
            payload = _recv_exact(sock, int.from_bytes(header, "big"))
            self.messages += 1
            if len(payload) == 1:
                code = payload[0]
                if code == _GET_ATR:
                    _send(sock, ATR)
                elif code in (_POWER_OFF, _POWER_ON, _RESET):
                    self.card.power_on()
                continue
            _send(sock, self.card.process(payload))

    def _drop_connection(self) -> None:
        self.connected.clear()
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            _LEFT_AT[(self.host, self.port)] = time.monotonic()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        if _QUICKACK is not None:
            # vpcd sends length and payload in two writes; a delayed ACK here would stall the
            # second one by tens of milliseconds on every APDU.
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionResetError("vpcd closed the connection")
        out += chunk
    return bytes(out)
