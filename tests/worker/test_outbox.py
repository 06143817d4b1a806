"""Exactly-once delivery against a real SMTP server that fails on command.

Every test drives the real sender (worker.mail.outbox.send_due) and the real archive; time
is moved forward by passing `now`, never by patching.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from targetwatch.archive.models import utcnow
from tests.worker.conftest import SmtpSink, cli_env, import_samples, run_cli, run_in_process
from targetwatch.templates.digest import DigestRenderer
from targetwatch.worker.mail.outbox import UNCERTAIN, compose, file_name, requeue, send_due
from targetwatch.worker.mail.transport import EmlTransport, SmtpTransport
from targetwatch.worker.steps import build_digests

LEASE = timedelta(minutes=15)
FROM = "targetwatch <digest@example.org>"


def _send(archive, smtp: SmtpSink, at=None, **kw):  # noqa: ANN001, ANN003, ANN202
    clock = (lambda: at) if at is not None else utcnow
    return send_due(archive, SmtpTransport(smtp.url, timeout=10), FROM, lease=LEASE, now=clock, **kw)


def _one_digest(archive) -> None:  # noqa: ANN001
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2024", "national-2025")
    assert len(build_digests(archive)) == 1


def test_a_4xx_is_retried_after_backoff_and_delivered_once(archive, smtp: SmtpSink) -> None:
    _one_digest(archive)
    smtp.data_replies.append("451 4.3.0 try again later")
    first = _send(archive, smtp)
    assert [d.status for d, _ in first.retrying] == ["pending"] and not smtp.received
    assert not _send(archive, smtp).sent, "not due before its backoff has passed"
    later = _send(archive, smtp, at=utcnow() + timedelta(minutes=2))
    assert len(later.sent) == 1 and len(smtp.received) == 1
    [d] = archive.deliveries()
    assert (d.status, d.attempts) == ("sent", 2)
    assert not _send(archive, smtp, at=utcnow() + timedelta(days=1)).sent
    assert len(smtp.received) == 1


def test_a_dropped_connection_is_retried_with_the_same_message_id(archive, smtp: SmtpSink) -> None:
    _one_digest(archive)
    smtp.drops = 1
    first = _send(archive, smtp)
    assert len(first.retrying) == 1 and not smtp.received
    _send(archive, smtp, at=utcnow() + timedelta(minutes=2))
    [msg] = smtp.messages()
    [d] = archive.deliveries()
    assert d.status == "sent" and msg["Message-ID"] == d.message_id


def test_a_5xx_for_the_recipient_fails_for_good(archive, smtp: SmtpSink) -> None:
    _one_digest(archive)
    smtp.rcpt_replies.append("550 5.1.1 no such mailbox")
    report = _send(archive, smtp)
    assert len(report.failed) == 1 and "550" in report.failed[0][1]
    assert not _send(archive, smtp, at=utcnow() + timedelta(days=2)).sent
    assert not smtp.received
    [d] = archive.deliveries()
    assert d.status == "failed" and "550" in (d.last_error or "")


def test_a_server_that_is_down_leaves_the_rows_queued_with_attempts_intact(archive, smtp: SmtpSink) -> None:
    _one_digest(archive)
    report = send_due(archive, SmtpTransport("smtp://127.0.0.1:1", timeout=2), FROM, lease=LEASE)
    assert report.stopped and "cannot reach" in report.stopped
    [d] = archive.deliveries()
    assert (d.status, d.attempts) == ("pending", 0)
    assert len(_send(archive, smtp).sent) == 1


def test_a_row_left_sending_by_a_dead_smtp_sender_is_resent_with_the_same_message_id(archive, smtp: SmtpSink) -> None:
    """The one window SMTP leaves open: a sender killed between DATA and mark_sent."""
    _one_digest(archive)
    [claimed] = archive.claim_due_deliveries(1)  # what a sender does just before SMTP ... then it dies
    assert claimed.message_id.startswith(f"<tw.{claimed.id}.{archive.install_id()}@")
    assert not _send(archive, smtp).sent, "a live sender may still hold it: nothing happens within the lease"
    report = _send(archive, smtp, at=utcnow() + LEASE + timedelta(seconds=1))
    assert [d.id for d in report.abandoned] == [claimed.id]
    [d] = archive.deliveries()
    assert d.status == "sent" and d.last_error.startswith(UNCERTAIN), "resent, and the note stays for status"
    assert claimed.message_id in d.last_error, "the note names the Message-ID that went on the wire"
    [msg] = smtp.messages()
    assert msg["Message-ID"] == claimed.message_id == d.message_id


def test_message_ids_differ_between_installs(tmp_path: Path) -> None:
    from targetwatch.archive import Archive

    ids = []
    for name in ("one", "two"):
        with Archive(f"sqlite:///{tmp_path / name}.sqlite3") as arc:
            _one_digest(arc)
            [d] = arc.claim_due_deliveries(1)
            assert d.id == 1
            ids.append(d.message_id)
    assert ids[0] != ids[1]
    with Archive(f"sqlite:///{tmp_path / 'one'}.sqlite3") as arc:
        assert arc.deliveries()[0].message_id == ids[0], "stored, not drawn again on open"


def test_a_dead_senders_batch_only_its_first_unfinished_row_is_uncertain(archive, smtp: SmtpSink) -> None:
    """Rows are finished one by one in claim order, so only the first still `sending` was in flight."""
    for name in ("a", "b", "c", "d"):
        archive.subscribe(f"{name}@example.org", ["national"])
    import_samples(archive, "national-2024", "national-2025")
    assert len(build_digests(archive)) == 4
    batch = archive.claim_due_deliveries(3)  # the dead sender's batch ...
    archive.mark_sent(batch[0].id)  # ... of which it finished the first
    report = _send(archive, smtp, at=utcnow() + LEASE + timedelta(seconds=1))
    assert [d.id for d in report.abandoned] == [batch[1].id, batch[2].id]
    rows = {d.id: d for d in archive.deliveries()}
    assert rows[batch[1].id].status == "sent" and rows[batch[1].id].last_error.startswith(UNCERTAIN)
    assert rows[batch[2].id].status == "sent", "a row after the one in flight was never started: sent now"
    assert not (rows[batch[2].id].last_error or "").startswith(UNCERTAIN)
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(
        d.email for d in archive.deliveries() if d.id != batch[0].id)


def test_a_row_left_sending_is_rewritten_by_the_idempotent_eml_outbox(archive, tmp_path: Path) -> None:
    _one_digest(archive)
    transport = EmlTransport(tmp_path / "outbox")
    first = send_due(archive, transport, FROM, lease=LEASE)
    assert len(first.sent) == 1
    [claimed] = archive.deliveries(status="sent")
    # a second subscriber's delivery, abandoned in `sending` by a sender that died
    archive.subscribe("second@example.org", ["national"])
    archive.enqueue_delivery(archive.subscription("second@example.org").id, "manual:1",
                             payload={"reports": [{"region": "national", "year": 2025, "document_id": 2}]})
    [held] = archive.claim_due_deliveries(1)
    # the dead sender got as far as writing the file
    transport.send(compose(held, DigestRenderer(archive), FROM), "digest@example.org", held.email,
                   name=file_name(held))
    later = send_due(archive, transport, FROM, lease=LEASE, now=lambda: utcnow() + LEASE + timedelta(minutes=1))
    assert [d.id for d in later.abandoned] == [held.id] and [d.id for d, _ in later.sent] == [held.id]
    files = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert files == [f"digest-{claimed.id:06d}-analyst@example.org.eml", f"digest-{held.id:06d}-second@example.org.eml"]


def test_unsubscribed_before_sending_is_not_sent(archive, smtp: SmtpSink) -> None:
    _one_digest(archive)
    archive.unsubscribe("analyst@example.org")
    assert not _send(archive, smtp).sent and not smtp.received
    [d] = archive.deliveries()
    assert d.status == "failed"


def test_a_claim_skips_unsubscribed_rows_and_still_fills_its_batch(archive) -> None:
    """The claim reads only the rows it hands out (not every pending row), yet an unsubscribed
    reader's row at the front of the queue is failed, never handed out, and the batch is filled
    from the rows behind it, in the outbox's order."""
    import_samples(archive, "national-2024")
    subs = [archive.subscribe(f"r{i}@example.org", ["national"]) for i in range(5)]
    import_samples(archive, "national-2025")
    assert len(build_digests(archive)) == 5
    archive.unsubscribe("r0@example.org")
    archive.unsubscribe("r2@example.org")
    batch = archive.claim_due_deliveries(2, lease=LEASE)
    assert [d.email for d in batch] == ["r1@example.org", "r3@example.org"]
    failed = {d.email: d.last_error for d in archive.deliveries(status="failed")}
    assert failed == {"r0@example.org": "unsubscribed before it was sent",
                      "r2@example.org": "unsubscribed before it was sent"}
    assert [d.email for d in archive.deliveries(status="pending")] == ["r4@example.org"]
    assert [d.email for d in archive.claim_due_deliveries(5, lease=LEASE)] == ["r4@example.org"]
    assert archive.claim_due_deliveries(5, lease=LEASE) == [] and len(subs) == 5


