"""One deadline for a whole HTTP exchange: DNS, connect, TLS, headers and body.

httpx's timeouts are per operation: a read timeout of 30 s is met by a server that sends
one byte every 2 s, so a response whose headers (or body) are dripped never times out.
Name resolution is worse: `getaddrinfo` takes no timeout at all. The network backend here
gives every operation of the connection only what is left of the exchange's deadline, and
resolves names in a helper thread it stops waiting for, so an exchange ends at its deadline
whatever the server (or the resolver) does.

The deadline is set per exchange with `deadline()` (a context variable, so threads of one
Fetcher do not share it). The same backend refuses non-public addresses when asked
(`netguard`), connecting to exactly the address it checked.
"""
from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore

from targetwatch.scrapers.netguard import check_addresses

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("targetwatch_http_deadline", default=None)
_received: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("targetwatch_http_received",
                                                                            default=None)


class DeadlineExceeded(httpcore.ReadTimeout):
    """The server kept sending, too slowly to finish by the deadline (it drips its answer).

    A server that sent nothing at all in that time is an ordinary timeout instead, which
    may pass and is worth a retry; a dripping one will drip again."""


class DnsFailure(httpcore.ConnectError):
    """The host name could not be resolved: no such name, or no resolver reachable."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every network operation inside must end by now + `seconds`."""
    at = time.monotonic() + seconds
    token = _deadline.set(at)
    counted = _received.set([0])
    try:
        yield at
    finally:
        _deadline.reset(token)
        _received.reset(counted)


def _left(timeout: float | None, what: str) -> float | None:
    at = _deadline.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        received = _received.get()
        if received and received[0]:
            raise DeadlineExceeded(f"deadline passed while {what}")
        raise httpcore.ReadTimeout(f"nothing received before the deadline, {what}")
    return left if timeout is None else min(timeout, left)


def resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """getaddrinfo with a timeout: the lookup runs in a daemon thread that is abandoned if late."""
    result: dict[str, Any] = {}

    def lookup() -> None:
        try:
            result["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            result["error"] = exc

    worker = threading.Thread(target=lookup, name=f"dns-{host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise DnsFailure(f"DNS lookup failed for {host}: no answer within {timeout:.0f} s")
    if "error" in result:
        exc = result["error"]
        raise DnsFailure(f"DNS lookup failed for {host}: {getattr(exc, 'strerror', None) or exc}")
    seen: list[str] = []
    for info in result["infos"]:
        addr = str(info[4][0])
        if addr not in seen:
            seen.append(addr)
    return seen


def _passed() -> bool:
    at, received = _deadline.get(), _received.get()
    return at is not None and bool(received and received[0]) and time.monotonic() >= at - 0.05


@contextlib.contextmanager
def _as_deadline(what: str) -> Iterator[None]:
    """A timeout that struck because the deadline cut the operation short is DeadlineExceeded."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        if _passed():
            raise DeadlineExceeded(f"deadline passed while {what}") from exc
        raise


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _as_deadline("reading the response"):
            data = self._inner.read(max_bytes, _left(timeout, "reading the response"))
        received = _received.get()
        if received is not None:
            received[0] += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _as_deadline("sending the request"):
            self._inner.write(buffer, _left(timeout, "sending the request"))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        with _as_deadline("in the TLS handshake"):
            return _Stream(self._inner.start_tls(ssl_context, server_hostname,
                                                 _left(timeout, "in the TLS handshake")))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.SyncBackend):
    """httpcore's sync backend under the exchange deadline; `guard` refuses non-public addresses."""

    def __init__(self, *, guard: bool) -> None:
        self.guard = guard

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        addresses = resolve(host, port, _left(timeout, "looking up the host name"))
        if self.guard:
            check_addresses(host, addresses)
        last: Exception | None = None
        for addr in addresses:
            try:
                stream = super().connect_tcp(addr, port, timeout=_left(timeout, "connecting"),
                                             local_address=local_address, socket_options=socket_options)
                return _Stream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last
