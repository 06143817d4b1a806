"""Re-parsing the archive with the parser installed now, and saying what that changed.

Each document is re-extracted from its raw bytes (a better HTML clean-up counts too) and
re-parsed outside any transaction; only a result that differs from the document's current
facts is stored, as a new fact set beside the old ones. A document the new parser cannot
read keeps its old facts and is reported as failed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.documents import find_or_add_text, insert_fact_set
from targetwatch.archive.errors import DocumentRejected, NotFound
from targetwatch.archive.factdiff import diff_facts
from targetwatch.archive.facts import current_sets, load_facts
from targetwatch.archive.models import Document, DocumentText, FactSet
from targetwatch.archive.ingest import Parser, facts_hash, prepare
from targetwatch.archive.records import DocumentInfo, FactChanges, ReparseOutcome


class ReparseStore(ArchiveCore):
    def reparse_document(self, document_id: int, parser: Parser | None = None) -> ReparseOutcome:
        """Parse one archived document again; store the result only if it is new."""
        doc = self.document(document_id)  # type: ignore[attr-defined]
        if doc is None:
            raise NotFound(f"no document {document_id}")
        data = self.raw(document_id)  # type: ignore[attr-defined]
        old = self._current(document_id)
        try:
            # archived already (perhaps with --force): the question of what it is was settled then
            prepared = prepare(data, doc.content_type, doc.region, doc.report_year, parser, force=True)
        except DocumentRejected as exc:
            return ReparseOutcome(doc, "failed", old[0] if old else None, None, error=str(exc))
        new_hash = facts_hash(prepared.sheet.facts)
        if old is not None:
            old_version, old_hash, old_text_hash, old_facts = old
            if (old_version, old_hash, old_text_hash) == (prepared.extractor_version, new_hash, prepared.text_hash):
                return ReparseOutcome(doc, "unchanged", old_version, prepared.extractor_version)
            changes = diff_facts(old_facts, prepared.sheet.facts)
        else:
            old_version, changes = None, FactChanges(added=prepared.sheet.facts)

        def work(session: Session) -> None:
            text_id = find_or_add_text(session, document_id, prepared)
            insert_fact_set(session, document_id, text_id, prepared)
            # whether it has facts and targets follows its current facts (a bookkeeping column)
            session.execute(update(Document).where(Document.id == document_id)
                            .values(incomplete=prepared.incomplete))

        self._write_retrying(work)
        status = "retagged" if changes.empty else "changed"
        return ReparseOutcome(doc, status, old_version, prepared.extractor_version, changes)

    def _current(self, document_id: int) -> tuple[str, str, str, tuple] | None:
        """(extractor version, facts hash, text hash, facts) of the document's current parse."""
        with self._read() as s:
            fs = current_sets(s, [document_id], self.extractor_version).get(document_id)  # type: ignore[attr-defined]
            if fs is None:
                return None
            row = s.execute(select(FactSet.facts_hash, DocumentText.text_hash)
                            .join(DocumentText, DocumentText.id == FactSet.text_id)
                            .where(FactSet.id == fs.id)).one()
            return fs.extractor_version, row.facts_hash, row.text_hash, load_facts(s, fs.id)

    def document_ids(self, region: str | None = None) -> list[int]:
        q = select(Document.id).order_by(Document.region, Document.report_year, Document.version)
        if region is not None:
            q = q.where(Document.region == region)
        with self._read() as s:
            return list(s.scalars(q))


@dataclass
class ReparseReport:
    outcomes: list[ReparseOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def added(self) -> int:
        return sum(len(o.changes.added) for o in self.outcomes)

    @property
    def removed(self) -> int:
        return sum(len(o.changes.removed) for o in self.outcomes)

    @property
    def changed(self) -> int:
        return sum(len(o.changes.changed) for o in self.outcomes)


def reparse_archive(archive: ReparseStore, *, parser: Parser | None = None, region: str | None = None,
                    progress: Callable[[DocumentInfo | None], None] | None = None) -> ReparseReport:
    """Re-parse every document (of one region, if given), one transaction per document.

    A document whose parse raises is recorded as failed and the rest go on.
    """
    report = ReparseReport()
    for doc_id in archive.document_ids(region):
        try:
            outcome = archive.reparse_document(doc_id, parser)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the archive's re-parse
            doc = archive.document(doc_id)  # type: ignore[attr-defined]
            outcome = ReparseOutcome(doc, "failed", None, None, error=f"{type(exc).__name__}: {exc}")
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome.document)
    return report
