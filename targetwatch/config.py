"""Settings from the environment; the names are a public interface (scripts call them).

TARGETWATCH_HOME          data folder (archive, outbox, fetch cache); default ~/.targetwatch
TARGETWATCH_DATABASE_URL  SQLAlchemy URL of the archive; default sqlite under HOME
TARGETWATCH_BROKER_URL    Redis URL for Celery; unset means the pipeline runs in-process
TARGETWATCH_SMTP_URL      smtp://, smtp+starttls:// or smtps:// URL; unset means .eml files in the outbox
TARGETWATCH_MAIL_FROM     sender address of digests
TARGETWATCH_BASE_URL      where the web app is reachable (https://...), for links in mail and feeds
TARGETWATCH_ADMIN_TOKEN   enables the web app's admin actions for whoever presents it; unset: read-only
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
        broker_url=env.get("TARGETWATCH_BROKER_URL") or None,
        smtp_url=env.get("TARGETWATCH_SMTP_URL") or None,
        mail_from=env.get("TARGETWATCH_MAIL_FROM") or "targetwatch <targetwatch@localhost>",
        base_url=(env.get("TARGETWATCH_BASE_URL") or "").strip().rstrip("/") or None,
        admin_token=(env.get("TARGETWATCH_ADMIN_TOKEN") or "").strip() or None,
    )
