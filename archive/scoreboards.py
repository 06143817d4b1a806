"""The scoreboard of a year straight from the archive: two report years of every region, in three queries.

`diffing.scoreboard` judges; this module only fetches what it judges, and fetches little:
the two report years the check reads, the current fact set of each, and (by default) only
the headline facts, so the whole corpus answers in well under a second.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from targetwatch.diffing.compare import DEFAULT_TOLERANCE, Tolerance
from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.scoreboard import (Scoreboard, ScoreboardError, build_scoreboard, no_board_message,
                                            report_years, years_with_both)

from targetwatch.archive.core import ArchiveCore
from targetwatch.archive.facts import _FACT_COLUMNS, _fact, current_sets, pick_report
from targetwatch.archive.models import Document, FactRow


class ScoreboardStore(ArchiveCore):
    def report_index(self) -> dict[str, list[int]]:
        """region -> the years of its archived reports, without reading any fact."""
        with self._read() as s:
            rows = s.execute(select(Document.region, Document.report_year).distinct()
                             .where(Document.withdrawn_at.is_(None)))  # withdrawn: out of every view
            out: dict[str, list[int]] = defaultdict(list)
            for region, year in rows:
                out[region].append(year)
        return {r: sorted(ys) for r, ys in sorted(out.items())}

    def scoreboard_years(self, check: str = "target_vs_outcome") -> list[int]:
        """The years `scoreboard(year, check=check)` can answer: some region has both reports."""
        return years_with_both(self.report_index(), check)

    def sheets_of_years(self, years: Sequence[int], *, regions: Sequence[str] | None = None,
                        headline_only: bool = False) -> dict[str, list[FactSheet]]:
        """Every archived region -> its sheets of these report years (maybe none), current facts.

        With `headline_only` the `task:` facts are left in the database: a scoreboard of
        headline indicators never looks at them.
        """
        version = self.extractor_version  # type: ignore[attr-defined]
        with self._read() as s:
            q = select(Document.id, Document.region, Document.report_year, Document.version, Document.alternate,
                       Document.genre, Document.incomplete)
            q = q.where(Document.report_year.in_(list(years)), Document.withdrawn_at.is_(None))
            if regions:
                q = q.where(Document.region.in_(list(regions)))
            reports: dict[tuple[str, int], list] = defaultdict(list)
            for r in s.execute(q):
                reports[(r.region, r.report_year)].append(r)
            chosen = {key: pick_report(docs) for key, docs in reports.items()}
            sets = current_sets(s, [d.id for d in chosen.values()], version)
            by_set = {sets[d.id].id: key for key, d in chosen.items() if d.id in sets}
            facts: dict[int, list] = defaultdict(list)
            ids = list(by_set)
            for i in range(0, len(ids), 500):
                fq = (select(FactRow.fact_set_id, *_FACT_COLUMNS).where(FactRow.fact_set_id.in_(ids[i:i + 500]))
                      .order_by(FactRow.fact_set_id, FactRow.ordinal))
                if headline_only:
                    fq = fq.where(~FactRow.indicator.startswith("task:"))
                for r in s.execute(fq):
                    facts[r.fact_set_id].append(_fact(r))
            out: dict[str, list[FactSheet]] = defaultdict(list)
            for key, doc in sorted(chosen.items()):
                fs = sets.get(doc.id)
                if fs is None:
                    continue
                out[key[0]].append(FactSheet(region=key[0], report_year=key[1], extractor_version=fs.extractor_version,
                                             facts=tuple(facts.get(fs.id, ())), title=fs.title))
        return dict(out)

    def scoreboard(self, year: int, *, check: str = "target_vs_outcome", indicators: Sequence[str] | None = None,
                   regions: Sequence[str] | None = None, headline_only: bool = True,
                   about_tolerance: Tolerance | float | None = DEFAULT_TOLERANCE) -> Scoreboard:
        """`diffing.scoreboard.build_scoreboard` over the archive (same options, same errors).

        Every archived region is on the board or in its `regions_missing`; a year no region
        can answer is a ScoreboardError naming the years that can.
        """
        wanted_years = report_years(year, check)
        index = self.report_index()
        if regions:
            absent = [r for r in regions if r not in index]
            if absent:
                raise ScoreboardError(f"{', '.join(absent)}: not in the archive; archived regions: "
                                      f"{', '.join(index) or 'none'}")
            index = {r: index[r] for r in regions}
        if not any(set(wanted_years) <= set(ys) for ys in index.values()):
            raise ScoreboardError(no_board_message(year, check, years_with_both(index, check), chosen=bool(regions)))
        tasks_asked = any(i.startswith("task:") for i in indicators or ())
        sheets = self.sheets_of_years(wanted_years, regions=regions, headline_only=headline_only and not tasks_asked)
        pool = {r: sheets.get(r, []) for r in index}
        return build_scoreboard(pool, year, check=check, indicators=indicators, regions=regions,
                                headline_only=headline_only, about_tolerance=about_tolerance)
