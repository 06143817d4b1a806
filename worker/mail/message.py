"""A digest (or any rendered report) as an email that survives real mail systems.

multipart/alternative with a plain-text and an HTML part, both UTF-8 in base64; a Chinese
subject or sender name travels as RFC 2047 encoded-words and is decoded back by any client.
Header values are stripped of line breaks, so a report title can never start a header of
its own.

The bodies go as 8bit when the server offers 8BITMIME (every current MTA does) and every
line fits in SMTP's 998 octets, else as base64. 8bit is a third smaller for Chinese text,
and the HTML, whose line breaks are only whitespace between tags, is joined into lines of
up to ~900 octets: a 40 KB digest is then some 300 lines instead of 750, and mail servers
work line by line.

The bytes are put together here rather than by `email.message.EmailMessage`: its header
registry and generator cost about 10 ms per 100 KB digest, which at 10,000 subscribers is
the difference between one and two minutes. The tests parse every message back with the
`email` package, so the format is checked by the standard parser.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from urllib.parse import quote

_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f]+")
CRLF = b"\r\n"


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A finished message: its Message-ID (for bookkeeping) and its bytes (CRLF line ends)."""

    message_id: str
    data: bytes
    eight_bit: bool = False  # the SMTP envelope must then say BODY=8BITMIME

    def as_bytes(self) -> bytes:
        return self.data


def one_line(value: str) -> str:
    return _BREAKS.sub(" ", value).strip()


def sender_domain(mail_from: str) -> str:
    """The domain Message-IDs are made under: the sender's, or a reserved placeholder."""
    _, addr = parseaddr(mail_from)
    domain = addr.rpartition("@")[2].strip().lower()
    return domain if domain and domain.isascii() and re.fullmatch(r"[a-z0-9.-]+", domain) else "targetwatch.invalid"


def delivery_message_id(subscription_id: int, digest_key: str, domain: str) -> str:
    """The same for every attempt of one delivery, so a duplicate (the SMTP window) is recognisable."""
    digest = hashlib.sha256(f"{subscription_id}\x00{digest_key}".encode()).hexdigest()[:20]
    return f"<tw.{subscription_id}.{digest}@{domain}>"


_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def mailbox(value: str) -> str:
    """'Name <addr>' with a non-ASCII name as an encoded-word; the bare address if there is no name."""
    if _PLAIN_ADDRESS.fullmatch(value):  # a subscriber's address, every message: skip the parser
        return value
    return _mailbox(value)


@lru_cache(maxsize=64)
def _mailbox(value: str) -> str:
    name, addr = parseaddr(one_line(value))
    addr = addr or "targetwatch@localhost"
    return formataddr((name, addr), charset="utf-8") if name else addr


def _header(name: str, value: str) -> bytes:
    value = one_line(value)
    if value.isascii():
        line = f"{name}: {value}"
        return line.encode("ascii") + CRLF
    return _encoded_header(name, value)


@lru_cache(maxsize=256)
def _encoded_header(name: str, value: str) -> bytes:
    """RFC 2047 words for a non-ASCII value: the subject of a digest, the same for thousands of messages."""
    encoded = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    return f"{name}: {encoded}".encode("ascii") + CRLF


MAX_8BIT_LINE = 998
JOIN_HTML_UPTO = 900


def _lines(body: str) -> list[bytes]:
    return body.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8").split(b"\n")


def _joined_html(lines: list[bytes]) -> list[bytes]:
    """HTML lines joined with a space up to ~900 octets: the same document to a browser."""
    out: list[bytes] = []
    for line in lines:
        if out and len(out[-1]) + 1 + len(line) <= JOIN_HTML_UPTO:
            out[-1] += b" " + line
        else:
            out.append(line)
    return out


def _part(subtype: str, body: str, eight_bit: bool) -> tuple[bytes, bool]:
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: '
    if eight_bit:
        lines = _lines(body)
        if subtype == "html":
            lines = _joined_html(lines)
        if all(len(line) <= MAX_8BIT_LINE and b"\0" not in line for line in lines):
            if lines and lines[-1] == b"":
                lines.pop()
            return (head + "8bit\r\n\r\n").encode("ascii") + CRLF.join(lines) + CRLF, True
    encoded = base64.encodebytes(body.encode("utf-8")).replace(b"\n", CRLF)
    return (head + "base64\r\n\r\n").encode("ascii") + encoded, False


def unsubscribe_link(configured: str | None, base_url: str | None) -> str | None:
    """The unsubscribe URL template digests carry ("{token}" is replaced per subscriber).

    service.toml's `[delivery] unsubscribe_url` wins; else, when TARGETWATCH_BASE_URL says
    where the web app is, its confirmation page /unsubscribe/{token}, which also takes
    RFC 8058 one-click POSTs (sent as List-Unsubscribe-Post when the URL is https).
    """
    if configured:
        return configured
    if base_url:
        return base_url.rstrip("/") + "/unsubscribe/{token}"
    return None


