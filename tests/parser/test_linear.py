"""Bounded look-back: a long unpunctuated run of figures is read clause by bounded clause.

Timing belongs in bench/bench_linear.py; here the shape of the work is checked: every fact's
quote and span stay within the clause reach of its figure, however long the run, so the
work (and memory) per figure does not grow with the input (issue 14: 336 KB took 3.5 GB).
"""
from __future__ import annotations

from targetwatch.diffing.extract import CLAUSE_REACH
from targetwatch.diffing.parse import parse_report

HEAD = "二、2024年政府工作任务\n"


def test_a_long_run_without_punctuation_gives_facts_with_bounded_quotes() -> None:
    text = HEAD + "新增学位2万个" * 16000
    facts = parse_report(text, "national", 2024).facts
    assert all(len(f.text) <= 2 * CLAUSE_REACH + 20 for f in facts)
    assert all(f.span[1] - f.span[0] <= 2 * CLAUSE_REACH + 20 for f in facts)


def test_a_short_run_reads_as_before() -> None:
    facts = parse_report(HEAD + "新增学位2万个，新建幼儿园10所。", "national", 2024).facts
    assert [(f.label, f.value, f.unit, f.text) for f in facts] == [
        ("新增学位", 20000.0, "个", "新增学位2万个"), ("新建幼儿园", 10.0, "所", "新建幼儿园10所")]


def test_each_figure_of_a_long_list_sharing_a_unit_is_read_once_with_the_list() -> None:
    """1、2、…、n个百分点: every figure gets the list's measure word, and the list is read once (numbers._chain_end),
    not from each figure (which made it quadratic); the figures and their units stay what they were."""
    n = 3000
    text = HEAD + "分别提高" + "、".join(str(i) for i in range(1, n)) + "个百分点。"
    facts = parse_report(text, "national", 2024).facts
    assert sorted(f.value for f in facts) == list(range(1, n)) and {f.unit for f in facts} == {"pp"}
