"""`targetwatch run`, `targetwatch worker`, `targetwatch beat`: the pipeline as a service.

`run` is the whole pipeline once, in this process, with no broker: what a cron job, a
laptop or the demo uses. `worker` and `beat` start Celery on Redis (TARGETWATCH_BROKER_URL)
for the scheduled service; beat uses redbeat, whose lock in Redis lets only one of several
beat processes schedule at a time.
"""
from __future__ import annotations

from pathlib import Path

import click

from targetwatch.errors import ServiceError, UserError


def _broker_or_fail():  # noqa: ANN202 - (settings, config)
    from targetwatch.worker.celery_app import NO_BROKER
    from targetwatch.config import load_settings, redacted_url
    from targetwatch.worker.schedule import load_config

    settings = load_settings()
    if not settings.broker_url:
        raise UserError(NO_BROKER)
    import redis

    try:
        redis.Redis.from_url(settings.broker_url, socket_connect_timeout=5).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise ServiceError(f"cannot reach the broker at TARGETWATCH_BROKER_URL "
                           f"({redacted_url(settings.broker_url)}): {exc}") from exc
    return settings, load_config(settings.home)


def default_node_name() -> str:
    """targetwatch-PID@HOST: two workers on one host must not both be celery@HOST (Celery's
    default), or remote control, `inspect ping` and the worker list mix them up."""
    import os
    import socket

    return f"targetwatch-{os.getpid()}@{socket.gethostname()}"


@click.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(1, 64), help="Worker processes (default: celery.concurrency "
                                                                       "in service.toml, 2).")
@click.option("--loglevel", "-l", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
@click.option("--pool", type=click.Choice(["prefork", "solo", "threads"]), default="prefork", show_default=True)
@click.option("--hostname", "-n", "node", metavar="NAME",
              help="Node name, e.g. fetcher1@%h (%h is this host). Default: targetwatch-PID@HOST, "
                   "unique even with several workers on one host.")
def worker(concurrency: int | None, loglevel: str, pool: str, node: str | None) -> None:
    """Start a Celery worker that runs the pipeline's tasks (needs TARGETWATCH_BROKER_URL).

    Start as many as you like, on one machine or several (with a shared PostgreSQL archive);
    a task a dead worker was running is handed to another after the visibility timeout
    (celery.visibility_timeout, 6 minutes by default).
    """
    settings, config = _broker_or_fail()
    from targetwatch.worker.celery_app import make_app

    app = make_app(settings, config)
    argv = ["worker", "--loglevel", loglevel, "--pool", pool, "--hostname", node or default_node_name(),
            "--concurrency", str(concurrency or config.celery.concurrency), "--queues", "targetwatch"]
    app.worker_main(argv)


@click.command("beat")
@click.option("--loglevel", "-l", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
def beat(loglevel: str) -> None:
    """Start the scheduler (needs TARGETWATCH_BROKER_URL): seasonal checks, weekly digest, outbox sweep.

    Safe to run more than one: redbeat keeps a lock in Redis, so only one schedules at a time
    and another takes over when it stops. The schedule comes from $TARGETWATCH_HOME/service.toml.
    """
    settings, config = _broker_or_fail()
    from targetwatch.worker.celery_app import make_app

    app = make_app(settings, config)
    app.start(["beat", "--loglevel", loglevel])


@click.command("run")
@click.option("--region", "-r", "regions", multiple=True, metavar="REGION",
              help="Only check these regions' official sites (repeatable; default: every enabled source).")
@click.option("--from-folder", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also import reports from a folder (files named region-year.txt or region/year.txt).")
@click.option("--no-discover", is_flag=True, help="Do not contact the official sites (only --from-folder).")
@click.option("--no-send", is_flag=True, help="Queue digests but do not send them.")
def run(regions: tuple[str, ...], folder: Path | None, no_discover: bool, no_send: bool) -> None:
    """Run the whole pipeline once, in this process: discover, fetch, parse, compare, digest, send.

    Needs no broker. Safe to repeat: what is archived, compared, queued or sent is not done again.

    \b
    Examples:
      targetwatch run --region national
      targetwatch run --from-folder reports/ --no-discover
    """
    from targetwatch.cli.commands.archive import archive_session
    from targetwatch.cli.commands.subscriptions import _regions
    from targetwatch.config import load_settings
    from targetwatch.worker.steps import report_files, run_once
    from targetwatch.worker.schedule import load_config

    settings = load_settings()
    config = load_config(settings.home)
    wanted = _regions(regions) if regions else None
    files = report_files(folder) if folder else []
    if folder and not files:
        raise UserError(f"{folder}: no report files named like region-year.txt or region/year.txt")
    with archive_session() as archive:
        report = run_once(archive, settings, config, files=files, discover=not no_discover,
                          regions=[r for r in wanted or [] if r != "*"] or None, send=not no_send)
    imp = report.imported
    if not no_discover:
        for src in report.sources:
            if src.error:
                click.echo(f"targetwatch: {src.region}: {' '.join(src.error.split())}", err=True)
        click.echo(f"discovered {len(report.candidates)} report URL(s) not archived yet")
    click.echo(f"archived {len(imp.added)} new report(s), {len(imp.unchanged)} already archived, "
               f"{len(imp.failed)} failed")
    for what, why in imp.failed:
        click.echo(f"  {what}: {why}")
    click.echo(f"compared {len(report.comparisons)} report pair(s); queued {sum(q.created for q in report.queued)} "
               "digest(s)")
    if report.sent is not None:
        s = report.sent
        click.echo(f"sent {len(s.sent)}" + (f", {len(s.retrying)} to retry" if s.retrying else "")
                   + (f", {len(s.failed)} failed" if s.failed else ""))
        if s.stopped:
            raise ServiceError(f"stopped sending: {s.stopped}; the rest stays queued")
    checked = [r for r in report.sources if r.error is not None or r.pages_read]
    if checked and all(r.error is not None for r in checked):
        raise ServiceError(f"all {len(checked)} source(s) failed (see above; 'targetwatch status')")
    fetched = [what for what, _ in imp.failed if what.startswith(("http://", "https://"))]
    if report.candidates and len(fetched) == len(report.candidates):
        raise ServiceError(f"all {len(fetched)} report fetch(es) failed (see above)")
