"""What every handler needs from a request: the site data, settings, links, 404s and page responses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from targetwatch.templates import lang as L
from targetwatch.templates.words import words
from targetwatch.web.data import SiteData
from targetwatch.web.security import CSRF_COOKIE, new_csrf_token
from targetwatch.web.views import render_page

YEAR_MIN, YEAR_MAX = 1949, 2100


@dataclass(frozen=True, slots=True)
class WebSettings:
    base_url: str | None = None
    """Where the app is reachable from outside (TARGETWATCH_BASE_URL), for feed and mail links."""
    admin_token: str | None = None
    """TARGETWATCH_ADMIN_TOKEN; None keeps the app read-only."""
    broker_url: str | None = None


class NotFoundHere(HTTPException):
    """A 404 that says what exists instead.

    `message` is a sentence of its own; a page lists `choices` ((href, label) pairs) under
    `choices_label`, or says `none_label` when there are none, so no list ever ends in nothing.
    The API answers `message` (with `none_label` when there are no `values`) and the `values`
    as its `choices`.
    """

    def __init__(self, what: str, message: str, choices: list[tuple[str, str]] | None = None,
                 choices_label: str = "", values: list[Any] | None = None, none_label: str = "") -> None:
        super().__init__(404, message)
        self.what = what
        self.message = message
        self.choices = choices or []
        self.choices_label = choices_label
        self.values = values or []
        self.none_label = none_label

    def api_message(self) -> str:
        if self.values or not self.none_label:
            return self.message
        return f"{self.message} {self.none_label}"


def data(request: Request) -> SiteData:
    return request.app.state.data


def settings(request: Request) -> WebSettings:
    return request.app.state.web_settings


ENGLISH = L.PAGES["en"]
"""Every page under this prefix is the same page in English (app.EnglishPages)."""
LANG_KEY, SITE_ROOT_KEY = "targetwatch.lang", "targetwatch.site_root"


def root(request: Request) -> str:
    """What the request's links start with: the site's root, and /en on English pages."""
    return request.scope.get("root_path", "").rstrip("/")


def lang(request: Request) -> str:
    return request.scope.get(LANG_KEY, "zh")


def is_api(request: Request) -> bool:
    return route_path(request).startswith("/api/")


API_LANG = "en"
"""The API answers the same under /api and /en/api (docs/web.md), its errors included: in
English, as its field names, the contracts and its other messages are."""


def message_lang(request: Request) -> str:
    """The language of what the request is told: the page's, and English for the API."""
    return API_LANG if is_api(request) else lang(request)


def say(request: Request, key: str, **values: object) -> str:
    """A page phrase (templates/page_words.py) in the request's language (English for the API)."""
    return words(message_lang(request), key, **values)


def too_large_text(scope: Any, limit: int) -> str:
    """The body cap's refusal (security.BodyLimit) in the request's language, English for the API."""
    return say(Request(scope), "web_413_lead", kb=limit // 1024)


def region_label(request: Request, region: str) -> str:
    return L.region(region, message_lang(request))


def route_path(request: Request) -> str:
    """The path below root(request): /regions/beijing for /en/regions/beijing too."""
    path, prefix = request.scope["path"], root(request)
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def other_language(request: Request) -> str:
    """The same page in the other language: the header's link, and the pages' hreflang."""
    site = request.scope.get(SITE_ROOT_KEY, root(request))
    query = request.url.query
    target = site + ("" if lang(request) == "en" else ENGLISH) + (route_path(request) or "/")
    return target + ("?" + query if query else "")


def render(request: Request, template: str, **context: Any) -> str:
    return render_page(template, lang=lang(request), root=root(request), other_language=other_language(request),
                       **context)


def absolute_root(request: Request) -> str:
    """Where links read far from the site (feeds) start: TARGETWATCH_BASE_URL when set (the
    public address), else what this request came in on; /en on English pages either way."""
    base = settings(request).base_url
    if base:  # the public address, and /en for an English page's links
        return base.rstrip("/") + (ENGLISH if lang(request) == "en" else "")
    return str(request.base_url).rstrip("/")  # the root path, /en included


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(request, template, **context), status_code=status)


def csrf_token(request: Request) -> tuple[str, bool]:
    """The visitor's CSRF token, and whether it is new (and the response must set the cookie)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 16 <= len(existing) <= 64:
        return existing, False
    return new_csrf_token(), True


def with_csrf_cookie(response: HTMLResponse, token: str, new: bool) -> HTMLResponse:
    if new:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=86400 * 30)
    return response


def known_region(request: Request, region: str) -> str:
    """The region id if it has archived reports, else a 404 listing the regions that do."""
    regions = data(request).regions()
    if region in regions:
        return region
    r = root(request)
    raise NotFoundHere(say(request, "web_404_region_what", region=region),
                       say(request, "web_404_region", region=region),
                       [(f"{r}/regions/{x}", region_label(request, x)) for x in regions],
                       say(request, "web_404_region_choices", n=len(regions)), values=list(regions),
                       none_label=say(request, "web_404_region_none"))


def known_year(request: Request, region: str, year: str | int) -> int:
    years = data(request).years(region)
    y = int(year) if str(year).isdigit() else None
    if y in years:
        return y  # type: ignore[return-value]
    r, name = root(request), region_label(request, region)
    raise NotFoundHere(say(request, "web_404_year_what", name=name, y=year),
                       say(request, "web_404_year", name=name, y=year),
                       [(f"{r}/regions/{region}/{x}", say(request, "web_year", y=x)) for x in reversed(years)],
                       say(request, "web_404_year_choices"), values=list(years),
                       none_label=say(request, "web_404_year_none", name=name))
