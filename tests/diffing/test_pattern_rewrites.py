"""Patterns rewritten for speed match what they replaced, at every place and with every end.

A pattern whose branches all open with a literal character lets the engine skip to the
characters a match can start with; the pattern it replaced (written here as it was) opened
with a group and was tried at every place. Both are run at each place of texts made of the
patterns' own words and characters, so that every branch, lookahead and near miss comes up.
"""
from __future__ import annotations

import random
import re

import pytest

from targetwatch.diffing import extract, gaps

_OLD_SPAN_WORDS = (r"((?:十年|五年|四年|三年|两年|[2-9]年|10年)(?!行动|计划|攻坚|规划|方案|专项)"
                   r"|(?:十五五|十四五|十三五|十二五|十一五)[”\"」]?(?:时期|期间|以来|计划|规划|前[两三四]年|年均)"
                   r"|(?:十五|九五|八五)[”\"」]?(?:时期|期间|计划))")
_SPAN_PIECES = ["十年", "五年", "四年", "三年", "两年", "7年", "10年", "十五五", "十四五", "十一五", "十五", "九五", "八五",
                "时期", "期间", "以来", "行动", "计划", "规划", "前四年", "前", "年均", "专项", "”", "\"", "」", "十", "五",
                "年", "1", "0", "2", "连续", "增长"]


def _texts(pieces: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14))) for _ in range(400)]


def _assert_same(old: re.Pattern[str], new, texts: list[str], groups: tuple[int, int]) -> None:  # noqa: ANN001
    for text in texts:
        for end in {len(text), len(text) - 1, len(text) // 2}:
            for pos in range(max(end, 0)):
                a, b = old.match(text, pos, end), new.match(text, pos, end)
                assert (a and (a.span(), a.group(groups[0]))) == (b and (b.span(), b.group(groups[1]))), \
                    (text, pos, end)


def test_span_words_match_as_before() -> None:
    _assert_same(re.compile(_OLD_SPAN_WORDS), extract._SPAN_WORDS, _texts(_SPAN_PIECES, 3), (1, 0))


@pytest.mark.parametrize("pattern", [extract._SPAN_WORDS])
def test_rewritten_patterns_skip_to_their_first_characters(pattern) -> None:  # noqa: ANN001
    """The engine's INFO block names a literal prefix or a set of first characters."""
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

    code = _compiler._code(_parser.parse(pattern.pattern, 0), 0)
    assert code[2] & (_constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET)


_GAP_PIECES = ["连续", "每年", "年", "增长", "累计", "提高", "下降", "9", "12", "三", "十", "2020", "1998", "19", "20", "比", "较", "末",
               "相比", "的", "全", "均"]


def test_guards_of_the_gap_patterns_hold_every_match() -> None:
    """read_gap searches _EVERY_YEAR only in a gap that holds one of its words, YEAR_IN_GAP only in one
    that may_hold_year: a gap either pattern matches in must pass its guard."""
    for text in _texts(_GAP_PIECES, 11):
        if gaps._EVERY_YEAR.search(text):
            assert gaps._holds_any(text, gaps._EVERY_YEAR_WORDS), text
        if gaps.YEAR_IN_GAP.search(text):
            assert gaps.may_hold_year(text), text
