"""Is this text a government work report, a news summary of one, or something else?

The archive files whatever it is given under a region and a year, and every comparison and
digest then trusts it; a statistical communiqué or a company's annual report filed as a
province's report would be compared as if it set targets. So before anything is archived
the text is asked what it is. A report is addressed to a congress (各位代表, 请予审议, 我代表…
人民政府/国务院) and has a review and a tasks part; a summary is an article about one (报告提出,
作政府工作报告, 一文读懂…); the look-alikes have their own names near the top.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from targetwatch.diffing.lazyre import lazy

Kind = Literal["report", "summary", "not_report"]


@dataclass(frozen=True, slots=True)
class Genre:
    kind: Kind
    reason: str
    """Why, in words for the user: the cue that decided, quoted."""

    @property
    def is_report(self) -> bool:
        return self.kind != "not_report"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "reason": self.reason}


_HAN = lazy(r"[\u4e00-\u9fff]")
_LATIN = lazy(r"[A-Za-z]")
_HEAD = 1200


def _han_at_least(text: str, n: int, end: int) -> bool:
    """At least `n` Han characters in text[:end]. A loop, not a pattern: a report's opening has
    them within a few hundred characters, while a pattern with the Han class costs a millisecond
    to compile each time the class appears (twice in the one this replaces), and every
    `targetwatch parse` paid that."""
    for ch in islice(text, end):  # no copy of the first `end` characters, of which a report reads a few hundred
        if "\u4e00" <= ch <= "\u9fff":
            n -= 1
            if n <= 0:
                return True
    return n <= 0

# The look-alikes, each named by its own title words near the top, with the words one of
# which any match contains (a plain `in` over the head rules most texts out faster).
_NOT_REPORTS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (lazy(r"统计公报|統計公報"), "a statistical communiqué (统计公报)", ("公报", "公報")),
    (lazy(r"预算执行情况[^。\n]{0,30}预算草案|预算执行情况的报告|预算草案的报告|决算的报告"),
     "a budget report (预算执行情况的报告)", ("预算", "决算")),
    (lazy(r"(?:股份)?有限公司[^。\n]{0,20}(?:年度报告|年报)|(?:年度报告|年报)[^。\n]{0,10}摘要|证券代码|董事会|股东大会"),
     "a company's annual report", ("有限公司", "年度报告", "年报", "证券代码", "董事会", "股东大会")),
)
_ADDRESS = lazy(r"各位代表|各位代表：|请予审议|请大会审议|向大会(?:作|报告|提出)|我代表[^。\n]{0,12}(?:人民政府|国务院|政府)")
_WORK_REPORT = lazy(r"政府工作报告|工作报告|(?:总理|省长|市长|主席)在(?:政府工作)?报告中")
_PARTS = lazy(r"工作回顾|主要预期目标|预期目标|主要任务|今年(?:政府)?工作|过去一年|过去五年|一年来|五年来|"
                    r"今年的?工作|今后五年|国民经济计划|五年计划")
_NEWS = lazy(r"报告(?:提出|指出|显示|强调|说|称|明确)|在报告中[^。\n]{0,4}指出|一文读懂|记者|新华社|日电|开幕|"
                   r"(?:市长|省长|主席|总理)[^。\n]{0,8}作[^。\n]{0,6}报告|据[^。\n]{0,10}报道")


def classify(text: str) -> Genre:
    """What kind of text this is; pure and linear in the text's length.

    It runs on every parse, so it reads no more than the answer needs: each cue is looked
    for only when the cues before it did not decide, traditional forms are mapped only in
    the stretch a cue reads, and the script is counted only when the opening is not plainly
    Chinese. The answer is the same as reading everything.
    """
    if not _han_at_least(text, 200, 20000):
        han = len(_HAN.findall(text, 0, 20000))
        latin = len(_LATIN.findall(text, 0, 20000))
        if han < 200 and latin > han:
            return Genre("not_report", "the text is not in Chinese")
        if han == 0:
            return Genre("not_report", "there is no Chinese text in it")
    near = _simplified(text[:6000])
    head = near[:_HEAD]
    for pattern, name, words in _NOT_REPORTS:
        m = pattern.search(head) if any(w in head for w in words) else None
        if m:
            return Genre("not_report", f"it is {name}: “{_around(head, m)}”")
    opening = near[:400]
    address = _ADDRESS.search(near)
    if "各位代表" in opening or (address and _two_parts(text)):
        m = address or _named(text)
        return Genre("report", f"addressed to the congress: “{_quote(text, m)}”" if m else "addressed to the congress")
    named = _named(text)
    news = _NEWS.search(near) if named else None
    if named and news:
        return Genre("summary", f"an article about a work report: “{_quote(text, news)}”")
    title = _simplified(text[:200000].lstrip()[:80].split("\n", 1)[0])
    if named and (_two_parts(text) or "政府工作报告" in title):
        return Genre("report", f"names itself a work report: “{_quote(text, named)}”")
    if named:
        return Genre("not_report", f"it mentions a work report (“{_quote(text, named)}”) but has no review "
                                   "or tasks part and is not addressed to a congress")
    return Genre("not_report", "it is not addressed to a congress (各位代表…), never names a work report "
                               "(政府工作报告) and has no review or targets part")


def _named(text: str) -> re.Match[str] | None:
    return _WORK_REPORT.search(_simplified(text[:20000]))


def _two_parts(text: str) -> bool:
    """At least two review or tasks parts are named (counting stops at two)."""
    return sum(1 for _ in islice(_PARTS.finditer(_simplified(text[:200000])), 2)) >= 2


_SIMPLIFIED = dict(zip("報會議們國務過顧預計劃統", "报会议们国务过顾预计划统"))
_TRADITIONAL = lazy("[" + "".join(_SIMPLIFIED) + "]")


def _simplified(s: str) -> str:
    """Traditional forms of the cue words' characters mapped to simplified ones, one for one.

    Whether there are any is asked character by character with `in` (a C scan each, a dozen in
    all), which is twice as fast over a report's opening as searching for the class: this runs
    on every parse and nearly every text is simplified Chinese."""
    if not any(ch in s for ch in _SIMPLIFIED):
        return s
    return _TRADITIONAL.sub(lambda m: _SIMPLIFIED[m.group()], s)


def _quote(text: str, m: re.Match[str]) -> str:
    """The words around a cue found in the simplified reading, as that reading has them."""
    return _simplified(_around(text, m))


def _around(text: str, m: re.Match[str], width: int = 20) -> str:
    """The line the cue stands in (a title, a heading), so the quote reads as written: cut
    only where the line goes on for more than `width` characters either side, and marked …."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    start, end = max(line_start, m.start() - width), min(line_end, m.end() + width)
    quote = " ".join(text[start:end].split())
    return ("…" if start > line_start else "") + quote + ("…" if end < line_end else "")
