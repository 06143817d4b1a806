"""Comparisons and histories as JSON, terminal text, Markdown, HTML and CSV.

Every rendering but JSON and CSV is a Jinja2 template in the `templates` package, so the
email digest can include the same partials (`_macros.html`: verdict badge, comparison tables,
history chart) instead of drawing its own. HTML is autoescaped: report sentences are quoted
verbatim and a page must never run what a scraped text contains. Markdown has no
autoescape, so its templates pass every quoted text through the `md` filter.

Charts are inline SVG computed here (no JavaScript), because mail clients run none.
"""
from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from targetwatch.diffing import fmt as chinese
from targetwatch.diffing.compare import CHECKS, Comparison, Row
from targetwatch.diffing.history import History, Series
from targetwatch.diffing.model import Fact
from targetwatch.diffing.regions import region_name
from targetwatch.templates import tables

if TYPE_CHECKING:  # pragma: no cover - jinja2 is imported when a template is first rendered
    import jinja2

COMPARISON_FORMATS: tuple[str, ...] = ("json", "table", "text", "md", "html")
HISTORY_FORMATS: tuple[str, ...] = ("json", "table", "text", "csv", "md", "html")

VERDICT_COLOURS: dict[str, str] = {
    "met": "#1a7f37", "missed": "#cf222e", "not_reported": "#6e7781", "not_comparable": "#6e7781",
    "raised": "#0969da", "lowered": "#bc4c00", "unchanged": "#6e7781", "reworded": "#8250df",
    "new": "#1b7c83", "dropped": "#57606a", "above": "#0969da", "below": "#bc4c00", "equal": "#6e7781",
    "pending": "#8c959f",
}
"""Badge colours; `met` within the 左右 tolerance is drawn in amber instead of green."""
WITHIN_TOLERANCE_COLOUR = "#9a6700"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: Any) -> str:
    """Text safe inside Markdown, table cells included.

    Markdown viewers pass raw HTML through, so `<` and `&` become entities, and the
    characters that would start emphasis, code, links or cells are backslash-escaped. Texts
    are always placed mid-line by our templates, so line-start markers (#, -, >) are safe.
    """
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"\s*\n\s*", " ", s)
    return _MD_SPECIAL.sub(r"\\\1", s)


def figure(fact: Fact | None) -> str:
    return "—" if fact is None else chinese.figure(fact)


def shown(fact: Fact | None, most: int = 24) -> str:
    """A figure, or for a worded target its own words (「与经济增长同步」), never a bare 定性表述."""
    if fact is not None and fact.comparator == "qualitative":
        words = quote(fact)
        return "「" + (words if len(words) <= most else words[: most - 1] + "…") + "」"
    return figure(fact)


def name(row_or_series: Row | Series, region: str | None = None) -> str:
    if isinstance(row_or_series, Series):
        return row_or_series.name
    return chinese.indicator_name(row_or_series.indicator, row_or_series.subject, region)


def verdict_label(verdict: str | None, within_tolerance: bool = False) -> str:
    return chinese.verdict(verdict) + ("（容差内）" if within_tolerance else "")


def verdict_colour(verdict: str | None, within_tolerance: bool = False) -> str:
    if verdict == "met" and within_tolerance:
        return WITHIN_TOLERANCE_COLOUR
    return VERDICT_COLOURS.get(verdict or "", "#6e7781")


def quote(fact: Fact | None) -> str:
    """The report's own words, on one line (reports wrap inside sentences)."""
    if fact is None:
        return ""
    return re.sub(r"\s*\n\s*", " ", fact.text).strip()


# --- what each check shows -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Line:
    """One row as every rendering lays it out: the older figure left, the newer right."""

    row: Row
    name: str
    older: Fact | None
    newer: Fact | None
    delta: float | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class CheckView:
    check: str
    title: str
    heads: tuple[str, str, str, str]
    sources: tuple[str, str]
    lines: tuple[Line, ...]

    def cells(self) -> list[list[str]]:
        """The rows as plain strings for a terminal table (numbered, so quotes can refer to them)."""
        return [[str(i), ln.name, figure(ln.older), figure(ln.newer), verdict_label(ln.row.verdict, ln.row.within_tolerance),
                 chinese.signed(ln.delta, ln.unit)] for i, ln in enumerate(self.lines, 1)]


