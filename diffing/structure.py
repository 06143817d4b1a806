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
from dataclasses import dataclass

# Five-year plans, by the names reports use, and the years they cover.
PLANS: dict[str, tuple[int, int]] = {
    "十五五": (2026, 2030), "十四五": (2021, 2025), "十三五": (2016, 2020), "十二五": (2011, 2015),
    "十一五": (2006, 2010), "十五": (2001, 2005), "九五": (1996, 2000), "八五": (1991, 1995),
}
_PLAN_RE = re.compile(r"[“\"「]?(十五五|十四五|十三五|十二五|十一五|十五|九五|八五)[”\"」]?(?=时期|期间|规划|计划|以来|末|$|[”\"」])")

_BREAK_RE = re.compile(r"[ \t\u3000\u00a0\r]*\n[\s\u3000\u00a0]*|[ \t\u3000\u00a0]+")
_NUMBERED_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])")
_MARKDOWN_RE = re.compile(r"^(?:#{1,6}\s*|\*\*)")


@dataclass(frozen=True, slots=True)
class Context:
    """What a paragraph's figures are about."""

    kind: str  # "outcome" or "target"
    period: int
    period_start: int | None = None  # set for a span of years (five-year review or plan)
    targets: bool = False  # the 主要预期目标 paragraph: the authoritative place for headline targets


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    heading: bool
    context: Context | None


def split_paragraphs(view: str) -> list[tuple[int, int]]:
    """Paragraph spans: lines, or space-separated blocks where a report was flattened to one line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(view)
    for m in _BREAK_RE.finditer(view):
        a, b = m.span()
        if "\n" not in m.group():
            before = view[a - 1] if a else ""
            after = view[b] if b < n else ""
            # Spaces inside a line separate paragraphs only between CJK text or after a sentence end;
            # between Latin words and numbers ("C919 大飞机", "PM 2.5") they are just spaces.
            if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()
                                                            and before not in "。！？；：”"):
                continue
        if a > pos:
            spans.append((pos, a))
        pos = b
    if pos < n:
        spans.append((pos, n))
    return spans


def is_heading(view: str, start: int, end: int) -> bool:
    para = view[start:end]
    if _MARKDOWN_RE.match(para):
        return True
    if "。" in para or len(para) > 50:
        return False
    if len(para) > 30 and re.search(r"\d", para) and not _NUMBERED_RE.match(para):
        return False  # a short paragraph that carries figures is prose, not a title
    return True


def _plan_span(text: str) -> tuple[int, int] | None:
    m = _PLAN_RE.search(text)
    return PLANS[m.group(1)] if m else None


class Sectioner:
    """Walks paragraphs in order and assigns each a Context; headings and openings move the state."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.mode: str | None = None  # "review" or "plan"
        self.span: tuple[int, int] | None = None  # multi-year span in force, if any

    # -- headings -------------------------------------------------------------------------
    def heading(self, text: str) -> None:
        y = self.year
        t = text.strip("#* ")
        plan = _plan_span(t)
        past = any(w in t for w in ("回顾", "过去", "去年工作", "工作总结", "成就", "主要情况", "以来工作"))
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
        elif plan and plan[0] >= y - 1 and (future or "规划" in t):
            self.mode, self.span = "plan", plan
        elif future or f"{y}年" in t:
            self.mode, self.span = "plan", None
        elif _NUMBERED_RE.match(t) and t[:1] in "二三四五六七八九" and self.mode == "review":
            self.mode, self.span = "plan", None  # the review is always the first numbered part

    # -- paragraph openings ---------------------------------------------------------------
    def opening(self, para: str) -> None:
        y = self.year
        head = para[:24]
        if self.mode is None:
            if re.match(rf"(?:过去一年|一年来|去年|{y - 1}年)", head):
                self.mode = "review"
            return
        if self.mode == "review":
            if re.match(r"(?:——)?(?:过去五年|五年来|五年间|这是[^。，]{0,30}的五年|本届政府|十年来|过去十年)", head) \
                    or re.search(r"这是[^。，]{0,30}的五年", para[:40]):
                self.span = (y - 10, y - 1) if "十年" in head else (y - 5, y - 1)
                plan = _plan_span(head)
                if plan and plan[1] < y:
                    self.span = plan
            elif (plan := _plan_span(head)) and plan[1] < y and re.search(r"时期|期间|以来", head):
                self.span = plan
            elif re.match(rf"(?:——)?(?:过去一年|一年来|去年|{y - 1}年)", head):
                self.span = None

    def context(self, targets: bool = False) -> Context | None:
        y = self.year
        if self.mode == "review":
            if self.span:
                return Context("outcome", self.span[1], self.span[0])
            return Context("outcome", y - 1)
        if self.mode == "plan":
            if self.span:
                return Context("target", self.span[1], self.span[0])
            return Context("target", y, None, targets)
        return None


_TARGETS_CUE = re.compile(r"预期目标|主要目标是|发展目标是|主要指标")


def sections(view: str, year: int) -> list[Paragraph]:
    walker = Sectioner(year)
    out: list[Paragraph] = []
    for start, end in split_paragraphs(view):
        head = is_heading(view, start, end)
        para = view[start:end]
        if head:
            walker.heading(para)
            out.append(Paragraph(start, end, True, None))
            continue
        walker.opening(para)
        targets = bool(_TARGETS_CUE.search(para)) and walker.mode == "plan" and walker.span is None
        out.append(Paragraph(start, end, False, walker.context(targets)))
    return out