def test_a_builder_that_planned_from_an_old_watermark_finds_the_same_row(archive) -> None:
    """Two builders racing (or one that read the watermark before another committed) queue one row."""
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2024")
    first = build_digests(archive)
    sub = archive.subscription("analyst@example.org")
    # put the watermark back to what a racing builder read before the first one committed
    from sqlalchemy import update

    from targetwatch.archive.models import Subscription
    with archive._write() as s:
        s.execute(update(Subscription).where(Subscription.id == sub.id).values(last_document_id=0))
    import_samples(archive, "national-2025")  # something new arrived meanwhile
    again = build_digests(archive)
    assert again[0].delivery_id == first[0].delivery_id and not again[0].created
    assert again[0].payload == first[0].payload, "the first writer's payload is kept"
    assert archive.subscription("analyst@example.org").last_document_id == first[0].payload["upto"]
    third = build_digests(archive)  # the 2025 report gets a digest of its own, once
    assert len(third) == 1 and third[0].created
    assert [r["year"] for r in third[0].payload["reports"]] == [2025]
    assert build_digests(archive) == []


def test_digest_send_twice_sends_once(tmp_path: Path, smtp: SmtpSink) -> None:
    env = cli_env(tmp_path / "home", TARGETWATCH_SMTP_URL=smtp.url, TARGETWATCH_MAIL_FROM=FROM)
    assert run_cli(["subscribe", "analyst@example.org", "--region", "national", "--region", "北京"], env).returncode == 0
    assert run_cli(["run", "--from-folder", str(Path(__file__).resolve().parents[2] / "worker" / "samples"),
                    "--no-discover", "--no-send"], env).returncode == 0
    preview = run_cli(["digest"], env)
    assert preview.returncode == 0, preview.stderr
    # `run` queued the digest (without sending): the preview shows it as queued
    assert "analyst@example.org: targetwatch：全国、北京5份新政府工作报告 (queued" in preview.stdout
    assert "nothing was sent" in preview.stdout and not smtp.received
    first = run_cli(["digest", "--send"], env)
    assert first.returncode == 0, first.stderr
    assert "sent 1" in first.stdout and len(smtp.received) == 1
    second = run_cli(["digest", "--send"], env)
    assert second.returncode == 0, second.stderr
    assert "sent 0" in second.stdout and "nothing new" in second.stdout
    assert len(smtp.received) == 1
    status = run_cli(["digest", "--status"], env)
    assert status.stdout.startswith("0 pending, 0 sending, 1 sent, 0 failed")


