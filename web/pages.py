"""The HTML pages: every region, one region's history, one report, the scoreboard.

Each page leads with its answers (verdict counts, missed targets, this year's headline
targets) and keeps the full data one click or one scroll away. No page needs JavaScript.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from targetwatch.diffing.history import Point, Series
from targetwatch.diffing.compare import Comparison
from targetwatch.diffing.headline import main_targets
from targetwatch.templates.render import Line, check_view
from targetwatch.web import context as ctx
from targetwatch.web.data import headline_targets
from targetwatch.web.headline import headline_rank, is_headline
from targetwatch.web.scoreboard import ScoreboardError, board_for, board_headlines, columns, missing_text, years_with_boards


def index(request: Request) -> HTMLResponse:
    data = ctx.data(request)
    cards = data.cards()
    missed = [len(c.missed) for c in cards if c.missed]
    boards = years_with_boards(data)
    return ctx.page(request, "index.html", cards=cards, report_count=sum(len(c.years) for c in cards),
                    missed_total=sum(missed), missed_regions=len(missed), board_year=boards[-1] if boards else None)


def missed_lines(comparison: Comparison | None, lang: str = "zh") -> list[Line]:
    """The missed main targets of last year (those diffing.headline.target_tally counts), as the
    comparison table lays them out (name, target, outcome)."""
    if comparison is None:
        return []
    targets = {id(r) for r in main_targets(comparison)}
    return [ln for ln in check_view(comparison, "target_vs_outcome", lang).lines
            if ln.row.verdict == "missed" and id(ln.row) in targets]


def _last_judged(series: Series) -> Point | None:
    judged = [p for p in series.points if p.verdict and p.verdict != "pending"]
    return judged[-1] if judged else None


def _latest_target(series: Series) -> Point | None:
    with_target = [p for p in series.points if p.target is not None]
    return with_target[-1] if with_target else None


SERIES_PER_PAGE = 40


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else default


def region(request: Request) -> HTMLResponse:
    region_id = ctx.known_region(request, request.path_params["region"])
    data = ctx.data(request)
    history = data.history(region_id)
    years = data.years(region_id)
    show_all = request.query_params.get("all") in ("1", "true", "yes")
    series = list(history.series) if history else []
    headline = sorted((s for s in series if is_headline(s.indicator)), key=lambda s: headline_rank(s.indicator))
    pages_total = max(1, -(-len(series) // SERIES_PER_PAGE))
    page_no = min(max(_int(request.query_params.get("page"), 1), 1), pages_total)
    if show_all:  # paged: the national history has over 200 series, too much for one page
        shown = series[(page_no - 1) * SERIES_PER_PAGE:page_no * SERIES_PER_PAGE]
    else:
        shown = headline or [s for s in series if not s.indicator.startswith("task:")][:6]
    answers = [(s, _last_judged(s) or _latest_target(s)) for s in headline]
    return ctx.page(request, "region.html", region_id=region_id, place=ctx.region_label(request, region_id),
                    years=years, series=shown, total=len(series), show_all=show_all, page_no=page_no,
                    pages_total=pages_total,
                    headline=[(s, p) for s, p in answers if p is not None], latest_target=_latest_target)


def report(request: Request) -> HTMLResponse:
    region_id = ctx.known_region(request, request.path_params["region"])
    year = ctx.known_year(request, region_id, request.path_params["year"])
    data = ctx.data(request)
    sheet = data.sheet(region_id, year)
    if sheet is None:  # archived, but no current parse: say so rather than show an empty page
        raise ctx.NotFoundHere(ctx.say(request, "web_404_year_what", name=ctx.region_label(request, region_id), y=year),
                               ctx.say(request, "web_404_unparsed"))
    comparison, why = data.comparison(region_id, year)
    missed, moves = missed_lines(comparison, ctx.lang(request)), {}
    if comparison is not None:
        moves = {r.indicator: r for r in comparison.by_check("target_vs_target")}
    docs = data.documents(region_id, year)
    primary = [d for d in docs if not d.alternate]
    current = max(primary or docs, key=lambda d: d.version)
    source = next((d.source_url for d in sorted(docs, key=lambda d: (d.alternate, -d.version))
                   if d.source_url and d.source_url.startswith(("http://", "https://"))), None)
    years = data.years(region_id)
    return ctx.page(request, "report.html", region_id=region_id, place=ctx.region_label(request, region_id), year=year,
                    sheet=sheet, c=comparison, why=why.text(ctx.lang(request)) if why else None,
                    why_detail=why.detail if why else "", missed=missed, moves=moves,
                    targets=headline_targets(sheet), documents=docs, current_id=current.id, source_url=source,
                    years_before=[y for y in years if y < year], years_after=[y for y in years if y > year])


SORTS = ("missed", "met", "region")


def no_board(request: Request, raw: str, years: list[int]) -> ctx.NotFoundHere:
    """The 404 of a scoreboard year without one: the years that have one, or that none has."""
    r = ctx.root(request)
    return ctx.NotFoundHere(ctx.say(request, "web_404_board_what", y=raw), ctx.say(request, "web_404_board", y=raw),
                            [(f"{r}/scoreboard/{y}", ctx.say(request, "web_year", y=y)) for y in reversed(years)],
                            ctx.say(request, "web_404_board_choices"), values=years,
                            none_label=ctx.say(request, "web_404_board_none"))


def scoreboards(request: Request) -> HTMLResponse:
    return ctx.page(request, "scoreboards.html", years=years_with_boards(ctx.data(request)))


def scoreboard_latest(request: Request) -> RedirectResponse | HTMLResponse:
    years = years_with_boards(ctx.data(request))
    if not years:
        return scoreboards(request)
    return RedirectResponse(f"{ctx.root(request)}/scoreboard/{years[-1]}", status_code=302)


def scoreboard(request: Request) -> HTMLResponse:
    data = ctx.data(request)
    raw = request.path_params["year"]
    years = years_with_boards(data)
    if not raw.isdigit() or int(raw) not in years:
        raise no_board(request, raw, years)
    year = int(raw)
    try:
        board = board_for(data, year)
    except ScoreboardError:  # no region has both reports after all (the archive changed meanwhile)
        raise no_board(request, raw, [y for y in years if y != year]) from None
    sort = request.query_params.get("sort", "missed")
    cols = columns(board)
    regions = list(board.regions)
    if sort == "region":
        pass
    elif sort in cols:
        def margin(reg: str) -> tuple[int, float]:
            r = board.cell(reg, sort)
            return (0, r.margin) if r is not None and r.margin is not None else (1, 0.0)
        regions.sort(key=margin)  # the worst shortfall first
    else:
        sort = "met" if sort == "met" else "missed"
        regions.sort(key=lambda reg: -board.counts(reg).get(sort, 0))
    missed_rows = sum(1 for r in board.rows if r.row.verdict == "missed")
    missed_regions = len({r.region for r in board.rows if r.row.verdict == "missed"})
    return ctx.page(request, "scoreboard.html", year=year, board=board, regions=regions, columns=cols, sort=sort,
                    missed_rows=missed_rows, missed_regions=missed_regions,
                    headlines=board_headlines(board, ctx.lang(request)), missing=missing_text(board, ctx.lang(request)),
                    other_years=[y for y in reversed(years) if y != year])
