"""Bytes -> text -> facts, for one document, with no database in sight.

Kept apart from the store so that the slow part (HTML clean-up, parsing) runs before a
write transaction opens (SQLite allows one writer at a time) and can run in worker
processes. The parser is passed in so that tests and the benchmark can substitute their
own; by default it is whatever `diffing.parse` is today, looked up at call time.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from targetwatch.diffing.errors import ParseError
from targetwatch.diffing.genre import classify
from targetwatch.diffing.model import Fact, FactSheet
from targetwatch.scrapers.document import NotText, extract_text

from targetwatch.archive.errors import DocumentRejected

Parser = Callable[..., FactSheet]
"""Called as parser(text, region=..., year=...), like diffing.parse.parse_report."""


def default_parser(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    from targetwatch.diffing.parse import parse_report

    return parse_report(text, region=region, year=year)


def current_extractor_version() -> str:
    from targetwatch.diffing.version import EXTRACTOR_VERSION  # not diffing.parse: that loads the parser

    return EXTRACTOR_VERSION


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def facts_hash(facts: Iterable[Fact]) -> str:
    """Identical for identical fact lists, so that re-parsing to the same result stores nothing."""
    payload = json.dumps([f.to_dict() for f in facts], ensure_ascii=False, sort_keys=True)
    return sha256(payload.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything the store needs to archive one document, computed outside any transaction."""

    region: str
    year: int
    content_hash: str
    text: str
    text_hash: str
    media: str
    charset: str
    title: str | None
    sheet: FactSheet
    extractor_version: str
    genre: str = "report"
    forced: bool = False
    """Archived although the text did not look like a work report (the caller said --force)."""

    @property
    def incomplete(self) -> bool:
        """No facts, or no targets part: archived, but it does not stand for its year over a complete one."""
        return not self.sheet.facts or not any(f.kind == "target" for f in self.sheet.facts)

    def warnings(self) -> tuple[str, ...]:
        out = []
        if not self.sheet.facts:
            out.append("no facts were found in it")
        elif not any(f.kind == "target" for f in self.sheet.facts):
            out.append("it has no targets part (no figure set for the year)")
        if self.genre == "summary":
            out.append("it is a news summary of a report, not the report itself")
        if self.forced:
            out.append("it did not look like a work report and was archived because of --force")
        return tuple(out)


NOT_A_REPORT = "does not look like a government work report"
OTHER_YEAR = "is not the report of the year given"


def prepare(data: bytes, content_type: str | None, region: str | None, year: int | None,
            parser: Parser | None = None, *, force: bool = False) -> Prepared:
    """Extract and parse; DocumentRejected when the bytes are not a report we can read.

    A region or year not given is taken from what the parser infers from the text; a year
    given that the text's own clues contradict is rejected unless `force`. A text that is not
    a work report or a summary of one (diffing.genre) is rejected unless `force` (when
    `parser` is substituted, the genre is recorded but the caller decides).

    Genuine bugs propagate: they are not the document's fault and should not be reported as
    if they were.
    """
    try:
        doc = extract_text(data, content_type)
    except NotText as exc:
        raise DocumentRejected(f"not a readable document: {exc}") from exc
    genre = classify(doc.text)
    # A substituted parser (tests, benchmarks) is trusted with what it is given; the real one is not.
    enforced = parser is None
    if enforced and not genre.is_report and not force:
        raise DocumentRejected(f"{NOT_A_REPORT}: {genre.reason}")
    if enforced and year is not None and not force:
        from targetwatch.diffing.parse import year_contradiction

        # A year given by a person or a listing is checked against the text's own clues: a
        # report is never filed under a year its own title or dateline contradicts.
        contradiction = year_contradiction(doc.text, year, region)
        if contradiction:
            raise DocumentRejected(f"{OTHER_YEAR}: {contradiction}")
    try:
        sheet = (parser or default_parser)(doc.text, region=region, year=year)
    except ParseError as exc:
        raise DocumentRejected(f"could not be parsed: {exc}") from exc
    version = sheet.extractor_version or current_extractor_version()
    return Prepared(region=region or sheet.region, year=year or sheet.report_year, content_hash=sha256(data), text=doc.text,
                    text_hash=sha256(doc.text.encode("utf-8")), media=doc.media, charset=doc.charset,
                    title=sheet.title or doc.title, sheet=sheet, extractor_version=version, genre=genre.kind,
                    forced=enforced and not genre.is_report)
