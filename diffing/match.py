"""Which fact of one report is the same figure as which fact of another.

Catalog indicators carry the same id every year, so they pair by id alone. Task commitments
(`task:` ids) are phrases normalised by the parser, and reports reword them from year to year
(新开工改造城镇老旧小区 / 城镇老旧小区改造): an exact id match is tried first, then a fuzzy match
on the wording that says how confident it is, so that a reader can tell a sure pairing from a
guess. Whatever stays unpaired is returned, never dropped: a commitment that silently
disappears from a comparison is exactly what an analyst needs to see.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from targetwatch.diffing.model import Fact

SIMILARITY_THRESHOLD = 0.5
"""Lowest bigram similarity accepted for a reworded task.

At 0.5 a phrase and its reordering (改造城镇老旧小区 / 城镇老旧小区改造, 0.86) or a phrase with a
qualifier added (新建高标准农田 / 建设高标准农田, 0.67) still pair, while two commitments that
share only a common word (新增中小学学位 / 新增城镇就业, 0.18) do not."""

# Units that measure the same quantity, as factors to one reference unit. Reports switched
# from 吨 to 斤 for grain around 2016; a target in one and an outcome in the other must compare.
_FACTORS: dict[str, tuple[str, float]] = {
    "斤": ("斤", 1.0),
    "公斤": ("斤", 2.0),
    "千克": ("斤", 2.0),
    "吨": ("斤", 2000.0),
    "米": ("米", 1.0),
    "公里": ("米", 1000.0),
    "千米": ("米", 1000.0),
    "亩": ("亩", 1.0),
    "公顷": ("亩", 15.0),
}


def convert(value: float, unit: str | None, to: str | None) -> float | None:
    """`value` in `unit` expressed in `to`, or None when the two do not measure the same thing."""
    if unit == to:
        return value
    a, b = _FACTORS.get(unit or ""), _FACTORS.get(to or "")
    if a is None or b is None or a[0] != b[0]:
        return None
    return value * a[1] / b[1]


def _measure(unit: str | None) -> str | None:
    """The reference unit of a unit's family (吨 -> 斤): equal measures can be compared."""
    factor = _FACTORS.get(unit or "")
    return factor[0] if factor else unit


def same_measure(a: str | None, b: str | None) -> bool:
    """Two units can be compared (equal, or convertible like 吨 and 斤)."""
    return _measure(a) == _measure(b)


@dataclass(frozen=True, slots=True)
class Match:
    """How two facts were paired: `exact` (same id) or `similar` (wording), with a score in [0, 1]."""

    method: Literal["exact", "similar"]
    score: float
    old: str
    new: str

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"method": self.method, "score": self.score}
        if self.old != self.new:
            out["old"] = self.old
            out["new"] = self.new
        return out


@dataclass(frozen=True, slots=True)
class Pairing:
    pairs: tuple[tuple[Fact, Fact, Match], ...]
    only_old: tuple[Fact, ...]
    only_new: tuple[Fact, ...]


_NOT_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")

# Words that say who pays or when, not what is built: without them 中央财政安排科技投入 and
# 中央财政安排国债资金 are no longer near-identical. Longest first, so 比上年 goes before 上年.
_FILLER = re.compile("|".join(sorted((
    "今年", "全年", "年内", "明年", "去年", "比上年", "上年", "中央财政", "中央预算内", "中央本级", "地方财政",
    "拟", "将", "要", "再", "继续", "安排", "其中", "预计", "力争", "完成", "实现", "达到", "分别", "累计",
), key=len, reverse=True)))
_UP = re.compile(r"增加|增长|提高|扩大|上升|超收")
_DOWN = re.compile(r"减少|下降|降低|压减|缩减|削减|减收")


def content(phrase: str) -> str:
    """What a task phrase is about: letters only, with the filler words taken out."""
    return _FILLER.sub("", _NOT_WORDS.sub("", phrase))


def _bigrams(s: str) -> frozenset[str]:
    if len(s) < 2:
        return frozenset({s} if s else ())
    return frozenset(s[i:i + 2] for i in range(len(s) - 1))


