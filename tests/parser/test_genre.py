"""What kind of text it is: the look-alikes of a work report are named, summaries are told apart.

The inputs are written for these tests (made-up figures), in the shape each genre has.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing.genre import classify

FILLER = "坚持稳中求进工作总基调，推动经济持续回升向好，扎实推进各项工作。" * 12

REPORT = ("政府工作报告\n——2031年1月20日在某某省第十五届人民代表大会第三次会议上\n各位代表：\n"
          "现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2030年工作回顾\n" + FILLER +
          "\n二、2031年主要任务\n今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右。" + FILLER)
SUMMARY = ("某某省政府工作报告要点：2031年经济增长目标5%左右\n"
           "1月20日，某某省第十五届人民代表大会第三次会议开幕，省长作政府工作报告。报告提出，" + FILLER)
COMMUNIQUE = ("某某省2030年国民经济和社会发展统计公报\n某某省统计局\n2031年3月1日\n"
              "初步核算，全年全省地区生产总值50000亿元，比上年增长5.1%。" + FILLER)
BUDGET = ("关于某某省2030年预算执行情况和2031年预算草案的报告\n各位代表：\n"
          "受省人民政府委托，现将2030年预算执行情况和2031年预算草案提请大会审议。" + FILLER)
COMPANY = ("某某科技股份有限公司2030年年度报告\n证券代码：600000\n第一节 重要提示\n"
           "公司董事会保证年度报告内容的真实、准确、完整。报告期内，公司实现营业收入20亿元，增长8%。" + FILLER)
SPORTS = ("省运会男子百米决赛落幕\n本报讯 昨晚，省运会田径比赛进入第三天，男子百米决赛中，来自某某市的选手以"
          "10秒21夺冠。现场观众超过两万人，比赛气氛热烈。" * 8)
ENGLISH = ("The provincial statistics office said on Monday that output grew 5.1 percent last year, "
           "with retail sales up 4 percent and investment flat. ") * 20


@pytest.mark.parametrize(("text", "kind", "words"), [
    (REPORT, "report", "各位代表"),
    (SUMMARY, "summary", "an article about a work report"),
    (COMMUNIQUE, "not_report", "统计公报"),
    (BUDGET, "not_report", "budget report"),
    (COMPANY, "not_report", "company"),
    (SPORTS, "not_report", "not addressed to a congress"),
    (ENGLISH, "not_report", "not in Chinese"),
    ("", "not_report", "Chinese"),
], ids=["report", "summary", "communique", "budget", "company", "sports", "english", "empty"])
def test_genres(text: str, kind: str, words: str) -> None:
    genre = classify(text)
    assert genre.kind == kind
    assert words in genre.reason
    assert genre.is_report == (kind != "not_report")


@pytest.mark.parametrize(("text", "quote"), [
    (COMMUNIQUE, "“某某省2030年国民经济和社会发展统计公报”"),
    (BUDGET, "“关于某某省2030年预算执行情况和2031年预算草案的报告”"),
], ids=["communique", "budget"])
def test_the_reason_quotes_the_line_the_cue_stands_in_as_written(text: str, quote: str) -> None:
    assert quote in classify(text).reason  # the title whole, not a window cut mid-word


def test_a_long_line_is_cut_around_the_cue_and_the_cut_is_marked() -> None:
    reason = classify("说明" * 40 + "某某省2030年国民经济和社会发展统计公报" + "附注" * 40 + FILLER).reason
    quote = reason.split("“", 1)[1].rsplit("”", 1)[0]
    assert quote.startswith("…") and quote.endswith("…") and "统计公报" in quote
