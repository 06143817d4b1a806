"""`targetwatch archive …`: add, import, list, export and re-parse archived reports.

Also the one place where the CLI opens the archive (`open_archive`), so that every command
that needs it (compare, history, digest…) reports a database it cannot open the same way:
which database, why, and which setting to change.
"""
from __future__ import annotations

import io
import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import click

from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.regions import REGIONS
from targetwatch.config import load_settings
from targetwatch.errors import ServiceError, UserError
from targetwatch.cli.options import region_option

# The archive package (SQLAlchemy, Alembic) is imported inside functions: `targetwatch
# --help` and the commands that never touch the database should not pay for it.


def open_archive(url: str | None = None):  # noqa: ANN201 - archive.Archive, imported lazily
    """The archive named by the settings (or `url`), created or upgraded in place if need be."""
    from targetwatch.archive import Archive, ArchiveUnavailable

    url = url or load_settings().database_url
    try:
        return Archive(url)
    except ArchiveUnavailable as exc:
        hint = ("set TARGETWATCH_DATABASE_URL to a URL such as postgresql+psycopg://user@host/db, or unset it to "
                "use the SQLite archive in TARGETWATCH_HOME")
        if exc.fixable:
            raise UserError(f"{exc}; {hint}") from exc
        raise ServiceError(f"{exc}; check that the database is running and reachable, or {hint}") from exc


@contextmanager
def archive_session(url: str | None = None) -> Iterator:
    archive = open_archive(url)
    try:
        yield archive
    finally:
        archive.close()


def require_factsheet(archive, region: str, year: int) -> FactSheet:  # noqa: ANN001
    """The report of a region and year, or a UserError that says what is archived instead."""
    sheet = archive.factsheet(region, year)
    if sheet is None:
        years = archive.years(region)
        have = (f"archived years of {region}: {_year_ranges(years)}" if years
                else f"nothing of {region} is archived")
        raise UserError(f"{region} {year} is not in the archive ({have}); add it with "
                        f"'targetwatch archive add FILE_OR_URL --region {region} --year {year}'")
    return sheet


def _year_ranges(years: list[int]) -> str:
    parts: list[str] = []
    start = prev = None
    for y in years:
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = y
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


_region = region_option


def _progress(total: int, enabled: bool | None, unit: str):  # noqa: ANN202
    from tqdm import tqdm

    # disable=None: a bar on a terminal, nothing in logs and pipes, unless forced either way.
    return tqdm(total=total, unit=unit, file=sys.stderr, disable=None if enabled is None else not enabled,
                dynamic_ncols=True, leave=False)


_progress_option = click.option("--progress/--no-progress", default=None,
                                help="Show a progress bar on stderr (default: when stderr is a terminal).")


@click.group("archive")
def archive() -> None:
    """Add, import, list, export and re-parse archived reports.

    The archive keeps every document as it was fetched (a changed page is a new version),
    its text, and the facts parsed from it by each extractor version. It lives in
    TARGETWATCH_DATABASE_URL, by default a SQLite file in TARGETWATCH_HOME.
    """


@archive.command("add")
@click.argument("source")
@click.option("--region", "-r", help="Region id (beijing, national, …) or name; inferred from the text if omitted.")
@click.option("--year", "-y", type=click.IntRange(1949, 2100), help="Year of the report; inferred if omitted.")
@click.option("--alternate", is_flag=True,
              help="A second copy from another source: kept, but not the report of its year.")
@click.option("--force", is_flag=True,
              help="Archive it anyway: a text that does not look like a government work report (marked as "
                   "forced), or one whose own title or dateline names another year than --year.")
