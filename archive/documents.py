"""Documents as fetched: added once per distinct content, never changed, never removed."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.errors import NotFound
from targetwatch.archive.models import Document, DocumentText, FactRow, FactSet, utcnow
from targetwatch.archive.ingest import Parser, Prepared, facts_hash, prepare, sha256
from targetwatch.archive.records import AddResult, DocumentInfo

_INFO_COLUMNS = (Document.id, Document.region, Document.report_year, Document.version, Document.content_hash,
                 Document.size, Document.content_type, Document.source_url, Document.etag,
                 Document.last_modified, Document.fetched_at, Document.archived_at, Document.alternate,
                 Document.genre, Document.forced, Document.sample, Document.incomplete, Document.withdrawn_at,
                 Document.withdrawn_why)


def _info(row) -> DocumentInfo:  # noqa: ANN001 - a Row of _INFO_COLUMNS or a Document
    return DocumentInfo(row.id, row.region, row.report_year, row.version, row.content_hash, row.size,
                        row.content_type, row.source_url, row.etag, row.last_modified, row.fetched_at,
                        row.archived_at, bool(row.alternate), row.genre, bool(row.forced), bool(row.sample),
                        bool(row.incomplete), row.withdrawn_at, row.withdrawn_why)


def check_key(region: str, year: int) -> None:
    """Region ids are slugs (diffing.regions); anything else is a caller's bug, not user input."""
    if not region or region != region.strip().lower() or not all(c.isalnum() or c in "-_" for c in region):
        raise ValueError(f"region must be a region id such as 'beijing', not {region!r}")
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        raise ValueError(f"year must be a year between 1949 and 2100, not {year!r}")


def fact_rows(fact_set_id: int, prepared_facts: Iterable) -> list[dict]:  # noqa: ANN001
    rows = []
    for i, f in enumerate(prepared_facts):
        rows.append({
            "fact_set_id": fact_set_id, "ordinal": i, "indicator": f.indicator, "label": f.label,
            "kind": f.kind, "period": f.period, "period_start": f.period_start, "comparator": f.comparator,
            "value": f.value, "low": f.low, "high": f.high, "unit": f.unit, "text": f.text,
            "span_start": int(f.span[0]), "span_end": int(f.span[1]), "section": f.section,
        })
    return rows


def insert_fact_set(session: Session, document_id: int, text_id: int, prepared: Prepared) -> FactSet:
    facts = prepared.sheet.facts
    fs = FactSet(document_id=document_id, text_id=text_id, extractor_version=prepared.extractor_version,
                 facts_hash=facts_hash(facts), fact_count=len(facts), title=prepared.title, parsed_at=utcnow())
    session.add(fs)
    session.flush()
    rows = fact_rows(fs.id, facts)
    if rows:
        session.execute(insert(FactRow), rows)
    return fs


def find_or_add_text(session: Session, document_id: int, prepared: Prepared) -> int:
    text_id = session.scalar(select(DocumentText.id).where(DocumentText.document_id == document_id,
                                                           DocumentText.text_hash == prepared.text_hash))
    if text_id is None:
        row = DocumentText(document_id=document_id, text_hash=prepared.text_hash, text=prepared.text,
                           media=prepared.media, charset=prepared.charset, title=prepared.title,
                           extracted_at=utcnow())
        session.add(row)
        session.flush()
        text_id = row.id
    return text_id


def insert_document(session: Session, data: bytes, prepared: Prepared, *, content_type: str | None,
                    source_url: str | None, etag: str | None = None, last_modified: str | None = None,
                    fetched_at: datetime | None = None, alternate: bool = False, sample: bool = False) -> AddResult:
    """The next version of its region and year, with its text and facts, in the caller's transaction."""
    from targetwatch.archive.facts import pick_report

    last = session.scalar(select(func.max(Document.version)).where(
        Document.region == prepared.region, Document.report_year == prepared.year))
    now = utcnow()
    doc = Document(region=prepared.region, report_year=prepared.year, version=(last or 0) + 1,
                   content_hash=prepared.content_hash, size=len(data), raw=data,
                   content_type=content_type, source_url=source_url, etag=etag,
                   last_modified=last_modified, fetched_at=fetched_at or now, archived_at=now,
                   alternate=alternate, genre=prepared.genre, forced=prepared.forced, sample=sample,
                   incomplete=prepared.incomplete)
    session.add(doc)
    session.flush()
    text_id = find_or_add_text(session, doc.id, prepared)
    fs = insert_fact_set(session, doc.id, text_id, prepared)
    siblings = session.execute(select(Document.id, Document.version, Document.alternate, Document.genre,
                                      Document.incomplete).where(
        Document.region == prepared.region, Document.report_year == prepared.year,
        Document.withdrawn_at.is_(None))).all()
    current = pick_report(siblings).id == doc.id
    warnings = list(prepared.warnings())
    if warnings and not current:
        warnings.append(f"{prepared.region} {prepared.year} keeps the report archived before as its current report")
    elif warnings:
        warnings.append(f"it stands for {prepared.region} {prepared.year} only until a complete report is archived")
    return AddResult(_info(doc), True, fs.id, fs.fact_count, tuple(warnings), current)


