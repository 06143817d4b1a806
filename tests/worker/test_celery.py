"""The service for real: Redis, `targetwatch worker` processes, redbeat, an SMTP server, a site.

Workers run as subprocesses in their own process groups, so a test can SIGKILL one in the
middle of a task, exactly as an OOM killer or a pulled plug would, and check that a new
worker finishes the job with each digest delivered exactly once.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from targetwatch.archive import Archive
from tests.worker.conftest import (SAMPLES, RedisServer, Site, SmtpSink, WorkerProcess, cli_env, import_samples,
                                   index_page, report_page, wait_until, write_service_toml)

pytestmark = pytest.mark.slow

VISIBILITY = 5  # seconds before Redis hands an unacknowledged task to another worker


@dataclass
class Service:
    home: Path
    env: dict[str, str]
    prefix: str
    archive: Archive
    app: Any
    tmp: Path

    def worker(self, name: str) -> WorkerProcess:
        w = WorkerProcess(self.env, self.tmp / f"{name}.log")
        w.wait_ready()
        return w


@pytest.fixture
def service(tmp_path: Path, redis_server: RedisServer, smtp: SmtpSink, site: Site) -> Iterator[Service]:
    from targetwatch.worker.celery_app import make_app
    from targetwatch.config import load_settings
    from targetwatch.worker.schedule import load_config

    home = tmp_path / "home"
    prefix = redis_server.prefix()
    write_service_toml(home, f"""
[celery]
key_prefix = "{prefix}"
visibility_timeout = {VISIBILITY}
restore_interval = 1
retry_delay_max = 2
time_limit = 4
soft_time_limit = 3
beat_loop_seconds = 1

[fetch]
allow_private = true
min_interval = 0
timeout = 20

[delivery]
lease_seconds = 60
smtp_timeout = 10
""")
    (home / "sources.toml").write_text(f"""
