"""Spaces left by old line breaks (national 2004: 今年经 济增长预期目标) are taken out; a writer's spaces stay."""
from __future__ import annotations

import pytest

from targetwatch.diffing.parse import parse_report
from targetwatch.scrapers.document import extract_text
from targetwatch.scrapers.rewrap import join_wrapped_lines, wrap_period
from tests.conftest import SHARED, corpus_path

# Paragraphs in the words of a work report, each long enough to be wrapped several times.
PARAGRAPHS = (
    "　　今年经济工作的基本着眼点，是把各方面加快发展的积极性保护好、引导好、发挥好，实现经济平稳较快发展，"
    "防止经济出现大起大落。中央提出今年经济增长预期目标为７％左右，既考虑了保持宏观调控目标的连续性，也考虑了"
    "经济增长速度与能源、重要原材料、交通运输等实际条件的衔接，减轻对资源和环境的压力。",
    "　　千方百计增加就业是政府的重要职责。今年的预期目标是，新增城镇就业９００万人，下岗失业人员再就业５００万人。"
    "继续实施积极的就业政策，特别要把财政、信贷支持和税费减免等政策真正落到实处。今年中央财政预算安排再就业补助资金"
    "８３亿元，比去年增加３６亿元。要拓展就业渠道，注重发展劳动密集型产业、中小企业和非公有制经济。",
)


def wrapped(paragraph: str, width: int) -> str:
    """The paragraph as a fixed-width source rejoined it: a space where each line broke."""
    return " ".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


LONG = tuple(p + p[2:] + p[2:] for p in PARAGRAPHS)  # a report's paragraphs run to several lines


def hard_wrapped_text(width: int = 73, copies: int = 8) -> str:
    return "\n".join(wrapped(p, width) for p in LONG * copies) + "\n"


@pytest.mark.parametrize("width", [40, 60, 73])
def test_a_text_wrapped_at_one_width_is_made_whole(width: int) -> None:
    text = hard_wrapped_text(width)
    assert text != "\n".join(LONG * 8) + "\n"
    assert wrap_period(text) == width + 1  # from one break's space to the next: the width and the space
    assert join_wrapped_lines(text) == "\n".join(LONG * 8) + "\n"


def test_the_parser_reads_the_growth_target_of_a_rejoined_text() -> None:
    text = extract_text(("二、2004年的主要任务\n" + hard_wrapped_text()).encode()).text
    growth = [f for f in parse_report(text, "national", 2004).facts if f.indicator == "gdp_growth"]
    assert [(f.kind, f.value, f.comparator, f.text) for f in growth] == [
        ("target", 7.0, "about", "经济增长预期目标为７％左右")]


@pytest.mark.parametrize("text", [
    # a writer's spaces: after headings and inside names, at no one width
    "\n".join(f"一、 加快建设国际经济中心 第{i}条 推进浦东 综合配套改革，完善 {'市场' * i}体系" for i in range(1, 40)),
    # too few spaces to show a width
    wrapped(PARAGRAPHS[0], 73) + "\n" + wrapped(PARAGRAPHS[1], 73),
    # ASCII words keep their spaces, whatever their rhythm
    "\n".join(("GDP grew by 5.2 per cent " * 30) for _ in range(30)),
])
def test_any_other_text_is_left_as_it_is(text: str) -> None:
    assert join_wrapped_lines(text) == text


def test_only_the_spaces_on_the_period_go() -> None:
    line = wrapped(PARAGRAPHS[0] * 3, 73)
    writer = line[:10] + " " + line[10:]  # one space a writer meant, early in the line
    text = "\n".join([writer] + [line] * 10)
    out = join_wrapped_lines(text).split("\n")
    assert out[1] == PARAGRAPHS[0] * 3
    assert out[0].count(" ") == 1 and out[0].startswith(line[:10] + " ")


def test_of_the_corpus_only_the_hard_wrapped_report_changes() -> None:
    corpus_path()
    changed = []
    for path in sorted((SHARED / "corpus" / "reports").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        if join_wrapped_lines(text) != text:
            changed.append(f"{path.parent.name}/{path.stem}")
    assert changed == ["national/2004"]
