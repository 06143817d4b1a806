"""Renderings of the scoreboard: glyphs as the targets are written, English figures, escaping, CSV."""
from __future__ import annotations

import csv
import io

import pytest

from targetwatch.diffing.scoreboard import build_scoreboard
from targetwatch.templates import lang as L
from targetwatch.templates.scoreboard import chart, csv_columns, render_scoreboard, scoreboard_fragment
from tests.compare.facts import outcome, sheet, target
from tests.scoreboard.test_board import reports


def test_each_target_is_drawn_as_written() -> None:
    board = build_scoreboard(reports(), 2025, indicators=["gdp_growth"])
    c = chart(board, "gdp_growth", "en")
    shapes = {line["label"]: line["target"]["shape"] for line in c["lines"]}
    assert shapes == {"Hainan": "up", "Guangdong": "tick", "Tianjin": "tick", "Jiangsu": "up"}
    missed = {line["label"] for line in c["lines"] if line["missed"]}
    assert missed == {"Hainan", "Guangdong"}
    moves = build_scoreboard(reports(), 2026, check="target_vs_target", indicators=["gdp_growth"])
    band = next(line for line in chart(moves, "gdp_growth", "zh")["lines"] if line["label"] == "广东")
    assert band["target"]["shape"] == "band" and band["target"]["x1"] < band["target"]["x2"]
    assert band["previous"]["shape"] == "tick"


def test_grain_in_tonnes_and_jin_share_one_axis() -> None:
    sheets = {
        "shaanxi": [sheet("shaanxi", 2025, target("gdp_growth", 2025, "about", 5.5, "%", "地区生产总值增长5.5%左右"),
                          target("grain_output", 2025, "at_least", 13_000_000, "吨", "粮食产量1300万吨以上")),
                    sheet("shaanxi", 2026, outcome("grain_output", 2025, "exact", 13_470_000, "吨", "粮食产量1347万吨"),
                          target("gdp_growth", 2026, "about", 5, "%", "增长5%左右"))],
        "jilin": [sheet("jilin", 2025, target("gdp_growth", 2025, "about", 5.5, "%", "地区生产总值增长5.5％左右"),
                        target("grain_output", 2025, "at_least", 88e9, "斤", "粮食产量880亿斤以上")),
                  sheet("jilin", 2026, outcome("grain_output", 2025, "exact", 87.16e9, "斤", "粮食总产量达到871.6亿斤"),
                        target("gdp_growth", 2026, "about", 5, "%", "增长5%左右"))],
    }
    c = chart(build_scoreboard(sheets, 2025, indicators=["grain_output"]), "grain_output", "zh")
    xs = {line["label"]: (line["target"]["x"], line["outcome"]) for line in c["lines"]}
    assert xs["陕西"][0] < xs["吉林"][0]  # 260亿斤 is left of 880亿斤 on the same axis
    assert any("亿斤" in t["label"] for t in c["ticks"])


@pytest.mark.parametrize("fact,zh,en", [
    (target("gdp_growth", 2025, "about", 5), "5%左右", "about 5%"),
    (target("gdp_growth", 2025, "at_least", 6), "6%以上", "≥6%"),
    (target("cpi", 2025, "at_most", 2), "2%以内", "≤2%"),
    (target("gdp_growth", 2026, "range", None, low=4.5, high=5), "4.5%-5%", "4.5%–5%"),
    (target("new_urban_jobs", 2025, "at_least", 12_000_000, "人"), "1200万人以上", "≥12 million people"),
    (outcome("gdp_total", 2025, "exact", 4.4e12, "元"), "4.4万亿元", "4.4 trillion yuan"),
    (outcome("grain_output", 2025, "exact", 87.16e9, "斤"), "871.6亿斤", "87.16 billion jin"),
    (target("income_growth", 2025, "qualitative"), "定性表述", "qualitative"),
])
def test_figures_in_both_languages(fact, zh: str, en: str) -> None:  # noqa: ANN001
    assert (L.figure(fact, "zh"), L.figure(fact, "en")) == (zh, en)


def test_signed_margins_and_verdicts_in_english() -> None:
    assert L.signed(-1.1, "pp", "en") == "−1.1 pp" and L.signed(0.4, "pp", "zh") == "+0.4个百分点"
    assert L.verdict("met", "en", within_tolerance=True) == "met (within tolerance)"
    assert L.region("neimenggu", "en") == "Inner Mongolia" and L.indicator("cpi", lang="en") == "CPI increase"


def test_report_text_is_escaped_in_html_and_markdown() -> None:
    sheets = reports()
    evil = target("gdp_growth", 2025, "about", 5, "%", "地区生产总值增长5%左右<script>alert(1)</script>|*x*")
    sheets["hainan"] = [sheet("hainan", 2025, evil), sheets["hainan"][1]]
    board = build_scoreboard(sheets, 2025, indicators=["gdp_growth"])
    for out in (render_scoreboard(board, "html"), scoreboard_fragment(board, "en")):
        assert "<script>" not in out and "&lt;script&gt;" in out
    md = render_scoreboard(board, "md")
    assert "<script>" not in md


def test_fragment_is_the_body_without_a_page() -> None:
    board = build_scoreboard(reports(), 2025)
    fragment = scoreboard_fragment(board, "zh")
    assert "<html" not in fragment and "<svg" in fragment and fragment.lstrip().startswith("<div")
    page = render_scoreboard(board, "html", "zh")
    assert page.startswith("<!DOCTYPE html>") and fragment.strip() in page


def test_csv_has_one_line_per_row_and_both_names() -> None:
    board = build_scoreboard(reports(), 2025)
    rows = list(csv.DictReader(io.StringIO(render_scoreboard(board, "csv"))))
    assert len(rows) == len(board.rows)
    assert tuple(rows[0]) == csv_columns("target_vs_outcome")
    first = rows[0]
    assert (first["region"], first["region_name_en"], first["verdict"], first["margin"], first["target"],
            first["target_value"], first["outcome_text"]) == ("hainan", "Hainan", "missed", "-2", "6%以上", "6",
                                                              "地区生产总值增长4%")


def test_unknown_format_or_language() -> None:
    board = build_scoreboard(reports(), 2025)
    with pytest.raises(ValueError, match="unknown format"):
        render_scoreboard(board, "pdf")
    with pytest.raises(ValueError, match="unknown language"):
        render_scoreboard(board, "table", "fr")
