"""The scoreboard (diffing.scoreboard) as a terminal table, JSON, CSV, Markdown or an HTML page.

Every rendering leads with the answer a journalist came for ("GDP growth: 10 of 31 regions
missed"), then the rows, missed first. The HTML draws one ranked chart per indicator in
inline SVG (no script, so it also works in mail and in the web app's pages): each region's
target as the report wrote it (a band for a range, a tick for 左右, an arrow for 以上 or
以内) and its outcome as a dot, a missed target in red. `scoreboard_fragment` is the page
body alone, for the web app to embed.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from targetwatch.diffing.catalog import lookup
from targetwatch.diffing.compare import value_of
from targetwatch.diffing.match import convert
from targetwatch.diffing.model import Fact
from targetwatch.diffing.scoreboard import MissingRegion, Scoreboard, ScoreRow
from targetwatch.templates import lang as L
from targetwatch.templates import tables
from targetwatch.templates.render import VERDICT_COLOURS, md, nice_ticks, quote, verdict_colour

SCOREBOARD_FORMATS: tuple[str, ...] = ("table", "json", "csv", "md", "html")

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title_tvo": "{year}年目标完成情况：各地区对比",
        "title_tvt": "{year}年目标与{prev}年目标相比：各地区对比",
        "sources_tvo": "目标取自各地{old}年政府工作报告，实际取自{new}年报告。",
        "sources_tvt": "{old}年目标取自各地{old}年政府工作报告，{new}年目标取自{new}年报告。",
        "compared": "纳入{n}个地区",
        "left_out": "未纳入（报告未存档，不等于完成）：",
        "none_left_out": "所有已存档地区均已纳入。",
        "no_target": "未设此项目标",
        "region": "地区", "indicator": "指标", "verdict": "结果", "margin": "差距", "move": "变化", "change": "幅度",
        "target": "{y}年目标", "outcome": "{y}年实际",
        "of": "{total}个地区中，", "sep": "、", "end": "。", "colon": "：",
        "within": "（其中{n}个在“左右”容差内）",
        "tolerance": "差距以好于目标为正；“左右”目标的容差：{tol}。",
        "no_rows": "（没有可比的行）",
        "chart_note": "图例：带状为区间目标，竖线为“左右”目标，箭头为“以上”/“以内”目标；圆点为实际，红色为未完成。",
        "not_drawn": "另有{n}个地区没有可比的实际数字（未报告或不可比），见下表。",
        "without_names": "未设此项目标：",
        "chart_note_tvt": "图例：灰色为上年目标，彩色为今年目标（带状为区间、竖线为“左右”、箭头为“以上”/“以内”）。",
        "quote_target": "目标原文", "quote_outcome": "实际原文",
        "all_rows": "全部{n}行",
        "missing_targets": "缺设定目标的{y}年报告", "missing_outcomes": "缺报告实际的{y}年报告",
        "missing_previous_targets": "缺设定上年目标的{y}年报告", "missing_reports": "缺{y}年报告",
        "unusable": "{y}年报告未列主要预期目标",
        "count": "{n}个{v}",
        "tasks_name": "其他任务（{n}项，各地自定）", "tasks_title": "其他任务",
    },
    "en": {
        "title_tvo": "{year} targets against outcomes, region by region",
        "title_tvt": "{year} targets against {prev} targets, region by region",
        "sources_tvo": "Targets from each region's {old} government work report, outcomes from its {new} report.",
        "sources_tvt": "{old} targets from each region's {old} government work report, {new} targets from its {new} report.",
        "compared": "{n} regions compared",
        "left_out": "Left out (reports not archived, which is not a pass): ",
        "none_left_out": "Every archived region is on the board.",
        "no_target": "set no target for this",
        "region": "Region", "indicator": "Indicator", "verdict": "Verdict", "margin": "Margin", "move": "Move",
        "change": "Change", "target": "{y} target", "outcome": "{y} actual",
        "of": "of {total} {regions}, ", "sep": ", ", "end": ".", "colon": ": ",
        "within": " ({n} of them within the tolerance for 'about' targets)",
        "tolerance": "Margins are positive when better than the target; tolerance for 'about' (左右) targets: {tol}.",
        "no_rows": "(no comparable rows)",
        "chart_note": "Key: band = range target, tick = 'about' (左右) target, arrow = 'at least' (以上) or 'at most' (以内) target; dot = outcome, red = missed.",
        "not_drawn": "{n} more regions have no comparable outcome (not reported or not comparable); see the table.",
        "without_names": "Set no target for this: ",
        "chart_note_tvt": "Key: grey = previous year's target, coloured = this year's (band = range, tick = 'about', arrow = 'at least'/'at most').",
        "quote_target": "target as written", "quote_outcome": "outcome as written",
        "all_rows": "all {n} rows",
        "missing_targets": "no {y} report to set the targets", "missing_outcomes": "no {y} report to state the outcomes",
        "missing_previous_targets": "no {y} report to set the previous targets", "missing_reports": "no {y} reports",
        "unusable": "the {y} report states no main targets",
        "count": "{n} {v}",
        "tasks_name": "Other tasks ({n}, each region's own)", "tasks_title": "Other tasks",
    },
}

TVO_ORDER = ("missed", "met", "not_reported", "not_comparable")
TVT_ORDER = ("raised", "lowered", "unchanged", "reworded", "new", "dropped", "not_repeated", "not_comparable")


def _w(lang: str, key: str, **kw: Any) -> str:
    if "total" in kw:
        kw.setdefault("regions", "region" if kw["total"] == 1 else "regions")
    return WORDS[lang][key].format(**kw)


def tolerance_text(board: Scoreboard, lang: str) -> str:
    return L.tolerance(board.tolerance, lang)


def colour(row: ScoreRow) -> str:
    return verdict_colour(row.verdict, row.row.within_tolerance)


# --- the answer first ----------------------------------------------------------------------

def title(board: Scoreboard, lang: str) -> str:
    key = "title_tvo" if board.check == "target_vs_outcome" else "title_tvt"
    return _w(lang, key, year=board.year, prev=board.year - 1)


def sources(board: Scoreboard, lang: str) -> str:
    """Where the two sides come from, and how many regions are on the board."""
    key = "sources_tvo" if board.check == "target_vs_outcome" else "sources_tvt"
    return (_w(lang, key, old=board.reports[0], new=board.reports[1]) + ("" if lang == "zh" else " ")
            + _w(lang, "compared", n=len(board.regions_compared)) + _w(lang, "end"))


def missing_reason(m: MissingRegion, lang: str) -> str:
    years = "、".join(map(str, m.reports)) if lang == "zh" else " and ".join(map(str, m.reports))
    if m.note:
        return _w(lang, "unusable", y=years)
    return _w(lang, f"missing_{m.missing}", y=years)


def left_out(board: Scoreboard, lang: str) -> str:
    if not board.regions_missing:
        return _w(lang, "none_left_out")
    parts = [f"{L.region(m.region, lang)}: {missing_reason(m, lang)}" if lang == "en"
             else f"{L.region(m.region, lang)}（{missing_reason(m, lang)}）" for m in board.regions_missing]
    return _w(lang, "left_out") + ("; " if lang == "en" else "、").join(parts) + _w(lang, "end")


@dataclass(frozen=True, slots=True)
class Headline:
    """One indicator's line of counts, e.g. 'GDP growth: of 31 regions, 10 missed, 21 met'."""

    indicator: str
    name: str
    counts: tuple[tuple[str, int], ...]
    within_tolerance: int
    without_target: tuple[str, ...]

    def text(self, lang: str, total: int) -> str:
        sep = _w(lang, "sep")
        out = self.name + _w(lang, "colon") + _w(lang, "of", total=total) + sep.join(self.parts(lang))
        if self.without_target:
            regions = sep.join(L.region(r, lang) for r in self.without_target)
            out += (f"{sep}{len(self.without_target)} {_w(lang, 'no_target')} ({regions})" if lang == "en"
                    else f"{sep}{len(self.without_target)}个{_w(lang, 'no_target')}（{regions}）")
        return out + _w(lang, "end")

    def parts(self, lang: str) -> list[str]:
        """'10个未完成', '21个完成（其中6个在“左右”容差内）', …"""
        out = []
        for v, n in self.counts:
            part = _w(lang, "count", n=n, v=L.verdict(v, lang))
            if v == "met" and self.within_tolerance:
                part += _w(lang, "within", n=self.within_tolerance)
            out.append(part)
        return out