@pytest.mark.parametrize("args, message", [
    (["subscribe", "not-an-email", "--region", "national"], "is not an email address"),
    (["subscribe", "a@example.org", "--region", "atlantis"], "unknown region 'atlantis'"),
    (["subscribe", "a@example.org"], "give at least one --region"),
    (["unsubscribe", "nobody@example.org"], "no subscription for"),
    (["digest", "--requeue", "99"], "no delivery 99"),
])
def test_subscription_commands_fail_in_one_line(args: list[str], message: str, capsys) -> None:  # noqa: ANN001
    result = run_in_process(args, capsys)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_subscribe_list_unsubscribe(capsys) -> None:  # noqa: ANN001
    def cli(*args: str):  # noqa: ANN202
        return run_in_process(list(args), capsys)

    out = cli("subscribe", "Desk@Example.org", "--region", "national,beijing", "--cadence", "weekly")
    assert out.returncode == 0 and out.stdout.startswith("subscribed desk@example.org: beijing, national, weekly")
    token = out.stdout.split("unsubscribe token ")[1].rstrip(")\n")
    listed = cli("subscriptions").stdout
    assert "desk@example.org" in listed and "weekly" in listed and "active" in listed
    assert cli("unsubscribe", token).returncode == 0
    assert "desk@example.org" not in cli("subscriptions").stdout
    assert "unsubscribed" in cli("subscriptions", "--all").stdout


