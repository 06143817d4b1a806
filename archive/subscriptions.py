"""Who wants digests of which regions, and how far their last digest got.

A subscription is never deleted: unsubscribing clears `active`, so that the deliveries
already made keep their subscriber and a later re-subscription keeps its token.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.errors import NotFound
from targetwatch.archive.models import CADENCES, DIGEST_LANGS, Document, Subscription, utcnow
from targetwatch.archive.records import SubscriptionInfo

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ALL_REGIONS = "*"


def _info(s: Subscription) -> SubscriptionInfo:
    return SubscriptionInfo(s.id, s.email, tuple(s.regions), s.cadence, bool(s.active), s.unsubscribe_token,
                            s.created_at, s.updated_at, s.last_digest_at, s.last_document_id, s.lang or "zh")


def normalize_email(email: str) -> str:
    """One address, one subscription: compared without case or surrounding blanks."""
    value = email.strip().lower()
    if not _EMAIL.match(value) or len(value) > 320:
        raise ValueError(f"{email!r} is not an email address")
    return value



def new_token() -> str:
    """A secret for unsubscribe links that never starts with '-': pasted after
    `targetwatch unsubscribe` it must read as the token, not as an option."""
    while True:
        token = secrets.token_urlsafe(24)
        if not token.startswith("-"):
            return token


class SubscriptionStore(ArchiveCore):
    def subscribe(self, email: str, regions: Iterable[str], cadence: str = "on-new-report", *,
                  lang: str | None = None, now: datetime | None = None) -> SubscriptionInfo:
        """Create a subscription, or update and re-activate the existing one of that address.

        `regions` are region ids, or "*" for all; `lang` is the digests' language ("zh" or
        "en"; None keeps the one a subscription has, Chinese for a new one). A new
        subscriber's watermark starts at the newest archived document, so their first digest
        is about what arrives next, not about the whole archive.
        """
        address = normalize_email(email)
        wanted = sorted({r.strip().lower() for r in regions if r.strip()})
        if not wanted:
            raise ValueError("a subscription needs at least one region (or '*' for all)")
        if cadence not in CADENCES:
            raise ValueError(f"cadence must be one of {', '.join(CADENCES)}, not {cadence!r}")
        if lang is not None and lang not in DIGEST_LANGS:
            raise ValueError(f"the digest language must be one of {', '.join(DIGEST_LANGS)}, not {lang!r}")
        now = now or utcnow()

        def work(session: Session) -> SubscriptionInfo:
            sub = session.scalar(select(Subscription).where(Subscription.email == address))
            if sub is None:
                watermark = session.scalar(select(func.max(Document.id)))
                sub = Subscription(email=address, regions=wanted, cadence=cadence, active=True,
                                   unsubscribe_token=new_token(), created_at=now, updated_at=now,
                                   last_document_id=watermark, lang=lang or "zh")
                session.add(sub)
            else:
                sub.regions, sub.cadence, sub.active, sub.updated_at = wanted, cadence, True, now
                sub.lang = lang or sub.lang or "zh"
            session.flush()
            return _info(sub)

        return self._write_retrying(work)

    def unsubscribe(self, email_or_token: str, *, now: datetime | None = None) -> SubscriptionInfo | None:
        """Deactivate by address or unsubscribe token; None when there is no such subscription."""
        def work(session: Session) -> SubscriptionInfo | None:
            sub = self._find(session, email_or_token)
            if sub is None:
                return None
            if sub.active:
                sub.active, sub.updated_at = False, now or utcnow()
            return _info(sub)

        return self._write_retrying(work)

    def subscription(self, email_or_token: str) -> SubscriptionInfo | None:
        with self._read() as s:
            sub = self._find(s, email_or_token)
            return None if sub is None else _info(sub)

    def subscriptions(self, *, active: bool | None = True, region: str | None = None,
                      cadence: str | None = None) -> list[SubscriptionInfo]:
        """Subscriptions by address; `region` keeps those who want that region, `active=None` all."""
        q = select(Subscription).order_by(Subscription.email)
        if active is not None:
            q = q.where(Subscription.active.is_(active))
        if cadence is not None:
            q = q.where(Subscription.cadence == cadence)
        with self._read() as s:
            subs = [_info(x) for x in s.scalars(q)]
        return [x for x in subs if region is None or x.wants(region)]

    def advance_watermark(self, subscription_id: int, document_id: int, *, at: datetime | None = None) -> None:
        """Record that the subscriber's digests now cover documents up to `document_id` (never moves back)."""
        def work(session: Session) -> None:
            sub = session.get(Subscription, subscription_id)
            if sub is None:
                raise NotFound(f"no subscription {subscription_id}")
            sub.last_document_id = max(sub.last_document_id or 0, document_id)
            sub.last_digest_at = at or utcnow()

        self._write_retrying(work)

    @staticmethod
    def _find(session: Session, email_or_token: str) -> Subscription | None:
        key = email_or_token.strip()
        return session.scalar(select(Subscription).where(
            or_(Subscription.email == key.lower(), Subscription.unsubscribe_token == key)))
