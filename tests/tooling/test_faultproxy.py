"""The fault proxy, specified: each fault does to a client and to the platform what it says.

The upstream here is a tiny threaded HTTP/1.1 server that counts and records the requests it
receives; the client is a ``requests.Session``, as in the kiosk.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.tooling.faultproxy import Fault, FaultProxy

TIMEOUT = 5


class Upstream(ThreadingHTTPServer):
    """Records every request; answers with JSON saying how many it has seen so far."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.received: list[tuple[str, str, bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm each answer would
    # wait for a delayed ACK (about 40 ms) and the tests would crawl.
    disable_nagle_algorithm = True
    server: Upstream

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def _answer(self) -> None:
        body = self._body()
        with self.server.lock:
            self.server.received.append((self.command, self.path, body))
            seen = len(self.server.received)
        payload = json.dumps({"seen": seen, "path": self.path, "body": body.decode()}).encode()
        if self.path.startswith("/big"):
            payload = json.dumps({"seen": seen, "blob": "x" * 200_000}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path.startswith("/chunked"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(payload), 7):
                piece = payload[i : i + 7]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path.startswith("/until-close"):
            # No length and no chunking: the body ends when the server closes.
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@pytest.fixture(scope="module")
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def proxy(upstream: Upstream) -> Iterator[FaultProxy]:
    with upstream.lock:
        upstream.received.clear()
    with FaultProxy(upstream.url, seed=1234) as running:
        yield running


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as client:
        yield client


# -- faithful forwarding ---------------------------------------------------------------------


def test_without_faults_requests_pass_through_on_one_keep_alive_connection(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    for i in range(20):
        answer = session.post(f"{proxy.url}/sync/push?n={i}", json={"i": i}, timeout=TIMEOUT)
        assert answer.status_code == 200
        assert answer.json() == {
            "seen": i + 1,
            "path": f"/sync/push?n={i}",
            "body": f'{{"i": {i}}}',
        }
    assert upstream.count == 20
    assert proxy.counters["connections"] == 1
    assert proxy.counters["requests"] == proxy.counters["forwarded"] == 20


def test_chunked_bodies_pass_through_both_ways(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    pieces = (b"event-%d;" % i for i in range(50))
    answer = session.post(f"{proxy.url}/chunked/upload", data=pieces, timeout=TIMEOUT)
    assert answer.headers["Transfer-Encoding"] == "chunked"
    assert answer.json()["body"] == "".join(f"event-{i};" for i in range(50))
    assert session.get(f"{proxy.url}/chunked/again", timeout=TIMEOUT).json()["seen"] == 2


def test_a_body_delimited_by_close_reaches_the_client_whole(
    proxy: FaultProxy, session: requests.Session
) -> None:
    assert session.get(f"{proxy.url}/until-close", timeout=TIMEOUT).json()["seen"] == 1
    assert session.get(f"{proxy.url}/after", timeout=TIMEOUT).json()["seen"] == 2


def test_large_bodies_arrive_intact(proxy: FaultProxy, session: requests.Session) -> None:
    sent = "y" * 300_000
    assert session.post(f"{proxy.url}/up", data=sent, timeout=TIMEOUT).json()["body"] == sent
    assert len(session.get(f"{proxy.url}/big", timeout=TIMEOUT).json()["blob"]) == 200_000


def test_concurrent_clients_are_served_independently(proxy: FaultProxy, upstream: Upstream) -> None:
    def client(name: str) -> list[str]:
        with requests.Session() as own:
            return [
                own.post(f"{proxy.url}/c", data=f"{name}-{i}", timeout=TIMEOUT).json()["body"]
                for i in range(25)
            ]

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(client, ["k0", "k1", "k2", "k3"]))
    assert answers == [[f"k{n}-{i}" for i in range(25)] for n in range(4)]
    assert upstream.count == 100
    assert proxy.counters["connections"] == 4


def test_an_unreachable_upstream_looks_like_a_dropped_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_port = probe.getsockname()[1]
    with FaultProxy(f"http://127.0.0.1:{unused_port}") as proxy:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{proxy.url}/x", timeout=TIMEOUT)
        assert proxy.counters["upstream_errors"] == 1


@pytest.mark.parametrize(
    "fault",
    [
        Fault.DROP_AFTER,
        Fault.TRUNCATE,
        Fault.SHORT_BODY,
        Fault.DUPLICATE,
        Fault.GATEWAY_TIMEOUT,
    ],
)
def test_a_fault_on_the_upstream_s_answer_is_not_counted_when_there_was_no_answer(
    fault: Fault,
) -> None:
    # A test that counts a DROP_AFTER takes it that the platform got the request; an
    # upstream that failed never did.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_port = probe.getsockname()[1]
    with FaultProxy(f"http://127.0.0.1:{unused_port}") as proxy:
        proxy.add(fault, times=1)
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{proxy.url}/x", timeout=TIMEOUT)
        assert proxy.counters["upstream_errors"] == 1
        assert proxy.counters[fault.value] == 0
        assert proxy.rules == []  # the rule was used up all the same: its request came


# -- each fault ------------------------------------------------------------------------------


def test_drop_before_the_platform_never_sees_the_request(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.DROP_BEFORE, times=1)
    with pytest.raises(requests.ConnectionError):
        session.post(f"{proxy.url}/sync/push", json={"a": 1}, timeout=TIMEOUT)
    assert upstream.count == 0
    assert proxy.counters["drop_before"] == 1
    assert session.get(f"{proxy.url}/retry", timeout=TIMEOUT).json()["seen"] == 1


def test_drop_after_the_platform_processed_it_and_the_answer_is_lost(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.DROP_AFTER, times=1)
    with pytest.raises(requests.ConnectionError):
        session.post(f"{proxy.url}/sync/push", json={"a": 1}, timeout=TIMEOUT)
    assert upstream.count == 1
    assert proxy.counters["drop_after"] == 1
    # The retry is the classic duplicate: the platform now holds the request twice.
    session.post(f"{proxy.url}/sync/push", json={"a": 1}, timeout=TIMEOUT)
    assert [r[2] for r in upstream.received] == [b'{"a": 1}', b'{"a": 1}']


def test_delay_holds_the_request_then_forwards_it(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.DELAY, delay_s=0.3, times=1)
    start = time.monotonic()
    assert session.get(f"{proxy.url}/slow", timeout=TIMEOUT).json()["seen"] == 1
    assert time.monotonic() - start >= 0.3
    assert proxy.counters["delay"] == 1
    proxy.add(Fault.DELAY, delay_s=1.0, times=1)
    with pytest.raises(requests.Timeout):
        session.get(f"{proxy.url}/slower", timeout=0.2)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_error_is_answered_by_the_proxy_without_forwarding(
    status: int, proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.ERROR, status=status, times=1)
    answer = session.post(f"{proxy.url}/sync/push", json={}, timeout=TIMEOUT)
    assert answer.status_code == status
    assert upstream.count == 0
    assert proxy.counters["error"] == 1
    # The connection survives an error answer, as it would from a real server.
    assert session.get(f"{proxy.url}/next", timeout=TIMEOUT).status_code == 200
    assert proxy.counters["connections"] == 1


@pytest.mark.parametrize("path", ["/big", "/chunked/big"])
def test_truncate_sends_the_true_length_but_closes_early(
    path: str, proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.TRUNCATE, times=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        session.get(f"{proxy.url}{path}", timeout=TIMEOUT)
    assert upstream.count == 1
    assert proxy.counters["truncate"] == 1


def test_short_body_looks_complete_but_is_cut(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.SHORT_BODY, keep_fraction=0.25, times=1)
    answer = session.get(f"{proxy.url}/big", timeout=TIMEOUT)
    whole = len(session.get(f"{proxy.url}/big", timeout=TIMEOUT).content)
    assert answer.status_code == 200
    assert int(answer.headers["Content-Length"]) == len(answer.content) < whole
    with pytest.raises(requests.JSONDecodeError):
        answer.json()
    assert upstream.count == 2
    assert proxy.counters["short_body"] == 1
    assert proxy.counters["connections"] == 1


def test_duplicate_forwards_twice_and_returns_the_second_answer(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.DUPLICATE, times=1)
    answer = session.post(f"{proxy.url}/sync/push", json={"e": 7}, timeout=TIMEOUT)
    assert answer.json()["seen"] == 2
    assert upstream.received == [("POST", "/sync/push", b'{"e": 7}')] * 2
    assert proxy.counters["duplicate"] == 1
    assert proxy.counters["forwarded"] == 2


def test_partition_refuses_new_and_pooled_connections_until_healed(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    assert session.get(f"{proxy.url}/before", timeout=TIMEOUT).ok
    proxy.partition()
    for _ in range(3):
        with pytest.raises(requests.ConnectionError):
            session.post(f"{proxy.url}/sync/push", json={}, timeout=TIMEOUT)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{proxy.url}/fresh", timeout=TIMEOUT)
    assert upstream.count == 1
    assert proxy.counters["partition"] >= 4
    proxy.partition(False)
    assert session.get(f"{proxy.url}/after", timeout=TIMEOUT).json()["seen"] == 2


# -- what a real proxy answers itself ---------------------------------------------------------


def _is_nginx_page(answer: requests.Response, title: str) -> bool:
    return (
        answer.headers["Content-Type"] == "text/html"
        and answer.headers["Server"] == "nginx"
        and f"<title>{title}</title>" in answer.text
        and f"<h1>{title}</h1>" in answer.text
    )


def test_a_body_over_the_limit_is_refused_with_the_proxys_own_html_413(
    upstream: Upstream, session: requests.Session
) -> None:
    with upstream.lock:
        upstream.received.clear()
    with FaultProxy(upstream.url, body_limit=1000) as proxy:
        answer = session.post(f"{proxy.url}/sync/push", data=b"x" * 1001, timeout=TIMEOUT)
        assert answer.status_code == 413
        assert _is_nginx_page(answer, "413 Request Entity Too Large")
        with pytest.raises(requests.JSONDecodeError):
            answer.json()
        assert answer.headers["Connection"] == "close"
        assert upstream.count == 0
        assert proxy.counters["body_too_large"] == 1
        # A body at the limit passes, on a new connection: the refusal closed the first, as
        # nginx's does.
        sent = "y" * 1000
        assert session.post(f"{proxy.url}/up", data=sent, timeout=TIMEOUT).json()["body"] == sent
        assert proxy.counters["connections"] == 2
        assert proxy.counters["forwarded"] == upstream.count == 1


def test_a_chunked_body_is_measured_by_its_payload_and_the_limit_switches_at_run_time(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    assert proxy.body_limit is None
    proxy.body_limit = 100
    pieces = [b"event-%03d;" % i for i in range(11)]  # 110 bytes in chunks of 10
    answer = session.post(f"{proxy.url}/chunked/up", data=iter(pieces), timeout=TIMEOUT)
    assert answer.status_code == 413
    assert session.post(f"{proxy.url}/chunked/up", data=iter(pieces[:10]), timeout=TIMEOUT).ok
    proxy.body_limit = None
    assert session.post(f"{proxy.url}/chunked/up", data=iter(pieces), timeout=TIMEOUT).ok
    assert proxy.counters["body_too_large"] == 1
    assert upstream.count == 2


@pytest.mark.parametrize(
    ("status", "title"), [(502, "502 Bad Gateway"), (504, "504 Gateway Time-out")]
)
def test_html_error_is_the_proxys_own_page_and_is_not_forwarded(
    status: int, title: str, proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.HTML_ERROR, status=status, times=1)
    answer = session.post(f"{proxy.url}/sync/push", json={}, timeout=TIMEOUT)
    assert answer.status_code == status
    assert _is_nginx_page(answer, title)
    assert upstream.count == 0
    assert proxy.counters["html_error"] == 1
    assert session.get(f"{proxy.url}/next", timeout=TIMEOUT).status_code == 200
    assert proxy.counters["connections"] == 1


def test_gateway_timeout_forwards_then_answers_504_in_place_of_the_platforms_answer(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.GATEWAY_TIMEOUT, times=1)
    answer = session.post(f"{proxy.url}/sync/push", json={"e": 1}, timeout=TIMEOUT)
    assert answer.status_code == 504
    assert _is_nginx_page(answer, "504 Gateway Time-out")
    # The platform did the work: the retry is a duplicate.
    assert upstream.received == [("POST", "/sync/push", b'{"e": 1}')]
    assert proxy.counters["gateway_timeout"] == proxy.counters["forwarded"] == 1
    assert session.get(f"{proxy.url}/next", timeout=TIMEOUT).json()["seen"] == 2


# -- choosing what to break ------------------------------------------------------------------


def test_rules_pick_requests_by_path_prefix_and_method(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    proxy.add(Fault.ERROR, path="/sync/push", method="POST", status=502)
    assert session.post(f"{proxy.url}/sync/push", json={}, timeout=TIMEOUT).status_code == 502
    assert session.get(f"{proxy.url}/sync/push", timeout=TIMEOUT).status_code == 200
    assert session.post(f"{proxy.url}/sync/pull", json={}, timeout=TIMEOUT).status_code == 200
    assert proxy.counters["error"] == 1
    assert upstream.count == 2


def test_a_rule_for_the_next_n_requests_expires_after_n(
    proxy: FaultProxy, session: requests.Session
) -> None:
    rule = proxy.add(Fault.ERROR, times=2, status=500)
    codes = [session.get(f"{proxy.url}/x", timeout=TIMEOUT).status_code for _ in range(4)]
    assert codes == [500, 500, 200, 200]
    assert rule not in proxy.rules


def test_probability_draws_from_a_seeded_generator(upstream: Upstream) -> None:
    def pattern(seed: int) -> list[int]:
        with FaultProxy(upstream.url, seed=seed) as proxy, requests.Session() as client:
            proxy.add(Fault.ERROR, probability=0.5)
            return [client.get(f"{proxy.url}/p", timeout=TIMEOUT).status_code for _ in range(40)]

    first = pattern(99)
    assert first == pattern(99)
    assert 5 < first.count(503) < 35
    assert first != pattern(100)


def test_faults_switch_at_run_time_and_clear_restores_transparency(
    proxy: FaultProxy, upstream: Upstream, session: requests.Session
) -> None:
    rule = proxy.add(Fault.ERROR)
    assert session.get(f"{proxy.url}/a", timeout=TIMEOUT).status_code == 503
    proxy.remove(rule)
    assert session.get(f"{proxy.url}/b", timeout=TIMEOUT).status_code == 200
    proxy.add(Fault.DROP_BEFORE)
    proxy.partition()
    proxy.clear()
    assert session.get(f"{proxy.url}/c", timeout=TIMEOUT).json()["seen"] == 2
    assert proxy.rules == [] and not proxy.partitioned


def test_stopping_closes_the_port(upstream: Upstream) -> None:
    with FaultProxy(upstream.url) as proxy:
        url = proxy.url
        assert requests.get(f"{url}/up", timeout=TIMEOUT).ok
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/down", timeout=TIMEOUT)
