"""The archive calls a notebook makes: add a report as it comes, read history and facts back.

The service uses add_document (bytes it fetched, a key it knows) and export_rows (every
column of provenance); a researcher has a path or a text and wants a table, so these take
what `targetwatch.parse` takes and give plain records that `pandas.DataFrame` reads as is.
"""
from __future__ import annotations

from typing import Any

from targetwatch.archive.records import AddResult
from targetwatch.diffing.history import History, build_history


class NotebookStore:
    def add(self, source: Any, region: str | None = None, year: int | None = None, *,
            source_url: str | None = None) -> AddResult:
        """Archive a report given as text, a path or bytes (see targetwatch.parse), as `archive add` does."""
        from targetwatch.inputs import region_id
        from targetwatch.library import read_bytes

        _, data = read_bytes(source)
        return self.add_document(data, region=region_id(region), year=year,  # type: ignore[attr-defined]
                                 source_url=source_url)

    def history(self, region: str, indicators: list[str] | tuple[str, ...] | None = None) -> History:
        """Each indicator's targets and outcomes over the archived years of `region`."""
        from targetwatch.inputs import region_id

        sheets = self.factsheets(region_id(region) or region)  # type: ignore[attr-defined]
        history = build_history(sheets)
        return history.only(list(indicators)) if indicators else history

    def facts(self, region: str | None = None, *, headline: bool = False) -> list[dict[str, Any]]:
        """One flat record per current fact, with its region and report year: a panel for pandas.

        `headline` keeps the catalog indicators (gdp_growth, cpi, …) and leaves out `task:` facts.
        """
        from targetwatch.inputs import region_id

        from targetwatch.archive.export import archive_facts

        # The same records as `archive export` writes: names in both languages, canonical units.
        return list(archive_facts(self, region_id(region), headline_only=headline))
