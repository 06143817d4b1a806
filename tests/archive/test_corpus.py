"""Real reports through the real parser into the archive and back, unchanged to the last float."""
from __future__ import annotations

from pathlib import Path

import pytest

from targetwatch.archive import Archive
from targetwatch.archive.importer import import_files, scan
from targetwatch.diffing.parse import parse_report
from targetwatch.scrapers.document import extract_text

pytestmark = pytest.mark.corpus

SAMPLE = {("national", 2023), ("national", 2024), ("national", 2025), ("national", 2020), ("shanghai", 2024),
          ("beijing", 2025), ("beijing", 2026)}


def test_archived_facts_are_exactly_what_the_parser_said(archive: Archive, corpus: Path) -> None:
    files = [f for f in scan(corpus / "reports").files if (f.region, f.year) in SAMPLE]
    assert len(files) == len(SAMPLE)
    report = import_files(archive, files)
    assert not report.failed, report.failed
    for f in files:
        doc = extract_text(f.path.read_bytes())
        expected = parse_report(doc.text, region=f.region, year=f.year)
        got = archive.factsheet(f.region, f.year)
        assert got.facts == expected.facts, f"{f.region} {f.year}"
        assert got.extractor_version == expected.extractor_version
    assert archive.years("national") == [2020, 2023, 2024, 2025]


def test_archived_years_compare_and_the_comparison_is_kept(archive: Archive, corpus: Path) -> None:
    compare = pytest.importorskip("targetwatch.diffing.compare")
    files = [f for f in scan(corpus / "reports").files if (f.region, f.year) in {("national", 2024),
                                                                                  ("national", 2025)}]
    import_files(archive, files)
    old, new = archive.factsheet("national", 2024), archive.factsheet("national", 2025)
    result = compare.compare_sheets(old, new).to_dict()
    archive.save_comparison("national", 2025, 2024, result)
    assert archive.comparison("national", 2025) == result
    assert any(r["check"] == "target_vs_outcome" for r in result["rows"])


def test_reparse_with_a_changed_parser_says_what_changed(archive: Archive, corpus: Path) -> None:
    files = [f for f in scan(corpus / "reports").files if (f.region, f.year) == ("national", 2025)]
    import_files(archive, files)
    before = archive.factsheet("national", 2025)
    [doc] = archive.documents("national", 2025)

    def without_tasks(text: str, region=None, year=None):  # noqa: ANN001, ANN202
        """The same extractor version finding fewer facts, as a parser under development would."""
        sheet = parse_report(text, region=region, year=year)
        return type(sheet)(sheet.region, sheet.report_year, sheet.extractor_version,
                           tuple(f for f in sheet.facts if not f.is_task), sheet.title)

    outcome = archive.reparse_document(doc.id, without_tasks)
    tasks = [f for f in before.facts if f.is_task]
    assert outcome.status == "changed" and len(outcome.changes.removed) == len(tasks) and tasks
    assert not outcome.changes.added and not outcome.changes.changed
    assert archive.factsheet("national", 2025).facts == tuple(f for f in before.facts if not f.is_task)
    back = archive.reparse_document(doc.id)  # the real parser again: the tasks come back
    assert back.status == "changed" and len(back.changes.added) == len(tasks)
    assert archive.factsheet("national", 2025).facts == before.facts
    assert archive.reparse_document(doc.id).status == "unchanged"
