"""A task can be in both halves of the default view's task list: last year's target against
its outcome, and against this year's target (湖南 2025 规模工业增加值增长 6.5%以上: 6.2%, missed;
then 6%, lowered). Each half is shown under words saying which two figures its arrows join."""
from __future__ import annotations

import re

import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.parse import parse_report
from targetwatch.templates.render import headline_view, render_comparison

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def hunan():
    from tests.conftest import corpus_path

    reports = corpus_path() / "reports" / "hunan"
    old = parse_report((reports / "2025.txt").read_text(encoding="utf-8"), region="hunan", year=2025)
    new = parse_report((reports / "2026.txt").read_text(encoding="utf-8"), region="hunan", year=2026)
    return compare_sheets(old, new)


def test_the_groups_hold_outcome_rows_then_target_moves(hunan) -> None:
    groups = dict(headline_view(hunan).task_groups())
    assert list(groups) == ["target_vs_outcome", "target_vs_target"]
    assert {ln.row.verdict for ln in groups["target_vs_outcome"]} <= {"met", "missed"}
    assert {ln.row.verdict for ln in groups["target_vs_target"]} <= {"raised", "lowered", "reworded"}
    both = {ln.name for ln in groups["target_vs_outcome"]} & {ln.name for ln in groups["target_vs_target"]}
    assert "规模工业增加值增长" in both


@pytest.mark.parametrize(("fmt", "lang", "outcomes", "moves", "missed", "lowered"), [
    ("text", "zh", "2025年目标 → 实际", "2025年目标 → 2026年目标", "6.5%以上 → 6.2%，未完成", "6.5%以上 → 6%，下调"),
    ("md", "zh", "2025年目标 → 实际", "2025年目标 → 2026年目标", "6.5%以上 → 6.2%，**未完成**", "6.5%以上 → 6%，**下调**"),
    ("html", "zh", "2025年目标 → 实际", "2025年目标 → 2026年目标", "6.5%以上 → 6.2%", "6.5%以上 → 6%"),
    ("table", "zh", "2025年实际", "2026年目标", "│ 6.2%", "│ 6%  "),
    ("text", "en", "2025 target → outcome", "2025 target → 2026 target", "≥6.5% → 6.2%, missed", "≥6.5% → 6%, lowered"),
])
def test_each_task_line_stands_under_the_words_of_its_comparison(hunan, fmt, lang, outcomes, moves, missed,
                                                                  lowered) -> None:
    out = render_comparison(hunan, fmt, lang=lang)
    tasks = out[out.index("两年报告都列出的任务" if lang == "zh" else "Tasks listed in both reports"):]
    if fmt == "html":
        tasks = re.sub(r"<[^>]+>", "", tasks)
    a, b = tasks.index(outcomes), tasks.index(moves)
    assert a < tasks.index(missed) < b < tasks.index(lowered)