def add(source: str, region: str | None, year: int | None, alternate: bool, force: bool) -> None:
    """Archive one report: a file, '-' for stdin, or an http(s) URL.

    Adding the same document again changes nothing; a changed document becomes the next
    version of its region and year. Without --region/--year they are read from the text,
    and a text that gives no clear year is refused with the candidates. A text that is not
    a work report (a statistical communiqué, a budget report, a company report…) is refused
    unless --force; a news summary is kept, marked, and never replaces the full report.

    \b
    Examples:
      targetwatch archive add beijing-2025.txt --region beijing --year 2025
      targetwatch archive add https://www.gov.cn/.../content_7010168.htm -r national -y 2025
    """
    from targetwatch.archive import DocumentRejected
    from targetwatch.archive.ingest import NOT_A_REPORT, OTHER_YEAR
    from targetwatch.inputs import is_url, read_source

    # A URL goes through the source registry like `parse URL` (charset, selectors, further
    # pages); a file or stdin is archived as it is.
    src = read_source(source)
    headers = {k.lower(): v for k, v in (getattr(src, "headers", None) or {}).items()}
    if src.url:
        source_url = src.url
    elif is_url(source):
        source_url = source
    elif source == "-":
        source_url = None
    else:
        source_url = Path(source).resolve().as_uri()
    with archive_session() as arc:
        try:
            result = arc.add_document(src.data, region=_region(region), year=year, content_type=src.content_type,
                                      source_url=source_url, etag=headers.get("etag"),
                                      last_modified=headers.get("last-modified"),
                                      fetched_at=datetime.now(UTC), alternate=alternate, force=force)
        except DocumentRejected as exc:
            hint = (" (pass --force to archive it anyway)" if str(exc).startswith(NOT_A_REPORT)
                    else " (leave out --year to file it under its own, or pass --force if the text is wrong)"
                    if str(exc).startswith(OTHER_YEAR) else "")
            raise UserError(f"{src.name}: {exc}; nothing was archived{hint}") from exc
        except ValueError as exc:  # a region or year the parser inferred that is not usable
            raise UserError(f"{src.name}: {exc}; pass --region and --year") from exc
    d = result.document
    marks = d.marks()
    what = f"{d.region} {d.report_year} version {d.version}{' (' + ', '.join(marks) + ')' if marks else ''}"
    if result.created:
        click.echo(f"archived {what} as document {d.id}: {result.fact_count} facts")
        for warning in result.warnings:
            click.echo(f"targetwatch: warning: document {d.id}: {warning}", err=True)
    else:
        click.echo(f"already archived: {what} (document {d.id}) has the same content; nothing changed")


SHOW_SKIPPED = 10


@archive.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--include-alt", is_flag=True, help="Also import the second copies in <region>/alt/ (as alternates).")
@click.option("--force", is_flag=True,
              help="Also archive files that do not look like government work reports (marked as forced).")
@_progress_option
@click.pass_context
def import_(ctx: click.Context, folder: Path, include_alt: bool, force: bool, progress: bool | None) -> None:
    """Import a folder of reports laid out as <region>/<year>.txt (or .html, .pdf), or one
    region's folder of <year>.txt files.

    Region and year come from the path. Each report is archived in its own transaction:
    an interrupted import can simply be run again, and what is already archived is skipped.

    \b
    Example:
      targetwatch archive import ../shared/corpus/reports
    """
    from targetwatch.archive.importer import import_files, scan

    found = scan(folder, include_alternates=include_alt)
    for path, why in found.skipped[:SHOW_SKIPPED]:
        click.echo(f"targetwatch: skipped {path}: {why}", err=True)
    if len(found.skipped) > SHOW_SKIPPED:
        click.echo(f"targetwatch: skipped {len(found.skipped) - SHOW_SKIPPED} more files that do not fit the layout",
                   err=True)
    if not found.files:
        raise UserError(f"{folder}: no report files found (expected <region>/<year>.txt, e.g. beijing/2025.txt)")
    with archive_session() as arc:
        bar = _progress(len(found.files), progress, "report")
        try:
            def step(f) -> None:  # noqa: ANN001
                bar.set_postfix_str(f"{f.region} {f.year}", refresh=False)
                bar.update(1)

            report = import_files(arc, found.files, progress=step, force=force)
        finally:
            bar.close()
    for f, why in report.failed:
        click.echo(f"targetwatch: not archived: {f.path}: {why}", err=True)
    for f, warning in report.warnings:
        click.echo(f"targetwatch: warning: {f.path}: {warning}", err=True)
    click.echo(f"imported {len(report.added)} reports ({report.facts} facts); {len(report.unchanged)} already "
               f"archived; {len(report.failed)} failed")
    if found.alternates_left_out:
        click.echo(f"left out {found.alternates_left_out} second copies in alt/ folders (add --include-alt to "
                   "keep them too)", err=True)
    if report.failed:
        ctx.exit(1)


