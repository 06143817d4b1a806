"""Exceptions of the archive: what went wrong, in words the CLI can show as they are.

The archive never reads the environment, so it cannot say which setting to change; the CLI
adds that. These messages say what failed and on which database.
"""
from __future__ import annotations


class ArchiveError(Exception):
    """Base of everything the archive raises on purpose."""


class ArchiveUnavailable(ArchiveError):
    """The database could not be opened, reached or migrated.

    `fixable` is True when the URL itself is wrong (an unknown scheme, a missing driver),
    False when the server or the file is the problem (down, locked, unreadable).
    """

    def __init__(self, message: str, *, fixable: bool = False) -> None:
        super().__init__(message)
        self.fixable = fixable


class SchemaTooNew(ArchiveUnavailable):
    """The database was migrated by a newer targetwatch than this one: refuse to touch it."""


class DocumentRejected(ArchiveError):
    """A document could not be turned into text or facts; nothing of it was stored."""


class CorrectionRefused(ArchiveError):
    """A correction that does not apply (withdrawing what is withdrawn, relabelling to the same key)."""


class NotFound(ArchiveError, LookupError):
    """A row that the caller named (a delivery, a subscription) does not exist."""
