"""Kill things and check the promise: every digest arrives, none twice except same-Message-ID resends.

Each scenario kills (SIGKILL, the whole process group) or breaks one part at one step and
lets the service recover on its own: redelivery after the visibility timeout, beat's sweep,
the outbox's lease. tally() counts per scenario and the table is printed at the end.
"""
from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from targetwatch.archive.models import utcnow
from tests.faults.conftest import FaultySmtp, Service, tally
from tests.worker.conftest import SAMPLES, Site, import_samples, index_page, report_page, wait_until

pytestmark = pytest.mark.slow
READER = "analyst@example.org"


def _arrived(smtp: FaultySmtp, n: int, timeout: float, what: str) -> None:
    wait_until(lambda: len(smtp.received) >= n, timeout, what, interval=0.2)


def _settle(service: Service, smtp: FaultySmtp) -> None:
    """One more sending run and a moment: nothing else may arrive."""
    service.app.send_task("targetwatch.send_due").get(timeout=30)
    before = len(smtp.received)
    time.sleep(1.0)
    assert len(smtp.received) == before


def _check(row: dict) -> None:
    assert row["lost"] == 0, row
    assert row["other_duplicates"] == 0 and row["stray"] == 0, row


def _received(w, task: str) -> bool:  # noqa: ANN001
    return f"Task {task}[" in w.log.read_text(errors="replace")


def test_worker_killed_during_fetch(service: Service, smtp_faulty: FaultySmtp, site: Site) -> None:
    started = time.monotonic()
    import_samples(service.archive, "national-2023")
    service.archive.subscribe(READER, ["national"])
    site.page("/2024.html", report_page(2024, (SAMPLES / "national-2024.txt").read_text(encoding="utf-8")))
    site.page("/zfgzbg.html", index_page({2024: "/2024.html"}))
    gate = site.hold("/2024.html")
    w1 = service.worker("w1")
    service.app.send_task("targetwatch.check", kwargs={"regions": ["national"]})
    wait_until(lambda: site.count("/2024.html") >= 1, 30, "the worker to be fetching the report")
    w1.kill()
    gate.set()
    service.worker("w2")
    _arrived(smtp_faulty, 1, 60, "the digest after the killed fetch")
    _settle(service, smtp_faulty)
    _check(tally("SIGKILL worker in fetch", service.archive, smtp_faulty, expected=1,
                 seconds=time.monotonic() - started))


@pytest.mark.parametrize("step", ["compare", "digests"])
def test_worker_killed_during_a_step_that_writes(step: str, service: Service, smtp_faulty: FaultySmtp) -> None:
    """The archive's write lock is held, so the worker sits inside the step; it is killed there."""
    from targetwatch.worker.steps import compare_reports

    started = time.monotonic()
    service.archive.subscribe(READER, ["national"])
    import_samples(service.archive, "national-2023", "national-2024")
    if step == "digests":
        compare_reports(service.archive, [("national", 2024)])
    w1 = service.worker("w1")
    task = f"targetwatch.{step}"
    with service.archive_held():
        if step == "compare":
            service.app.send_task(task, args=["national", 2024])
        else:
            service.app.send_task(task, args=["on-new-report"])
        wait_until(lambda: _received(w1, task), 30, f"the worker to take {task}")
        time.sleep(0.5)
        w1.kill()
    service.worker("w2")  # the task comes back after the visibility timeout (6 s here)
    _arrived(smtp_faulty, 1, 60, f"the digest after the worker died in {step}")
    _settle(service, smtp_faulty)
    _check(tally(f"SIGKILL worker in {step}", service.archive, smtp_faulty, expected=1,
                 seconds=time.monotonic() - started))


