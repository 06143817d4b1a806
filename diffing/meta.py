"""Which region and year a report is, read from its own words when the caller does not say.

A report filed under the wrong year poisons every comparison made with it, so the year is
never guessed: every clue a careful reader uses is collected with the sentence that gives it,
the clues are weighed, and when they are weak or disagree the reader is asked (`--year`),
with the candidates. Clues, strongest first:

- the dateline (——2024年3月5日在第十四届全国人民代表大会第二次会议上) and the title
  (2025年北京市政府工作报告), with years also in Chinese numerals (二〇二六年) or full width;
- the session the report is given to (向第六届全国人民代表大会第一次会议作政府工作报告): the
  National People's Congress sessions have known years (a provincial session says nothing by
  itself: provinces number their congresses and sessions differently);
- the review heading (一、2023年工作回顾 → 2024; 2019年和今年以来工作回顾 → 2020; “十一五”时期…
  回顾 → 2011) and the previous session looked back on (从去年9月第五届…第三次会议到现在,
  第十届…第一次会议以来的五年);
- the year named for what is to be done (2024年政府工作任务), 今年是“七五”计划的头一年,
  今年是中华人民共和国成立三十五周年.
A year that is merely mentioned often is a candidate for the question, never an answer.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from targetwatch.diffing.lazyre import lazy
from targetwatch.diffing.numbers import chinese_to_number
from targetwatch.diffing.regions import BY_ID, REGIONS

FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True, slots=True)
class Clue:
    """One sentence that says something about the year: `years` it allows, and how strongly."""

    kind: str
    years: tuple[int, ...]
    weight: int
    """0 for a clue that only narrows (a provincial session), else how much it says alone."""
    text: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the text says about one key (year or region): the value, or why not."""

    value: int | str | None
    decided_by: tuple[Clue, ...] = ()
    candidates: tuple[int | str, ...] = ()
    conflict: bool = False

    def evidence(self) -> dict[str, object]:
        return {
            "value": self.value,
            "source": "text",
            "clues": [{"kind": c.kind, "text": c.text, "span": [c.span[0], c.span[1]]} for c in self.decided_by],
        }


# ---------------------------------------------------------------------------- the reading view

_TRADITIONAL = tuple(zip("屆國會議報區長們過來", "届国会议报区长们过来"))
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = lazy(r"[一二][〇○零Ｏ一二三四五六七八九]{3}(?=年)")


def meta_view(view: str) -> str:
    """The ascii view with simplified forms of the words clues use and years as digits (same length)."""
    last_view, last_out = _last[0]  # one read of the pair: another thread may replace it meanwhile
    if last_view is view:
        return last_out  # read_region and read_year both ask for the same text's view
    # Ten str.replace scans, each in C, where translate() looked every character up in a table
    # (2 ms of a `targetwatch parse`).
    out = view
    for traditional, simplified in _TRADITIONAL:
        if traditional in out:
            out = out.replace(traditional, simplified)
    out = digit_years(out)
    _last[0] = (view, out)
    return out


def digit_years(text: str) -> str:
    """一九五八年 as 1958年 (same length), so that a pattern of years in digits reads the old reports too."""
    if _CN_YEAR.search(text):
        return _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[c] for c in m.group()), text)
    return text


_last: list[tuple[str | None, str]] = [(None, "")]
"""The last view asked for and its meta view: strings are immutable, so the same object has the same answer."""


# ------------------------------------------------------------------------ the national sessions

_NPC_START = {1: 1954, 2: 1959, 3: 1964, 4: 1975, 5: 1978}
_NPC_SESSIONS = {(1, m): 1953 + m for m in range(1, 6)} | {(2, 1): 1959, (2, 2): 1960, (2, 3): 1962, (2, 4): 1963,
                                                           (3, 1): 1964, (4, 1): 1975} | {
    (5, m): 1977 + m for m in range(1, 6)}


def npc_session_year(congress: int, session: int) -> int | None:
    """The year the National People's Congress met for its `congress`th term's `session`th session."""
    if congress >= 6:
        return 1983 + 5 * (congress - 6) + session - 1 if 1 <= session <= 5 else None
    return _NPC_SESSIONS.get((congress, session))


