"""Atom feeds (RFC 4287): one entry per newly archived report, all regions or one.

An entry's id is the document's, so a feed reader shows a new version of a report as a new
entry and never repeats one. Links are absolute (TARGETWATCH_BASE_URL when set), since a
feed is read far from the site. The XML is built by the autoescaping Jinja2 template
web/feed.xml, so a report title cannot break out of its element.
"""
from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from targetwatch.diffing.headline import target_tally, task_tally
from targetwatch.templates.render import tally_text
from targetwatch.web import context as ctx
from targetwatch.web.views import environment

FEED_ENTRIES = 50


def _iso(when: datetime | None) -> str:
    when = when or datetime(1970, 1, 1, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed(request: Request, region: str | None) -> Response:
    data = ctx.data(request)
    base = ctx.absolute_root(request)
    lang = ctx.lang(request)
    entries = []
    for d in data.recent_documents(region, FEED_ENTRIES):
        c, _ = data.comparison(d.region, d.report_year)
        name = ctx.region_label(request, d.region)
        if c is not None:  # the words of `targetwatch compare`'s 主要目标 line, then the tasks apart
            summary = ctx.say(request, "web_feed_summary", prev=d.report_year - 1,
                              counts=tally_text(target_tally(c), lang))
            tasks = task_tally(c)
            if tasks.total:
                summary += ctx.say(request, "web_feed_tasks", counts=tally_text(tasks, lang))
        else:
            summary = ctx.say(request, "web_feed_first")
        sheet = data.sheet(d.region, d.report_year)
        entries.append({
            "id": f"{base}/regions/{d.region}/{d.report_year}#document-{d.id}",
            "title": ctx.say(request, "web_feed_entry", name=name, y=d.report_year)
                     + (ctx.say(request, "web_feed_version", version=d.version) if d.version > 1 else ""),
            "link": f"{base}/regions/{d.region}/{d.report_year}",
            "updated": _iso(d.archived_at), "summary": summary,
            "subtitle": sheet.title if sheet and sheet.title else "",
        })
    title = ctx.say(request, "web_feed_title_region", name=ctx.region_label(request, region)) if region \
        else ctx.say(request, "web_feed_title")
    self_url = f"{base}/feeds/{region or 'all'}.atom"
    xml = environment(lang).get_template("web/feed.xml").render(
        title=title, self_url=self_url, site=f"{base}/regions/{region}" if region else f"{base}/",
        feed_id=self_url, updated=entries[0]["updated"] if entries else _iso(None), entries=entries)
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


def all_feed(request: Request) -> Response:
    return _feed(request, None)


def region_feed(request: Request) -> Response:
    name = request.path_params["region"]
    return _feed(request, ctx.known_region(request, name))