def headlines(board: Scoreboard, lang: str) -> list[Headline]:
    order = TVO_ORDER if board.check == "target_vs_outcome" else TVT_ORDER
    summary = board.summary()
    without = dict(board.without_target)
    out = []
    for ind in headline_indicators(board):
        counts = summary.get(ind, {})
        rows = board.rows_of(ind)
        name = L.indicator(ind, rows[0].row.subject if rows else None, None, lang)
        out.append(Headline(ind, name, tuple((v, counts[v]) for v in order if counts.get(v)),
                            counts.get("met_within_tolerance", 0), tuple(without.get(ind, ()))))
    tasks = task_rows(board)
    if tasks:
        counts = Counter(r.verdict for r in tasks)
        within = sum(1 for r in tasks if r.row.within_tolerance)
        out.append(Headline("tasks", _w(lang, "tasks_name", n=len(tasks)),
                            tuple((v, counts[v]) for v in order if counts.get(v)), within, ()))
    return out


def headline_indicators(board: Scoreboard) -> tuple[str, ...]:
    """The catalog indicators on the board, each of which gets its own chart."""
    return tuple(i for i in board.indicators if not i.startswith("task:"))


def task_rows(board: Scoreboard) -> tuple[ScoreRow, ...]:
    """The task rows (with --all), shown together: almost every task is one region's own."""
    return tuple(r for r in board.rows if r.indicator.startswith("task:"))