def npc_start(congress: int) -> int | None:
    return _NPC_START.get(congress) if congress < 6 else 1983 + 5 * (congress - 6)


def plan_start(plan: int) -> int | None:
    """First year of the Nth five-year plan (the 3rd began in 1966 after three years of adjustment)."""
    if plan == 1:
        return 1953
    if plan == 2:
        return 1958
    return 1966 + 5 * (plan - 3) if plan >= 3 else None


def _num(cn: str) -> int | None:
    if cn.isdigit():
        return int(cn)
    value = chinese_to_number(cn)
    return int(value) if value else None


# ---------------------------------------------------------------------------------- the clues

_N = r"([一二三四五六七八九十]{1,3}|\d{1,2})"
_NPC = rf"第?{_N}届(?:全国人民代表大会|全国人大|人大)"
_SESSION = rf"{_NPC}(?:第?{_N}次(?:会议|大会))?"
_DATE = r"((?:19|20)\d{2})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"

_DATELINE = lazy(rf"{_DATE}\s*(?:在|於)")
_LINE_DATE = lazy(rf"(?m)^[\s—\-－─（(]*{_DATE}")
_TITLE_LINE = lazy(r"(?m)^[#\s　]*([^\n。]{0,60}政府工作报告[^\n。]{0,40})$")
_YEAR = lazy(r"(?<!\d)((?:19|20)\d{2})\s*年(?!代)")
_OWN_SESSION = lazy(rf"(?:向|我们){_SESSION}")
_PAST_SESSION = lazy(rf"(去年|前年)[^。，；]{{0,12}}?{_SESSION}")
_FIVE_YEARS_SINCE = lazy(rf"{_NPC}第?一次会议(?:以来|，?到这次大会[^。]{{0,12}})[^。]{{0,10}}五年")
_TERM_REVIEW = lazy(rf"{_NPC}期间")
_REVIEW_HEADING = lazy(r"(?m)(?:^[\s　]*(?:[一1][、.．﹑])?|[一1][、.．﹑])[\s　]*((?:19|20)\d{2})\s*年(和今年以来)?"
                             r"[^\n。，]{0,16}回顾")
_REVIEW_WORDS = lazy(r"(?:回顾|报告)(?:了)?((?:19|20)\d{2})年(?:的)?(?:政府)?工作")
_JUST_PAST = lazy(r"刚刚过去的((?:19|20)\d{2})年")
_PAST_YEAR_OPENING = lazy(r"(?:过去一年|去年|一年来)[^\n。]{0,6}回顾[\s　]*((?:19|20)\d{2})年")
_THIS_YEAR_OPENING = lazy(r"今年[^\n。]{0,8}(?:任务|工作|目标)[\s　]*((?:19|20)\d{2})年")
_PROPOSALS = lazy(r"对(?:今后五年及)?((?:19|20)\d{2})年(?:的)?(?:政府)?工作提出(?:建议|意见)")
_ESTIMATE = lazy(r"(?<![比较])((?:19|20)\d{2})年预计(?:达到|增长|完成|实现|为)")
_TASK_HEADING = lazy(r"(?m)(?:^[\s　]*(?:[二三四五六七八九][、.．﹑])?|[二三四五六七八九][、.．﹑])[\s　]*((?:19|20)\d{2})\s*年"
                           r"(?:政府工作|经济社会发展|国民经济和社会发展)?(?:的)?(?:主要)?(?:工作任务|主要任务|任务|工作安排|工作)[\s　]*$"
                           r"|[二三四五六七八九][、.．﹑][\s　]*((?:19|20)\d{2})\s*年(?:的)?(?:主要)?(?:工作任务|主要任务|任务|工作安排)")
