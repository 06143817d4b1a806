"""The ASGI application: routes, error pages and the archive it reads.

`create_app()` opens the archive named by TARGETWATCH_DATABASE_URL (SQLite under
TARGETWATCH_HOME by default), as every other command does; tests pass their own Archive.
Unknown URLs get a 404 that says what exists: an HTML page for a person, JSON under /api.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from targetwatch.web import admin, api, feeds, forms, pages
from targetwatch.web import context as ctx
from targetwatch.web.data import SiteData
from targetwatch.web.security import BodyLimit
from targetwatch.web.views import stylesheet


def healthz(request: Request) -> Response:
    """200 when the archive answers a query; 503 (with why) when it does not."""
    try:
        count = ctx.data(request).archive.max_document_id()
    except Exception as exc:  # noqa: BLE001 - any failure of the database is "not healthy"
        return PlainTextResponse(f"archive unavailable: {type(exc).__name__}\n", status_code=503)
    return PlainTextResponse(f"ok: archive answers (newest document {count})\n",
                             headers={"cache-control": "no-store"})


def css(request: Request) -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8",
                    headers={"cache-control": "public, max-age=3600"})


def favicon(request: Request) -> Response:
    """Browsers ask for it on every first visit; an empty answer beats a 404 page each time."""
    return Response(status_code=204, headers={"cache-control": "public, max-age=86400"})


def to(path: str):  # noqa: ANN201 - a tiny endpoint factory
    """A permanent redirect for a URL people guess (/regions, /api/v1) to the page that answers it."""
    def endpoint(request: Request) -> Response:
        return RedirectResponse(ctx.root(request) + path, status_code=308)

    return endpoint


ROUTES = [
    Route("/favicon.ico", favicon),
    Route("/regions", to("/")),
    Route("/api/v1", to("/api/v1/openapi.json")),
    Route("/api/v1/", to("/api/v1/openapi.json")),
    Route("/", pages.index),
    Route("/healthz", healthz),
    Route("/static/site.css", css),
    Route("/scoreboard", pages.scoreboard_latest),
    Route("/scoreboard/{year}", pages.scoreboard),
    Route("/regions/{region}", pages.region),
    Route("/regions/{region}/{year}", pages.report),
    Route("/compare", forms.compare_get, methods=["GET"]),
    Route("/compare", forms.compare_post, methods=["POST"]),
    Route("/unsubscribe/{token}", forms.unsubscribe_get, methods=["GET"]),
    Route("/unsubscribe/{token}", forms.unsubscribe_post, methods=["POST"]),
    Route("/feeds/all.atom", feeds.all_feed),
    Route("/feeds/{region}.atom", feeds.region_feed),
    Route("/api/v1/openapi.json", api.openapi),
    Route("/api/v1/regions", api.regions),
    Route("/api/v1/regions.csv", api.regions_csv),
    Route("/api/v1/regions/{region}/history", api.history),
    Route("/api/v1/regions/{region}/history.csv", api.history_as_csv),
    Route("/api/v1/regions/{region}/{year}/facts", api.facts),
    Route("/api/v1/regions/{region}/{year}/facts.csv", api.facts_csv),
    Route("/api/v1/regions/{region}/{year}/comparison", api.comparison),
    Route("/api/v1/regions/{region}/{year}/comparison.csv", api.comparison_csv),
    Route("/api/v1/scoreboard/{year}.csv", api.scoreboard_csv),
    Route("/api/v1/scoreboard/{year}", api.scoreboard),
    Route("/api/v1/admin/check", admin.check, methods=["POST"]),
    Route("/api/v1/admin/subscriptions", admin.subscribe, methods=["POST"]),
    Route("/api/v1/admin/deliveries/{delivery_id}/requeue", admin.requeue, methods=["POST"]),
]

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    # No script runs on any page; only our stylesheet and inline SVG.
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}


STATUS_WORDS = {400: ("web_400", "web_400_lead"), 405: ("web_405", "web_405_lead")}
"""Page words for the errors Starlette raises with English texts of its own (a form it cannot read…)."""


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if ctx.is_api(request):
        body: dict[str, Any] = {"error": exc.api_message() if isinstance(exc, ctx.NotFoundHere) else str(exc.detail)}
        if isinstance(exc, ctx.NotFoundHere) and exc.values:
            body["choices"] = exc.values
        return api.Json(body, status_code=exc.status_code)
    if isinstance(exc, ctx.NotFoundHere):
        html = ctx.render(request, "not_found.html", what=exc.what, message=exc.message, choices=exc.choices,
                          choices_label=exc.choices_label, none_label=exc.none_label)
        return HTMLResponse(html, status_code=404)
    if exc.status_code == 404:
        regions = [(f"{ctx.root(request)}/regions/{r}", ctx.region_label(request, r))
                   for r in _regions_or_empty(request)]
        html = ctx.render(request, "not_found.html", what=request.url.path, message=ctx.say(request, "web_404_page"),
                          choices=regions, choices_label=ctx.say(request, "web_404_page_choices"), none_label="")
        return HTMLResponse(html, status_code=404)
    if exc.status_code == 413:  # BodyLimit's words are the page's already (ctx.too_large_text)
        heading, message, detail = ctx.say(request, "web_413"), str(exc.detail), ""
    else:  # Starlette's own texts are English: said in page words, the text folded when it says more
        heading_key, lead_key = STATUS_WORDS.get(exc.status_code, ("web_error", "web_error_lead"))
        heading, message = ctx.say(request, heading_key, status=exc.status_code), ctx.say(request, lead_key)
        detail = "" if str(exc.detail) == _phrase(exc.status_code) else str(exc.detail)
    html = ctx.render(request, "message.html", heading=heading, message=message, detail=detail)
    return HTMLResponse(html, status_code=exc.status_code, headers=getattr(exc, "headers", None))


def _regions_or_empty(request: Request) -> list[str]:
    try:
        return ctx.data(request).regions()
    except Exception:  # noqa: BLE001 - a 404 page must render even when the archive is down
        return []


class EnglishPages:
    """/en/… is the same site in English: the prefix moves into the root path (so routes, and the
    links every page builds from ctx.root, keep it) and the language into the scope. Pages, error
    pages and feeds speak English there; the API and the stylesheet are the same under both."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            site = scope.get("root_path", "").rstrip("/")
            prefix = site + ctx.ENGLISH
            path = scope["path"]
            if path == prefix:
                await RedirectResponse(prefix + "/", status_code=308)(scope, receive, send)
                return
            if path.startswith(prefix + "/"):
                scope = dict(scope, root_path=prefix)
                scope[ctx.LANG_KEY], scope[ctx.SITE_ROOT_KEY] = "en", site
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers)


