"""Plain terminal tables that line up with Chinese text (wide characters take two columns)."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from targetwatch.diffing.fmt import figure
from targetwatch.diffing.model import FactSheet


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int) -> str:
    return s + " " * max(0, w - width(s))


def clip(s: str, w: int) -> str:
    if width(s) <= w:
        return s
    out, used = [], 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + cw > w - 1:
            break
        out.append(ch)
        used += cw
    return "".join(out) + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], max_widths: Sequence[int] | None = None) -> str:
    cols = len(headers)
    if max_widths:
        rows = [[clip(str(c), max_widths[i]) for i, c in enumerate(r)] for r in rows]
    widths = [max([width(headers[i])] + [width(str(r[i])) for r in rows]) for i in range(cols)]
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(pad(str(c), widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def facts_table(sheet: FactSheet) -> str:
    head = f"{sheet.region} {sheet.report_year}: {len(sheet.facts)} facts (extractor {sheet.extractor_version})"
    rows = []
    for f in sorted(sheet.facts, key=lambda f: (f.kind != "target", f.is_task, f.period, f.span[0])):
        period = f"{f.period_start}-{f.period}" if f.period_start else str(f.period)
        rows.append([f.kind, period, f.indicator, figure(f), f.text.replace("\n", " ")])
    return head + "\n" + render(["kind", "period", "indicator", "figure", "text"], rows, [7, 9, 34, 18, 60])


def boxed(headers: Sequence[str], rows: Sequence[Sequence[str]], max_widths: Sequence[int] | None = None) -> str:
    """The same table inside box-drawing lines, for a terminal."""
    cols = len(headers)
    if max_widths:
        rows = [[clip(str(c), max_widths[i]) for i, c in enumerate(r)] for r in rows]
    widths = [max([width(headers[i])] + [width(str(r[i])) for r in rows]) for i in range(cols)]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def cells(r: Sequence[str]) -> str:
        return "│" + "│".join(" " + pad(str(c), widths[i]) + " " for i, c in enumerate(r)) + "│"

    out = [rule("┌", "┬", "┐"), cells(headers), rule("├", "┼", "┤")]
    out += [cells(r) for r in rows]
    out.append(rule("└", "┴", "┘"))
    return "\n".join(out)
