"""Spaces left where a hard-wrapped text had its line breaks, taken out again.

Some sources were once wrapped at a fixed width and later rejoined with a space for each break
(the State Council's 2004 report: 今年经 济增长预期目标为７％左右, a space every 73 characters). A
space inside a word hides the words the parser looks for, so 经济增长 is not found. Such spaces
stand at one period along each paragraph, which spaces a writer meant never do (Shanghai's
reports set a space after each heading and inside names, at no period at all): a text is
changed only when nearly all its gaps between in-line spaces are one width, and then only the
spaces that stand on that period, between two non-ASCII characters, are taken out.
"""
from __future__ import annotations

from targetwatch.diffing.lazyre import lazy

_INNER_SPACE = lazy(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
MIN_GAPS = 20
"""Fewer gaps than this cannot show a period: a text with a handful of spaces is left as it is."""
SHARE_ON_PERIOD = 0.8
MIN_PERIOD = 20
"""A wrap width narrower than this is no page width; spaces that close are a writer's."""
SLACK = 2
"""How far a gap may be off the period: a break can fall one character early or late."""


def wrap_period(text: str) -> int | None:
    """The width the text was wrapped at, when its in-line spaces show one, else None."""
    gaps: list[int] = []
    for line in text.split("\n"):
        places = [m.start() for m in _INNER_SPACE.finditer(line)]
        gaps.extend(b - a for a, b in zip(places, places[1:]))
    if len(gaps) < MIN_GAPS:
        return None
    period = sorted(gaps)[len(gaps) // 2]  # the median (statistics would cost the CLI's start-up)
    on_period = sum(abs(g - period) <= SLACK for g in gaps)
    if period < MIN_PERIOD or on_period < SHARE_ON_PERIOD * len(gaps):
        return None
    return period


def join_wrapped_lines(text: str) -> str:
    """The text with the spaces of its old line breaks taken out; any other text as it is."""
    period = wrap_period(text)
    if period is None:
        return text
    return "\n".join(_join_line(line, period) for line in text.split("\n"))


def _join_line(line: str, period: int) -> str:
    """A line's first break comes within a period of its start (an indent makes it early): the last
    space there; each next break a period after the one before."""
    places = [m.start() for m in _INNER_SPACE.finditer(line)]
    first = [at for at in places if at <= period + SLACK]
    if not first:
        return line
    cut = [first[-1]]
    for at in places[len(first):]:
        if abs(at - cut[-1] - period) <= SLACK:
            cut.append(at)
    pieces, begin = [], 0
    for at in cut:
        pieces.append(line[begin:at])
        begin = at + 1
    pieces.append(line[begin:])
    return "".join(pieces)
