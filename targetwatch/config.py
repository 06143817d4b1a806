"""Settings from the environment; the names are a public interface (scripts call them).

TARGETWATCH_HOME          data folder (archive, outbox, fetch cache); default ~/.targetwatch
TARGETWATCH_DATABASE_URL  SQLAlchemy URL of the archive; default sqlite under HOME
TARGETWATCH_BROKER_URL    Redis URL for Celery; unset means the pipeline runs in-process
TARGETWATCH_SMTP_URL      smtp://, smtp+starttls:// or smtps:// URL; unset means .eml files in the outbox
TARGETWATCH_MAIL_FROM     sender address of digests
TARGETWATCH_BASE_URL      where the web app is reachable (https://...), for links in mail and feeds; only http(s)
TARGETWATCH_ADMIN_TOKEN   enables the web app's admin actions for whoever presents it; unset: read-only
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from targetwatch.errors import UserError

BROKER_SCHEMES = ("redis", "rediss", "unix")
"""What redis-py (the broker's client, for Celery and for status) can connect to."""


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str
    broker_url: str | None
    smtp_url: str | None
    mail_from: str
    base_url: str | None = None
    admin_token: str | None = None

    @property
    def outbox(self) -> Path:
        return self.home / "outbox"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    home = Path(env.get("TARGETWATCH_HOME") or Path.home() / ".targetwatch").expanduser()
    db = env.get("TARGETWATCH_DATABASE_URL") or f"sqlite:///{home / 'archive.sqlite3'}"
    return Settings(
        home=home,
        database_url=db,
        broker_url=_broker_url(env.get("TARGETWATCH_BROKER_URL")),
        smtp_url=env.get("TARGETWATCH_SMTP_URL") or None,
        mail_from=env.get("TARGETWATCH_MAIL_FROM") or "targetwatch <targetwatch@localhost>",
        base_url=_base_url(env.get("TARGETWATCH_BASE_URL")),
        admin_token=(env.get("TARGETWATCH_ADMIN_TOKEN") or "").strip() or None,
    )


def _broker_url(value: str | None) -> str | None:
    """A mistyped broker address is the user's to fix, said once at start, not a failed connection
    (exit 3) or an internal error later."""
    v = (value or "").strip()
    if not v:
        return None
    parts = urlsplit(v)
    if parts.scheme not in BROKER_SCHEMES or not (parts.hostname or parts.path):
        raise UserError(f"TARGETWATCH_BROKER_URL must be a Redis URL such as redis://127.0.0.1:6379/0 "
                        f"(got {redacted_url(v)!r}); unset it to run the pipeline in-process")
    try:
        parts.port
    except ValueError:
        raise UserError(f"TARGETWATCH_BROKER_URL has a bad port: {redacted_url(v)!r}") from None
    return v


def _base_url(value: str | None) -> str | None:
    """Only an http(s) address with a host becomes a link base: anything else would make broken
    links in mail, so it is refused rather than left out without a word."""
    v = (value or "").strip().rstrip("/")
    if not v:
        return None
    parts = urlsplit(v)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"TARGETWATCH_BASE_URL must be where the web app is reachable, such as "
                        f"https://targetwatch.example.org (got {v!r}); unset it for mail without links")
    return v


def redacted_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(":" + parts.password + "@", ":***@", 1)
    return url
