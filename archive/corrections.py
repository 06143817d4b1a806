"""Corrections by a person: withdraw a document, restore it, or move it to the right key.

Nothing is deleted or overwritten: a withdrawn document keeps its bytes, texts and facts
and only stops standing for its year (history, comparisons, scoreboard, digests, the web
app all read through facts.py, which leaves it out); a relabelled one is archived again
under the right region and year as a new document and the old one is withdrawn. Each
correction is a row of `corrections` saying who (the OS user), when and why.
"""
from __future__ import annotations

import getpass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.documents import _INFO_COLUMNS, _info, check_key, insert_document
from targetwatch.archive.errors import CorrectionRefused, NotFound
from targetwatch.archive.ingest import OTHER_YEAR, prepare
from targetwatch.archive.models import Correction, Document, utcnow
from targetwatch.archive.records import CorrectionInfo, DocumentInfo


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return "unknown"


def _correction(r) -> CorrectionInfo:  # noqa: ANN001 - a Correction row
    return CorrectionInfo(r.id, r.document_id, r.action, r.who, r.at, r.why, r.old_region, r.old_year,
                          r.new_region, r.new_year, r.new_document_id)


class CorrectionStore(ArchiveCore):
    def max_correction_id(self) -> int:
        """The newest correction's id: a watermark beside max_document_id, since a withdrawal
        or a restore changes what stands for a year without adding a document."""
        from sqlalchemy import func

        with self._read() as s:
            return s.scalar(select(func.max(Correction.id))) or 0

    def withdraw(self, document_id: int, why: str | None = None, *, who: str | None = None) -> DocumentInfo:
        """Take a document out of everything that reads the archive's reports; keep all of it."""
        def work(session: Session) -> DocumentInfo:
            doc = _locked(session, document_id)
            if doc.withdrawn_at is not None:
                raise CorrectionRefused(f"document {document_id} is already withdrawn "
                                        f"({doc.withdrawn_why or 'no reason given'})")
            _withdraw(session, doc, "withdraw", why, who)
            return _info(_row(session, document_id))

        return self._write_retrying(work)

    def restore(self, document_id: int, why: str | None = None, *, who: str | None = None) -> DocumentInfo:
        """Undo a withdrawal: the document stands for its year again if it is the best there."""
        def work(session: Session) -> DocumentInfo:
            doc = _locked(session, document_id)
            if doc.withdrawn_at is None:
                raise CorrectionRefused(f"document {document_id} is not withdrawn; nothing to restore")
            session.execute(update(Document).where(Document.id == document_id)
                            .values(withdrawn_at=None, withdrawn_why=None))
            session.add(Correction(document_id=document_id, action="restore", who=who or current_user(), at=utcnow(),
                                   why=why, old_region=doc.region, old_year=doc.report_year))
            return _info(_row(session, document_id))

        return self._write_retrying(work)

    def relabel(self, document_id: int, region: str, year: int, why: str | None = None, *,
                who: str | None = None, force: bool = False) -> tuple[DocumentInfo, DocumentInfo]:
        """File a document under the right key: (the old one, withdrawn; the new one), in one transaction.

        The bytes are parsed again for the new year (targets of Y, outcomes of Y-1 depend on it).
        A year the text's own title or dateline contradicts is refused unless `force`, as when a
        report is added: a correction mistyped (2023 for 2024) would file it wrong again.
        """
        check_key(region, year)
        old = self.document(document_id)  # type: ignore[attr-defined]
        if old is None:
            raise NotFound(f"no document {document_id}")
        if (old.region, old.report_year) == (region, year):
            raise CorrectionRefused(f"document {document_id} is already filed as {region} {year}")
        data = self.raw(document_id)  # type: ignore[attr-defined]
        prepared = prepare(data, old.content_type, region, year, force=True)  # outside the transaction: slow
        if not force:
            from targetwatch.diffing.parse import year_contradiction  # the parser is loaded here anyway

            contradiction = year_contradiction(prepared.text, year, region)
            if contradiction:
                raise CorrectionRefused(f"document {document_id} {OTHER_YEAR}: {contradiction}")

        def work(session: Session) -> tuple[DocumentInfo, DocumentInfo]:
            doc = _locked(session, document_id)
            found = session.execute(select(*_INFO_COLUMNS).where(
                Document.region == region, Document.report_year == year,
                Document.content_hash == prepared.content_hash).order_by(Document.id.desc())).first()
            if found is not None:
                new = _info(found)  # the same bytes are there already: point at them
                if new.withdrawn:  # e.g. a relabel undone: the person says this key is right
                    session.execute(update(Document).where(Document.id == new.id)
                                    .values(withdrawn_at=None, withdrawn_why=None))
                    session.add(Correction(document_id=new.id, action="restore", who=who or current_user(),
                                           at=utcnow(), why=f"document {document_id} relabelled onto it"
                                           + (f": {why}" if why else ""), old_region=region, old_year=year))
                    new = _info(_row(session, new.id))
            else:
                new = insert_document(session, data, prepared, content_type=old.content_type,
                                      source_url=old.source_url, etag=old.etag, last_modified=old.last_modified,
                                      fetched_at=old.fetched_at, alternate=old.alternate,
                                      sample=old.sample).document
            note = why or f"filed under the wrong key; now {region} {year}"
            if doc.withdrawn_at is None:
                session.execute(update(Document).where(Document.id == document_id).values(
                    withdrawn_at=utcnow(), withdrawn_why=f"relabelled as {region} {year} (document {new.id}): {note}"))
            session.add(Correction(document_id=document_id, action="relabel", who=who or current_user(), at=utcnow(),
                                   why=why, old_region=doc.region, old_year=doc.report_year, new_region=region,
                                   new_year=year, new_document_id=new.id))
            return _info(_row(session, document_id)), new

        return self._write_retrying(work)

    def corrections(self, document_id: int | None = None) -> list[CorrectionInfo]:
        q = select(Correction).order_by(Correction.id)
        if document_id is not None:
            q = q.where(Correction.document_id == document_id)
        with self._read() as s:
            return [_correction(r) for r in s.scalars(q)]


def _row(session: Session, document_id: int):  # noqa: ANN202
    return session.execute(select(*_INFO_COLUMNS).where(Document.id == document_id)).one()


def _locked(session: Session, document_id: int):  # noqa: ANN202
    row = session.execute(select(Document.id, Document.region, Document.report_year, Document.withdrawn_at,
                                 Document.withdrawn_why).where(Document.id == document_id)
                          .with_for_update()).first()
    if row is None:
        raise NotFound(f"no document {document_id} (see 'targetwatch archive list --all')")
    return row


def _withdraw(session: Session, doc, action: str, why: str | None, who: str | None) -> None:  # noqa: ANN001
    now = utcnow()
    session.execute(update(Document).where(Document.id == doc.id)
                    .values(withdrawn_at=now, withdrawn_why=why or "withdrawn (no reason given)"))
    session.add(Correction(document_id=doc.id, action=action, who=who or current_user(), at=now, why=why,
                           old_region=doc.region, old_year=doc.report_year))
