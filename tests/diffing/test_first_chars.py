"""Each first-character guard on a hot path holds every character its pattern can start with.

A guard (`if text[:1] in _X_FIRST: _X.match(text)`) skips the match on texts that cannot start
one; written by hand beside the pattern, it must grow when the pattern does.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing import extract, tasks
from tests.diffing.first_chars import Unbounded, first_chars


@pytest.mark.parametrize(("guard", "pattern"), [
    (tasks._LEAD_FIRST, tasks._LEADS),
    (tasks._EDGE_FIRST, tasks._EDGE_HEAD),
    (tasks._POST_LEAD_FIRST, tasks._POST_LEAD),
    (extract._MOVE_FIRST, extract._MOVE_AFTER),
    (tasks._RELATIVE_FIRST, tasks._RELATIVE),
])
def test_guard_holds_every_first_character(guard: frozenset[str], pattern) -> None:  # noqa: ANN001
    assert first_chars(pattern.pattern) <= guard


@pytest.mark.parametrize("pattern", [tasks._LABEL_TAILS, tasks._LABEL_TAILS_BEFORE_CUT, tasks._NOUN_TAILS,
                                     tasks._EDGE_TAIL])
def test_tail_ends_hold_every_last_character(pattern) -> None:  # noqa: ANN001
    """Tail patterns run on the reversed text, so what they start with is what the text ends with."""
    assert first_chars(pattern.pattern) <= tasks._TAIL_ENDS


def test_first_chars_reads_the_tree() -> None:
    assert first_chars(r"(?:ab|c)?d") == {"a", "c", "d"}
    assert first_chars(r"(?>x)?[y-z]+") == {"x", "y", "z"}
    assert first_chars(r"^(?=q)(?:e|)f") == {"e", "f"}
    with pytest.raises(Unbounded):
        first_chars(r"\d")
