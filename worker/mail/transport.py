"""Where a finished message goes: an SMTP server (TARGETWATCH_SMTP_URL) or .eml files.

The sender needs one distinction from a transport, because the outbox acts on it:
`TransientFailure` (try again later: 4xx, a dropped connection, a server that is down) or
`PermanentFailure` (5xx for this recipient or message: trying again cannot help). Anything
that is wrong with the configuration itself (bad URL, authentication refused) is a
`TransportUnavailable`, so that a batch stops instead of burning every row's attempts.
"""
from __future__ import annotations

import base64
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from targetwatch.errors import ServiceError, UserError
from targetwatch.worker.mail.message import Outgoing

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class TransientFailure(Exception):
    """Not delivered this time; the outbox retries with backoff."""


class PermanentFailure(Exception):
    """Refused for good (5xx); retrying the same message to the same address cannot succeed."""


class TransportUnavailable(ServiceError):
    """The mail server cannot be used at all right now (down, or refuses our login)."""


class SmtpUrl:
    """smtp://host:port, smtp+starttls://, smtps://, with optional user:password@."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise UserError(f"TARGETWATCH_SMTP_URL must look like smtp://host:25, smtp+starttls://user:pass@host:587 "
                            f"or smtps://host:465, not {self.redacted(url)!r}")
        self.scheme = parts.scheme
        self.host = parts.hostname
        try:
            self.port = parts.port or SCHEMES[parts.scheme]
        except ValueError:
            raise UserError(f"TARGETWATCH_SMTP_URL has a bad port: {self.redacted(url)!r}") from None
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None

    @staticmethod
    def redacted(url: str) -> str:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(f":{parts.password}@", ":***@", 1)
        return url

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


class SmtpTransport:
    """One SMTP connection reused for many messages; reconnects after a failure.

    `connect()` is separate from `send()` so that the sender can open the connection (the
    slow, failure-prone part) before it claims a delivery: a crash while connecting then
    leaves nothing in doubt.
    """

    idempotent = False  # a second send is a second email

    @property
    def eight_bit(self) -> bool:
        """Whether the connected server takes 8bit bodies (RFC 6152 8BITMIME)."""
        return self._conn is not None and bool(self._conn.has_extn("8bitmime"))

    def __init__(self, url: str, timeout: float = 60.0, local_hostname: str | None = None) -> None:
        self.url = SmtpUrl(url)
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._conn: smtplib.SMTP | None = None

    def describe(self) -> str:
        return f"SMTP server {self.url}"

    def connect(self) -> None:
        if self._conn is not None:
            return
        u = self.url
        try:
            if u.scheme == "smtps":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(u.host, u.port, timeout=self.timeout,
                                                      local_hostname=self.local_hostname,
                                                      context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(u.host, u.port, timeout=self.timeout, local_hostname=self.local_hostname)
            # The final "." goes out on its own after the body (see send); with Nagle's algorithm
            # it would wait for the ACK of the body, which the server delays (40 ms on Linux).
            if conn.sock is not None:
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.ehlo()
            if u.scheme == "smtp+starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if u.user:
                _login(conn, u.user, u.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise TransportUnavailable(f"{u} refused the login of {u.user!r}: {_reply(exc)}") from exc
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise TransportUnavailable(f"cannot reach the mail server {u}: {_describe(exc)}") from exc
        self._conn = conn

    def send(self, message: Outgoing, sender: str, recipient: str, name: str | None = None,
             before_handover: Callable[[], None] | None = None) -> str:
        """Hand the message over; returns where it went. Raises Transient/PermanentFailure.

        `before_handover` runs after the whole body is on the wire and before the final ".",
        which is what hands a message over (a server discards a transaction the client never
        finished). If it raises, the connection is dropped without the "." and its error is
        raised as it is: the message was not handed over.
        """
        self.connect()
        assert self._conn is not None
        options: list[str] = []
        if message.eight_bit:
            if not self.eight_bit:
                raise TransientFailure("the server stopped offering 8BITMIME; the message will be built again")
            options.append("BODY=8BITMIME")
        conn = self._conn
        if not recipient.isascii():  # would need SMTPUTF8 end to end; refuse it plainly, not mid-dialogue
            raise PermanentFailure(f"{recipient}: addresses with non-ASCII characters are not supported yet")
        if not sender.isascii():
            raise TransportUnavailable(f"TARGETWATCH_MAIL_FROM must be an ASCII address, not {sender!r}")
        try:
            code, reply = _mail(conn, sender, options)
            if code != 250:  # our sender address or our rate, not this row: stop the run
                self._reset()
                raise TransportUnavailable(f"{self.url} refused the sender {sender}: {code} {_text(reply)}")
            code, reply = _rcpt(conn, recipient)
            if code not in (250, 251):
                self._refused(code, reply)
            code, reply = self._data_body(conn, message.data)
            if code != 354:
                self._refused(code, reply)
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise TransientFailure(_describe(exc)) from exc
        if before_handover is not None:
            try:
                before_handover()
            except BaseException:
                self._abandon()
                raise
        try:
            conn.send(b".\r\n")
            code, reply = conn.getreply()
            if code != 250:
                self._refused(code, reply)
        except (smtplib.SMTPException, OSError) as exc:
            # A dropped connection, possibly after the final "." and before the reply: the
            # server may have taken the message. Retrying keeps the Message-ID, so a duplicate
            # (rare) is recognisable as one.
            self.close()
            raise TransientFailure(_describe(exc)) from exc
        return f"{self.url} accepted it"

    @staticmethod
    def _data_body(conn: smtplib.SMTP, data: bytes) -> tuple[int, bytes]:
        """DATA and the body of a message that already has CRLF line ends, all but the final ".".

        Only dot-stuffing is left to do: smtplib's data() runs two regular expressions over the
        whole message to fix line ends we never get wrong; this is the same protocol with one
        bytes.replace. Returns the reply to DATA (354 when the body went out).
        """
        code, reply = conn.docmd("data")
        if code != 354:
            return code, reply
        body = data.replace(b"\r\n.", b"\r\n..")
        if body.startswith(b"."):
            body = b"." + body
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        conn.send(body)
        return code, reply

    def _abandon(self) -> None:
        """Drop the connection mid-DATA: no QUIT (the server would read it as body text)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except OSError:
                pass

    def _refused(self, code: int, reply: bytes) -> None:
        if code == 421:  # the server is closing the connection
            self.close()
        else:
            self._reset()
        raise (PermanentFailure if code >= 500 else TransientFailure)(f"{code} {_text(reply)}")

    def _reset(self) -> None:
        try:
            if self._conn is not None:
                self._conn.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                try:
                    conn.close()
                except OSError:
                    pass


