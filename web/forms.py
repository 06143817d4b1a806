"""The pages that take input: /compare (two archived reports, or an upload) and /unsubscribe.

An upload is parsed in memory and compared; it is archived only when the visitor asked for
it and presented the admin token. Nothing is ever fetched from a URL a visitor gives:
the only inputs are the archive and the uploaded bytes.
"""
from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from targetwatch.archive.errors import DocumentRejected
from targetwatch.archive.ingest import prepare
from targetwatch.diffing.compare import ComparisonError, compare_sheets
from targetwatch.diffing.regions import normalize_region
from targetwatch.web import context as ctx
from targetwatch.web.pages import missed_lines
from targetwatch.web.refusals import Refusal, comparison_refusal, document_refusal
from targetwatch.web.security import ADMIN_FIELD, CSRF_COOKIE, CSRF_FIELD, MAX_UPLOAD_BYTES, admin_ok, csrf_ok

CONTENT_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}


def _compare_page(request: Request, status: int = 200, **extra) -> HTMLResponse:  # noqa: ANN003
    token, new = ctx.csrf_token(request)
    context = dict(c=None, missed=[], error=None, error_detail="", sel_region=None, sel_old=None, sel_new=None,
                   uploaded=False, archived=None,
                   c_label="")
    context.update(extra)
    response = ctx.page(request, "compare.html", status=status, regions=ctx.data(request).regions(), csrf=token,
                        admin_enabled=bool(ctx.settings(request).admin_token),
                        max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024), **context)
    return ctx.with_csrf_cookie(response, token, new)


def _refused(request: Request, refusal: Refusal, **form) -> HTMLResponse:  # noqa: ANN003
    """The compare form again, saying in the page's words why the two reports cannot be compared."""
    return _compare_page(request, 400, error=ctx.say(request, "web_err_cannot", why=refusal.text(ctx.lang(request))),
                         error_detail=refusal.detail, **form)


def _listed(request: Request, years: list[int]) -> str:
    return ctx.say(request, "list").join(map(str, years)) or ctx.say(request, "web_none_archived")


def _year(value: str | None) -> int | None:
    value = (value or "").strip()
    if value.isdigit() and ctx.YEAR_MIN <= int(value) <= ctx.YEAR_MAX:
        return int(value)
    return None


def compare_get(request: Request) -> HTMLResponse:
    q = request.query_params
    if not q.get("region"):
        return _compare_page(request)
    data = ctx.data(request)
    region, old, new = q.get("region", ""), _year(q.get("old")), _year(q.get("new"))
    form = dict(sel_region=region, sel_old=old, sel_new=new)
    if region not in data.regions():
        return _compare_page(request, 404, error=ctx.say(request, "web_err_region", region=region), **form)
    if old is None or new is None:
        return _compare_page(request, 400, error=ctx.say(request, "web_err_years"), **form)
    years = data.years(region)
    name = ctx.region_label(request, region)
    lacking = [y for y in (old, new) if y not in years]
    if lacking:
        error = ctx.say(request, "web_err_lacking", name=name, lacking=_listed(request, lacking),
                        years=_listed(request, years))
        return _compare_page(request, 404, error=error, **form)
    older, newer = data.sheet(region, old), data.sheet(region, new)
    if older is None or newer is None:  # archived, but no current parse
        return _compare_page(request, 404, error=ctx.say(request, "web_404_unparsed"), **form)
    try:
        c = compare_sheets(older, newer)
    except ComparisonError as exc:
        return _refused(request, comparison_refusal(older, newer, exc), **form)
    return _compare_page(request, c=c, missed=missed_lines(c, ctx.lang(request)),
                         c_label=ctx.say(request, "web_c_label", name=name, new=new, old=old), **form)