def _dice(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams, the usual measure for short Chinese phrases.

    Chinese has no spaces to split words on; bigrams approximate two-character words, and
    Dice is kind to phrases of different length (one report adds 新建, the next 改造).
    """
    return _dice(_bigrams(_NOT_WORDS.sub("", a)), _bigrams(_NOT_WORDS.sub("", b)))


@dataclass(frozen=True, slots=True)
class _Wording:
    """One phrase of a task prepared for comparison: its content bigrams and which way it points."""

    bigrams: frozenset[str]
    up: bool
    down: bool

    def opposed(self, other: "_Wording") -> bool:
        """One says up and the other down (比上年增加 / 比上年减少): never the same figure."""
        return (self.up and other.down and not other.up) or (self.down and other.up and not other.down)


@lru_cache(maxsize=16384)
def _wording(phrase: str) -> _Wording | None:
    """None for a phrase of fewer than three content characters (比上年增加, 中央财政安排): too
    little to pair on."""
    core = content(phrase)
    if len(core) < 3:
        return None
    return _Wording(_bigrams(core), bool(_UP.search(phrase)), bool(_DOWN.search(phrase)))


def _wordings(fact: Fact) -> tuple[_Wording | None, _Wording | None]:
    return _wording(_NOT_WORDS.sub("", fact.indicator.removeprefix("task:"))), _wording(fact.label or "")


def fact_similarity(a: Fact, b: Fact) -> float:
    """Best of the id phrases and the labels, compared on their content words.

    The parser may normalise one better than the other. Phrases too short to say what they
    are about, and phrases pointing opposite ways (增加 / 减少), never pair, whatever their score.
    """
    return _best(_wordings(a), _wordings(b))


def _best(xs: tuple[_Wording | None, _Wording | None], ys: tuple[_Wording | None, _Wording | None]) -> float:
    best = 0.0
    for x, y in zip(xs, ys):
        if x is not None and y is not None and not x.opposed(y):
            best = max(best, _dice(x.bigrams, y.bigrams))
    return best


# --- what a task figure counts ---------------------------------------------------------------
#
# Two task figures with similar words may still count different things, and a verdict read from
# such a pair is wrong however close the words are: 建好19个…载体 (the carriers there are) is not
# 获批建设3个…项目 (projects approved in the year), 面积稳定在1亿亩以上 is not 新增…面积536万亩, 推进200个
# 投资超亿元的…项目 is not 引进投资超10亿元重大项目14个, 产业投资占比 is not 民间投资占比. `Subject` reads
# from a figure's own words what it counts, and `different_subjects` says when two cannot be the
# same figure. It only ever refuses a pair: a target left without an outcome is "not reported",
# which a reader can check, while a wrong pair is a wrong "missed" or "met".

_ADDED = re.compile(
    r"新增|净增|增加(?![值到至])|开工|获批|批复|引进|招引"
    r"|新(?:建|设|培育|认定|创建|落地|签约|注册|登记|入选|纳入|开通|组建|上市|招聘|吸纳|命名|认证|挂牌|投产)")
"""Words of a figure that counts what the year added: new, started, approved, brought in."""

_STANDING = re.compile(
    r"达到|(?<![发表通直送抵])达(?=[约近超逾]?[0-9０-９一两二三四五六七八九十百千])|稳定在|保持在|维持在|稳定$"
    r"|(?:提高|增加|提升|增长|扩大|上升)[到至]|增至"
    r"|总数|总量|总长|总里程|数量|累计|拥有|保有|存量|现有|在建|续建|推进|[建管办用]好|^生产|产量|产出|发电量")
"""Words of a figure that counts what there is, what is under way or what is produced: a level
(达到, 稳定在, 增加到, 总数, 累计, 拥有量), the projects carried on (推进, 续建), an output (生产原油, 产量).
Such a figure includes what was there before the year, so it is never the year's additions."""

_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[一两二三四五六七八九十]"
_MAG = r"万亿|千亿|百亿|千万|百万|亿|万"
_SIZE = re.compile(
    rf"(?:超过?|逾)(?P<n1>{_NUM})?(?P<m1>{_MAG})元"
    rf"|(?P<n2>{_NUM})?(?P<m2>{_MAG})元及?以上"
    rf"|(?P<n3>{_NUM})?(?P<m3>{_MAG})元?级")
"""A size class of the things counted: 投资超亿元的项目, 10亿元以上项目, 百亿级产业集群."""
_MAGNITUDE = {"万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}
_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SMALL = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_VERBS = re.compile("|".join("增加(?!值)" if w == "增加" else w for w in sorted((
    # what is done to the thing counted, not which thing: 建设高标准农田 and 新建高标准农田 count one thing
    "新增", "净增", "新建", "新设", "新开工", "开工", "新培育", "培育", "新认定", "认定", "新引进", "引进",
    "招引", "获批", "批复", "建设", "建成", "建好", "改造", "改建", "扩建", "续建", "实施", "推进", "推动",
    "开展", "完成", "打造", "创建", "争创", "提升", "支持", "组织", "举办", "提供", "设立", "布局", "扶持", "组建",
    "投入", "发放", "帮扶", "培训", "解决", "治理", "整治", "营造", "扩招", "招聘", "吸引", "接待", "带动", "加快",
    "确保", "统筹", "加力", "深入", "持续", "大力", "积极", "全面", "努力", "达到", "突破", "超过", "稳定", "保持",
    "控制", "淘汰", "新启动", "启动", "铺设", "强化", "扎实", "推广", "种植", "执行", "严格", "贯彻", "落实",
    "建立", "推出", "出台", "制定", "引入", "新引入", "培养", "落地", "签约",
    # which way and how far it moved (增加值, value added, is a name: see below)
    "增加", "增长", "增速", "增幅", "提高", "上升", "下降", "降低", "减少", "压减", "同比", "分别",
    "提高到", "提升至", "增加到", "降至", "降到", "下降到",
), key=len, reverse=True)))
"""Verbs, and words of change, taken out of a label to leave the name of what is counted."""
_JOINERS = re.compile("[和及与的或并等]")
_RD = re.compile(r"研究与试验发展|研究与开发|研究与发展|研究开发|(?<![A-Za-z])R\s*[&＆]?\s*D(?![A-Za-z])", re.IGNORECASE)
"""The statistical name of R&D spending, written four ways: one name (研发) for comparing names."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What a task figure counts, as far as its words tell.

    `kind`: `added` (新增, 新开工, 获批, 引进…: the year's additions), `standing` (达到, 稳定在,
    总数, 推进, 生产…: a level, the work under way, an output) or None when the words do not say.
    `sizes`: size classes of the things counted (1e8 for 投资超亿元的项目). `name`: the label
    without verbs and joining words, what is counted (农业产业融合发展载体).
    """

    kind: Literal["added", "standing"] | None
    sizes: frozenset[float]
    name: str


def _amount(number: str | None, magnitude: str) -> float:
    if not number:
        return _MAGNITUDE[magnitude]
    number = number.translate(_DIGITS)
    return float(_SMALL[number] if number in _SMALL else number) * _MAGNITUDE[magnitude]


def _sizes(fact: Fact) -> frozenset[float]:
    """The size classes in the fact's sentence, except its own figure (总投资1.78万亿元 is the figure)."""
    own = [v for v in (fact.value, fact.low, fact.high) if v is not None] if fact.unit == "元" else []
    out = set()
    for m in _SIZE.finditer(fact.text):
        amount = _amount(m["n1"] or m["n2"] or m["n3"], m["m1"] or m["m2"] or m["m3"])
        if not any(math.isclose(amount, v, rel_tol=1e-6) for v in own):
            out.add(amount)
    return frozenset(out)


def _kind(fact: Fact) -> Literal["added", "standing"] | None:
    if _ADDED.search(fact.label) or _ADDED.search(fact.text):
        return "added"  # 新增…达到N: what was added came to N, an addition still
    if _STANDING.search(fact.label) or _STANDING.search(fact.text):
        return "standing"
    return None


def _bare(label: str) -> bool:
    """A label that is a name only (天然气, 单项冠军企业), without a verb or filler word of its own."""
    words = _NOT_WORDS.sub("", label)
    return bool(words) and content(words) == words and not _VERBS.search(words)


def subjects(facts: Sequence[Fact]) -> dict[int, Subject]:
    """The Subject of every task fact in one report's `facts`, by position in `facts`.

    A bare name in a list takes the kind of the item before it, which carries the list's verb:
    in 勘探新增石油地质储量3000万吨、天然气200亿立方米 the gas is new reserves too, in 生产原油239万吨、
    天然气56.5亿立方米 it is output, in 新增百亿企业10家、…、单项冠军企业40家以上 new champions. List items
    are task facts one separator apart; a name with a verb of its own speaks for itself.
    """
    out: dict[int, Subject] = {}
    order = sorted((i for i, f in enumerate(facts) if f.is_task), key=lambda i: facts[i].span)
    before: Fact | None = None
    kind: Literal["added", "standing"] | None = None
    for i in order:
        f = facts[i]
        label = f.label or f.indicator.removeprefix("task:")
        own = _kind(f)
        if own is None and before is not None and f.span[0] - before.span[1] == 1 and _bare(label):
            own = kind
        kind, before = own, f
        out[i] = Subject(own, _sizes(f), _JOINERS.sub("", _VERBS.sub("", content(_RD.sub("研发", label)))))
    return out


def _own_words(x: str, y: str) -> tuple[bool, bool]:
    """Whether `x`, and whether `y`, has two or more characters in a row that the other lacks.

    Runs are read off an alignment of the two; a run found elsewhere in the other name is moved,
    not missing (省重大科技创新项目 / 省科技重大创新项目).
    """
    mine = theirs = False
    for op, i1, i2, j1, j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op in ("delete", "replace") and i2 - i1 >= 2 and x[i1:i2] not in y:
            mine = True
        if op in ("insert", "replace") and j2 - j1 >= 2 and y[j1:j2] not in x:
            theirs = True
    return mine, theirs


def different_subjects(a: Subject, b: Subject) -> str | None:
    """Why two task figures cannot be the same figure (`kind`, `size`, `name`), or None.

    - `kind`: an addition against a level, work under way or an output (新增…面积536万亩 /
      面积稳定在1亿亩以上, 获批建设3个项目 / 建好19个载体);
    - `size`: things of another size class, or of a size class against all of them (投资超亿元的
      项目 / 投资超10亿元的项目);
    - `name`: the same head with different words before it, each name having two or more
      characters the other lacks (产业|投资占比 / 民间|投资占比, 制造业技改|投资 / 高技术制造业|投资).
      A name merely narrower than the other (增加值 / 规模以上工业增加值, 规上 / 规模以上) is the usual
      rewording, and names with different heads (容量 / 规模) are left to the similarity.
    """
    if a.kind and b.kind and a.kind != b.kind:
        return "kind"
    if a.sizes != b.sizes:
        return "size"
    x, y = a.name, b.name
    head = 0
    while head < min(len(x), len(y)) and x[-1 - head] == y[-1 - head]:
        head += 1
    if head >= 2 and all(_own_words(x[:-head], y[:-head])):
        return "name"
    return None


def pair_facts(old: Sequence[Fact], new: Sequence[Fact], *, threshold: float = SIMILARITY_THRESHOLD) -> Pairing:
    """Pair facts of two reports: by id, then tasks left over by wording (same measure only).

    Each fact is used at most once. Similar pairs are chosen best score first, so a phrase is
    not taken by a weaker candidate before its better partner is considered. Two tasks whose
    words say they count different things (`different_subjects`) never pair, not even by id.
    """
    pairs: list[tuple[Fact, Fact, Match]] = []
    used_new: set[int] = set()
    left: list[Fact] = []
    left_subject: list[Subject | None] = []
    old_subjects, new_subjects = subjects(old), subjects(new)
    by_id: dict[str, list[int]] = {}
    for j, f in enumerate(new):
        by_id.setdefault(f.indicator, []).append(j)
    for i, f in enumerate(old):
        mine = old_subjects.get(i)
        free = [j for j in by_id.get(f.indicator, ()) if j not in used_new and (
            mine is None or different_subjects(mine, new_subjects[j]) is None)]
        if free:
            used_new.add(free[0])
            pairs.append((f, new[free[0]], Match("exact", 1.0, f.indicator, f.indicator)))
        else:
            left.append(f)
            left_subject.append(mine)

    candidates: list[tuple[float, int, int]] = []
    by_measure: dict[str | None, list[tuple[int, tuple[_Wording | None, _Wording | None]]]] = {}
    for j, b in enumerate(new):
        if j not in used_new and b.is_task:
            by_measure.setdefault(_measure(b.unit), []).append((j, _wordings(b)))
    for i, a in enumerate(left):
        if not a.is_task:
            continue
        words, mine = _wordings(a), left_subject[i]
        for j, other in by_measure.get(_measure(a.unit), ()):
            score = _best(words, other)
            if score >= threshold and (mine is None or different_subjects(mine, new_subjects[j]) is None):
                candidates.append((-score, i, j))
    candidates.sort()
    taken_old: set[int] = set()
    for neg, i, j in candidates:
        if i in taken_old or j in used_new:
            continue
        taken_old.add(i)
        used_new.add(j)
        a, b = left[i], new[j]
        pairs.append((a, b, Match("similar", round(-neg, 2), a.indicator, b.indicator)))

    only_old = tuple(f for i, f in enumerate(left) if i not in taken_old)
    only_new = tuple(f for j, f in enumerate(new) if j not in used_new)
    return Pairing(tuple(pairs), only_old, only_new)
