"""Quantified commitments and results that are not catalog indicators: their label and stable id.

`建设筹集保障性租赁住房7万套` in one year and `…8.2万套` in the next must get the same id so
that the years can be diffed, so the id is the subject phrase with the figure, filler words
and punctuation taken out. Enumerations that drop the subject (老旧小区综合整治新开工300个、
完工200个) borrow it from the item before.
"""
from __future__ import annotations

import re

from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.numbers import UNITS
from targetwatch.diffing.wordre import word_pattern

# Words that open a clause without naming anything: dropped from the front of labels.
_FOOTNOTE = lazy(r"[\[［][0-9０-９]{1,2}[\]］]")
_LEAD_WORDS = ("同时", "其中", "此外", "另外", "今年", "全年", "明年", "年内", "我们", "我省", "我市", "我区", "全省", "全市", "全区",
               "要", "将", "力争", "确保", "努力", "争取", "计划", "预计", "累计", "分别", "并且", "以及", "进一步", "切实", "即",
               "则", "而", "又", "也", "已经", "已", "仍然", "仍")
# A trie (wordre.py), which takes at each place the longest word that fits: the flat alternation it
# replaced took the first in the list, the same word, since where one word begins another (已经, 已)
# the longer came first (tests/diffing/test_sentence_shortcuts.py holds the two to each other).
_LEAD = r"(?:(?:19|20)\d{2}年(?:底|末)?|" + word_pattern(_LEAD_WORDS) + ")+"
# Verbs that end an enumerated item's subject (老旧小区综合整治|新开工): the next item reuses the subject.
ITEM_VERBS = ("新开工", "开工", "完工", "竣工", "建成", "完成", "新增", "改造", "新建", "改建", "提升", "增长",
              "增加", "达到", "突破", "超过", "实施", "推进", "建设", "开通", "投用", "投运", "新改建", "整治",
              "治理", "筹集", "供应", "交付", "下降", "降低", "减少")
_VERBS_LONGEST_FIRST = sorted(ITEM_VERBS, key=len, reverse=True)
_BARE_ITEMS = frozenset(ITEM_VERBS) | frozenset("新" + v for v in ITEM_VERBS)


def _ending(words: tuple[str, ...]) -> str:
    """An alternation of `words` written backwards, longest first: tail patterns are matched on the
    reversed text, so that they are tried once at its end (a `…$` pattern is tried at every position).
    Written as a trie (wordre.py), which tries the same words in the same order (the longest that
    fits first) but discards all but one branch at each character: a flat alternation of forty
    words was most of clean_label's time."""
    return word_pattern(w[::-1] for w in words)


def _tail(text: str, reversed_pattern: re.Pattern[str]) -> str:
    """`text` without the words at its end that `reversed_pattern` (see _ending, _in_turn) matches.
    Most labels end in a character no tail word ends with (_TAIL_ENDS): those are not turned round."""
    if text[-1:] not in _TAIL_ENDS:
        return text
    backwards = text[::-1]
    m = reversed_pattern.match(backwards)
    return backwards[m.end():][::-1] if m and m.end() else text


def _in_turn(*patterns: str) -> re.Pattern[str]:
    """One pattern that strips what each of `patterns` matches, one after the other, as
    matching them in turn on what the one before left would: each is an atomic group, so what it
    took is never given back to the next, and an optional one, so one that does not match is
    skipped. None of them looks behind or anchors, so each sees the text as it would alone.
    One match instead of a call per pattern: clean_label runs for every task figure. Compiled on
    first use (a `targetwatch parse` compiles what it uses; the rest costs nothing)."""
    for p in patterns:
        assert "(?<" not in p and "^" not in p.replace("[^", "[") and "$" not in p, p
    return lazy("".join(f"(?>{p})?" for p in patterns))


# Words that end a subject without naming anything (…达到, …左右, …的): dropped from the end.
_TRAIL = ("(?:" + _ending(("达到", "达", "为", "是", "增至", "增加到", "增长到", "提高到", "提升到", "降至", "降到",
                                     "下降到", "超过", "突破", "约", "近", "超", "逾", "的", "了", "以上", "以内", "左右",
                                     "分别", "其中", "共", "合计", "累计", "总计", "约为", "在", "至", "将", "就", "已",
                                     "还")) + ")+")
