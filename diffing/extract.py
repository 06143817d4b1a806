"""Facts from report text: every figure, with its subject, kind, period and the words it came from.

The work is local and linear: one pass finds paragraphs and their context (structure.py),
then each sentence's quantities (numbers.py) are read with the few characters around them.
A figure is a catalog indicator when a catalog name stands before it with only connecting
words between (indicators.py), or when its clause has no subject and the clause before it
named one (国内生产总值超过126万亿元，增长5.2%). Every other figure in a review or plan part
is a task. Several mentions of one indicator for one period are reduced to the best one:
the targets paragraph for targets, the sentence carrying most headline figures for outcomes.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from targetwatch.diffing.catalog import BY_ID
from targetwatch.diffing.gaps import FROM_PHRASE, TO_YEAR, YEAR_IN_GAP, may_hold_year, read_gap
from targetwatch.diffing.indicators import (DECLINE, LEVEL_MOVES, NAME_RE, QUALITATIVE, RISE, Family, excluded_after,
                                family_of, is_connector, is_neutral_prefix)
from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.meta import digit_years
from targetwatch.diffing.lists import distributed, has_shared_cue, list_comparator, listed_before, respective_labels
from targetwatch.diffing.model import Fact, parsed_fact
from targetwatch.diffing.numbers import Quantity, find_quantities
from targetwatch.diffing.structure import PLANS, Context, Paragraph, named_as_base, sections
from targetwatch.diffing.tasks import clean_label, needs_subject, subject_of, task_id
from targetwatch.diffing.wordre import word_pattern

_SENTENCE_END = lazy(r"[。！？；!?;]")
_CLAUSE_CHARS = "，、：,:（）()“”\"—…"  # what ends a clause inside a sentence
_CLAUSE_MARK = frozenset(_CLAUSE_CHARS)
_FROM_BEFORE = lazy(r"[从由](?:上年的?|去年的?|年初的?|上半年的?|(?:19|20)\d{2}年(?:末|底)?的?|[两三四五六七八九十]年前的?)?"
                   r"(?:约|近|超过)?$")  # 从五年前的2万亿元跃升到3万亿元 (shanghai 2018): the level reached counts
_MOVE_AFTER = lazy(r"(?:的?水平)?(?:提高|提升|增加|增长|扩大|上升|下降|降低|减少|缩小|压减|缩减|降|跃升|攀升)(?:到|至)"
                         r"|增至|降至|升至")
_MOVE_FIRST = frozenset("的水提增扩上下降减缩压跃攀升")
"""The characters _MOVE_AFTER can start with: most figures are followed by none of them."""
_SPAN_CUE = lazy(r"(年均(?!浓度|气温|降水)|年平均(?!浓度|气温|降水)|平均每年|平均增长)|累计")
_CLAUSE_RE = lazy("[" + re.escape(_CLAUSE_CHARS) + "。！？；!?;]")
# A plan's name marks a span only as 时期/期间/以来; 较“十三五”末 uses it as a base, not a span.
# Every branch opens with a literal character, so that the engine skips to the characters a
# match can start with (a group or a class first makes it try the whole pattern at every
# place, some 300 instructions a character); what may not stand before a span word is checked
# on each match (_spoken_span), not with lookbehinds, which make the regex try every position.
_NOT_A_PROGRAMME = "(?!行动|计划|攻坚|规划|方案|专项)"
_SPAN_WORDS = lazy("|".join(w + _NOT_A_PROGRAMME for w in ("十年", "五年", "四年", "三年", "两年",
                                                           *(d + "年" for d in "23456789"), "10年"))
                   + r"|十[五四三二一]五[”\"」]?(?:时期|期间|以来|计划|规划|前[两三四]年|年均)"
                   + r"|十五[”\"」]?(?:时期|期间|计划)|九五[”\"」]?(?:时期|期间|计划)|八五[”\"」]?(?:时期|期间|计划)")
"""A span the figure covers; not 三年行动 (a programme's name), not 比“十三五”时期 (the base compared with),
not 连续7年优秀 (a streak). A plan's name counts with 时期/期间/以来, as its 计划/规划 (按调整后的“八五”计划，
…平均每年: the plan's own years, not those of the part it is quoted in), before 年均 (“十一五”年均增长7.5%)
and as its first years (“十一五”前四年累计: 2006-2009)."""
_YEAR_OPENING = lazy(r"(?:——)?(?:\d{1,2}月份?，)?((?:19|20)\d{2})年(?![底末初]?[0-9])")
_COMPARED_OPENING = lazy(r"(?:末|底)?(?:与|同|和|比)((?:19|20)\d{2})年(?:末|底)?(?:相比|比较)")
"""The base year a sentence's opening year is compared with (2005年与2000年相比, 1986年同1978年相比)."""
_BACK_OPENING = lazy(r"(?:——)?(?:去年|过去一年|一年来)")
_FORWARD_OPENING = lazy(r"(?:——)?(?:今年|明年)")
_TO_YEAR_OPENING = lazy(r"(?:——)?到((?:19|20)\d{2})年(?:底|末)?[，,]")
"""到1992年，力争…使国民生产总值达到15500亿元左右，平均每年增长7.5%左右 (national 1988): a plan to that
year, said inside a part about this one."""
_SPAN_OPENING = lazy(r"(?:——)?(?:(?:这|近|过去的?)(?P<a>[两三四五])年(?:来|中|里|间)?|(?P<b>[两三四五])年(?:来|中|里|间))[，,]")
"""这两年中，…财政收入增长百分之四十四点四 (national 1979): a sentence in a review of last year that speaks of
the last few years, so its figures cover them (the paragraph may have opened on last year alone)."""
_SPAN_YEARS = {"两": 2, "三": 3, "四": 4, "五": 5}
_OPENING_FIRST = frozenset("—去过一今明到这近两三四五")
"""With the digits (\\d), the characters _YEAR_OPENING, _BACK_OPENING, _FORWARD_OPENING, _TO_YEAR_OPENING and
_SPAN_OPENING can start with."""
_STOP_HEADING = lazy(r"[#*\s]*(?:附[：:件]?\s*)?(?:名词解释|名词注释|注释|注解|相关报道|相关新闻|延伸阅读|责任编辑)")


@dataclass(slots=True)
class _Sentence:
    """Where a fact was said, for ranking it when several mentions of one indicator compete (_rank):
    few do, so the rank is made only for those."""

    start: int
    targets: bool  # the sentence is in the targets paragraph
    catalog_count: int = 0  # the catalog facts it holds, known once it is read
    one_year: bool = True  # the sentence is in a part about one year, not a five-year review or plan


_Candidate = tuple[Fact, _Sentence]


def extract_facts(text: str, view: str, year: int) -> list[Fact]:
    paragraphs = sections(view, year)
    quantities = find_quantities(view)  # one pass over the whole text; paragraphs take their share
    qi, nq = 0, len(quantities)
    candidates: list[_Candidate] = []
    rview = view[::-1]  # searched forward to find the last sentence end or clause mark before a place
    none_words = _NoneWords(view)
    for para in paragraphs:
        if para.heading:
            if _STOP_HEADING.match(view, para.start, para.end):
                break
            continue
        while qi < nq and quantities[qi].start < para.start:
            qi += 1
        first = qi
        while qi < nq and quantities[qi].start < para.end:
            qi += 1
        if para.context is None:
            continue
        in_para = quantities[first:qi]
        target = para.context.kind == "target"
        # outside the targets paragraph only NONE_ONLY_WORDS are looked for (_paragraph_facts)
        if not in_para and not (target and _hinted(view, none_words, para.start, para.end, para.context.targets)):
            continue
        candidates.extend(_paragraph_facts(text, view, rview, none_words, year, para, in_para, target))
    return _choose(candidates)


_STRETCH = lazy(r"力争|争取|努力")
_INTENT = lazy(r"要|预期|目标|计划")
"""Words of what was meant to happen, in a mention of last year: a target quoted, not the outcome."""
NONE_ONLY_WORDS = ("具体目标", "具体增长目标", "能耗")
"""Words of a target said not to be set (没有提出具体增长目标, 能耗强度…完成国家下达): looked for in every
paragraph about this year, so that its sentences that have one are read for QUALITATIVE's patterns."""
_NONE_HINT = lazy("|".join(NONE_ONLY_WORDS + ("收入", "消费价格", "物价", "进出口", "固定资产投资", "粮食")))
"""With those, the words of a target stated in words (收入与经济增长同步), looked for only in the targets
paragraph and in sentences with two catalog figures or more: every pattern of QUALITATIVE holds one."""
WORD_KEYS = "具耗"
"""The character each of NONE_ONLY_WORDS is found by, its rarest in report text."""


class _NoneWords:
    """Where the words of NONE_ONLY_WORDS stand in one text, found once from the first place asked about.

    They are asked about for every paragraph about this year (most of a report) and for its
    sentences with figures; an alternation of the words, searched, tries its first characters
    at every place (tens of instructions a character). Here each word's key character is found
    by a one-character str.find (a memchr) and the word checked around it. Places are asked
    about in text order, so the words before the first place asked about are not looked for.
    A list of every place a word stands gives what the alternation's finditer would because no
    word overlaps another (tests/diffing/test_none_words.py holds both to this).
    """

    __slots__ = ("_view", "_begin", "_starts", "_ends")

    def __init__(self, view: str) -> None:
        self._view = view
        self._begin = len(view) + 1  # nothing looked for yet
        self._starts: list[int] = []
        self._ends: list[int] = []

    def _find(self, begin: int) -> None:
        view, places = self._view, []
        for key, words in _BY_KEY:
            i = view.find(key, begin)
            while i >= 0:
                for word, at in words:
                    if i - at >= begin and view.startswith(word, i - at):
                        places.append((i - at, i - at + len(word)))
                i = view.find(key, i + 1)
        places.sort()
        self._begin = begin
        self._starts = [a for a, _ in places]
        self._ends = [b for _, b in places]

    def any_within(self, start: int, end: int) -> bool:
        """Whether within(start, end) finds any: the first word from `start` on, if it ends by `end`
        (the words do not overlap, so one that ends later has no other before its end)."""
        if start < self._begin:
            self._find(start)
        starts = self._starts
        j = bisect_left(starts, start)
        return j < len(starts) and starts[j] < end and self._ends[j] <= end

    def within(self, start: int, end: int) -> list[int]:
        """Where the words start that stand wholly in view[start:end]."""
        if start < self._begin:  # the first question (the others come in text order)
            self._find(start)
        starts, ends = self._starts, self._ends
        j = bisect_left(starts, start)
        out = []
        while j < len(starts) and starts[j] < end:
            if ends[j] <= end:
                out.append(starts[j])
            j += 1
        return out


def _by_key() -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """WORD_KEYS with the words each finds and where the key stands in them."""
    words: dict[str, list[tuple[str, int]]] = {k: [] for k in WORD_KEYS}
    for w in NONE_ONLY_WORDS:
        key = next(k for k in WORD_KEYS if k in w)
        words[key].append((w, w.index(key)))
    return tuple((k, tuple(ws)) for k, ws in words.items())


_BY_KEY = _by_key()


def _hints(view: str, none_words: _NoneWords, start: int, end: int, every: bool) -> list[int]:
    """Where the words of _NONE_HINT (every) or of NONE_ONLY_WORDS start in view[start:end]."""
    if every:
        return [m.start() for m in _NONE_HINT.finditer(view, start, end)]
    return none_words.within(start, end)


def _hinted(view: str, none_words: _NoneWords, start: int, end: int, every: bool) -> bool:
    """Whether _hints finds any: one search, not the list of every place."""
    if every:
        return _NONE_HINT.search(view, start, end) is not None
    return none_words.any_within(start, end)


def _paragraph_facts(text: str, view: str, rview: str, none_words: _NoneWords, year: int, para: Paragraph,
                     in_para: list[Quantity], target: bool) -> list[_Candidate]:
    """The facts of the sentences of one paragraph that can have any: those with figures and, in a
    part about this year, those naming a target that is said not to be set (具体目标, 能耗…).

    Most sentences have neither, so they are never visited one by one, nor are the sentence ends
    of the paragraph listed: each figure (or hint word), in text order, that is not in the sentence
    found last finds its own sentence, its start by a search back (in `rview`, the view reversed)
    to the last end before it and its end by a search forward. Each search reads only the
    figure's sentence, so a paragraph is read at most once whatever its length.
    """
    assert para.context is not None
    points: Sequence[Quantity | int] = in_para
    if target:
        hints = _hints(view, none_words, para.start, para.end, para.context.targets)
        if hints:
            points = sorted([*in_para, *hints], key=_point_start)
    n = len(view)
    sentences: list[tuple[int, int, list[Quantity]]] = []  # start, end, figures
    s_end = para.start
    for point in points:
        p = point if isinstance(point, int) else point.start
        if p >= s_end:  # a sentence not found yet: the one from the last end before p to the first after it
            back = _SENTENCE_END.search(rview, n - p, n - s_end)
            s_start = n - back.start() if back else s_end
            forward = _SENTENCE_END.search(view, p, para.end)
            s_end = forward.end() if forward else para.end
            sentences.append((s_start, s_end, []))
        if not isinstance(point, int):
            sentences[-1][2].append(point)
    out: list[_Candidate] = []
    prev_start, prev_end, prev_figures = para.start, para.start, True
    turns: bool | None = None  # whether the paragraph holds a word of _BACK_OPENING, known once asked
    chain = para.start  # where the sentence that the parts after a ； go on with starts
    chain_ctx: tuple[int, Context] | None = None  # that sentence's own context, once asked
    for s_start, s_end, figures in sentences:
        carried: Context | None = None
        after_semicolon = prev_end == s_start and s_start > para.start and view[s_start - 1] in _SEMICOLONS
        if not after_semicolon:
            chain = s_start
        elif para.context.period_start is None and (view[chain] in _OPENING_FIRST or view[chain].isdecimal()):
            # 1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元…；国家财政收入由1121亿元增加到2220亿元:
            # the year the sentence opens with holds for its parts after a ； (in a part about one year: in a
            # five-year review, 2007年，国内生产总值达到24.66万亿元…；全国财政收入…增长1.71倍 dates the levels only)
            if chain_ctx is None or chain_ctx[0] != chain:
                chain_ctx = (chain, _sentence_context(view, para.context, year, chain))
            carried = chain_ctx[1] if chain_ctx[1] is not para.context else None
        if carried is None and target and s_start > para.start and not (prev_end == s_start and prev_figures) \
                and (turns := turns if turns is not None else _may_turn_back(view[para.start:para.end])):
            # 过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%…: a figure-less sentence that
            # turns to last year in a part about this year speaks for the sentence after it too.
            if prev_end == s_start:
                before = prev_start
            else:  # the sentence before was not visited: it starts after the last end before its own
                back = _SENTENCE_END.search(rview, n - s_start + 1, n - prev_end)
                before = n - back.start() if back else prev_end
            if _BACK_OPENING.match(view, before, before + 12):
                carried = Context("outcome", year - 1)
        out.extend(_sentence_facts(text, view, rview, none_words, year, para, s_start, s_end, figures, carried))
        prev_start, prev_end, prev_figures = s_start, s_end, bool(figures)
    return out


_SEMICOLONS = frozenset("；;")


def _may_turn_back(paragraph: str) -> bool:
    """Whether _BACK_OPENING (去年, 过去一年, 一年来) can match anywhere in `paragraph`."""
    return "去年" in paragraph or "一年" in paragraph


def _point_start(point: Quantity | int) -> int:
    return point if isinstance(point, int) else point.start


def _clause_mark(s: str, start: int, end: int) -> re.Match[str] | None:
    """The first mark of s[start:end] (the view or its reverse) that ends a clause. A comma between two
    digits sets thousands apart (661,800亩, and textview's view of 661，800亩): the figure goes on, and so
    does its clause (服务面积由661，800亩增加到3，137，300亩 is about 服务面积, not about 800亩)."""
    m = _CLAUSE_RE.search(s, start, end)
    while m is not None and s[m.start()] == "," and s[m.start() - 1:m.start()] in _DIGIT_SET \
            and s[m.end():m.end() + 1] in _DIGIT_SET:
        m = _CLAUSE_RE.search(s, m.end(), end)
    return m


_DIGIT_SET = frozenset("0123456789")  # ("" is not in a frozenset, as it is in a string)


CLAUSE_REACH = 300
"""Characters a clause reaches from its figure: longer than any clause of a real report, so
bounding it changes no output on the corpus (checked with the corpus snapshot, tests/parser/corpus_snapshot.py)."""


def _clause_start(view: str, sentence_start: int, pos: int) -> int:
    i = pos - 1
    sentence_start = max(sentence_start, pos - CLAUSE_REACH)
    while i >= sentence_start and view[i] not in _CLAUSE_MARK:
        i -= 1
    return i + 1


_OPEN_QUOTES = frozenset("“「《\"")
_CLOSE_QUOTES = frozenset("”」》\"")
_PAIRS = {"“": "”", "「": "」", "《": "》", '"': '"'}


def _around_quotes(view: str, s_start: int, s_end: int, c_start: int, c_end: int, prev_end: int) -> tuple[int, int]:
    """A quoted name is part of a task's subject, not a clause of its own: 打造10个“数字领航”企业,
    专精特新“小巨人”450家. Quotes break clauses for catalog names (“十四五”时期…), so for tasks
    the clause is widened over them; never back over an earlier figure."""
    for _ in range(4):  # at most a few quoted names in one subject
        if c_end < s_end and view[c_end] in _OPEN_QUOTES:
            close = view.find(_PAIRS[view[c_end]], c_end + 1, min(s_end, c_end + 30))
            if close < 0:
                break
            nxt = close + 1
            while nxt < s_end and view[nxt] not in _CLAUSE_MARK and view[nxt] not in "。！？；!?;":
                nxt += 1
            c_end = nxt
        elif c_start > s_start and view[c_start - 1] in _CLOSE_QUOTES:
            closer = view[c_start - 1]
            opener = next((o for o, c in _PAIRS.items() if c == closer), closer)
            start = view.rfind(opener, max(s_start, c_start - 31), c_start - 1)
            if start < 0 or start < prev_end:
                break
            c_start = _clause_start(view, s_start, start)
            if c_start < prev_end:
                c_start = prev_end
                break
        else:
            break
    return c_start, c_end


def _sentence_context(view: str, ctx: Context, year: int, s_start: int) -> Context:
    """A sentence may say its own year (2023年，…; 去年…) where that differs from its part's. Asked
    only of a sentence that starts with a digit or one of _OPENING_FIRST (the caller checks); its first
    character (after a ——) says which of the openings it can be, so that one pattern is tried, not five."""
    head = view[s_start:s_start + 12]
    first = head[2:3] if head.startswith("——") else head[:1]
    if first.isdecimal():
        m = _YEAR_OPENING.match(head)
        if m is None:
            return ctx
        y = int(m.group(1))
        base = _COMPARED_OPENING.match(view, s_start + m.end(), s_start + m.end() + 10)
        if base is not None and int(base.group(1)) < y <= year:
            # 1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元: the change over the years between
            return Context("outcome", y, int(base.group(1)) + 1)
        if y == year - 1 and (ctx.kind != "outcome" or ctx.period_start is not None):
            return Context("outcome", y)
        if y == year and ctx.kind == "outcome" and ctx.period_start is None:
            return Context("target", y)
        return ctx
    if first in _BACK_FIRST and ctx.kind == "target" and _BACK_OPENING.match(head):
        return Context("outcome", year - 1)
    if ctx.period_start is not None:
        return ctx
    if first in _SPAN_FIRST:
        m = _SPAN_OPENING.match(head) if ctx.kind == "outcome" else None
        if m:
            n = _SPAN_YEARS[m.group("a") or m.group("b")]
            return Context("outcome", ctx.period, ctx.period - n + 1)
    elif first in _FORWARD_FIRST:
        if ctx.kind == "outcome" and _FORWARD_OPENING.match(head):
            return Context("target", year)
    elif first == "到" and ctx.kind == "target":
        m = _TO_YEAR_OPENING.match(digit_years(head))  # 到一九八五年 too (national 1982)
        if m and ctx.period < int(m.group(1)) <= ctx.period + 15:
            return Context("target", int(m.group(1)), ctx.period)  # the years from this one to then
    return ctx


_BACK_FIRST = frozenset("去过一")
_SPAN_FIRST = frozenset("这近两三四五过")
_FORWARD_FIRST = frozenset("今明")


def _span_before(view: str, s_start: int, pos: int, year: int, ctx: Context) -> tuple[int, int] | None:
    """The years an average or total covers: 五年年均增长5.2% is the five years to last year."""
    found = None
    m = _SPAN_WORDS.search(view, s_start, pos)
    while m is not None:  # the last one spoken; searched one by one: a finditer costs twice a search to set up
        if _spoken_span(view, m.start()):
            found = m.group()
        m = _SPAN_WORDS.search(view, m.end(), pos)
    if found is None:
        return (ctx.period_start, ctx.period) if ctx.period_start is not None else _five_years(ctx.period, ctx.kind)
    for name, span in PLANS.items():
        if found.startswith(name):
            if found[-3:-2] == "前":  # “十一五”前四年: the plan's first years
                return (span[0], span[0] + _FIRST_YEARS[found[-2]] - 1)
            return span
    n = {"十年": 10, "五年": 5, "四年": 4, "三年": 3, "两年": 2}.get(found) or int(found[:-1])
    end = ctx.period if ctx.kind == "outcome" else year + n - 1
    return (end - n + 1, end)


_FIRST_YEARS = {"两": 2, "三": 3, "四": 4}


def _spoken_span(view: str, start: int) -> bool:
    """Not the base of a comparison (比“十三五”时期), not part of a number (2015年, 一九九五年, 第五年, 二十年,
    PM2.5年均; but 一九八一、一九八二两年 is two years), not a streak (连续7年)."""
    before = view[start - 1:start]
    return not (named_as_base(view, start) or before.isdigit() or (before in _NUMERAL_BEFORE and view[start] != "两")
                or view[start - 2:start] == "连续")


_NUMERAL_BEFORE = frozenset("〇零一二三四五六七八九十第.")
"""Characters before a span word that make it part of a number: 一九九五年, 第五年, 二十年, PM2.5年均浓度, 11.7年."""


def _five_years(period: int, kind: str) -> tuple[int, int]:
    """An average or total whose span the text leaves unsaid: the five-year plan that ends
    (outcomes) or starts (targets) with `period`, else the five years of a government's term."""
    for start, end in PLANS.values():
        if (kind == "outcome" and end == period) or (kind != "outcome" and start == period):
            return (start, end)
    return (period - 4, period) if kind == "outcome" else (period, period + 4)


def _span_of(view: str, s_start: int, c_start: int, q: Quantity, year: int, ctx: Context, period: int,
             period_start: int | None, spans: bool = True) -> tuple[str, int, int | None]:
    """The id suffix and the years of a figure: 年均 makes an average (_avg); a multi-year part
    or 累计 makes a total over a span (_multi); anything else is one year's. `spans` False says the
    sentence has no span cue in a one-year part (_sentence_facts), so nothing is looked for."""
    if not spans:
        return "", period, None
    # every cue has 均 or 累 (年均, 平均每年, 累计): two finds rule most clauses out before the pattern
    clause = view[c_start:q.start]  # `in` on a copy costs less than a find with bounds
    m = _SPAN_CUE.search(view, c_start, q.start) if "均" in clause or "累" in clause else None
    if m and m.group(1):
        suffix = "_avg"
    elif m:
        suffix = "_multi"
    elif period_start is not None:
        if "每年" in clause:
            suffix = "_avg"  # 城镇新增就业每年超过90万人: so much in each year of the span, not in all of them
        else:
            one = _one_year_of_span(view, c_start, q.start, year, ctx, clause)
            if one is not None:
                return "", one, None
            suffix = "_multi"
    elif "年" in clause and _spoken_span_in(view, c_start, q.start):
        # 五年来城镇新增就业3555万人 in a part about one year: the clause says the span itself
        suffix = "_avg" if "每年" in clause else "_multi"
    elif ctx.kind == "target" and ctx.period_start is None and view.find("今明两年", s_start, q.start) >= 0 \
            and view.find("每年", s_start, q.start) < 0:
        # 今明两年职业技能培训3500万人次以上，高职院校扩招200万人: this year's and next year's together
        return "_multi", ctx.period + 1, ctx.period
    else:
        return "", period, None
    span = _span_before(view, s_start, q.start, year, ctx)
    if span:
        period_start, period = span
    if suffix == "_multi" and m is None and ctx.period_start is not None and ("到" in clause or "至" in clause) \
            and _LEVEL_MOVE.search(clause) and not _SPAN_TOTAL.search(clause):
        # 青壮年文盲率下降到6% in a five-year review, 常住人口城镇化率提高到65% in a plan: the level reached
        # at the span's end is that year's (FACTS.md), not a total over the span
        return "", period, None
    return suffix, period, period_start


_ASIDE_ENDS = ("的情况下", "的背景下", "的基础上")
"""How an aside (gaps.ASIDE_PHRASE) that holds a figure of its own ends: the figure after it belongs to
the name before the aside, which the clause's name search must see again."""
_TOPIC_OPENINGS = ("全年增长", "总产", "产量")
"""Clause openings whose subject _clause_topic may find in the clause before even when no catalog name
stands before them in the sentence: 全年增长 after quarters, 总产 and 产量 after a clause about 粮食 (a year
may stand before them: 全国粮食连续四年增产，2007年产量达到50150万吨)."""


_COMPARED_YEAR = lazy(r"[比较](?:19|20)\d{2}年")
"""比2002年末: the base of a change over the span (gaps.YEAR_IN_GAP's compared year)."""
_SPAN_TOTAL = lazy(r"累计|共计|合计|总计|五年共|共[增减新建完]")
"""_TOTAL_CUE without 新增: with its year said, 2007年新增城镇就业 is that year's, not the span's."""


def _one_year_of_span(view: str, c_start: int, pos: int, year: int, ctx: Context, clause: str) -> int | None:
    """The one year a figure of a multi-year part is about, when its clause says it is the last one
    (2000年国家财政收入达13380亿元 in the review of 1996-2000; 到2030年…达到 in a plan to 2030), the
    year before (比上年, 同比, 去年 in a review that ends last year), or this year (今年 in a plan): that
    year's figure (FACTS.md), not the span's. Not when the clause says a total (累计, 共) or a span
    (五年来…) of its own."""
    if ctx.period_start is None:
        return None
    said = None
    if ctx.kind == "outcome" and ctx.period == year - 1 and (
            "比上年" in clause or "较上年" in clause or "同比" in clause or "去年" in clause):
        said = ctx.period
    elif ctx.kind == "target" and "今年" in clause:
        said = year  # 今年财政专项资金公开从19项增加到30项 in a part on the plan: this year's step
    elif "年" in clause and may_hold_year(clause):
        stated = read_gap(clause)[1]
        # 从2020年的53.2%提升到2025年的: a level reached; 2007年末…比2002年末增加110多万人: a change over the span
        if stated == ctx.period and _COMPARED_YEAR.search(clause) is None:
            said = stated
    if said is None or "年前" in clause or _SPAN_TOTAL.search(view, c_start, pos) or _spoken_span_in(view, c_start, pos):
        return None  # 2002年…比五年前提高了10多个百分点: a change over the span
    return said


def _spoken_span_in(view: str, start: int, end: int) -> bool:
    """Whether a span word (五年来, “十四五”时期…) that _spoken_span accepts stands in view[start:end]."""
    m = _SPAN_WORDS.search(view, start, end)
    while m is not None:
        if _spoken_span(view, m.start()):
            return True
        m = _SPAN_WORDS.search(view, m.end(), end)
    return False


@dataclass(slots=True)
class _Seen:
    """What the previous figure of the sentence was about, for clauses that omit the subject."""

    family: Family | None = None
    label: str | None = None
    clause_start: int = -1
    hit: bool = False  # the current figure's subject is a catalog family (even if its unit is not)
    respectively: bool = False  # 分别增长5%、6.5%: several subjects share the figures, none is the catalog's
    stated: int | None = None  # the year the previous figure's clause named
    base: int | None = None  # the base year of a comparison (比2002年增长…)


def _sentence_facts(text: str, view: str, rview: str, none_words: _NoneWords, year: int, para: Paragraph,
                    s_start: int, s_end: int, quantities: list[Quantity], carried: Context | None = None
                    ) -> list[_Candidate]:
    assert para.context is not None
    qualitative = para.context.targets or para.context.kind == "target"
    if not quantities and not qualitative:
        return []
    ctx = para.context
    first = view[s_start:s_start + 1]
    if first in _OPENING_FIRST or first.isdecimal():  # a sentence may say its own year (most start otherwise)
        ctx = _sentence_context(view, ctx, year, s_start)
    if carried is not None and ctx is para.context:
        ctx = carried
    out: list[_Candidate] = []
    said = _Sentence(s_start, para.context.targets, 0, para.context.period_start is None)
    seen = _Seen()
    catalog_count = 0
    prev_end = s_start
    # Words are looked for in the sentence's own copy with `in`: a str.find or a search with
    # bounds costs more to call (its arguments parsed) than copying a sentence does.
    sentence = view[s_start:s_end]
    if quantities:
        n = len(view)
        section = _section(ctx)
        shared = distributed(view, s_start, s_end, quantities) if has_shared_cue(sentence) else {}
        own_labels = respective_labels(view, s_start, s_end, quantities) if "分别" in sentence else {}
        list_lasts: dict[int, int] = {}  # list_comparator's, filled once asked
        # Where the sentence's first catalog name starts: a figure before it has none in its clause
        # nor in the clause before, so it is no catalog figure unless a subject carries over
        # (seen.family, 全年增长 after quarters: _clause_topic). One search a sentence, not one a figure,
        # and only up to the last figure: a name must end before its figure to count (NAME_RE has no
        # lookaround, so a match that ends before a figure is found whatever the search's end).
        first_name = NAME_RE.search(view, s_start, quantities[-1].start)
        named_from = first_name.start() if first_name else s_end
        # Whether a task figure may cover a span (_span_of): a multi-year part, or a cue of one in the
        # sentence (年均, 平均每年, 累计, 今明两年, 五年来); most sentences have none, and their figures are one year's.
        spans = ctx.period_start is not None or "均" in sentence or "累" in sentence or "今明两年" in sentence \
            or "五年" in sentence or "十年" in sentence
        # Whether a figure may be of another kind than its part's (_off_kind): only where a cue stands.
        off_cues = _has_off_kind_cue(sentence, ctx.kind)
        commas = "," in sentence  # where a comma may set thousands apart (_clause_mark); most sentences have none
    else:  # a sentence without figures is read only for qualitative targets (below)
        n, section, shared, own_labels, named_from, spans, first_name = 0, "", {}, {}, s_end, False, None
        list_lasts = {}
        off_cues = commas = False
    for k, q in enumerate(quantities):
        if k in shared:
            # The last figure's qualifier (…5%和3%以内) holds for all of them.
            cmp = quantities[max(i for i in shared)].comparator
            for forced in shared[k]:
                fact = _catalog_fact(text, view, year, ctx, q._replace(comparator=cmp) if q.comparator == "exact" else q,
                                     s_start, q.start, forced[1], _Seen(), forced)
                if fact is not None:
                    catalog_count += 1
                    out.append((fact, said))
            prev_end = q.end
            continue
        # Bounded look-back: a clause is read at most CLAUSE_REACH characters either side of
        # its figure, so a long run without punctuation costs linear time, not quadratic. Its
        # start is after the last mark before the figure, found forward in the reversed view.
        # (conditional expressions, not max and min: a builtin's call costs more than the comparison)
        reach = q.start - CLAUSE_REACH if q.start - CLAUSE_REACH > s_start else s_start
        mark = _clause_mark(rview, n - q.start, n - reach) if commas \
            else _CLAUSE_RE.search(rview, n - q.start, n - reach)
        c_start = n - mark.start() if mark else reach
        pre_start = c_start if c_start > prev_end else prev_end
        if prev_end > c_start and view.startswith(_ASIDE_ENDS, prev_end):
            pre_start = c_start  # 外贸进出口在对美贸易下降超3成的情况下增长12%: the figure before was inside an aside
        # the character after the figure first, then the anchored match: they rule out nearly every figure
        if view[q.end:q.end + 1] in _MOVE_FIRST and _MOVE_AFTER.match(view, q.end) \
                and _FROM_BEFORE.search(view, max(pre_start, q.start - 12), q.start):
            continue  # 从75%提高到100%: the starting level; the figure that counts comes next
        seen.hit = False
        # A figure of a 分别 list that no catalog name took is the figure of its own item (税收收入).
        if k in own_labels or (q.start <= named_from and seen.family is None
                               and not view.startswith(_TOPIC_OPENINGS, _after_year(view, c_start))):
            fact = None
        else:
            fact = _catalog_fact(text, view, year, ctx, q, s_start, pre_start, c_start, seen, None, first_name, spans)
        off = off_cues and _off_kind(view, ctx.kind, c_start, q)
        if fact is not None and off:
            pass  # read as usual, so that the figures after it find the subject they would, but not kept
        elif fact is not None:
            catalog_count += 1
            out.append((fact, said))
            for forced in (listed_before(view, s_start, fact.span[0]) if view[fact.span[0] - 1] in "、和与及" else ()):
                also = _catalog_fact(text, view, year, ctx, q, s_start, q.start, forced[1], _Seen(), forced)
                if also is not None:
                    catalog_count += 1
                    out.append((also, said))
        else:
            reach = q.end + CLAUSE_REACH if q.end + CLAUSE_REACH < s_end else s_end
            mark = _clause_mark(view, q.end, reach) if commas else _CLAUSE_RE.search(view, q.end, reach)
            c_end = mark.start() if mark else reach
            if view[c_end:c_end + 1] in _OPEN_QUOTES or view[c_start - 1:c_start] in _CLOSE_QUOTES:
                c_start, c_end = _around_quotes(view, s_start, s_end, c_start, c_end, prev_end)
                pre_start = max(c_start, prev_end)
            if k in own_labels and (list_cmp := list_comparator(quantities, own_labels, k, list_lasts)):
                q = q._replace(comparator=list_cmp)
            task = _task_fact(text, view, year, ctx, q, s_start, c_end, pre_start, c_start, seen, section, spans,
                              own_labels.get(k))
            if task is not None and not off:
                out.append((task, said))
        prev_end = q.end
    wants_qualitative = para.context.targets or catalog_count >= 2
    if ctx.period_start is None and (qualitative or catalog_count >= 2) \
            and _hinted(view, none_words, s_start, s_end, wants_qualitative):
        for indicator, comparator, pattern in QUALITATIVE:
            if comparator in ("qualitative", "about") and not wants_qualitative:
                continue
            m = pattern.search(view, s_start, s_end)
            if m:
                a, b = m.start(), m.end()
                # 持平 (`about`) is a change of 0 percent; the other words carry no number
                value, unit = (0.0, "%") if comparator == "about" else (None, None)
                out.append((Fact(indicator, text[a:b], ctx.kind, ctx.period, comparator, value, unit,  # type: ignore[arg-type]
                                 text[a:b], (a, b), section=_section(para.context)), said))
    if ctx.period_start is None and "持平" in sentence:
        flat = {f.indicator for f, _ in out if f.comparator == "about"}  # found above, in a targets sentence
        for indicator, comparator, pattern in QUALITATIVE:
            m = pattern.search(view, s_start, s_end) if comparator == "about" and indicator not in flat else None
            if m:  # 居民消费价格与上年基本持平: a figure (0), found wherever figures are
                out.append((Fact(indicator, text[m.start():m.end()], ctx.kind, ctx.period, "about", 0.0,  # type: ignore[arg-type]
                                 "%", text[m.start():m.end()], (m.start(), m.end()),
                                 section=_section(para.context)), said))
    said.catalog_count = catalog_count
    return out


_QUOTED_BEFORE = lazy(word_pattern(("年初确定", "年初制定", "年初提出", "原定", "预定", "曾提出", "曾经提出")))
"""Words of a target set earlier, before its figure in one clause (全国没有实现年初确定的单位国内生产总值能耗
降低4%左右, 超过原定的近2万亿元规模, 由原定平均每年百分之六调高到…): that target quoted, not what happened.
Only 曾(经)提出 says so alone; the others must be the object of a verb of meeting it (_MEETING) or the
starting point of a change (由原定…调高到), as 年初确定的10件民生实事全部兑现 (the plan and what was done
are one) and 完成原定计划的101% (a share of the plan) are outcomes."""
_MEETING = frozenset(("实现", "完成", "达到", "低于", "高于", "超过", "超出", "突破"))
_SAID_MARKS = frozenset("，：:,")
_QUOTED_AFTER = lazy(r"的(?:预定|预期|既定|年度|增长|调控)?目标")
"""What follows a target's figure quoted in a review: 虽然略低于8％的预定目标, 低于13%左右的预期目标."""


def _has_off_kind_cue(sentence: str, kind: str) -> bool:
    """Whether the sentence holds a word of _off_kind's: most have none, and their figures are not asked about."""
    if kind == "outcome":
        return "目标" in sentence or "提出" in sentence or "年初" in sentence or "原定" in sentence \
            or "预定" in sentence
    return "基础上" in sentence or "连续" in sentence or "原定" in sentence


def _off_kind(view: str, kind: str, c_start: int, q: Quantity) -> bool:
    """Whether a figure is not of its part's kind and is no fact of this report's: in a review, a target
    set before and quoted (虽然略低于8％的预定目标; 去年…曾提出，要把…控制在百分之十以内), the generalisation
    of _INTENT (which only ranks, beside an outcome); in a part about this year, a past figure that a target
    builds on (在连续两年增长百分之十三的基础上, 由于已经连续三年增长速度在百分之十一以上) or the target
    it replaces (由原定平均每年百分之六调高到). A target said met (提前一年实现…300元的目标) is kept: what
    happened reached it. Asked only where _has_off_kind_cue found a cue."""
    clause = view[c_start:q.start]
    if kind == "outcome":
        if view.startswith("的", q.end) and _QUOTED_AFTER.match(view, q.end):
            return not _said_met(clause)
        if c_start >= 3 and view[c_start - 3:c_start - 1] == "提出" and view[c_start - 1] in _SAID_MARKS:
            return True  # 去年政府工作报告提出，物价涨幅要从14.8%降到10%左右: the clause said is the target
    elif view.startswith("的基础上", q.end):
        return True
    elif "已经连续" in clause or "已连续" in clause:
        return True
    elif "原定" not in clause:
        return False
    m = _QUOTED_BEFORE.search(view, c_start, q.start)
    while m is not None:
        cue, start = m.group(), m.start()
        if kind == "outcome" and cue.startswith("曾"):
            return True
        before = view[max(c_start, start - 2):start]
        between = view[m.end():q.start]
        if "计划" in between or "指标" in between:
            pass  # 完成原定计划的101%, 超过原定的年度计划百分之四点一: a share of the plan, or the distance from it
        elif before[-1:] in ("由", "从"):
            if "到" not in between and "为" not in between:
                return True  # 由原定平均每年百分之六调高到百分之八至九: the old target, not the new one after 到
        elif kind == "outcome" and before in _MEETING and not _said_met(clause):
            return True
        m = _QUOTED_BEFORE.search(view, m.end(), q.start)
    return False


def _said_met(clause: str) -> bool:
    """实现, 完成, 达到 not denied (没有实现, 未完成): a quoted target that was met."""
    return ("实现" in clause or "完成" in clause or "达到" in clause) and "没有" not in clause and "未" not in clause


def _rank(fact: Fact, said: _Sentence) -> tuple[int, ...]:
    """Larger is better when several mentions of one indicator for one period compete: the targets
    paragraph's, one with a number, one of a part about one year (a five-year review's 失业率控制在5.5%
    以内 is its last year's figure too, but that year's own review says what it was), the sentence with
    most catalog figures, the earlier sentence.
    Within one sentence an outcome beats last year's target quoted beside it (物价涨幅要从14.8%降到
    10%左右，…实际回落到6.1%), the like-for-like figure beats the plain one (增长1.7%（同口径增长2.5%
    以上）: a target is set on a comparable basis), and an exact level beats a bound (突破2万亿元、
    达到23562亿元), but not a stretch goal (增长7%以上、力争达到8%)."""
    quoted_target = fact.kind == "outcome" and _INTENT.search(fact.text) is not None
    like_for_like = fact.kind == "outcome" and "口径" in fact.text
    exact_level = fact.comparator == "exact" and fact.unit != "%" and not _STRETCH.search(fact.text)
    return (int(said.targets and fact.kind == "target"), int(fact.has_number), int(said.one_year), said.catalog_count,
            -said.start, int(not quoted_target), int(like_for_like), int(exact_level), -fact.span[0])


def _section(ctx: Context) -> str:
    if ctx.period_start is not None:
        return "multi_year_review" if ctx.kind == "outcome" else "plan"
    if ctx.kind == "outcome":
        return "review"
    return "targets" if ctx.targets else "tasks"


def _region_words() -> frozenset[str]:
    from targetwatch.diffing.regions import REGIONS

    words: set[str] = set()
    for r in REGIONS:
        words.update((r.name, r.short, "全" + r.short))
    return frozenset(words)


_REGION_NAMES = _region_words()
_ENUMERATOR = lazy(r"\d{1,2}[.．、](?!\d)")
"""The number of an item in a list (2.实现城镇新增就业18万人以上): no word of the sentence."""


def _neutral_before(view: str, start: int, name_start: int) -> bool:
    prefix = view[start:name_start]
    if prefix[:1].isdigit() and (item := _ENUMERATOR.match(prefix)):
        prefix = prefix[item.end():]  # 2.实现城镇新增就业18万人以上
    if "年" in prefix and may_hold_year(prefix):
        prefix = YEAR_IN_GAP.sub("", prefix)
    return is_neutral_prefix(prefix, _REGION_NAMES)


def _find_name(view: str, pre_start: int, q: Quantity, first: re.Match[str] | None = None
               ) -> tuple[re.Match[str], Family, str] | None:
    """The last catalog name before the figure that only connecting words separate from it, with
    those words (read_gap's, which the caller needs again). `first` is the sentence's first name:
    when it stands wholly in the clause, it is what the clause's first search would find (NAME_RE
    has no lookaround, so the shorter end cannot change a match that ends before it)."""
    best = None
    # One search at a time: most clauses have no name, and a finditer costs twice a search to set up.
    if first is not None and first.start() >= pre_start and first.end() <= q.start:
        m: re.Match[str] | None = first
    else:
        m = NAME_RE.search(view, pre_start, q.start)
    while m is not None:
        fam = family_of(m.group())
        if not excluded_after(view, m.start(), fam):
            words = read_gap(view[m.end():q.start])[0]
            if is_connector(words) and _neutral_before(view, pre_start, m.start()):
                best = (m, fam, words)
        m = NAME_RE.search(view, m.end(), q.start)
    return best


def _clause_topic(view: str, s_start: int, c_start: int) -> Family | None:
    """The catalog indicator the previous clause is about, if it opens with one (全省地区生产总值连跨…),
    or the economy's growth after quarter by quarter (三季度增长4.6%…，全年增长4.8%)."""
    if c_start - 1 <= s_start:
        return None
    if view.startswith("全年增长", c_start) and view.find("季度增长", s_start, c_start) >= 0:
        return family_of("地区生产总值")
    prev_start = _clause_start(view, s_start, c_start - 1)
    m = NAME_RE.search(view, prev_start, c_start - 1)
    if m is None:
        opening = _after_year(view, c_start)
        return _grain_topic(view, s_start, c_start) if view.startswith(("总产", "产量"), opening) else None
    if not _neutral_before(view, prev_start, m.start()) or view.find("分别", prev_start, c_start) >= 0:
        return None
    fam = family_of(m.group())
    if excluded_after(view, m.start(), fam):
        return None
    return fam


def _after_year(view: str, c_start: int) -> int:
    """Where a clause's words start after the year it may open with (2007年产量达到50150万吨)."""
    if view[c_start:c_start + 1].isdecimal() and view.startswith("年", c_start + 4):
        return c_start + 5
    return c_start


def _grain_topic(view: str, s_start: int, c_start: int) -> Family | None:
    """粮食生产再获丰收，总产达到557亿斤; 粮食连续五年增产，总产量52850万吨: a bare 总产 after a clause
    that opens with 粮食 is the grain output (总产 says of what only with the clause before). That clause
    runs from the comma before, over 、 and quotes: 粮食面积、总产、单产实现“两增一稳”，总产762亿斤."""
    prev_start = view.rfind("，", s_start, c_start - 1) + 1 or s_start
    i = view.find("粮食", prev_start, c_start - 1)
    if i < 0 or not _neutral_before(view, prev_start, i):
        return family_of("粮食产量") if _grain_heading(view, s_start) else None
    return family_of("粮食产量")


_HEADING_MARKS = "—-－一二三四五六七八九十是（）()、. "


def _grain_heading(view: str, s_start: int) -> bool:
    """——粮食生产再创新高。播种面积达到8780.7万亩，…，总产量达到853.2亿斤: a paragraph whose short first
    sentence says it is about 粮食 speaks of grain in all its clauses, as the clause before would."""
    p_start = view.rfind("\n", 0, s_start) + 1
    if s_start - p_start > 24:
        return False
    return view[p_start:s_start].lstrip(_HEADING_MARKS).startswith("粮食")


_SUB_REGION_OPENING = lazy(r"(?:——)?[\u4e00-\u9fff]{2,8}?(?:经济圈|都市圈|城市群|新区|片区|开发区|高新区|经开区|示范区|"
                           r"自贸区|试验区|合作区|产业园)")
"""A sentence that opens on a part of the region (海口经济圈…，经济总量年均增长5.8%): a name in its later
clauses with nothing before it is that part's."""


def _jobs_of_the_region(view: str, s_start: int, pre_start: int, name_start: int) -> bool:
    """新增就业 without 城镇 is the region's when a word of the region or time stands before it (全年实现新增就业
    5650人) or the sentence is about employment (…发放就业创业补贴13亿元，新增就业32.7万人); alone in a sentence
    about something else it counts that thing's jobs (全年新增营业面积10万平方米，新增就业3000人)."""
    return name_start > pre_start or view.find("就业", s_start, name_start) >= 0


def _part_before(view: str, s_start: int, c_start: int) -> bool:
    """扣除房地产开发投资后，固定资产投资增长2.7%: the clause before takes a part out, so the figure is of
    what is left, not of the whole the name says. 扣除价格因素后 only measures the whole in real terms."""
    prev_start = _clause_start(view, s_start, c_start - 1)
    return view.startswith(("扣除", "剔除"), prev_start) and "因素" not in view[prev_start:c_start]


def _catalog_fact(text: str, view: str, year: int, ctx: Context, q: Quantity, s_start: int, pre_start: int,
                  c_start: int, seen: _Seen, forced: tuple[Family, int, int] | None = None,
                  first: re.Match[str] | None = None, spans: bool = True) -> Fact | None:
    found = _find_name(view, pre_start, q, first) if forced is None else None
    if found is not None and c_start - 4 > s_start and view[c_start - 2] == "后" and _part_before(view, s_start, c_start):
        found = None
    if found is not None and found[0].start() == pre_start and pre_start > s_start + 2 \
            and _SUB_REGION_OPENING.match(view, s_start, pre_start):
        found = None  # 海口经济圈产业发展规划完成编制，经济总量年均增长5.8%: the sentence's place, not the region
    if found is not None and found[0].group() == "新增就业" and not _jobs_of_the_region(view, s_start, pre_start,
                                                                                    found[0].start()):
        found = None
    fam: Family | None = None
    if forced is not None:
        fam, name_start, name_end = forced
        gap = ""  # the connecting words between name and figure, years taken out (read_gap)
        label = text[name_start:name_end]
    elif found is not None:
        m, fam, gap = found
        name_start = m.start()
        label = text[m.start():q.start].rstrip()
    elif seen.family is not None or (pre_start == c_start and c_start - 1 > s_start):
        # No name in the clause: it may go on about the clause before's (…，增长5.2%), and only
        # then are its words read. The first clause of a sentence has no clause before (most
        # task figures stop here, unread).
        gap = read_gap(view[pre_start:q.start])[0]
        if is_connector(gap):
            fam = seen.family or _clause_topic(view, s_start, c_start)
        if fam is not None:
            name_start = pre_start
            label = seen.label if seen.family is not None and seen.label else BY_ID[next(iter(fam.by_unit.values()))].name \
                if next(iter(fam.by_unit.values())) in BY_ID else fam.names[0]
            if seen.family is not None and seen.respectively:
                return None
    if fam is None:
        seen.family = None
        return None
    seen.family, seen.clause_start = fam, c_start
    seen.label = label
    seen.hit = True
    _, stated, base = read_gap(view[c_start:q.start])
    if stated is None and base is None and found is None:
        stated, base = seen.stated, seen.base  # 2024年达到1.3万亿元、增长5.8%: the year carries over
    seen.stated, seen.base = stated, base
    indicator = fam.by_unit.get(q.unit)
    seen.respectively = "分别" in view[min(c_start, name_start):q.end]
    if indicator is None or (seen.respectively and forced is None):
        return None
    if fam.key == "gdp" and q.unit == "元" and view[name_start:name_start + 2] in ("经济", "GD") \
            and "总量" not in view[name_start:q.start] and "经济规模" not in view[name_start:q.start] \
            and "GDP" not in view[name_start:name_start + 3]:
        return None
    value, low, high = q.value, q.low, q.high
    moves_to_level, declines, rises, changes = _gap_moves(gap)
    if fam.key == "income" and "城乡" in view[c_start:name_start] and _NEXT_FIGURE.match(view, q.end):
        seen.family, seen.respectively = fam, True  # …nor is the figure after it
        return None  # 城乡居民人均可支配收入年均增长5.3%、8.1%: urban and rural, not all residents
    if q.unit != "%" and not moves_to_level and changes:
        return None  # 财政收入增加5232亿元: by how much it grew, not the level it reached
    if q.unit != "%" and (view.startswith("的", q.end) and not view.startswith(("的基础", "的目标"), q.end)
                          or view[q.end:q.end + 1] in _CLASS_NOUNS):
        # 经济总量超500亿元的县域, 超200亿元县2个: a class of places, not the region's level (but
        # 城镇新增就业45万人以上的目标，体现了… is the target said again)
        return None
    if q.unit == "%" and not moves_to_level:
        if fam.reduction and rises and not declines:
            value, low, high = _neg(value), _neg(high), _neg(low)
        elif fam.growth and declines and not rises:
            value, low, high = _neg(value), _neg(high), _neg(low)
    kind, period, period_start = ctx.kind, ctx.period, ctx.period_start
    if stated == year - 1 and (kind == "outcome" or period_start is not None):
        kind, period, period_start = "outcome", year - 1, None
    elif stated is None and period_start is not None and kind == "outcome" and re.search(r"比上年|较上年|同比", gap):
        period_start = None  # 比上年增长 inside a five-year review still speaks of the last year
    elif stated == year and kind == "target":
        period, period_start = year, None
    if base is not None and base < period - 1:
        avg = _SPAN_CUE.search(view, c_start, q.start)
        suffix, period_start = ("_avg" if avg and avg.group(1) else "_multi"), base + 1
    else:
        suffix, period, period_start = _span_of(view, s_start, c_start, q, year, ctx, period, period_start, spans)
    if suffix == "_multi" and (indicator in _RATES
                               or indicator in _LEVELS and not _TOTAL_CUE.search(view, c_start, q.start)):
        # 国内生产总值增加到121万亿元 in a five-year review: the level of its last year, not a total;
        # 城镇调查失业率控制在5.5%以内 in a plan: a rate is never summed, its cap holds for the last year too
        suffix, period_start = "", None
    if not suffix and not _plausible(indicator, value, q):
        return None
    entry = BY_ID.get(indicator)
    return parsed_fact(indicator + suffix, label or (entry.name if entry else indicator), kind, period,  # type: ignore[arg-type]
                q.comparator, value, q.unit, text[name_start:q.end], (name_start, q.end), low, high,  # type: ignore[arg-type]
                period_start if suffix else None, _section(ctx))


_NEXT_FIGURE = lazy(r"[、和]\s*\d")
_LEVELS = frozenset({"gdp_total", "budget_revenue_total", "grain_output"})
"""Catalog figures that are one year's level, so that a multi-year review states the last year's."""
_RATES = frozenset({"surveyed_unemployment", "registered_unemployment", "deficit_ratio"})
"""Catalog rates that are a level of each year: no total over a span is ever said of them (_multi), and a
cap a multi-year part sets or says was kept holds for its last year (FACTS.md: a plan's goal for its last
year is a target of that year). An average of them (年均城镇调查失业率4.7%) stays an average."""
_TOTAL_CUE = lazy(r"累计|新增|共计|合计|总计|五年共|共[增减新建完]")
"""Words of a total accumulated over the span (_multi), as opposed to a level reached at its end."""
_CLASS_NOUNS = frozenset("县市区州旗城镇乡村企园项家个座")
# Whether the words between a name and its figure hold one of these: one search each, not a
# generator over the words (run for every catalog figure).
_LEVEL_MOVE = lazy(word_pattern(LEVEL_MOVES))
_DECLINE = lazy(word_pattern(DECLINE))
_RISE = lazy(word_pattern(RISE))
_CHANGE = lazy(word_pattern(DECLINE + RISE + ("增收", "减收", "增产", "减产")))


@lru_cache(maxsize=1024)
def _gap_moves(gap: str) -> tuple[bool, bool, bool, bool]:
    """Whether the words between a name and its figure hold a move to a level, a decline, a rise,
    a change of any kind. A report joins its names and figures with a few gaps (增长, 比上年增长,
    控制在) again and again, so each is read once."""
    return (_LEVEL_MOVE.search(gap) is not None, _DECLINE.search(gap) is not None, _RISE.search(gap) is not None,
            _CHANGE.search(gap) is not None)


def _neg(v: float | None) -> float | None:
    return None if v is None else -v


_PLAUSIBLE_PERCENT = {"surveyed_unemployment": (0.5, 15), "registered_unemployment": (0.5, 15), "deficit_ratio": (0, 10),
                      "cpi": (-10, 30), "gdp_growth": (-20, 40), "energy_intensity_reduction": (-20, 30)}


def _plausible(indicator: str, value: float | None, q: Quantity) -> bool:
    """A headline rate far outside anything a report has stated is a misreading, not a fact."""
    bounds = _PLAUSIBLE_PERCENT.get(indicator)
    if bounds is None or value is None:
        return True
    return bounds[0] <= value <= bounds[1]


def _task_fact(text: str, view: str, year: int, ctx: Context, q: Quantity, s_start: int, c_end: int,
               pre_start: int, c_start: int, seen: _Seen, section: str, spans: bool,
               own_label: tuple[str, int] | None = None) -> Fact | None:
    pre = view[pre_start:q.start]
    if "从" in pre or "由" in pre:
        pre = TO_YEAR.sub(r"\1", FROM_PHRASE.sub("", pre))  # 城镇化率从2020年的53.2%提升到2025年的: 城镇化率
    if own_label:
        label, c_start = clean_label(own_label[0], ""), own_label[1]
    else:
        label = clean_label(pre, view[q.end:c_end])
    if seen.label and not own_label and needs_subject(label):
        # 一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元: the item borrows the subject before it.
        label = subject_of(seen.label) + label
    if not label:
        return None
    unit = q.unit or _unit_from_subject(label)
    if not unit:
        return None  # 务工规模超过3300万: no measure word anywhere, so no fact with a made-up unit
    if not seen.hit:
        seen.label = label
        seen.family = None
    seen.clause_start = c_start
    suffix, period, period_start = _span_of(view, s_start, c_start, q, year, ctx, ctx.period, ctx.period_start, spans)
    return parsed_fact(task_id(label) + suffix, label, ctx.kind, period, q.comparator, q.value, unit,  # type: ignore[arg-type]
                text[c_start:c_end], (c_start, c_end), q.low, q.high, period_start if suffix else None, section)


_SUBJECT_UNITS = (("人次", "人次"), ("人口", "人"), ("人数", "人"), ("人员", "人"), ("户数", "户"), ("农户", "户"),
                  ("家庭", "户"))


def _unit_from_subject(label: str) -> str:
    """常住人口2185万, 参与人次超630万: the subject ends in what the figure counts."""
    for tail, unit in _SUBJECT_UNITS:
        if label.endswith(tail):
            return unit
    return ""


def _choose(candidates: list[_Candidate]) -> list[Fact]:
    best: dict[tuple, _Candidate] = {}  # in the order each key was first seen (a dict keeps it)
    for cand in candidates:
        f = cand[0]
        if f.indicator.startswith("task:"):  # f.is_task, without a call of the property
            key: tuple = (f.indicator, f.kind, f.period, f.value, f.unit, f.comparator)
        elif f.period_start is not None:
            # 五年年均增长5.2%，十年…年均增长6.2% (national 2023): averages over two spans, both kept
            key = (f.indicator, f.kind, f.period, f.period_start)
        else:
            key = (f.indicator, f.kind, f.period)
        cur = best.get(key)
        if cur is None or _rank(*cand) > _rank(*cur):
            best[key] = cand  # a better mention keeps the place of the first
    facts = [c[0] for c in best.values()]
    facts.sort(key=lambda f: f.span[0])
    return facts
