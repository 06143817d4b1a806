"""Entry point of the parser: report text -> FactSheet (the facts contract, FACTS.md).

Region and year may be given by the caller; otherwise they are read from the report's own
clues (meta.py), and when those are weak or disagree the parser refuses rather than guess,
naming the candidates. `meta.evidence` in the output says which sentence decided each.
Everything here is pure: text in, facts out.
"""
from __future__ import annotations

from typing import Any

from targetwatch.diffing.errors import UnknownRegion, UnknownYear
from targetwatch.diffing.extract import extract_facts
from targetwatch.diffing.genre import classify
from targetwatch.diffing.meta import Reading, read_region, read_year
from targetwatch.diffing.model import FactSheet
from targetwatch.diffing.textview import ascii_view
from targetwatch.diffing.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "parse_report", "year_contradiction", "year_question"]  # the version lives in version.py; read here too


def parse_report(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    view = ascii_view(text)
    evidence: dict[str, Any] = {}
    found = read_region(view) if region is None else None
    if year is None:
        reading = read_year(view, region or (found.value if found else None))  # type: ignore[arg-type]
        if reading.value is None:
            raise UnknownYear(year_question(reading))
        year = int(reading.value)
        evidence["year"] = reading.evidence()
    else:
        evidence["year"] = {"value": year, "source": "given"}
    if found is not None:
        if found.value is None:
            hint = f" ({' or '.join(map(str, found.candidates))}?)" if found.candidates else ""
            raise UnknownRegion(f"cannot tell which region's report this is{hint}; "
                                "pass --region (e.g. beijing, national)")
        region = str(found.value)
        evidence = {"region": found.evidence(), **evidence}
    else:
        evidence = {"region": {"value": region, "source": "given"}, **evidence}
    assert region is not None  # given, or read above (else UnknownRegion was raised)
    facts = extract_facts(text, view, year)
    return FactSheet(region=region, report_year=year, extractor_version=EXTRACTOR_VERSION, facts=tuple(facts),
                     meta={"evidence": evidence, "genre": classify(text).to_dict()})


def year_question(reading: Reading) -> str:
    """One line that says why the year is not known and what to pass."""
    if not reading.candidates:
        return "cannot tell the report's year from its text (no title, dateline or review heading names it); pass --year"
    question = " or ".join(map(str, reading.candidates))
    if reading.conflict and reading.decided_by:
        said = "; ".join(f"{c.years[0]} from the {c.kind} “{_short(c.text)}”" for c in reading.decided_by[:2])
        return f"cannot tell the report's year: its clues disagree ({said}). {question}? pass --year"
    return f"cannot tell the report's year for sure: {question}? pass --year"


def year_contradiction(text: str, year: int, region: str | None = None) -> str | None:
    """Why the text is not the report of `year`, when its own clues decide another year, else None.

    A year given by a person or a listing is trusted by parse_report (the parser never second-
    guesses it, and reading the clues costs time); whoever files a report under a year asks
    this first, so that a 2023 report saved as 2022.txt is not archived as 2022's.
    """
    reading = read_year(ascii_view(text), region)
    if reading.value is None or reading.value == year:
        return None
    said = "; ".join(f"the {c.kind} “{_short(c.text)}”" for c in reading.decided_by[:1])
    return f"its text reads as the report of {reading.value} ({said}), not of {year}"


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
