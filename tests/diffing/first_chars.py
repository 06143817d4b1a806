"""The characters a pattern's match can start with, read from the pattern's parse tree.

Hot paths guard a pattern by its first characters (a set written beside it) and skip the match
when the text cannot start one; tests hold each written set to what this finds, so that an edit
to a pattern that lets it start elsewhere fails a test instead of losing a match.
"""
from __future__ import annotations

from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

_TRANSPARENT = (c.AT, c.ASSERT, c.ASSERT_NOT)  # zero width: they only narrow what may follow
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_RANGE_MAX = 64  # a wider range (a class of Han characters) is not a useful guard


class Unbounded(Exception):
    """The pattern can start with a character of a negated class, a category or `.`."""


def first_chars(source: str) -> frozenset[str]:
    """Every character a non-empty match of `source` can start with (a superset: lookarounds are
    not read). Raises Unbounded when that is not a small set."""
    chars, _ = _sequence(list(_parser.parse(source)))
    return frozenset(chars)


def _sequence(items: list) -> tuple[set[str], bool]:
    """(first characters, whether the whole sequence can match empty)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item(op, av) -> tuple[set[str], bool]:  # noqa: ANN001
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        return _class(av), False
    if op is c.BRANCH:
        chars: set[str] = set()
        nullable = False
        for branch in av[1]:
            b_chars, b_null = _sequence(list(branch))
            chars |= b_chars
            nullable = nullable or b_null
        return chars, nullable
    if op is c.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        low, _, body = av
        chars, nullable = _sequence(list(body))
        return chars, nullable or low == 0
    if op in _TRANSPARENT:
        return set(), True
    raise Unbounded(str(op))


def _class(items: list) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _RANGE_MAX:
            out.update(chr(i) for i in range(av[0], av[1] + 1))
        else:
            raise Unbounded(str(op))
    return out
