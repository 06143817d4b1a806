"""`--lang en`: comparisons and histories for foreign desks, and pages with one stylesheet.

English output translates everything of ours (headings, names, figures, verdicts, notes) and
keeps the evidence in Chinese: the report sentences in 「」 and the task names, which have no
translation on file. The tests strip those and look for any Chinese left over.
"""
from __future__ import annotations

import re

import pytest

from targetwatch.diffing.compare import compare_sheets
from targetwatch.diffing.history import build_history
from targetwatch.diffing.parse import parse_report
from targetwatch.templates import styles
from targetwatch.templates.render import render_comparison, render_history
from targetwatch.templates.words import WORDS, note
from tests.compare.facts import outcome, sheet, target

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"「[^」│]*(?:」|…)|“[^”]*”")  # a table cell may cut a quote short with …
ALLOWED = ("左右",)  # named once in the tolerance rule: it is the word readers will meet in quotes


def leftover_chinese(text: str, task_names: set[str]) -> list[str]:
    """Lines with Chinese outside quotes, task names and the named word 左右."""
    out = []
    for line in text.splitlines():
        rest = QUOTED.sub("", line)
        for cut in re.findall(r"([^\s│|]+)…", rest):  # a table cell cuts a long name short
            if any(name.startswith(cut) for name in task_names):
                rest = rest.replace(cut + "…", "")
        for name in sorted(task_names, key=len, reverse=True):  # 补贴标准 inside 护理补贴标准
            rest = rest.replace(name, "")
        for word in ALLOWED:
            rest = rest.replace(word, "")
        if CJK.search(rest):
            out.append(line)
    return out


@pytest.fixture(scope="module")
def guangdong(corpus_path_module):
    reports = corpus_path_module / "reports" / "guangdong"
    old = parse_report((reports / "2025.txt").read_text(encoding="utf-8"), region="guangdong", year=2025)
    new = parse_report((reports / "2026.txt").read_text(encoding="utf-8"), region="guangdong", year=2026)
    return compare_sheets(old, new)


@pytest.fixture(scope="module")
def corpus_path_module():
    from tests.conftest import corpus_path

    return corpus_path()


def task_names(c) -> set[str]:
    from targetwatch.templates.render import name

    return {name(r, c.region, "en") for r in c.rows if r.indicator.startswith("task:")} | {
        f.unit for r in c.rows for f in r.facts if f.unit and CJK.search(f.unit)}


@pytest.mark.corpus
@pytest.mark.parametrize("fmt", ["text", "table", "md", "html"])
def test_english_guangdong_leads_with_the_gdp_miss(guangdong, fmt):
    out = render_comparison(guangdong, fmt, lang="en")
    body = out.split("</style>")[-1]
    head = "\n".join(body.splitlines()[:40 if fmt == "html" else 12])
    assert "GDP growth" in head and "missed" in head
    assert "Guangdong" in out and "about 5%" in out and "3.9%" in out
    assert "−1.1 pp" in out
    assert "地区生产总值增长" not in QUOTED.sub("", out)  # the indicator's name is English, its quote Chinese


@pytest.mark.corpus
@pytest.mark.parametrize("fmt", ["text", "table", "md", "html"])
@pytest.mark.parametrize("full", [False, True])
def test_english_has_no_chinese_of_ours(guangdong, fmt, full):
    out = render_comparison(guangdong, fmt, lang="en", full=full)
    if fmt == "html":
        out = re.sub(r"<[^>]+>", "\n", out)
    assert leftover_chinese(out, task_names(guangdong)) == []


@pytest.mark.corpus
def test_english_history_names_figures_and_verdicts(corpus_path_module):
    reports = corpus_path_module / "reports" / "national"
    sheets = [parse_report((reports / f"{y}.txt").read_text(encoding="utf-8"), region="national", year=y)
              for y in range(2021, 2026)]
    h = build_history(sheets)
    for fmt in ("text", "table", "md", "html"):
        out = render_history(h, fmt, full=False, lang="en")
        assert "China" in out and "GDP growth" in out and "about 5%" in out, fmt
        text = re.sub(r"<[^>]+>", "\n", out) if fmt == "html" else out
        names = {s.name for s in h.series if s.indicator.startswith("task:")}
        assert leftover_chinese(text, names) == [], fmt
    assert '<html lang="en">' in render_history(h, "html", lang="en")


def small_comparison():
    old = sheet("national", 2023, target("gdp_growth", 2023, "about", 5.0, "%", "国内生产总值增长5%左右"))
    new = sheet("national", 2024, outcome("gdp_growth", 2023, "exact", 5.2, "%", "增长5.2%"),
                target("gdp_growth", 2024, "about", 5.0, "%", "国内生产总值增长5%左右"))
    return compare_sheets(old, new)


