"""Comparisons (COMPARE.md objects) kept with the fact sets they were computed from.

A stored comparison is only as good as the facts under it: `comparison()` hands one back
only while both years' current fact sets are still the ones it was computed from, so a
re-parse or a new version of a report makes callers compute it afresh instead of reading a
stale answer. Old results stay in the table.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.models import Comparison, utcnow
from targetwatch.archive.ingest import sha256


def _as_dict(data: Any) -> dict[str, Any]:
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    if not isinstance(data, dict):
        raise TypeError(f"a comparison is a dict (COMPARE.md) or has to_dict(), not {type(data).__name__}")
    return data


class ComparisonStore(ArchiveCore):
    def save_comparison(self, region: str, year: int, previous_year: int, data: Any, *,
                        extractor_version: str | None = None) -> int:
        """Store a comparison of `year` against `previous_year`; the same result again is a no-op.

        `data` is the COMPARE.md dict (or an object with `to_dict()`); it is recorded with the
        current fact sets of both years and, unless given, the extractor version of the
        newer year's facts. Returns the comparison's id.
        """
        payload = _as_dict(data)
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True)

        def work(session: Session) -> int:
            old = self._current_set(session, region, previous_year)  # type: ignore[attr-defined]
            new = self._current_set(session, region, year)  # type: ignore[attr-defined]
            old_fs, new_fs = (old.id if old else None), (new.id if new else None)
            version = extractor_version or (new.extractor_version if new else self.extractor_version)  # type: ignore[attr-defined]
            # The hash covers the fact sets too: the same verdicts from other facts are another record.
            data_hash = sha256(f"{old_fs}:{new_fs}:{encoded}".encode())
            key = (Comparison.region == region, Comparison.year == year, Comparison.previous_year == previous_year,
                   Comparison.extractor_version == version)
            same = session.scalar(select(Comparison.id).where(*key, Comparison.data_hash == data_hash))
            if same is not None:
                return same
            row = Comparison(region=region, year=year, previous_year=previous_year,
                             extractor_version=version, old_fact_set_id=old_fs, new_fact_set_id=new_fs,
                             data_hash=data_hash, data=json.loads(encoded), created_at=utcnow())
            session.add(row)
            session.flush()
            return row.id

        return self._write_retrying(work)

    def comparison(self, region: str, year: int, previous_year: int | None = None, *,
                   current_only: bool = True) -> dict[str, Any] | None:
        """The newest stored comparison of `year` (against `year - 1` unless told), or None.

        With `current_only` (the default) a comparison computed from facts that are no longer
        current is not returned: the caller should compute and save a fresh one.
        """
        previous_year = year - 1 if previous_year is None else previous_year
        with self._read() as s:
            rows = s.execute(select(Comparison.data, Comparison.old_fact_set_id, Comparison.new_fact_set_id)
                             .where(Comparison.region == region, Comparison.year == year,
                                    Comparison.previous_year == previous_year)
                             .order_by(Comparison.id.desc()))
            candidates = list(rows)
        if not candidates:
            return None
        if not current_only:
            return candidates[0].data
        with self._read() as s:
            old = self._current_set(s, region, previous_year)  # type: ignore[attr-defined]
            new = self._current_set(s, region, year)  # type: ignore[attr-defined]
        wanted = (old.id if old else None, new.id if new else None)
        for row in candidates:
            if (row.old_fact_set_id, row.new_fact_set_id) == wanted:
                return row.data
        return None
