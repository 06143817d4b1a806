"""Shortcuts of the per-sentence reading give what the work they skip would have given.

Each is held to that work on real report phrases: the parse with the shortcut equals the parse
where it never fires, or the skipped call, made anyway, returns what the shortcut assumes.
"""
from __future__ import annotations

import pytest

from targetwatch.diffing import extract, lists, tasks
from targetwatch.diffing.numbers import find_quantities
from targetwatch.diffing.structure import Context
from targetwatch.diffing.textview import ascii_view
from tests.diffing.test_pattern_rewrites import _texts

_REVIEW = "一、2023年工作回顾\n"
_PLAN = "二、2024年经济社会发展总体要求和政策取向\n"
REPORTS = [
    _REVIEW + "过去一年，国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。城镇新增就业1244万人，"
              "城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。粮食产量1.39万亿斤，再创历史新高。",
    _REVIEW + "财政政策加力提效，加强重点领域支出保障，全年新增税费优惠超过2.2万亿元，增发1万亿元国债支持灾后恢复重建。"
              "数字经济加快发展，5G用户普及率超过50%。常住人口城镇化率提高到66.2%。脱贫地区农村居民收入增长8.4%。",
    _REVIEW + "一季度增长4.5%，二季度增长6.3%，三季度增长4.9%，全年增长5.2%。全年全社会固定资产投资增长25.8%，"
              "增幅比一季度回落17.2个百分点。",
    _PLAN + "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；"
            "居民消费价格涨幅3%左右；居民收入增长和经济增长同步；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右。",
    _PLAN + "拟安排地方政府专项债券3.9万亿元，比上年增加1000亿元。新开工改造城镇老旧小区5万个、完工2万个。"
            "全社会研发经费投入年均增长7%以上，今明两年职业技能培训3500万人次以上。",
]


class _NoFirstName:
    """NAME_RE, but each sentence's first name (searched from the sentence's start to its last
    figure) is said to stand before the sentence: the shortcut then never fires and every figure is read
    as before it."""

    def __init__(self, sentences: set[tuple[int, int]]) -> None:
        self._sentences = sentences

    def search(self, view: str, pos: int, endpos: int):  # noqa: ANN201
        if (pos, endpos) in self._sentences:  # the sentence's search, made before any of its figures'
            self._sentences.discard((pos, endpos))
            return _At(pos - 1)
        return _NAME_RE.search(view, pos, endpos)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(_NAME_RE, name)


class _At:
    def __init__(self, at: int) -> None:
        self._at = at

    def start(self) -> int:
        return self._at


_NAME_RE = extract.NAME_RE


