"""What stands between a name and its figure, read for its meaning.

Between 国内生产总值 and 5.2% may stand connecting words (比上年增长), a year that dates the
figure (2024年达到), a base year that makes it a multi-year change (比2002年增长), a starting
level that does not count (从2020年的3.68万亿元增长到), or how long a level has held (连续9年稳定在).
"""
from __future__ import annotations

from targetwatch.diffing.lazyre import lazy

YEAR_IN_GAP = lazy(r"([比较])?((?:19|20)\d{2})年(?:末|底)?(?:相比|的)?")
TO_YEAR = lazy(r"([到至])(?:19|20)\d{2}年(?:末|底)?的?$")
_EVERY_YEAR = lazy(r"连续[\d一二三四五六七八九十]{1,3}年|每年|(?<![\d])[\d一二三四五六七八九十]{1,2}年(?=增长|累计|提高|下降)")
"""粮食产量连续9年稳定在1300亿斤以上, 城镇新增就业每年超过90万人: how long, not what."""
FROM_PHRASE = lazy(r"[从由][^，。；、]{0,24}?(?=(?:的?水平)?(?:提高|提升|增加|增长|扩大|上升|下降|降低|减少|缩小|跃升|"
                         r"攀升)(?:到|至)|增至|降至|降到|升至)")


def read_gap(gap: str) -> tuple[str, int | None, int | None]:
    """Connecting words with years taken out: (words, the year stated, the base year compared with).

    2024年达到1.3万亿元 states the year of the figure; 比2002年增长65.5% states a base year, which
    makes the growth a multi-year one.
    """
    stated = base = None
    if "从" in gap or "由" in gap:
        # 从不到70万亿元增加到: only where it got to counts; 从2020年的3.68万亿元增长到: a base year
        for m in FROM_PHRASE.finditer(gap):
            for y in YEAR_IN_GAP.finditer(m.group()):
                base = int(y.group(2))
        gap = FROM_PHRASE.sub("", gap)
    if "年" not in gap:
        return gap, None, base
    gap = _EVERY_YEAR.sub("", gap)
    for m in YEAR_IN_GAP.finditer(gap):
        if m.group(1):
            base = int(m.group(2))
        else:
            stated = int(m.group(2))
    if stated is None and base is None:
        return gap, None, None
    return YEAR_IN_GAP.sub("", gap), stated, base
