"""A same-length ASCII view of report text, so that spans found in the view are spans in the original.

Reports mix full-width digits and signs (７．３％, 2002's national report is entirely so) with
ASCII ones. Mapping each full-width character to its one-character ASCII twin keeps every
offset unchanged: the parser matches on the view and quotes the original.
"""
from __future__ import annotations

import re

from targetwatch.diffing.lazyre import lazy

_PAIRS = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
    "．": ".", "％": "%", "－": "-", "～": "~", "＋": "+", "，": "，",
    "﹪": "%", "−": "-", "–": "-", "‐": "-", "‑": "-",
    "─": "-",  # U+2500, a range's dash in some copies (国内生产总值增长9%─10%, shanghai 2003)
}
_SINGLE = {k: v for k, v in _PAIRS.items() if len(v) == 1 and k != v}
_MIDDLE_DOTS = ("·", "・")  # U+00B7, U+30FB: decimal points of old copies only between digits
_DIGITS = "0123456789"


def ascii_view(text: str) -> str:
    # One str.replace per wide character the text holds: each is a C scan, where re.sub called
    # back into Python for every wide character (2003's report has 758) and translate() looks
    # every character up in a dict. 4.6 -> 2.2 ms over national 2000-2025.
    # The `in` tests alone tell a text with nothing to map (it is returned, not copied): the
    # twenty of them run at memchr speed, where a regex search for any of the twenty first,
    # one character class tested at every position, cost ~90 instructions a character.
    view = text
    for wide, narrow in _SINGLE.items():
        if wide in view:
            view = view.replace(wide, narrow)
    for dot in _MIDDLE_DOTS:
        if dot in view:
            view = _dot_decimals(view, dot)
    view = _thousands(view)
    assert len(view) == len(text)
    return view


def _dot_decimals(view: str, dot: str) -> str:
    """14·1 -> 14.1: each middle dot with a digit on both sides (after the full-width digits were
    mapped) becomes a point. A find loop over the dots alone: a text holds a handful of them."""
    parts: list[str] = []
    done = 0
    i = view.find(dot, 1)
    while i != -1:
        after = view[i + 1:i + 2]  # "" at the end of the text, which `in` would accept
        if after and after in _DIGITS and view[i - 1] in _DIGITS:
            parts.append(view[done:i])
            parts.append(".")
            done = i + 1
        i = view.find(dot, i + 1)
    if not parts:
        return view
    parts.append(view[done:])
    return "".join(parts)


_COMMA_DIGIT = lazy("，[0-9]")
"""Where a full-width comma may separate thousands. A literal first character lets the engine run from
comma to comma in C (some 18 µs over a whole report), where a pattern opening with the digits (a
class) is entered at every digit: four times as much for [0-9]，[0-9], ten for the whole run's."""
_GROUPED = lazy(r"[0-9]{1,3}(?:，[0-9]{3})+(?![0-9.])")


def _thousands(view: str) -> str:
    """33，212万吨 -> 33,212万吨, 27，203，319，000元 -> 27,203,319,000元: old reports (national 1956,
    1980) set thousands apart with the comma of the sentence, which numbers.py would take for the end
    of one figure and the start of another (212万吨)."""
    m = _COMMA_DIGIT.search(view, 1)
    if m is None:
        return view
    parts: list[str] = []
    done = 0
    while m is not None:
        grouped = _grouped_at(view, m.start())
        if grouped is None:
            m = _COMMA_DIGIT.search(view, m.start() + 1)
            continue
        parts += (view[done:grouped.start()], grouped.group().replace("，", ","))
        done = grouped.end()
        m = _COMMA_DIGIT.search(view, done)
    if not parts:
        return view
    parts.append(view[done:])
    return "".join(parts)


def _grouped_at(view: str, comma: int) -> re.Match[str] | None:
    """The whole run of groups whose first comma is at `comma`, if it is one: its first group of one to
    three digits after neither a digit nor a decimal point, its last followed by neither. So 1978，1979
    (two years), 2，3 (two figures) and 3.5，200 (a list) keep their comma."""
    run = comma  # back over the digits before the comma, up to one more than a first group has
    while run > 0 and comma - run < 4 and view[run - 1] in _DIGITS:
        run -= 1
    if not 0 < comma - run < 4 or (run > 0 and view[run - 1] in _NOT_BEFORE_GROUPS):
        return None
    return _GROUPED.match(view, run)


_NOT_BEFORE_GROUPS = frozenset(_DIGITS + ".")
"""What the first group may not follow: a digit (its run is longer than a group) or a decimal point."""