def test_worker_killed_during_smtp_data_is_resent_with_the_same_message_id(service: Service,
                                                                          smtp_faulty: FaultySmtp) -> None:
    from targetwatch.worker.steps import build_digests

    started = time.monotonic()
    service.archive.subscribe(READER, ["national"])
    import_samples(service.archive, "national-2023", "national-2024")
    assert len(build_digests(service.archive)) == 1
    smtp_faulty.data_delay = 5.0  # the server has the message and sits on its reply
    w1 = service.worker("w1")
    service.app.send_task("targetwatch.send_due")
    wait_until(lambda: smtp_faulty.in_data, 30, "the worker to be in SMTP DATA")
    w1.kill()
    smtp_faulty.data_delay = 0.0
    service.worker("w2")
    time.sleep(8 + 1)  # lease_seconds: no live sender holds a row this long
    service.app.send_task("targetwatch.send_due").get(timeout=30)
    _arrived(smtp_faulty, 2, 30, "the resend")
    _settle(service, smtp_faulty)
    row = tally("SIGKILL worker in SMTP DATA", service.archive, smtp_faulty, expected=1,
                seconds=time.monotonic() - started)
    _check(row)
    assert row["same_id_resends"] == 1 and row["uncertain"] == 1
    [d] = service.archive.deliveries()
    assert d.message_id in d.last_error, "the note names the Message-ID on the wire"


def test_worker_killed_while_recording_a_sent_message_has_handed_over_nothing_after_it(
        service: Service, smtp_faulty: FaultySmtp) -> None:
    """A message's "sent" record is written while the next message is transmitted, and the
    next one's final "." waits for it. Block the first record (the archive's write lock) and
    kill the worker with the second message held there: the server has the first only; it is
    resent with its Message-ID after the lease (uncertain), and the second arrives once."""
    from targetwatch.worker.steps import build_digests

    started = time.monotonic()
    for name in ("a", "b"):
        service.archive.subscribe(f"{name}@example.org", ["national"])
    import_samples(service.archive, "national-2023", "national-2024")
    assert len(build_digests(service.archive)) == 2
    smtp_faulty.data_delay = 1.0  # the server sits on the first message: time to take the lock
    w1 = service.worker("w1")
    service.app.send_task("targetwatch.send_due")
    wait_until(lambda: smtp_faulty.in_data, 30, "the worker to be in SMTP DATA")
    with service.archive_held():
        smtp_faulty.data_delay = 0.0
        time.sleep(2.0)  # the first 250, its record blocked, the second message sent up to its "."
        assert len(smtp_faulty.received) == 1, "the second message was handed over before the first was recorded"
        w1.kill()
    assert [d.status for d in service.archive.deliveries()] == ["sending", "sending"]
    service.worker("w2")
    time.sleep(8 + 1)  # lease_seconds
    service.app.send_task("targetwatch.send_due").get(timeout=30)
    _arrived(smtp_faulty, 3, 30, "the resend and the second digest")
    _settle(service, smtp_faulty)
    row = tally("SIGKILL worker recording a sent message", service.archive, smtp_faulty, expected=2,
                seconds=time.monotonic() - started)
    _check(row)
    assert row["same_id_resends"] == 1 and row["uncertain"] == 1
    first, second = service.archive.deliveries()
    assert first.last_error.startswith("uncertain") and second.last_error.startswith("put back")


@pytest.mark.postgres
def test_postgresql_dropping_every_connection_mid_run_loses_and_repeats_nothing(
        pg_service: Service, smtp_faulty: FaultySmtp) -> None:
    """What a PostgreSQL restart does to a sending run: its kept connection (and every other)
    is gone between two records; the next record goes on on a new connection."""
    from targetwatch.worker.steps import build_digests

    started = time.monotonic()
    for i in range(6):
        pg_service.archive.subscribe(f"r{i}@example.org", ["national"])
    import_samples(pg_service.archive, "national-2023", "national-2024")
    assert len(build_digests(pg_service.archive)) == 6
    smtp_faulty.data_delay = 0.3  # a run of about two seconds
    pg_service.worker("w1")
    pg_service.app.send_task("targetwatch.send_due")
    _arrived(smtp_faulty, 2, 30, "the first digests")
    assert pg_service.drop_connections() >= 1
    _arrived(smtp_faulty, 6, 60, "every digest")
    smtp_faulty.data_delay = 0.0
    _settle(pg_service, smtp_faulty)
    row = tally("PostgreSQL dropped every connection", pg_service.archive, smtp_faulty, expected=6,
                seconds=time.monotonic() - started)
    _check(row)
    assert row["same_id_resends"] == 0 and row["uncertain"] == 0
    assert {d.status for d in pg_service.archive.deliveries()} == {"sent"}


