"""/api/v1: the same data as the pages, as JSON (the project's contracts) or CSV for a spreadsheet.

No subscriber, address or token is ever in a response; the only writes are the admin
actions (web.admin), and only with the admin token.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from targetwatch.diffing.regions import region_name
from targetwatch.templates.render import figure, history_csv, quote
from targetwatch.web import context as ctx
from targetwatch.web.openapi import document
from targetwatch.web.pages import no_board
from targetwatch.templates.scoreboard import render_csv
from targetwatch.web.scoreboard import ScoreboardError, board_for, years_with_boards


class Json(JSONResponse):
    """UTF-8 JSON with Chinese as it is (not \\u escapes): a third of the size and readable."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def csv_response(rows: list[list[Any]], filename: str) -> Response:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    # a BOM so that Excel opens the Chinese as UTF-8
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


def openapi(request: Request) -> Json:
    return Json(document())


def _region_summaries(request: Request) -> list[dict[str, Any]]:
    r = ctx.absolute_root(request)
    out = []
    for c in ctx.data(request).cards():
        out.append({
            "region": c.region, "name": region_name(c.region), "years": list(c.years), "latest": c.latest,
            "links": {"page": f"{r}/regions/{c.region}", "history": f"{r}/api/v1/regions/{c.region}/history",
                      "latest_facts": f"{r}/api/v1/regions/{c.region}/{c.latest}/facts",
                      "latest_comparison": f"{r}/api/v1/regions/{c.region}/{c.latest}/comparison"},
            "headline_targets": [f.to_dict() for f in c.targets],
            "last_year_verdicts": c.verdicts, "last_year_task_verdicts": c.task_verdicts, "missed": list(c.missed),
        })
    return out


def regions(request: Request) -> Json:
    return Json({"regions": _region_summaries(request)})


def regions_csv(request: Request) -> Response:
    rows: list[list[Any]] = [["region", "name", "first_year", "latest_year", "reports", "met", "missed",
                              "not_comparable", "not_reported", "missed_indicators", "headline_targets"]]
    for s in _region_summaries(request):
        v = s["last_year_verdicts"]  # the main targets' counts, as on the pages and in `targetwatch compare`
        rows.append([s["region"], s["name"], s["years"][0], s["latest"], len(s["years"]), v.get("met", 0),
                     v.get("missed", 0), v.get("not_comparable", 0), v.get("not_reported", 0), " ".join(s["missed"]),
                     "; ".join(f"{t['indicator']} {t['label']}" for t in s["headline_targets"])])
    return csv_response(rows, "regions.csv")


def history(request: Request) -> Json:
    region = ctx.known_region(request, request.path_params["region"])
    return Json(ctx.data(request).history(region).to_dict())  # type: ignore[union-attr]


def history_as_csv(request: Request) -> Response:
    region = ctx.known_region(request, request.path_params["region"])
    h = ctx.data(request).history(region)
    return Response("\ufeff" + history_csv(h), media_type="text/csv; charset=utf-8",  # type: ignore[arg-type]
                    headers={"content-disposition": f'attachment; filename="{region}-history.csv"'})


def _sheet(request: Request):  # noqa: ANN202
    region = ctx.known_region(request, request.path_params["region"])
    year = ctx.known_year(request, region, request.path_params["year"])
    sheet = ctx.data(request).sheet(region, year)
    if sheet is None:
        raise ctx.NotFoundHere("facts", ctx.say(request, "web_404_unparsed"))
    return region, year, sheet


def facts(request: Request) -> Json:
    return Json(_sheet(request)[2].to_dict())


FACT_CSV = ("region", "report_year", "ordinal", "kind", "indicator", "label", "period", "period_start", "comparator",
            "value", "low", "high", "unit", "figure", "section", "text")


def facts_csv(request: Request) -> Response:
    region, year, sheet = _sheet(request)
    rows: list[list[Any]] = [list(FACT_CSV)]
    for i, f in enumerate(sheet.facts):
        rows.append([region, year, i, f.kind, f.indicator, f.label, f.period, f.period_start or "", f.comparator,
                     _n(f.value), _n(f.low), _n(f.high), f.unit or "", figure(f) if f.has_number else "",
                     f.section or "", quote(f)])
    return csv_response(rows, f"{region}-{year}-facts.csv")


def _comparison(request: Request):  # noqa: ANN202
    region = ctx.known_region(request, request.path_params["region"])
    year = ctx.known_year(request, region, request.path_params["year"])
    c, why = ctx.data(request).comparison(region, year)
    if c is None:  # why in the API's words (English, ctx.message_lang), the library's line beside it
        raise ctx.NotFoundHere("comparison", why.text(ctx.message_lang(request)) if why else "no comparison",
                               values=ctx.data(request).years(region))
    return region, year, c


def comparison(request: Request) -> Json:
    return Json(_comparison(request)[2].to_dict())


ROW_CSV = ("region", "year", "previous_year", "check", "indicator", "period", "verdict", "within_tolerance",
           "older", "newer", "delta", "delta_unit", "older_text", "newer_text", "note")


def _row_line(region: str, year: int, previous: int, row: Any) -> list[Any]:
    older, newer = row.sides
    d, u = row.delta
    return [region, year, previous, row.check, row.indicator, row.period, row.verdict,
            "yes" if row.within_tolerance else "", figure(older), figure(newer), _n(d), u or "", quote(older),
            quote(newer), row.note or ""]


def comparison_csv(request: Request) -> Response:
    region, year, c = _comparison(request)
    rows: list[list[Any]] = [list(ROW_CSV)] + [_row_line(region, year, c.previous_year, r) for r in c.rows]
    return csv_response(rows, f"{region}-{year}-comparison.csv")


def _board(request: Request):  # noqa: ANN202
    data = ctx.data(request)
    raw = request.path_params["year"]
    years = years_with_boards(data)
    if not raw.isdigit() or int(raw) not in years:
        raise no_board(request, raw, years)
    try:
        return board_for(data, int(raw))
    except ScoreboardError:
        raise no_board(request, raw, [y for y in years if y != int(raw)]) from None


def scoreboard(request: Request) -> Json:
    return Json(_board(request).to_dict())


def scoreboard_csv(request: Request) -> Response:
    board = _board(request)
    return Response("\ufeff" + render_csv(board), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="scoreboard-{board.year}.csv"'})


def _n(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:.10g}"
