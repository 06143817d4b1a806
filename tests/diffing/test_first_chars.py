"""Each first-character guard on a hot path holds every character its pattern can start with.

A guard (`if text[:1] in _X_FIRST: _X.match(text)`) skips the match on texts that cannot start
one; written by hand beside the pattern, it must grow when the pattern does.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing import extract, structure, tasks
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


@pytest.mark.parametrize(("guard", "pattern"), [
    (structure._TOP_NUMBERED_FIRST, structure._TOP_NUMBERED_RE),
    (structure._MARKDOWN_FIRST, structure._MARKDOWN_RE),
])
def test_heading_guards_hold_every_first_character(guard: frozenset[str], pattern) -> None:  # noqa: ANN001
    assert first_chars(pattern.pattern) <= guard


def test_a_heading_is_searched_for_a_year_or_part_only_where_its_key_words_stand() -> None:
    """structure._explicit against the plain search, on real headings and on made ones."""
    import random

    headings = ["一、2023年工作回顾", "二、2024年经济社会发展总体要求和政策取向", "过去五年工作回顾",
                "本届政府工作", "主要目标", "（一）继续保持经济平稳较快发展", "今年工作安排", "去年的工作",
                "“十四五”时期工作回顾", "1999年", "2030年远景", "五年来", "回顾", ""]
    rng = random.Random(15)
    alphabet = "年回顾本届今去五1920一、工作"
    headings += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    for t in headings:
        assert structure._explicit(t) == bool(structure._EXPLICIT_HEADING.search(t)), t
