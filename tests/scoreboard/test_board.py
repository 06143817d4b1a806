"""The scoreboard on hand-made sheets whose figures are real phrases of the 2025/2026 reports."""
from __future__ import annotations

import json

import pytest

from targetwatch.diffing.compare import Tolerance, compare_sheets
from targetwatch.diffing.scoreboard import ScoreboardError, available_years, build_scoreboard, year_ranges
from tests.compare.facts import outcome, sheet, target


def reports() -> dict[str, list]:
    """Four provinces as their 2025 and 2026 reports state them, and one with no 2026 report."""
    return {
        "guangdong": [
            sheet("guangdong", 2025, target("gdp_growth", 2025, "about", 5, "%", "地区生产总值增长5%左右"),
                  target("surveyed_unemployment", 2025, "about", 5.5, "%", "城镇调查失业率5.5%左右"),
                  target("task:新增城镇就业岗位", 2025, "at_least", 1_100_000, "人", "新增就业岗位110万个以上")),
            sheet("guangdong", 2026, outcome("gdp_growth", 2025, "exact", 3.9, "%", "地区生产总值增长3.9%"),
                  outcome("surveyed_unemployment", 2025, "exact", 5.0, "%", "城镇调查失业率平均值为5.0%"),
                  target("gdp_growth", 2026, "range", None, "%", "地区生产总值增长4.5%—5%", low=4.5, high=5)),
        ],
        "hainan": [
            sheet("hainan", 2025, target("gdp_growth", 2025, "at_least", 6, "%", "地区生产总值增长6%以上")),
            sheet("hainan", 2026, outcome("gdp_growth", 2025, "exact", 4, "%", "地区生产总值增长4%"),
                  target("gdp_growth", 2026, "about", 6, "%", "地区生产总值增长6%左右")),
        ],
        "tianjin": [
            sheet("tianjin", 2025, target("gdp_growth", 2025, "about", 5, "%", "地区生产总值增长5％左右")),
            sheet("tianjin", 2026, outcome("gdp_growth", 2025, "exact", 4.8, "%", "地区生产总值增长4.8%"),
                  target("gdp_growth", 2026, "about", 4.5, "%", "地区生产总值增长4.5%左右")),
        ],
        "jiangsu": [
            sheet("jiangsu", 2025, target("gdp_growth", 2025, "at_least", 5, "%", "地区生产总值增长5%以上")),
            sheet("jiangsu", 2026, outcome("gdp_growth", 2025, "exact", 5.3, "%", "地区生产总值增长5.3%"),
                  target("gdp_growth", 2026, "at_least", 5, "%", "地区生产总值增长5%以上")),
        ],
        "national": [
            sheet("national", 2025, target("gdp_growth", 2025, "about", 5, "%", "国内生产总值增长5%左右")),
        ],
    }


def test_missed_first_worst_margin_first_then_met_from_the_narrowest() -> None:
    board = build_scoreboard(reports(), 2025, indicators=["gdp_growth"])
    assert [(r.region, r.verdict, r.row.margin) for r in board.rows] == [
        ("hainan", "missed", -2.0), ("guangdong", "missed", -1.1), ("tianjin", "met", -0.2), ("jiangsu", "met", 0.3)]
    assert board.rows[2].row.within_tolerance
    assert board.summary() == {"gdp_growth": {"missed": 2, "met": 2, "met_within_tolerance": 1}}


def test_rows_are_the_comparisons_own_rows_with_a_region() -> None:
    sheets = reports()
    board = build_scoreboard(sheets, 2025)
    mine = compare_sheets(*sheets["guangdong"]).by_check("target_vs_outcome")
    headline = [r for r in mine if not r.indicator.startswith("task:")]
    assert sorted((r.row for r in board.rows if r.region == "guangdong"), key=lambda r: r.indicator) == sorted(
        headline, key=lambda r: r.indicator)
    d = board.rows[0].to_dict()
    assert d["region"] == "hainan" and d["check"] == "target_vs_outcome" and d["verdict"] == "missed"
    assert d["target"]["text"] == "地区生产总值增长6%以上" and d["outcome"]["value"] == 4
    assert (d["region_name"], d["region_name_en"], d["indicator_name_en"]) == ("海南", "Hainan", "GDP growth")


