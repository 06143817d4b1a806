"""What every handler needs from a request: the site data, settings, links, 404s and page responses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from targetwatch.diffing.regions import region_name
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
    """A 404 that says what exists instead: `choices` are (href, label) pairs."""

    def __init__(self, what: str, message: str, choices: list[tuple[str, str]] | None = None,
                 choices_label: str = "", values: list[Any] | None = None) -> None:
        super().__init__(404, message)
        self.what = what
        self.message = message
        self.choices = choices or []
        self.choices_label = choices_label
        self.values = values or []


def data(request: Request) -> SiteData:
    return request.app.state.data


def settings(request: Request) -> WebSettings:
    return request.app.state.web_settings


def root(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def absolute_root(request: Request) -> str:
    """TARGETWATCH_BASE_URL when set (the public address), else what this request came in on."""
    base = settings(request).base_url
    return base.rstrip("/") if base else str(request.base_url).rstrip("/")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, root=root(request), **context), status_code=status)


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
    raise NotFoundHere(f"地区 {region}", f"没有“{region}”的归档报告。已归档的地区有 {len(regions)} 个：",
                       [(f"{r}/regions/{x}", region_name(x)) for x in regions], "", values=list(regions))


def known_year(request: Request, region: str, year: str | int) -> int:
    years = data(request).years(region)
    y = int(year) if str(year).isdigit() else None
    if y in years:
        return y  # type: ignore[return-value]
    r = root(request)
    raise NotFoundHere(f"{region_name(region)} {year}年报告",
                       f"{region_name(region)}没有{year}年的归档报告。已归档的年份：",
                       [(f"{r}/regions/{region}/{x}", f"{x}年") for x in reversed(years)], values=list(years))
