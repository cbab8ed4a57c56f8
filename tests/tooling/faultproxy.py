"""A fault-injecting HTTP/1.1 reverse proxy for sync tests.

The proxy sits between the kiosk and the platform on 127.0.0.1 and forwards each request to one
upstream, over keep-alive connections, with Content-Length and chunked bodies passed through
byte for byte. Faults are rules, switchable while it runs, that pick requests by method, path
prefix, a seeded probability and a count ("the next N"), so a test can break exactly the
exchange it means to and then check from ``counters`` that the fault really fired::

    with FaultProxy("http://127.0.0.1:8000", seed=7) as proxy:
        proxy.add(Fault.DROP_AFTER, path="/sync/push", times=1)
        ...  # the kiosk syncs through proxy.url
        assert proxy.counters["drop_after"] == 1

Each request meets at most one fault: the first rule (in the order they were added) that
matches it and wins its draw. A network partition is a switch of its own (``partition()``).

What a real proxy answers by itself comes as it does from nginx: a body larger than
``body_limit`` (nginx's ``client_max_body_size``, 1 MiB unless configured) is refused with the
proxy's own HTML ``413`` and never forwarded, and ``Fault.HTML_ERROR`` and
``Fault.GATEWAY_TIMEOUT`` answer with its HTML ``502``/``504`` pages, not a JSON problem.
"""

from __future__ import annotations

import contextlib
import enum
import http
import io
import random
import select
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

MAX_LINE = 65_536
MAX_HEADERS = 200


class Fault(enum.Enum):
    """What the proxy can do to a request instead of forwarding it faithfully."""

    #: Read the request, then close the connection without forwarding it.
    DROP_BEFORE = "drop_before"
    #: Forward the request and read the platform's answer, then close without sending it.
    DROP_AFTER = "drop_after"
    #: Wait ``delay_s`` seconds, then forward normally.
    DELAY = "delay"
    #: Answer ``status`` (500, 502, 503, ...) without forwarding.
    ERROR = "error"
    #: Forward, then send the answer with its true Content-Length but only ``keep_fraction`` of
    #: the body, and close: the client sees a body that ends too soon.
    TRUNCATE = "truncate"
    #: Forward, then send only ``keep_fraction`` of the body under a Content-Length that matches
    #: the shortened body: the framing is sound and the connection stays open, but the content
    #: is cut, as from a broken middlebox.
    SHORT_BODY = "short_body"
    #: Forward the request twice and return the answer to the second copy.
    DUPLICATE = "duplicate"
    #: Answer ``status`` (502, 503, 504) with the proxy's own HTML page, as nginx does when its
    #: upstream is down or refuses connections, without forwarding.
    HTML_ERROR = "html_error"
    #: Forward and read the platform's answer, then answer ``504`` with the proxy's HTML page
    #: instead: the proxy stopped waiting (nginx's ``proxy_read_timeout``) while the platform
    #: went on and did the work.
    GATEWAY_TIMEOUT = "gateway_timeout"


