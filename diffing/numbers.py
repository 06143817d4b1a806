"""Chinese quantities: 5.2%, 4.4万亿元, 一万余套, 近七成, 6.5%-7%, 提高2个百分点.

A quantity is a numeral with a measure word (or %, 倍, 成, 个百分点), optionally a magnitude
(万, 亿, 万亿) and qualifiers before (约, 近, 超过, 突破, 不低于…) or after (左右, 以上, 以内, 余…).
Numerals without a measure word are not quantities: that is what keeps 2024年, 3号线,
“23·7”, 第三届, 4.0阶段 and 十四五 out. Matching is done on the ASCII view of the text
(textview.py) with patterns that cannot backtrack catastrophically: every repetition is over
a single character class, and alternatives are fixed words.
"""
from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple, cast

from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.wordre import optional, word_pattern

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}

MAGNITUDES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
              "十万": 1e5, "万": 1e4}

# Measure words, longest first so that 平方公里 wins over 公里 and 个百分点 over 个.
# The value is the unit written in facts (FACTS.md: "the measure word with the magnitude taken out").
UNITS: dict[str, str] = {}
for _w in ("个百分点", "百分点"):
    UNITS[_w] = "pp"
for _w, _u in (("吨标准煤", "吨标准煤"), ("吨标煤", "吨标准煤"), ("微克/立方米", "微克/立方米"), ("微克每立方米", "微克/立方米"), ("岁", "岁"), ("批次", "批次"), ("场次", "场次"), ("平方公里", "平方公里"), ("平方千米", "平方公里"), ("平方米", "平方米"), ("立方米", "立方米"),
               ("千瓦时", "千瓦时"), ("标准箱", "标准箱"), ("人次", "人次"), ("户次", "户次"), ("架次", "架次"),
               ("公里", "公里"), ("千米", "公里"), ("公顷", "公顷"), ("公斤", "公斤"), ("千克", "公斤"),
               ("千瓦", "千瓦"), ("兆瓦", "兆瓦"), ("美元", "美元"), ("欧元", "欧元"), ("标箱", "标准箱"),
               ("小时", "小时"), ("元", "元"), ("人", "人"), ("名", "名"), ("个", "个"), ("家", "家"), ("户", "户"),
               ("套", "套"), ("间", "间"), ("所", "所"), ("座", "座"), ("项", "项"), ("条", "条"), ("处", "处"),
               ("部", "部"), ("辆", "辆"), ("台", "台"), ("件", "件"), ("片", "片"), ("场", "场"), ("次", "次"),
               ("批", "批"), ("类", "类"), ("只", "只"), ("头", "头"), ("张", "张"), ("支", "支"), ("种", "种"),
               ("宗", "宗"), ("例", "例"), ("位", "位"), ("栋", "栋"), ("幢", "幢"), ("艘", "艘"), ("架", "架"),
               ("列", "列"), ("吨", "吨"), ("斤", "斤"), ("亩", "亩"), ("米", "米"), ("册", "册"), ("篇", "篇"),
               ("门", "门"), ("天", "天"), ("倍", "倍"), ("成", "%"), ("%", "%"), ("‰", "‰"), ("个", "个")):
    UNITS.setdefault(_w, _u)

_UNIT_ALT = word_pattern(UNITS)
_MAG_ALT = word_pattern(MAGNITUDES)
_DECIMALS = optional(r"\.[0-9]+")
_ARABIC = r"[0-9]+(?:,[0-9]{3})*" + _DECIMALS
"""ASCII digits only: the view has full-width ones as ASCII (textview.py), and [0-9] is a bitmap test where
\\d asks the Unicode database about every character scanned (other scripts' digits do not occur in reports)."""
_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_D = "[零〇一二两三四五六七八九]"
# Chinese numerals worth a look: a run with a unit character (三百, 一万, 十件), or a lone digit
# before 成, 倍 or 个百分点 (近七成, 近三倍, 两个百分点). Lone digits elsewhere (一批, 两个示范区,
# 一是) are skipped by the pattern itself, which keeps the scan fast: they are the most common
# characters in reports. The lookbehind makes a run be tried once, at its start, so a long run
# of digits costs linear time, not quadratic.
_CN_CANDIDATE = (rf"(?<![{_CN}])(?:{_CN_D}*[十百千万亿][{_CN}]*"
                 rf"|[一二两三四五六七八九](?=[成倍]|个百分点))")
# 百分之二十八, 四分之一: shares written out in words (older reports).
_CN_SHARE = rf"百分之[{_CN}点]+|(?<![{_CN}])[{_CN}]+分之[{_CN}]+"

