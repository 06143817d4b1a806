"""What stands between a name and its figure, read for its meaning.

Between 国内生产总值 and 5.2% may stand connecting words (比上年增长), a year that dates the
figure (2024年达到), a base year that makes it a multi-year change (比2002年增长), a starting
level that does not count (从2020年的3.68万亿元增长到), how long a level has held (连续9年稳定在),
or the condition a figure is set or read on (在明显提高质量和效益的基础上年均增长7%, 扣除价格因素增长11.6%).
"""
from __future__ import annotations

from targetwatch.diffing.lazyre import lazy

YEAR_IN_GAP = lazy(r"([比较])?((?:19|20)\d{2})年(?:末|底)?(?:相比|的)?")
TO_YEAR = lazy(r"([到至])(?:19|20)\d{2}年(?:末|底)?的?$")
_EVERY_YEAR = lazy(r"连续[\d一二三四五六七八九十]{1,3}年|每年|(?<![\d])[\d一二三四五六七八九十]{1,2}年(?=增长|累计|提高|下降)")
"""粮食产量连续9年稳定在1300亿斤以上, 城镇新增就业每年超过90万人: how long, not what."""
_EVERY_YEAR_WORDS = ("连续", "每年", "年增长", "年累计", "年提高", "年下降")
"""What every _EVERY_YEAR phrase holds (tests/diffing/test_pattern_rewrites.py holds the list to it):
a gap with none of them is not searched (the pattern opens with a class, tried at every place)."""
FROM_PHRASE = lazy(r"[从由][^，。；、]{0,24}?(?=(?:的?水平)?(?:提高|提升|增加|增长|扩大|上升|下降|降低|减少|缩小|跃升|"
                         r"攀升)(?:到|至)|增至|降至|降到|升至)")

ASIDE_PHRASE = lazy(r"在(?![^，。；、,;]{0,22}?(?:19|20)\d{2}年)[^，。；、,;]{1,24}?的(?:基础上|情况下|背景下)"
                    r"|[扣剔]除[^，。；、,;\d]{1,8}?因素后?")
"""在明显提高质量和效益的基础上, 在更大规模减税降费的情况下, 扣除价格因素, 剔除虚增空转因素后: on what the
figure rests or how it is measured, not what it is about. A figure may stand inside (在对美贸易下降超3成的
情况下增长12%, 在上年增长13%的基础上增长10%): it is read on its own, and the figure after the aside is the
name's. Not 在2020年的基础上 (a base year, which YEAR_IN_GAP reads). 扣除房地产开发投资后 (no 因素)
leaves a part of the whole, which stays a task."""


def read_gap(gap: str) -> tuple[str, int | None, int | None]:
    """Connecting words with years taken out: (words, the year stated, the base year compared with).

    2024年达到1.3万亿元 states the year of the figure; 比2002年增长65.5% states a base year, which
    makes the growth a multi-year one.
    """
    stated = base = None
    if "的" in gap or "因素" in gap:  # every ASIDE_PHRASE holds one of them; most gaps neither
        gap = ASIDE_PHRASE.sub("", gap)
    if "从" in gap or "由" in gap:
        # 从不到70万亿元增加到: only where it got to counts; 从2020年的3.68万亿元增长到: a base year.
        # The phrases are taken out as they are read (what FROM_PHRASE.sub would do, in the same scan).
        kept, last = [], 0
        for m in FROM_PHRASE.finditer(gap):
            phrase = m.group()
            if may_hold_year(phrase):
                for _, y in YEAR_IN_GAP.findall(phrase):
                    base = int(y)
            kept.append(gap[last:m.start()])
            last = m.end()
        if kept:
            kept.append(gap[last:])
            gap = "".join(kept)
    if "年" not in gap:
        return gap, None, base
    if _holds_any(gap, _EVERY_YEAR_WORDS):
        gap = _EVERY_YEAR.sub("", gap)
    if not may_hold_year(gap):
        return gap, None, base  # 全年, 年均, 五年: no year to read (most gaps with 年)
    for compared, y in YEAR_IN_GAP.findall(gap):
        if compared:
            base = int(y)
        else:
            stated = int(y)
    if stated is None and base is None:
        return gap, None, None
    return YEAR_IN_GAP.sub("", gap), stated, base


def may_hold_year(text: str) -> bool:
    """Whether YEAR_IN_GAP can match in `text`: each of its years holds 19 or 20. Two `in` tests
    cost less than the search, which opens with an optional group and is tried at every place."""
    return "20" in text or "19" in text


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in text:
            return True
    return False
