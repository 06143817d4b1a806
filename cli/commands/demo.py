"""`targetwatch demo`: the whole job on the bundled sample reports, on a fresh machine.

No network, no Redis, no mail server, and nothing of the user's own data: the demo works in
a folder of its own, $TARGETWATCH_HOME/demo (its SQLite archive, its outbox, its demo
subscriber), whatever TARGETWATCH_DATABASE_URL says, so its abridged samples never become
versions of the user's reports and its subscriber never receives the user's reports. The
pipeline runs in this process (the same functions the Celery worker calls). Running it again
is safe: the samples are already archived (same content hash), so nothing is imported,
compared or sent twice; `--reset` starts the demo over.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

DEMO_EMAIL = "demo@example.org"
DEMO_REGIONS = ("national", "beijing")


def demo_home(home: Path) -> Path:
    return home / "demo"


@click.command("demo")
@click.option("--reset", is_flag=True, help="Start the demo over: remove its folder ($TARGETWATCH_HOME/demo) first.")
def demo(reset: bool) -> None:
    """Run the main job on bundled sample reports: SQLite, no Redis, digest to the outbox.

    Works in its own folder, $TARGETWATCH_HOME/demo (printed), never in your archive or
    your subscriptions. Imports abridged samples of national 2023-2025 and beijing 2024-2025
    (marked as samples), parses them, compares each year with the one before, and writes the
    digest for the demo subscriber (demo@example.org) as an .eml file in the demo's outbox.
    Nothing is fetched from the network.
    """
    from dataclasses import replace

    from targetwatch.diffing.regions import region_name
    from targetwatch.cli.commands.archive import archive_session
    from targetwatch.config import load_settings
    from targetwatch.templates.digest import headlines
    from targetwatch.worker.mail.outbox import file_name, send_due
    from targetwatch.worker.mail.message import unsubscribe_link
    from targetwatch.worker.mail.transport import EmlTransport
    from targetwatch.worker.steps import build_digests, compare_reports, sample_files
    from targetwatch.worker.schedule import load_config

    from targetwatch.errors import UserError

    user = load_settings()
    home = demo_home(user.home)
    if reset and home.exists():
        if not (home / "archive.sqlite3").exists() and any(home.iterdir()):
            raise UserError(f"{home} does not look like the demo's folder (no archive.sqlite3); not removing it")
        shutil.rmtree(home)
        click.echo(f"removed the previous demo in {home}")
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{home}: cannot create the demo folder: {exc.strerror or exc}") from exc
    # the demo never mails anyone and never opens the user's database
    settings = replace(user, home=home, database_url=f"sqlite:///{home / 'archive.sqlite3'}", smtp_url=None)
    config = load_config(settings.home)
    files = sample_files()
    click.echo(f"demo folder: {home} (your own archive and subscriptions are not touched)")
    with archive_session(settings.database_url) as archive:
        click.echo(f"archive: {archive.url}")
        if archive.subscription(DEMO_EMAIL) is None:  # a second run keeps the first run's watermark
            archive.subscribe(DEMO_EMAIL, DEMO_REGIONS)
        imported = _import_samples(archive, files)
        for what, why in imported.failed:
            click.echo(f"  could not import {what}: {why}", err=True)
        if imported.added:
            names = ", ".join(f"{r.document.region} {r.document.report_year}" for r in imported.added)
            facts = sum(r.fact_count for r in imported.added)
            click.echo(f"imported {len(imported.added)} sample report(s) ({names}): {facts} facts parsed")
        else:
            click.echo(f"imported nothing new: the {len(imported.unchanged)} sample reports are already archived")
        comparisons = compare_reports(archive, [(r.document.region, r.document.report_year) for r in imported.added])
        for c in sorted(comparisons, key=lambda c: (c.region != "national", c.region, c.year)):
            lines = headlines(c) or ["no headline target to check"]
            click.echo(f"{c.region} {c.year} vs {c.previous_year} ({region_name(c.region)}):")
            for line in lines:
                click.echo(f"  {line}")
        queued = build_digests(archive, emails=[DEMO_EMAIL])
        report = send_due(archive, EmlTransport(settings.outbox), settings.mail_from, lease=config.lease,
                          max_attempts=config.delivery.max_attempts,
                          unsubscribe_url=unsubscribe_link(config.delivery.unsubscribe_url, settings.base_url))
        for d, where in report.sent:
            click.echo(f"digest for {d.email} ({len((d.payload or {}).get('reports', []))} reports): {where}")
        for d, why in report.retrying + report.failed:
            click.echo(f"digest for {d.email} not written: {why}", err=True)
        if not queued and not report.sent:
            earlier = [d for d in archive.deliveries(status="sent")
                       if d.email == DEMO_EMAIL and (settings.outbox / f"{file_name(d)}.eml").exists()]
            click.echo("nothing new found: no report was added since the last run, so no digest was sent")
            for d in earlier:
                click.echo(f"the earlier digest is {settings.outbox / (file_name(d) + '.eml')}")
    prefix = f"TARGETWATCH_HOME={home}"
    if os.environ.get("TARGETWATCH_DATABASE_URL"):
        prefix = f"env -u TARGETWATCH_DATABASE_URL {prefix}"
    click.echo("")
    click.echo("next, try (on the demo's archive; without the prefix the commands read your own):")
    click.echo(f"  {prefix} targetwatch compare national 2025 --format table")
    click.echo(f"  {prefix} targetwatch history national --indicator gdp_growth")
    click.echo(f"  {prefix} targetwatch archive list")
    click.echo(f"  {prefix} targetwatch digest --status   # .eml files are in {settings.outbox}")
    click.echo("  targetwatch demo --reset   # start the demo over")


def _import_samples(archive, files):  # noqa: ANN001, ANN202 - archive.Archive, worker.steps types
    """Like worker.steps.import_files, with each document marked as a sample (archive list says so)."""
    from targetwatch.archive.errors import DocumentRejected
    from targetwatch.worker.steps import Imported

    out = Imported()
    for f in files:
        try:
            result = archive.add_document(f.path.read_bytes(), region=f.region, year=f.year,
                                          content_type=f.content_type, source_url=f.path.resolve().as_uri(),
                                          sample=True)
        except (DocumentRejected, OSError) as exc:
            out.failed.append((str(f.path), str(exc)))
            continue
        (out.added if result.created else out.unchanged).append(result)
    return out