@dataclass(eq=False)
class Rule:
    """One fault rule. ``times=None`` means for as long as the rule is installed."""

    fault: Fault
    path: str = ""
    method: str | None = None
    probability: float = 1.0
    times: int | None = None
    delay_s: float = 0.5
    status: int = 503
    keep_fraction: float = 0.5

    def matches(self, method: str, target: str) -> bool:
        """Whether a request with this method and request target is one this rule picks."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return target.startswith(self.path)


class _Closed(Exception):
    """The peer closed the connection where a new message could start."""


@dataclass
class _Message:
    """One HTTP message as read off the wire: its head and its body, both still framed."""

    start_line: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    framing: str  # "length", "chunked", "none" or "close"

    def header(self, name: bytes) -> bytes | None:
        """The last value of header ``name`` (case-insensitive), or None."""
        found = None
        for key, value in self.headers:
            if key.lower() == name:
                found = value
        return found

    def wants_close(self) -> bool:
        """Whether this message ends its connection (HTTP/1.0 or ``Connection: close``)."""
        connection = (self.header(b"connection") or b"").lower()
        if self.start_line.startswith(b"HTTP/1.0") or self.start_line.endswith(b"HTTP/1.0"):
            return b"keep-alive" not in connection
        return b"close" in connection

    def raw(self) -> bytes:
        """The message exactly as it is to be written to a socket."""
        head = b"".join(k + b": " + v + b"\r\n" for k, v in self.headers)
        return self.start_line + b"\r\n" + head + b"\r\n" + self.body


def _read_line(reader: io.BufferedReader) -> bytes:
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise ValueError("header line too long")
    if not line.endswith(b"\n"):
        raise ConnectionError("connection closed in the middle of a message head")
    return line


def _read_exact(reader: io.BufferedReader, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise ConnectionError(f"connection closed after {len(data)} of {size} body bytes")
    return data


def _read_chunked(reader: io.BufferedReader) -> bytes:
    """Read a chunked body and return it still chunked, trailers included."""
    parts: list[bytes] = []
    while True:
        size_line = _read_line(reader)
        parts.append(size_line)
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            break
        parts.append(_read_exact(reader, size + 2))
    while True:  # trailers, up to the blank line
        line = _read_line(reader)
        parts.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(parts)


def _decode_chunked(raw: bytes) -> bytes:
    """The payload carried by a chunked body read by ``_read_chunked``."""
    out: list[bytes] = []
    pos = 0
    while True:
        end = raw.index(b"\n", pos)
        size = int(raw[pos:end].split(b";", 1)[0].strip(), 16)
        if size == 0:
            return b"".join(out)
        out.append(raw[end + 1 : end + 1 + size])
        pos = end + 1 + size + 2


def _read_message(reader: io.BufferedReader, *, request_method: str | None = None) -> _Message:
    """Read one request (``request_method`` None) or the response to a ``request_method``."""
    first = reader.readline(MAX_LINE + 1)
    # Tolerate the stray blank lines RFC 9112 lets a server ignore between requests.
    while first in (b"\r\n", b"\n"):
        first = reader.readline(MAX_LINE + 1)
    if not first:
        raise _Closed
    if not first.endswith(b"\n"):
        raise ConnectionError("connection closed in the middle of a start line")
    headers: list[tuple[bytes, bytes]] = []
    while True:
        line = _read_line(reader)
        if line in (b"\r\n", b"\n"):
            break
        if len(headers) >= MAX_HEADERS:
            raise ValueError("too many header fields")
        name, _, value = line.partition(b":")
        headers.append((name.strip(), value.strip()))
    message = _Message(first.rstrip(b"\r\n"), headers, b"", "none")

    encoding = (message.header(b"transfer-encoding") or b"").lower()
    length = message.header(b"content-length")
    if request_method is not None:
        status = int(message.start_line.split(b" ", 2)[1])
        if request_method.upper() == "HEAD" or status < 200 or status in (204, 304):
            return message
    if encoding.endswith(b"chunked"):
        message.body, message.framing = _read_chunked(reader), "chunked"
    elif length is not None:
        message.body, message.framing = _read_exact(reader, int(length)), "length"
    elif request_method is not None:
        # A response with neither length nor chunking runs until the server closes.
        message.body, message.framing = reader.read(), "close"
    return message


def _reset(sock: socket.socket) -> None:
    """Close ``sock`` with a TCP reset, as a dead network path or a refusing host would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    with contextlib.suppress(OSError):
        sock.close()


class _Upstream:
    """One keep-alive connection to the upstream server, reopened when it has gone stale."""

    def __init__(self, address: tuple[str, int], timeout: float) -> None:
        self._address = address
        self._timeout = timeout
        self._sock: socket.socket | None = None
        self._reader: io.BufferedReader | None = None

    def exchange(self, request: _Message) -> _Message:
        """Send ``request`` and return the final response to it."""
        if self._sock is not None and self._is_dropped(self._sock):
            self.close()
        if self._sock is None:
            self._sock = socket.create_connection(self._address, timeout=self._timeout)
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._reader = self._sock.makefile("rb")
        assert self._reader is not None
        try:
            self._sock.sendall(request.raw())
            method = request.start_line.split(b" ", 1)[0].decode("ascii")
            response = _read_message(self._reader, request_method=method)
            # Interim 1xx answers (100 Continue, 103 Early Hints) precede the real one.
            while int(response.start_line.split(b" ", 2)[1]) < 200:
                response = _read_message(self._reader, request_method=method)
        except BaseException:
            self.close()
            raise
        if response.framing == "close" or response.wants_close() or request.wants_close():
            self.close()
        return response

    @staticmethod
    def _is_dropped(sock: socket.socket) -> bool:
        # An idle keep-alive connection that is readable has been closed by the server (or
        # carries garbage): either way it must not be reused, or the request would be lost.
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable)

    def close(self) -> None:
        """Close the connection; the next exchange opens a new one."""
        if self._reader is not None:
            with contextlib.suppress(OSError):
                self._reader.close()
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None
        self._reader = None