def check_view(c: Comparison, check: str) -> CheckView:
    """Headings, column titles and rows of one check, shared by the HTML, text and Markdown."""
    y0, y1 = c.previous_year, c.year
    if check == "target_vs_outcome":
        title, heads = f"{y0}年目标完成情况", (f"{y0}年目标", f"{y0}年实际", "结果", "差距")
        sources = (f"{y0}年报告", f"{y1}年报告")
    elif check == "target_vs_target":
        title, heads = f"{y1}年目标与{y0}年目标相比", (f"{y0}年目标", f"{y1}年目标", "变化", "幅度")
        sources = (f"{y0}年报告", f"{y1}年报告")
    elif check == "target_vs_last_outcome":
        title, heads = f"{y1}年目标与{y0}年实际相比", (f"{y0}年实际", f"{y1}年目标", "比较", "差值")
        sources = (f"{y1}年报告", f"{y1}年报告")
    else:
        raise ValueError(f"unknown check {check!r}")
    lines = []
    for r in c.by_check(check):
        (older, newer), (d, u) = r.sides, r.delta
        lines.append(Line(r, name(r, c.region), older, newer, d, u))
    return CheckView(check, title, heads, sources, tuple(lines))


def series_cells(series: Series) -> list[list[str]]:
    """One history series as plain strings for a terminal table."""
    out = []
    for p in series.points:
        moved = ""
        if p.move:
            moved = chinese.verdict(p.move) + (" " + chinese.signed(p.change, p.change_unit) if p.change else "")
        out.append([str(p.year), figure(p.target), figure(p.outcome),
                    verdict_label(p.verdict, p.within_tolerance) if p.verdict else "",
                    chinese.signed(p.margin, p.margin_unit) if p.margin is not None else "", moved])
    return out


# --- chart geometry --------------------------------------------------------------------------

def chart(series: Series, width: int = 420, height: int = 150) -> dict[str, Any] | None:
    """Coordinates of a small target-vs-outcome chart, or None when there is nothing to draw.

    Targets are dashes (ranges are bars from low to high), outcomes dots coloured by verdict
    and joined by a line. The vertical axis spans the figures, not zero: growth rates of
    5-8% would otherwise be a flat line.
    """
    pts = series.plot()
    values = [v for p in pts for v in (p.target, p.target_low, p.target_high, p.outcome) if v is not None]
    drawn = [p for p in pts if p.target is not None or p.outcome is not None]
    if not values or len(drawn) < 2:
        return None
    left, right, top, bottom = 62, 24, 10, 24
    pw, ph = width - left - right, height - top - bottom
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.12 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    y0, y1 = min(p.year for p in drawn), max(p.year for p in drawn)
    span = max(1, y1 - y0)
    inset = min(12.0, pw / (span + 1) / 2)  # first and last points clear of the axes

    def x(year: int) -> float:
        return round(left + inset + (year - y0) / span * (pw - 2 * inset), 1)

    def y(v: float) -> float:
        return round(top + (hi - v) / (hi - lo) * ph, 1)

    by_year = {p.year: p for p in series.points}
    targets, outcomes = [], []
    for p in drawn:
        point = by_year[p.year]
        tip = f"{p.year}年 目标 {figure(point.target)}，实际 {figure(point.outcome)}"
        if p.verdict:
            tip += f"，{chinese.verdict(p.verdict)}"
        if p.target is not None:
            targets.append({"x": x(p.year), "y": y(p.target), "title": tip,
                            "low": y(p.target_low) if p.target_low is not None else None,
                            "high": y(p.target_high) if p.target_high is not None else None})
        if p.outcome is not None:
            outcomes.append({"x": x(p.year), "y": y(p.outcome), "title": tip,
                             "colour": verdict_colour(p.verdict, point.within_tolerance)})
    step = max(1, math.ceil(span / 6))
    xticks = [{"x": x(yr), "label": str(yr)} for yr in range(y0, y1 + 1, step)]
    last = y0 + (len(xticks) - 1) * step
    if last != y1:  # always label the latest year; drop a tick too close to it
        if y1 - last < step / 2:
            xticks.pop()
        xticks.append({"x": x(y1), "label": str(y1)})
    yticks = [{"y": y(v), "label": chinese.scaled(v, series.unit)} for v in nice_ticks(lo, hi)]
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": height - bottom, "targets": targets, "outcomes": outcomes,
        "line": " ".join(f"{o['x']},{o['y']}" for o in outcomes),
        "xticks": xticks, "yticks": yticks,
    }


