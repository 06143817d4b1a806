"""A digest (or any rendered report) as an email that survives real mail systems.

multipart/alternative with a plain-text and an HTML part, both UTF-8; headers flattened by
the `email` package's SMTP policy, so a Chinese subject travels as RFC 2047 encoded-words
and is decoded back by any client. Header values are stripped of line breaks: a report
title must never be able to start a header of its own.
"""
from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

_POLICY = policy.SMTP.clone(refold_source="none")
"""CRLF, 78-column folding and RFC 2047 for the headers we set; raw headers are left as they are."""
_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f]+")


def one_line(value: str) -> str:
    return _BREAKS.sub(" ", value).strip()


def sender_domain(mail_from: str) -> str:
    """The domain Message-IDs are made under: the sender's, or a reserved placeholder."""
    _, addr = parseaddr(mail_from)
    domain = addr.rpartition("@")[2].strip().lower()
    return domain if domain and domain.isascii() else "targetwatch.invalid"


def delivery_message_id(subscription_id: int, digest_key: str, domain: str) -> str:
    """The same for every attempt of one delivery, so a duplicate (the SMTP window) is recognisable."""
    digest = hashlib.sha256(f"{subscription_id}\x00{digest_key}".encode()).hexdigest()[:20]
    return f"<tw.{subscription_id}.{digest}@{domain}>"


def build(*, subject: str, sender: str, recipient: str, text: str, html: str, message_id: str,
          date: datetime | None = None, unsubscribe_token: str | None = None,
          unsubscribe_url: str | None = None, extra: dict[str, str] | None = None) -> EmailMessage:
    """The finished message: text first (the fallback), HTML last (preferred by clients)."""
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = one_line(subject)
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = message_id
    msg["MIME-Version"] = "1.0"
    if unsubscribe_token:
        links = [f"<mailto:{_mailbox(sender)}?subject={quote('unsubscribe ' + unsubscribe_token)}>"]
        if unsubscribe_url:
            url = unsubscribe_url.replace("{token}", quote(unsubscribe_token, safe=""))
            links.insert(0, f"<{one_line(url)}>")
            if url.startswith("https://"):
                msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058 needs an https URL
        # Raw, because the folder would turn a URL longer than a line into encoded-words,
        # which no client reads as a URL. ASCII only, and far below the 998-octet limit.
        msg.set_raw("List-Unsubscribe", ", ".join(links))
        msg["List-Id"] = f"targetwatch digests <digest.{sender_domain(sender)}>"
        msg["Auto-Submitted"] = "auto-generated"
        msg["Precedence"] = "bulk"
    for name, value in (extra or {}).items():
        msg[name] = one_line(value)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="base64" if not text.isascii() else "7bit")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="base64" if not html.isascii() else "7bit")
    return msg


def _mailbox(sender: str) -> str:
    _, addr = parseaddr(sender)
    if not addr:
        return "targetwatch@localhost"
    try:
        return str(Address(addr_spec=addr))
    except (ValueError, IndexError):
        return addr
