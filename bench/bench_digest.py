"""Digests for many subscribers, rendered and delivered by two worker processes to an SMTP sink.

    python bench/bench_digest.py [--subscribers 10000] [--workers 2] [--database-url URL]

Setup (not timed): an archive (SQLite in a temporary folder unless --database-url) with
the bundled sample reports of earlier years, N subscribers (a third national, a third
beijing, a third both), then the new reports of the season (national 2025, beijing 2025),
so each digest has one or two reports with their comparisons and charts, as in March.
Timed: building the digests (one outbox row per subscriber), then delivery: N rows claimed,
rendered and sent one at a time by two real `targetwatch worker` processes (Celery on
Redis: TARGETWATCH_BROKER_URL, or 127.0.0.1:6379 db 15 under a key prefix of this run), to
an aiosmtpd server in a process of its own that counts what it accepts (its CPU is printed
apart: it is the stand-in for the mail server, not targetwatch's work).

Prints the time (build + deliver), digests per second, the ratio to the target (10,000 in
under 30 s with two workers: ratio < 1 meets it), CPU per digest in each worker, and each
worker's memory: peak RSS (ru_maxrss, from the send task) and RSS at the end (/proc).
The machine is shared, so the load average is printed beside the figures.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Sink:
    """Counts accepted messages and bytes; keeps nothing else (10,000 digests are ~1 GB)."""

    def __init__(self) -> None:
        self.count = 0
        self.bytes = 0
        self.recipients: set[str] = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        with self.lock:
            self.count += 1
            self.bytes += len(envelope.content)
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def serve_sink(port: int = 0) -> None:
    """The sink as a child process: prints its port, then its counts and CPU when stdin closes."""
    import json

    sink = Sink()
    controller = start_sink(sink, port)
    start = resource.getrusage(resource.RUSAGE_SELF)  # imports and start-up are not the sink's work
    print(controller.port, flush=True)
    sys.stdin.read()
    controller.stop()
    end = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"count": sink.count, "bytes": sink.bytes, "recipients": len(sink.recipients),
                      "cpu_s": end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime}), flush=True)


class SinkProcess:
    def __init__(self, port: int = 0) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve-sink", "--sink-port", str(port)],
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def finish(self) -> dict:
        import json

        out, _ = self.proc.communicate("", timeout=60)
        return json.loads(out.strip().splitlines()[-1])


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process now (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def start_sink(sink: Sink, port: int = 0):  # noqa: ANN201
    from aiosmtpd.controller import Controller

    class _Controller(Controller):
        def _trigger_server(self) -> None:
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    controller = _Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=0)
    controller.start()
    return controller


TARGET_S = 30.0
"""Issue 15: 10,000 digests in under 30 s with two workers (scaled for other --subscribers)."""


def _is_child(task_pid: int, worker_pid: int) -> bool:
    """Whether the send task's pid is the worker process we started (solo pool) or one of its children."""
    if task_pid == worker_pid:
        return True
    try:
        return int(Path(f"/proc/{task_pid}/stat").read_text().split()[3]) == worker_pid
    except (OSError, ValueError, IndexError):
        return False