async def compare_post(request: Request) -> HTMLResponse:
    form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD_BYTES)
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):  # type: ignore[arg-type]
        return _compare_page(request, 403, error=ctx.say(request, "web_err_csrf"))
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _compare_page(request, 400, error=ctx.say(request, "web_err_no_file"))
    data_bytes = await upload.read()
    if not data_bytes:
        return _compare_page(request, 400, error=ctx.say(request, "web_err_empty"))
    region_raw = str(form.get("region") or "").strip()
    region = normalize_region(region_raw) if region_raw else None
    if region_raw and region is None:
        return _compare_page(request, 400, error=ctx.say(request, "web_err_unknown_region", region=region_raw))
    year = _year(str(form.get("year") or ""))
    suffix = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    content_type = CONTENT_TYPES.get(suffix) or (upload.content_type or None)
    wants_archive = form.get("archive") == "1"
    settings = ctx.settings(request)
    if wants_archive and not admin_ok(settings.admin_token, str(form.get(ADMIN_FIELD) or "")):
        return _compare_page(request, 403, error=ctx.say(request, "web_err_token"))
    try:
        prepared = await _run(prepare, data_bytes, content_type, region, year)
    except DocumentRejected as exc:
        r = document_refusal(exc)
        return _compare_page(request, 400, error=r.text(ctx.lang(request)), error_detail=r.detail)
    sheet = prepared.sheet
    data = ctx.data(request)
    old = data.sheet(prepared.region, prepared.year - 1)
    name = ctx.region_label(request, prepared.region)
    if old is None:
        return _compare_page(request, 404, sel_region=prepared.region,
                             error=ctx.say(request, "web_err_no_prev", name=name, y=prepared.year,
                                           prev=prepared.year - 1, years=_listed(request, data.years(prepared.region))))
    try:
        c = compare_sheets(old, sheet)
    except ComparisonError as exc:
        return _refused(request, comparison_refusal(old, sheet, exc), sel_region=prepared.region)
    archived = None
    if wants_archive:
        result = await _run(data.archive.add_prepared, data_bytes, prepared, content_type=content_type,
                            source_url=f"upload:{upload.filename}")
        archived = ctx.say(request, "web_archived_as", name=name, y=prepared.year, version=result.document.version) + (
            "" if result.created else ctx.say(request, "web_archived_before"))
    return _compare_page(request, c=c, missed=missed_lines(c, ctx.lang(request)), uploaded=True, archived=archived,
                         sel_region=prepared.region,
                         c_label=ctx.say(request, "web_c_label_upload", name=name, y=prepared.year,
                                         prev=prepared.year - 1))


async def _run(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args, **kwargs)


# --- unsubscribe -----------------------------------------------------------------------------

def _subscription(request: Request):  # noqa: ANN202
    token = request.path_params["token"]
    if not (16 <= len(token) <= 64) or "@" in token:
        return None
    info = ctx.data(request).archive.subscription(token)
    # look up by token only: an address in the URL must never unsubscribe anyone
    return info if info is not None and info.unsubscribe_token == token else None


def _unknown_link(request: Request) -> HTMLResponse:
    return ctx.page(request, "message.html", status=404, heading=ctx.say(request, "web_unsub_bad"),
                    message=ctx.say(request, "web_unsub_bad_lead"))


def unsubscribe_get(request: Request) -> HTMLResponse:
    info = _subscription(request)
    if info is None:
        return _unknown_link(request)
    token, new = ctx.csrf_token(request)
    regions = ctx.say(request, "web_unsub_all") if "*" in info.regions else ctx.say(request, "list").join(
        ctx.region_label(request, r) for r in info.regions)
    response = ctx.page(request, "unsubscribe.html", done=False, active=info.active, regions=regions,
                        token=info.unsubscribe_token, csrf=token)
    response.headers["cache-control"] = "no-store"
    response.headers["referrer-policy"] = "no-referrer"
    return ctx.with_csrf_cookie(response, token, new)


async def unsubscribe_post(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    one_click = form.get("List-Unsubscribe") == "One-Click"
    info = await _run(_subscription, request)
    if info is None:
        return PlainTextResponse("unknown unsubscribe link\n", status_code=404) if one_click else _unknown_link(request)
    if not one_click and not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):  # type: ignore[arg-type]
        return ctx.page(request, "message.html", status=403, heading=ctx.say(request, "web_unsub_again"),
                        message=ctx.say(request, "web_unsub_csrf"))
    await _run(ctx.data(request).archive.unsubscribe, info.unsubscribe_token)
    if one_click:  # RFC 8058: the mail provider wants a 2xx, not a page
        return PlainTextResponse("unsubscribed\n")
    response = ctx.page(request, "unsubscribe.html", done=True, active=False, regions="", token="", csrf="")
    response.headers["cache-control"] = "no-store"
    return response
