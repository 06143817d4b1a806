"""Subscriptions and the delivery outbox: idempotent enqueueing, exclusive claims, retries with backoff."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from targetwatch.archive import Archive, NotFound
from targetwatch.archive.outbox import DIGEST_CHUNK, MAX_ATTEMPTS, backoff
from targetwatch.archive.records import DigestItem
from tests.archive.conftest import report_bytes, sheet_parser

T0 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def test_subscribe_normalizes_and_updates_in_place(archive: Archive) -> None:
    a = archive.subscribe("  Reader@Example.ORG ", ["beijing", "national", "beijing"], now=T0)
    assert (a.email, a.regions, a.cadence, a.active) == ("reader@example.org", ("beijing", "national"),
                                                          "on-new-report", True)
    assert len(a.unsubscribe_token) >= 20 and a.created_at == T0
    b = archive.subscribe("reader@example.org", ["shanghai"], "weekly", now=T0 + timedelta(days=1))
    assert (b.id, b.unsubscribe_token, b.regions, b.cadence) == (a.id, a.unsubscribe_token, ("shanghai",), "weekly")
    assert b.created_at == T0 and b.updated_at == T0 + timedelta(days=1)


@pytest.mark.parametrize(("email", "regions", "cadence", "match"), [
    ("not-an-address", ["beijing"], "weekly", "email"),
    ("a@example.org", [], "weekly", "region"),
    ("a@example.org", ["beijing"], "daily", "cadence"),
])
def test_bad_subscriptions_are_refused(archive: Archive, email, regions, cadence, match) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=match):
        archive.subscribe(email, regions, cadence)


def test_unsubscribe_by_address_or_token_keeps_the_row(archive: Archive) -> None:
    a = archive.subscribe("a@example.org", ["beijing"])
    b = archive.subscribe("b@example.org", ["*"], "weekly")
    assert archive.unsubscribe("A@example.org").active is False
    assert archive.unsubscribe(b.unsubscribe_token).active is False
    assert archive.unsubscribe("nobody@example.org") is None
    assert archive.subscriptions() == []
    assert [s.email for s in archive.subscriptions(active=None)] == ["a@example.org", "b@example.org"]
    again = archive.subscribe("a@example.org", ["beijing"])
    assert again.active and again.unsubscribe_token == a.unsubscribe_token


def test_listing_by_region_and_cadence(archive: Archive) -> None:
    archive.subscribe("a@example.org", ["beijing"])
    archive.subscribe("b@example.org", ["*"], "weekly")
    archive.subscribe("c@example.org", ["shanghai"], "weekly")
    assert [s.email for s in archive.subscriptions(region="beijing")] == ["a@example.org", "b@example.org"]
    assert [s.email for s in archive.subscriptions(cadence="weekly")] == ["b@example.org", "c@example.org"]


def test_watermark_starts_at_the_newest_document_and_only_moves_forward(archive: Archive) -> None:
    archive.add_document(report_bytes("beijing", 2024), region="beijing", year=2024, parser=sheet_parser())
    sub = archive.subscribe("a@example.org", ["beijing"])
    assert sub.last_document_id == archive.max_document_id()
    new = archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025, parser=sheet_parser())
    assert [d.id for d in archive.documents(since_id=sub.last_document_id)] == [new.document.id]
    archive.advance_watermark(sub.id, new.document.id, at=T0)
    archive.advance_watermark(sub.id, 1, at=T0)
    after = archive.subscription("a@example.org")
    assert after.last_document_id == new.document.id and after.last_digest_at == T0
    with pytest.raises(NotFound):
        archive.advance_watermark(9999, 1)


def test_enqueue_is_idempotent_and_the_first_payload_wins(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    d1, created1 = archive.enqueue_delivery(sub.id, "new-report:beijing:2025", payload={"rows": 1}, now=T0)
    d2, created2 = archive.enqueue_delivery(sub.id, "new-report:beijing:2025", payload={"rows": 2}, now=T0)
    assert created1 and not created2 and d1.id == d2.id
    assert d2.payload == {"rows": 1} and d2.status == "pending" and d2.email == "a@example.org"
    other = archive.subscribe("b@example.org", ["beijing"])
    d3, created3 = archive.enqueue_delivery(other.id, "new-report:beijing:2025", now=T0)
    assert created3 and d3.payload == {"rows": 1}
    assert len(archive.deliveries(digest_key="new-report:beijing:2025")) == 2
    with pytest.raises(NotFound):
        archive.enqueue_delivery(9999, "k")


def test_claim_send_and_never_twice(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    for key in ("k1", "k2", "k3"):
        archive.enqueue_delivery(sub.id, key, now=T0)
    archive.enqueue_delivery(sub.id, "later", not_before=T0 + timedelta(hours=1), now=T0)
    first = archive.claim_due_deliveries(2, now=T0)
    assert [d.digest_key for d in first] == ["k1", "k2"]
    assert all(d.status == "sending" and d.attempts == 1 and d.message_id for d in first)
    second = archive.claim_due_deliveries(10, now=T0)
    assert [d.digest_key for d in second] == ["k3"]  # claimed rows and future rows are not due
    assert archive.claim_due_deliveries(10, now=T0) == []
    sent = archive.mark_sent(first[0].id, now=T0)
    assert sent.status == "sent" and sent.sent_at == T0 and sent.message_id == first[0].message_id
    assert archive.mark_sent(first[0].id, message_id="<other>", now=T0 + timedelta(1)).sent_at == T0
    assert archive.mark_failed(first[0].id, "late error", now=T0).status == "sent"  # sent stays sent
    later = archive.claim_due_deliveries(10, now=T0 + timedelta(hours=1), lease=timedelta(hours=2))
    assert [d.digest_key for d in later] == ["later"]


def test_failures_back_off_then_give_up(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    archive.enqueue_delivery(sub.id, "k", now=T0)
    now = T0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        [d] = archive.claim_due_deliveries(now=now)
        assert d.attempts == attempt
        failed = archive.mark_failed(d.id, f"SMTP 451 try {attempt}", now=now)
        assert failed.last_error == f"SMTP 451 try {attempt}"
        if attempt < MAX_ATTEMPTS:
            assert failed.status == "pending" and failed.next_attempt_at == now + backoff(attempt)
            assert archive.claim_due_deliveries(now=now + backoff(attempt) - timedelta(seconds=1)) == []
            now += backoff(attempt)
        else:
            assert failed.status == "failed"
    assert archive.claim_due_deliveries(now=now + timedelta(days=30)) == []
    assert backoff(1) == timedelta(minutes=1) and backoff(3) == timedelta(minutes=4)
    assert backoff(30) == timedelta(hours=6)


def test_a_permanent_failure_is_final(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    archive.enqueue_delivery(sub.id, "k", now=T0)
    [d] = archive.claim_due_deliveries(now=T0)
    assert archive.mark_failed(d.id, "550 no such user", permanent=True, now=T0).status == "failed"
    assert archive.claim_due_deliveries(now=T0 + timedelta(days=1)) == []


def test_an_abandoned_claim_is_taken_again_after_the_lease_with_the_same_message_id(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    archive.enqueue_delivery(sub.id, "k", now=T0)
    [d] = archive.claim_due_deliveries(now=T0, lease=timedelta(minutes=10))
    assert archive.claim_due_deliveries(now=T0 + timedelta(minutes=9), lease=timedelta(minutes=10)) == []
    [again] = archive.claim_due_deliveries(now=T0 + timedelta(minutes=11), lease=timedelta(minutes=10))
    assert again.id == d.id and again.attempts == 2 and again.message_id == d.message_id


def test_deliveries_to_someone_who_unsubscribed_are_not_sent(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    archive.enqueue_delivery(sub.id, "k", now=T0)
    archive.unsubscribe("a@example.org")
    assert archive.claim_due_deliveries(now=T0) == []
    [d] = archive.deliveries()
    assert d.status == "failed" and "unsubscribed" in d.last_error


def test_unknown_deliveries(archive: Archive) -> None:
    with pytest.raises(NotFound):
        archive.mark_sent(12345)
    with pytest.raises(NotFound):
        archive.mark_failed(12345, "x")


def test_record_sent_is_mark_sent_in_one_statement(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    archive.enqueue_delivery(sub.id, "k", now=T0)
    [d] = archive.claim_due_deliveries(now=T0)
    assert archive.record_sent(d.id, message_id="<m1@x>", now=T0) is True
    assert archive.record_sent(d.id, message_id="<m2@x>", now=T0 + timedelta(1)) is False  # already sent
    [after] = archive.deliveries()
    assert (after.status, after.message_id, after.sent_at, after.claimed_at) == ("sent", "<m1@x>", T0, None)
    assert archive.record_sent(12345) is False


def _claimed(archive: Archive, n: int) -> list:  # noqa: ANN001
    for i in range(n):
        sub = archive.subscribe(f"r{i}@example.org", ["beijing"])
        archive.enqueue_delivery(sub.id, f"k{i}", now=T0)
    return archive.claim_due_deliveries(n, now=T0)


def _checkouts(archive: Archive) -> list[object]:
    """The DBAPI connection of every pool checkout from now on."""
    from sqlalchemy import event

    seen: list[object] = []
    event.listen(archive.engine.pool, "checkout", lambda dbapi_conn, _rec, _proxy: seen.append(dbapi_conn))
    return seen


def test_a_sent_recorder_records_each_message_on_one_kept_connection(archive: Archive) -> None:
    batch = _claimed(archive, 3)
    seen = _checkouts(archive)
    with archive.sent_recorder() as recorder:
        assert [recorder.record(d.id, now=T0) for d in batch] == [True, True, True]
        assert recorder.record(batch[0].id, now=T0) is False  # a repeat changes nothing
        assert {d.status for d in archive.deliveries()} == {"sent"}, "each record is committed when it returns"
    assert len([c for c in seen if c is seen[0]]) == 1, "the records shared one checkout"


@pytest.mark.postgres
@pytest.mark.parametrize("archive_url", ["postgresql"], indirect=True)  # a server-side disconnect: PostgreSQL's
def test_a_sent_recorder_reconnects_once_when_postgresql_dropped_its_connection(archive: Archive) -> None:
    assert archive.backend == "postgresql"
    from sqlalchemy import create_engine, text

    batch = _claimed(archive, 2)
    seen = _checkouts(archive)
    admin = create_engine(archive.engine.url, isolation_level="AUTOCOMMIT")
    try:
        with archive.sent_recorder() as recorder:
            assert recorder.record(batch[0].id, now=T0) is True
            kept = seen[-1]
            with admin.connect() as conn:  # what a PostgreSQL restart does to a held connection
                assert conn.execute(text("SELECT pg_terminate_backend(:pid)"),
                                    {"pid": kept.info.backend_pid}).scalar() is True
            assert recorder.record(batch[1].id, now=T0) is True
            assert seen[-1] is not kept, "it went on on a new connection"
    finally:
        admin.dispose()
    assert [d.status for d in archive.deliveries()] == ["sent", "sent"]


def test_enqueue_digests_queues_once_and_moves_each_watermark(archive: Archive) -> None:
    subs = [archive.subscribe(f"r{i}@example.org", ["*"]) for i in range(DIGEST_CHUNK + 3)]  # two chunks
    items = [DigestItem(s.id, f"digest:{s.id}:after-document:0", {"upto": 7, "n": s.id}) for s in subs]
    first = archive.enqueue_digests(items, now=T0)
    assert all(q.created for q in first) and len({q.delivery_id for q in first}) == len(subs)
    assert [q.subscription_id for q in first] == [s.id for s in subs]
    again = archive.enqueue_digests([DigestItem(i.subscription_id, i.key, {"upto": 9}) for i in items],
                                    now=T0 + timedelta(1))
    assert not any(q.created for q in again)
    assert [q.delivery_id for q in again] == [q.delivery_id for q in first]
    assert again[0].payload == {"upto": 7, "n": subs[0].id}  # the first writer's payload is kept
    assert len(archive.deliveries()) == len(subs)
    after = archive.subscription("r0@example.org")
    assert after.last_document_id == 7 and after.last_digest_at == T0 + timedelta(1)


def test_enqueue_digests_refuses_bad_keys_and_unknown_subscribers_whole(archive: Archive) -> None:
    sub = archive.subscribe("a@example.org", ["beijing"])
    with pytest.raises(ValueError, match="digest key"):
        archive.enqueue_digests([DigestItem(sub.id, "", {"upto": 1})])
    with pytest.raises(NotFound):
        archive.enqueue_digests([DigestItem(sub.id, "k", {"upto": 1}), DigestItem(9999, "k", {"upto": 1})])
    assert archive.deliveries() == []  # nothing of the failed chunk was kept
