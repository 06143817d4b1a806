"""The archive: documents as fetched, the facts parsed from them, comparisons, subscriptions.

Import `Archive` from here; everything else in the package is its implementation.
"""
from __future__ import annotations

from targetwatch.archive.errors import (ArchiveError, ArchiveUnavailable, CorrectionRefused, DocumentRejected, NotFound,
                                        SchemaTooNew)
from targetwatch.archive.store import Archive

__all__ = ["Archive", "ArchiveError", "ArchiveUnavailable", "CorrectionRefused", "DocumentRejected", "NotFound", "SchemaTooNew"]
