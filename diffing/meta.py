"""Which region and year a report is, read from its own words when the caller does not say.

Reports state both near the top: a title (2025年北京市政府工作报告), a dateline (——2024年3月5日在
第十四届全国人民代表大会第二次会议上, or in Chinese numerals 二〇二六年一月二十七日), and the
review heading (一、2023年工作回顾, which means the report is of 2024).
"""
from __future__ import annotations

import re
from collections import Counter

from targetwatch.diffing.numbers import chinese_to_number
from targetwatch.diffing.regions import REGIONS

_DATELINE = re.compile(r"(\d{4})年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_CN_DATELINE = re.compile(r"([〇零一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月")
_TITLE_YEAR = re.compile(r"(\d{4})年[^。\n]{0,16}政府工作报告")
_REVIEW_YEAR = re.compile(r"(\d{4})年(?:工作|政府工作)?回顾")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def infer_year(view: str) -> int | None:
    head = view[:1500]
    for pattern in (_TITLE_YEAR, _DATELINE):
        m = pattern.search(head)
        if m and 1949 <= int(m.group(1)) <= 2100:
            return int(m.group(1))
    m = _CN_DATELINE.search(head)
    if m:
        value = chinese_to_number(m.group(1))
        if value and 1949 <= value <= 2100:
            return int(value)
    m = _REVIEW_YEAR.search(view[:20000])
    if m:
        return int(m.group(1)) + 1
    m = re.search(r"(?:回顾|报告)[^。\n]{0,10}(\d{4})年", view[:3000])
    if m:
        return int(m.group(1)) + 1
    years = Counter(int(y) for y in _ANY_YEAR.findall(view[:30000]))
    if years:
        # The report year is usually the latest year the text talks about as "now".
        common = [y for y, _ in years.most_common(3)]
        return max(common) if common else None
    return None


_NATIONAL_CUES = ("全国人民代表大会", "我代表国务院", "国务院总理", "全國人民代表大會", "我代表國務院",
                  "我代表中央人民政府")
_OWN_REGION_WORDS = re.compile(r"全省|全市|全区|全自治区|我省|我市|我区|本省|本市|本区|全省區|全市區")
_OWN_COUNTRY_WORDS = re.compile(r"我国|我國|国务院|國務院")


def infer_region(view: str) -> str | None:
    head = view[:3000]
    if any(c in head for c in _NATIONAL_CUES):
        return "national"
    # "在北京市第十六届人民代表大会", "我代表北京市人民政府", "2025年北京市政府工作报告"
    for pattern in (r"在(\S{2,12}?)第[一二三四五六七八九十]+届人民代表大会",
                    r"代表(\S{2,12}?)人民政府",
                    r"(\S{2,12}?)(?:人民)?政府工作报告"):
        for m in re.finditer(pattern, head):
            found = _region_in(m.group(1))
            if found:
                return found
    sample = view[:60000]
    # No dateline or title names the speaker: a report that speaks of 我国 and never of 全省/我市
    # is the State Council's (the 1980s reports open with 刚刚过去的1984年…我国各族人民), even where
    # it mentions a province in passing.
    if not _OWN_REGION_WORDS.search(sample) and len(_OWN_COUNTRY_WORDS.findall(sample)) >= 5:
        return "national"
    counts: Counter[str] = Counter()
    for r in REGIONS:
        if r.level == "national":
            continue
        counts[r.id] = sample.count(r.name) * 3 + sample.count(r.short)
    if counts:
        best, n = counts.most_common(1)[0]
        if n >= 3:
            return best
    return None


def _region_in(text: str) -> str | None:
    for r in REGIONS:
        if r.level != "national" and (r.name in text or r.short in text):
            return r.id
    return None