def _warm(data: SiteData) -> None:
    from targetwatch.web.scoreboard import board_for, years_with_boards

    try:
        data.cards()
        years = years_with_boards(data)
        if years:
            board_for(data, years[-1])
    except Exception:  # noqa: BLE001 - warming is an optimisation; a request will show any real error
        pass


def create_app(archive: Any | None = None, *, settings: ctx.WebSettings | None = None,
               database_url: str | None = None, warm: bool = True) -> Starlette:
    """The app over `archive` (an archive.Archive), or over the archive the settings name.

    `warm` computes the front page and the latest scoreboard in the background at startup,
    so the first visitor does not wait for thirty-odd comparisons.
    """
    owned = archive is None
    if settings is None or archive is None:
        from targetwatch.config import load_settings

        s = load_settings()
        settings = settings or ctx.WebSettings(base_url=s.base_url, admin_token=s.admin_token, broker_url=s.broker_url)
        if archive is None:
            from targetwatch.archive import Archive

            archive = Archive(database_url or s.database_url)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(app.state.data,), name="targetwatch-web-warm", daemon=True).start()
        try:
            yield
        finally:
            if owned:
                archive.close()

    app = Starlette(routes=ROUTES,
                    # EnglishPages first: the body cap then knows /en/compare for /compare, and the language
                    middleware=[Middleware(SecurityHeaders), Middleware(EnglishPages),
                                Middleware(BodyLimit, text=ctx.too_large_text)],
                    exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    app.state.data = SiteData(archive)
    app.state.web_settings = settings
    return app
