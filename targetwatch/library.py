"""The library behind `import targetwatch`: the CLI's inputs and rules, callable from a notebook.

A notebook user holds text in a variable, a path on disk, or bytes from a download; all
three go through the same reading (charset, HTML, PDF) and the same region/year inference
as `targetwatch parse`, so a figure seen in a notebook is the figure the CLI and the digest
show. Errors are the CLI's: `targetwatch.UserError` for input that cannot be read, and
`targetwatch.ParseError` when the region or year cannot be told (pass them).
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Union

from targetwatch.diffing.model import FactSheet
from targetwatch.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    from targetwatch.archive.store import Archive
    from targetwatch.diffing.compare import Comparison

Source = Union[str, bytes, "os.PathLike[str]"]
"""Report text, a path to a report file (text, HTML or PDF), raw bytes of one, or an http(s) URL."""

_LONGEST_PATH = 1024
"""A str longer than this, or holding a line break, is a report's text, never a file name."""


def read_bytes(source: Source) -> tuple[str, bytes]:
    """(a name for messages, the document's bytes) of a source given as text, path or bytes."""
    from targetwatch.inputs import is_url, read_source

    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>", bytes(source)
    if isinstance(source, os.PathLike):
        src = read_source(os.fspath(source))
        return src.name, src.data
    if not isinstance(source, str):
        raise UserError(f"cannot read a report from a {type(source).__name__}: give its text, a path or bytes")
    if "\n" in source or len(source) > _LONGEST_PATH:
        return "<text>", source.encode("utf-8")
    if is_url(source) or os.path.exists(source):
        src = read_source(source)
        return src.name, src.data
    if any("\u4e00" <= ch <= "\u9fff" for ch in source):  # one line of Chinese: text, not a file name
        return "<text>", source.encode("utf-8")
    raise UserError(f"{source}: no such file (give a report's text, a path to a report file, or its bytes)")


def parse(source: Source, region: str | None = None, year: int | None = None) -> FactSheet:
    """The facts of one report, exactly as `targetwatch parse` reads them.

    `region` takes an id (beijing) or a name (北京); both region and year are read from
    the text when not given. A facts JSON (as `targetwatch parse` prints it) is read back
    as it is.
    """
    from targetwatch.diffing.parse import parse_report
    from targetwatch.inputs import document_of, facts_json, is_url, read_document, region_id

    if isinstance(source, str) and is_url(source):
        name, text = source, read_document(source)[1].text
    else:
        name, data = read_bytes(source)
        text = document_of(name, data).text
    wanted = region_id(region)
    if text.lstrip().startswith("{"):
        return facts_json(name, text, wanted, year)
    return parse_report(text, region=wanted, year=year)


def compare(old: Source | FactSheet, new: Source | FactSheet, **options: Any) -> "Comparison":
    """Last year's targets against the new report's outcomes, and the targets' moves.

    Each side is a FactSheet or anything `parse` takes; `options` are those of
    `targetwatch.diffing.compare.compare_sheets` (about_tolerance=0.3, …).
    """
    from targetwatch.diffing.compare import compare_sheets

    old_sheet = old if isinstance(old, FactSheet) else parse(old)
    new_sheet = new if isinstance(new, FactSheet) else parse(new)
    return compare_sheets(old_sheet, new_sheet, **options)


def open_archive(url: str | None = None) -> "Archive":
    """The archive at `url` (a SQLAlchemy URL), or the one the CLI uses (TARGETWATCH_DATABASE_URL,
    else the SQLite file in TARGETWATCH_HOME). Use it in a `with` block, or call close()."""
    from targetwatch.archive.store import Archive
    from targetwatch.config import load_settings

    return Archive(url or load_settings().database_url)