def season(archive, subscribers: int) -> list:  # noqa: ANN001 - an Archive
    """March in an archive: the sample reports of earlier years, `subscribers` readers (a third
    national, a third beijing, a third both), then the new reports. Returns the sample files."""
    from targetwatch.worker.steps import import_files, sample_files

    samples = sample_files()
    import_files(archive, [f for f in samples if f.year < 2025])
    regions = (["national"], ["beijing"], ["national", "beijing"])
    for i in range(subscribers):
        archive.subscribe(f"reader{i:05d}@example.org", regions[i % 3])
    import_files(archive, [f for f in samples if f.year == 2025])
    return samples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subscribers", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2, help="worker processes")
    ap.add_argument("--threads", type=int, default=1, help="sending threads per worker process (Celery threads pool)")
    ap.add_argument("--database-url", help="default: SQLite in a temporary folder")
    ap.add_argument("--broker-url", default=os.environ.get("TARGETWATCH_BROKER_URL") or "redis://127.0.0.1:6379/15")
    ap.add_argument("--sink-port", type=int, default=0, help="the SMTP sink's port on 127.0.0.1 (0: any free one)")
    ap.add_argument("--serve-sink", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_sink:
        serve_sink(args.sink_port)
        return

    import redis

    from targetwatch.archive import Archive
    from targetwatch.worker.steps import build_digests

    tmp = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    home = tmp / "home"
    home.mkdir()
    prefix = f"twbench-{uuid.uuid4().hex[:8]}:"
    (home / "service.toml").write_text(f'[celery]\nkey_prefix = "{prefix}"\n', encoding="utf-8")
    db = args.database_url or f"sqlite:///{tmp / 'archive.sqlite3'}"
    sink = SinkProcess(args.sink_port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETWATCH_")}
    env.update(TARGETWATCH_HOME=str(home), TARGETWATCH_DATABASE_URL=db, TARGETWATCH_BROKER_URL=args.broker_url,
               TARGETWATCH_SMTP_URL=f"smtp://127.0.0.1:{sink.port}",
               TARGETWATCH_MAIL_FROM="targetwatch <digest@example.org>",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    workers: list[subprocess.Popen] = []
    try:
        t0 = time.perf_counter()
        archive = Archive(db)
        samples = season(archive, args.subscribers)
        print(f"setup: {args.subscribers} subscribers, {len(samples)} reports (2 of them new) in "
              f"{time.perf_counter() - t0:.1f} s ({archive.backend})")

        t1 = time.perf_counter()
        queued = build_digests(archive)
        build_s = time.perf_counter() - t1
        print(f"build: {len(queued)} digests queued in {build_s:.1f} s "
              f"({len(queued) / build_s:.0f}/s)")

        for n in range(args.workers):
            log = open(tmp / f"worker{n}.log", "wb")  # noqa: SIM115 - lives as long as the worker
            pool = ["--pool", "solo"] if args.threads == 1 else ["--pool", "threads", "--concurrency",
                                                                  str(args.threads)]
            workers.append(subprocess.Popen([sys.executable, "-m", "targetwatch.cli", "worker", *pool, "--loglevel", "warning"],
                                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                            start_new_session=True))
        from targetwatch.worker.celery_app import make_app
        from targetwatch.config import load_settings

        app = make_app(load_settings(env))
        deadline = time.monotonic() + 60
        while app.control.ping(timeout=0.5).__len__() < args.workers:
            if time.monotonic() > deadline:
                raise SystemExit(f"workers did not start; see {tmp}/worker*.log")
        t2 = time.perf_counter()
        load0 = os.getloadavg()[0]
        results = [app.send_task("targetwatch.send_due") for _ in range(args.workers * args.threads)]
        outcomes = [r.get(timeout=600) for r in results]
        send_s = time.perf_counter() - t2
        rss_end = {w.pid: rss_mb(w.pid) for w in workers}
        got = sink.finish()
        sent = sum(o["sent"] for o in outcomes)
        print(f"deliver: {sent} digests sent by {args.workers} workers in {send_s:.1f} s ({sent / send_s:.0f}/s); "
              f"the sink accepted {got['count']} messages, {got['bytes'] / 1e6:.0f} MB "
              f"({got['bytes'] / max(got['count'], 1) / 1024:.1f} KB each), {got['recipients']} distinct recipients")
        by_pid: dict[int, list[dict]] = {}
        for o in outcomes:
            by_pid.setdefault(o["pid"], []).append(o)
        for pid, runs in sorted(by_pid.items()):
            n, cpu = sum(o["sent"] for o in runs), sum(o["cpu_s"] for o in runs)
            end = [v for p, v in rss_end.items() if v is not None and _is_child(pid, p)]
            print(f"  worker pid {pid}: sent {n} in {len(runs)} task(s), CPU {cpu:.1f} s "
                  f"({1000 * cpu / max(n, 1):.2f} ms per digest, {100 * cpu / send_s:.0f}% of one core); memory: "
                  f"peak RSS {max(o['maxrss_kb'] for o in runs) / 1024:.0f} MB (ru_maxrss)"
                  + (f", RSS at the end {end[0]:.0f} MB" if end else ""))
        print(f"  SMTP sink (own process, aiosmtpd): CPU {got['cpu_s']:.1f} s "
              f"({1000 * got['cpu_s'] / max(sent, 1):.2f} ms per message); machine: {os.cpu_count()} CPUs, "
              f"load average {load0:.1f} at the start of delivery, {os.getloadavg()[0]:.1f} at its end")
        statuses = {s: len(archive.deliveries(status=s)) for s in ("pending", "sending", "sent", "failed")}
        print(f"outbox: {statuses}")
        total = build_s + send_s
        target = TARGET_S * args.subscribers / 10_000
        ok = total < target and got["count"] == args.subscribers
        print(f"total build + deliver: {total:.1f} s for {args.subscribers} digests, {args.subscribers / total:.0f} "
              f"digests/s; target < {target:.0f} s: ratio {total / target:.2f} ({'OK' if ok else 'OVER TARGET'})")
        print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        archive.close()
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
                try:
                    w.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(w.pid, signal.SIGKILL)
        if sink.proc.poll() is None:
            sink.proc.kill()
        try:
            c = redis.Redis.from_url(args.broker_url)
            keys = list(c.scan_iter(match=f"{prefix}*", count=500))
            if keys:
                c.delete(*keys)
        except redis.RedisError:
            pass


if __name__ == "__main__":
    main()
