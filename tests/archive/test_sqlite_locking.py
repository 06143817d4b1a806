"""SQLite answers "database is locked" at once in a few places where its busy handler is not
consulted (changing the journal mode, opening a WAL file that another process is closing).
Opening an archive must wait those out rather than fail, and must not hide any other error.
"""
from __future__ import annotations

import sqlite3

import pytest

from targetwatch.archive.db import _retry_while_locked


def failing(times: int, message: str):  # noqa: ANN201
    calls = []

    def step() -> None:
        calls.append(1)
        if len(calls) <= times:
            raise sqlite3.OperationalError(message)
    return step, calls


@pytest.mark.parametrize("message", ["database is locked", "database table is locked", "database is busy"])
def test_a_locked_database_is_retried_until_it_is_free(message: str) -> None:
    step, calls = failing(3, message)
    _retry_while_locked(step, deadline_s=5)
    assert len(calls) == 4


def test_other_sqlite_errors_are_raised_at_once() -> None:
    step, calls = failing(3, "no such table: documents")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _retry_while_locked(step, deadline_s=5)
    assert len(calls) == 1


def test_a_lock_that_outlasts_the_deadline_is_reported() -> None:
    step, calls = failing(10_000, "database is locked")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _retry_while_locked(step, deadline_s=0.2)
    assert 2 <= len(calls) < 100