NUMERAL_SPEC = rf"(?:{_ARABIC}|{_CN_SHARE}|{_CN_CANDIDATE})"
"""What a numeral is, written plainly. NUMERAL_RE finds exactly its matches (a test holds them equal)."""

# The scan runs over every character of every report, so NUMERAL_RE is NUMERAL_SPEC in the one
# form Python's regex engine scans fastest: a pattern that opens with a character class lets
# the engine skip everything that cannot start a numeral in C, without entering the matcher.
# After that first character each branch checks, looking back at it, which kind of numeral it
# opens: (?<=[0-9]) an Arabic one, (?<![CN][CN]) one at the start of a run of Chinese numerals
# (what (?<![CN]) says before the character). Nearly twice as fast as a leading lookahead.
_RUN_START = rf"(?<![{_CN}][{_CN}])"
NUMERAL_RE = lazy(
    rf"[0-9{_CN}](?:(?<=[0-9])[0-9]*(?:,[0-9]{{3}})*{_DECIMALS}"  # _ARABIC
    rf"|(?<=百)分之[{_CN}点]+|{_RUN_START}[{_CN}]*分之[{_CN}]+"  # _CN_SHARE
    rf"|{_RUN_START}(?:(?<={_CN_D}){_CN_D}*[十百千万亿][{_CN}]*|(?<=[十百千万亿])[{_CN}]*"  # _CN_CANDIDATE
    rf"|(?<=[一二两三四五六七八九])(?=[成倍]|个百分点)))")

# What may follow a numeral: the rest of a range (6%-6.5%, 100万元至300万元), magnitude, 多/余,
# unit, trailing qualifier.
_SEPARATORS = "-~—－至到"
TAIL_SPEC = (
    optional(rf"(?P<pct1>%)|(?P<mag1>{_MAG_ALT}){optional(rf'(?P<unit1>{_UNIT_ALT})')}(?=-|~|—|－|至|到)")
    + optional(rf"(?P<sep>-|~|—|－|至|到)(?P<num2>{_ARABIC})")
    + optional("(?P<approx1>多|余)")
    + optional(rf"(?P<mag>{_MAG_ALT})")
    + optional("(?P<approx2>多|余)")
    + rf"(?P<unit>{_UNIT_ALT})"
    + optional("(?P<post>左右|以上|以内|以下|上下|多|余)")
)
"""What may follow an Arabic numeral, written plainly. _TAIL_RE reads exactly what it reads (a test
holds them equal), with the optional parts that are absent read as "" rather than None and no sep."""

# The tail runs at every Arabic amount, so _TAIL_RE is TAIL_SPEC in a form with less trying and
# backtracking (13.3 -> 9.4 M instructions a round of national 2000-2025):
# - an optional part is an alternation whose last branch is empty and whose other branches open
#   with a character: the engine passes over a branch whose first character is not there without
#   entering it, where (?:(?P<x>…)|) opens with a group and is entered at every try;
# - the range's first %, which the rest of the tail must follow, is taken only when a character
#   that rest can start with comes next (5.2%， is not tried as 5.2%-…);
# - the range's first magnitude and unit are taken atomically: no shorter reading of them can be
#   followed by a separator, since no magnitude or measure word holds a separator and none of the
#   measure words starts with what continues a magnitude (亿 of 万亿, 万 of 十万): a test holds the
#   word lists to that.
_AFTER_PCT1 = "".join(sorted(set(_SEPARATORS + "多余") | {w[0] for w in MAGNITUDES} | {w[0] for w in UNITS}))
_SEP_CLASS = f"[{re.escape(_SEPARATORS)}]"
_TAIL_RE = lazy(
    rf"(?:%(?=[{re.escape(_AFTER_PCT1)}])(?P<pct1>)"
    rf"|(?>(?P<mag1>{_MAG_ALT})(?P<unit1>{word_pattern(UNITS, or_nothing=True)}))(?={_SEP_CLASS})|)"
    + rf"(?:{_SEP_CLASS}(?P<num2>{_ARABIC})|)"
    + "(?P<approx1>[多余]|)"
    + rf"(?P<mag>{word_pattern(MAGNITUDES, or_nothing=True)})"
    + "(?P<approx2>[多余]|)"
    + rf"(?P<unit>{_UNIT_ALT})"
    + "(?P<post>左右|以上|以内|以下|上下|多|余|)"
)
_TAIL_FIRST = frozenset("%-~—－至到多余" + "".join(MAGNITUDES) + "".join(UNITS))
_CN_TAIL_RE = lazy(optional("(?P<approx1>多|余)") + optional("(?P<mag>万亿|亿|万)") + optional("(?P<approx2>多|余)")
                   + rf"(?P<unit>{_UNIT_ALT})" + optional("(?P<post>左右|以上|以内|以下|上下|多|余)"))