def test_redis_restarted_mid_run_beat_rides_it_out_and_the_sweep_mails_what_was_archived(
        service: Service, smtp_faulty: FaultySmtp) -> None:
    started = time.monotonic()
    service.archive.subscribe(READER, ["national"])
    import_samples(service.archive, "national-2023")
    service.worker("w1")
    beat = service.beat("b1")
    wait_until(lambda: service.redis.client().exists("tw:beat:leader"), 30, "beat to lead")
    service.redis.stop()
    import_samples(service.archive, "national-2024")  # archived while Redis is down: no task knows of it
    time.sleep(3)
    service.redis.start()  # empty: queues, schedule and lock are gone
    assert beat.alive(), beat.log.read_text()[-2000:]
    wait_until(lambda: service.redis.client().exists("tw:beat:leader"), 30, "beat to lead again")
    _arrived(smtp_faulty, 1, 100, "the digest of the report archived during the outage (beat's sweep)")
    _settle(service, smtp_faulty)
    assert beat.alive()
    _check(tally("Redis restart (empty) mid-run", service.archive, smtp_faulty, expected=1,
                 seconds=time.monotonic() - started))


def test_killing_the_beat_leader_hands_over_to_the_standby(service: Service, smtp_faulty: FaultySmtp) -> None:
    started = time.monotonic()
    beats = [service.beat("b1"), service.beat("b2")]
    client = service.redis.client()
    pids = {b.proc.pid: b for b in beats}

    def leading_pid() -> int | None:
        return json.loads(client.get("tw:beat:leader") or "{}").get("pid")

    # one of these two beats leads (the key names it); a pid of no beat here would be a stray writer
    wait_until(lambda: leading_pid() in pids, 30, f"one of the beats {sorted(pids)} to lead")
    leader = pids[leading_pid()]
    standby = next(b for b in beats if b is not leader)
    leader.kill()
    killed = time.monotonic()
    wait_until(lambda: json.loads(client.get("tw:beat:leader") or "{}").get("pid") == standby.proc.pid, 40,
               "the standby to take over")
    took = time.monotonic() - killed
    assert standby.alive()
    FIGURES_ROW = tally("SIGKILL beat leader", service.archive, smtp_faulty, expected=0,
                        seconds=time.monotonic() - started)
    FIGURES_ROW["scenario"] += f" (takeover {took:.0f} s)"
    assert took < 5 * 1 + 10


@pytest.mark.parametrize("fault", ["421 at DATA", "451 at DATA", "drop after DATA"])
def test_smtp_faults_lose_nothing(fault: str, service: Service, smtp_faulty: FaultySmtp) -> None:
    """The real sender (in this process: its clock is moved past the backoff) against a real server."""
    from targetwatch.worker.mail.outbox import send_due
    from targetwatch.worker.mail.transport import SmtpTransport
    from targetwatch.worker.steps import build_digests

    started = time.monotonic()
    for name in ("a", "b", "c"):
        service.archive.subscribe(f"{name}@example.org", ["national"])
    import_samples(service.archive, "national-2023", "national-2024")
    assert len(build_digests(service.archive)) == 3
    if fault == "421 at DATA":
        smtp_faulty.data_replies.append("421 4.3.2 service shutting down")
    elif fault == "451 at DATA":
        smtp_faulty.data_replies.append("451 4.3.0 try again later")
    else:
        smtp_faulty.keep_then_drop = 1
    at = utcnow()
    for _ in range(4):
        send_due(service.archive, SmtpTransport(smtp_faulty.url, timeout=5), "targetwatch <digest@example.org>",
                 lease=timedelta(seconds=8), now=lambda at=at: at)
        at += timedelta(minutes=3)
    row = tally(f"SMTP {fault}", service.archive, smtp_faulty, expected=3, seconds=time.monotonic() - started)
    _check(row)
    assert row["same_id_resends"] == (1 if fault == "drop after DATA" else 0)
