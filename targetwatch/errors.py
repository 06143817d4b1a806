"""Errors the CLI turns into one line on stderr and a non-zero exit, never a traceback."""
from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input, a missing file, a region not archived.

    The message is printed as is, so it should say what went wrong and what to do.
    """

    exit_code = 2


class ServiceError(UserError):
    """A service the command needs (database, broker, SMTP, a web site) failed."""

    exit_code = 3
