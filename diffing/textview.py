"""A same-length ASCII view of report text, so that spans found in the view are spans in the original.

Reports mix full-width digits and signs (７．３％, 2002's national report is entirely so) with
ASCII ones. Mapping each full-width character to its one-character ASCII twin keeps every
offset unchanged: the parser matches on the view and quotes the original.
"""
from __future__ import annotations

_PAIRS = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
    "．": ".", "％": "%", "－": "-", "～": "~", "＋": "+", "，": "，",
    "﹪": "%", "−": "-", "–": "-", "‐": "-", "‑": "-",
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