_SHARE_TAIL_RE = lazy(optional("(?P<post>左右|以上|以内|以下|上下|多)"))

# Qualifiers written before the numeral, longest first; the comparator they imply.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("不低于", "at_least"), ("不少于", "at_least"), ("不超过", "at_most"), ("不高于", "at_most"),
    ("超过", "at_least"), ("突破", "at_least"), ("高于", "at_least"), ("多于", "at_least"), ("至少", "at_least"),
    ("迈上", "at_least"), ("跃上", "at_least"), ("站上", "at_least"), ("跨上", "at_least"), ("连续迈上", "at_least"),
    ("连续跨越", "at_least"), ("跨越", "at_least"), ("连跨", "at_least"),
    ("跨过", "at_least"), ("迈过", "at_least"),
    ("低于", "at_most"), ("少于", "at_most"), ("不到", "at_most"), ("不足", "at_most"),
    ("接近", "about"), ("将近", "about"), ("大约", "about"),
    ("约有", "about"), ("约为", "about"), ("约", "about"), ("近", "about"), ("超", "at_least"), ("逾", "at_least"),
)
# Words that end in 约 but do not mean "about" (节约10%, 制约, 签约).
_NOT_ABOUT = frozenset(("节约", "制约", "集约", "签约", "履约", "违约", "预约", "条约", "公约", "合约", "特约", "契约",
                        "简约", "婉约", "节约了"))
_POST_COMPARATOR = {"左右": "about", "上下": "about", "以上": "at_least", "多": "at_least", "余": "at_least",
                    "以内": "at_most", "以下": "at_most", "或更多": "at_least"}
_OR_MORE_RE = lazy("或" + optional("者") + "更多" + optional("一些|一点|些|点"))
"""增长10％或者更多一些 (national 1998): the figure or more, what 以上 says. Tried only where 或 follows
an amount, so the tail pattern that runs at every amount does not grow."""
# 至少 a few words before the figure still bounds it (将至少为国家节约二十亿元, 至少主持召开2次): an
# exact figure up to _FAR_REACH characters after a 至少 (find_quantities looks from each 至少).
_FAR_REACH = 6
_FAR_GAP_RE = lazy(rf"[^，。；：、,;:！？!?0-9{_CN}]{{1,{_FAR_REACH}}}")
"""What may stand between 至少 and the figure: words, no clause mark and no other numeral (至少有两个
县增长5%: the 至少 is about the counties)."""

# A numeral right after these is an ordinal, a rank or part of a name, never an amount.
_ORDINAL_BEFORE = frozenset("第前每")
_NOT_BEFORE = _ORDINAL_BEFORE | frozenset(string.ascii_letters + string.digits + "._/")
"""What an amount cannot follow: an ordinal's word, or a Latin letter, digit, dot, _ or / (a code, a
date, a version): one set test where the character's kind was asked for in three calls."""
_NOT_AFTER = ("不变",)  # 一成不变
_SESSION_AFTER = ("全会", "会议", "全体会议", "代表大会", "常委会", "党代会", "全委")
_SESSION_CHAIN = lazy(r"(?:、[零一二三四五六七八九十\d]{1,3}次)+")
"""The rest of 十次、十一次全会: sessions enumerated before the word that makes them sessions."""
_PLAN_INDICATORS = lazy(optional("主要|预期性|约束性|核心|关键") + "指标")
_RARE_NEXT = frozenset("不阶内方月级主预约核关指或")
"""First characters of the words after an amount that make it something else (不变, 台阶, 内, 方面…)."""
_AGE_GROUP = frozenset("老婴儿幼少青中人妇")
_MILESTONE_RE = lazy(r"(?P<mag>万亿|亿)(?:台阶|大关|关口)")
_PLAN_NAMES = ("十四五", "十三五", "十二五", "十一五", "十五五")


class Quantity(NamedTuple):
    """One amount read from the text. A NamedTuple rather than a frozen dataclass: it is just
    as immutable and typed, and it is built for every numeral of every report, where a frozen
    dataclass's field-by-field __init__ costs more than the reading itself."""

    value: float | None
    low: float | None
    high: float | None
    unit: str
    comparator: str  # about, at_least, at_most, range, exact
    start: int  # includes a prefix qualifier (约, 超过…)
    end: int  # includes a trailing qualifier (左右, 以上…)
    num_start: int
    prefix: str = ""


_new_quantity = cast("Callable[[tuple[Any, ...]], Quantity]", partial(tuple.__new__, Quantity))
"""Quantity((value, low, …, prefix)), every field given, built in C: a NamedTuple's constructor
is a Python function around tuple.__new__, and quantity_at makes one for every amount."""


