"""Email: building messages, the transports (SMTP or .eml files), and sending the outbox.

`send_comparison` is the one-off path used by `targetwatch compare … --email ADDR`; digests
go through the outbox (worker.mail.outbox) so that each is delivered exactly once.
"""
from __future__ import annotations

import secrets
from typing import Any

from targetwatch.config import Settings
from targetwatch.worker.mail.message import build, sender_domain
from targetwatch.worker.mail.transport import (EmlTransport, PermanentFailure, SmtpTransport, TransientFailure,
                                   TransportUnavailable, open_transport)

__all__ = ["EmlTransport", "PermanentFailure", "SmtpTransport", "TransientFailure", "TransportUnavailable",
           "open_transport", "send_comparison", "transport_for"]


def transport_for(settings: Settings, timeout: float = 60.0) -> SmtpTransport | EmlTransport:
    """The transport the settings name: TARGETWATCH_SMTP_URL, else $TARGETWATCH_HOME/outbox."""
    return open_transport(settings.smtp_url, settings.outbox, timeout=timeout)


def send_comparison(comparison: Any, to: str, settings: Settings) -> str:
    """Mail one comparison (diffing.compare.Comparison) to `to`, now; returns where it went.

    A one-off a user asked for on the command line, so it bypasses the outbox: if it fails,
    the user sees the error (UserError/ServiceError, one line) and runs the command again.
    """
    from targetwatch.archive.subscriptions import normalize_email
    from targetwatch.diffing.regions import region_name
    from targetwatch.errors import ServiceError, UserError
    from targetwatch.templates.render import render_comparison

    try:
        address = normalize_email(to)
    except ValueError as exc:
        raise UserError(f"--email: {exc}") from exc
    region = region_name(comparison.region)
    subject = f"targetwatch：{region} {comparison.year}年政府工作报告与{comparison.previous_year}年对比"
    domain = sender_domain(settings.mail_from)
    transport = transport_for(settings)
    from email.utils import parseaddr

    try:
        transport.connect()
        message = build(subject=subject, sender=settings.mail_from, recipient=address,
                        text=render_comparison(comparison, "text"), html=render_comparison(comparison, "html", inline_styles=True),
                        message_id=f"<tw.compare.{secrets.token_hex(10)}@{domain}>", eight_bit=transport.eight_bit)
        name = f"compare-{comparison.region}-{comparison.year}-{secrets.token_hex(4)}"
        return transport.send(message, parseaddr(settings.mail_from)[1] or "targetwatch@localhost", address,
                              name=name)
    except PermanentFailure as exc:
        raise UserError(f"the mail server refused the message to {address}: {exc}") from exc
    except TransientFailure as exc:
        raise ServiceError(f"could not send to {address} now ({exc}); try again later") from exc
    finally:
        transport.close()
