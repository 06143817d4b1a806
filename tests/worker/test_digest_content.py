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


def test_a_digest_leads_with_the_newest_report_and_names_its_misses(archive, corpus) -> None:
    archive.subscribe("reader@example.org", ["guangdong"])
    add(archive, corpus, "guangdong", 2025)
    add(archive, corpus, "guangdong", 2026)
    payload = build_digests(archive)[0].payload
    _, text, html = DigestRenderer(archive, base_url=None).render(payload, email="reader@example.org", token="t")
    for body, end in ((html, "</strong>"), (text, "：")):
        newest = body.index(f"广东 2026年政府工作报告{end}")
        assert newest < body.index(f"广东 2025年政府工作报告{end}")
    # The summary line at the top says what was missed: 广东's 2025 GDP target, 5%左右 -> 3.9%.
    top = text[:text.index("■ 广东 2026年政府工作报告\n")]
    assert "未完成：地区生产总值增长（目标5%左右，实际3.9%）" in top
    assert html.index("未完成：地区生产总值增长") < html.index("广东 2026年政府工作报告</h2>")


def test_a_regions_charts_appear_once_in_its_newest_section(archive, corpus) -> None:
    for year in (2022, 2023, 2024, 2025):
        add(archive, corpus, "national", year)
    ids = {(d.region, d.report_year): d.id for d in archive.documents(since_id=0)}
    renderer = DigestRenderer(archive, base_url=None)
    payload = {"reports": [{"region": "national", "year": y, "document_id": ids[("national", y)]}
                           for y in (2024, 2025)]}
    section = renderer.section("national", 2025, ids[("national", 2025)])
    assert len(section.charts) >= 2  # enough years for charts in both sections
    assert renderer.section("national", 2024, ids[("national", 2024)]).charts == section.charts
    _, _, html = renderer.render(payload, email="reader@example.org", token="t")
    assert html.count("<svg") == len(section.charts)
    assert html.index("<svg") < html.index("全国 2024年政府工作报告</h2>")


def test_policy_settings_are_shown_as_settings_not_as_missing_outcomes(archive, corpus) -> None:
    for year in (2024, 2025):
        add(archive, corpus, "national", year)
    ids = {(d.region, d.report_year): d.id for d in archive.documents(since_id=0)}
    payload = {"reports": [{"region": "national", "year": 2025, "document_id": ids[("national", 2025)]}]}
    _, text, html = DigestRenderer(archive, base_url=None).render(payload, email="reader@example.org", token="t")
    unreported = [ln for ln in text.splitlines() if "未给出实际" in ln]
    assert not any("赤字率" in ln or "专项债" in ln for ln in unreported), unreported
    setting = next(ln for ln in text.splitlines() if "年政策安排" in ln)
    assert "赤字率 3%" in setting and "地方政府专项债券 3.9万亿元" in setting  # 2024's settings, as set
    assert "赤字率（政策安排）：3% → 4%左右" in text  # and how this year's report moved them
    assert "2024年主要目标：" in text and "不可比" not in text.split("2024年主要目标：")[1].splitlines()[0]
    # compare's own views say the same, in both languages (templates/words.py).
    from targetwatch.diffing.compare import compare_sheets
    from targetwatch.templates.render import render_comparison

    c = compare_sheets(archive.factsheet("national", 2024), archive.factsheet("national", 2025))
    for fmt in ("text", "table", "md", "html"):
        out = render_comparison(c, fmt)
        assert "2024年政策安排（是计划，不判完成与否" in out and "赤字率（目标" not in out, fmt
    en = render_comparison(c, "text", lang="en")
    assert "2024 policy settings (plans, not judged met or missed" in en
    assert "Deficit-to-GDP ratio (policy setting): 3% → about 4%" in en
    assert "Deficit-to-GDP ratio (target" not in en


def test_sections_are_rendered_once_per_process_and_again_when_the_archive_changes(archive, corpus) -> None:
    from targetwatch.templates import digest

    for year in (2024, 2025):
        add(archive, corpus, "national", year)
    doc = archive.documents(region="national", year=2025)[0]
    first = DigestRenderer(archive, base_url=None).section("national", 2025, doc.id)
    assert DigestRenderer(archive, base_url=None).section("national", 2025, doc.id) is first  # a later run reuses it
    other = DigestRenderer(archive, base_url="https://tw.example.org").section("national", 2025, doc.id)
    assert other is not first and "https://tw.example.org/regions/national/2025" in other.html
    # No subscriber's address or token is ever inside a section: they go in the envelope.
    renderer = DigestRenderer(archive, "https://tw.example.org/u/{token}", base_url=None)
    payload = {"reports": [{"region": "national", "year": 2025, "document_id": doc.id}]}
    _, text, html = renderer.render(payload, email="o'brien+x@example.org", token="tok-1")
    assert "o&#39;brien+x@example.org" in html and "o'brien+x@example.org" in text
    assert "https://tw.example.org/u/tok-1" in html and "tok-1" in text
    for part in (first.html, first.text, first.brief_html, first.brief_text):
        assert "example.org" not in part and "tok-1" not in part and digest._EMAIL not in part
    _, text2, _ = renderer.render(payload, email="second@example.org", token="tok-2")
    assert "second@example.org" in text2 and "o'brien" not in text2 and "tok-1" not in text2
    # A reparse, a withdrawal or a new year changes what the section is made of: rendered again.
    add(archive, corpus, "national", 2023)
    assert DigestRenderer(archive, base_url=None).section("national", 2025, doc.id) is not first
