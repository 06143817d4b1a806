"""Reading facts back: the report of a region and year, its history, the archive's contents.

"The report of a year" is the newest primary version of its document (an alternate copy
only when no primary exists), and "its facts" are the newest parse by the current extractor
version, or the newest parse of any version until `archive reparse` has run.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from targetwatch.diffing.model import Fact, FactSheet

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.models import Document, FactRow, FactSet
from targetwatch.archive.ingest import current_extractor_version
from targetwatch.archive.records import ReportSummary

_FACT_COLUMNS = (FactRow.indicator, FactRow.label, FactRow.kind, FactRow.period, FactRow.comparator,
                 FactRow.value, FactRow.unit, FactRow.text, FactRow.span_start, FactRow.span_end, FactRow.low,
                 FactRow.high, FactRow.period_start, FactRow.section)


def _fact(r) -> Fact:  # noqa: ANN001 - a Row of _FACT_COLUMNS
    return Fact(indicator=r.indicator, label=r.label, kind=r.kind, period=r.period, comparator=r.comparator,
                value=r.value, unit=r.unit, text=r.text, span=(r.span_start, r.span_end), low=r.low,
                high=r.high, period_start=r.period_start, section=r.section)


def load_facts(session: Session, fact_set_id: int) -> tuple[Fact, ...]:
    rows = session.execute(select(*_FACT_COLUMNS).where(FactRow.fact_set_id == fact_set_id)
                           .order_by(FactRow.ordinal))
    return tuple(_fact(r) for r in rows)


_GENRE_RANK = {None: 2, "report": 2, "summary": 1, "not_report": 0}


def pick_report(docs: Sequence[Any]) -> Any:
    """The document that stands for its year, of those not withdrawn.

    A full report over a news summary of it over a text archived with --force; a complete one
    (with facts and a targets part) over an incomplete one; a primary copy over an alternate;
    then the newest version. So a summary, a forced text or a page that lost its targets never
    replaces a full report of that year, and stands for the year only when nothing better is there.
    """
    return max(docs, key=lambda d: (_GENRE_RANK.get(d.genre, 0), not d.incomplete, not d.alternate, d.version))


def current_sets(session: Session, document_ids: Sequence[int], extractor_version: str) -> dict[int, Any]:
    """document id -> its current FactSet row (see the module docstring)."""
    best: dict[int, Any] = {}
    ids = list(document_ids)
    for i in range(0, len(ids), 500):
        rows = session.execute(select(FactSet.id, FactSet.document_id, FactSet.extractor_version,
                                      FactSet.fact_count, FactSet.title, FactSet.text_id, FactSet.parsed_at)
                               .where(FactSet.document_id.in_(ids[i:i + 500])))
        for r in rows:
            rank = (r.extractor_version == extractor_version, r.id)
            cur = best.get(r.document_id)
            if cur is None or rank > (cur.extractor_version == extractor_version, cur.id):
                best[r.document_id] = r
    return best


def _marks(doc: Any) -> list[str]:
    out = []
    if doc.sample:
        out.append("sample")
    if doc.genre == "summary":
        out.append("summary")
    if doc.forced:
        out.append("forced: not a report")
    if doc.incomplete:
        out.append("incomplete")
    return out


class FactStore(ArchiveCore):
    @property
    def extractor_version(self) -> str:
        """The version of the parser installed now (diffing.parse.EXTRACTOR_VERSION)."""
        return current_extractor_version()

    def _documents_by_report(self, session: Session, region: str | None = None,
                             year: int | None = None) -> dict[tuple[str, int], list[Any]]:
        q = select(Document.id, Document.region, Document.report_year, Document.version, Document.alternate,
                   Document.archived_at, Document.content_hash, Document.source_url, Document.fetched_at,
                   Document.genre, Document.incomplete, Document.forced, Document.sample
                   ).where(Document.withdrawn_at.is_(None))
        if region is not None:
            q = q.where(Document.region == region)
        if year is not None:
            q = q.where(Document.report_year == year)
        out: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for r in session.execute(q):
            out[(r.region, r.report_year)].append(r)
        return dict(sorted(out.items()))

    def max_fact_set_id(self) -> int:
        """The newest fact set's id: a watermark beside max_document_id, since a re-parse
        changes a report's facts without adding a document."""
        from sqlalchemy import func

        with self._read() as s:
            return s.scalar(select(func.max(FactSet.id))) or 0

    def regions(self) -> list[str]:
        """Region ids with at least one archived report."""
        with self._read() as s:
            return list(s.scalars(select(Document.region).distinct().where(Document.withdrawn_at.is_(None))
                                  .order_by(Document.region)))

    def years(self, region: str) -> list[int]:
        with self._read() as s:
            return list(s.scalars(select(Document.report_year).distinct().where(
                Document.region == region, Document.withdrawn_at.is_(None)).order_by(Document.report_year)))

    def factsheet(self, region: str, year: int) -> FactSheet | None:
        """The facts of the report of `region` for `year`, or None when it is not archived."""
        sheets = self._factsheets(region, year)
        return sheets[0] if sheets else None

    def factsheets(self, region: str) -> list[FactSheet]:
        """One FactSheet per archived year of `region`, oldest first: the input of `history`."""
        return self._factsheets(region, None)

    def _factsheets(self, region: str, year: int | None) -> list[FactSheet]:
        version = self.extractor_version
        with self._read() as s:
            reports = self._documents_by_report(s, region, year)
            chosen = {key: pick_report(docs) for key, docs in reports.items()}
            sets = current_sets(s, [d.id for d in chosen.values()], version)
            out = []
            for (reg, yr), doc in chosen.items():
                fs = sets.get(doc.id)
                if fs is None:
                    continue
                out.append(FactSheet(region=reg, report_year=yr, extractor_version=fs.extractor_version,
                                     facts=load_facts(s, fs.id), title=fs.title))
            return out

    def current_fact_set_id(self, region: str, year: int) -> int | None:
        """Which parse `factsheet(region, year)` reads: provenance for comparisons and digests."""
        with self._read() as s:
            fs = self._current_set(s, region, year)
            return None if fs is None else fs.id

    def _current_set(self, session: Session, region: str, year: int) -> Any | None:
        """The FactSet row (id, extractor_version, …) behind factsheet(region, year), without its facts."""
        docs = session.execute(select(Document.id, Document.version, Document.alternate, Document.genre,
                                      Document.incomplete)
                               .where(Document.region == region, Document.report_year == year,
                                      Document.withdrawn_at.is_(None))).all()
        if not docs:
            return None
        doc = pick_report(docs)
        return current_sets(session, [doc.id], self.extractor_version).get(doc.id)

    def summary(self, region: str | None = None) -> list[ReportSummary]:
        """Per region and year: versions, alternates and the current fact count."""
        version = self.extractor_version
        with self._read() as s:
            reports = self._documents_by_report(s, region)
            chosen = {key: pick_report(docs) for key, docs in reports.items()}
            sets = current_sets(s, [d.id for d in chosen.values()], version)
        out = []
        for (reg, yr), docs in reports.items():
            doc = chosen[(reg, yr)]
            fs = sets.get(doc.id)
            out.append(ReportSummary(region=reg, report_year=yr, versions=sum(not d.alternate for d in docs),
                                     alternates=sum(bool(d.alternate) for d in docs), document_id=doc.id,
                                     version=doc.version, fact_count=fs.fact_count if fs else 0,
                                     extractor_version=fs.extractor_version if fs else None,
                                     archived_at=doc.archived_at, marks=tuple(_marks(doc))))
        return out

    def export_rows(self, region: str | None = None, *, all_documents: bool = False) -> Iterator[dict[str, Any]]:
        """Every current fact with where it came from, one flat dict per fact (see archive.export).

        By default only the report of each year; `all_documents` adds older versions and
        alternate copies, each with its own current facts.
        """
        version = self.extractor_version
        with self._read() as s:
            reports = self._documents_by_report(s, region)
            docs = [d for ds in reports.values()
                    for d in (sorted(ds, key=lambda d: (d.alternate, d.version)) if all_documents
                              else [pick_report(ds)])]
            sets = current_sets(s, [d.id for d in docs], version)
            for doc in docs:
                fs = sets.get(doc.id)
                if fs is None:
                    continue
                base = {"region": doc.region, "report_year": doc.report_year, "document_id": doc.id,
                        "document_version": doc.version, "alternate": bool(doc.alternate),
                        "content_hash": doc.content_hash, "source_url": doc.source_url,
                        "fetched_at": doc.fetched_at.isoformat() if doc.fetched_at else None,
                        "fact_set_id": fs.id, "extractor_version": fs.extractor_version}
                rows = s.execute(select(FactRow.ordinal, *_FACT_COLUMNS).where(FactRow.fact_set_id == fs.id)
                                 .order_by(FactRow.ordinal))
                for r in rows:
                    yield {**base, "ordinal": r.ordinal, "indicator": r.indicator, "label": r.label,
                           "kind": r.kind, "period": r.period, "period_start": r.period_start,
                           "comparator": r.comparator, "value": r.value, "low": r.low, "high": r.high,
                           "unit": r.unit, "text": r.text, "span_start": r.span_start, "span_end": r.span_end,
                           "section": r.section}