@dataclass(frozen=True, slots=True)
class PreparedPart:
    """A MIME part encoded once, with placeholders still in it (digest.Envelope's), so each
    subscriber's copy is a bytes replace rather than a second encoding of 25 KB.

    Only 8bit parts can be filled in (base64 hides the placeholders). `longest` is the longest
    line holding a placeholder and `most` the most placeholders on one line: with them,
    `fill` knows whether a long address would push a line past SMTP's 998 octets.
    """

    data: bytes
    eight_bit: bool
    longest: int = 0
    most: int = 0

    def fill(self, values: dict[str, str]) -> bytes | None:
        """The part with `values` put in, or None when it cannot be done safely (build it whole then)."""
        if not self.eight_bit:
            return None
        data = self.data
        growth = 0
        for placeholder, value in values.items():
            raw = value.encode("utf-8")
            if b"\r" in raw or b"\n" in raw or b"\0" in raw:
                return None
            growth = max(growth, len(raw) - len(placeholder))
            data = data.replace(placeholder.encode("ascii"), raw)
        if self.longest + growth * self.most > MAX_8BIT_LINE:
            return None
        return data


def prepare_part(subtype: str, body: str, eight_bit: bool, placeholders: tuple[str, ...]) -> PreparedPart:
    data, used_8bit = _part(subtype, body, eight_bit)
    if not used_8bit:
        return PreparedPart(data, False)
    marks = [p.encode("ascii") for p in placeholders]
    holding = [(len(line), sum(line.count(m) for m in marks)) for line in data.split(CRLF)
               if any(m in line for m in marks)]
    return PreparedPart(data, True, max((n for n, _ in holding), default=0), max((c for _, c in holding), default=0))


class PreparedBodies:
    """The text and HTML parts of each distinct digest, prepared once per sending run.

    Keyed by the digest's identity (digest.Envelope.key) and whether the server takes 8bit;
    a few hundred distinct digests at most in a run, so a plain bounded dict.
    """

    LIMIT = 256

    def __init__(self) -> None:
        self._parts: dict[tuple, tuple[PreparedPart, PreparedPart]] = {}

    def get(self, key: tuple, text: str, html: str, eight_bit: bool,
            placeholders: tuple[str, ...]) -> tuple[PreparedPart, PreparedPart]:
        k = (key, eight_bit)
        found = self._parts.get(k)
        if found is None:
            if len(self._parts) >= self.LIMIT:
                self._parts.clear()
            found = self._parts[k] = (prepare_part("plain", text, eight_bit, placeholders),
                                      prepare_part("html", html, eight_bit, placeholders))
        return found


def build(*, subject: str, sender: str, recipient: str, text: str, html: str, message_id: str,
          date: datetime | None = None, unsubscribe_token: str | None = None,
          unsubscribe_url: str | None = None, extra: dict[str, str] | None = None,
          eight_bit: bool = False) -> Outgoing:
    """The finished message: text first (the fallback), HTML last (preferred by clients)."""
    parts = [_part("plain", text, eight_bit), _part("html", html, eight_bit)]
    return assemble(subject=subject, sender=sender, recipient=recipient, message_id=message_id, date=date,
                    unsubscribe_token=unsubscribe_token, unsubscribe_url=unsubscribe_url, extra=extra, parts=parts)


def assemble(*, subject: str, sender: str, recipient: str, message_id: str, parts: list[tuple[bytes, bool]],
             date: datetime | None = None, unsubscribe_token: str | None = None,
             unsubscribe_url: str | None = None, extra: dict[str, str] | None = None) -> Outgoing:
    """Headers around encoded parts ((bytes, is_8bit) each, as _part or PreparedPart.fill give them)."""
    out = [_header("Subject", subject), _header("From", mailbox(sender)), _header("To", mailbox(recipient)),
           _header("Date", format_datetime(date or datetime.now(UTC))), _header("Message-ID", message_id),
           b"MIME-Version: 1.0" + CRLF]
    if unsubscribe_token:
        _, from_addr = parseaddr(sender)
        links = [f"<mailto:{from_addr or 'targetwatch@localhost'}?subject={quote('unsubscribe ' + unsubscribe_token)}>"]
        if unsubscribe_url:
            url = one_line(unsubscribe_url.replace("{token}", quote(unsubscribe_token, safe="")))
            links.insert(0, f"<{url}>")
            if url.startswith("https://"):
                out.append(_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))  # RFC 8058: https only
        # One line, never folded into encoded-words: clients must read the URLs as URLs.
        out.append(_header("List-Unsubscribe", ", ".join(links)))
        out.append(_header("List-Id", f"targetwatch digests <digest.{sender_domain(sender)}>"))
        out.append(_header("Auto-Submitted", "auto-generated"))
        out.append(_header("Precedence", "bulk"))
    for name, value in (extra or {}).items():
        out.append(_header(name, value))
    boundary = f"=_tw_{secrets.token_hex(12)}"
    out.append(f'Content-Type: multipart/alternative; boundary="{boundary}"'.encode("ascii") + CRLF)
    out.append(CRLF)
    any_8bit = False
    for data, used_8bit in parts:
        any_8bit |= used_8bit
        out.append(f"--{boundary}".encode("ascii") + CRLF)
        out.append(data)
    out.append(f"--{boundary}--".encode("ascii") + CRLF)
    return Outgoing(message_id, b"".join(out), any_8bit)
