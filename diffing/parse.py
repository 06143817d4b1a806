"""Entry point of the parser: report text -> FactSheet (the facts contract, FACTS.md).

Region and year may be given by the caller; otherwise they are read from the report's
title, dateline and review heading (meta.py). Everything here is pure: text in, facts out.
"""
from __future__ import annotations

from targetwatch.diffing.errors import UnknownRegion, UnknownYear
from targetwatch.diffing.extract import extract_facts
from targetwatch.diffing.meta import infer_region, infer_year
from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.textview import ascii_view

EXTRACTOR_VERSION = "1.1.0"
"""Bump when the facts produced for the same text change, so the archive knows to re-parse."""


def parse_report(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    view = ascii_view(text)
    if year is None:
        year = infer_year(view)
        if year is None:
            raise UnknownYear("cannot tell the report's year from its text; pass --year")
    if region is None:
        region = infer_region(view)
        if region is None:
            raise UnknownRegion("cannot tell which region's report this is; pass --region (e.g. beijing, national)")
    facts = extract_facts(text, view, year)
    return FactSheet(region=region, report_year=year, extractor_version=EXTRACTOR_VERSION, facts=tuple(facts))