_NOT_WORD = lazy(r"[^\u4e00-\u9fffA-Za-z0-9](?!(?<=[0-9]\.)[0-9])")
"""What a label drops: all but words, letters and digits, and a point that is not a decimal one (PM2.5 keeps it).
One character at a time, and a class first: `re` then skips the words between in its fast scan
for the class (an alternation first is tried at every character), and most labels have nothing
to drop. A point stays only when it stands between digits: the lookahead asks that of the point
just taken."""
# What a cut leaves at the edges of a subject: a joining word before the next item (非洲航线及,
# 研究院等), a rate that waits for its figure (标准从每人每月), a particle from the clause before
# (的省科技攻坚项目). None of it names the thing counted (diffing.headline's label rules).
# 及 and 与 end words too (惠及, 涉及, 普及, 参与, 给与): those stay. Written backwards (see _ending):
# (?:分别)?[从由](?:每人|每生|每户)?(?:每月|每年)?$ or (?:[和等]|以及|(?<![惠涉…])及|(?<![参给赋])与)+$
_RATE_FROM = "(?:月每|年每)?(?:人每|生每|户每)?[从由](?:别分)?"
_EDGE_TAIL = lazy(_RATE_FROM + "|(?:及以|[和等]|及(?![惠涉普危波触顾])|与(?![参给赋]))+")
# 以上 of 65岁及以上老年人: the figure's qualifier; 和 opens words too (和美乡村, 和谐, 和平).
_EDGE_HEAD = lazy(r"^(?:[的及与并]|和(?![美谐平])|以及|及?以[上下])+")
_EDGE_FIRST = frozenset("的及与并和以")
"""What _EDGE_HEAD can start with: most subjects start otherwise, and are not matched at all."""
_ID_MAX = 24
_BOUNDARY = lazy(r"[的和与及并对把将为以等使让向在]")


def _head(text: str, pattern: re.Pattern[str]) -> str:
    """`text` without what `pattern` (anchored at the start) matches there: one match, not a scan."""
    m = pattern.match(text)
    return text[m.end():] if m else text



# When a figure stands in its subject (比2020年增长, 国民生产总值1987年达到, 群众安全感连续8年保持),
# it dates or times the figure, it does not name what is counted: the phrase leaves the label.
_YEARS = r"(?:(?<![0-9])(?:19|20)\d{2}|[一二三四五六七八九][〇○零一二三四五六七八九]{3})年(?:度|底|末|初|中|前)?"
_TIME = lazy(r"(?:比|较|同|与|为|是|快于|慢于|高于|低于)" + _YEARS + r"(?:同期|水平)?的?"
                   r"|(?:到|至|截至|截止|自|从|由|在)?" + _YEARS + r"(?:(?:到|至)" + _YEARS + r")?(?:以来|以前|前)?的?"
                   r"|(?:比|较)?(?:连续|近|过去|最近|时隔|提前)?(?<![0-9.A-Za-z])\d{1,2}(?:个)?(?:年|个月|个季度|季度)(?:前|来|以来|间|内)?的?")
_DATED = lazy(r"[0-9年]")  # what every _TIME phrase holds: checked first, it is rare
_TIME_CUE = lazy(r"\d|[〇○零一二三四五六七八九]年")
"""What a _TIME phrase holds besides: a digit, or a year in Chinese numerals. Most subjects with 年
say 全年, 今年 or 年均 and have neither, so _TIME, tried at every character, is not run on them."""
# 扩大到, 控制到, 整合为: a verb of change waiting for its figure says what happens, not to what;
# 由每人每月, 从月销售额, 由今年预计的: the level a change starts from, waiting for its figure.
# Backwards (see _ending): (?:扩大|…|减)(?:到|至|为)$ or (?:分别)?[从由](?:每人…)?(?:每月…)?(?:人均|…)?的?$
_CHANGE_TAIL = ("[到至为](?:" + _ending(("扩大", "扩展", "拓展", "上升", "发展", "减少", "缩减", "缩小", "缩短", "控制",
                                                   "压缩", "压减", "下降", "降低", "增加", "提高", "提升", "增长", "回落",
                                                   "调整", "跃升", "攀升", "整合", "优化整合", "减")) + ")"
                          "|的?(?:" + _ending(("人均", "平均", "月销售额", "今年预计", "上年", "去年", "五年前", "现有")) + ")?"
                          + _RATE_FROM)
# 16条省级重点产业链、18个省级特色专业镇营业收入: a count that opens the subject counts its noun,
# it is not part of the name (a qualifier such as 220千伏及以上, 30户以上 is, and stays).
_LEAD_COUNT = r"[0-9]+(?:条|个|家|项|所|批|类|件)(?!以上|以下|及以上|级)"
# What clean_label strips from the front, in one match: the count, then the opening words.
_LEADS = _in_turn(_LEAD_COUNT, _LEAD)
_LEAD_FIRST = frozenset("0123456789同其此另今全明年我要将力确努争计预累分并以进切即则而又也已仍")
"""What _LEADS can start with (tests/diffing/test_first_chars.py holds it to the pattern): most
subjects start otherwise, and are not matched at all."""
# A figure with its measure word (29家, 1.5万名, 10公里, 80%): in the words after a figure it
# counts the next noun (1181项对照学习…政策: the noun stays, the figure goes) or starts the next item.
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_FIGURE = lazy(r"(?:(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?:万亿|亿|万|千|百)?(?:多|余)?(?:" + _UNIT_ALT + r")"
                     r"|百分之[" + _CN_NUM + r"点]+)"
                     r"(?:及以上|以上|以下|以内|左右|多|余)?(?:的)?")