@archive.command("list")
@click.option("--regions", "list_regions", is_flag=True, help="List the known region ids instead.")
@click.option("--region", "-r", help="Only this region.")
@click.option("--all", "all_documents", is_flag=True,
              help="Every document, withdrawn and relabelled ones too, with the corrections made (who, when, why).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_(list_regions: bool, region: str | None, all_documents: bool, fmt: str) -> None:
    """What the archive holds: regions, years, versions and fact counts.

    Samples of `targetwatch demo`, news summaries, incomplete reports and texts archived with
    --force are marked. --all lists every document, withdrawn ones included.
    """
    from targetwatch.templates.tables import render

    if list_regions:
        _print_regions(fmt)
        return
    if all_documents:
        _print_all(_region(region), fmt)
        return
    with archive_session() as arc:
        rows = arc.summary(_region(region))
    if fmt == "json":
        click.echo(json.dumps([{"region": r.region, "report_year": r.report_year, "versions": r.versions,
                                "alternates": r.alternates, "document_id": r.document_id, "version": r.version,
                                "facts": r.fact_count, "extractor_version": r.extractor_version,
                                "archived_at": r.archived_at.isoformat(), "marks": list(r.marks)} for r in rows],
                              ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("the archive is empty; add reports with 'targetwatch archive add' or 'targetwatch archive import'")
        return
    table = [[r.region, str(r.report_year), str(r.versions) + (f"+{r.alternates} alt" if r.alternates else ""),
              str(r.document_id), str(r.fact_count), r.extractor_version or "-",
              r.archived_at.strftime("%Y-%m-%d %H:%M"), ", ".join(r.marks)] for r in rows]
    click.echo(render(["region", "year", "versions", "document", "facts", "extractor", "archived (UTC)", "marks"],
                      table))
    click.echo(f"{len({r.region for r in rows})} regions, {len(rows)} reports, {sum(r.fact_count for r in rows)} facts")


def _print_all(region: str | None, fmt: str) -> None:
    from targetwatch.templates.tables import render

    with archive_session() as arc:
        docs = arc.all_documents(region)
        fixes = arc.corrections()
    by_doc: dict[int, list] = {}
    for c in fixes:
        by_doc.setdefault(c.document_id, []).append(c)
    if fmt == "json":
        click.echo(json.dumps([{
            "document_id": d.id, "region": d.region, "report_year": d.report_year, "version": d.version,
            "marks": d.marks(), "archived_at": d.archived_at.isoformat(),
            "withdrawn_at": d.withdrawn_at.isoformat() if d.withdrawn_at else None, "withdrawn_why": d.withdrawn_why,
            "corrections": [{"action": c.action, "who": c.who, "at": c.at.isoformat(), "why": c.why,
                             "new_region": c.new_region, "new_year": c.new_year,
                             "new_document_id": c.new_document_id} for c in by_doc.get(d.id, [])],
        } for d in docs], ensure_ascii=False, indent=1))
        return
    if not docs:
        click.echo("the archive is empty; add reports with 'targetwatch archive add' or 'targetwatch archive import'")
        return
    rows = []
    for d in docs:
        last = by_doc.get(d.id, [])[-1:] or [None]
        c = last[0]
        note = ""
        if c is not None:
            target = f" -> {c.new_region} {c.new_year} (document {c.new_document_id})" if c.action == "relabel" else ""
            note = f"{c.action}{target} by {c.who} {c.at.strftime('%Y-%m-%d %H:%M')}: {c.why or '(no reason given)'}"
        rows.append([str(d.id), d.region, str(d.report_year), str(d.version), ", ".join(d.marks()),
                     d.archived_at.strftime("%Y-%m-%d %H:%M"), note])
    click.echo(render(["document", "region", "year", "version", "marks", "archived (UTC)", "last correction"], rows))
    withdrawn = sum(d.withdrawn for d in docs)
    click.echo(f"{len(docs)} documents, {withdrawn} withdrawn, {len(fixes)} corrections")


def _correction_error(exc: Exception, document_id: int) -> UserError:
    return UserError(str(exc) if str(exc).startswith(("document", "no document")) else f"document {document_id}: {exc}")


@archive.command("withdraw")
@click.argument("document_id", type=int)
@click.option("--why", help="Why it is withdrawn (kept with the correction).")
def withdraw(document_id: int, why: str | None) -> None:
    """Take a document out of history, compare, scoreboard, digests and the web app.

    Nothing is deleted: its bytes, texts and facts stay, `archive list --all` shows it with
    who withdrew it, when and why, and `archive restore` undoes it. Document ids are in
    `archive list` (the document column) and `archive list --all`.
    """
    from targetwatch.archive import CorrectionRefused, NotFound

    with archive_session() as arc:
        try:
            doc = arc.withdraw(document_id, why)
        except (CorrectionRefused, NotFound) as exc:
            raise _correction_error(exc, document_id) from exc
        now = arc.factsheet(doc.region, doc.report_year)
        stands = arc.summary(doc.region)
    after = next((r for r in stands if r.report_year == doc.report_year), None)
    click.echo(f"withdrew document {doc.id} ({doc.region} {doc.report_year} version {doc.version}); "
               + (f"{doc.region} {doc.report_year} is now document {after.document_id}" if now is not None and after
                  else f"no report of {doc.region} {doc.report_year} remains in use"))


@archive.command("restore")
@click.argument("document_id", type=int)
@click.option("--why", help="Why it is restored (kept with the correction).")
def restore(document_id: int, why: str | None) -> None:
    """Undo `archive withdraw`: the document is in use again (recorded like every correction)."""
    from targetwatch.archive import CorrectionRefused, NotFound

    with archive_session() as arc:
        try:
            doc = arc.restore(document_id, why)
        except (CorrectionRefused, NotFound) as exc:
            raise _correction_error(exc, document_id) from exc
    click.echo(f"restored document {doc.id} ({doc.region} {doc.report_year} version {doc.version})")


@archive.command("relabel")
@click.argument("document_id", type=int)
@click.option("--region", "-r", required=True, help="The region it really is (id or name).")
@click.option("--year", "-y", required=True, type=click.IntRange(1949, 2100), help="The year it really is.")
@click.option("--why", help="Why (kept with the correction).")
@click.option("--force", is_flag=True, help="Relabel even to a year the text's own title or dateline contradicts.")
def relabel(document_id: int, region: str, year: int, why: str | None, force: bool) -> None:
    """Move a document filed under the wrong region or year.

    It is archived again under the right key (parsed again for that year) as a new version,
    and the old one is withdrawn, pointing at the new one. Nothing is deleted.

    
    Example:
      targetwatch archive relabel 12 --region national --year 2020 --why "its heading is 2019年和今年以来工作回顾"
    """
    from targetwatch.archive import CorrectionRefused, DocumentRejected, NotFound
    from targetwatch.archive.ingest import OTHER_YEAR

    with archive_session() as arc:
        try:
            old, new = arc.relabel(document_id, _region(region), year, why, force=force)
        except (CorrectionRefused, NotFound, DocumentRejected) as exc:
            error = _correction_error(exc, document_id)
            if OTHER_YEAR in str(exc):
                error = UserError(f"{error} (pass --force if the text itself is wrong)")
            raise error from exc
    click.echo(f"relabelled document {old.id} ({old.region} {old.report_year}) as {new.region} {new.report_year}: "
               f"now document {new.id} version {new.version}; document {old.id} is withdrawn")


def _print_regions(fmt: str) -> None:
    from targetwatch.templates.tables import render

    try:
        with archive_session() as arc:
            counts = Counter(s.region for s in arc.summary())
    except UserError:
        counts = Counter()  # the ids are useful even when the archive cannot be opened
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "short": r.short, "level": r.level,
                                "archived_years": counts.get(r.id, 0)} for r in REGIONS],
                              ensure_ascii=False, indent=1))
        return
    click.echo(render(["id", "name", "level", "archived years"],
                      [[r.id, r.name, r.level, str(counts.get(r.id, 0))] for r in REGIONS]))


