"""Figures shared out over lists of names: 分别, 都, and lists without a cue.

城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内 gives each name its figure in order;
社会消费品零售总额、固定资产投资增长4%左右 gives every name the one figure; in a 分别 list of
things that are not catalog indicators each figure still gets its own item as its subject.
"""
from __future__ import annotations

from targetwatch.diffing.gaps import read_gap
from targetwatch.diffing.indicators import NAME_RE, Family, excluded_after, family_of, is_connector, is_neutral_prefix
from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.numbers import Quantity
from targetwatch.diffing.wordre import word_pattern

SHARED = lazy(r"分别|都|均")


def has_shared_cue(sentence: str) -> bool:
    """Whether `sentence` may hold a cue of SHARED that distributed reads: `in` tests on the
    sentence's copy cost less than one search of the view (most sentences have none). 均 counts
    only when some 均 is not that of 人均, 年均 or 平均, which distributed passes over: many
    sentences have only those (年均增长)."""
    if "分别" in sentence or "都" in sentence:
        return True
    return "均" in sentence and sentence.count("均") > (sentence.count("人均") + sentence.count("年均")
                                                        + sentence.count("平均"))


def distributed(view: str, s_start: int, s_end: int,
                 quantities: list[Quantity]) -> dict[int, list[tuple[Family, int, int]]]:
    """Figures shared out over several names.

    城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内 gives each name its figure in order;
    城镇调查失业率和登记失业率都稳定在4.3%以内 gives every name the one figure. Returns, per
    quantity index, the (family, name start, name end) it belongs to.
    """
    out: dict[int, list[tuple[Family, int, int]]] = {}
    for cue in SHARED.finditer(view, s_start, s_end):
        i = cue.start()
        if view[i] == "均" and i and view[i - 1] in "人年平":
            continue  # 人均, 年均, 平均: not "each of them"
        head = _list_head(view, s_start, i)
        if head == i:
            if cue.group() == "分别":
                for k, name in _clause_names_after(view, s_start, i, cue.end(), quantities):
                    out.setdefault(k, []).append(name)
            continue
        if not _ITEM_SPLIT.search(view, head, i):
            continue  # 年均增长, 都: no list before the cue (the common case, so tested first)
        items = _list_items(view, head, i)
        if len(items) < 2 or items[0] is None:
            # 城乡居民人均可支配收入分别增长…: one name, two groups of people; 新片区规上工业总产值、
            # 全社会固定资产投资分别…: the first item says whose figures these are, not the region's
            continue
        after = _figures_after(view, i, quantities)
        if not after or not is_connector(read_gap(view[cue.end():quantities[after[0]].start])[0]):
            continue  # 分别约为全国平均的70%、60%: relative to something else
        if cue.group() == "分别":
            if len(after) != len(items):
                continue
            pairs = list(zip(after, items))
        else:
            if not after or not all(items):
                continue
            pairs = [(after[0], m) for m in items]
        for k, m in pairs:
            if m is not None:
                out.setdefault(k, []).append(m)
    return out


def _list_head(view: str, s_start: int, cue: int) -> int:
    """Where the list before 分别/都 starts: the clause it is in."""
    return max(s_start, max(view.rfind(mark, s_start, cue) for mark in "，；：,;:。") + 1)


def _figures_after(view: str, cue: int, quantities: list[Quantity]) -> list[int]:
    """The figures a 分别/都 shares out: those after it in the same clause."""
    stop = len(view)
    for mark in "，；":
        at = view.find(mark, cue)
        if 0 <= at < stop:
            stop = at
    return [k for k, q in enumerate(quantities) if cue < q.start and q.start <= stop]


def respective_labels(view: str, s_start: int, s_end: int,
                       quantities: list[Quantity]) -> dict[int, tuple[str, int]]:
    """Each figure's own subject in a 分别 list, so that 城镇和农村居民人均可支配收入分别增长3.9%和5.7%
    gives 城镇居民人均可支配收入增长 and 农村居民人均可支配收入增长: the ids a report uses when it
    states them one at a time, and the ones the next year's report will use. With each label,
    where the list starts (the fact quotes the whole list; 年均 before 分别 holds for all)."""
    out: dict[int, tuple[str, int]] = {}
    i = view.find("分别", s_start, s_end)
    while i >= 0:
        out.update(_labels_at(view, s_start, i, quantities))
        i = view.find("分别", i + 2, s_end)
    return out