# --- rows --------------------------------------------------------------------------------

def heads(board: Scoreboard, lang: str) -> list[str]:
    old, new = board.reports
    if board.check == "target_vs_outcome":
        return ["#", _w(lang, "region"), _w(lang, "indicator"), _w(lang, "target", y=board.year),
                _w(lang, "outcome", y=board.year), _w(lang, "verdict"), _w(lang, "margin")]
    return ["#", _w(lang, "region"), _w(lang, "indicator"), _w(lang, "target", y=old), _w(lang, "target", y=new),
            _w(lang, "move"), _w(lang, "change")]


def cells(board: Scoreboard, lang: str) -> list[list[str]]:
    out = []
    for i, r in enumerate(board.rows, 1):
        older, newer = r.row.sides
        delta, unit = r.row.delta
        out.append([str(i), L.region(r.region, lang), L.indicator(r.indicator, r.row.subject, r.region, lang),
                    L.figure(older, lang), L.figure(newer, lang), L.verdict(r.verdict, lang, r.row.within_tolerance),
                    L.signed(delta, unit, lang)])
    return out


def render_table(board: Scoreboard, lang: str) -> str:
    total = len(board.regions_compared)
    lines = [title(board, lang), sources(board, lang), ""]
    lines += [h.text(lang, total) for h in headlines(board, lang)]
    lines += ["", left_out(board, lang), ""]
    if board.rows:
        lines.append(tables.render(heads(board, lang), cells(board, lang), [4, 16, 30, 22, 22, 22, 16]))
    else:
        lines.append(_w(lang, "no_rows"))
    if board.check == "target_vs_outcome":
        lines += ["", _w(lang, "tolerance", tol=tolerance_text(board, lang))]
    return "\n".join(lines) + "\n"