class DocumentStore(ArchiveCore):
    def add_document(self, data: bytes, *, region: str | None, year: int | None, content_type: str | None = None,
                     source_url: str | None = None, etag: str | None = None, last_modified: str | None = None,
                     fetched_at: datetime | None = None, alternate: bool = False,
                     parser: Parser | None = None, force: bool = False, sample: bool = False) -> AddResult:
        """Archive one document with its text and facts, all or nothing.

        The same bytes for the same region and year are a no-op (nothing is parsed again);
        different bytes become the next version. Raises DocumentRejected (nothing stored)
        when the bytes cannot be read or parsed, or do not look like a work report (unless
        `force`: then it is archived marked as forced). A region or year given as None is
        the one the parser infers from the text. A document with no facts or no targets, or
        a news summary, is archived with `warnings` and stands for its year only while nothing
        better is archived (facts.pick_report).
        """
        if region is not None and year is not None:
            check_key(region, year)
            existing = self.find_document(region, year, sha256(data))
            if existing is not None:
                return AddResult(existing, False, None, 0)
        prepared = prepare(data, content_type, region, year, parser, force=force)
        return self.add_prepared(data, prepared, content_type=content_type, source_url=source_url, etag=etag,
                                 last_modified=last_modified, fetched_at=fetched_at, alternate=alternate,
                                 sample=sample)

    def add_prepared(self, data: bytes, prepared: Prepared, *, content_type: str | None = None,
                     source_url: str | None = None, etag: str | None = None, last_modified: str | None = None,
                     fetched_at: datetime | None = None, alternate: bool = False,
                     sample: bool = False) -> AddResult:
        """The write half of add_document, for callers that prepared the document elsewhere."""
        check_key(prepared.region, prepared.year)
        if sha256(data) != prepared.content_hash:
            raise ValueError("the prepared document was made from other bytes")

        def work(session: Session) -> AddResult:
            found = session.execute(select(*_INFO_COLUMNS).where(
                Document.region == prepared.region, Document.report_year == prepared.year,
                Document.content_hash == prepared.content_hash)).first()
            if found is not None:
                return AddResult(_info(found), False, None, 0)
            return insert_document(session, data, prepared, content_type=content_type, source_url=source_url,
                                   etag=etag, last_modified=last_modified, fetched_at=fetched_at,
                                   alternate=alternate, sample=sample)

        return self._write_retrying(work)

    def all_documents(self, region: str | None = None) -> list[DocumentInfo]:
        """Every document, withdrawn ones too, in archive order: what `archive list --all` shows."""
        return self.documents(region, include_withdrawn=True)

    def find_document(self, region: str, year: int, content_hash: str) -> DocumentInfo | None:
        with self._read() as s:
            row = s.execute(select(*_INFO_COLUMNS).where(Document.region == region, Document.report_year == year,
                                                         Document.content_hash == content_hash)).first()
        return None if row is None else _info(row)

    def document(self, document_id: int) -> DocumentInfo | None:
        with self._read() as s:
            row = s.execute(select(*_INFO_COLUMNS).where(Document.id == document_id)).first()
        return None if row is None else _info(row)

    def documents(self, region: str | None = None, year: int | None = None, *,
                  since_id: int | None = None, include_alternates: bool = True,
                  include_withdrawn: bool = False) -> list[DocumentInfo]:
        """Documents in archive order (region, year, version); `since_id` gives those added after a watermark.

        Withdrawn documents are left out (digests, lists) unless `include_withdrawn`.
        """
        q = select(*_INFO_COLUMNS)
        if not include_withdrawn:
            q = q.where(Document.withdrawn_at.is_(None))
        if region is not None:
            q = q.where(Document.region == region)
        if year is not None:
            q = q.where(Document.report_year == year)
        if since_id is not None:
            q = q.where(Document.id > since_id)
        if not include_alternates:
            q = q.where(Document.alternate.is_(False))
        q = q.order_by(Document.id) if since_id is not None else q.order_by(
            Document.region, Document.report_year, Document.version)
        with self._read() as s:
            return [_info(r) for r in s.execute(q)]

    def raw(self, document_id: int) -> bytes:
        """The bytes exactly as they were fetched or read."""
        with self._read() as s:
            data = s.scalar(select(Document.raw).where(Document.id == document_id))
        if data is None:
            raise NotFound(f"no document {document_id}")
        return bytes(data)

    def text(self, document_id: int) -> str:
        """The latest text extracted from a document (the one its newest facts point into)."""
        with self._read() as s:
            text = s.scalar(select(DocumentText.text).where(DocumentText.document_id == document_id)
                            .order_by(DocumentText.id.desc()).limit(1))
        if text is None:
            raise NotFound(f"no document {document_id}")
        return text

    def known_urls(self) -> set[str]:
        """Every http(s) URL a document was fetched from, for discovery to skip what is archived."""
        with self._read() as s:
            urls = s.scalars(select(Document.source_url).distinct().where(Document.source_url.is_not(None)))
            return {u for u in urls if u.startswith(("http://", "https://"))}

    def max_document_id(self) -> int:
        """The newest document id: a watermark for "what is new since" (ids only grow)."""
        with self._read() as s:
            return s.scalar(select(func.max(Document.id))) or 0
