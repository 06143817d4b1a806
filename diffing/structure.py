"""The shape of a report: paragraphs, headings, and which year (or span of years) each part is about.

A work report of year Y reviews Y-1 (一、2023年工作回顾), often a whole five-year span
(过去五年, “十四五”时期), then sets Y's targets (主要预期目标) and tasks. Whether a figure is
an outcome or a target, and of which period, follows from where it stands, so the parser
first walks the report's headings and paragraph openings to give every paragraph a context.
Three layouts occur: one paragraph per line (most), everything on one line with paragraphs
separated by spaces (Shanghai 2002-2024), and news summaries with Markdown headings.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple, cast

from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.meta import digit_years
from targetwatch.diffing.wordre import optional

# Five-year plans, by the names reports use, and the years they cover.
PLANS: dict[str, tuple[int, int]] = {
    "十五五": (2026, 2030), "十四五": (2021, 2025), "十三五": (2016, 2020), "十二五": (2011, 2015),
    "十一五": (2006, 2010), "十五": (2001, 2005), "九五": (1996, 2000), "八五": (1991, 1995),
}
_PLAN_RE = lazy(r"(?<![〇零一二三四五六七八九])[“\"「]?(十五五|十四五|十三五|十二五|十一五|十五|九五|八五)[”\"」]?(?=时期|期间|规划|计划|以来|末|$|[”\"」])")
_OPEN_QUOTES = frozenset("“\"「")


def named_as_base(text: str, start: int) -> bool:
    """比“十三五”时期增长, 较2020年: what follows 比/较 (through an opening quote) is the base of a
    comparison, not the period spoken of."""
    i = start - 1
    if i >= 0 and text[i] in _OPEN_QUOTES:
        i -= 1
    return i >= 0 and text[i] in "比较"

_BLANKS = frozenset(" \t\u3000\u00a0\r")
_LINE_RE = lazy(r"\n\s*+" + optional(r"(\S" + optional(r".*[^\n \t\u3000\u00a0\r]") + ")"))
"""A line break, every blank after it (more breaks, indents), and the paragraph that follows,
ending at its last character that is not one of _BLANKS. The paragraph is group 1; at the end
of the text, after the last break, it is missing. The blanks are taken possessively and the
paragraph runs to the next break at most, so no character is read twice."""
_BREAK_RE = lazy(r"[\s\u3000\u00a0]+")  # any run of blanks; which ones break is decided per run
_TOP_NUMBERED_RE = lazy(r"[一二三四五六七八九十]{1,3}[、．.]")
_NUMBERED_RE = lazy(r"(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])")
_DIGIT = lazy(r"\d")
_MARKDOWN_RE = lazy(r"(?:#{1,6}\s*|\*\*)")
_TOP_NUMBERED_FIRST = frozenset("一二三四五六七八九十")
_MARKDOWN_FIRST = frozenset("#*")
"""What _TOP_NUMBERED_RE and _MARKDOWN_RE can start with: a match that cannot start is not tried
(tests/diffing/test_first_chars.py holds the sets to the patterns)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a paragraph's figures are about."""

    kind: str  # "outcome" or "target"
    period: int
    period_start: int | None = None  # set for a span of years (five-year review or plan)
    targets: bool = False  # the 主要预期目标 paragraph: the authoritative place for headline targets


class Paragraph(NamedTuple):
    """A NamedTuple (immutable, typed) because one is made for every paragraph of every report."""

    start: int
    end: int
    heading: bool
    context: Context | None


_new_paragraph = cast("Callable[[tuple[int, int, bool, Context | None]], Paragraph]", partial(tuple.__new__, Paragraph))
"""Paragraph((start, end, heading, context)) built in C: a NamedTuple's constructor is a Python
function around tuple.__new__, and sections makes one for every paragraph."""