_SINCE_SESSION = lazy(rf"从{_NPC}第?一次会议以来")
_PLAN_REPORT = lazy(r"关于((?:19|20)\d{2})(?:年度|年|、)[^。]{0,20}计划[^。]{0,12}的报告")
_PLAN_REVIEW = lazy(r"(?m)^[\s　]*(?:[一1][、.．])?[\s　]*[“\"]?([一二三四五六七八九十]{1,3})五[”\"]?时期[^\n。]{0,20}回顾")
_PLAN_YEAR = lazy(r"今年是[^。]{0,16}?[“\"]([一二三四五六七八九十]{1,3})五[”\"](?:计划|规划)?(?:的)?"
                        r"(头一年|第一年|开局之年|起步之年|开局年|最后一年|收官之年|第([二三四五])年)")
_PLAN_FROM_NOW = lazy(r"从今年(?:开始|起)[^。]{0,30}五年计划")
_PLAN_ORDINAL = lazy(r"第([一二三四五六七八九十]{1,3})个五年计划")
_ANNIVERSARY = lazy(r"今年[^。]{0,16}?(?:中华人民共和国|新中国)成立([一二三四五六七八九十]{1,3}|\d{1,3})周年")
_TASK_YEAR = lazy(r"(?<!确定的)(?<!完成)((?:19|20)\d{2})年(?:政府工作|经济社会发展|国民经济和社会发展)?(?:的)?(?:主要)?"
                        r"(?:工作任务|主要任务|工作安排|预期目标|总体要求)")

_HEAD = 3000
_BODY = 40000