def chinese_to_number(s: str) -> float | None:
    """三百 -> 300, 两千 -> 2000, 一万 -> 10000, 十四 -> 14, 两万亿 -> 2e12, 二〇二六 -> 2026."""
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return float(CN_DIGITS[s])
        if "〇" in s or "零" in s:  # 二〇二六: digits read one by one, as in years
            return float("".join(str(CN_DIGITS[ch]) for ch in s))
        return None  # 三五: not a number of this grammar
    yi = wan = section = 0
    digit: int | None = None
    seen = False
    last_small = 10_000
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit between them
            digit = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 else None
        elif ch in CN_SMALL:
            if CN_SMALL[ch] >= last_small and digit is None:
                return None  # 十十, 百十: units out of order
            section += (1 if digit is None else digit) * CN_SMALL[ch]
            last_small = CN_SMALL[ch]
            digit = None
        elif ch == "万":
            wan = section + (digit or 0)
            if wan == 0:
                return None
            section, digit, last_small = 0, None, 10_000
        else:  # 亿 scales everything read so far: 两万亿 = 2e12, 一亿五千万 = 1.5e8
            below = wan * 10_000 + section + (digit or 0)
            if below == 0:
                return None
            yi = yi + below * 100_000_000 if not seen else (yi + below) * 100_000_000
            wan = section = 0
            digit, last_small = None, 10_000
        seen = seen or ch == "亿"
    return float(yi + wan * 10_000 + section + (digit or 0))


def _cn_decimal(s: str) -> float | None:
    """十八点二 -> 18.2 (the 百分之 form writes decimals with 点)."""
    whole, _, frac = s.partition("点")
    value = chinese_to_number(whole) if whole else 0.0
    if value is None:
        return None
    if frac:
        if not all(ch in CN_DIGITS for ch in frac):
            return None
        value += float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return value


def _scale(num: float, magnitude: float) -> float:
    """33.8亿 is 3380000000, not the 3379999999.9999995 that binary floating point makes of it:
    twelve significant digits are more than any report writes."""
    v = num * magnitude
    return v if magnitude == 1 else float(f"{v:.12g}")


def _arabic(s: str) -> float:
    return float(s.replace(",", ""))


_EXPONENTS = {word: f"e{len(str(int(value))) - 1}" for word, value in MAGNITUDES.items()}


def _magnified(digits: str, word: str) -> float:
    """An Arabic figure (no thousands commas) times the magnitude `word`: 33.8 and 亿 -> 3380000000.0.

    The figure with the magnitude's exponent (33.8e8) is read by float() in one correctly rounded
    step, where _scale multiplies and then writes and reads a string (four times the instructions).
    Up to twelve digits the two agree: the product's one rounding is far below the twelfth digit,
    so _scale's string is the decimal written times the magnitude, which float() reads as here."""
    if len(digits) <= 12:
        return float(digits + _EXPONENTS[word])
    return _scale(float(digits), MAGNITUDES[word])


def _share(view: str, m: re.Match[str]) -> Quantity | None:
    """百分之二十八 -> 28 %, 四分之一 -> 25 %, 百分之八至九 -> 8-9 %."""
    start, end = m.span()
    raw = m.group()
    if raw.startswith("百分之"):
        value = _cn_decimal(raw[3:])
        if value is not None and view[end:end + 1] in _SHARE_SEPARATORS:
            ranged = _share_range(view, start, end, value)
            if ranged is not None:
                return ranged
    else:
        den_s, _, num_s = raw.partition("分之")
        den, num = chinese_to_number(den_s), chinese_to_number(num_s)
        value = None if not den or num is None or num > den else _scale(num / den, 100)
    if value is None:
        return None
    tail = _SHARE_TAIL_RE.match(view, end)
    post = tail.group("post") if tail else None
    q_end = tail.end() if tail else end
    if not post and view[q_end:q_end + 1] == "或":
        more = _OR_MORE_RE.match(view, q_end)
        if more:
            q_end, post = more.end(), "或更多"
    prefix, pre_cmp = _prefix(view, start)
    comparator = _POST_COMPARATOR.get(post or "") or pre_cmp or "exact"
    return Quantity(value, None, None, "%", comparator, start - len(prefix), q_end, start, prefix)


_SHARE_SEPARATORS = frozenset("至到")  # ("" is not in a frozenset, as it is in a string)
_SHARE_RANGE_RE = lazy(rf"[至到](?:百分之)?(?P<num2>[{_CN}点]+)(?![年月日号届次])")
"""The rest of 百分之八至九 or 百分之四至百分之五: the high end, 百分之 written again or not. Not
一九五七年 (百分之三十九点七到一九五七年上升为…): that is where a change got to, not a figure."""
_FROM_WORDS = lazy("[从由]")


