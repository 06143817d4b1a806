"""The one rule for what a reader sees first: shared by compare, history, digest and web views.

A comparison of two reports has some ten catalog indicators a reader came for (GDP growth,
unemployment, CPI …) and a hundred or more task figures, most of which appear in one report
only. Showing them all buries the answer, so every default view shows the *headline* rows
and leaves the rest to `--all`, JSON and exports (they are never dropped from the data).

A row is headline when it is about a catalog indicator, or when it is a task commitment that
(1) was found in both reports — same id, or a reworded match whose similarity is at least
`MATCH_CONFIDENCE` — and (2) carries a clean label on both sides.

A label is clean when it names the thing counted. `label_problem` says why one is not:
- `short`: fewer than three Chinese characters or letters (区, 从);
- `fragment`: it starts or ends with a joining word (和, 及, 与, 的, 或, 并, 等, 、) —
  the words around it were cut off (及以上失能老年人…, 承接产业转移主平台和); a word that
  merely begins with 和 (和美乡村, 和谐, 和平) is no joining word;
- `figure`: it holds a number with its unit, i.e. a verb with its figure rather than a name
  (提高到209元, 新开工制造业项目248个); digits inside names (PM2.5年均浓度, 5A级, 5G) are fine;
- `verb_only`: it opens with 从/由 or ends with a verb of change (提高到, 增加到, 降至),
  saying what happens to a number without saying which (从业人员 is a name, not "from");
- `age_or_share`: the figure is an age (65岁; life expectancy, 人均预期寿命, excepted) or a
  share with more than two decimals (33.3333%, a fraction such as 1/3 turned into a
  percentage): the label then is the words around a qualifier, not the thing counted.

"Were last year's targets met?" has one answer wherever it is asked (the CLI's 主要目标 line,
digests, the web pages, the API's `last_year_verdicts`, the feeds): `target_tally`, which
counts `main_targets` — catalog indicators only; tasks are counted apart (`task_tally`), and
policy settings (赤字率, 专项债券: plans, never met or missed) not at all.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from targetwatch.diffing.catalog import better_direction
from targetwatch.diffing.model import Fact

if TYPE_CHECKING:  # compare imports this module
    from targetwatch.diffing.compare import Comparison, Row

MATCH_CONFIDENCE = 0.6
"""Lowest wording similarity at which a reworded task counts as the same commitment here."""

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_JOINERS = "和及与的或并等、"
_CHANGE_END = re.compile(r"(?:从(?!业)[^从由]{0,4}|由[^从由]{0,4}|提高到|提高至|增加到|增加至|增长到|提升到|提升至|达到|降至|降到|下降到|增至|扩大到|从|由|到|至)$")
_FROM_START = re.compile(r"^(?:从(?!业)|由)")
_NAME_DIGITS = re.compile(r"PM\s?(?:2\.5|2５|25|10)|[0-9０-９]A级|[0-9０-９]G(?![a-zA-Z])", re.IGNORECASE)
"""Digits that are part of a name (PM2.5, 5A级 scenic spots, 5G): never a figure with its unit."""
_WORD_WITH_HE = re.compile(r"^和(?:美|谐|平)")
_DIGIT = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?(?:万|亿|千|百|个|元|%|家|人|名|项|件|座|公里|千米|米|吨|斤|亩|户|所|套|条|台|辆|次|批|张|岁|倍|年)")


def label_problem(label: str | None, fact: Fact | None = None) -> str | None:
    """The first rule (see module doc) a task label breaks, or None when it is clean."""
    text = (label or "").strip()
    if len(_WORD.findall(text)) < 3:
        return "short"
    if (text[0] in _JOINERS and not _WORD_WITH_HE.match(text)) or text[-1] in _JOINERS:
        return "fragment"
    if _DIGIT.search(_NAME_DIGITS.sub("", text)):
        return "figure"
    if _FROM_START.search(text) or _CHANGE_END.search(text):
        return "verb_only"
    if fact is not None and fact.unit == "岁" and "寿命" not in text:
        return "age_or_share"
    if fact is not None and fact.unit == "%" and fact.value is not None and round(fact.value, 2) != fact.value:
        return "age_or_share"
    return None


def is_clean_label(label: str | None, fact: Fact | None = None) -> bool:
    return label_problem(label, fact) is None


def _clean(fact: Fact | None) -> bool:
    return fact is not None and is_clean_label(fact.label, fact)


def is_headline(row: object) -> bool:
    """True for a comparison row (diffing.compare.Row) that belongs in the default view."""
    indicator: str = getattr(row, "indicator")
    if not indicator.startswith("task:"):
        return True
    older, newer = getattr(row, "sides")
    if older is None or newer is None:
        return False
    match = getattr(row, "match")
    if match is None or (match.method != "exact" and match.score < MATCH_CONFIDENCE):
        return False
    return _clean(older) and _clean(newer)


def is_headline_series(series: object) -> bool:
    """A history series (diffing.history.Series) for the default history view: catalog ones only."""
    return not getattr(series, "indicator").startswith("task:")


# --- "were last year's targets met?" -------------------------------------------------------------

TALLY_ORDER: tuple[str, ...] = ("met", "missed", "not_comparable", "not_reported")
"""The verdicts of a target against its outcome, in the order every answer reads them."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Verdict counts of some target_vs_outcome rows.

    `counts` maps each verdict that occurs to its count, in `TALLY_ORDER` (any other verdict
    after them); `met_within` is how many of the met were met only within the 左右 tolerance.
    """

    counts: dict[str, int]
    met_within: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get(self, verdict: str) -> int:
        return self.counts.get(verdict, 0)


def tally(rows: Iterable["Row"]) -> Tally:
    """The verdict counts of `rows` (see Tally)."""
    found: dict[str, int] = {}
    within = 0
    for r in rows:
        found[r.verdict] = found.get(r.verdict, 0) + 1
        if r.verdict == "met" and r.within_tolerance:
            within += 1
    ordered = {v: found[v] for v in TALLY_ORDER if v in found}
    ordered.update((v, n) for v, n in sorted(found.items()) if v not in ordered)
    return Tally(ordered, within)


def is_setting(row: object) -> bool:
    """A policy setting (catalog `better="policy"`: 赤字率, 专项债券): a plan a report sets and
    moves, never met or missed, so no "were the targets met" count holds it."""
    return better_direction(getattr(row, "indicator")) == "policy"


def main_targets(c: "Comparison") -> tuple["Row", ...]:
    """Last year's main targets with their verdicts: the catalog rows of target_vs_outcome,
    policy settings left out. What `target_tally` counts and the default views list."""
    return tuple(r for r in c.by_check("target_vs_outcome")
                 if not r.indicator.startswith("task:") and not is_setting(r))


def judged_tasks(c: "Comparison") -> tuple["Row", ...]:
    """Last year's task commitments that this year's report judges: in the headline view (found
    in both reports, clean labels) and met or missed. The default views list them apart."""
    return tuple(r for r in c.by_check("target_vs_outcome")
                 if r.indicator.startswith("task:") and r.verdict in ("met", "missed") and is_headline(r))


def target_tally(c: "Comparison") -> Tally:
    """The one answer to "were last year's targets met": verdict counts of `main_targets`
    (完成 3 项、未完成 1 项、不可比 1 项、未报告实际 1 项). Tasks are never in it (`task_tally`)."""
    return tally(main_targets(c))


def task_tally(c: "Comparison") -> Tally:
    """Verdict counts of `judged_tasks`: shown apart from the targets' and labelled as tasks."""
    return tally(judged_tasks(c))