def test_figures_before_the_first_name_are_read_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [0]
    sentences: set[tuple[int, int]] = set()
    sentence_facts, catalog_fact = extract._sentence_facts, extract._catalog_fact

    def record(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if args[8]:  # the sentence's figures: its first name is searched from its start to the last one
            sentences.add((args[6], args[8][-1].start))
        return sentence_facts(*args, **kwargs)

    def count(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls[0] += 1
        return catalog_fact(*args, **kwargs)

    monkeypatch.setattr(extract, "_sentence_facts", record)
    monkeypatch.setattr(extract, "_catalog_fact", count)
    skipped = 0
    for text in REPORTS:
        view = ascii_view(text)
        sentences.clear()
        calls[0] = 0
        fast, fast_calls = extract.extract_facts(text, view, 2024), calls[0]
        with monkeypatch.context() as m:
            m.setattr(extract, "NAME_RE", _NoFirstName(set(sentences)))
            calls[0] = 0
            assert extract.extract_facts(text, view, 2024) == fast, text
        assert fast
        skipped += calls[0] - fast_calls
    assert skipped > 10  # the shortcut fired, and skipped nothing that counts


@pytest.mark.parametrize("text", [r[r.index("\n") + 1:] for r in REPORTS])
@pytest.mark.parametrize("ctx", [Context("outcome", 2023), Context("target", 2024)])
def test_a_sentence_without_span_cues_has_one_years_figures(text: str, ctx: Context) -> None:
    """_task_fact takes ("", period, None) without asking _span_of when the part is about one
    year and no sentence holds 均, 累 or 今明两年: _span_of says the same for every clause."""
    view = ascii_view(text)
    for sentence_start, sentence in _sentences(view):
        if "均" in sentence or "累" in sentence or "今明两年" in sentence:
            continue
        for q in find_quantities(sentence):
            for c_start in range(q.start + 1):
                got = extract._span_of(view, sentence_start, sentence_start + c_start,
                                       q._replace(start=sentence_start + q.start, end=sentence_start + q.end),
                                       2024, ctx, ctx.period, None)
                assert got == ("", ctx.period, None), (sentence, c_start)


def _sentences(view: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for i, ch in enumerate(view):
        if ch in "。；":
            out.append((start, view[start:i + 1]))
            start = i + 1
    return out


_SHARED_PIECES = ["分别", "分", "别", "都", "均", "人均", "年均", "平均", "居民", "收入", "国内生产总值", "固定资产投资", "、", "和", "增长",
                  "5%", "3%", "，", "控制在", "城镇调查失业率", "登记失业率", "以内"]


def test_has_shared_cue_holds_every_cue_distributed_reads() -> None:
    """A 均 of 人均, 年均 or 平均 is passed over by distributed: a sentence with only those has no cue."""
    for text in _texts(_SHARED_PIECES, 17):
        cues = [m for m in lists.SHARED.finditer(text)
                if not (m.group() == "均" and m.start() and text[m.start() - 1] in "人年平")]
        assert lists.has_shared_cue(text) == bool(cues), text
        if not lists.has_shared_cue(text):
            view = ascii_view(text)
            assert lists.distributed(view, 0, len(view), find_quantities(view)) == {}, text


@pytest.mark.parametrize("label", ["旅客周转量增长", "老旧小区综合整治新开工", "一般公共预算支出规模", "比上年增加",
                                   "货物周转量同比增长", "完工", "增长\n", "城镇新增就业", "粮食产量比上年增产"])
def test_subject_of_reads_change_words_only_at_the_end(label: str) -> None:
    """subject_of runs _CHANGE_END only on a label that ends in one of _CHANGE_WORDS (or a newline,
    before which `$` also matches): elsewhere the substitution takes nothing."""
    if not (label.endswith(tasks._CHANGE_WORDS) or label.endswith("\n")):
        assert tasks._CHANGE_END.sub("", label) == label
    stem = tasks._CHANGE_END.sub("", label)
    expected = stem if len(stem) >= 2 and stem != label else None
    if expected is not None:
        assert tasks.subject_of(label) == expected


@pytest.mark.parametrize("text", REPORTS)
def test_subjects_of_letters_alone_hold_no_date(text: str) -> None:
    """clean_label reads a subject that isalpha() as one without a bracket or a digit, where _DATED
    finds only 年."""
    view = ascii_view(text)
    for i in range(len(view)):
        for j in range(i, min(len(view), i + 16)):
            pre = view[i:j]
            if pre.isalpha():  # what clean_label assumes of such a subject
                assert "[" not in pre and "［" not in pre, pre
                assert bool(tasks._DATED.search(pre)) == ("年" in pre), pre


def test_the_first_shared_head_is_found_by_one_search() -> None:
    """_shared_tail finds where the first of _SHARED_HEADS stands (past the second character)
    by one search of their trie: the least of the finds of each head."""
    pieces = [*lists._SHARED_HEADS, "原煤", "原油", "天然气", "产", "收", "营业", "领", "机"]
    for last in _texts(pieces, 23):
        finds = [i for i in (last.find(h, 2) for h in lists._SHARED_HEADS) if i > 0]
        head = lists._SHARED_HEAD_RE.search(last, 2)
        assert (head.start() if head else -1) == min(finds, default=-1), last


def test_excluded_after_is_the_generator_it_replaced() -> None:
    from targetwatch.diffing.indicators import FAMILIES, excluded_after

    pieces = sorted({w for f in FAMILIES for w in f.not_after} | {"国内生产总值", "财政收入", "，", "全省", "服"})
    for view in _texts(pieces, 29):
        for fam in FAMILIES:
            for start in range(len(view) + 1):
                assert excluded_after(view, start, fam) == any(view.startswith(w, start - len(w)) for w in fam.not_after), \
                    (view, start, fam.key)


@pytest.mark.parametrize("gap", ["增长", "比上年增长", "下降", "控制在", "增加到", "降至", "回落到", "为", "", "增收", "比上年下降"])
def test_gap_moves_are_the_searches_they_keep(gap: str) -> None:
    assert extract._gap_moves(gap) == (extract._LEVEL_MOVE.search(gap) is not None,
                                       extract._DECLINE.search(gap) is not None,
                                       extract._RISE.search(gap) is not None,
                                       extract._CHANGE.search(gap) is not None)


_OLD_LEAD = (r"(?:(?:19|20)\d{2}年(?:底|末)?|同时|其中|此外|另外|今年|全年|明年|年内|我们|我省|我市|我区|全省|全市|全区|要|将|力争|确保|"
             r"努力|争取|计划|预计|累计|分别|并且|以及|进一步|切实|即|则|而|又|也|已经|已|仍然|仍)+")


def test_lead_words_as_a_trie_strip_what_the_alternation_stripped() -> None:
    import re

    old, new = re.compile(tasks._in_turn(tasks._LEAD_COUNT, _OLD_LEAD).pattern), tasks._LEADS
    pieces = [*tasks._LEAD_WORDS, "2024年", "2023年底", "19", "年", "已", "经", "仍", "然", "全", "我", "16条", "3个", "以上",
              "城镇", "新增", "就业"]
    for text in _texts(pieces, 31):
        for pos in range(len(text)):
            a, b = old.match(text, pos), new.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)