class FaultProxy:
    """An HTTP/1.1 reverse proxy on 127.0.0.1 that injects faults on demand.

    ``upstream`` is the base URL of the server to forward to (``http://127.0.0.1:PORT``).
    ``seed`` seeds the generator that draws for rules with a probability below 1, so a run can
    be replayed. ``upstream_timeout`` bounds every read from and write to the upstream.
    ``body_limit`` is the most bytes of a request body the proxy forwards (None: no limit).
    """

    def __init__(
        self,
        upstream: str,
        *,
        seed: int = 0,
        port: int = 0,
        upstream_timeout: float = 30.0,
        body_limit: int | None = None,
    ) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"upstream must be an http:// URL with a host, not {upstream!r}")
        self._upstream = (parts.hostname, parts.port or 80)
        self._upstream_timeout = upstream_timeout
        self._requested_port = port
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._rules: list[Rule] = []
        self._counters: Counter[str] = Counter()
        self._partitioned = False
        self._body_limit = body_limit
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._clients: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()

    # -- life cycle ----------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a port on 127.0.0.1 and start serving in background threads."""
        if self._listener is not None:
            raise RuntimeError("the proxy is already running")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._requested_port))
        listener.listen(128)
        # accept() in a loop with a short timeout, so stop() never waits on a blocked accept.
        listener.settimeout(0.1)
        self._listener = listener
        self._stopping.clear()
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close every connection and wait for the worker threads."""
        if self._listener is None:
            return
        self._stopping.set()
        if self._acceptor is not None:
            self._acceptor.join()
        self._listener.close()
        self._listener = None
        self._close_clients()
        with self._lock:
            handlers = list(self._handlers)
        for thread in handlers:
            thread.join(timeout=self._upstream_timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port the proxy listens on (only while it runs)."""
        if self._listener is None:
            raise RuntimeError("the proxy is not running")
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        """The base URL clients use instead of the upstream's."""
        return f"http://127.0.0.1:{self.port}"

    # -- faults --------------------------------------------------------------------------

    def add(
        self,
        fault: Fault,
        *,
        path: str = "",
        method: str | None = None,
        probability: float = 1.0,
        times: int | None = None,
        delay_s: float = 0.5,
        status: int = 503,
        keep_fraction: float = 0.5,
    ) -> Rule:
        """Install a fault rule and return it (for ``remove``).

        ``path`` is a prefix of the request target (path and query); ``method`` limits the rule
        to one method; ``probability`` is the chance that a matching request is hit, drawn from
        the seeded generator; ``times`` makes the rule expire after it has fired that often.
        ``delay_s`` is for ``Fault.DELAY``, ``status`` for ``Fault.ERROR`` and ``keep_fraction``
        (the part of the body that is sent) for ``Fault.TRUNCATE`` and ``Fault.SHORT_BODY``.
        """
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for no limit")
        if not 0.0 <= keep_fraction < 1.0:
            raise ValueError("keep_fraction must be at least 0 and below 1")
        rule = Rule(fault, path, method, probability, times, delay_s, status, keep_fraction)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: Rule) -> None:
        """Uninstall one rule (no error if it has already expired)."""
        with self._lock:
            if rule in self._rules:
                self._rules.remove(rule)

    def clear(self) -> None:
        """Uninstall every rule and end any partition: from now on the proxy is transparent."""
        with self._lock:
            self._rules.clear()
        self.partition(False)

    @property
    def rules(self) -> list[Rule]:
        """The rules still installed, in the order they are tried."""
        with self._lock:
            return list(self._rules)

    def partition(self, down: bool = True) -> None:
        """Simulate the network going down (``down=True``) or coming back (``False``).

        While down, every new connection is reset as soon as it is accepted, and the open ones
        are reset at once, so pooled keep-alive connections die as they would on a real outage.
        """
        with self._lock:
            self._partitioned = down
        if down:
            self._close_clients()

    @property
    def partitioned(self) -> bool:
        """Whether the partition switch is on."""
        with self._lock:
            return self._partitioned

    @property
    def body_limit(self) -> int | None:
        """The most bytes of a request body forwarded; a larger one is answered with ``413``
        (None: no limit). Settable while the proxy runs."""
        with self._lock:
            return self._body_limit

    @body_limit.setter
    def body_limit(self, limit: int | None) -> None:
        with self._lock:
            self._body_limit = limit

    @property
    def counters(self) -> dict[str, int]:
        """What the proxy has done so far.

        ``connections`` accepted, ``requests`` read from clients, ``forwarded`` (requests sent
        upstream, a duplicated request counting twice), ``upstream_errors``, and one count per
        fault that fired under its ``Fault`` value (``drop_before``, ``drop_after``, ``delay``,
        ``error``, ``truncate``, ``short_body``, ``duplicate``, ``html_error``,
        ``gateway_timeout``; one that acts on the upstream's answer counts only when there was
        one), plus ``partition`` for connections reset because of a partition and
        ``body_too_large`` for requests refused for their body's size. Counts that are zero are
        present too.
        """
        names = ["connections", "requests", "forwarded", "upstream_errors", "partition"]
        names += ["body_too_large"]
        names += [fault.value for fault in Fault]
        with self._lock:
            return {name: self._counters[name] for name in names}

    def reset_counters(self) -> None:
        """Set every counter back to zero."""
        with self._lock:
            self._counters.clear()

    # -- serving -------------------------------------------------------------------------

    def _count(self, name: str, by: int = 1) -> None:
        with self._lock:
            self._counters[name] += by

    def _pick(self, method: str, target: str) -> Rule | None:
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, target):
                    continue
                # Draw only for rules that can miss, so adding a certain rule does not shift
                # the seeded sequence that the probabilistic ones see.
                if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times == 0:
                        self._rules.remove(rule)
                return rule
        return None

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                partitioned = self._partitioned
                self._counters["partition" if partitioned else "connections"] += 1
            if partitioned:
                _reset(conn)
                continue
            thread = threading.Thread(
                target=self._serve, args=(conn,), name="faultproxy-conn", daemon=True
            )
            with self._lock:
                self._clients.add(conn)
                self._handlers.add(thread)
            thread.start()

    def _close_clients(self) -> None:
        with self._lock:
            clients = list(self._clients)
        for conn in clients:
            # shutdown() wakes the handler blocked reading this socket; the handler closes it.
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def _serve(self, conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = conn.makefile("rb")
        upstream = _Upstream(self._upstream, self._upstream_timeout)
        try:
            while not self._stopping.is_set():
                try:
                    request = _read_message(reader)
                except (_Closed, OSError, ValueError):
                    return
                self._count("requests")
                if self.partitioned:
                    self._count("partition")
                    return
                try:
                    if not self._handle(conn, request, upstream):
                        return
                except OSError:  # the client went away while being answered
                    return
        finally:
            upstream.close()
            with contextlib.suppress(OSError):
                reader.close()
            if self.partitioned:
                _reset(conn)
            else:
                conn.close()
            with self._lock:
                self._clients.discard(conn)
                self._handlers.discard(threading.current_thread())

    def _handle(self, conn: socket.socket, request: _Message, upstream: _Upstream) -> bool:
        """Answer one request, faults included; return whether the connection stays open."""
        limit = self.body_limit
        if limit is not None and _payload_size(request) > limit:
            # Refused before any rule is drawn, as nginx refuses before proxying; nginx also
            # ends the connection (the body it did not read is still on the way).
            self._count("body_too_large")
            conn.sendall(_html_response(413, close=True))
            return False
        method, target = (p.decode("latin-1") for p in request.start_line.split(b" ", 2)[:2])
        rule = self._pick(method, target)
        fault = rule.fault if rule is not None else None
        if fault in _BEFORE_THE_ANSWER:
            self._count(fault.value)

        if fault is Fault.DROP_BEFORE:
            return False
        if fault is Fault.ERROR:
            assert rule is not None
            conn.sendall(_error_response(rule.status, request.wants_close()))
            return not request.wants_close()
        if fault is Fault.HTML_ERROR:
            assert rule is not None
            conn.sendall(_html_response(rule.status, request.wants_close()))
            return not request.wants_close()
        if fault is Fault.DELAY:
            assert rule is not None
            if self._stopping.wait(rule.delay_s):
                return False

        try:
            response = self._forward(request, upstream)
            if fault is Fault.DUPLICATE:
                response = self._forward(request, upstream)
        except (OSError, ValueError):
            # The upstream failed mid-exchange: the client learns it as a dropped connection,
            # which is what it would see without a proxy in between.
            self._count("upstream_errors")
            return False
        if fault is not None and fault not in _BEFORE_THE_ANSWER:
            # A fault on the platform's answer fires only once there is one.
            self._count(fault.value)

        if fault is Fault.DROP_AFTER:
            return False
        if fault is Fault.GATEWAY_TIMEOUT:
            conn.sendall(_html_response(504, request.wants_close()))
            return not request.wants_close()
        if fault is Fault.TRUNCATE:
            assert rule is not None
            conn.sendall(_cut(response, rule.keep_fraction, honest_length=True))
            return False
        keep_open = not (
            request.wants_close() or response.wants_close() or response.framing == "close"
        )
        if fault is Fault.SHORT_BODY:
            assert rule is not None
            conn.sendall(_cut(response, rule.keep_fraction, honest_length=False))
            return keep_open
        conn.sendall(response.raw())
        return keep_open

    def _forward(self, request: _Message, upstream: _Upstream) -> _Message:
        self._count("forwarded")
        return upstream.exchange(request)


# The faults that act before the platform answers (or instead of it): counted as they act.
_BEFORE_THE_ANSWER = frozenset({Fault.DROP_BEFORE, Fault.ERROR, Fault.HTML_ERROR, Fault.DELAY})


def _cut(response: _Message, keep_fraction: float, *, honest_length: bool) -> bytes:
    """The response with only ``keep_fraction`` of its payload, framed by Content-Length.

    With ``honest_length`` the header gives the full payload's length (so the receiver knows
    the body ended too soon); otherwise it gives the shortened length (so it cannot tell).
    """
    payload = _decode_chunked(response.body) if response.framing == "chunked" else response.body
    kept = payload[: int(len(payload) * keep_fraction)]
    announced = len(payload) if honest_length else len(kept)
    headers = [
        (k, v)
        for k, v in response.headers
        if k.lower() not in (b"content-length", b"transfer-encoding")
    ]
    headers.append((b"Content-Length", str(announced).encode()))
    return _Message(response.start_line, headers, kept, "length").raw()


def _payload_size(request: _Message) -> int:
    """The bytes of a request's body as its sender meant them (without chunk framing)."""
    return len(_decode_chunked(request.body) if request.framing == "chunked" else request.body)


# nginx's own reason phrases where they differ from the standard's.
_NGINX_REASONS = {
    413: "Request Entity Too Large",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}


def _html_response(status: int, close: bool) -> bytes:
    """The page nginx sends for an answer of its own (``ngx_http_special_response.c``)."""
    title = f"{status} {_NGINX_REASONS.get(status) or http.HTTPStatus(status).phrase}"
    body = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()
    headers = [
        (b"Server", b"nginx"),
        (b"Date", time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()).encode()),
        (b"Content-Type", b"text/html"),
        (b"Content-Length", str(len(body)).encode()),
        (b"Connection", b"close" if close else b"keep-alive"),
    ]
    return _Message(f"HTTP/1.1 {title}".encode(), headers, body, "length").raw()


def _error_response(status: int, close: bool) -> bytes:
    body = f'{{"detail": "fault proxy answered {status}"}}'.encode()
    headers = [
        (b"Content-Type", b"application/json"),
        (b"Content-Length", str(len(body)).encode()),
        (b"Date", time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()).encode()),
    ]
    if close:
        headers.append((b"Connection", b"close"))
    start = f"HTTP/1.1 {status} Fault Proxy".encode()
    return _Message(start, headers, body, "length").raw()