def _labels_at(view: str, s_start: int, i: int, quantities: list[Quantity]) -> dict[int, tuple[str, int]]:
    head = _list_head(view, s_start, i)
    after = _figures_after(view, i, quantities)
    if len(after) < 2:
        return {}
    if head == i:
        return _clause_labels(view, s_start, i, quantities, after)
    items = [w for w in _ITEM_SPLIT.split(view[head:i]) if w]
    if len(items) == 1 and items[0].startswith("城乡") and len(after) == 2:
        rest = items[0][2:]
        items = ["城镇" + rest, "农村" + rest]
    if len(after) == 2 * len(items) and view.startswith(("从", "由"), i + 2):
        # 生活补贴、护理补贴标准分别从每人每月202元、270元提高到209元、280元: each item has the
        # figure it starts from and the one it reaches, in the same order.
        items = items + items
    if len(items) != len(after) or any(len(w) > 24 for w in items):
        return {}
    items = [_ITEM_LEAD.sub("", w) for w in items]
    last = items[-1]
    # 城镇、农村居民人均可支配收入, 一产、二产、三产增加值: a short item that parallels the start
    # of the last one shares the rest of it; 原煤、原油、天然气产量 cannot be cut that way, there the
    # words from a shared head on (产量) complete the short items
    items = [w + last[len(w):] if _parallel(w, last) else w + _shared_tail(w, last) for w in items]
    verb = view[i + 2:quantities[after[0]].start]
    return {k: (item + verb, head) for k, item in zip(after, items)}


def _clause_labels(view: str, s_start: int, i: int, quantities: list[Quantity],
                   after: list[int]) -> dict[int, tuple[str, int]]:
    """生产型企业进出口占外贸比重78.7%，机电产品出口占出口比重62.6%，分别提高11.1、11.2个百分点: a 分别
    that opens its clause shares its figures out over the clauses before it, one each, in order."""
    subjects = _clause_subjects(view, s_start, i, quantities, len(after))
    if subjects is None:
        return {}
    verb = view[i + 2:quantities[after[0]].start]
    head = subjects[0][0]
    return {k: (view[a:b] + verb, head) for k, (a, b) in zip(after, subjects)}


def _clause_subjects(view: str, s_start: int, i: int, quantities: list[Quantity],
                     n: int) -> list[tuple[int, int]] | None:
    """Where the subjects of the n clauses before a 分别 that opens its clause stand, in order. Each of
    those clauses must end with its one figure; its words before the figure, without an opening word
    (全年, 其中) or the verb that led to that figure (达, 突破), are its subject."""
    if n > _MOST_CLAUSES:
        return None
    ends = {q.end: q.start for q in quantities}
    starts = [q.start for q in quantities]
    subjects: list[tuple[int, int]] = []
    end = i - 1  # the comma before 分别
    while len(subjects) < n:
        if view[end:end + 1] not in ("，", ",") or end not in ends:
            return None
        # each clause is looked for at most _CLAUSE_SPAN back, so that a long sentence costs no more
        low = max(s_start, end - _CLAUSE_SPAN)
        start = max(view.rfind(mark, low, end) for mark in "，；：,;:。") + 1 or low
        if start == low and low > s_start:
            return None  # a clause longer than any item's
        if any(start <= q < ends[end] for q in starts):
            return None  # 兰州高新区全国排名53位、提升3位，…: a clause with two figures is no one item
        lead = _LEAD_AT.match(view, start, ends[end])
        a = lead.end() if lead else start
        verb = _SUBJECT_VERB.search(view, a, ends[end])
        b = verb.start() if verb else ends[end]
        if b <= a or b - a > 24 or start == s_start and len(subjects) < n - 1:
            return None
        subjects.append((a, b))
        end = start - 1
    return subjects[::-1]


_MOST_CLAUSES = 8
_CLAUSE_SPAN = 48
"""A 分别 shares out over at most eight clauses before it, each at most 48 characters (a subject of up to
24 and its figure): the walk back stays bounded whatever the sentence."""


def _clause_names_after(view: str, s_start: int, i: int, cue_end: int,
                        quantities: list[Quantity]) -> list[tuple[int, tuple[Family, int, int]]]:
    """全省地区生产总值5000亿元，一般公共预算收入300亿元，分别增长5.2%和3%: the catalog names that are
    whole subjects of the clauses before a 分别 that opens its clause, each with its figure. Only for
    connecting words that rise (a name given its figure this way does not read a fall)."""
    after = _figures_after(view, i, quantities)
    if len(after) < 2:
        return []
    verb = view[cue_end:quantities[after[0]].start]
    if not is_connector(read_gap(verb)[0]) or any(w in verb for w in _FALLS):
        return []
    subjects = _clause_subjects(view, s_start, i, quantities, len(after))
    out: list[tuple[int, tuple[Family, int, int]]] = []
    for k, (a, b) in zip(after, subjects or ()):
        m = NAME_RE.match(view, a, b)
        if m is not None and m.end() == b and not excluded_after(view, a, family_of(m.group())):
            out.append((k, (family_of(m.group()), a, b)))
    return out


def list_comparator(quantities: list[Quantity], own_labels: dict[int, tuple[str, int]], k: int,
                    lasts: dict[int, int]) -> str | None:
    """分别增长5%、6.5%左右: the qualifier of the list's last figure holds for the bare ones. `lasts` keeps
    each list's last figure once found (list_lasts), so that a long list is not searched again per figure."""
    if quantities[k].comparator != "exact":
        return None
    head = own_labels[k][1]
    if not lasts:
        for j, (_, h) in own_labels.items():
            if j > lasts.get(h, -1):
                lasts[h] = j
    return quantities[lasts[head]].comparator


