"""extract._NoneWords finds NONE_ONLY_WORDS where the alternation of the words would.

It lists every place a word stands (found from a key character) instead of searching the
alternation, which is the same only while no word can overlap another or itself: then the
alternation's finditer never steps over a place where a word starts.
"""
from __future__ import annotations

import random
import re

from targetwatch.diffing import extract


def test_no_word_overlaps_another() -> None:
    words = extract.NONE_ONLY_WORDS
    for a in words:
        for b in words:
            for k in range(1, len(a)):  # b starting inside a: a's tail and b's head would agree
                n = min(len(a) - k, len(b))
                assert a[k:k + n] != b[:n], (a, b, k)


def test_every_word_holds_a_key_character() -> None:
    for w in extract.NONE_ONLY_WORDS:
        assert any(k in w for k in extract.WORD_KEYS), w
    assert extract._NONE_HINT.pattern.startswith("|".join(extract.NONE_ONLY_WORDS) + "|")


def test_within_finds_what_the_alternation_finds() -> None:
    words = extract.NONE_ONLY_WORDS
    alternation = re.compile("|".join(words))
    alphabet = "".join(sorted(set("".join(words)))) + "，。 收入6"
    rng = random.Random(7)
    for _ in range(200):
        view = "".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(alphabet)
                       for _ in range(rng.randrange(1, 60)))
        found = extract._NoneWords(view)
        start = rng.randrange(len(view))
        while start < len(view):  # asked in text order, as the parser asks
            end = rng.randrange(start, len(view) + 1)
            assert found.within(start, end) == [m.start() for m in alternation.finditer(view, start, end)], \
                (view, start, end)
            start = end + rng.randrange(0, 3)
        assert found.within(0, len(view)) == [m.start() for m in alternation.finditer(view)]  # asked back: found again


def test_any_within_says_whether_within_finds_any() -> None:
    words = extract.NONE_ONLY_WORDS
    alphabet = "".join(sorted(set("".join(words)))) + "，。 收入6"
    rng = random.Random(11)
    for _ in range(200):
        view = "".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(alphabet)
                       for _ in range(rng.randrange(1, 60)))
        found, listed = extract._NoneWords(view), extract._NoneWords(view)
        start = rng.randrange(len(view))
        while start < len(view):
            end = rng.randrange(start, len(view) + 1)
            assert found.any_within(start, end) == bool(listed.within(start, end)), (view, start, end)
            start = end + rng.randrange(0, 3)
