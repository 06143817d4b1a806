"""The one headline rule and the default views built on it, on real reports of the corpus."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from targetwatch.cli.main import cli
from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.headline import label_problem
from targetwatch.diffing.history import build_history
from targetwatch.diffing.parse import parse_report
from targetwatch.templates.render import render_comparison, render_history

# Real task labels the parser produced from the corpus, and the rule each breaks (None: clean).
LABELS = [
    ("提高到209元", "figure"),
    ("新开工制造业项目248个", "figure"),
    ("及以上失能老年人免费提供健康", "fragment"),
    ("承接产业转移主平台和", "fragment"),
    ("非洲航线及", "fragment"),
    ("区", "short"),
    ("增长", "short"),
    ("从每人每月", "verb_only"),
    ("集中供养孤儿基本生活保障省定最低标准从每人每月", "verb_only"),
    ("政务服务跨省通办事项扩大到", "verb_only"),
    ("新增中小学学位", None),
    ("老旧小区综合整治新开工", None),
    ("PM25平均浓度", None),
    ("新增5A级物流企业", None),
    ("PM2.5年均浓度", None),  # 5年 here is no duration: the digits belong to the name
    ("PM10年均浓度", None),
    ("新建5G基站", None),
    ("和美乡村覆盖率", None),  # 和美 is a word, not a joining 和 left from a cut
    ("和谐劳动关系企业", None),
    ("和以上", "fragment"),
    ("从业人员", None),  # 从业 is a word; 从每人每月 waits for its figure
    ("软件从业人员", None),
    ("比2020年增长", "figure"),
    ("PM2.5浓度控制在35%", "figure"),  # a real figure beside the name still counts
]


@pytest.mark.parametrize("label,problem", LABELS)
def test_label_rules(label: str, problem: str | None) -> None:
    assert label_problem(label) == problem


def sheet(corpus, region: str, year: int):
    path = corpus / "reports" / region / f"{year}.txt"
    return parse_report(path.read_text(encoding="utf-8"), region, year)


@pytest.fixture
def guangdong(corpus):
    return compare_sheets(sheet(corpus, "guangdong", 2025), sheet(corpus, "guangdong", 2026))


@pytest.mark.corpus
def test_default_view_fits_a_screen_and_leads_with_the_gdp_miss(guangdong) -> None:
    for fmt in ("text", "table"):
        out = render_comparison(guangdong, fmt)
        lines = out.splitlines()
        assert len(lines) <= 80, (fmt, len(lines))
        gdp = next(i for i, ln in enumerate(lines) if "地区生产总值增长" in ln)
        assert gdp < 8 and "5%左右" in lines[gdp] and "3.9%" in lines[gdp] and "未完成" in lines[gdp]
        assert "，取消" not in out and "│ 取消" not in out  # no verdict says cancelled: nothing in these reports does
        assert "未再提及" in out
    assert render_comparison(guangdong, "text") != render_comparison(guangdong, "table")
    assert "┌" in render_comparison(guangdong, "table") and "┌" not in render_comparison(guangdong, "text")


@pytest.mark.corpus
def test_rows_without_outcome_collapse_into_one_counted_line(guangdong) -> None:
    out = render_comparison(guangdong, "text")
    line = next(ln for ln in out.splitlines() if "未给出实际" in ln)
    # the 2025 targets the 2026 report gives no outcome for, the one set in words (提质提效) too
    assert "（3项）" in line and "居民消费价格涨幅" in line and "粮食产量" in line and "固定资产投资提质提效" in line
    assert "94 项今年未报告实绩" in out  # the task rows without an outcome: counted, not listed


@pytest.mark.corpus
def test_json_keeps_every_row_with_a_headline_flag(guangdong) -> None:
    full = render_comparison(guangdong, "text", full=True)
    data = json.loads(render_comparison(guangdong, "json"))
    assert len(data["rows"]) == len(guangdong.rows) == 300  # 298 and the two investment targets (提质提效, 投资增长5%左右)
    assert all(isinstance(r["headline"], bool) for r in data["rows"])
    headline = [r for r in data["rows"] if r["headline"]]
    assert any(r["indicator"] == "gdp_growth" and r["verdict"] == "missed" for r in headline)
    assert not any(r["indicator"].startswith("task:") and r["verdict"] in ("not_reported", "new", "not_repeated")
                   for r in headline)
    assert len(full.splitlines()) > 500  # --all still lists everything


@pytest.mark.corpus
def test_tasks_not_repeated_are_not_dropped(guangdong) -> None:
    moves = guangdong.summary()["target_vs_target"]
    assert moves.get("not_repeated", 0) >= 60
    assert moves.get("dropped", 0) == 0


@pytest.mark.corpus
def test_income_in_step_with_growth_is_judged_against_the_same_years_gdp(guangdong, corpus) -> None:
    row = next(r for r in guangdong.by_check("target_vs_outcome") if r.indicator == "income_growth")
    assert row.verdict == "met" and row.margin == pytest.approx(0.4)  # 4.3% against GDP 3.9%
    assert "规则" in row.note and "3.9%" in row.note
    national = compare_sheets(sheet(corpus, "national", 2024), sheet(corpus, "national", 2025))
    row = next(r for r in national.by_check("target_vs_outcome") if r.indicator == "income_growth")
    assert row.verdict == "met" and row.margin == pytest.approx(0.1)  # 5.1% against 5%
    trade = next(r for r in guangdong.by_check("target_vs_outcome") if r.indicator == "trade_growth")
    assert trade.verdict == "not_comparable"  # 稳量提质: no rule can judge it


@pytest.mark.corpus
def test_history_defaults_to_headline_indicators(corpus) -> None:
    sheets = [sheet(corpus, "guangdong", y) for y in (2025, 2026)]
    h = build_history(sheets)
    assert any(s.indicator.startswith("task:") for s in h.series)
    default = render_history(h, "text", full=False)
    assert "（任务）" not in default and "地区生产总值增长" in default
    assert "（任务）" in render_history(h, "text", full=True)


@pytest.mark.corpus
def test_cli_default_and_all(corpus) -> None:
    gd = corpus / "reports" / "guangdong"
    runner = CliRunner()
    out = runner.invoke(cli, ["compare", "--old", str(gd / "2025.txt"), "--new", str(gd / "2026.txt"),
                              "--format", "table"])
    assert out.exit_code == 0, out.output
    assert len(out.output.splitlines()) <= 80
    full = runner.invoke(cli, ["compare", "--old", str(gd / "2025.txt"), "--new", str(gd / "2026.txt"), "--all"])
    assert len(full.output.splitlines()) > 500


def test_default_format_is_table_on_a_terminal_and_json_in_a_pipe(corpus) -> None:
    """Readers at a terminal get the answer; scripts that pipe `compare` keep the contract's JSON."""
    import json
    import os
    import pty
    import subprocess
    import sys

    gd = corpus / "reports" / "guangdong"
    argv = [sys.executable, "-m", "targetwatch.cli", "compare", "--old", str(gd / "2025.txt"),
            "--new", str(gd / "2026.txt")]
    piped = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert len(json.loads(piped.stdout)["rows"]) > 200
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8")
    assert "地区生产总值增长" in screen.splitlines()[0] + "\n".join(screen.splitlines()[:12])
    assert not screen.lstrip().startswith("{")
