"""What the store hands back: plain frozen values, never ORM objects.

Callers (the CLI, the worker, the comparison commands) then never meet a session, a lazy
load or a detached instance, and the tables can change without changing them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from targetwatch.diffing.model import Fact


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: int
    region: str
    report_year: int
    version: int
    content_hash: str
    size: int
    content_type: str | None
    source_url: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime | None
    archived_at: datetime
    alternate: bool
    genre: str | None = None
    """report, summary or not_report (diffing.genre); None for documents archived before it was asked."""
    forced: bool = False
    sample: bool = False
    incomplete: bool = False
    withdrawn_at: datetime | None = None
    withdrawn_why: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def marks(self) -> list[str]:
        """What a listing says of the document beside its key: sample, summary, forced, …"""
        out = []
        if self.sample:
            out.append("sample")
        if self.genre == "summary":
            out.append("summary")
        if self.forced:
            out.append("forced: not a report")
        if self.incomplete:
            out.append("incomplete")
        if self.alternate:
            out.append("alternate")
        if self.withdrawn_at is not None:
            out.append("withdrawn")
        return out


@dataclass(frozen=True, slots=True)
class AddResult:
    """`created` is False when the same bytes were already archived for that region and year."""

    document: DocumentInfo
    created: bool
    fact_set_id: int | None
    fact_count: int
    warnings: tuple[str, ...] = ()
    """Why the document was archived but may not stand for its year (no facts, no targets, a summary)."""
    current: bool = True
    """Whether it is now the report of its region and year."""


@dataclass(frozen=True, slots=True)
class CorrectionInfo:
    id: int
    document_id: int
    action: str  # "withdraw", "restore" or "relabel"
    who: str
    at: datetime
    why: str | None
    old_region: str | None
    old_year: int | None
    new_region: str | None
    new_year: int | None
    new_document_id: int | None


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One region and year as `targetwatch archive list` shows it."""

    region: str
    report_year: int
    versions: int
    alternates: int
    document_id: int
    version: int
    fact_count: int
    extractor_version: str | None
    archived_at: datetime
    marks: tuple[str, ...] = ()
    """What the listing says of the document that stands for the year (sample, summary, …)."""


@dataclass(frozen=True, slots=True)
class FactChanges:
    """How the facts of one document differ between two parses."""

    added: tuple[Fact, ...] = ()
    removed: tuple[Fact, ...] = ()
    changed: tuple[tuple[Fact, Fact], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class ReparseOutcome:
    document: DocumentInfo
    status: str  # "unchanged", "changed", "retagged" (same facts, new extractor version) or "failed"
    old_extractor_version: str | None
    new_extractor_version: str | None
    changes: FactChanges = field(default_factory=FactChanges)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionInfo:
    id: int
    email: str
    regions: tuple[str, ...]
    cadence: str
    active: bool
    unsubscribe_token: str
    created_at: datetime
    updated_at: datetime
    last_digest_at: datetime | None
    last_document_id: int | None
    lang: str = "zh"

    def wants(self, region: str) -> bool:
        return "*" in self.regions or region in self.regions


@dataclass(frozen=True, slots=True)
class DeliveryInfo:
    id: int
    subscription_id: int
    email: str
    unsubscribe_token: str
    digest_key: str
    digest_kind: str
    payload: Any
    status: str
    attempts: int
    next_attempt_at: datetime
    claimed_at: datetime | None
    last_error: str | None
    message_id: str | None
    sent_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One subscriber's digest to queue: `payload` must hold "upto", the newest document id it covers."""

    subscription_id: int
    key: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Queued:
    subscription_id: int
    delivery_id: int
    payload: dict[str, Any]  # as stored (the first writer's)
    created: bool


@dataclass(frozen=True, slots=True)
class FetchStateInfo:
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    last_checked_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