def rendermd(board: Scoreboard, lang: str) -> str:
    total = len(board.regions_compared)
    out = [f"# {md(title(board, lang))}", "", md(sources(board, lang)), ""]
    out += [f"- {md(h.text(lang, total))}" for h in headlines(board, lang)]
    out += ["", md(left_out(board, lang)), ""]
    hs = heads(board, lang)
    out.append("| " + " | ".join(hs) + " |")
    out.append("|" + "|".join("---" for _ in hs) + "|")
    for c in cells(board, lang):
        out.append("| " + " | ".join(md(x) for x in c) + " |")
    if board.check == "target_vs_outcome":
        out += ["", md(_w(lang, "tolerance", tol=tolerance_text(board, lang)))]
    return "\n".join(out) + "\n"


# --- CSV: one line per row, numbers in base units beside the figure as written ------------

def csv_columns(check: str) -> tuple[str, ...]:
    a, b = ("target", "outcome") if check == "target_vs_outcome" else ("previous", "current")
    side = lambda p: (f"{p}", f"{p}_comparator", f"{p}_value", f"{p}_low", f"{p}_high", f"{p}_unit", f"{p}_text")  # noqa: E731
    delta = ("margin", "margin_unit", "within_tolerance") if check == "target_vs_outcome" else ("change", "change_unit")
    return ("year", "region", "region_name", "region_name_en", "indicator", "indicator_name", "indicator_name_en",
            "period", "verdict", *delta, *side(a), *side(b), "note")


def _n(v: float | None) -> str:
    return "" if v is None else f"{v:.12g}"


def render_csv(board: Scoreboard) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_columns(board.check))
    for r in board.rows:
        d = r.to_dict()
        older, newer = r.row.sides
        delta, unit = r.row.delta
        lead = [board.year, r.region, d["region_name"], d["region_name_en"], r.indicator, d["indicator_name"],
                d["indicator_name_en"], r.row.period, r.verdict, _n(delta), unit or ""]
        if board.check == "target_vs_outcome":
            lead.append("true" if r.row.within_tolerance else "false")
        for f in (older, newer):
            lead += ([L.figure(f), f.comparator, _n(f.value), _n(f.low), _n(f.high), f.unit or "", quote(f)]
                     if f is not None else [""] * 7)
        lead.append(r.row.note or "")
        w.writerow(lead)
    return buf.getvalue()


# --- the ranked chart ---------------------------------------------------------------------

ROW_H = 22
LABEL_W = 120
DELTA_W = 104
CHART_W = 900


def _in(value: float | None, unit: str | None, to: str | None) -> float | None:
    if value is None:
        return None
    return convert(value, unit, to)


def _glyph(fact: Fact | None, to: str | None) -> dict[str, Any] | None:
    """How a target is drawn: band (range), tick (about/exact), arrow (at_least/at_most)."""
    if fact is None or not fact.has_number:
        return None
    if fact.comparator == "range" and fact.low is not None and fact.high is not None:
        lo, hi = _in(fact.low, fact.unit, to), _in(fact.high, fact.unit, to)
        if lo is None or hi is None:
            return None
        return {"shape": "band", "low": lo, "high": hi, "value": (lo + hi) / 2}
    v = _in(value_of(fact), fact.unit, to)
    if v is None:
        return None
    shape = {"at_least": "up", "at_most": "down"}.get(fact.comparator, "tick")
    return {"shape": shape, "value": v}