[sources.national]
index = ["{site.base}/zfgzbg.html"]
reports = []
delay = 0
""", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    env = cli_env(home, TARGETWATCH_BROKER_URL=redis_server.url, TARGETWATCH_DATABASE_URL=db,
                  TARGETWATCH_SMTP_URL=smtp.url, TARGETWATCH_MAIL_FROM="targetwatch <digest@example.org>")
    settings = load_settings(env)
    app = make_app(settings, load_config(home))
    archive = Archive(db)
    try:
        yield Service(home, env, prefix, archive, app, tmp_path)
    finally:
        archive.close()
        redis_server.delete_prefix(prefix)


def _national_site(site: Site, held: bool) -> Any:
    text = (SAMPLES / "national-2024.txt").read_text(encoding="utf-8")
    site.page("/2024.html", report_page(2024, text))
    site.page("/zfgzbg.html", index_page({2024: "/2024.html"}))
    return site.hold("/2024.html") if held else None


def _settled(service: Service, smtp: SmtpSink, expected: int) -> None:
    """Wait for `expected` messages, then run one more sweep and make sure nothing else comes."""
    wait_until(lambda: len(smtp.received) >= expected, 40, f"{expected} message(s) at the SMTP server")
    sweep = service.app.send_task("targetwatch.send_due")
    assert sweep.get(timeout=30)["sent"] == 0
    time.sleep(0.5)
    assert len(smtp.received) == expected


def test_a_check_that_finds_two_reports_mails_one_digest_with_their_comparison(
        service: Service, smtp: SmtpSink, site: Site) -> None:
    """check -> fetch 2024 -> fetch 2025 -> one digest build, as a Celery chain on a real worker.

    Discovery lists the newest first, so 2025 is fetched first; the 2024 page is held until
    2025 has been archived for a while: a pipeline that built a digest per fetch would have
    mailed 2025 alone by then ("no 2024 report to compare with") and 2024 in a second mail. The chain mails once, and that mail holds the
    comparison between the two reports (2024's targets against 2025's outcomes).
    """
    service.archive.subscribe("analyst@example.org", ["national"])
    for year in (2024, 2025):
        text = (SAMPLES / f"national-{year}.txt").read_text(encoding="utf-8")
        site.page(f"/{year}.html", report_page(year, text))
    site.page("/zfgzbg.html", index_page({2024: "/2024.html", 2025: "/2025.html"}))
    gate = site.hold("/2024.html")
    # Two workers: while one waits for the held page, the other is free to build and send a
    # digest, if anything asks for one before the check's last fetch.
    workers = [service.worker("w1"), service.worker("w2")]
    try:
        found = service.app.send_task("targetwatch.check", kwargs={"regions": ["national"]}).get(timeout=30)
        assert found == 2
        wait_until(lambda: service.archive.years("national") == [2025], 20, "the 2025 report archived")
        time.sleep(1.5)  # time enough for a per-fetch digest to be built and sent (soft limit is 3 s)
        assert smtp.received == [] and service.archive.deliveries() == []
        gate.set()
        _settled(service, smtp, 1)
    finally:
        gate.set()
        for w in workers:
            w.stop()
    [msg] = smtp.messages()
    assert msg["To"] == "analyst@example.org"
    assert msg["Subject"] == "targetwatch：全国2份新政府工作报告"
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    # The comparison between the two reports found, first: 2024's GDP target against 2025's outcome.
    assert "2024年主要目标：" in html and "全国：2025年政府工作报告与2024年对比" in text
    assert "国内生产总值增长：目标5%左右，实际5%，完成" in text
    assert text.index("全国 2025年政府工作报告") < text.index("全国 2024年政府工作报告")
    assert "档案中的第一份报告" in text  # 2024 is the first national report in this archive
    assert [(d.status, len(d.payload["reports"])) for d in service.archive.deliveries()] == [("sent", 2)]
    stored = service.archive.comparison("national", 2025)
    assert stored is not None and stored["previous_year"] == 2024


def test_pipeline_through_celery_delivers_the_digest_once(service: Service, smtp: SmtpSink, site: Site) -> None:
    import_samples(service.archive, "national-2023")
    service.archive.subscribe("analyst@example.org", ["national"])
    _national_site(site, held=False)
    w = service.worker("w1")
    try:
        found = service.app.send_task("targetwatch.check", kwargs={"regions": ["national"]}).get(timeout=30)
        assert found == 1
        _settled(service, smtp, 1)
        # the whole chain again (beat would do this the next day): nothing new, nothing sent
        assert service.app.send_task("targetwatch.check", kwargs={"regions": ["national"]}).get(timeout=30) == 0
    finally:
        w.stop()
    [msg] = smtp.messages()
    assert msg["Subject"] == "targetwatch：全国 2024年政府工作报告"
    assert "2023年主要目标" in msg.get_body(("html",)).get_content()
    assert [d.status for d in service.archive.deliveries()] == ["sent"]


def test_worker_killed_while_fetching_a_new_worker_delivers_exactly_once(service: Service, smtp: SmtpSink,
                                                                          site: Site) -> None:
    import_samples(service.archive, "national-2023")
    service.archive.subscribe("analyst@example.org", ["national"])
    gate = _national_site(site, held=True)
    first = service.worker("w1")
    try:
        service.app.send_task("targetwatch.check", kwargs={"regions": ["national"]})
        wait_until(lambda: site.count("/2024.html") >= 1, 30, "the worker to be fetching the report")
        first.kill()  # SIGKILL mid-task: the fetch task was never acknowledged
    finally:
        first.stop()
    assert service.archive.documents(region="national", year=2024) == []
    gate.set()
    second = service.worker("w2")
    try:
        _settled(service, smtp, 1)
    finally:
        second.stop()
    assert site.count("/2024.html") >= 2, "the new worker fetched the report again"
    [msg] = smtp.messages()
    assert msg["Subject"] == "targetwatch：全国 2024年政府工作报告"
    assert len(service.archive.documents(region="national", year=2024)) == 1
    [d] = service.archive.deliveries()
    assert (d.status, d.message_id) == ("sent", msg["Message-ID"])


def test_worker_killed_while_connecting_to_smtp_a_new_worker_sends_exactly_once(service: Service,
                                                                                 smtp: SmtpSink) -> None:
    from targetwatch.worker.steps import build_digests

    import_samples(service.archive, "national-2023")
    service.archive.subscribe("analyst@example.org", ["national"])
    service.archive.subscribe("desk@example.org", ["national"])
    import_samples(service.archive, "national-2024")
    assert len(build_digests(service.archive)) == 2
    smtp.hold_ehlo.set()
    first = service.worker("w1")
    try:
        service.app.send_task("targetwatch.send_due")
        assert smtp.ehlo_seen.wait(30), "the worker never reached the SMTP server"
        first.kill()
    finally:
        first.stop()
    smtp.hold_ehlo.clear()
    smtp.release.set()
    assert [d.status for d in service.archive.deliveries()] == ["pending", "pending"]
    second = service.worker("w2")
    try:
        _settled(service, smtp, 2)
    finally:
        second.stop()
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["analyst@example.org", "desk@example.org"]
    assert len({m["Message-ID"] for m in smtp.messages()}) == 2


def test_only_one_beat_schedules_and_another_takes_over(service: Service, redis_server: RedisServer) -> None:
    import os
    import signal
    import subprocess

    from tests.worker.conftest import TARGETWATCH

    logs = [service.tmp / "beat1.log", service.tmp / "beat2.log"]
    procs = []
    for log in logs:
        fh = open(log, "wb")  # noqa: SIM115 - closed below
        procs.append((subprocess.Popen(TARGETWATCH + ["beat", "--loglevel", "info"], env=service.env, stdout=fh,
                                       stderr=subprocess.STDOUT, start_new_session=True), fh))

    def holders() -> list[int]:
        return [i for i, log in enumerate(logs) if b"Acquired lock" in log.read_bytes()]

    try:
        wait_until(lambda: len(holders()) >= 1, 30, "one beat to take the lock")
        time.sleep(2)
        [leader] = holders()
        keys = {k.decode() for k in redis_server.client().scan_iter(match=f"{service.prefix}redbeat:*")}
        assert f"{service.prefix}redbeat:check-national-daily" in keys
        assert f"{service.prefix}redbeat:digest-weekly" in keys
        proc, _ = procs[leader]
        os.killpg(proc.pid, signal.SIGKILL)  # a crash: the lock is not released, it expires
        proc.wait(15)
        wait_until(lambda: len(holders()) == 2, 30, "the other beat to take over")
        assert b"Releasing lock" not in logs[leader].read_bytes()
    finally:
        for proc, fh in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
            fh.close()


def test_two_workers_on_one_host_have_different_node_names(service: Service) -> None:
    a, b = service.worker("a"), service.worker("b")
    try:
        wait_until(lambda: len(service.app.control.ping(timeout=1.0)) >= 2, 20, "both workers answering ping")
        names = sorted(name for reply in service.app.control.ping(timeout=1.0) for name in reply)
        assert len(names) == 2 and names[0] != names[1]
        assert all(n.startswith("targetwatch-") for n in names), names
    finally:
        a.stop()
        b.stop()
