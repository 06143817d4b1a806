"""Sending the outbox: every delivery row mailed once, retried when it fails, never twice.

The order of a sending run, and why:

1. Open the mail connection (connect, EHLO, STARTTLS, login). Those are the slow and
   fragile steps; a crash or a refusal here happens before any row is touched.
2. Claim a small batch of due rows (archive.claim_due_deliveries; `claim_batch`, default
   20): they become `sending` under one claim timestamp, in the order the archive hands
   them out (next_attempt_at, id), and no other sender can take them.
3. For each row, in that order: render it, build the message with the Message-ID derived
   from the delivery (the same on every attempt), hand it to the server, and on the 250
   mark it `sent` before the next row is handed over (the record is written while the next
   row is rendered and transmitted, and that row's final "." waits for it: recording.py);
   4xx or a dropped connection:
   failed-for-now (pending again after the archive's backoff); 5xx: failed for good.
   A row that cannot be rendered goes back to pending; if the run stops early (the server
   goes away, a time limit, Ctrl-C), the rows of the batch not yet started are put back.

The remaining window is one message per sender: between handing a message to the server
and committing its "sent" record. A sender killed there leaves its batch in `sending`. Because
each row is recorded before the next is handed over, the batch tells what happened: its first row
still `sending` (in claim order) is the one that was in flight and may have been
delivered; every later one was certainly not started. Once the lease has passed (no live
sender holds a batch that long: every SMTP step has a timeout far below it) the rows are
resolved conservatively:

- the rows after the first: pending again, sent normally by the next run;
- the first, over SMTP: sent again, with the Message-ID it was first sent with (the one
  stored at claim time is the one on the wire). Either the server never had it (a sender
  killed during DATA usually dies before the final ".") and this is the only copy, or the
  recipient gets a second copy with the same Message-ID, which mail servers, archives and
  clients can recognise and drop. Losing a digest is worse than a recognisable duplicate.
  The row's note starts with "uncertain:" and names that Message-ID, so `targetwatch digest
  --status` and `targetwatch status` count these resends;
- the first, with the .eml outbox: written again, because the file name is fixed per
  delivery, so the rewrite replaces the file and nothing can be duplicated.

Claims here never use the archive's own re-claim of expired `sending` rows (the lease given
to it is effectively infinite), so the rules above are the only ones that apply.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from targetwatch.archive.models import utcnow
from targetwatch.archive.outbox import backoff
from targetwatch.archive.records import DeliveryInfo
from targetwatch.templates.digest import PLACEHOLDERS, DigestRenderer
from targetwatch.worker.mail.recording import RecordAhead
from targetwatch.worker.mail.message import (Outgoing, PreparedBodies, assemble, build, delivery_message_id,
                                             sender_domain)
from targetwatch.worker.mail.transport import (EmlTransport, PermanentFailure, SmtpTransport, TransientFailure,
                                   TransportUnavailable)

NO_RECLAIM = timedelta(days=3650)
UNCERTAIN = "uncertain"
CLAIM_BATCH = 20
NEVER_GIVE_UP = 10**6


@dataclass
class SendReport:
    sent: list[tuple[DeliveryInfo, str]] = field(default_factory=list)  # (delivery, where it went)
    retrying: list[tuple[DeliveryInfo, str]] = field(default_factory=list)
    failed: list[tuple[DeliveryInfo, str]] = field(default_factory=list)
    abandoned: list[DeliveryInfo] = field(default_factory=list)  # found `sending` past the lease
    stopped: str | None = None  # why the run stopped early (mail server unusable)
    more: bool = False  # stopped at its time budget with rows possibly still due


def file_name(d: DeliveryInfo) -> str:
    """The .eml name of a delivery: fixed per delivery, readable in a folder listing."""
    return f"digest-{d.id:06d}-{d.email}"


def compose(d: DeliveryInfo, renderer: DigestRenderer, mail_from: str, *, now: datetime | None = None,
            unsubscribe_url: str | None = None, eight_bit: bool = False,
            bodies: PreparedBodies | None = None) -> Outgoing:
    """One subscriber's message. With `bodies` (a sending run's cache), the two parts of each
    distinct digest are encoded once and each copy is a bytes replace of the subscriber's
    address and token; without, or when that cannot be done safely, it is built whole."""
    envelope = renderer.envelope(d.payload or {})
    # The Message-ID stored at claim time is the one sent, so the outbox, the "uncertain" note
    # and the mail server's log all name the same ID; the fallback is for previews only.
    mid = d.message_id or delivery_message_id(d.subscription_id, d.digest_key, sender_domain(mail_from))
    head = {"subject": envelope.subject, "sender": mail_from, "recipient": d.email, "message_id": mid, "date": now,
            "unsubscribe_token": d.unsubscribe_token, "unsubscribe_url": unsubscribe_url,
            "extra": {"X-Targetwatch-Digest": d.digest_key}}
    if bodies is not None and eight_bit:
        text_part, html_part = bodies.get(envelope.key, envelope.text, envelope.html, eight_bit, PLACEHOLDERS)
        text_values, html_values = envelope.values(d.email, d.unsubscribe_token)
        text, html = text_part.fill(text_values), html_part.fill(html_values)
        if text is not None and html is not None:
            return assemble(parts=[(text, True), (html, True)], **head)
    _, text_s, html_s = envelope.fill(d.email, d.unsubscribe_token)
    return build(text=text_s, html=html_s, eight_bit=eight_bit, **head)


def _due_now(archive: Any, d: DeliveryInfo, why: str, now: datetime) -> DeliveryInfo:
    """Back to pending, due at once (mark_failed schedules backoff(attempts) after its `now`)."""
    return archive.mark_failed(d.id, why, max_attempts=NEVER_GIVE_UP, now=now - backoff(max(d.attempts, 1)))


def resolve_abandoned(archive: Any, *, lease: timedelta, idempotent: bool, now: datetime | None = None
                      ) -> list[DeliveryInfo]:
    """Rows a dead sender left in `sending` for longer than `lease` (see the module docstring)."""
    now = now or utcnow()
    batches: dict[Any, list[DeliveryInfo]] = defaultdict(list)
    for d in archive.deliveries(status="sending"):
        if d.claimed_at is not None and d.claimed_at <= now - lease:
            batches[d.claimed_at].append(d)
    out = []
    for rows in batches.values():
        rows.sort(key=lambda d: (d.next_attempt_at, d.id))  # the order they were claimed and sent in
        in_flight, untouched = rows[0], rows[1:]
        for d in untouched:
            _due_now(archive, d, "put back: its sender stopped before starting it", now)
        if idempotent:
            _due_now(archive, in_flight, "abandoned by a sender that stopped; written again (idempotent outbox)", now)
        else:
            _due_now(archive, in_flight, f"{UNCERTAIN}: the sender stopped while handing message "
                     f"{in_flight.message_id or '(no Message-ID)'} to the mail server, before recording the "
                     "result; resent with the same Message-ID (a recipient who got the first copy sees "
                     "a duplicate with that Message-ID)", now)
        out += rows
    return out


def requeue(archive: Any, delivery_id: int, *, now: datetime | None = None) -> DeliveryInfo:
    """Make a failed (or uncertain) delivery due again now; a sent or pending one is left alone."""
    found = [x for x in archive.deliveries(status="failed") if x.id == delivery_id]
    if not found:
        others = [x for x in archive.deliveries() if x.id == delivery_id]
        if not others:
            raise LookupError(f"no delivery {delivery_id}")
        return others[0]
    d = found[0]
    return _due_now(archive, d, f"requeued by hand after: {d.last_error or d.status}", now or utcnow())


def send_due(archive: Any, transport: SmtpTransport | EmlTransport, mail_from: str, *, lease: timedelta,
             max_attempts: int = 8, unsubscribe_url: str | None = None, limit: int | None = None,
             claim_batch: int = CLAIM_BATCH, renderer: DigestRenderer | None = None,
             now: Callable[[], datetime] = utcnow, budget: float | None = None) -> SendReport:
    """Send what is due until nothing is due, `limit` rows were tried, the mail server
    becomes unusable (then the rest waits for the next run), or `budget` seconds have
    passed (`more` is then set).

    The budget is checked between batches only, so that a task time limit, which can
    strike anywhere, is not what ends a long run: the worker stops cleanly well before it
    and queues the rest as a new task.
    """
    deadline = None if budget is None else time.monotonic() + budget
    report = SendReport()
    report.abandoned = resolve_abandoned(archive, lease=lease, idempotent=transport.idempotent, now=now())
    renderer = renderer or DigestRenderer(archive, unsubscribe_url)
    bodies = PreparedBodies()
    envelope_from = parseaddr(mail_from)[1] or "targetwatch@localhost"
    domain = sender_domain(mail_from)
    tried = 0
    records = RecordAhead(archive.sent_recorder())  # one kept connection, one thread, for the "sent" records
    try:
        while limit is None or tried < limit:
            if deadline is not None and time.monotonic() > deadline:
                report.more = True
                break
            try:
                transport.connect()
            except TransportUnavailable as exc:
                report.stopped = str(exc)
                break
            size = claim_batch if limit is None else min(claim_batch, limit - tried)
            records.settle()
            batch = archive.claim_due_deliveries(size, lease=NO_RECLAIM, message_id_domain=domain, now=now())
            if not batch:
                break
            tried += len(batch)
            done = 0
            try:
                for d in batch:
                    _send_one(archive, records, transport, d, renderer, mail_from, envelope_from, max_attempts,
                              unsubscribe_url, now, report, bodies)
                    done += 1
                    if report.stopped:
                        break
            finally:
                # Rows of the batch never started go back now rather than after the lease. The
                # row in hand when an exception struck stays `sending` (it may have been sent).
                records.settle()
                skip = done + (0 if report.stopped else 1)
                for d in batch[skip:]:
                    _due_now(archive, d, "put back unsent: the sending run stopped early", now())
            if report.stopped:
                break
    finally:
        try:
            records.close()
        finally:
            transport.close()
    return report


def _send_one(archive: Any, records: RecordAhead, transport: SmtpTransport | EmlTransport, d: DeliveryInfo,
              renderer: DigestRenderer, mail_from: str, envelope_from: str, max_attempts: int,
              unsubscribe_url: str | None, now: Callable[[], datetime], report: SendReport,
              bodies: PreparedBodies | None = None) -> None:
    """One row: composed while the previous row's record is written, handed over once it is
    committed (`before_handover`), then its own record started. Every other write of the row
    settles that record first, so the archive sees the rows finished in claim order."""
    try:
        message = compose(d, renderer, mail_from, now=now(), unsubscribe_url=unsubscribe_url,
                          eight_bit=transport.eight_bit, bodies=bodies)
    except BaseException as exc:
        # Nothing was handed over yet, so the row can safely go back: a rendering bug, or a
        # time limit / Ctrl-C arriving here, must not strand it in `sending`.
        error = f"could not be rendered: {type(exc).__name__}: {exc}"
        records.settle()
        report.retrying.append((archive.mark_failed(d.id, error, max_attempts=max_attempts), error))
        if not isinstance(exc, Exception):
            raise
        return
    try:
        where = transport.send(message, envelope_from, d.email, name=file_name(d), before_handover=records.settle)
    except PermanentFailure as exc:
        records.settle()
        report.failed.append((archive.mark_failed(d.id, f"refused: {exc}", permanent=True), str(exc)))
        return
    except TransientFailure as exc:
        records.settle()
        info = archive.mark_failed(d.id, str(exc), max_attempts=max_attempts)
        (report.failed if info.status == "failed" else report.retrying).append((info, str(exc)))
        return
    except TransportUnavailable as exc:
        records.settle()
        report.retrying.append((_due_now(archive, d, str(exc), now()), str(exc)))
        report.stopped = str(exc)
        return
    # Anything else raised by send() (Ctrl-C, a time limit, the previous record failing) leaves
    # the row `sending`: the server may have taken the message, so the lease rule above decides.
    at = now()
    records.submit(d.id, message.message_id, at)
    report.sent.append((replace(d, status="sent", message_id=message.message_id, sent_at=at, claimed_at=None),
                        where))
