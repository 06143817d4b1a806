"""`targetwatch demo`: the whole job on the bundled sample reports, on a fresh machine.

No network, no Redis, no mail server: the archive is the SQLite file in TARGETWATCH_HOME,
the pipeline runs in this process (the same functions the Celery worker calls), and the
digest is written as an .eml file into $TARGETWATCH_HOME/outbox. Running it again is safe:
the samples are already archived (same content hash), so nothing is imported, compared or
sent twice, and the command says where the first digest is.
"""
from __future__ import annotations

import click

DEMO_EMAIL = "demo@example.org"
DEMO_REGIONS = ("national", "beijing")


@click.command("demo")
def demo() -> None:
    """Run the main job on bundled sample reports: SQLite, no Redis, digest to the outbox.

    Imports national 2023-2025 and beijing 2024-2025, parses them, compares each year with
    the one before, and writes the digest for the demo subscriber (demo@example.org) as an
    .eml file. Nothing is fetched from the network.
    """
    from dataclasses import replace

    from targetwatch.diffing.regions import region_name
    from targetwatch.cli.commands.archive import archive_session
    from targetwatch.config import load_settings
    from targetwatch.templates.digest import headlines
    from targetwatch.worker.mail.outbox import file_name, send_due
    from targetwatch.worker.mail.message import unsubscribe_link
    from targetwatch.worker.mail.transport import EmlTransport
    from targetwatch.worker.steps import build_digests, compare_reports, import_files, sample_files
    from targetwatch.worker.schedule import load_config

    settings = replace(load_settings(), smtp_url=None)  # the demo never mails anyone
    config = load_config(settings.home)
    files = sample_files()
    with archive_session(settings.database_url) as archive:
        click.echo(f"archive: {archive.url}")
        if archive.subscription(DEMO_EMAIL) is None:  # a second run keeps the first run's watermark
            archive.subscribe(DEMO_EMAIL, DEMO_REGIONS)
        imported = import_files(archive, files)
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
    click.echo("")
    click.echo("next, try:")
    click.echo("  targetwatch compare national 2025 --format table")
    click.echo("  targetwatch history national --indicator gdp_growth")
    click.echo("  targetwatch subscriptions")
    click.echo(f"  targetwatch digest --status          # the outbox; .eml files are in {settings.outbox}")