_JOIN_BEFORE = "和及与、或"
_POST_LEAD = lazy(r"^(?:/(?:月|年|人|天|日|亩|吨))?(?:及以上|以上|以下|以内|左右|多|余)?(?:的|之)?")
_POST_LEAD_FIRST = frozenset("/及以左多余的之")
_POST_MAX = 14
_POST_READ = 48  # the words after a figure that are read: the label keeps 14, a few figures may go
# 发放租赁补贴惠及6.2万户: after a named measure, 惠及 only says the figure counts who benefits;
# 经济增速连续16个季度: 连续 only says the figure is a duration.
# Backwards, and matched only on words (_NOT_WORD taken out), where a character that is no Latin
# letter or digit is a Han one or a decimal point, which stands between digits: so a run of
# [^A-Za-z0-9] says a run of [\u4e00-\u9fff] there, and compiles in a hundredth of the time
# (a class of 20,000 characters costs a millisecond to compile, each time).
_BENEFIT_TAIL = r"(?:及惠|及涉|益受)(?=[^A-Za-z0-9]{4})|续连(?=[^A-Za-z0-9]{2})"
_LABEL_TAILS = _in_turn(_TRAIL, _CHANGE_TAIL, _TRAIL, _BENEFIT_TAIL, _EDGE_TAIL.pattern)
_LABEL_TAILS_BEFORE_CUT = _in_turn(_TRAIL, _CHANGE_TAIL, _TRAIL, _BENEFIT_TAIL)
_NOUN_TAILS = _in_turn(_TRAIL, _CHANGE_TAIL, _EDGE_TAIL.pattern)
_TAIL_ENDS = frozenset("上与中为了人从共内别到前及右和在均将就已年户是月有生由的益破等约续至计超达过近还逾额")
"""The characters the words _TRAIL, _CHANGE_TAIL, _BENEFIT_TAIL and _EDGE_TAIL take off can end with,
so that every tail pattern made of them can match only a text that ends in one (_tail);
tests/diffing/test_first_chars.py holds the set to the patterns."""
# Where words end inside a long run (…改造和深度治理): before a joining word, never inside 普及;
# not before 与, which joins inside names (村卫生室实现与乡镇卫生院一体化管理), nor so early that
# the words the figure counts are cut off (小梁薄板房屋等不成套旧住房改造).
_POST_CUT = lazy(r"以及|(?<![惠涉普危波触顾以])及|[的和并等]")
_POST_MIN_CUT = 8
# 达到二级医院服务能力的县域医疗卫生次中心, 以失能照护为主的特困人员供养服务机构: a clause with
# a verb before 的 describes the noun after it, which is what is counted; in 背街巷道的综合改造
# (no verb) the figure counts the noun before 的.
_HEAD_AFTER = lazy(r"^(?P<mod>.{2,12}?)的(?P<head>.{2,})")
_CLAUSE_VERB = lazy(r"以上|以下|达到|牵头|为主|为引领|为重要|超|过|具有|有|覆盖|经营|建设|建成|实现|获|参与|运营|入选|纳入")


def _noun_after(post: str) -> str:
    """The words after a figure that say what it counts (妥善安置34.4万名受灾群众: 受灾群众), up to
    the next item (备案博物馆和29家类博物馆: 备案博物馆) or a figure that ends the clause (省重点
    项目完成投资7295亿元: 省重点项目完成投资); a figure in between counts the noun after it and goes.
    Of 达到二级医院服务能力的县域医疗卫生次中心 the head noun after 的 is what is counted."""
    if not post:
        return ""  # the figure ends its clause (most do)
    words = post[:_POST_READ]
    if words[0] in _POST_LEAD_FIRST:
        words = _head(words, _POST_LEAD)
    if _DATED.search(words) and _TIME_CUE.search(words):
        words = _TIME.sub("", words)
    out: list[str] = []
    pos = 0
    for m in _FIGURE.finditer(words):
        before = words[pos:m.start()]
        if before and before[-1] in _JOIN_BEFORE:
            out.append(before[:-1])  # 和29家…: the next item of a list begins (or, first, the next figure of this one)
            pos = -1
            break
        rest = _NOT_WORD.sub("", words[m.end():m.end() + 2])
        out.append(before)
        if not rest:
            pos = -1
            break  # 重大项目14个: the figure ends the clause
        pos = m.end()
    if pos >= 0:
        out.append(words[pos:])
    noun = _head(_NOT_WORD.sub("", "".join(out)), _EDGE_HEAD)
    head = _HEAD_AFTER.match(noun) if len(out) == 1 else None
    if head and _CLAUSE_VERB.search(head.group("mod")):
        noun = head.group("head")
    if len(noun) > _POST_MAX:
        noun = noun[:_POST_MAX + 1]
        cut = max((m.start() for m in _POST_CUT.finditer(noun, _POST_MIN_CUT)), default=-1)
        noun = noun[:cut] if cut > 0 else noun[:_POST_MAX]
    return _tail(noun, _NOUN_TAILS)