def split_paragraphs(view: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines, or space-separated blocks where a report was flattened to one line.

    Only a flattened text (hardly any line breaks) is split at spaces; in a text with lines,
    a stray space (经 济增长, from a web copy) must not cut a sentence in two.
    """
    n = len(view)
    if _has_breaks(view, -(-n // 3000)):  # one break per 3000 characters or more: lines
        # Lines: the first is trimmed here, every other one comes trimmed out of one pattern, so
        # the regex engine jumps from break to break and Python sees one match per paragraph.
        first = view.find("\n")
        a, b = _strip(view, 0, n if first < 0 else first)
        out = [(a, b)] if b > a else []
        if first >= 0:
            out += [m.span(1) for m in _LINE_RE.finditer(view, first)]
            if out and out[-1][0] < 0:
                out.pop()  # the blanks after the last break
        return out
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BREAK_RE.finditer(view):
        a, b = m.span()
        gap = m.group()
        if "\n" not in gap and len(gap) == 1 and gap in " \t":
            before = view[a - 1] if a else ""
            after = view[b] if b < n else ""
            # Between Latin words and numbers ("C919 大飞机") a space is just a space.
            if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()
                                                            and before not in "。！？；：”"):
                continue
        if a > pos:
            spans.append((pos, a))
        pos = b
    if pos < n:
        spans.append((pos, n))
    return [(a, b) for a, b in (_strip(view, a, b) for a, b in spans) if b > a]


def _has_breaks(view: str, wanted: int) -> bool:
    """At least `wanted` line breaks: found one by one, so a text with lines is told after its
    first few, where counting read all of it."""
    pos = -1
    for _ in range(wanted):
        pos = view.find("\n", pos + 1)
        if pos < 0:
            return False
    return True


def _strip(view: str, a: int, b: int) -> tuple[int, int]:
    while a < b and view[a] in _BLANKS:
        a += 1
    while b > a and view[b - 1] in _BLANKS:
        b -= 1
    return a, b


def is_heading(view: str, start: int, end: int) -> bool:
    if view[start] in "#*" and _MARKDOWN_RE.match(view, start, end):
        return True
    if end - start > 50 or view.find("。", start, end) >= 0:
        return False
    if end - start > 30 and _DIGIT.search(view, start, end) and not _NUMBERED_RE.match(view, start, end):
        return False  # a short paragraph that carries figures is prose, not a title
    return True


def _plan_span(text: str) -> tuple[int, int] | None:
    if "五" not in text:
        return None  # every plan's name has 五 (十四五, 九五…): most text is ruled out without the pattern
    for m in _PLAN_RE.finditer(text):
        if not named_as_base(text, m.start(1)):
            return PLANS[m.group(1)]
    return None


_MULTI_OPENING = lazy(optional("——") + optional("各位代表[！!，,]?") + optional("回顾")
                      + "(?:过去的?五年|五年来|五年间|这五年|本届政府|十年来|过去十年)")
_FIVE_YEARS = lazy(r"这是[^。，]{0,30}的五年")
"""Searched for near the start rather than matched there: 过去五年，这是极不平凡的五年。"""
_FIVE_YEARS_SENTENCE = lazy("[。！!]" + optional("——") + "(?:五年来|过去五年|这五年)[，,]")
"""各位代表！2025年是“十四五”收官之年。五年来，…: the second sentence opens the look back."""
_PERIOD_WORD = lazy(r"时期|期间|以来")
_PLAN_DOC = lazy(r"第(十[一二三四五])个五年规划")
_NEXT_PLAN_OPENING = lazy(r"(?:“十五五”|十五五|今后五年|未来五年|到2030年)")
_EXPLICIT_HEADING = lazy(r"(?:19|20)\d{2}年|回顾|今年|去年|五年|本届")


def _explicit(t: str) -> bool:
    """_EXPLICIT_HEADING in a heading, searched only where 年, 回顾 or 本届 stands: every word of the
    pattern holds one, an `in` test is a fraction of what setting up a search costs, and most
    headings have none."""
    return ("年" in t or "回顾" in t or "本届" in t) and _EXPLICIT_HEADING.search(t) is not None


# Patterns that name a year take it as group 1 (compared by value), so they compile once, not per report.
_LAST_YEAR_WORK = lazy(r"(\d{4})年的?(?:工作|情况)")
_REVIEW_START = lazy(r"(?:刚刚)?(?:过去的?一年|一年来|去年|(?:过去的)?(\d{4})年)")
"""A paragraph that opens the review before any heading (刚刚过去的2003年是不平凡的一年 after a heading
that a flattened web copy glued to the end of the paragraph before)."""
_SINGLE_YEAR = lazy(optional("——") + optional("各位代表[！!，,]?") + optional("刚刚") + optional("过去的?")
                   + r"(?:一年来|一年|去年|(\d{4})年)")
_THIS_YEAR_PLAN = lazy(r"(?:(\d{4})年|今年)(?:是|要|的工作|工作的总体要求)")
_THIS_YEAR = lazy(optional("各位代表[！!，,]?") + r"(?:(\d{4})年|今年)")


class Sectioner:
    """Walks paragraphs in order and assigns each a Context; headings and openings move the state."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.mode: str | None = None  # "review" or "plan"
        self.span: tuple[int, int] | None = None  # multi-year span in force, if any
        self._contexts: dict[tuple[str, int, int | None, bool], Context] = {}
        """Each context made once per report: a paragraph's is asked for after every heading and
        opening, and a report has only a handful of distinct ones (a frozen dataclass is slow to build)."""

    @staticmethod
    def _says_year(m: re.Match[str] | None, year: int) -> bool:
        """A match of a pattern whose group 1 is a year (or None for 去年/今年-style words)."""
        return m is not None and (m.group(1) is None or int(m.group(1)) == year)

    # -- headings -------------------------------------------------------------------------
    def heading(self, text: str) -> None:
        y = self.year
        t = text.strip("#* ")
        if "九" in t or "〇" in t or "○" in t:
            t = digit_years(t)  # （二）争取一九五八年国民经济的新跃进: the old reports write years in numerals
        plan = _plan_span(t)
        top = (t[:1] in _TOP_NUMBERED_FIRST and _TOP_NUMBERED_RE.match(t) is not None) or \
            (text[:1] in _MARKDOWN_FIRST and _MARKDOWN_RE.match(text) is not None)
        if self.mode is not None and not top and (len(t) > 30 or (plan is None and not _explicit(t))):
            return  # 主要目标, （一）继续保持经济平稳较快发展, a line cut by a web copy: not a new part
        if "政府工作报告" in t or t.startswith(("来源", "时间", "发布")):
            return  # the title: it names the report's year, not a part of it
        past = any(w in t for w in ("回顾", "过去", "去年工作", "工作总结", "成就", "主要情况", "以来工作")) \
            or self._says_year(_LAST_YEAR_WORK.search(t), y - 1)
        future = any(w in t for w in ("今年", "任务", "工作安排", "建议", "重点工作", "总体要求", "政策取向",
                                      "预期目标", "主要目标", "目标任务", "工作部署", "发展思路"))
        if past and (f"{y - 1}年" in t or "去年" in t or "一年" in t):
            self.mode, self.span = "review", None  # 2025年和“十四五”时期工作回顾 starts with the year
        elif past and plan and plan[1] < y:
            self.mode, self.span = "review", plan
        elif past and ("五年" in t or "本届" in t):
            self.mode, self.span = "review", (y - 5, y - 1)
        elif past:
            self.mode, self.span = "review", None
        elif plan and plan[0] >= y - 1 and (future or "规划" in t or "时期" in t):
            self.mode, self.span = "plan", plan
        elif future or f"{y}年" in t:
            self.mode, self.span = "plan", None
        elif _NUMBERED_RE.match(t) and t[:1] in "二三四五六七八九" and self.mode == "review":
            self.mode, self.span = "plan", None  # the review is always the first numbered part
        elif t.startswith("一、") and self.mode is None:
            self.mode, self.span = "review", None  # 一、牢记殷殷嘱托，…取得新成效: a review under a theme title

    # -- paragraph openings ---------------------------------------------------------------
    def opening(self, para: str) -> None:
        if "年" not in para and "五" not in para and "十" not in para and "本届" not in para:
            return  # every opening that moves the state names a year or a span of them
        y = self.year
        head = para[:24]
        if "九" in head or "〇" in head or "○" in head:
            head = digit_years(head)
        if self.mode is None:
            if self._says_year(_REVIEW_START.match(head), y - 1):
                self.mode = "review"
            return
        if self.mode == "review":
            # Each of the three looks for 五年, 十年 or 本届: most openings are ruled out without a pattern.
            if ("五年" in para or "十年" in head or "本届" in head) and (
                    _MULTI_OPENING.match(head) or _FIVE_YEARS.search(para, 0, 40) or _FIVE_YEARS_SENTENCE.search(para, 0, 48)):
                self.span = (y - 10, y - 1) if "十年" in head else (y - 5, y - 1)
                plan = _plan_span(head)
                if plan and plan[1] < y:
                    self.span = plan
            elif (plan := _plan_span(head)) and plan[1] < y and _PERIOD_WORD.search(head):
                self.span = plan
            elif self._says_year(_SINGLE_YEAR.match(head), y - 1):
                self.span = None
            elif self.span is None and self._says_year(_THIS_YEAR_PLAN.match(head), y):
                self.mode = "plan"  # a review part that runs into this year's plan without a heading
            elif ((plan := _plan_span(head[:8])) and plan[0] >= y - 1) or _NEXT_PLAN_OPENING.match(head):
                # “十四五”时期是…的第一个五年: the part turns from the past plan to the next one
                self.mode, self.span = "plan", plan if plan and plan[0] >= y - 1 else (y, y + 4)
            elif para.startswith("根据") and (doc := _PLAN_DOC.search(para)) and PLANS[doc.group(1) + "五"][0] >= y - 1:
                # 根据《…关于制定…第十五个五年规划的建议》，…编制了《纲要（草案）》: the plan's goals follow
                self.mode, self.span = "plan", PLANS[doc.group(1) + "五"]
        elif self.mode == "plan":
            if self._says_year(_THIS_YEAR.match(head), y):
                self.span = None
            elif (plan := _plan_span(head)) and plan[1] < y and (_PERIOD_WORD.search(head) or _FIVE_YEARS.search(para, 0, 40)):
                # “十四五”时期，…这五年 opening the part on the next plan: a look back first
                self.mode, self.span = "review", plan
            elif _NEXT_PLAN_OPENING.match(head):
                nxt = _plan_span(head)
                self.span = nxt if nxt and nxt[0] >= y - 1 else (y, y + 4)

    def context(self, targets: bool = False) -> Context | None:
        y = self.year
        if self.mode == "review":
            if self.span:
                return self._context("outcome", self.span[1], self.span[0])
            return self._context("outcome", y - 1)
        if self.mode == "plan":
            if self.span:
                return self._context("target", self.span[1], self.span[0])
            return self._context("target", y, None, targets)
        return None

    def _context(self, kind: str, period: int, period_start: int | None = None, targets: bool = False) -> Context:
        key = (kind, period, period_start, targets)
        made = self._contexts.get(key)
        if made is None:
            made = self._contexts[key] = Context(kind, period, period_start, targets)
        return made


_TARGETS_CUE = lazy(r"标(?:(?<=预期目标)|(?<=主要目标)是|(?<=发展目标)是|(?<=主要指标))")
"""预期目标, 主要目标是, 发展目标是 or 主要指标, found from their common 标: a pattern that opens with
one literal character is scanned for it in a tight loop, where the alternation of the four words
opened with a character class, tested at every position (~60 instructions a character against
~3). The words looked back at cannot reach before a paragraph's start: a paragraph follows a
blank or the start of the text."""


def cue_places(view: str) -> list[int]:
    """Where _TARGETS_CUE stands, found in one scan of the text rather than by a search per
    paragraph (each paid for setting up a match), then len(view), past every paragraph. A
    paragraph holds the cue when a place falls in its span: a cue's words lie within one paragraph
    (what it looks back at cannot cross the blank before a paragraph, nor its 是 the blank after),
    and no match hides another (tests/parser/test_targets_cue.py holds both to the search)."""
    return [m.start() for m in _TARGETS_CUE.finditer(view)] + [len(view)]


def sections(view: str, year: int) -> list[Paragraph]:
    walker = Sectioner(year)
    out: list[Paragraph] = []
    context = walker.context()
    cue_in_heading = False
    cues = cue_places(view)
    ci = 0
    for start, end in split_paragraphs(view):
        while cues[ci] < start:
            ci += 1
        if is_heading(view, start, end):
            walker.heading(view[start:end])
            context = walker.context()
            # 今年…的主要预期目标是： on a line of its own: the targets follow in the next paragraph.
            cue_in_heading = cues[ci] < end
            out.append(_new_paragraph((start, end, True, None)))
            continue
        state = (walker.mode, walker.span)
        walker.opening(view[start:min(end, start + 64)])
        if (walker.mode, walker.span) != state:
            context = walker.context()
        if walker.mode == "plan" and walker.span is None and (cue_in_heading or cues[ci] < end):
            out.append(_new_paragraph((start, end, False, walker.context(True))))
        else:
            out.append(_new_paragraph((start, end, False, context)))
        cue_in_heading = False
    return out