def nice_ticks(lo: float, hi: float, most: int = 4) -> list[float]:
    """Round axis values (1, 2, 2.5 or 5 times a power of ten) inside [lo, hi]."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / most
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if span / (m * mag) <= most)
    first = math.ceil(lo / step) * step
    count = int(math.floor((hi - first) / step + 1e-9)) + 1
    return [float(f"{first + i * step:.10g}") for i in range(count)]


# --- the environment -------------------------------------------------------------------------

def make_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """A fresh environment with this module's filters; callers may add their own on top.

    Pass a ChoiceLoader to put other templates beside ours (the digest does); HTML files are
    autoescaped, `.txt` and `.md.j2` are not. Jinja2 is imported here, not with the module:
    JSON and CSV need no template, and `compare --format json` should not pay for it.
    """
    import jinja2

    env = jinja2.Environment(
        loader=loader or jinja2.PackageLoader("targetwatch.templates", "."),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True,
                                            default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        figure=figure, shown=shown, signed=chinese.signed, verdict_zh=verdict_label, md=md, quote=quote, scaled=chinese.scaled,
        period=chinese.period, region_name=region_name, colour=verdict_colour,
    )
    env.globals.update(table=tables.render, box=tables.boxed, headline_view=headline_view, tally_words=tally_words, tv_rows=tv_rows,
                       verdict_cell=verdict_label, chart=chart, name=name, check_view=check_view, series_cells=series_cells,
                       CHECKS=CHECKS)
    return env


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment this module renders with (built once per process)."""
    return make_environment()


_TEMPLATE_SUFFIX = {"table": "txt", "text": "txt", "md": "md.j2", "html": "html"}


def render_comparison(comparison: Comparison, fmt: str = "html", *, full: bool = False,
                      links: dict[str, str] | None = None) -> str:
    """`json` is COMPARE.md (every row, each with `headline`); the others lead with the headline.

    The default view (`full=False`) holds the rows diffing.headline picks, with counts of
    the rest; `full=True` (`--all`) lists every row with its quotes. `table` is a boxed
    terminal table, `text` mail-ready lines, `md` Markdown, `html` a page (whose full
    tables sit behind one click, in <details>).
    """
    if fmt == "json":
        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt not in _TEMPLATE_SUFFIX:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(COMPARISON_FORMATS)}")
    if full and fmt in ("table", "text"):
        name_ = "comparison_all.txt"
    elif fmt == "table":
        name_ = "comparison_table.txt"
    else:
        name_ = f"comparison.{_TEMPLATE_SUFFIX[fmt]}"
    template = environment().get_template(name_)
    return template.render(c=comparison, region=region_name(comparison.region), full=full, links=links or {})


def render_history(history: History, fmt: str = "html", *, full: bool = True) -> str:
    """`json`, `csv` (one line per indicator and year), `table`/`text`, `md` or an `html` page with charts.

    `full=False` keeps the headline series only (diffing.headline), for every format but
    `json` and `csv`, which always carry every series.
    """
    if not full and fmt not in ("json", "csv"):
        history = history.headline()
    if fmt == "json":
        return json.dumps(history.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return history_csv(history)
    if fmt not in _TEMPLATE_SUFFIX:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(HISTORY_FORMATS)}")
    template = environment().get_template(f"history.{_TEMPLATE_SUFFIX[fmt]}")
    return template.render(h=history, region=region_name(history.region))


CSV_COLUMNS = ("region", "indicator", "name", "year", "target", "target_comparator", "target_value", "target_low",
               "target_high", "target_unit", "outcome", "outcome_comparator", "outcome_value", "outcome_unit",
               "verdict", "margin", "margin_unit", "target_change", "change", "change_unit", "target_text",
               "outcome_text")


def history_csv(history: History) -> str:
    """Numbers in base units plus the Chinese figure, so a spreadsheet can both sort and quote."""
    import csv  # only this format needs it

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for s in history.series:
        for p in s.points:
            t, o = p.target, p.outcome
            w.writerow([
                history.region, s.indicator, s.name, p.year,
                figure(t) if t else "", t.comparator if t else "", _n(t.value if t else None),
                _n(t.low if t else None), _n(t.high if t else None), (t.unit or "") if t else "",
                figure(o) if o else "", o.comparator if o else "", _n(o.value if o else None),
                (o.unit or "") if o else "",
                p.verdict or "", _n(p.margin), p.margin_unit or "", p.move or "", _n(p.change), p.change_unit or "",
                quote(t), quote(o),
            ])
    return buf.getvalue()


