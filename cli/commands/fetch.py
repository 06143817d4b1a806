"""`targetwatch fetch URL` and `targetwatch discover [REGION…]`: the scrapers from the terminal.

Both go through scrapers' polite Fetcher, so what a user sees here is what the worker
would get. Fetch state (validators, and the health of each source) lives in the archive,
beside what the worker records, so `discover --status` and `targetwatch status` show the
same; source overrides in $TARGETWATCH_HOME/sources.toml.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from targetwatch.config import Settings, load_settings
from targetwatch.errors import ServiceError, UserError


_USER_KINDS = frozenset({"http", "robots", "blocked", "invalid-url", "too-large", "redirects"})


def _fetch_failure(url: str, exc: Exception) -> UserError:
    """4xx, robots and bad URLs are the user's to fix; outages and TLS are the site's."""
    kind = getattr(exc, "kind", "")
    status = getattr(exc, "status", None)
    if kind in _USER_KINDS and not (kind == "http" and status is not None and status >= 500):
        return UserError(f"{url}: {exc}")
    return ServiceError(f"{url}: {exc}")


def _load_registry(settings: Settings, sources_files: tuple[str, ...]) -> Any:
    from targetwatch.scrapers.registry import RegistryError, load_registry

    try:
        return load_registry(*sources_files, home=settings.home)
    except RegistryError as exc:
        raise UserError(f"source registry: {exc}") from exc


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- fetch ------------------------------------------------------------------------------------
@click.command("fetch")
@click.argument("url")
@click.option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="text: the report's clean text, one paragraph per line (further pages followed); "
                   "html: the page's bytes exactly as served (save them and 'targetwatch parse' the file).")
@click.option("--region", "-r", help="Use this region's registry entry (selectors, charset); by default the "
                                     "entry whose site the URL is on.")
@click.option("--selector", "-s", "selectors", multiple=True, help="CSS selector of the report text (repeatable); "
                                                                  "tried before the registry's.")
@click.option("--single-page", is_flag=True, help="Do not follow the article's further pages (content_2.htm, 下一页).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of stdout.")
@click.option("--sources", "sources_files", multiple=True, type=click.Path(dir_okay=False),
              help="A sources.toml laid over the shipped registry (repeatable).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
              help="Seconds one request may take in all (DNS, connect, headers, body).")
def fetch(url: str, fmt: str, region: str | None, selectors: tuple[str, ...], single_page: bool,
          output: Path | None, sources_files: tuple[str, ...], timeout: float) -> None:
    """Fetch a report page and print its clean text (or its HTML).

    URL is any http(s) URL. robots.txt is obeyed, 5xx and network errors are retried a
    couple of times, 4xx are not.

    \b
    Examples:
      targetwatch fetch https://www.gov.cn/yaowen/liebiao/202503/content_7010168.htm
      targetwatch fetch URL --format html -o page.html && targetwatch parse page.html
    """
    from dataclasses import replace

    from targetwatch.scrapers.article import fetch_document
    from targetwatch.scrapers.document import NotText
    from targetwatch.scrapers.http import FetchError, Fetcher

    settings = load_settings()
    registry = _load_registry(settings, sources_files)
    source = None
    if region:
        from targetwatch.cli.options import region_option

        rid = region_option(region)
        if rid is None or rid not in registry:
            raise UserError(f"no registry entry for region {region!r}")
        source = registry.get(rid)
    else:
        source = registry.for_url(url) or registry.generic()
    if selectors:
        source = replace(source, selectors=tuple(selectors) + source.selectors)
    with Fetcher(allow_private=True, timeout=timeout, retries=2, backoff=0.5, backoff_max=5.0,
                 min_interval=0.5) as fetcher:
        try:
            if fmt == "html":
                result = fetcher.get(url, headers=dict(source.headers))
                data = result.content
            else:
                got = fetch_document(url, fetcher, source, max_pages=1 if single_page else 30)
                data = got.document.text.encode("utf-8")
                if len(got.pages) > 1:
                    click.echo(f"targetwatch: joined {len(got.pages)} pages", err=True)
        except FetchError as exc:
            raise _fetch_failure(url, exc) from exc
        except NotText as exc:
            raise UserError(f"{url}: {exc}") from exc
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from exc
        return
    out = sys.stdout.buffer
    out.write(data)
    out.flush()


# -- discover ---------------------------------------------------------------------------------
def _open_archive(settings: Settings) -> Any:
    """The archive, where discovery keeps validators and source health (one store with the worker)."""
    from targetwatch.archive import Archive, ArchiveUnavailable

    try:
        return Archive(settings.database_url)
    except ArchiveUnavailable as exc:
        raise ServiceError(f"cannot open the archive, where source health is kept: {_one_line(exc)}") from exc


def _status(settings: Settings, registry: Any, regions: list[str], fmt: str) -> None:
    """The sources part of `targetwatch status`, from the archive the worker writes too."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    from targetwatch.cli.commands.status import sources_table
    from targetwatch.worker.health import sources_status
    from targetwatch.worker.schedule import load_config

    now = datetime.now(UTC)
    archive = _open_archive(settings)
    try:
        rows = sources_status(archive, registry, load_config(settings.home), regions, now=now)
    finally:
        archive.close()
    if fmt == "json":
        click.echo(json.dumps({"sources": [asdict(r) | {"suspect": r.suspect} for r in rows]},
                              ensure_ascii=False, indent=1))
        return
    for line in sources_table(rows, now):
        click.echo(line)