def test_a_region_without_the_outcomes_report_is_listed_not_passed() -> None:
    board = build_scoreboard(reports(), 2025)
    assert "national" not in {r.region for r in board.rows}
    [missing] = board.regions_missing
    assert (missing.region, missing.missing, missing.reports) == ("national", "outcomes", (2026,))
    out = json.loads(json.dumps(board.to_dict()))
    assert out["year"] == 2025 and out["regions_missing"][0]["missing"] == "outcomes"
    assert set(out) >= {"year", "check", "rows", "regions_missing"}


def test_a_compared_region_without_that_target_is_named() -> None:
    board = build_scoreboard(reports(), 2025, indicators=["surveyed_unemployment"])
    assert [r.region for r in board.rows] == ["guangdong"]
    assert set(dict(board.without_target)["surveyed_unemployment"]) == {"tianjin", "jiangsu", "hainan"}


def test_tasks_only_when_asked() -> None:
    assert not any(r.indicator.startswith("task:") for r in build_scoreboard(reports(), 2025).rows)
    every = build_scoreboard(reports(), 2025, headline_only=False)
    assert any(r.indicator == "task:新增城镇就业岗位" and r.verdict == "not_reported" for r in every.rows)
    asked = build_scoreboard(reports(), 2025, indicators=["task:新增城镇就业岗位"])
    assert [r.region for r in asked.rows] == ["guangdong"]


def test_target_vs_target_says_who_lowered_raised_kept() -> None:
    board = build_scoreboard(reports(), 2026, check="target_vs_target")
    got = {r.region: (r.verdict, r.row.change) for r in board.rows if r.indicator == "gdp_growth"}
    assert got == {"guangdong": ("lowered", -0.25), "tianjin": ("lowered", -0.5), "hainan": ("reworded", 0.0),
                   "jiangsu": ("unchanged", 0.0)}
    assert [r.region for r in board.rows][:2] == ["tianjin", "guangdong"]  # the deepest cut first
    assert [(m.region, m.missing) for m in board.regions_missing] == [("national", "targets")]


def test_the_tolerance_is_the_users() -> None:
    strict = build_scoreboard(reports(), 2025, indicators=["gdp_growth"], about_tolerance=Tolerance(0, 0))
    assert {r.region: r.verdict for r in strict.rows}["tianjin"] == "missed"


@pytest.mark.parametrize("kwargs,words", [
    ({"year": 2030}, ["no 2030 scoreboard", "years with both: 2025"]),
    ({"year": 2025, "indicators": ["gdp"]}, ["unknown indicator gdp", "gdp_growth"]),
    ({"year": 2025, "indicators": ["task:没有这项"]}, ["task:没有这项"]),
    ({"year": 2025, "regions": ["beijing"]}, ["beijing: not in the archive", "guangdong"]),
    ({"year": 2025, "check": "target_vs_everything"}, ["unknown check"]),
    ({"year": 2024, "regions": ["national"]}, ["none of the chosen regions", "no year has both"]),
])
def test_requests_that_cannot_be_answered_say_what_can(kwargs: dict, words: list[str]) -> None:
    year = kwargs.pop("year")
    with pytest.raises(ScoreboardError) as err:
        build_scoreboard(reports(), year, **kwargs)
    for w in words:
        assert w in str(err.value)


def test_years_with_both_reports() -> None:
    assert available_years(reports()) == [2025]
    assert available_years(reports(), "target_vs_target") == [2026]
    assert year_ranges([2025, 1954, 1955, 1956, 1978, 2024]) == "1954-1956, 1978, 2024-2025"


def test_a_grid_reads_the_board_by_region_and_indicator() -> None:
    board = build_scoreboard(reports(), 2025)
    assert board.regions[:2] == ("hainan", "guangdong")
    assert board.cell("guangdong", "surveyed_unemployment").verdict == "met"
    assert board.cell("hainan", "surveyed_unemployment") is None
    assert board.counts("guangdong") == {"missed": 1, "met": 1}
