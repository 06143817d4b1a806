"""`targetwatch status`: is the service well? Sources, outbox, last check, beat, queue.

Headline first (one line: OK, or what needs a look), then the parts. Everything comes from
where the service keeps it (targetwatch.worker.health): source health and the outbox from
the archive, beat and the queue from Redis, so it shows what the worker saw, whether the
checks ran under `targetwatch worker`, `run` or `discover`.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import click



def _ago(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never"
    seconds = (now - datetime.fromisoformat(iso)).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{iso[:16].replace('T', ' ')} ({seconds / size:.0f} {unit} ago)"
    return f"{iso[:16].replace('T', ' ')} (just now)"


def sources_table(rows: list[Any], now: datetime) -> list[str]:
    """The sources part, shared with `discover --status`: suspect sources first."""
    order = {"SUSPECT": 0, "SILENT": 1, "failing": 2, "ok": 3}
    quiet = {"never checked": [r.region for r in rows if r.verdict == "never checked"],
             "no index page": [r.region for r in rows if r.verdict == "no index"]}
    lines = [f"{'region':<13} {'status':<13} {'last success':<30} {'fails':>5}  last error / why"]
    for r in sorted((r for r in rows if r.verdict in order), key=lambda r: (order[r.verdict], r.region)):
        detail = " ".join((r.last_error or "").split()) if r.failures else r.why
        if r.suspect and r.last_error and r.why:
            detail = f"{r.why}: {' '.join(r.last_error.split())}"
        if len(detail) > 110:
            detail = detail[:109] + "…"
        lines.append(f"{r.region:<13} {r.verdict:<13} {_ago(r.last_success, now):<30} {r.failures:>5}  {detail}")
    for what, regions in quiet.items():
        if regions:
            lines.append(f"{what} ({len(regions)}): {', '.join(regions)}")
    return lines


def _headline(sources: list[Any], outbox: Any, broker: Any, config: Any) -> str:
    problems = []
    suspect = [s.region for s in sources if s.suspect]
    if suspect:
        problems.append(f"{len(suspect)} suspect source(s): {', '.join(suspect[:6])}" + ("…" if len(suspect) > 6 else ""))
    if outbox.failed:
        problems.append(f"{outbox.failed} failed deliver{'y' if outbox.failed == 1 else 'ies'} "
                        "('targetwatch digest --status')")
    if outbox.oldest_sending_seconds is not None and outbox.oldest_sending_seconds > config.delivery.lease_seconds:
        problems.append(f"a delivery is 'sending' for {outbox.oldest_sending_seconds / 60:.0f} min "
                        "(its sender died; the next sending run resends it)")
    if broker is not None and not broker.reachable:
        problems.append("the broker is unreachable")
    elif broker is not None and not broker.lock_held:
        problems.append("no beat is running (nothing is scheduled)")
    return "OK: nothing needs a look" if not problems else "NEEDS A LOOK: " + "; ".join(problems)


@click.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(fmt: str) -> None:
    """Show whether the service is well: each source's health, the outbox, beat and the queue.

    A source is SUSPECT after 3 failed checks in a row, SILENT when its season is over and
    no report of this year is archived; one failure is only 'failing'. The outbox shows
    deliveries pending, being sent (with the age of the oldest claim), failed, and the
    uncertain ones (a sender died while handing them over; they are resent with the same
    Message-ID). Without TARGETWATCH_BROKER_URL the beat and queue lines say so.

    \b
    Examples:
      targetwatch status
      targetwatch status --format json
    """
    from targetwatch.cli.commands.archive import archive_session
    from targetwatch.cli.commands.fetch import _load_registry
    from targetwatch.config import load_settings
    from targetwatch.worker.health import broker_status, last_check, outbox_status, sources_status
    from targetwatch.worker.schedule import load_config

    settings = load_settings()
    config = load_config(settings.home)
    registry = _load_registry(settings, ())
    now = datetime.now(UTC)
    with archive_session() as archive:
        sources = sources_status(archive, registry, config, now=now)
        outbox = outbox_status(archive, now=now)
    broker = broker_status(settings.broker_url, config.celery.key_prefix)
    headline = _headline(sources, outbox, broker, config)
    if fmt == "json":
        click.echo(json.dumps({"headline": headline, "last_check": last_check(sources),
                               "sources": [asdict(s) | {"suspect": s.suspect} for s in sources],
                               "outbox": asdict(outbox), "broker": asdict(broker) if broker else None},
                              ensure_ascii=False, indent=1))
        return
    click.echo(headline)
    click.echo("")
    click.echo(f"last check: {_ago(last_check(sources), now)}")
    if broker is None:
        click.echo("beat, queue: no broker (TARGETWATCH_BROKER_URL unset: the pipeline runs with 'targetwatch run')")
    elif not broker.reachable:
        click.echo(f"beat, queue: broker unreachable ({broker.error})")
    else:
        lead = broker.leader
        if lead:
            since = datetime.fromtimestamp(lead.get("since", 0), UTC).isoformat()
            click.echo(f"beat leader: {lead.get('host')} pid {lead.get('pid')}, leading since "
                       f"{_ago(since, now)}, last tick {max(0.0, now.timestamp() - lead.get('at', 0)):.0f} s ago")
        else:
            click.echo("beat leader: " + ("lock held, no tick recorded yet" if broker.lock_held else "NONE running"))
        click.echo(f"queue: {broker.queued} waiting, {broker.unacked} taken by workers and not finished")
    sending = f"{outbox.sending} sending"
    if outbox.oldest_sending_seconds is not None:
        sending += f" (oldest claimed {outbox.oldest_sending_seconds:.0f} s ago)"
    click.echo(f"outbox: {outbox.pending} pending, {sending}, {outbox.sent} sent, {outbox.failed} failed, "
               f"{outbox.uncertain} uncertain ({outbox.uncertain_resent} resent with the same Message-ID)")
    click.echo("")
    if not sources:
        click.echo("no enabled source in the registry")
        return
    for line in sources_table(sources, now):
        click.echo(line)
