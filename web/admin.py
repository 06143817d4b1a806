"""The only writes the web app makes: trigger a check, requeue a delivery, subscribe someone.

All of them are refused (403) unless TARGETWATCH_ADMIN_TOKEN is set and the request
presents it as `Authorization: Bearer <token>`. A bearer header is never sent by a
cross-site form, so these JSON endpoints need no CSRF token. Responses carry ids, never
an address or an unsubscribe token.
"""
from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from targetwatch.archive.subscriptions import normalize_email
from targetwatch.diffing.regions import normalize_region
from targetwatch.web import context as ctx
from targetwatch.web.api import Json
from targetwatch.web.security import admin_ok, bearer


def _refused(request: Request) -> Response | None:
    configured = ctx.settings(request).admin_token
    if not configured:
        return Json({"error": "the web app is read-only: set TARGETWATCH_ADMIN_TOKEN to enable admin actions"},
                    status_code=403)
    if not admin_ok(configured, bearer(request.headers.get("authorization"))):
        return Json({"error": "admin token missing or wrong (send Authorization: Bearer <token>)"}, status_code=403)
    return None


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def subscription_regions(raw: Any) -> list[str]:
    """The region ids a subscription asks for, read as `targetwatch subscribe --region` reads them:
    ids (beijing), names (北京), "*" or "all" for every region; a string may list several,
    comma-separated. ValueError, and nothing stored, when any is not a region: a digest for
    "narnia" would never come, and the subscriber would never learn why."""
    if raw is None:
        raw = []
    elif isinstance(raw, str):
        raw = raw.split(",")
    if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
        raise ValueError('regions must be a list of region ids (or ["*"] for all)')
    out: list[str] = []
    unknown: list[str] = []
    for part in (r.strip() for r in raw):
        if not part:
            continue
        rid = "*" if part in ("*", "all") else normalize_region(part)
        if rid is None:
            unknown.append(part)
        elif rid not in out:
            out.append(rid)
    if unknown:
        raise ValueError(f"unknown region{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}: "
                         'use ids such as beijing or national, names such as 北京, or "*" for all; nothing was stored')
    if not out:
        raise ValueError('a subscription needs at least one region (or "*" for all)')
    return out


async def subscribe(request: Request) -> Response:
    if (refused := _refused(request)) is not None:
        return refused
    try:
        body = await _json_body(request)
        email = normalize_email(str(body.get("email") or ""))  # the fields in order: the address first
        regions = subscription_regions(body.get("regions"))
        lang = body.get("lang")
        info = await run_in_threadpool(ctx.data(request).archive.subscribe, email,
                                       regions, str(body.get("cadence") or "on-new-report"),
                                       lang=None if lang is None else str(lang))
    except ValueError as exc:
        return Json({"error": str(exc)}, status_code=400)
    return Json({"subscription_id": info.id, "regions": list(info.regions), "cadence": info.cadence,
                 "lang": info.lang, "active": info.active})


async def requeue(request: Request) -> Response:
    if (refused := _refused(request)) is not None:
        return refused
    from targetwatch.worker.mail.outbox import requeue as requeue_delivery

    raw = request.path_params["delivery_id"]
    if not raw.isdigit():
        return Json({"error": "a delivery id is a number"}, status_code=400)
    try:
        d = await run_in_threadpool(requeue_delivery, ctx.data(request).archive, int(raw))
    except LookupError as exc:
        return Json({"error": str(exc)}, status_code=404)
    return Json({"delivery_id": d.id, "status": d.status, "attempts": d.attempts})


async def check(request: Request) -> Response:
    if (refused := _refused(request)) is not None:
        return refused
    if not ctx.settings(request).broker_url:
        return Json({"error": "no TARGETWATCH_BROKER_URL: there is no worker to run a check; "
                              "run 'targetwatch run' on the server instead"}, status_code=409)
    try:
        body = await _json_body(request)
    except ValueError as exc:
        return Json({"error": str(exc)}, status_code=400)
    regions = body.get("regions") or None
    if regions is not None and (not isinstance(regions, list) or not all(isinstance(r, str) for r in regions)):
        return Json({"error": "regions must be a list of region ids"}, status_code=400)
    try:
        task_id = await run_in_threadpool(_queue_check, request, regions)
    except Exception as exc:  # noqa: BLE001 - the broker is down or refuses: say so, do not hang
        return Json({"error": f"could not queue the check: {type(exc).__name__}: {exc}"}, status_code=503)
    return Json({"queued": True, "task_id": task_id}, status_code=202)


def _queue_check(request: Request, regions: list[str] | None) -> str:
    """Send targetwatch.check to the worker through the same Celery app (queues, key prefix) it runs."""
    app = getattr(request.app.state, "celery", None)
    if app is None:
        from dataclasses import replace

        from targetwatch.config import load_settings
        from targetwatch.worker.celery_app import make_app

        settings = replace(load_settings(), broker_url=ctx.settings(request).broker_url)
        app = request.app.state.celery = make_app(settings)
    # no reconnecting over and over while the request waits: one try with a short deadline
    with app.connection_for_write(connect_timeout=3) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        result = app.send_task("targetwatch.check", args=[regions], retry=False, connection=conn)
    return result.id
