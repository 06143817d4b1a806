"""`targetwatch subscribe / unsubscribe / subscriptions / digest`: who gets which digests.

The digest command is the manual form of what the worker does on its schedule: without
--send it only shows what each subscriber's next digest would contain; with --send it
queues those digests in the outbox and sends what is due, so running it twice sends
nothing the second time.
"""
from __future__ import annotations

import click

from targetwatch.errors import ServiceError, UserError

CADENCES = ("on-new-report", "weekly")
DIGEST_LANGS = ("zh", "en")  # archive.models' (not imported here: --help must stay quick); tests keep them equal
LANG_NAMES = {"zh": "Chinese", "en": "English"}


def _regions(values: tuple[str, ...]) -> list[str]:
    from targetwatch.diffing.regions import normalize_region

    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            rid = "*" if part in ("*", "all") else normalize_region(part)
            if rid is None:
                raise UserError(f"unknown region {part!r}; use an id such as beijing or national, a name such as "
                                "北京, or 'all' (see 'targetwatch archive list --regions')")
            if rid not in out:
                out.append(rid)
    if not out:
        raise UserError("give at least one --region (e.g. --region national --region beijing, or --region all)")
    return out


def _email(value: str) -> str:
    from targetwatch.archive.subscriptions import normalize_email

    try:
        return normalize_email(value)
    except ValueError:
        raise UserError(f"{value!r} is not an email address (expected e.g. name@example.org)") from None


def _when(dt) -> str:  # noqa: ANN001
    return dt.strftime("%Y-%m-%d %H:%M UTC") if dt else "never"


@click.command("subscribe")
@click.argument("email")
@click.option("--region", "-r", "regions", multiple=True, metavar="REGION",
              help="Region id or name (repeatable, or comma-separated); 'all' for every region.")
@click.option("--cadence", type=click.Choice(CADENCES), default="on-new-report", show_default=True,
              help="on-new-report: a digest whenever a new report is archived; weekly: one digest a week.")
@click.option("--lang", type=click.Choice(DIGEST_LANGS), default=None,
              help="The digests' language: zh (the default for a new subscription) or en (verdicts, figures and "
                   "headings in English, links to the web app's /en/ pages; report sentences stay as written). "
                   "Left out, a subscription keeps the language it has.")
def subscribe(email: str, regions: tuple[str, ...], cadence: str, lang: str | None) -> None:
    """Subscribe EMAIL to digests of some regions (again: change its regions, cadence or language).

    The first digest covers reports archived from now on, not the whole archive.

    \b
    Examples:
      targetwatch subscribe analyst@example.org --region national --region beijing
      targetwatch subscribe desk@example.org --region all --cadence weekly --lang en
    """
    from targetwatch.cli.commands.archive import archive_session

    address, wanted = _email(email), _regions(regions)
    with archive_session() as archive:
        before = archive.subscription(address)
        info = archive.subscribe(address, wanted, cadence, lang=lang)
    what = "all regions" if "*" in info.regions else ", ".join(info.regions)
    verb = "subscribed" if before is None else ("updated" if before.active else "re-subscribed")
    click.echo(f"{verb} {info.email}: {what}, {info.cadence}, in {LANG_NAMES[info.lang]} "
               f"(unsubscribe token {info.unsubscribe_token})")


@click.command("unsubscribe", context_settings={"ignore_unknown_options": True})
@click.argument("email_or_token")
def unsubscribe(email_or_token: str) -> None:
    """Stop sending digests to an address (given as the address or its unsubscribe token)."""
    from targetwatch.cli.commands.archive import archive_session

    with archive_session() as archive:
        info = archive.unsubscribe(email_or_token)
    if info is None:
        raise UserError(f"no subscription for {email_or_token!r} (see 'targetwatch subscriptions')")
    click.echo(f"unsubscribed {info.email}; digests already sent stay recorded, queued ones will not be sent")


@click.command("subscriptions")
@click.option("--all", "show_all", is_flag=True, help="Also list addresses that have unsubscribed.")
@click.option("--region", "-r", help="Only subscriptions that include this region.")
def subscriptions(show_all: bool, region: str | None) -> None:
    """List the subscriptions: address, regions, cadence, and how far their digests got."""
    from targetwatch.cli.commands.archive import archive_session

    rid = _regions((region,))[0] if region else None
    with archive_session() as archive:
        subs = archive.subscriptions(active=None if show_all else True, region=rid)
    if not subs:
        click.echo("no subscriptions yet; add one with 'targetwatch subscribe EMAIL --region REGION'")
        return
    from targetwatch.templates.tables import render

    # An address may be written in Chinese (张三@例子.中国): the table counts wide characters as two columns.
    rows = [(s.email, "all" if "*" in s.regions else ",".join(s.regions), s.cadence, s.lang,
             _when(s.last_digest_at), "active" if s.active else "unsubscribed") for s in subs]
    click.echo(render(("email", "regions", "cadence", "lang", "last digest", "status"), rows,
                      max_widths=(48, 24, 14, 5, 21, 12)))


@click.command("digest")
@click.option("--send", "do_send", is_flag=True, help="Queue the digests and send them (otherwise only show them).")
@click.option("--cadence", type=click.Choice(CADENCES), help="Only subscriptions of this cadence (default: all).")
@click.option("--email", "emails", multiple=True, metavar="EMAIL", help="Only this subscriber (repeatable).")
@click.option("--show", is_flag=True, help="Print the plain-text digest each subscriber would get.")
@click.option("--status", is_flag=True, help="Show the outbox: queued, failed and uncertain deliveries.")
@click.option("--requeue", "requeue_ids", multiple=True, type=int, metavar="ID",
              help="Make a failed or uncertain delivery due again (after checking the mail server's log).")