class EmlTransport:
    """Messages as .eml files in a folder (the outbox), named after the delivery.

    Written to a temporary name and renamed, so a file is either complete or absent; the
    name depends only on the message's file key, so sending the same delivery again
    replaces the file instead of adding a second one: this transport is idempotent.
    """

    idempotent = True
    eight_bit = True  # mail readers open 8bit .eml files as they are

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def describe(self) -> str:
        return f"the outbox folder {self.folder}"

    def connect(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TransportUnavailable(f"cannot create the outbox folder {self.folder}: {exc.strerror or exc}") from exc

    def path_for(self, message: Outgoing, name: str | None = None) -> Path:
        key = name or message.message_id.strip("<>").split("@")[0]
        safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in key)
        return self.folder / f"{safe}.eml"

    def send(self, message: Outgoing, sender: str, recipient: str, name: str | None = None,
             before_handover: Callable[[], None] | None = None) -> str:
        """Write the file; `before_handover` runs first (nothing is written if it raises)."""
        self.connect()
        if before_handover is not None:
            before_handover()
        target = self.path_for(message, name)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        try:
            with open(tmp, "wb") as fh:
                fh.write(message.as_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            raise TransientFailure(f"cannot write {target}: {exc.strerror or exc}") from exc
        return str(target)

    def close(self) -> None:
        pass


def open_transport(smtp_url: str | None, outbox: Path, timeout: float = 60.0) -> SmtpTransport | EmlTransport:
    """SMTP when a URL is set, else the outbox folder (the demo's and a laptop's default)."""
    if smtp_url:
        return SmtpTransport(smtp_url, timeout=timeout, local_hostname=_hostname())
    return EmlTransport(outbox)


_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _mail(conn: smtplib.SMTP, sender: str, options: list[str]) -> tuple[int, bytes]:
    """MAIL FROM, as smtplib's mail() sends it; a plain address skips its address parser
    (twice per message, a tenth of a sender's CPU at ten thousand digests)."""
    if not _PLAIN_ADDRESS.fullmatch(sender):
        return conn.mail(sender, options)
    conn.putcmd("mail", f"FROM:<{sender}>" + ("".join(" " + o for o in options) if conn.does_esmtp else ""))
    return conn.getreply()


def _rcpt(conn: smtplib.SMTP, recipient: str) -> tuple[int, bytes]:
    if not _PLAIN_ADDRESS.fullmatch(recipient):
        return conn.rcpt(recipient)
    conn.putcmd("rcpt", f"TO:<{recipient}>")
    return conn.getreply()


def _login(conn: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN in UTF-8 (RFC 4616) when offered, which also takes a password like "pässword"
    (smtplib's login() encodes credentials as ASCII); otherwise smtplib's own choice."""
    if "plain" in conn.esmtp_features.get("auth", "").lower().split():
        token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
        code, reply = conn.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply)
        return
    if not (user + password).isascii():
        raise smtplib.SMTPAuthenticationError(535, b"a non-ASCII user or password needs AUTH PLAIN, not offered")
    conn.login(user, password)


def _hostname() -> str:
    name = socket.getfqdn() or "localhost"
    return name if name.isascii() else "localhost"


def _text(value: bytes | str) -> str:
    raw = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(raw.split())


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc)
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())
