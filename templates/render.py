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
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from targetwatch.diffing import fmt as chinese
from targetwatch.diffing.compare import CHECKS, Comparison, Row
from targetwatch.diffing.headline import Tally, is_setting, judged_tasks, main_targets, target_tally
from targetwatch.diffing.history import History, Series
from targetwatch.diffing.model import Fact
from targetwatch.diffing.regions import region_name
from targetwatch.templates import lang as L
from targetwatch.templates import styles, tables
from targetwatch.templates.words import counted, note as note_in, words

if TYPE_CHECKING:  # pragma: no cover - jinja2 is imported when a template is first rendered
    import jinja2

COMPARISON_FORMATS: tuple[str, ...] = ("json", "table", "text", "md", "html")
HISTORY_FORMATS: tuple[str, ...] = ("json", "table", "text", "csv", "md", "html")

VERDICT_COLOURS: dict[str, str] = {
    "met": "#1a7f37", "missed": "#cf222e", "not_reported": "#6e7781", "not_comparable": "#6e7781",
    "raised": "#0969da", "lowered": "#bc4c00", "unchanged": "#6e7781", "reworded": "#8250df",
    "new": "#1b7c83", "dropped": "#57606a", "not_repeated": "#57606a", "above": "#0969da", "below": "#bc4c00", "equal": "#6e7781",
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


def figure(fact: Fact | None, lang: str = "zh") -> str:
    return L.figure(fact, lang)


def shown(fact: Fact | None, most: int = 24, lang: str = "zh") -> str:
    """A figure, or for a worded target its own words (「与经济增长同步」), never a bare 定性表述.
    In English the words stay in the quotes beside it: the figure says `qualitative`."""
    if fact is not None and fact.comparator == "qualitative" and lang != "en":
        said = quote(fact)
        return "「" + (said if len(said) <= most else said[: most - 1] + "…") + "」"
    return figure(fact, lang)


def name(row_or_series: Row | Series, region: str | None = None, lang: str = "zh") -> str:
    """An indicator's heading: the catalog's name in `lang`; a task's words as the report wrote them."""
    if isinstance(row_or_series, Series):
        if lang == "en" and not row_or_series.indicator.startswith("task:"):
            return L.indicator(row_or_series.indicator, lang=lang)
        return row_or_series.name
    return L.indicator(row_or_series.indicator, row_or_series.subject, region, lang)


def verdict_label(verdict: str | None, within_tolerance: bool = False, lang: str = "zh") -> str:
    return L.verdict(verdict, lang, within_tolerance)


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
    lang: str = "zh"

    def cells(self) -> list[list[str]]:
        """The rows as plain strings for a terminal table (numbered, so quotes can refer to them)."""
        lang = self.lang
        return [[str(i), ln.name, figure(ln.older, lang), figure(ln.newer, lang),
                 verdict_label(ln.row.verdict, ln.row.within_tolerance, lang),
                 L.signed(ln.delta, ln.unit, lang)] for i, ln in enumerate(self.lines, 1)]


def check_view(c: Comparison, check: str, lang: str = "zh") -> CheckView:
    """Headings, column titles and rows of one check, shared by the HTML, text and Markdown."""
    y0, y1 = c.previous_year, c.year

    def w(key: str, **kw: object) -> str:
        return words(lang, key, **kw)

    if check == "target_vs_outcome":
        title = w("tvo_title", prev=y0)
        heads = (w("target_of", y=y0), w("actual_of", y=y0), w("verdict"), w("margin"))
        sources = (w("report_of", y=y0), w("report_of", y=y1))
    elif check == "target_vs_target":
        title = w("tvt_title", year=y1, prev=y0)
        heads = (w("target_of", y=y0), w("target_of", y=y1), w("change"), w("by"))
        sources = (w("report_of", y=y0), w("report_of", y=y1))
    elif check == "target_vs_last_outcome":
        title = w("tvl_title", year=y1, prev=y0)
        heads = (w("actual_of", y=y0), w("target_of", y=y1), w("versus"), w("difference"))
        sources = (w("report_of", y=y1), w("report_of", y=y1))
    else:
        raise ValueError(f"unknown check {check!r}")
    lines = []
    for r in c.by_check(check):
        (older, newer), (d, u) = r.sides, r.delta
        lines.append(Line(r, name(r, c.region, lang), older, newer, d, u))
    return CheckView(check, title, heads, sources, tuple(lines), lang)


def series_cells(series: Series, lang: str = "zh") -> list[list[str]]:
    """One history series as plain strings for a terminal table."""
    out = []
    for p in series.points:
        moved = ""
        if p.move:
            moved = L.verdict(p.move, lang) + (" " + L.signed(p.change, p.change_unit, lang) if p.change else "")
        out.append([str(p.year), figure(p.target, lang), figure(p.outcome, lang),
                    verdict_label(p.verdict, p.within_tolerance, lang) if p.verdict else "",
                    L.signed(p.margin, p.margin_unit, lang) if p.margin is not None else "", moved])
    return out


# --- chart geometry --------------------------------------------------------------------------

def chart(series: Series, width: int = 420, height: int = 150, lang: str = "zh") -> dict[str, Any] | None:
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
        tip = words(lang, "chart_tip", y=p.year, target=figure(point.target, lang), outcome=figure(point.outcome, lang))
        if p.verdict:
            tip += words(lang, "comma") + L.verdict(p.verdict, lang)
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
    yticks = [{"y": y(v), "label": L.axis(v, series.unit, lang)} for v in nice_ticks(lo, hi)]
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

def make_environment(loader: jinja2.BaseLoader | None = None, *, lang: str = "zh",
                     inline_styles: bool = True) -> jinja2.Environment:
    """A fresh environment with this module's filters; callers may add their own on top.

    Pass a ChoiceLoader to put other templates beside ours (the digest does); HTML files are
    autoescaped, `.txt` and `.md.j2` are not. `lang` ("zh" or "en") is bound into every
    filter and global, so templates never pass it around; `inline_styles=False` writes
    classes and one stylesheet instead of a style on every element (pages, not mail).
    Jinja2 is imported here, not with the module: JSON and CSV need no template, and
    `compare --format json` should not pay for it.
    """
    import jinja2

    L.check_lang(lang)
    env = jinja2.Environment(
        loader=loader or jinja2.PackageLoader("targetwatch.templates", "."),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True,
                                            default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def w(key: str, **values: object) -> str:
        return words(lang, key, **values)

    def wc(key: str, n: int, **values: object) -> str:
        return counted(lang, key, n, **values)

    env.filters.update(
        figure=partial(figure, lang=lang), shown=partial(shown, lang=lang),
        signed=partial(L.signed, lang=lang), verdict_zh=partial(verdict_label, lang=lang), md=md, quote=quote,
        scaled=partial(L.scaled, lang=lang), period=partial(L.period, lang=lang),
        region_name=partial(L.region, lang=lang), colour=verdict_colour, note=partial(note_in, lang=lang),
    )
    env.tests.update(few=lambda points: len(points) <= FEW_POINTS)
    env.globals.update(
        table=tables.render, box=tables.boxed, headline_view=partial(headline_view, lang=lang),
        tally_words=partial(tally_words, lang=lang), tv_rows=partial(tv_rows, lang=lang),
        verdict_cell=partial(verdict_label, lang=lang), chart=partial(chart, lang=lang), name=partial(name, lang=lang),
        check_view=partial(check_view, lang=lang), series_cells=partial(series_cells, lang=lang), CHECKS=CHECKS,
        t=w, tc=wc, lang=lang, tolerance=partial(L.tolerance, lang=lang), is_setting=is_setting,
        css=styles.inline if inline_styles else styles.classes, inline_styles=inline_styles,
        stylesheet=styles.stylesheet,
    )
    return env


FEW_POINTS = 2
"""A history series of this many years or fewer has no trend to chart: the HTML lists such
series in one table at the end instead of a heading, a chart and a table each."""


@lru_cache(maxsize=4)
def environment(lang: str = "zh", inline_styles: bool = True) -> jinja2.Environment:
    """The shared environment this module renders with (one per language and style, built once)."""
    return make_environment(lang=lang, inline_styles=inline_styles)


_TEMPLATE_SUFFIX = {"table": "txt", "text": "txt", "md": "md.j2", "html": "html"}


def render_comparison(comparison: Comparison, fmt: str = "html", *, full: bool = False,
                      links: dict[str, str] | None = None, lang: str = "zh", inline_styles: bool = False) -> str:
    """`json` is COMPARE.md (every row, each with `headline`); the others lead with the headline.

    The default view (`full=False`) holds the rows diffing.headline picks, with counts of
    the rest; `full=True` (`--all`) lists every row with its quotes. `table` is a boxed
    terminal table, `text` mail-ready lines, `md` Markdown, `html` a page (whose full
    tables sit behind one click, in <details>). `lang` is the language of everything but
    the quoted sentences and task names; JSON is the contract and has none. Mail passes
    `inline_styles=True`: its clients drop <style> blocks.
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
    template = environment(lang, inline_styles).get_template(name_)
    return template.render(c=comparison, region=L.region(comparison.region, lang), full=full, links=links or {})


def render_history(history: History, fmt: str = "html", *, full: bool = True, lang: str = "zh",
                   inline_styles: bool = False) -> str:
    """`json`, `csv` (one line per indicator and year), `table`/`text`, `md` or an `html` page with charts.

    `full=False` keeps the headline series only (diffing.headline), for every format but
    `json` and `csv`, which always carry every series (and, as data, no language).
    """
    if not full and fmt not in ("json", "csv"):
        history = history.headline()
    if fmt == "json":
        return json.dumps(history.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return history_csv(history)
    if fmt not in _TEMPLATE_SUFFIX:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(HISTORY_FORMATS)}")
    template = environment(lang, inline_styles).get_template(f"history.{_TEMPLATE_SUFFIX[fmt]}")
    return template.render(h=history, region=L.region(history.region, lang))


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
    `--all` shows, so nothing is hidden without saying so. `settings` are last year's policy
    settings (赤字率, 专项债券: plans a report sets, never met or missed, see diffing.compare),
    kept out of `scored` and `unreported`: a setting without an "outcome" is not a gap.
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
    tally: Tally
    settings: tuple[Line, ...] = ()

    def task_groups(self) -> tuple[tuple[str, tuple[Line, ...]], ...]:
        """`tasks` by what they compare: last year's target with its outcome, then with this
        year's target. One task can stand in both (6.5%以上 → 6.2% missed; 6.5%以上 → 6% lowered),
        so each group is shown under words that say which two figures its arrow joins."""
        groups = tuple((check, tuple(ln for ln in self.tasks if ln.row.check == check))
                       for check in ("target_vs_outcome", "target_vs_target"))
        return tuple(g for g in groups if g[1])


def headline_view(c: Comparison, tasks_shown: int = TASKS_SHOWN, lang: str = "zh") -> Headline:
    """The default view: `scored` and `unreported` are diffing.headline.main_targets, `tally`
    its target_tally (the one count of "were last year's targets met", which the web pages,
    API and feeds read too), the target_vs_outcome `tasks` its judged_tasks."""
    def line(r: Row) -> Line:
        (older, newer), (d, u) = r.sides, r.delta
        return Line(r, name(r, c.region, lang), older, newer, d, u)

    targets = main_targets(c)
    scored = [line(r) for r in targets if r.verdict != "not_reported"]
    unreported = [line(r) for r in targets if r.verdict == "not_reported"]
    settings = [line(r) for r in c.by_check("target_vs_outcome")
                if not r.indicator.startswith("task:") and is_setting(r)]
    tasks = [line(r) for r in judged_tasks(c)]
    moved, unchanged = [], []
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
    return Headline(
        tuple(scored), tuple(unreported), tuple(moved), tuple(unchanged), tuple(tasks[:tasks_shown]),
        max(0, len(tasks) - tasks_shown),
        sum(1 for r in rows if r.check == "target_vs_outcome" and r.verdict == "not_reported" and r.indicator.startswith("task:")),
        sum(1 for r in rows if r.verdict == "not_repeated"),
        sum(1 for r in rows if r.check == "target_vs_target" and r.verdict == "new" and r.indicator.startswith("task:")),
        target_tally(c), tuple(settings))


def tv_rows(lines: tuple[Line, ...], lang: str = "zh") -> list[list[str]]:
    """Lines as the cells of a boxed table: name, older, newer, verdict, delta."""
    return [[ln.name, shown(ln.older, 14, lang), shown(ln.newer, 14, lang),
             verdict_label(ln.row.verdict, ln.row.within_tolerance, lang),
             L.signed(ln.delta, ln.unit, lang) if ln.delta is not None else ""] for ln in lines]


def tally_words(h: Headline, lang: str = "zh") -> str:
    """'完成 5 项（其中容差内 1 项）、未完成 3 项、不可比 1 项': the one line a reader wants first."""
    return tally_text(h.tally, lang)


def tally_text(t: Tally, lang: str = "zh") -> str:
    """A Tally (diffing.headline.target_tally, task_tally) in words: '完成 3 项、未报告实际 1 项'."""
    parts = []
    if t.get("met"):
        parts.append(words(lang, "met_n", n=t.get("met"))
                     + (words(lang, "met_within", n=t.met_within) if t.met_within else ""))
    if t.get("missed"):
        parts.append(words(lang, "missed_n", n=t.get("missed")))
    if t.get("not_comparable"):
        parts.append(words(lang, "not_comparable_n", n=t.get("not_comparable")))
    if t.get("not_reported"):
        parts.append(words(lang, "unreported_n", n=t.get("not_reported")))
    return words(lang, "list").join(parts) or words(lang, "nothing_judged")


def box(headers: list[str] | tuple[str, ...], rows: list[list[str]], max_widths: tuple[int, ...] | None = None) -> str:
    """A table drawn with box characters, for `--format table` (text is the mail-ready form)."""
    return tables.boxed(headers, rows, max_widths)
