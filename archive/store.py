"""`Archive`: the one object the CLI, the worker and the comparison commands talk to.

    with Archive("sqlite:///~/.targetwatch/archive.sqlite3") as archive:
        archive.add_document(data, region="beijing", year=2025, source_url=url)
        sheet = archive.factsheet("beijing", 2025)

It takes a URL and nothing else (settings are targetwatch.config's business), creates or
upgrades the schema on open, and returns plain values (archive.records, diffing.model).
"""
from __future__ import annotations

from targetwatch.archive.comparisons import ComparisonStore
from targetwatch.archive.corrections import CorrectionStore
from targetwatch.archive.documents import DocumentStore
from targetwatch.archive.facts import FactStore
from targetwatch.archive.fetchstate import FetchStateStore
from targetwatch.archive.notebook import NotebookStore
from targetwatch.archive.outbox import OutboxStore
from targetwatch.archive.reparse import ReparseStore
from targetwatch.archive.scoreboards import ScoreboardStore
from targetwatch.archive.subscriptions import SubscriptionStore


class Archive(DocumentStore, FactStore, ReparseStore, CorrectionStore, ComparisonStore, ScoreboardStore,
              SubscriptionStore, OutboxStore, FetchStateStore, NotebookStore):
    """Documents, their texts and facts, comparisons, scoreboards, subscriptions, the outbox and fetch state;
    corrections (withdraw, restore, relabel); add/history/facts for notebooks (see docs/library.md)."""