def _n(v: float | None) -> str:
    return "" if v is None else chinese.number(v)


# --- the default ("answers first") view -----------------------------------------------------

TASKS_SHOWN = 12
"""Matched tasks in a default view: a screenful; the rest are in `--all` and JSON."""


@dataclass(frozen=True, slots=True)
class Headline:
    """What the default view of a comparison shows, chosen by diffing.headline's one rule.

    `scored` are last year's headline targets with a verdict from this year's figures;
    `unreported` those this year's report gives no figure for (one line, with their count);
    `moved` this year's catalog targets that changed, `unchanged` those that did not;
    `tasks` commitments found in both reports with clean labels. The counts say what only
    `--all` shows, so nothing is hidden without saying so.
    """

    scored: tuple[Line, ...]
    unreported: tuple[Line, ...]
    moved: tuple[Line, ...]
    unchanged: tuple[Line, ...]
    tasks: tuple[Line, ...]
    more_tasks: int
    tasks_unreported: int
    not_repeated: int
    new_tasks: int
    tally: dict[str, int]


def headline_view(c: Comparison, tasks_shown: int = TASKS_SHOWN) -> Headline:
    def line(r: Row) -> Line:
        (older, newer), (d, u) = r.sides, r.delta
        return Line(r, name(r, c.region), older, newer, d, u)

    scored, unreported, moved, unchanged, tasks = [], [], [], [], []
    for r in c.by_check("target_vs_outcome"):
        if not r.headline:
            continue
        if r.indicator.startswith("task:"):
            if r.verdict in ("met", "missed"):
                tasks.append(line(r))
        elif r.verdict == "not_reported":
            unreported.append(line(r))
        else:
            scored.append(line(r))
    for r in c.by_check("target_vs_target"):
        if not r.headline:
            continue
        if r.indicator.startswith("task:"):
            if r.verdict in ("raised", "lowered", "reworded"):
                tasks.append(line(r))
        elif r.verdict == "unchanged":
            unchanged.append(line(r))
        else:
            moved.append(line(r))
    rows = c.rows
    tally: dict[str, int] = {}
    for ln in scored:
        key = "met_within" if ln.row.verdict == "met" and ln.row.within_tolerance else ln.row.verdict
        tally[key] = tally.get(key, 0) + 1
    return Headline(
        tuple(scored), tuple(unreported), tuple(moved), tuple(unchanged), tuple(tasks[:tasks_shown]),
        max(0, len(tasks) - tasks_shown),
        sum(1 for r in rows if r.check == "target_vs_outcome" and r.verdict == "not_reported" and r.indicator.startswith("task:")),
        sum(1 for r in rows if r.verdict == "not_repeated"),
        sum(1 for r in rows if r.check == "target_vs_target" and r.verdict == "new" and r.indicator.startswith("task:")),
        tally)


def tv_rows(lines: tuple[Line, ...]) -> list[list[str]]:
    """Lines as the cells of a boxed table: name, older, newer, verdict, delta."""
    return [[ln.name, shown(ln.older, 14), shown(ln.newer, 14), verdict_label(ln.row.verdict, ln.row.within_tolerance),
             chinese.signed(ln.delta, ln.unit) if ln.delta is not None else ""] for ln in lines]


def tally_words(h: Headline) -> str:
    """'完成 5 项（其中容差内 1 项）、未完成 3 项、不可比 1 项': the one line a reader wants first."""
    t = h.tally
    parts = []
    met = t.get("met", 0) + t.get("met_within", 0)
    if met:
        parts.append(f"完成 {met} 项" + (f"（其中“左右”容差内 {t['met_within']} 项）" if t.get("met_within") else ""))
    if t.get("missed"):
        parts.append(f"未完成 {t['missed']} 项")
    if t.get("not_comparable"):
        parts.append(f"不可比 {t['not_comparable']} 项")
    if h.unreported:
        parts.append(f"未报告实际 {len(h.unreported)} 项")
    return "、".join(parts) or "无可判定的目标"


def box(headers: list[str] | tuple[str, ...], rows: list[list[str]], max_widths: tuple[int, ...] | None = None) -> str:
    """A table drawn with box characters, for `--format table` (text is the mail-ready form)."""
    return tables.boxed(headers, rows, max_widths)