def clean_label(pre: str, post: str) -> str:
    """The words around a figure that say what it counts, without the figure itself."""
    if not pre.isalpha():
        if "[" in pre or "［" in pre:
            pre = _FOOTNOTE.sub("", pre)  # 四大主导产业［2］: a note's number, not part of the name
        if _DATED.search(pre) and _TIME_CUE.search(pre):
            pre = _TIME.sub("", pre)
    elif "年" in pre and _TIME_CUE.search(pre):
        # a subject of letters alone (most) holds no bracket and no digit: _DATED finds only its 年
        pre = _TIME.sub("", pre)
    pre = _NOT_WORD.sub("", pre)
    if pre[:1] in _LEAD_FIRST:
        pre = _head(pre, _LEADS)
    if len(pre) <= _ID_MAX:  # nothing will be cut in between: the edge words go in the same turn of the text
        if pre[-1:] in _TAIL_ENDS:  # _tail's own guard, before the call (most labels end otherwise)
            pre = _tail(pre, _LABEL_TAILS)
    else:
        pre = _tail(pre, _LABEL_TAILS_BEFORE_CUT)
        if len(pre) > _ID_MAX:
            # Keep the words nearest the figure, cut where a word ends (after 的, 和, 对…), never
            # inside one (单位地区生产总值… must not become 位地区生产总值…).
            pre = pre[-_ID_MAX:]
            cut = _BOUNDARY.search(pre, 0, _ID_MAX // 2)
            if cut:
                pre = pre[cut.end():]
        pre = _tail(pre, _EDGE_TAIL)
    if pre[:1] in _EDGE_FIRST:
        pre = _head(pre, _EDGE_HEAD)
    if len(pre) <= 4:
        # 妥善安置34.4万名受灾群众, 近七成受灾乡村民宿已正常运营: the thing counted follows the figure.
        return _tail(pre + _noun_after(post), _EDGE_TAIL)
    return pre


_RELATIVE = lazy(r"^(?:比上年|比去年|较上年|较去年|比上年末|比年初|同比|环比|年均|平均|分别|比|较)+")
_RELATIVE_FIRST = frozenset("比较同环年平分")
"""What _RELATIVE can start with: most labels start otherwise, and are not matched at all."""
_RELATIVE_ONLY = frozenset(("高于全国", "低于全国", "占全国", "居全国", "快于全国", "高于全省", "占全省", "高于全市"))


def needs_subject(label: str) -> bool:
    """An item such as 完工, 增长, 比上年增加 or 高于全国 names no thing of its own."""
    core = _RELATIVE.sub("", label) if label[:1] in _RELATIVE_FIRST else label
    if len(core) <= 2:
        return True
    return core in _BARE_ITEMS or label in _RELATIVE_ONLY or core in _RELATIVE_ONLY


_CHANGE_WORDS = ("增长", "增加", "上升", "下降", "提高", "减少", "递增", "增产", "降低")
_CHANGE_END = lazy(r"(?:比上年|同比)?(?:" + "|".join(_CHANGE_WORDS) + ")$")


def subject_of(label: str) -> str:
    """老旧小区综合整治新开工 -> 老旧小区综合整治: what the next enumerated item will be about;
    旅客周转量增长 -> 旅客周转量, so that the item after it does not read 旅客周转量增长增长."""
    # a label that does not end in a word of change (most) leaves _CHANGE_END nothing to take
    stem = _CHANGE_END.sub("", label) if label.endswith(_CHANGE_WORDS) or label[-1:] == "\n" else label
    if len(stem) >= 2 and stem != label:
        return stem
    if not label.endswith(ITEM_VERBS):
        return label
    for verb in _VERBS_LONGEST_FIRST:
        if label.endswith(verb) and len(label) > len(verb) + 1:
            return label[: -len(verb)]
    return label


def task_id(label: str) -> str:
    """`label` comes from clean_label, so it holds only words: the id is it, cut to a stable length."""
    core = label
    if len(core) > _ID_MAX:
        core = core[-_ID_MAX:]
    return "task:" + (core or "未命名")
