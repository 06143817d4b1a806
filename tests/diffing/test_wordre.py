"""wordre builds patterns: word lists as tries, optional parts as alternations with an empty branch."""
from __future__ import annotations

import itertools
import re

from targetwatch.diffing.wordre import optional, word_pattern


def test_optional_matches_as_a_question_mark_does() -> None:
    # Same matches and the same groups, including where the optional part must give way to
    # what follows it (万亿元 read as 万 + 亿元 is never preferred: the longer try comes first).
    written = re.compile("(?P<mag>万亿|万)?(?P<unit>亿元|元)")
    built = re.compile(optional("(?P<mag>万亿|万)") + "(?P<unit>亿元|元)")
    for n in range(5):
        for chars in itertools.product("万亿元x", repeat=n):
            text = "".join(chars)
            a, b = written.match(text), built.match(text)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), text


def test_word_pattern_prefers_the_longest_word() -> None:
    pattern = re.compile(word_pattern(["个", "个百分点", "百分点", "平方公里", "公里"]))
    assert [m.group() for m in pattern.finditer("2个百分点，3平方公里，4公里，5个")] == ["个百分点", "平方公里", "公里", "个"]
