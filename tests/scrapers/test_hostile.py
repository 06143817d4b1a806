"""Hostile and broken servers on 127.0.0.1: every fetch ends by its deadline and says what happened.

Raw sockets, not http.server: these servers misbehave on purpose (headers dripped one byte
every 2 s, a body dripped forever, a port nobody listens on).
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from targetwatch.scrapers.http import FetchError, Fetcher


class Dripper:
    """Accepts connections and answers `response` one byte every `every` seconds, after `head_fast` bytes."""

    def __init__(self, response: bytes, every: float, head_fast: int = 0) -> None:
        self.response, self.every, self.head_fast = response, every, head_fast
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(self.response[:self.head_fast])
            for i in range(self.head_fast, len(self.response)):
                if self.stop.wait(self.every):
                    break
                conn.sendall(self.response[i:i + 1])
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def drip_headers() -> Iterator[Dripper]:
    d = Dripper(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello", every=2.0)
    yield d
    d.close()


@pytest.fixture
def drip_body() -> Iterator[Dripper]:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 100000\r\n\r\n"
    d = Dripper(head + b"x" * 100000, every=0.2, head_fast=len(head) + 10)
    yield d
    d.close()


def _timed_failure(fetcher: Fetcher, url: str) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetcher.get(url)
    return err.value, time.monotonic() - started


def test_headers_dripped_one_byte_every_2s_end_at_the_timeout(drip_headers: Dripper) -> None:
    with Fetcher(allow_private=True, timeout=3, retries=2, respect_robots=False, min_interval=0) as f:
        err, took = _timed_failure(f, f"http://127.0.0.1:{drip_headers.port}/report.html")
    assert took < 3 + 1.5, f"took {took:.1f} s"
    assert err.kind == "timeout" and "did not finish answering within 3 s" in str(err)


def test_a_body_dripped_forever_ends_at_the_timeout(drip_body: Dripper) -> None:
    with Fetcher(allow_private=True, timeout=2, retries=1, respect_robots=False, min_interval=0) as f:
        err, took = _timed_failure(f, f"http://127.0.0.1:{drip_body.port}/report.html")
    assert took < 2 + 1.5, f"took {took:.1f} s"
    assert err.kind == "timeout"


def test_the_deadline_also_holds_for_the_guarded_fetcher(drip_headers: Dripper) -> None:
    """allow_private=False refuses 127.0.0.1 before any byte is read: the guard still applies."""
    with Fetcher(allow_private=False, timeout=3, retries=0, respect_robots=False, min_interval=0) as f:
        err, took = _timed_failure(f, f"http://127.0.0.1:{drip_headers.port}/")
    assert err.kind == "blocked" and took < 1


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_refused_connection_says_so_before_any_robots_wording() -> None:
    port = _closed_port()
    with Fetcher(allow_private=True, timeout=3, retries=1, backoff=0.1, min_interval=0) as f:
        err, _ = _timed_failure(f, f"http://127.0.0.1:{port}/report.html")
    message = str(err)
    assert message.startswith(f"cannot reach host 127.0.0.1:{port}: connection refused"), message
    assert "robots" not in message and err.kind == "connect"


def test_a_name_that_does_not_resolve_is_a_dns_failure_and_is_not_tried_again() -> None:
    with Fetcher(allow_private=True, timeout=5, retries=1, backoff=0.1, min_interval=0) as f:
        err, took = _timed_failure(f, "http://no-such-host.invalid/report.html")
        assert str(err).startswith("DNS lookup failed for no-such-host.invalid"), str(err)
        assert err.kind == "dns" and "robots" not in str(err) and took < 5 * 2 + 1
        again, quick = _timed_failure(f, "http://no-such-host.invalid/other.html")
    assert "earlier in this run" in str(again) and quick < 0.5