def _list_sources(registry: Any, regions: list[str], fmt: str) -> None:
    rows = []
    for rid in regions:
        s = registry.get(rid)
        rows.append({"region": s.id, "name": s.name, "enabled": s.enabled, "verified": s.verified,
                     "evidence": dict(s.evidence), "index": list(s.index), "selectors": list(s.selectors),
                     "charset_header": s.charset_header, "reports": len(s.reports), "from": s.origin})
    if fmt == "json":
        click.echo(json.dumps({"files": list(registry.files), "sources": rows}, ensure_ascii=False, indent=1))
        return
    click.echo(f"registry: {' + '.join(registry.files)}")
    click.echo("nothing below was fetched live unless verified=yes; evidence: P page copy, M manifest, "
               "C scraper code, I inferred")
    for r in rows:
        ev = ",".join(f"{k}:{v}" for k, v in r["evidence"].items()) or "-"
        state = ("on" if r["enabled"] else "off") + (" verified" if r["verified"] else "")
        click.echo(f"{r['region']:<13} {state:<12} {ev:<48} {(r['index'] or ['(no index)'])[0]}")


@click.command("discover")
@click.argument("regions", nargs=-1)
@click.option("--sources", "sources_files", multiple=True, type=click.Path(dir_okay=False),
              help="A sources.toml laid over the shipped registry and $TARGETWATCH_HOME/sources.toml (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list reports that are already archived.")
@click.option("--no-registry", is_flag=True, help="Only what the index pages list, not the registry's known URLs.")
@click.option("--max-pages", type=click.IntRange(1, 200), help="Listing pages to read per index URL (default: "
                                                               "the registry's max_pages).")
@click.option("--status", is_flag=True, help="Show each source's last success and last error; fetch nothing.")
@click.option("--list-sources", is_flag=True, help="Show the registry (after overrides); fetch nothing.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
              help="Seconds one request may take in all (DNS, connect, headers, body); a host that did not "
                   "answer is not asked again in this run.")