def test_chinese_stays_the_default():
    c = small_comparison()
    zh, en = render_comparison(c, "text"), render_comparison(c, "text", lang="en")
    assert "国内生产总值增长：目标5%左右，实际5.2%，完成（+0.2个百分点）" in zh
    assert "GDP growth: target about 5%, actual 5.2%, met (+0.2 pp)" in en


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        render_comparison(small_comparison(), "text", lang="fr")


def test_both_languages_have_the_same_words():
    """Either language may add a count's `_one` form (1 region, 2 regions) to a phrase both have."""
    def phrases(lang: str) -> set[str]:
        return {k for k in WORDS[lang] if not (k.endswith("_one") and k[:-4] in WORDS[lang])}

    assert phrases("zh") == phrases("en")
    assert "web_n_regions_one" in WORDS["en"]


@pytest.mark.parametrize("chinese,english", [
    ("在“左右”的容差之内", "within the tolerance of an 'about' (左右) target"),
    ("今年的报告未再提及（不等于取消）", "not mentioned again in this year's report (which is not the same as cancelled)"),
    ("规则：“正增长”按实际增速高于0判定", "rule: 'positive growth' is met when actual growth is above 0"),
    ("规则：“与经济增长同步”按实际增速不低于同年地区生产总值增速（3.9%）超过0.5个百分点判定",
     "rule: 'in step with economic growth' is met when actual growth is no more than 0.5 pp below GDP growth "
     "that year (3.9%)"),
    ("规则：“与经济增长同步”比较居民收入增速（4.4%）与同年地区生产总值增速（5.4%），"
     "居民收入增速不低于经济增速、或低得不超过0.5个百分点为完成",
     "rule: 'in step with economic growth' compares growth of 4.4% with GDP growth that year (5.4%): met when it is "
     "not below GDP growth, or below it by no more than 0.5 pp"),
    ("规则：“高于经济增长”比较居民收入增速（5%）与同年地区生产总值增速（4.8%），居民收入增速不低于经济增速为完成",
     "rule: 'above economic growth' compares growth of 5% with GDP growth that year (4.8%): met when it is "
     "not below GDP growth"),
    ("目标为“高于经济增长”，但报告未给出同年经济增长实绩",
     "the target is 'above economic growth', but the report gives no growth outcome for that year"),
    ("规则：“基本持平”按0左右判定，低于0超过0.5个百分点为未完成",
     "rule: 'about level' is judged as about 0; more than 0.5 pp below 0 is missed"),
    ("政策安排，不论多少为好；实际比安排+0.2个百分点",
     "a policy setting, neither more nor less is better; actual +0.2 pp against the setting"),
    ("政策安排，不论多少为好；与安排一致", "a policy setting, neither more nor less is better; as set"),
    ("单位不同（元与人），无法比较", "different units (元 and 人), cannot be compared"),
    ("由“5%左右”改为“5%”", "reworded from “5%左右” to “5%”"),
    ("一句没有译文的话", "一句没有译文的话"),  # shown as written, never dropped
])
def test_notes_in_english(chinese, english):
    assert note(chinese, "en") == english
    assert note(chinese, "zh") == chinese


@pytest.mark.corpus
def test_pages_use_one_stylesheet_and_mail_inline_styles(guangdong):
    page = render_comparison(guangdong, "html")
    mail = render_comparison(guangdong, "html", inline_styles=True)
    assert "<style>" in page and ".tw-td{" in page and 'class="tw-td"' in page
    # on a page the only inline style left is a badge's colour, computed per verdict
    assert set(re.findall(r' style="([^":]*):', page)) == {"background-color"}
    assert "<style>" not in mail and "tw-" not in mail
    assert mail.count('style="') > page.count('style="')
    assert len(page.encode()) < len(mail.encode()) * 0.6
    # the stylesheet is CSS, not HTML-escaped text (quotes in font names would void the rule)
    assert "'PingFang SC'" in page.split("</style>")[0]


def test_styles_write_the_same_rules_either_way():
    inline = styles.inline("td", "nowrap")
    assert inline == ' style="' + styles.STYLES["td"] + ";white-space:nowrap" + '"'
    assert styles.classes("td", "nowrap") == ' class="tw-td tw-nowrap"'
    assert ".tw-nowrap{white-space:nowrap}" in styles.stylesheet()
    with pytest.raises(KeyError):
        styles.classes("no-such-style")