def test_two_builders_at_once_queue_each_digest_once(archive) -> None:  # noqa: ANN001
    import threading

    for i in range(120):
        archive.subscribe(f"r{i:03d}@example.org", ["national"] if i % 2 else ["beijing", "national"])
    import_samples(archive, "national-2024", "beijing-2025")
    results: list = []
    errors: list = []
    start = threading.Barrier(3)

    def build() -> None:
        start.wait()
        try:
            results.append(build_digests(archive))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(archive.deliveries()) == 120
    created = sum(q.created for run in results for q in run)
    assert created == 120, "every digest was created by exactly one builder"
    [national] = archive.documents(region="national")
    [beijing] = archive.documents(region="beijing")
    for s in archive.subscriptions():  # each watermark at the newest report that subscriber wants
        assert s.last_document_id == (beijing.id if "beijing" in s.regions else national.id), s.email
    assert build_digests(archive) == []


def test_an_address_the_server_cannot_take_fails_alone(archive, smtp: SmtpSink) -> None:  # noqa: ANN001
    archive.subscribe("读者@example.org", ["national"])  # valid, but needs SMTPUTF8
    archive.subscribe("reader@example.org", ["national"])
    import_samples(archive, "national-2024")
    build_digests(archive)
    report = _send(archive, smtp)
    assert [d.email for d, _ in report.failed] == ["读者@example.org"]
    assert [d.email for d, _ in report.sent] == ["reader@example.org"]
    assert {d.email: d.status for d in archive.deliveries()} == {"读者@example.org": "failed",
                                                                 "reader@example.org": "sent"}


def test_tokens_never_read_as_an_option(capsys, monkeypatch) -> None:  # noqa: ANN001
    """A token beginning with '-' (token_urlsafe gives one in 32) must still unsubscribe."""
    import secrets

    from targetwatch.archive import subscriptions

    import itertools

    drawn = itertools.cycle(["-starts-with-a-dash-token0000000", "plain-token-000000000000000000000"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n=None: next(drawn))
    assert subscriptions.new_token() == "plain-token-000000000000000000000"
    out = run_in_process(["subscribe", "a@example.org", "--region", "national"], capsys)
    token = out.stdout.split("unsubscribe token ")[1].rstrip(")\n")
    assert not token.startswith("-")
    # tokens stored before this rule may start with '-': the command still takes them
    assert run_in_process(["unsubscribe", "-x-no-such-token"], capsys).stderr.count("No such option") == 0


def test_the_subscriptions_table_lines_up_with_a_chinese_address(capsys) -> None:  # noqa: ANN001
    from targetwatch.templates.tables import width

    assert run_in_process(["subscribe", "张三@例子.中国", "--region", "national"], capsys).returncode == 0
    assert run_in_process(["subscribe", "desk@example.org", "--region", "beijing"], capsys).returncode == 0
    lines = run_in_process(["subscriptions"], capsys).stdout.splitlines()
    rows = [line for line in lines if "on-new-report" in line]
    assert len(rows) == 2
    # the cadence column starts at the same screen column on both rows (a wide character takes two)
    assert len({width(r[:r.index("on-new-report")]) for r in rows}) == 1, lines
