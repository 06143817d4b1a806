"""Read a SOURCE named on the command line (a file, `-` for stdin, or an http(s) URL) as text.

Every command that takes a report goes through here, so that bad input gets the same clear
one-line error everywhere.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.regions import normalize_region
from targetwatch.scrapers.document import Document, NotText, extract_text
from targetwatch.errors import ServiceError, UserError

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""A whole work report is 20-300 KB of text; anything this big is not one report."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    data: bytes
    content_type: str | None
    url: str | None
    headers: dict[str, str] = field(default_factory=dict)
    """The HTTP response headers of a URL (ETag, Last-Modified for the archive)."""
    # For a report URL read through read_document, `data` is what the archive keeps: the page
    # as served, or the joined text of a report spread over several pages.


def region_id(value: str | None) -> str | None:
    """A region id from an id (beijing), a name (北京市) or a short name (北京); None stays None."""
    if value is None:
        return None
    region = normalize_region(value)
    if region is None:
        raise UserError(f"unknown region {value!r}; use an id such as beijing, guangdong or national "
                        "(see 'targetwatch archive list --regions')")
    return region


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    """The bytes of a report as the archive keeps them; a URL is read through the source registry."""
    if is_url(source):
        return _url_document(source)[0]
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if not path.exists():
            raise UserError(f"{source}: no such file (give a file path, '-' for stdin, or an http(s) URL)")
        if path.is_dir():
            raise UserError(f"{source}: is a folder; give one report file (or use 'targetwatch archive import')")
        try:
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise UserError(f"{source}: cannot read: {exc.strerror or exc}") from exc
        name = source
    if len(data) > max_bytes:
        raise UserError(f"{name}: larger than {max_bytes // (1024 * 1024)} MB; a work report is a few hundred KB, "
                        "so this is not one report (split it, or check the file)")
    return Source(name, data, None, None)


def read_document(source: str) -> tuple[Source, Document]:
    """The text of a report: a URL goes through the source registry (selectors, charset, further pages)."""
    if is_url(source):
        return _url_document(source)
    src = read_source(source)
    return src, document_of(src.name, src.data, src.content_type)


def document_of(name: str, data: bytes, content_type: str | None = None) -> Document:
    """Bytes of a report as text (charset, HTML, PDF); unreadable bytes are the user's one-line error."""
    try:
        return extract_text(data, content_type)
    except NotText as exc:
        raise UserError(f"{name}: {exc}") from exc


def facts_json(name: str, text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    """The facts JSON that `targetwatch parse` prints, read back (for reruns on hand-corrected facts)."""
    try:
        sheet = FactSheet.from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{name}: not a report and not facts JSON as 'targetwatch parse' prints it ({exc})") from exc
    if region is not None and sheet.region != region:
        raise UserError(f"{name}: the facts are of {sheet.region}, not {region}")
    if year is not None and sheet.report_year != year:
        raise UserError(f"{name}: the facts are of the {sheet.report_year} report, not {year}")
    return sheet


def _url_document(url: str) -> tuple[Source, Document]:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        raise UserError(f"{url}: not a web address with a host; give a URL such as https://www.gov.cn/…, "
                        f"a file path or '-' for stdin")
    from targetwatch.scrapers.article import fetch_document
    from targetwatch.scrapers.http import FetchError, Fetcher
    from targetwatch.scrapers.registry import RegistryError, load_registry
    from targetwatch.config import load_settings

    try:
        registry = load_registry(home=load_settings().home)
    except (RegistryError, OSError) as exc:
        raise UserError(f"source registry: {exc}") from exc
    # The user named this URL, so private addresses are fine; one fetch needs no pacing.
    fetcher = Fetcher(allow_private=True, min_interval=0.0, retries=2, max_bytes=MAX_INPUT_BYTES)
    try:
        fetched = fetch_document(url, fetcher, registry=registry)
    except FetchError as exc:
        error = UserError if exc.status is not None and 400 <= exc.status < 500 else ServiceError
        raise error(f"{url}: {exc}") from exc
    except NotText as exc:
        raise UserError(f"{url}: {exc}") from exc
    data, content_type = fetched.archivable()
    return Source(url, data, content_type, fetched.url, dict(fetched.results[0].headers)), fetched.document