@archive.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "sqlite"]), default="csv", show_default=True,
              help="csv or json (same columns), or sqlite: a database file with a Datasette metadata file beside it.")
@click.option("--what", type=click.Choice(["facts", "verdicts"]), default=None,
              help="facts: one row per current fact (default for csv/json); verdicts: one row per comparison row "
                   "of every pair of consecutive years. sqlite holds both unless told.")
@click.option("--headline", is_flag=True, help="Only the catalog indicators (gdp_growth, cpi, …), no task: rows.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of stdout (needed for sqlite).")
@click.option("--region", "-r", help="Only this region.")
@click.option("--all-versions", is_flag=True,
              help="Facts: also older versions and alternate copies of each report (each with its current facts).")
@click.option("--bom", is_flag=True, help="Start a CSV with a UTF-8 byte order mark (for Excel).")
def export(fmt: str, what: str | None, headline: bool, output: Path | None, region: str | None,
           all_versions: bool, bom: bool) -> None:
    """The archive as a research panel: CSV, JSON or a SQLite file for Datasette.

    Facts: region id and names (Chinese and English), report_year, indicator id and names,
    kind, period, period_start, comparator, value, low, high, unit, the value in the
    indicator's canonical unit (the same for every region: grain in 斤), text, span,
    source_url (web addresses only) and extractor version, then provenance (document,
    version, content hash, fact set). Verdicts: for every pair of consecutive archived
    years of a region, every comparison row (check, verdict, margin or change, both
    figures with their words). Column descriptions: the README, or the metadata file.

    \b
    Examples:
      targetwatch archive export --headline -o facts.csv
      targetwatch archive export --what verdicts --format json -o verdicts.json
      targetwatch archive export --format sqlite -o panel.db && datasette panel.db -m panel.metadata.json
    """
    from targetwatch.archive.export import (FACT_COLUMNS, VERDICT_COLUMNS, WRITERS, VerdictRun, archive_facts,
                                            archive_verdicts, metadata_path, write_sqlite)

    region_id = _region(region)
    run = VerdictRun()
    with archive_session() as arc:
        def facts():  # noqa: ANN202
            return archive_facts(arc, region_id, headline_only=headline, all_documents=all_versions)

        def verdicts():  # noqa: ANN202
            return archive_verdicts(arc, region_id, headline_only=headline, run=run)

        if fmt == "sqlite":
            if output is None:
                raise UserError("--format sqlite writes a database file: give --output PATH, e.g. -o panel.db")
            try:
                counts = write_sqlite(output, facts() if what in (None, "facts") else None,
                                      verdicts() if what in (None, "verdicts") else None)
            except (OSError, sqlite3.Error) as exc:
                why = getattr(exc, "strerror", None) or str(exc)
                raise UserError(f"{output}: cannot write: {why}") from exc
            tables = ", ".join(f"{n} {t}" for t, n in counts.items() if t in ("facts", "verdicts"))
            click.echo(f"wrote {tables} to {output}; Datasette metadata in {metadata_path(output)} "
                       f"(datasette {output} -m {metadata_path(output)})", err=True)
        else:
            kind = what or "facts"
            rows, columns = (facts(), FACT_COLUMNS) if kind == "facts" else (verdicts(), VERDICT_COLUMNS)
            with _open_output(output, bom and fmt == "csv") as out:
                n = WRITERS[fmt](rows, out, columns)
            if output is not None:
                click.echo(f"wrote {n} {kind} to {output}", err=True)
    if run.skipped:
        shown = "; ".join(f"{r} {y - 1}-{y}" for r, y, _ in run.skipped[:8])
        more = f" and {len(run.skipped) - 8} more" if len(run.skipped) > 8 else ""
        click.echo(f"targetwatch: {len(run.skipped)} pairs of years not compared (a report states no main "
                   f"targets): {shown}{more}", err=True)