def _clip(view: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    return view[start:end], (start, end)


def _sentence(view: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The sentence (or heading line) around a match, so the user sees what decided."""
    left = max(view.rfind(c, 0, start) for c in "。\n！；")
    right_candidates = [i for i in (view.find(c, end) for c in "。\n！；") if i != -1]
    right = min(right_candidates) if right_candidates else len(view)
    left = max(left + 1, start - 80)
    right = min(right, end + 80)
    while left < start and view[left] in " \t　":
        left += 1
    return view[left:right], (left, right)


def _ok(year: int | None) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


def year_clues(view: str, region: str | None = None) -> list[Clue]:
    """Every clue about the year in `view` (the ascii view of the text), in reading order."""
    text = meta_view(view)
    head = text[:_HEAD]
    body = text[:_BODY]
    clues: list[Clue] = []

    def add(kind: str, year: int | None, weight: int, m: re.Match[str], *, quote_sentence: bool = True) -> None:
        if not _ok(year):
            return
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        quote, span = _sentence(view, start, m.end()) if quote_sentence else _clip(view, start, m.end())
        clues.append(Clue(kind, (int(year),), weight, quote, span))  # type: ignore[arg-type]

    for m in _DATELINE.finditer(head):
        add("dateline", int(m.group(1)), 10, m)
    for m in _LINE_DATE.finditer(head[:1500]):
        add("dateline", int(m.group(1)), 8, m)
    for m in _TITLE_LINE.finditer(head[:600]):
        line = m.group(1)
        if "回顾" in line:
            continue
        years = {int(y) for y in _YEAR.findall(line)}
        if len(years) == 1:
            add("title", years.pop(), 8, m, quote_sentence=False)
    for m in _OWN_SESSION.finditer(head):
        congress, session = _num(m.group(1)), _num(m.group(2)) if m.group(2) else 1
        if congress and session and (m.group(2) or not _clause_has_session_after(text, m.end())):
            add("session", npc_session_year(congress, session), 10, m)
    for m in _PAST_SESSION.finditer(body):
        congress, session = _num(m.group(2)), _num(m.group(3)) if m.group(3) else 1
        back = 1 if m.group(1) == "去年" else 2
        if congress and session:
            year = npc_session_year(congress, session)
            add("previous session", year + back if year else None, 8, m)
    for m in _FIVE_YEARS_SINCE.finditer(body[:8000]):
        congress = _num(m.group(1))
        if congress and region == "national":
            add("previous term", npc_start(congress + 1), 8, m)
    for m in _SINCE_SESSION.finditer(body[:8000]):
        congress = _num(m.group(1))
        paragraph_start = text.rfind("\n", 0, m.start()) + 1
        if congress and region == "national" and "五年" in text[paragraph_start:m.end()] + text[:30]:
            add("previous term", npc_start(congress + 1), 6, m)
    for m in _PROPOSALS.finditer(head):
        add("year proposed for", int(m.group(1)), 7, m)
    for m in _THIS_YEAR_OPENING.finditer(body):
        add("targets heading", int(m.group(1)), 7, m)
    for m in _ESTIMATE.finditer(body[:10000]):
        add("estimate of the year past", int(m.group(1)) + 1, 4, m)
    for m in _TASK_HEADING.finditer(body):
        add("tasks heading", int(m.group(1) or m.group(2)), 7, m)
    if "过去五年" in head:
        for m in _TERM_REVIEW.finditer(head):
            congress = _num(m.group(1))
            if congress and region == "national":
                add("previous term", npc_start(congress + 1), 6, m)
                break
    for m in _REVIEW_HEADING.finditer(body):
        add("review heading", int(m.group(1)) + 1, 9 if m.group(2) else 8, m)
    for m in _REVIEW_WORDS.finditer(body[:6000]):
        add("review", int(m.group(1)) + 1, 6, m)
    for m in _JUST_PAST.finditer(head):
        add("the year just past", int(m.group(1)) + 1, 7, m)
    for m in _PAST_YEAR_OPENING.finditer(body[:6000]):
        add("review heading", int(m.group(1)) + 1, 8, m)
    for m in _PLAN_REPORT.finditer(head[:400]):
        add("plan report", int(m.group(1)), 7, m)
    for m in _PLAN_REVIEW.finditer(body[:6000]):
        start = plan_start(_num(m.group(1)) or 0)
        add("plan review heading", start + 5 if start else None, 8, m)
    for m in _PLAN_YEAR.finditer(body):
        start = plan_start(_num(m.group(1)) or 0)
        if start:
            which = m.group(2)
            nth = _num(m.group(3)) if m.group(3) else None
            offset = 4 if which in ("最后一年", "收官之年") else (nth - 1 if nth else 0)
            add("plan year", start + offset, 7, m)
    for m in _PLAN_FROM_NOW.finditer(body):
        for ordinal in _PLAN_ORDINAL.finditer(body, m.start(), m.end() + 200):
            if body[max(0, ordinal.start() - 3):ordinal.start()].endswith(("世纪", "时期")):
                continue  # 新世纪第一个五年计划 counts from 2001, not from 1953
            add("plan year", plan_start(_num(ordinal.group(1)) or 0), 7, m)
            break
    for m in _ANNIVERSARY.finditer(body):
        n = _num(m.group(1))
        add("anniversary", 1949 + n if n else None, 7, m)
    for m in _TASK_YEAR.finditer(body):
        add("year of the tasks", int(m.group(1)), 4, m)
    return clues



def _clause_has_session_after(text: str, end: int) -> bool:
    return bool(re.match(r"[^。，]{0,6}第?[一二三四五六七八九十\d]{1,3}次", text[end:end + 12]))


def read_year(view: str, region: str | None = None) -> Reading:
    """The report's year if the clues agree and are strong enough; else the candidates to ask about."""
    clues = year_clues(view, region)
    strongest: dict[tuple[int, str], int] = {}
    by_year: dict[int, list[Clue]] = {}
    for c in clues:
        # a kind of clue counts once per year: the same phrase said ten times is still one clue
        key = (c.years[0], c.kind)
        strongest[key] = max(strongest.get(key, 0), c.weight)
        by_year.setdefault(c.years[0], []).append(c)
    scores: Counter[int] = Counter()
    for (year, _), weight in strongest.items():
        scores[year] += weight
    ranked = scores.most_common()
    if ranked:
        top, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0
        if score >= STRONG and runner * 2 <= score and score - runner >= 4:
            return Reading(top, _shown(by_year[top]))
        conflict = runner > 0
        candidates = sorted(y for y, _ in ranked[:3])
        return Reading(None, tuple(c for y in candidates for c in by_year[y][:1]), tuple(candidates), conflict)
    # Nothing says the year: the years talked about most are the candidates to ask about.
    mentioned = _mentioned_years(meta_view(view))
    return Reading(None, candidates=tuple(sorted(set(mentioned[:2]) | {y + 1 for y in mentioned[:1]})))


def _shown(clues: list[Clue]) -> tuple[Clue, ...]:
    """The two strongest clues a user is shown, each sentence once: one dateline line is matched
    both as a dateline and as a dated line, and quoting it twice tells nothing more."""
    shown: list[Clue] = []
    for c in sorted(clues, key=lambda c: -c.weight):
        if all(c.span != s.span for s in shown):
            shown.append(c)
            if len(shown) == 2:
                break
    return tuple(shown)


STRONG = 5
"""A clue of this weight decides alone (a review heading, a dateline); weaker ones only together."""


def _mentioned_years(text: str) -> list[int]:
    years = Counter(int(y) for y in _YEAR.findall(text[:_BODY]) if _ok(int(y)))
    return [y for y, _ in years.most_common(3)]


# -------------------------------------------------------------------------------- the region

_NATIONAL_CUES = ("全国人民代表大会", "我代表国务院", "国务院总理", "我代表中央人民政府")
_OWN_REGION_WORDS = lazy(r"全省|全市|全区|全自治区|我省|我市|我区|本省|本市|本区")
_OWN_COUNTRY_WORDS = lazy(r"我国|国务院")
_REGION_PATTERNS = (
    ("session", lazy(r"在(\S{2,12}?)第[一二三四五六七八九十]+届人民代表大会")),
    ("speaker", lazy(r"代表(\S{2,12}?)人民政府")),
    ("title", lazy(r"(\S{2,12}?)(?:人民)?政府工作报告")),
)


def read_region(view: str) -> Reading:
    text = meta_view(view)
    head = text[:_HEAD]
    for cue in _NATIONAL_CUES:
        i = head.find(cue)
        if i != -1:
            # "在北京市第十六届人民代表大会" contains no 全国; a province speaking of the NPC does not
            # say 我代表国务院, so the first national cue decides only before any provincial one.
            own = _own_region(head)
            if own is None or own[1].start() > i:
                return Reading("national", (Clue("national", (), 10, *_sentence(view, i, i + len(cue))),))
    own = _own_region(head)
    if own:
        region, m, kind = own
        return Reading(region, (Clue(kind, (), 10, *_sentence(view, m.start(), m.end())),))
    sample = text[:60000]
    # No dateline or title names the speaker: a report that speaks of 我国 and never of 全省/我市
    # is the State Council's (the 1980s reports open with 刚刚过去的1984年…我国各族人民), even where
    # it mentions a province in passing.
    if not _OWN_REGION_WORDS.search(sample):
        country = list(_OWN_COUNTRY_WORDS.finditer(sample))
        if len(country) >= 5:
            m = country[0]
            return Reading("national", (Clue("我国, never 全省/我市", (), 5, *_sentence(view, m.start(), m.end())),))
    counts: Counter[str] = Counter()
    for r in REGIONS:
        if r.level == "national":
            continue
        counts[r.id] = sample.count(r.name) * 3 + sample.count(r.short)
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) < 2 or ranked[0][1] >= 2 * ranked[1][1]):
        best = ranked[0][0]
        i = sample.find(BY_ID[best].short)
        return Reading(best, (Clue("named most often", (), 3, *_sentence(view, i, i + len(BY_ID[best].short))),))
    return Reading(None, candidates=tuple(r for r, n in ranked if n >= 3))


def _own_region(head: str) -> tuple[str, re.Match[str], str] | None:
    found: list[tuple[int, str, re.Match[str], str]] = []
    for kind, pattern in _REGION_PATTERNS:
        for m in pattern.finditer(head):
            region = _region_in(m.group(1))
            if region:
                found.append((m.start(), region, m, kind))
                break
    if not found:
        return None
    _, region, m, kind = min(found, key=lambda f: f[0])
    return region, m, kind


def _region_in(text: str) -> str | None:
    for r in REGIONS:
        if r.level != "national" and (r.name in text or r.short in text):
            return r.id
    return None


# ------------------------------------------------------------------------- the old entry points

def infer_year(view: str, region: str | None = None) -> int | None:
    value = read_year(view, region).value
    return int(value) if value is not None else None


def infer_region(view: str) -> str | None:
    value = read_region(view).value
    return str(value) if value is not None else None