def digest(do_send: bool, cadence: str | None, emails: tuple[str, ...], show: bool, status: bool,
           requeue_ids: tuple[int, ...]) -> None:
    """Build each subscriber's digest of the reports new since their last one; --send delivers it.

    Mail goes to TARGETWATCH_SMTP_URL, or into $TARGETWATCH_HOME/outbox as .eml files when it is
    unset. Each digest is sent once: a second --send finds nothing new to send.

    \b
    Examples:
      targetwatch digest                 # what would be sent
      targetwatch digest --send
      targetwatch digest --status
    """
    from targetwatch.cli.commands.archive import archive_session
    from targetwatch.config import load_settings
    from targetwatch.worker.schedule import load_config

    settings = load_settings()
    config = load_config(settings.home)
    wanted = [_email(e) for e in emails] or None
    with archive_session() as archive:
        if requeue_ids:
            _requeue(archive, requeue_ids)
            return
        if status:
            _status(archive, config)
            return
        if do_send:
            _send(archive, settings, config, cadence, wanted)
        else:
            _preview(archive, cadence, wanted, show, config)


def _preview(archive, cadence, emails, show, config) -> None:  # noqa: ANN001
    from targetwatch.templates.digest import DigestRenderer
    from targetwatch.worker.steps import plan_digests

    plans = plan_digests(archive, cadence=cadence, emails=emails)
    due = archive.deliveries(status="pending")
    from targetwatch.config import load_settings
    from targetwatch.worker.mail.message import unsubscribe_link

    renderer = DigestRenderer(archive, unsubscribe_link(config.delivery.unsubscribe_url, load_settings().base_url))
    if not plans and not due:
        click.echo("nothing to send: no report archived since each subscriber's last digest, and the outbox is empty")
        return
    for p in plans:
        subject, text, _ = renderer.render(p.payload, email=p.subscription.email, token=p.subscription.unsubscribe_token)
        click.echo(f"{p.subscription.email}: {subject} ({len(p.payload['reports'])} report(s))")
        if show:
            click.echo(text)
    for d in due[:50]:
        subject, text, _ = renderer.render(d.payload or {}, email=d.email, token=d.unsubscribe_token)
        click.echo(f"{d.email}: {subject} (queued in the outbox as delivery {d.id})")
        if show:
            click.echo(text)
    if len(due) > 50:
        click.echo(f"… and {len(due) - 50} more queued deliveries")
    click.echo("(nothing was sent; run 'targetwatch digest --send' to send)")


def _send(archive, settings, config, cadence, emails) -> None:  # noqa: ANN001
    from targetwatch.worker.steps import build_digests, send_outbox

    queued = build_digests(archive, cadence=cadence, emails=emails)
    report = send_outbox(archive, settings, config)
    new = sum(q.created for q in queued)
    click.echo(f"queued {new} new digest(s); sent {len(report.sent)}"
               + (f", {len(report.retrying)} to retry later" if report.retrying else "")
               + (f", {len(report.failed)} failed for good" if report.failed else ""))
    for d, where in report.sent:
        click.echo(f"  sent to {d.email} -> {where}")
    for d, why in report.retrying + report.failed:
        click.echo(f"  not sent to {d.email}: {why}")
    for d in report.abandoned:
        click.echo(f"  delivery {d.id} to {d.email} was left unfinished by a stopped sender (see --status)")
    if not report.sent and not queued and not report.retrying and not report.stopped:
        click.echo("nothing new since each subscriber's last digest")
    if report.stopped:
        raise ServiceError(f"stopped sending: {report.stopped}; the rest stays queued for the next run")


def _status(archive, config) -> None:  # noqa: ANN001
    from collections import Counter

    from targetwatch.worker.mail.outbox import UNCERTAIN

    rows = archive.deliveries()
    counts = Counter(d.status for d in rows)
    click.echo(", ".join(f"{counts.get(s, 0)} {s}" for s in ("pending", "sending", "sent", "failed")))
    uncertain = [d for d in rows if (d.last_error or "").startswith(UNCERTAIN)]
    if uncertain:
        click.echo(f"{len(uncertain)} uncertain (a sender died while handing it over; resent with the same "
                   f"Message-ID): {sum(d.status == 'sent' for d in uncertain)} resent, "
                   f"{sum(d.status != 'sent' for d in uncertain)} waiting")
    for d in rows:
        if d.status == "failed" or (d.status == "pending" and d.attempts):
            tag = "UNCERTAIN" if (d.last_error or "").startswith(UNCERTAIN) else d.status
            click.echo(f"  #{d.id} {d.email} {d.digest_key}: {tag} after {d.attempts} attempt(s): {d.last_error}")


def _requeue(archive, ids) -> None:  # noqa: ANN001
    from targetwatch.worker.mail.outbox import requeue

    for i in ids:
        try:
            d = requeue(archive, i)
        except LookupError as exc:
            raise UserError(f"{exc} (see 'targetwatch digest --status')") from None
        click.echo(f"delivery {d.id} to {d.email}: {d.status}" + (" (already sent, left alone)" if d.status == "sent" else ""))