@contextmanager
def _open_output(output: Path | None, bom: bool) -> Iterator[TextIO]:
    encoding = "utf-8-sig" if bom else "utf-8"
    if output is not None:
        try:
            fh = output.open("w", encoding=encoding, newline="")
        except OSError as exc:
            raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from exc
        with fh:
            yield fh
        return
    # UTF-8 whatever the locale says, and no newline translation (csv writes its own).
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        yield sys.stdout
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(stream, encoding=encoding, newline="", write_through=False)
    try:
        yield out
        out.flush()
    finally:
        out.detach()  # leave stdout itself open


@archive.command("reparse")
@click.option("--region", "-r", help="Only this region.")
@click.option("--verbose", "-v", is_flag=True, help="List every fact added, removed or changed.")
@_progress_option
@click.pass_context
def reparse(ctx: click.Context, region: str | None, verbose: bool, progress: bool | None) -> None:
    """Parse every archived document again with the parser installed now.

    Nothing is overwritten: a different result is stored as a new fact set beside the old
    one and becomes the current facts. Prints what changed, document by document.
    """
    from targetwatch.archive.reparse import reparse_archive

    with archive_session() as arc:
        version = arc.extractor_version
        total = len(arc.document_ids(_region(region)))
        bar = _progress(total, progress, "doc")
        try:
            report = reparse_archive(arc, region=_region(region), progress=lambda d: bar.update(1))
        finally:
            bar.close()
    for o in report.outcomes:
        d = o.document
        name = f"{d.region} {d.report_year} v{d.version}{' alt' if d.alternate else ''} (document {d.id})"
        if o.status == "failed":
            click.echo(f"targetwatch: re-parse failed: {name}: {o.error}", err=True)
        elif o.status == "changed":
            c = o.changes
            click.echo(f"{name}: +{len(c.added)} -{len(c.removed)} ~{len(c.changed)} "
                       f"({o.old_extractor_version or 'none'} -> {o.new_extractor_version})")
            if verbose:
                for f in c.added:
                    click.echo(f"  + {_fact_line(f)}")
                for f in c.removed:
                    click.echo(f"  - {_fact_line(f)}")
                for a, b in c.changed:
                    click.echo(f"  ~ {_fact_line(a)}\n    -> {_fact_line(b)}")
    click.echo(f"re-parsed {len(report.outcomes)} documents with extractor {version}: "
               f"{report.count('changed')} changed, {report.count('retagged')} same facts under a new version "
               f"or text, {report.count('unchanged')} unchanged, {report.count('failed')} failed; "
               f"facts +{report.added} -{report.removed} ~{report.changed}")
    if report.count("failed"):
        ctx.exit(1)


def _fact_line(f) -> str:  # noqa: ANN001
    from targetwatch.diffing.fmt import figure

    return f"{f.kind} {f.indicator} {f.period}: {figure(f)}  「{f.text}」"
