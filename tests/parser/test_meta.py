"""Region and year read from a report's own words: never a wrong year, a question when unsure."""
from __future__ import annotations

import csv

import pytest

from targetwatch.diffing.errors import UnknownYear
from targetwatch.diffing.meta import meta_view, npc_session_year, read_region, read_year
from targetwatch.diffing.parse import parse_report
from targetwatch.diffing.textview import ascii_view
from targetwatch.scrapers.document import extract_text
from tests.conftest import SHARED, corpus_path

# Openings as reports write them (the clue each exercises is in the comment).
OPENINGS = [
    # dateline with a national session
    ("政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理\n各位代表：", "national", 2024),
    # title line and a provincial dateline
    ("2025年北京市政府工作报告\n2025年1月14日在北京市第十六届人民代表大会第三次会议上\n各位代表：", "beijing", 2025),
    # a dateline in Chinese numerals
    ("政府工作报告\n——二〇二六年一月二十七日在吉林省第十四届人民代表大会第五次会议上\n各位代表：", "jilin", 2026),
    # full-width digits in the review heading
    ("各位代表：\n现在，我代表国务院向大会作政府工作报告，请予审议。\n一、１９９３年国内工作的回顾\n过去的一年，", "national", 1994),
    # a review of last year and "so far this year" (the 2020 report came in May)
    ("各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2019年和今年以来工作回顾\n去年，", "national", 2020),
    # the session the report is given to, no date at all
    ("各位代表：\n我代表国务院，向第六届全国人民代表大会第一次会议作政府工作报告，请予审议。\n过去五年的回顾\n", "national", 1983),
    # the previous session, looked back on from a year later
    ("各位代表：\n从去年９月第五届全国人民代表大会第三次会议到现在，已经过去了一年零两个月。国务院", "national", 1981),
    # five years since the previous congress began
    ("各位代表：\n现在，我代表国务院向大会作政府工作报告。\n一、改革开放取得伟大成就的五年\n从第七届全国人民代表大会第一次会议，"
     "到这次大会的召开，已经整整过去了五年。我国", "national", 1993),
    # the plan that starts this year
    ("各位代表：\n现在，我代表国务院向大会作报告。\n今年是实行“七五”计划的头一年。做好今年的改革和建设工作，我国", "national", 1986),
    # an anniversary of the People's Republic
    ("各位代表：\n我代表国务院向大会作政府工作报告。\n各位代表！今年十月一日是中华人民共和国成立三十五周年，我国", "national", 1984),
    # the year just past
    ("各位代表：\n我代表国务院向大会作报告。刚刚过去的1984年，是我国各族人民取得伟大成就的一年。我国经济", "national", 1985),
    # traditional characters (the 1954 text)
    ("各位代表：\n我們第一届全國人民代表大會第一次會議，在聽了報告以後，我代表中央人民政府作工作報告。", "national", 1954),
    # a five-year plan review heading
    ("各位代表：\n现在，我代表国务院，向大会作政府工作报告。\n一、“十一五”时期国民经济和社会发展的回顾\n", "national", 2011),
    # the year of the proposals
    ("各位代表：\n现在，我代表上海市人民政府，向大会报告本届政府过去五年工作，对今后五年及2013年工作提出建议，请予审议。",
     "shanghai", 2013),
    # a news summary whose title names the year of the targets
    ("# 一文读懂北京市政府工作报告：2024年GDP增长目标设定在5%左右\n\n1月21日上午，北京市第十六届人民代表大会第二次会议开幕。"
     "\n**回顾2023年工作**\n", "beijing", 2024),
]


@pytest.mark.parametrize(("text", "region", "year"), OPENINGS, ids=[str(o[2]) + o[1] for o in OPENINGS])
def test_openings(text: str, region: str, year: int) -> None:
    view = ascii_view(text)
    assert read_region(view).value == region
    found = read_year(view, region)
    assert found.value == year, found
    assert found.decided_by and all(c.text for c in found.decided_by)


@pytest.mark.parametrize("text", [
    "西红柿炒鸡蛋\n准备两个鸡蛋、三个西红柿。\n",
    # only years that are mentioned: the question, with them as candidates
    "各位代表：\n我代表国务院向大会作政府工作报告。2019年以来，我国经济在2019年保持平稳。",
    # a session named in passing ("在…会议上" is not the speaker's own) is no clue
    "各位代表：\n在五届人大四次会议上，国务院提出了十条方针。我国",
])
def test_no_clue_is_a_question_not_a_guess(text: str) -> None:
    assert read_year(ascii_view(text), "national").value is None


def test_disagreeing_clues_are_a_question_naming_both() -> None:
    text = "2019年政府工作报告\n各位代表：\n一、2019年工作回顾\n"
    with pytest.raises(UnknownYear) as err:
        parse_report(text, region="national")
    assert "2019 or 2020? pass --year" in str(err.value)


def test_evidence_is_written_down() -> None:
    text = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：\n一、2023年工作回顾\n"
    sheet = parse_report(text)
    evidence = sheet.to_dict()["meta"]["evidence"]
    assert evidence["year"]["value"] == 2024 and evidence["year"]["source"] == "text"
    clue = evidence["year"]["clues"][0]
    assert text[clue["span"][0]:clue["span"][1]] == clue["text"] and "2024年3月5日" in clue["text"]
    # the dateline is matched twice (a dateline, a dated line): it is quoted once, beside the next clue
    assert [c["kind"] for c in evidence["year"]["clues"]] == ["dateline", "review heading"]
    given = parse_report(text, "national", 2024).to_dict()["meta"]["evidence"]
    assert given["year"] == {"value": 2024, "source": "given"}


def test_npc_sessions_and_the_reading_view() -> None:
    assert [npc_session_year(14, 2), npc_session_year(5, 4), npc_session_year(2, 3), npc_session_year(1, 1)] == \
        [2024, 1981, 1962, 1954]
    assert meta_view("二〇二六年一九八○年") == "2026年1980年"


def _corpus_files() -> list[dict[str, str]]:
    manifest = SHARED / "corpus" / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    rows = list(csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"))
    if (SHARED / "corpus" / "news" / "beijing-2024-summary.txt").is_file():
        rows.append({"file": "news/beijing-2024-summary.txt", "region": "beijing", "year": "2024"})
    return rows


@pytest.mark.corpus
def test_over_the_corpus_no_year_or_region_is_wrong() -> None:
    """Every file of the corpus: right, or a question whose candidates hold the right year."""
    root = corpus_path()
    rows = _corpus_files()
    assert len(rows) > 150
    wrong, asked = [], []
    for row in rows:
        view = ascii_view(extract_text((root / row["file"]).read_bytes()).text)
        region = read_region(view)
        if region.value != row["region"]:
            wrong.append((row["file"], region.value))
            continue
        year = read_year(view, row["region"])
        if year.value is None:
            asked.append(row["file"])
            if int(row["year"]) not in year.candidates:
                wrong.append((row["file"], year.candidates))
        elif year.value != int(row["year"]):
            wrong.append((row["file"], year.value))
    assert wrong == []
    # the texts that give no clear clue are a handful of the oldest national ones
    assert len(asked) <= 4, asked