def _share_range(view: str, start: int, end: int, low: float) -> Quantity | None:
    """百分之八至九, 百分之二到百分之三: a range of shares written in words, as 8%-9% is in digits.

    到 also says where a change goes (由百分之五到百分之八): after 从 or 由 a few characters
    before, it is read as two figures, as before."""
    m = _SHARE_RANGE_RE.match(view, end)
    if not m:
        return None
    high = _cn_decimal(m.group("num2"))
    if high is None or high <= low:
        return None
    if view[end] == "到" and _FROM_WORDS.search(view, max(0, start - 8), start):
        return None
    tail = _SHARE_TAIL_RE.match(view, m.end())
    prefix, _ = _prefix(view, start)
    return Quantity((low + high) / 2, low, high, "%", "range", start - len(prefix), tail.end() if tail else m.end(),
                    start, prefix)


_BARE_RE = lazy("(?P<mag>万亿|亿|万)" + optional("(?P<approx>多|余)") + optional("(?P<post>左右|以上)")
                + r"(?=[，。；、）,;)]|$)")


def _bare(view: str, start: int, end: int, raw: str) -> Quantity | None:
    """参与人次超630万。: an amount whose measure word the sentence's subject carries.

    The unit is left empty here; the extractor takes it from the subject (人次, 人口…) or
    drops the figure, so an amount never gets a unit nobody wrote.
    """
    m = _BARE_RE.match(view, end)
    if not m:
        return None
    prefix, pre_cmp = _prefix(view, start)
    post = m.group("post")
    comparator = _POST_COMPARATOR.get(post or "") or pre_cmp or ("at_least" if m.group("approx") else "exact")
    return Quantity(_scale(_arabic(raw), MAGNITUDES[m.group("mag")]), None, None, "", comparator, start - len(prefix),
                    m.end(), start, prefix)


_SLASH_RE = lazy(r"/(\d{1,3})(?![\d./])")


def _slash_share(view: str, start: int, end: int, raw: str) -> Quantity | None:
    """占全国1/4: a share written as a fraction, 25 %."""
    m = _SLASH_RE.match(view, end)
    if not m:
        return None
    num, den = int(raw), int(m.group(1))
    if not 0 < num < den:
        return None
    prefix, pre_cmp = _prefix(view, start)
    return Quantity(num / den * 100, None, None, "%", pre_cmp or "exact", start - len(prefix), m.end(), start, prefix)


_STEPS_RE = lazy(r"(?:万亿|亿)元?(?:、(?P<last>[0-9]+(?:\.[0-9]+|))(?P<mag>万亿|亿)元?){1,8}"
                 r"(?:[两三四五六七八九几]|[0-9])个(?:大|新|)台阶")
"""连续跨越7万亿、8万亿、9万亿三个大台阶, 连跨5万亿元、6万亿元两个台阶: the steps a level crossed, one after
the other; the last is where it got to. At most eight more steps, so that a long list of amounts is
not read to its end from each of them (linear time)."""


def _steps(view: str, start: int, m: re.Match[str]) -> Quantity:
    """The steps of _STEPS_RE read as one figure: at least the last step, in yuan, quoted from the first
    (so that what stands between the name and the figure is the verb of crossing, as with one step)."""
    prefix, _ = _prefix(view, start)
    value = _scale(_arabic(m.group("last")), MAGNITUDES[m.group("mag")])
    return _new_quantity((value, None, None, "元", "at_least", start - len(prefix), m.end(), start, prefix))


def _milestone(view: str, start: int, end: int, raw: str) -> Quantity | None:
    """迈上1200亿台阶, 突破2万亿大关: a level of yuan, the 元 left out before 台阶/大关."""
    m = _MILESTONE_RE.match(view, end)
    if not m:
        return _bare(view, start, end, raw)
    prefix, pre_cmp = _prefix(view, start)
    return Quantity(_scale(_arabic(raw), MAGNITUDES[m.group("mag")]), None, None, "元", pre_cmp or "exact",
                    start - len(prefix), m.end(), start, prefix)


_LIST_MARKS = frozenset("和、")
_NEXT_WORTH = _TAIL_FIRST | _LIST_MARKS | {"/"}
"""What may follow a numeral that _quantity reads (the rest is refused before the call)."""
_LISTED_RE = lazy(r"(?:[和、][0-9]+(?:\.[0-9]+|))+")
"""The other figures of 4.2和0.7个百分点, 20.9、36.2、54个百分点, up to the last one's measure word."""
_ITEM_START = frozenset("\n\r 　\t。；：！？")
"""What stands before a list item's number (。2、加快…): a line start or a sentence end."""


