"""Sending the outbox: every delivery row mailed once, retried when it fails, never twice.

The order of one send, and why:

1. Open the mail connection first (connect, EHLO, STARTTLS, login). Those are the slow and
   fragile steps; a crash or a refusal here happens before any row is touched.
2. Claim one due row (archive.claim_due_deliveries): it becomes `sending` under this
   claim's timestamp, and no other sender can take it (row locks / SQLite's write lock).
3. Render it, build the message with the Message-ID derived from the delivery (the same
   on every attempt), and hand it to the server.
4. On the server's 250, mark it `sent` at once; on 4xx or a dropped connection, mark it
   failed-for-now (pending again after the archive's backoff); on 5xx, failed for good.

The remaining window is between the server's 250 and the commit of `mark_sent` (plus the
few milliseconds of step 3 before it): a sender killed there leaves a row in `sending`
that may or may not have been delivered. Such a row is recognised after `lease` (no live
sender holds a row that long: every SMTP step has a timeout far below it) and resolved
conservatively:

- SMTP: it is NOT sent again automatically, because a second copy is a real duplicate in
  someone's inbox. It is marked failed with an "uncertain" note naming its Message-ID;
  `targetwatch digest --status` lists it and `targetwatch digest --requeue ID` sends it
  again once an operator has checked the mail server's log for that Message-ID.
- .eml outbox: resent, because writing the same delivery's file again replaces it (the
  file name is fixed per delivery), so nothing can be duplicated.

Claims here never use the archive's own re-claim of expired `sending` rows (the lease given
to it is effectively infinite), so the policy above is the only one that applies.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from archive.models import utcnow
from archive.outbox import backoff
from archive.records import DeliveryInfo
from worker.digest import DigestRenderer
from worker.mail.message import build, delivery_message_id, sender_domain
from worker.mail.transport import (EmlTransport, PermanentFailure, SmtpTransport, TransientFailure,
                                   TransportUnavailable)

NO_RECLAIM = timedelta(days=3650)
UNCERTAIN = "uncertain"


@dataclass
class SendReport:
    sent: list[tuple[DeliveryInfo, str]] = field(default_factory=list)  # (delivery, where it went)
    retrying: list[tuple[DeliveryInfo, str]] = field(default_factory=list)
    failed: list[tuple[DeliveryInfo, str]] = field(default_factory=list)
    abandoned: list[DeliveryInfo] = field(default_factory=list)  # found `sending` past the lease
    stopped: str | None = None  # why the run stopped early (mail server unusable)

    def merge(self, other: "SendReport") -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.abandoned += other.abandoned
        self.stopped = self.stopped or other.stopped


def file_name(d: DeliveryInfo) -> str:
    """The .eml name of a delivery: fixed per delivery, readable in a folder listing."""
    return f"digest-{d.id:06d}-{d.email}"


def compose(d: DeliveryInfo, renderer: DigestRenderer, mail_from: str, *, now: datetime | None = None,
            unsubscribe_url: str | None = None) -> Any:
    subject, text, html = renderer.render(d.payload or {}, email=d.email, token=d.unsubscribe_token)
    return build(subject=subject, sender=mail_from, recipient=d.email, text=text, html=html,
                 message_id=delivery_message_id(d.subscription_id, d.digest_key, sender_domain(mail_from)),
                 date=now, unsubscribe_token=d.unsubscribe_token, unsubscribe_url=unsubscribe_url,
                 extra={"X-Targetwatch-Digest": d.digest_key})


def resolve_abandoned(archive: Any, *, lease: timedelta, resend: bool, now: datetime | None = None
                      ) -> list[DeliveryInfo]:
    """Rows a dead sender left in `sending` for longer than `lease` (see the module docstring)."""
    now = now or utcnow()
    out = []
    for d in archive.deliveries(status="sending"):
        if d.claimed_at is None or d.claimed_at > now - lease:
            continue
        if resend:
            # Due again at once: mark_failed schedules it backoff(attempts) after `now`.
            archive.mark_failed(d.id, "abandoned by a sender that stopped; written again (idempotent outbox)",
                                max_attempts=10**6, now=now - backoff(max(d.attempts, 1)))
        else:
            archive.mark_failed(d.id, f"{UNCERTAIN}: the sender stopped after handing message {d.message_id or ''} "
                                      "to the mail server and before recording the result; not resent to avoid a "
                                      "duplicate (check the server log, then 'targetwatch digest --requeue "
                                      f"{d.id}')", permanent=True, now=now)
        out.append(d)
    return out


def requeue(archive: Any, delivery_id: int, *, now: datetime | None = None) -> DeliveryInfo:
    """Make a failed (or uncertain) delivery due again now; a sent one stays sent."""
    now = now or utcnow()
    found = archive.deliveries()
    d = next((x for x in found if x.id == delivery_id), None)
    if d is None:
        raise LookupError(f"no delivery {delivery_id}")
    if d.status in ("sent", "pending"):
        return d
    return archive.mark_failed(delivery_id, f"requeued by hand after: {d.last_error or d.status}",
                               max_attempts=10**6, now=now - backoff(max(d.attempts, 1)))


def send_due(archive: Any, transport: SmtpTransport | EmlTransport, mail_from: str, *, lease: timedelta,
             max_attempts: int = 8, unsubscribe_url: str | None = None, limit: int | None = None,
             renderer: DigestRenderer | None = None, on_sent: Callable[[DeliveryInfo, str], None] | None = None,
             now: Callable[[], datetime] = utcnow) -> SendReport:
    """Send what is due, one claimed row at a time, until nothing is due, `limit` is reached
    or the mail server becomes unusable (then the rest waits for the next run)."""
    report = SendReport()
    report.abandoned = resolve_abandoned(archive, lease=lease, resend=transport.idempotent, now=now())
    renderer = renderer or DigestRenderer(archive, unsubscribe_url)
    envelope_from = parseaddr(mail_from)[1] or "targetwatch@localhost"
    domain = sender_domain(mail_from)
    count = 0
    try:
        while limit is None or count < limit:
            try:
                transport.connect()
            except TransportUnavailable as exc:
                report.stopped = str(exc)
                break
            claimed = archive.claim_due_deliveries(1, lease=NO_RECLAIM, message_id_domain=domain, now=now())
            if not claimed:
                break
            d = claimed[0]
            count += 1
            try:
                message = compose(d, renderer, mail_from, now=now(), unsubscribe_url=unsubscribe_url)
            except BaseException as exc:
                # Nothing was handed over yet, so the row can safely go back: a rendering bug,
                # or a time limit / Ctrl-C arriving here, must not strand it in `sending`.
                error = f"could not be rendered: {type(exc).__name__}: {exc}"
                report.retrying.append((archive.mark_failed(d.id, error, max_attempts=max_attempts), error))
                if not isinstance(exc, Exception):
                    raise
                continue
            try:
                where = transport.send(message, envelope_from, d.email, name=file_name(d))
            except PermanentFailure as exc:
                report.failed.append((archive.mark_failed(d.id, f"refused: {exc}", permanent=True), str(exc)))
                continue
            except TransientFailure as exc:
                info = archive.mark_failed(d.id, str(exc), max_attempts=max_attempts)
                (report.failed if info.status == "failed" else report.retrying).append((info, str(exc)))
                continue
            # Anything else raised by send() (Ctrl-C, a time limit) leaves the row `sending`:
            # the server may have taken the message, so the lease rule above decides.
            info = archive.mark_sent(d.id, message_id=str(message["Message-ID"]))
            report.sent.append((info, where))
            if on_sent is not None:
                on_sent(info, where)
    finally:
        transport.close()
    return report
