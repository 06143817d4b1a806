"""Digests of real reports: one mail per subscriber per check, headline sections, size, links."""
from __future__ import annotations

import pytest

from targetwatch.templates.digest import DigestRenderer
from targetwatch.worker.steps import build_digests, plan_digests

pytestmark = pytest.mark.corpus


def add(archive, corpus, region: str, year: int, url: str | None = None):
    path = corpus / "reports" / region / f"{year}.txt"
    return archive.add_document(path.read_bytes(), region=region, year=year,
                                source_url=url or path.resolve().as_uri()).document


def test_one_digest_per_subscriber_for_a_check_that_found_two_reports(archive, corpus) -> None:
    archive.subscribe("reader@example.org", ["guangdong"])
    add(archive, corpus, "guangdong", 2025)
    add(archive, corpus, "guangdong", 2026)  # both found by one check
    queued = build_digests(archive)
    assert len(queued) == 1
    reports = queued[0].payload["reports"]
    assert [(r["region"], r["year"]) for r in reports] == [("guangdong", 2025), ("guangdong", 2026)]
    assert plan_digests(archive) == []  # nothing left for a second mail
    renderer = DigestRenderer(archive, base_url=None)
    sections = renderer.sections(queued[0].payload)
    assert sections[0].comparison is None and sections[1].comparison is not None
    _, text, html = renderer.render(queued[0].payload, email="reader@example.org", token="t")
    assert "地区生产总值增长" in html and "3.9%" in html and "未完成" in html
    assert "file://" not in html and "file://" not in text


def test_digest_sizes_links_and_charts(archive, corpus) -> None:
    for year in (2024, 2025):
        add(archive, corpus, "national", year, f"https://www.gov.cn/report/{year}.htm")
    for year in (2025, 2026):
        add(archive, corpus, "guangdong", year)
    ids = {(d.region, d.report_year): d.id for d in archive.documents(since_id=0)}
    renderer = DigestRenderer(archive, base_url="https://tw.example.org")
    for keys in ([("national", 2025)], [("guangdong", 2026)],
                 [("national", 2024), ("national", 2025), ("guangdong", 2025), ("guangdong", 2026),
                  ("national", 2025)]):
        payload = {"reports": [{"region": r, "year": y, "document_id": ids[(r, y)]} for r, y in keys]}
        _, text, html = renderer.render(payload, email="reader@example.org", token="t")
        assert len(html.encode()) < 100 * 1024
        assert "file://" not in html and "file://" not in text
    _, _, html = renderer.render({"reports": [{"region": "national", "year": 2025,
                                               "document_id": ids[("national", 2025)]}]},
                                 email="reader@example.org", token="t")
    assert 'href="https://www.gov.cn/report/2025.htm"' in html
    assert 'href="https://tw.example.org/regions/national/2025"' in html
    from targetwatch.templates.digest import CHART_MIN_YEARS, chart_years

    section = renderer.section("national", 2025, ids[("national", 2025)])
    assert section.charts and all(chart_years(s) >= CHART_MIN_YEARS for s in section.charts)
    assert html.count("<svg") == len(section.charts)