def _listed(view: str, start: int, end: int, raw: str) -> Quantity | None:
    """分别高4.2和0.7个百分点: a figure that shares the measure word of the figures listed after it.

    Only the measure word is shared, never a magnitude (2、3万元 may be 2万 or two-three 万), and
    a figure at the start of a line or sentence is a list item's number (2、300个项目), not an amount."""
    before = view[start - 1] if start else ""
    if not raw[0].isdigit() or before in _ITEM_START or before in _NOT_BEFORE:
        return None
    chain_end = _chain_end(view, end)
    if chain_end < 0:
        return None
    tail = _TAIL_RE.match(view, chain_end)
    if not tail:
        return None
    pct1, mag1_word, _, num2_s, approx1, mag_word, approx2, unit_word, _ = tail.groups()
    if pct1 is not None or mag1_word or num2_s or approx1 or approx2 or mag_word or unit_word == "成":
        return None
    prefix, pre_cmp = _prefix(view, start)
    return _new_quantity((_arabic(raw), None, None, UNITS[unit_word], pre_cmp or "exact", start - len(prefix), end,
                          start, prefix))


_last_chain: list[tuple[str, int, int]] = [("", 0, 0)]
"""The last list _chain_end read: its view, where it was read from and where it ends. A tuple in a list, so
that it is read and replaced whole."""


def _chain_end(view: str, end: int) -> int:
    """Where the list of figures after `end` ends (-1: none follows). Every figure of one list ends at
    the same place, so a list is read once, not once from each of its figures (which would make
    1、2、3、…、n个 quadratic)."""
    last_view, last_start, last_end = _last_chain[0]
    if last_view is view and last_start <= end < last_end:
        return last_end
    chain = _LISTED_RE.match(view, end)
    if not chain:
        return -1
    _last_chain[0] = (view, end, chain.end())
    return chain.end()


def _is_session(view: str, start: int, end: int) -> bool:
    """十一届十次全会, 十四届六次、七次、八次全会: numbered sessions of a congress or committee."""
    if start and view[start - 1] == "届":
        return True
    chain = _SESSION_CHAIN.match(view, end)
    return view.startswith(_SESSION_AFTER, chain.end() if chain else end)


def quantity_at(view: str, m: re.Match[str]) -> Quantity | None:
    """Read the quantity whose numeral `m` matched in the ASCII view, or None if it is not one."""
    start, end = m.span()
    return _quantity(view, m, start, end, m.group(), view[end:end + 1])


