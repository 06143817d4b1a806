"""Which fact of one report is the same figure as which fact of another.

Catalog indicators carry the same id every year, so they pair by id alone. Task commitments
(`task:` ids) are phrases normalised by the parser, and reports reword them from year to year
(新开工改造城镇老旧小区 / 城镇老旧小区改造): an exact id match is tried first, then a fuzzy match
on the wording that says how confident it is, so that a reader can tell a sure pairing from a
guess. Whatever stays unpaired is returned, never dropped: a commitment that silently
disappears from a comparison is exactly what an analyst needs to see.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
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


def pair_facts(old: Sequence[Fact], new: Sequence[Fact], *, threshold: float = SIMILARITY_THRESHOLD) -> Pairing:
    """Pair facts of two reports: by id, then tasks left over by wording (same measure only).

    Each fact is used at most once. Similar pairs are chosen best score first, so a phrase is
    not taken by a weaker candidate before its better partner is considered.
    """
    pairs: list[tuple[Fact, Fact, Match]] = []
    used_new: set[int] = set()
    left: list[Fact] = []
    by_id: dict[str, list[int]] = {}
    for j, f in enumerate(new):
        by_id.setdefault(f.indicator, []).append(j)
    for f in old:
        free = [j for j in by_id.get(f.indicator, ()) if j not in used_new]
        if free:
            used_new.add(free[0])
            pairs.append((f, new[free[0]], Match("exact", 1.0, f.indicator, f.indicator)))
        else:
            left.append(f)

    candidates: list[tuple[float, int, int]] = []
    by_measure: dict[str | None, list[tuple[int, tuple[_Wording | None, _Wording | None]]]] = {}
    for j, b in enumerate(new):
        if j not in used_new and b.is_task:
            by_measure.setdefault(_measure(b.unit), []).append((j, _wordings(b)))
    for i, a in enumerate(left):
        if not a.is_task:
            continue
        words = _wordings(a)
        for j, other in by_measure.get(_measure(a.unit), ()):
            score = _best(words, other)
            if score >= threshold:
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