def discover(regions: tuple[str, ...], sources_files: tuple[str, ...], fmt: str, show_all: bool, no_registry: bool,
             max_pages: int | None, status: bool, list_sources: bool, timeout: float) -> None:
    """List report URLs on the official sites that are not archived yet, by region and year.

    REGION is an id (beijing) or name (北京); all enabled regions when omitted. Index pages
    are read politely (robots.txt, one request per host every few seconds, conditional
    GET), so a second run costs little. A source that fails is reported in one line and
    remembered: '--status' shows which sources have stopped working.

    \b
    Examples:
      targetwatch discover beijing national
      targetwatch discover --status
      targetwatch discover --sources my-sources.toml tianjin --format json
    """
    from targetwatch.cli.options import region_option

    settings = load_settings()
    registry = _load_registry(settings, sources_files)
    wanted: list[str] = []
    for value in regions:
        rid = region_option(value)
        assert rid is not None
        if rid not in registry:
            raise UserError(f"no registry entry for region {value!r}; add one in "
                            f"{settings.home / 'sources.toml'} (see 'targetwatch discover --list-sources')")
        if rid not in wanted:
            wanted.append(rid)
    if list_sources:
        _list_sources(registry, wanted or registry.ids(), fmt)
        return
    if status:
        _status(settings, registry, wanted or [s.id for s in registry.enabled()], fmt)
        return
    sources = [registry.get(r) for r in wanted] if wanted else registry.enabled()
    _run_discovery(settings, sources, fmt, show_all, not no_registry, max_pages, timeout)


def _run_discovery(settings: Settings, sources: list[Any], fmt: str, show_all: bool, include_registry: bool,
                   max_pages: int | None, timeout: float) -> None:
    from targetwatch.scrapers.discover import IndexReader, discover_source, record_health
    from targetwatch.scrapers.http import Fetcher

    archive = _open_archive(settings)
    progress = sys.stderr.isatty()
    reports = []
    try:
        known = frozenset(archive.known_urls())
        state = archive.state_store()
        with Fetcher(state=state, allow_private=True, timeout=timeout, retries=1, backoff=1.0, backoff_max=5.0,
                     min_interval=0.0) as fetcher:
            reader = IndexReader(fetcher)
            for i, src in enumerate(sources, 1):
                if progress:
                    click.echo(f"\r[{i}/{len(sources)}] {src.id} …\033[K", err=True, nl=False)
                started = time.monotonic()
                r = discover_source(src, reader, known, include_registry=include_registry, max_pages=max_pages,
                                    archived_years=archive.years(src.id))
                reports.append(r)
                if progress:
                    outcome = f"failed: {_one_line(r.error)[:80]}" if r.error else f"{len(r.new)} new"
                    click.echo(f"\r[{i}/{len(sources)}] {src.id}: {outcome} ({time.monotonic() - started:.1f} s)"
                               "\033[K", err=True)
        record_health(state, reports, sources_with_index={s.id for s in sources if s.index})
    finally:
        archive.close()
    for r in reports:
        if r.error and not progress:
            click.echo(f"targetwatch: {r.region}: {_one_line(r.error)}", err=True)
        elif r.problems:
            click.echo(f"targetwatch: {r.region}: {len(r.problems)} listing page(s) failed, first: "
                       f"{_one_line(r.problems[0])}", err=True)
    if fmt == "json":
        out = {"archive": "ok", "sources": [{
            "region": r.region, "ok": r.ok, "error": r.error, "problems": r.problems, "pages_read": r.pages_read,
            "reports": [{"year": c.year, "url": c.url, "title": c.title, "date": c.date, "year_from": c.year_from,
                         "found_on": c.found_on, "evidence": c.evidence or None, "archived": c not in r.new}
                        for c in (r.candidates if show_all else r.new)]} for r in reports]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for r in reports:
            for c in (r.candidates if show_all else r.new):
                notes = [{"title": "", "date": "year from date",
                          "registry": f"registry, evidence {c.evidence or 'I'}"}.get(c.year_from, "")]
                if c not in r.new:
                    notes.append("archived")
                note = "; ".join(n for n in notes if n)
                click.echo("\t".join([r.region, str(c.year), c.url, c.title or "-", note or "-"]))
    with_index = [r for r in reports if any(s.id == r.region and s.index for s in sources)]
    if with_index and all(not r.ok for r in with_index):
        raise ServiceError(f"all {len(with_index)} source(s) failed (see above; 'targetwatch discover --status')")