def chart(board: Scoreboard, indicator: str, lang: str) -> dict[str, Any] | None:
    """Geometry of one indicator's ranked chart, in board order (missed first), or None."""
    rows = board.rows_of(indicator)
    ind = lookup(indicator)
    unit = ind.unit if ind else None
    if unit is None:
        first = next((r.row.subject for r in rows if r.row.subject is not None), None)
        unit = first.unit if first else None
    drawn = []
    for r in rows:
        older, newer = r.row.sides
        if board.check == "target_vs_outcome":
            target, other = _glyph(older, unit), None
            outcome = _in(value_of(newer), newer.unit, unit) if newer is not None and value_of(newer) is not None else None
        else:
            target, other, outcome = _glyph(newer, unit), _glyph(older, unit), None
        if target is None and other is None:
            continue
        if board.check == "target_vs_outcome" and (target is None or outcome is None):
            continue  # nothing to set against the target: the table below lists it
        drawn.append((r, target, other, outcome))
    if not drawn:
        return None
    values = []
    for _, t, o, v in drawn:
        for g in (t, o):
            if g:
                values += [g["value"], g.get("low", g["value"]), g.get("high", g["value"])]
        if v is not None:
            values.append(v)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    left, right = LABEL_W, CHART_W - DELTA_W
    top = 24
    height = top + ROW_H * len(drawn) + 8

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (right - left), 1)

    lines = []
    for i, (r, t, o, v) in enumerate(drawn):
        cy = top + ROW_H * i + ROW_H / 2
        delta, dunit = r.row.delta
        older, newer = r.row.sides
        tip = (f"{L.region(r.region, lang)}: {L.figure(older, lang)} → {L.figure(newer, lang)}, "
               f"{L.verdict(r.verdict, lang, r.row.within_tolerance)}")
        line: dict[str, Any] = {
            "y": round(cy, 1), "top": round(cy - ROW_H / 2, 1), "label": L.region(r.region, lang),
            "missed": r.verdict == "missed", "colour": colour(r), "delta": L.signed(delta, dunit, lang),
            "title": tip, "target": _place(t, x), "previous": _place(o, x),
            "outcome": None if v is None else x(v),
            "aside": "" if delta is not None else L.verdict(r.verdict, lang),
        }
        lines.append(line)
    ticks = [{"x": x(v), "label": L.scaled(v, unit, lang)} for v in nice_ticks(lo, hi, 6)]
    if len(drawn) > 15:  # a long chart repeats its scale underneath
        height += 16
    return {"width": CHART_W, "height": height, "left": left, "right": right, "top": top,
            "left_out": len(rows) - len(drawn),
            "bottom": top + ROW_H * len(drawn), "repeat_ticks": len(drawn) > 15,
            "lines": lines, "ticks": ticks, "delta_x": right + 8}


def _place(glyph: dict[str, Any] | None, x) -> dict[str, Any] | None:  # noqa: ANN001
    if glyph is None:
        return None
    out = {"shape": glyph["shape"], "x": x(glyph["value"])}
    if glyph["shape"] == "band":
        out["x1"], out["x2"] = x(glyph["low"]), x(glyph["high"])
    return out


# --- HTML --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("targetwatch.templates", "."),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    from targetwatch.templates.words import note

    env.filters.update(quote=quote)
    env.globals.update(note=note)
    env.globals.update(L=L, words=_w, chart=chart, headlines=headlines, title=title, sources=sources,
                       left_out=left_out, heads=heads, colour=colour, tolerance_text=tolerance_text,
                       colour_of=lambda v: VERDICT_COLOURS.get(v, "#6e7781"),
                       headline_indicators=headline_indicators, task_rows=task_rows)
    return env


def scoreboard_fragment(board: Scoreboard, lang: str = "zh") -> str:
    """The page body without <html>/<head>: for the web app to place inside its own layout."""
    L.check_lang(lang)
    return environment().get_template("_scoreboard.html").render(b=board, lang=lang)


def render_scoreboard(board: Scoreboard, fmt: str = "table", lang: str = "zh") -> str:
    """`table` for a terminal, `json` (Scoreboard.to_dict), `csv`, `md`, or a whole `html` page."""
    L.check_lang(lang)
    if fmt == "json":
        return json.dumps(board.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return render_csv(board)
    if fmt == "table":
        return render_table(board, lang)
    if fmt == "md":
        return rendermd(board, lang)
    if fmt == "html":
        return environment().get_template("scoreboard.html").render(
            b=board, lang=lang, body=scoreboard_fragment(board, lang))
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(SCOREBOARD_FORMATS)}")