def _quantity(view: str, m: re.Match[str], start: int, end: int, raw: str, nxt: str) -> Quantity | None:
    """quantity_at with what find_quantities has read already: the numeral's span, its text and the
    character after it ("" at the end of the view)."""
    if "分之" in raw:
        return _share(view, m)
    if nxt == "/" and raw.isdigit():
        return _slash_share(view, start, end, raw)
    if nxt not in _TAIL_FIRST:
        if nxt in _LIST_MARKS:
            return _listed(view, start, end, raw)
        return None  # 2024年, 3月, 16号线: nothing that can follow an amount
    # The characters around the amount are read once each: indexing the view makes a new string.
    before = view[start - 1] if start else ""
    if before in _NOT_BEFORE:
        return None  # 第3, 每5, A4, v2.5, 1/2: an ordinal, a rank, part of a code or a fraction
    mag1 = None
    num: float | None
    arabic = raw[0].isdigit()
    # The groups are read in one call (a tuple), not by name one by one or through groupdict():
    # this runs for every amount of every report.
    if arabic:
        if nxt == "亿" or nxt == "万":
            steps = _STEPS_RE.match(view, end)
            if steps is not None:
                return _steps(view, start, steps)
        tail = _TAIL_RE.match(view, end)
        if not tail:
            return _milestone(view, start, end, raw)
        pct1, mag1_word, unit1, num2_s, approx1, mag_word, approx2, unit_word, post = tail.groups()
        digits = raw.replace(",", "")
        num = float(digits)
        num2 = _arabic(num2_s) if num2_s else None
        if pct1 is not None and (unit_word != "%" or num2 is None):
            return None
        if mag1_word:
            if num2 is None or (unit1 and unit1 != unit_word):
                return None
            mag1 = MAGNITUDES[mag1_word]
        mag = MAGNITUDES[mag_word] if mag_word else 1.0
    else:
        if raw in _PLAN_NAMES or not _chinese_plausible(view, start, raw):
            return None
        tail = _CN_TAIL_RE.match(view, end)
        if not tail:
            return None
        num = chinese_to_number(raw)
        if num is None:
            return None
        num2 = None
        approx1, mag_word, approx2, unit_word, post = tail.groups()
        mag = MAGNITUDES[mag_word] if mag_word else 1.0
        if mag == 1e4 and "亿" in raw:
            # 一亿一千四百多万吨: the trailing 万 scales only what follows the 亿.
            cut = raw.rindex("亿") + 1
            below = chinese_to_number(raw[cut:]) if raw[cut:] else 0.0
            if below is None:
                return None
            num, mag = (chinese_to_number(raw[:cut]) or 0.0) + below * 1e4, 1.0
    unit = UNITS[unit_word]
    if unit_word == "成":
        mag, unit = 10.0, "%"
    q_end = tail.end()
    after = view[q_end:q_end + 1]
    if after in _RARE_NEXT:  # the words checked below all start with one of these
        if view.startswith(_NOT_AFTER, q_end):
            return None  # 一成不变
        if unit_word == "台" and after == "阶":
            return _milestone(view, start, end, raw) if arabic else None  # 台阶 is a step, not machines
        if not post and after == "内" and unit_word not in ("%", "倍", "成"):
            return None  # 50米内换乘, 3年内: a distance or a time limit, not an amount
        if unit_word == "个" and view.startswith(("方面", "月"), q_end):
            return None  # 重点做好十一个方面工作, 连续13个月: how the speech is organized, a duration
        if unit_word in ("个", "项") and _PLAN_INDICATORS.match(view, q_end):
            return None  # 28个主要指标, 等16个预期性指标: how many indicators a plan has, not a commitment
        if after == "级" and not post:
            return None  # 30万千瓦级机组, 20万吨级泊位: a size class, not an amount
        if after == "或" and not post:
            more = _OR_MORE_RE.match(view, q_end)
            if more:
                q_end, post = more.end(), "或更多"
    if unit_word == "次" and _is_session(view, start, q_end):
        return None  # 十届六中全会, 市委七届十次会议: a session's number, not a count
    if before in _OPEN_QUOTES and after in "”」":  # (the end of the text, "", counts as a closing quote)
        return None  # 出台“二十条”: the whole of a quoted name
    if unit_word == "岁" and post in ("以上", "以下") and after in _AGE_GROUP:
        return None  # 60岁以上老年人, 3岁以下婴幼儿: who is meant, not an amount
    prefix, pre_cmp = _prefix(view, start) if before in _PREFIX_LAST else ("", None)
    if num2 is not None:
        low, high = _scale(num, mag1 or mag), _scale(num2, mag)
        if high < low:
            return None
        return Quantity((low + high) / 2, low, high, unit, "range", start - len(prefix), q_end, start, prefix)
    if post in _POST_COMPARATOR:
        comparator = _POST_COMPARATOR[post]
    elif pre_cmp:
        comparator = pre_cmp
    elif approx1 or approx2:
        comparator = "at_least"
    else:
        comparator = "exact"
    if mag == 1:
        value = num
    elif arabic and mag_word and unit_word != "成":
        value = _magnified(digits, mag_word)
    else:
        value = _scale(num, mag)
    return _new_quantity((value, None, None, unit, comparator, start - len(prefix), q_end, start, prefix))


_OPEN_QUOTES = frozenset("“「")

_PREFIX_CMP = dict(PREFIXES)
_PREFIX_LENGTHS = sorted({len(w) for w, _ in PREFIXES}, reverse=True)


_PREFIX_LAST = frozenset(w[-1] for w, _ in PREFIXES)


def _prefix(view: str, start: int) -> tuple[str, str | None]:
    if not start or view[start - 1] not in _PREFIX_LAST:
        return "", None  # no qualifier ends right before the numeral (the common case)
    for n in _PREFIX_LENGTHS:
        if start >= n:
            word = view[start - n:start]
            cmp = _PREFIX_CMP.get(word)
            if cmp:
                if word[0] == "约" and view[max(0, start - n - 1):start - n + 1] in _NOT_ABOUT:
                    return "", None  # 节约10%, 签约为…: not "about"
                return word, cmp
    return "", None


