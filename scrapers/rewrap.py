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

MIN_GAPS = 20
"""Fewer gaps than this cannot show a period: a text with a handful of spaces is left as it is."""
SHARE_ON_PERIOD = 0.8
MIN_PERIOD = 20
"""A wrap width narrower than this is no page width; spaces that close are a writer's."""
SLACK = 2
"""How far a gap may be off the period: a break can fall one character early or late."""


def inner_spaces(text: str) -> list[int]:
    """Where a space stands between two non-ASCII characters. Found by str.find: report text
    holds few spaces, so this costs little, where a pattern would test every character."""
    places, i = [], text.find(" ")
    while i >= 0:
        if 0 < i < len(text) - 1 and text[i - 1] > "\x7f" and text[i + 1] > "\x7f":
            places.append(i)
        i = text.find(" ", i + 1)
    return places


def wrap_period(text: str, places: list[int] | None = None) -> int | None:
    """The width the text was wrapped at, when its in-line spaces show one, else None."""
    if places is None:
        places = inner_spaces(text)
    if len(places) <= MIN_GAPS:
        return None
    gaps = [b - a for a, b in zip(places, places[1:]) if text.find("\n", a, b) < 0]
    if len(gaps) < MIN_GAPS:
        return None
    period = sorted(gaps)[len(gaps) // 2]  # the median (statistics would cost the CLI's start-up)
    on_period = sum(abs(g - period) <= SLACK for g in gaps)
    if period < MIN_PERIOD or on_period < SHARE_ON_PERIOD * len(gaps):
        return None
    return period


def join_wrapped_lines(text: str) -> str:
    """The text with the spaces of its old line breaks taken out; any other text as it is."""
    places = inner_spaces(text)
    period = wrap_period(text, places)
    if period is None:
        return text
    cut: list[int] = []
    line_start, last, before = 0, -1, 0
    for at in places:
        # the line's start, looked for only since the space before: linear in the text, however long its lines
        newline = text.rfind("\n", before, at)
        if newline >= 0:
            line_start, last = newline + 1, -1
        before = at
        if at - line_start <= period + SLACK:
            # a line's first break comes within a period of its start: the last space there
            if last >= 0:
                cut.pop()  # a later space still within the first period is the break
            cut.append(at)
            last = at
        elif last >= 0 and abs(at - last - period) <= SLACK:
            cut.append(at)
            last = at
    pieces, begin = [], 0
    for at in cut:
        pieces.append(text[begin:at])
        begin = at + 1
    pieces.append(text[begin:])
    return "".join(pieces)