def listed_before(view: str, s_start: int, name_start: int) -> list[tuple[Family, int, int]]:
    """社会消费品零售总额、固定资产投资增长4%左右: catalog names listed before the one the figure
    follows share it, when each is a whole item of the list (nothing else between)."""
    out: list[tuple[Family, int, int]] = []
    pos = name_start
    while pos > s_start and view[pos - 1] in "、和与及" and NAME_RE.match(view, pos):
        j = pos - 1
        m = next((m for m in NAME_RE.finditer(view, max(s_start, j - 12), j) if m.end() == j), None)
        if m is None or (m.start() > s_start and view[m.start() - 1] not in "、和与及，；：,;:"):
            break
        fam = family_of(m.group())
        if excluded_after(view, m.start(), fam):
            break
        out.append((fam, m.start(), m.end()))
        pos = m.start()
    return out


_ITEM_SPLIT = lazy(r"[、和与及]")
_ITEM_LEAD = lazy(r"^(?:其中|全省|全市|全区|全年|全国|力争|确保|预计|争取|今年)+")
_LEAD_AT = lazy(r"(?:其中|全省|全市|全区|全年|全国|力争|确保|预计|争取|今年)+")
"""_ITEM_LEAD for a match at a place of the view (^ would hold only at the view's start)."""
_SUBJECT_VERB = lazy(r"(?:达到|达|为|约为|约|超过|超|突破|近|逾)$")
"""进出口总额达4743亿美元: the verb that led to the clause's own figure is no part of what 分别 speaks of."""
_FALLS = ("下降", "降低", "减少", "回落", "收窄")
"""Verbs of a fall, which a name given its figure by position (forced) would not read: left to the tasks."""
_ORDINALS = frozenset("一二三")
_MODIFIERS = frozenset(("城镇", "农村", "城市", "县城", "乡村", "城区", "农民", "职工", "城乡"))


# Words that begin what the items of a list share (原煤、原油、天然气|产量, 交通、水利、市政|领域投资,
# 厦门、福州|机场旅客吞吐量): a short item takes the last item's words from there on.
_SHARED_HEADS = ("领域", "机场", "产品", "全产业链", "先进产能", "居民", "人均", "进出口", "产量", "产值", "投资", "余额",
                 "占比", "比重", "吞吐量", "增加值", "总额", "规模", "营业收入", "收入", "标准")
_SHARED_HEAD_RE = lazy(word_pattern(_SHARED_HEADS))
"""Found leftmost, the first place any shared head stands: one search, not a find per head."""


def _shared_tail(item: str, last: str) -> str:
    """What the short `item` of a 分别 list shares with the `last` one (原煤 of 原煤、原油、天然气产量:
    产量), or nothing when the last item holds no word of the shared list past the item's length."""
    if item == last or not 2 <= len(item) <= 4 or len(last) <= len(item):
        return ""
    head = _SHARED_HEAD_RE.search(last, 2)
    at = head.start() if head else -1
    if at < 2 or item.endswith(last[at:]):
        return ""
    return last[at:]


def _parallel(item: str, last: str) -> bool:
    n = len(item)
    if n == 1 and item in _ORDINALS and last[:1] in _ORDINALS and len(last) > 2:
        return item != last[0]  # 一、二、三产业增加值: 一产业增加值
    if not 2 <= n <= 3 or len(last) <= n + 2 or item == last:
        return False
    head = last[:n]
    return (item in _MODIFIERS and head in _MODIFIERS) or (item[-1] == head[-1] and item != head)


_ITEM_TAIL = lazy(r"(?:年均|年平均|平均|实际|名义|增加值|总额|总量)?$")


def _list_items(view: str, head: int, end: int) -> list[tuple[Family, int, int] | None]:
    """The items of 一般公共预算收入、税收收入年均: each a catalog name standing for the whole
    region (its family and where it stands), or None for anything else (税收收入, 城镇 in
    城镇和农村居民…). A list whose items are not all short names (a sentence with a 和 in it)
    gives no items. 粮食、油料、蔬菜产量: a short item completed from the last one may be a name."""
    items: list[tuple[Family, int, int] | None] = []
    pos = head
    bounds = [m.start() for m in _ITEM_SPLIT.finditer(view, head, end)] + [end]
    for cut in bounds:
        if cut - pos > 24:
            return []
        m = NAME_RE.search(view, pos, cut)
        if m is not None and is_neutral_prefix(view[pos:m.start()]) and _ITEM_TAIL.fullmatch(view, m.end(), cut) \
                and not excluded_after(view, m.start(), family_of(m.group())):
            items.append((family_of(m.group()), m.start(), m.end()))
        else:
            items.append(None)
        pos = cut + 1
    last = view[bounds[-2] + 1:end] if len(bounds) > 1 else ""
    starts = [head] + [b + 1 for b in bounds[:-1]]
    for n, (item, a, b) in enumerate(zip(items, starts, bounds)):
        if item is None and 2 <= b - a <= 3 and len(last) > b - a:  # the whole must be a name, which is proof enough
            whole = view[a:b] + last[b - a:]
            m = NAME_RE.fullmatch(whole)
            if m is not None:
                items[n] = (family_of(whole), a, b)
    return items