def _far_at_least(view: str, found: list[Quantity], start: int, end: int) -> None:
    """Exact figures a few words after 至少 are lower bounds (将至少为国家节约二十亿元), in place.

    Looked for from each 至少 of the text, not from each figure: few texts hold one. The loop finds
    至 alone (a few dozen a report) and asks for 少 after it: a one-character find runs at memchr
    speed, where a find of the two characters cost 40 times as much (1.3 ms a round of national
    2000-2025, 3 % of find_quantities). The figure's span stays the figure: the words between
    belong to the sentence, not to it."""
    starts: list[int] | None = None
    at = view.find("至", start, end)
    while at != -1:
        if view.startswith("少", at + 1):
            if starts is None:
                starts = [q.start for q in found]
            k = bisect_right(starts, at + 2)  # the first figure after 至少 that does not start right at it
            if k < len(found):
                q = found[k]
                if (q.comparator == "exact" and q.start - at - 2 <= _FAR_REACH
                        and _FAR_GAP_RE.fullmatch(view, at + 2, q.start)):
                    found[k] = q._replace(comparator="at_least")
        at = view.find("至", at + 1, end)


_INDEX_RE = lazy(r"(?:为|控制在|在|)(?P<num>[0-9]{2,3}(?:\.[0-9]+|))(?![0-9.%" + re.escape(_SEPARATORS) + "])"
                 r"(?P<post>左右|以内|以下|)")
"""What follows 价格指数 when the index itself is the figure: 居民消费价格指数103左右, 指数为103左右.
Not the start of a range of indices (101-103), which would be read as its first end alone."""
_INDEX_RANGE = (90.0, 110.0)
"""A price index against the year before (= 100) that a report sets or reports: a base further back
(以1978年为100) gives larger ones, which are no yearly change."""


def _price_indices(view: str, out: list[Quantity], start: int, end: int) -> None:
    """居民消费价格指数103左右 (shanghai 2003-2006): a price index with the year before as 100 is a
    change of 3 %, in place. The index carries no measure word, so only 价格指数 says that it is one
    (上证指数3000 or 综合指数156.8 are not prices); the figure keeps its text as written (103左右).

    Looked for as 至少 is (_far_at_least): a find of 指 alone, a dozen a report, where a find of the
    two characters 指数 cost forty times as much."""
    at = view.find("指", start + 2, end)
    while at != -1:
        if view.startswith("价格指数", at - 2):
            m = _INDEX_RE.match(view, at + 2, end)
            if m is not None:
                _add_index(out, m)
        at = view.find("指", at + 1, end)


def _add_index(out: list[Quantity], m: re.Match[str]) -> None:
    """The index `m` read as a change in percent, unless the scan read the numeral as an amount of its
    own (a measure word after it: then it is no index)."""
    num_start, q_end = m.start("num"), m.end()
    index = float(m.group("num"))
    if not _INDEX_RANGE[0] <= index <= _INDEX_RANGE[1]:
        return
    k = bisect_right([q.start for q in out], num_start)
    if (k and out[k - 1].end > num_start) or (k < len(out) and out[k].start < q_end):
        return
    comparator = _POST_COMPARATOR.get(m.group("post"), "exact")
    out.insert(k, _new_quantity((float(f"{index - 100:.12g}"), None, None, "%", comparator, num_start, q_end,
                                 num_start, "")))


def _chinese_plausible(view: str, start: int, raw: str) -> bool:
    """Chinese numerals count as amounts only when they cannot be idiom or name parts.

    一批, 两个示范区, 三校一院, 一圈一策 use single digits as words; 三百, 一万余, 近七成,
    近三倍 are amounts. So a lone digit needs a qualifier before it or 成/倍 after it.
    """
    if not any(ch in CN_DIGITS for ch in raw):
        return raw[0] == "十"  # 十件, 十万 are amounts; 千家万户 and 万人 (每万人) are not
    if any(ch in "十百千万亿" for ch in raw):
        return True
    return len(raw) == 1  # the pattern only lets lone digits through before 成, 倍, 个百分点


def find_quantities(view: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """All quantities in view[start:end], in order, none overlapping."""
    out: list[Quantity] = []
    last_end = -1
    worth = _NEXT_WORTH
    end = len(view) if end is None else end
    for m in NUMERAL_RE.finditer(view, start, end):
        m_start, m_end = m.span()
        if m_start < last_end:
            continue
        nxt = view[m_end:m_end + 1]
        raw = m.group()
        if nxt not in worth and "分之" not in raw:
            continue  # 2024年, 3月: what quantity_at would refuse first, refused without the call
        q = _quantity(view, m, m_start, m_end, raw, nxt)
        if q is not None:
            out.append(q)
            last_end = q.end
    _far_at_least(view, out, start, end)
    _price_indices(view, out, start, end)
    return out


def parse_quantity(phrase: str) -> Quantity | None:
    """The first quantity in a short phrase (for tests and for users typing figures)."""
    from targetwatch.diffing.textview import ascii_view

    found = find_quantities(ascii_view(phrase))
    return found[0] if found else None
