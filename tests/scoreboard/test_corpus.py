"""The 2025 scoreboard over the real reports, checked against what the texts say.

Each case was read by hand: the target in corpus/reports/<region>/2025.txt (主要预期目标),
the outcome in <region>/2026.txt (the review of 2025).
"""
from __future__ import annotations

import html
import re

import pytest

from targetwatch.archive import Archive
from targetwatch.archive.importer import import_files, scan
from targetwatch.diffing.scoreboard import Scoreboard
from targetwatch.templates.scoreboard import render_scoreboard

pytestmark = pytest.mark.corpus

REGIONS = ("guangdong", "hainan", "liaoning", "beijing", "jiangsu", "fujian", "jilin", "chongqing", "national")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    from tests.conftest import corpus_path

    files = [f for f in scan(corpus_path() / "reports").files
             if f.region in REGIONS and f.year in (2024, 2025, 2026)]
    arc = Archive(f"sqlite:///{tmp_path_factory.mktemp('sb') / 'archive.sqlite3'}")
    report = import_files(arc, files)
    assert not report.failed, report.failed
    yield arc
    arc.close()


def rows(board: Scoreboard) -> dict[tuple[str, str], object]:
    return {(r.region, r.indicator): r.row for r in board.rows}


@pytest.mark.parametrize("region,indicator,target,outcome,verdict,margin", [
    # 广东 2025: 地区生产总值增长5%左右; 2026: 地区生产总值增长3.9%
    ("guangdong", "gdp_growth", "地区生产总值增长5%左右", "地区生产总值增长3.9%", "missed", -1.1),
    # 广东: 城镇调查失业率5.5%左右; 城镇调查失业率平均值为5.0%
    ("guangdong", "surveyed_unemployment", "城镇调查失业率5.5%左右", "城镇调查失业率平均值为5.0%", "met", 0.5),
    # 海南: 地区生产总值增长6%以上; 地区生产总值增长4%
    ("hainan", "gdp_growth", "地区生产总值增长6%以上", "地区生产总值增长4%", "missed", -2.0),
    # 辽宁: 地区生产总值增长5%以上 / 一般公共预算收入增长4%; 增长3.7% / 增长0.4%
    ("liaoning", "gdp_growth", "地区生产总值增长5%以上", "地区生产总值增长3.7%", "missed", -1.3),
    ("liaoning", "budget_revenue_growth", "一般公共预算收入增长4%", "一般公共预算收入增长0.4%", "missed", -3.6),
    # 北京: 地区生产总值增长5%左右; 增长5.4%
    ("beijing", "gdp_growth", "地区生产总值增长5%左右", "增长5.4%", "met", 0.4),
    # 江苏: 地区生产总值增长5%以上; 地区生产总值增长5.3%
    ("jiangsu", "gdp_growth", "地区生产总值增长5%以上", "地区生产总值增长5.3%", "met", 0.3),
    # 福建: 全省地区生产总值增长5.0%—5.5% (a range, met at its floor); 增长5%
    ("fujian", "gdp_growth", "地区生产总值增长5.0%—5.5%", "增长5%", "met", 0.0),
    # 福建: 固定资产投资增长5%左右; 固定资产投资下降3.3%
    ("fujian", "fixed_asset_investment_growth", "固定资产投资增长5%左右", "固定资产投资下降3.3%", "missed", -8.3),
    # 吉林: 粮食产量880亿斤以上; 粮食总产量达到871.6亿斤 (8.4亿斤 short)
    ("jilin", "grain_output", "粮食产量880亿斤以上", "粮食总产量达到871.6亿斤", "missed", -8.4e8),
])
def test_verdicts_agree_with_the_reports(archive: Archive, region: str, indicator: str, target: str, outcome: str,
                                         verdict: str, margin: float) -> None:
    row = rows(archive.scoreboard(2025))[(region, indicator)]
    assert target in row.target.text and outcome in row.outcome.text
    assert row.verdict == verdict
    assert row.margin == pytest.approx(margin)


def test_missed_come_first_and_national_is_missing_its_2026_report(archive: Archive) -> None:
    board = archive.scoreboard(2025, indicators=["gdp_growth"])
    verdicts = [r.verdict for r in board.rows]
    assert verdicts == sorted(verdicts, key=lambda v: v != "missed")
    assert [r.region for r in board.rows[:3]] == ["hainan", "liaoning", "guangdong"]
    assert [(m.region, m.missing, m.reports) for m in board.regions_missing] == [("national", "outcomes", (2026,))]


@pytest.mark.parametrize("region,before,after,verdict,change", [
    # 重庆 2025: 6%左右; 2026: 地区生产总值增长5%以上
    ("chongqing", "6%左右", "地区生产总值增长5%以上", "lowered", -1.0),
    # 广东 2026: 地区生产总值增长4.5%—5% (midpoint 4.75 against 5)
    ("guangdong", "5%左右", "地区生产总值增长4.5%—5%", "lowered", -0.25),
    # 北京 2026: 地区生产总值增长5%左右, as in 2025
    ("beijing", "5%左右", "地区生产总值增长5%左右", "unchanged", 0.0),
    # 海南 2026: 地区生产总值增长6%左右 after 6%以上
    ("hainan", "6%以上", "地区生产总值增长6%左右", "reworded", 0.0),
])
def test_moves_of_the_2026_targets(archive: Archive, region: str, before: str, after: str, verdict: str,
                                   change: float) -> None:
    board = archive.scoreboard(2026, check="target_vs_target", indicators=["gdp_growth"])
    row = rows(board)[(region, "gdp_growth")]
    assert before in row.previous.text and after in row.current.text
    assert (row.verdict, row.change) == (verdict, pytest.approx(change))


def test_the_archive_answers_like_the_pure_core_on_all_sheets(archive: Archive) -> None:
    from targetwatch.diffing.scoreboard import build_scoreboard

    sheets = {r: archive.factsheets(r) for r in archive.regions()}
    assert build_scoreboard(sheets, 2025).to_dict() == archive.scoreboard(2025).to_dict()
    every = archive.scoreboard(2025, headline_only=False)
    assert every.to_dict() == build_scoreboard(sheets, 2025, headline_only=False).to_dict()


@pytest.mark.parametrize("lang,words", [
    ("zh", ["地区生产总值增长：", "个未完成", "海南", "6%以上", "未纳入", "全国"]),
    ("en", ["GDP growth: of ", " missed", "Hainan", "≥6%", "Left out", "China: no 2026 report"]),
])
def test_renderings_lead_with_the_answer(archive: Archive, lang: str, words: list[str]) -> None:
    board = archive.scoreboard(2025, indicators=["gdp_growth"])
    for fmt in ("table", "md", "html"):
        out = render_scoreboard(board, fmt, lang)
        if fmt == "html":
            out = html.unescape(re.sub(r"<[^>]+>", "", out))
        for w in words:
            assert w in out, (fmt, w)
    table = render_scoreboard(board, "table", lang)
    head = table.split("\n#")[0]
    assert ("未完成" if lang == "zh" else "missed") in head  # the counts come before the rows
