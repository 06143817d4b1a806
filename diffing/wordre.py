"""Regular expressions for word lists, built as a trie so matching does not try words one by one.

Python's `re` tries the branches of `a|b|c|…` in order; with ninety measure words that is
ninety attempts at every numeral. Grouping words by their first characters
(平方(?:公里|千米|米)) lets the engine discard all but one branch at the first character.
Longest words still win: at every node the longer continuations come first.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def word_pattern(words: Iterable[str], *, or_nothing: bool = False) -> str:
    """The words as a trie. With `or_nothing`, the empty string is its last branch: the same as
    `optional(word_pattern(words))` in what it matches and in what order, but the engine skips the
    words' branches by their first characters (it does so for a branch that opens with a literal,
    not for one that opens with a group), where the optional group is entered at every try."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word
    if or_nothing:
        return "(?:" + "|".join(_branches(trie) + [""]) + ")"
    return _node(trie)


def _branches(node: dict) -> list[str]:
    return [re.escape(ch) + _node(node[ch]) for ch in sorted(k for k in node if k)]


def _node(node: dict) -> str:
    branches = _branches(node)
    ends = "" in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def optional(pattern: str) -> str:
    """`(?:pattern)?` written as an alternation with an empty last branch: the same matches, tried
    in the same order (the pattern first, then nothing). Python's re runs `?` over a group as a
    general repeat that saves and restores its state at every try, an alternation as a plain
    branch: the numbers' tail pattern, which runs at every amount, matches a third faster so."""
    return f"(?:{pattern}|)"
