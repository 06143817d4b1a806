"""Where a digest's send goes: database statements, round trips and time per message.

    python bench/bench_send_trips.py [--subscribers 1000] [--database-url URL] [--smtp-port 18700]

Sets up an archive as bench_digest.py does (the sample reports, N subscribers, the season's
two new reports, the digests queued), then runs one sending run (outbox.send_due) in this
process against bench_digest.py's aiosmtpd sink (a process of its own), with SQLAlchemy event listeners counting what
the run asks of the database: pool checkouts (each one a pre-ping round trip where the engine
pre-pings), BEGINs, statements by kind, COMMITs. It prints them per digest, with the time spent
in database calls (statements and commits, as the client sees them), in SMTP, and the rest.

On PostgreSQL the round trips are also counted on the wire (libpq's trace of each connection):
with psycopg 3 a BEGIN is a round trip of its own and a COMMIT is one round trip plus the
server's WAL flush. The counts are steady; the times move with the machine's load (printed).
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class Counts:
    """What one sending run asked of the database, and how long the client waited for it."""

    def __init__(self) -> None:
        self.by_kind: collections.Counter[str] = collections.Counter()
        self.seconds: collections.Counter[str] = collections.Counter()
        self._t = 0.0
        self._kind = ""

    @property
    def db_s(self) -> float:
        return sum(self.seconds.values())

    def watch(self, engine) -> None:  # noqa: ANN001
        from sqlalchemy import event

        pre_ping = bool(getattr(engine.pool, "_pre_ping", False))

        @event.listens_for(engine.pool, "checkout")
        def _checkout(*_a) -> None:  # noqa: ANN002
            self.by_kind["checkout"] += 1
            if pre_ping:
                self.by_kind["ping"] += 1

        @event.listens_for(engine, "begin")
        def _begin(_conn) -> None:  # noqa: ANN001
            self.by_kind["BEGIN"] += 1

        @event.listens_for(engine, "before_cursor_execute")
        def _before(_c, _cur, statement, _p, _ctx, executemany) -> None:  # noqa: ANN001
            word = statement.lstrip().split(None, 1)[0].upper()
            self._kind = word + (" (many)" if executemany else "")
            self.by_kind[self._kind] += 1
            self._t = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(*_a) -> None:  # noqa: ANN002
            self.seconds[self._kind] += time.perf_counter() - self._t

        @event.listens_for(engine, "commit")
        def _commit(_conn) -> None:  # noqa: ANN001
            self.by_kind["COMMIT"] += 1

        @event.listens_for(engine, "rollback")
        def _rollback(_conn) -> None:  # noqa: ANN001
            self.by_kind["ROLLBACK"] += 1



class WireTrace:
    """PostgreSQL only: libpq's protocol trace of every connection opened from now on, so the
    round trips are counted on the wire (a simple Query or an extended-protocol Sync each),
    whatever SQLAlchemy thinks it did (its COMMIT on an autocommit connection sends nothing)."""

    def __init__(self, engine, folder: Path) -> None:  # noqa: ANN001
        from sqlalchemy import event

        self.folder = folder
        self.files: list = []
        engine.dispose()  # connections opened before this are not traced

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record) -> None:  # noqa: ANN001
            import psycopg

            f = open(folder / f"conn{len(self.files)}.trace", "w")  # noqa: SIM115 - closed in round_trips
            self.files.append(f)
            dbapi_conn.pgconn.trace(f.fileno())
            dbapi_conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)

    def round_trips(self) -> collections.Counter[str]:
        """What the client sent and waited for, by kind: BEGIN/COMMIT/ROLLBACK/other simple queries, and Syncs."""
        out: collections.Counter[str] = collections.Counter()
        for f in self.files:
            f.flush()
        for path in self.folder.glob("*.trace"):
            for line in path.read_text(errors="replace").splitlines():
                parts = line.split("\t")
                if len(parts) < 3 or parts[0] != "F":
                    continue
                if parts[2] == "Sync":
                    out["statement"] += 1
                elif parts[2] == "Query":
                    word = parts[3].strip(' "').split(None, 1)[0].upper() if len(parts) > 3 else "?"
                    out[word if word in ("BEGIN", "COMMIT", "ROLLBACK") else "simple query"] += 1
        return out


def timed_commits(engine, counts: Counts) -> None:  # noqa: ANN001
    """Add the COMMIT's wait (the WAL flush on PostgreSQL) to the database time."""
    dialect = engine.dialect
    plain = dialect.do_commit
    begin = dialect.do_begin

    def do_begin(dbapi_connection) -> None:  # noqa: ANN001
        t = time.perf_counter()
        try:
            begin(dbapi_connection)
        finally:
            counts.seconds["BEGIN"] += time.perf_counter() - t

    dialect.do_begin = do_begin

    def do_commit(dbapi_connection) -> None:  # noqa: ANN001
        t = time.perf_counter()
        try:
            plain(dbapi_connection)
        finally:
            counts.seconds["COMMIT"] += time.perf_counter() - t

    dialect.do_commit = do_commit
    if getattr(engine.pool, "_pre_ping", False):
        ping = dialect.do_ping

        def do_ping(dbapi_connection) -> bool:  # noqa: ANN001
            t = time.perf_counter()
            try:
                return ping(dbapi_connection)
            finally:
                counts.seconds["ping"] += time.perf_counter() - t

        dialect.do_ping = do_ping


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subscribers", type=int, default=1000)
    ap.add_argument("--database-url", help="default: SQLite in a temporary folder")
    ap.add_argument("--smtp-port", type=int, default=18700, help="the sink's port on 127.0.0.1")
    args = ap.parse_args()

    from targetwatch.archive import Archive
    from targetwatch.worker.mail.outbox import send_due
    from targetwatch.worker.mail.transport import SmtpTransport
    from targetwatch.worker.steps import build_digests

    from bench_digest import SinkProcess, season  # the same sink and the same season

    sink = SinkProcess(args.smtp_port)
    port = sink.port
    tmp = Path(tempfile.mkdtemp(prefix="bench-send-trips-"))
    archive = Archive(args.database_url or f"sqlite:///{tmp / 'archive.sqlite3'}")
    try:
        season(archive, args.subscribers)
        queued = build_digests(archive)

        wire = WireTrace(archive.engine, tmp) if archive.backend == "postgresql" else None
        counts = Counts()
        counts.watch(archive.engine)
        timed_commits(archive.engine, counts)
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}", timeout=30)
        smtp = {"s": 0.0}
        plain_send = transport.send

        def send(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return plain_send(*a, **k)
            finally:
                smtp["s"] += time.perf_counter() - t

        transport.send = send  # type: ignore[method-assign]
        waited = watch_settle()
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        report = send_due(archive, transport, "targetwatch <digest@example.org>", lease=archive_lease())
        wall = time.perf_counter() - t0
        n = len(report.sent)
        print(f"{archive.backend}: {n} of {len(queued)} digests sent in {wall:.2f} s by one sender "
              f"({1000 * wall / max(n, 1):.2f} ms each); sink got {sink.finish()['count']}; load average {load0:.1f}")
        print("per digest: " + ", ".join(f"{k} {v / max(n, 1):.3f}" for k, v in sorted(counts.by_kind.items())))
        if wire is not None:
            trips = wire.round_trips()
            print(f"round trips per digest on the wire: {sum(trips.values()) / max(n, 1):.2f} ("
                  + ", ".join(f"{k} {v / max(n, 1):.3f}" for k, v in sorted(trips.items())) + ")")
        per = 1000 / max(n, 1)
        print("database ms per digest: " + ", ".join(f"{k} {v * per:.2f}" for k, v in sorted(counts.seconds.items())))
        if waited is not None:
            print(f"the sender waited {waited['s'] * per:.2f} ms per digest for the previous record "
                  "(overlapped: the database time above is spent in the recording thread)")
        print(f"time per digest: database {counts.db_s * per:.2f} ms, SMTP {smtp['s'] * per:.2f} ms, "
              f"the rest (render, claim logic, Python) {(wall - counts.db_s - smtp['s']) * per:.2f} ms")
    finally:
        archive.close()
        if sink.proc.poll() is None:
            sink.proc.kill()


def watch_settle() -> dict | None:
    """Time the sender spends waiting for the previous message's record (where the code overlaps them)."""
    try:
        from targetwatch.worker.mail.recording import RecordAhead
    except ImportError:
        return None
    waited = {"s": 0.0}
    plain = RecordAhead.settle

    def settle(self) -> None:  # noqa: ANN001
        t = time.perf_counter()
        try:
            plain(self)
        finally:
            waited["s"] += time.perf_counter() - t

    RecordAhead.settle = settle  # type: ignore[method-assign]
    return waited


def archive_lease():  # noqa: ANN201
    from datetime import timedelta

    return timedelta(minutes=15)


if __name__ == "__main__":
    main()
