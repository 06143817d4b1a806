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
from typing import Literal

from diffing.model import Fact

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


def same_measure(a: str | None, b: str | None) -> bool:
    """Two units can be compared (equal, or convertible like 吨 and 斤)."""
    return convert(1.0, a, b) is not None


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


def _phrase(fact: Fact) -> str:
    return _NOT_WORDS.sub("", fact.indicator.removeprefix("task:"))


def content(phrase: str) -> str:
    """What a task phrase is about: letters only, with the filler words taken out."""
    return _FILLER.sub("", _NOT_WORDS.sub("", phrase))


def _opposed(a: str, b: str) -> bool:
    """One phrase says up and the other down (比上年增加 / 比上年减少): never the same figure."""
    return bool((_UP.search(a) and _DOWN.search(b) and not _UP.search(b))
                or (_DOWN.search(a) and _UP.search(b) and not _DOWN.search(b)))


def _bigrams(s: str) -> set[str]:
    if len(s) < 2:
        return {s} if s else set()
    return {s[i:i + 2] for i in range(len(s) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams, the usual measure for short Chinese phrases.

    Chinese has no spaces to split words on; bigrams approximate two-character words, and
    Dice is kind to phrases of different length (one report adds 新建, the next 改造).
    """
    x, y = _bigrams(_NOT_WORDS.sub("", a)), _bigrams(_NOT_WORDS.sub("", b))
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def fact_similarity(a: Fact, b: Fact) -> float:
    """Best of the id phrases and the labels, compared on their content words.

    The parser may normalise one better than the other. Phrases reduced to fewer than three
    content characters (比上年增加, 中央财政安排) say too little to pair on, and phrases
    pointing opposite ways (增加 / 减少) are never paired, whatever their score.
    """
    best = 0.0
    for x, y in ((_phrase(a), _phrase(b)), (a.label, b.label)):
        if not x or not y or _opposed(x, y):
            continue
        cx, cy = content(x), content(y)
        if len(cx) < 3 or len(cy) < 3:
            continue
        best = max(best, similarity(cx, cy))
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
    for i, a in enumerate(left):
        if not a.is_task:
            continue
        for j, b in enumerate(new):
            if j in used_new or not b.is_task or not same_measure(a.unit, b.unit):
                continue
            score = fact_similarity(a, b)
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
