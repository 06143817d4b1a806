"""A real HTTP server on 127.0.0.1 for the scraper tests.

The tests talk to it over a real socket (never the live internet, never a mocked client),
so timeouts, redirects, 304s and robots.txt behave as they would against a portal. Routes
are set per test; every request is logged with its headers so that tests can check what
the client sent (User-Agent, If-None-Match) and how often it asked.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    chunked: bool = False  # send without Content-Length


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


Handler = Callable[["Seen"], Reply]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler | list[Reply]] = {}
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Handler | list[Reply]) -> str:
        """Serve `reply` at `path` (path may include a query); a list is served in turn, the last repeats."""
        self.routes[path] = reply
        return self.url(path)

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kw: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.route(path, Reply(200, data, {"Content-Type": content_type}, **kw))  # type: ignore[arg-type]

    def fixture(self, path: str, name: str, content_type: str = "text/html") -> str:
        return self.route(path, Reply(200, (SITES / name).read_bytes(), {"Content-Type": content_type}))

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for s in self.log if s.path == path)

    def requests(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if s.path == path]

    def _resolve(self, seen: Seen) -> Reply:
        target = self.routes.get(seen.path)
        if target is None:
            target = self.routes.get(urlsplit(seen.path).path)
        if target is None:
            return Reply(404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"})
        if isinstance(target, list):
            with self._lock:
                reply = target.pop(0) if len(target) > 1 else target[0]
            return reply
        if callable(target):
            return target(seen)
        return target


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - silence stderr
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
            with site._lock:
                site.log.append(seen)
            reply = site._resolve(seen)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    step = 64 * 1024
                    for i in range(0, len(reply.body), step):
                        part = reply.body[i:i + step]
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return H


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out on purpose reset the connection; that is the test


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = _QuietServer(("127.0.0.1", 0), _handler_for(s))
    server.daemon_threads = True
    s.server = server
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()
