"""The Jinja2 environment of the web pages: the presentation package's, plus page helpers.

The filters (figure, verdict_zh, quote, signed, ...) and the chart geometry come from
targetwatch.templates.render, so a page and a digest say the same thing in the same words.
Only the markup differs: mail needs inline styles, the web uses classes from one stylesheet
(templates/web/site.css), which keeps pages small and lets a reader's browser cache it.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from targetwatch.diffing.compare import Comparison
from targetwatch.diffing.headline import Tally, is_setting, tally, target_tally, task_tally
from targetwatch.templates import lang as L
from targetwatch.templates.render import make_environment, tally_text

VERDICT_CLASSES = {
    "met": "ok", "missed": "bad", "not_reported": "grey", "not_comparable": "grey", "pending": "grey",
    "raised": "up", "lowered": "down", "unchanged": "grey", "reworded": "re", "new": "new", "dropped": "grey", "not_repeated": "grey",
    "above": "up", "below": "down", "equal": "grey",
}


def verdict_class(verdict: str | None, within_tolerance: bool = False) -> str:
    """The badge's CSS class: `met` within the 左右 tolerance is amber, like in mail."""
    if verdict == "met" and within_tolerance:
        return "v-tol"
    return "v-" + VERDICT_CLASSES.get(verdict or "", "grey")


def verdict_counts(summary: dict[str, int], order: tuple[str, ...] = ("met", "missed", "not_comparable",
                                                                       "not_reported")) -> list[tuple[str, int]]:
    """A summary's verdicts in reading order (met, missed, ... as `targetwatch compare` reads
    them) then whatever else is there."""
    first = [(v, summary[v]) for v in order if summary.get(v)]
    rest = [(v, n) for v, n in sorted(summary.items()) if v not in order and n]
    return first + rest


def check_counts(c: Comparison, check: str) -> list[tuple[str, Tally]]:
    """The counts above one check's table, each under its own label (page_words keys):
    the catalog indicators (for target_vs_outcome diffing.headline.target_tally, the same
    numbers as the answers box and `targetwatch compare`: policy settings are not judged),
    then the tasks the table lists — never the two added up."""
    rows = c.by_check(check)
    tasks = tally(r for r in rows if r.indicator.startswith("task:"))
    if check == "target_vs_outcome":
        main = target_tally(c)
    else:
        main = tally(r for r in rows if not r.indicator.startswith("task:"))
    return [(key, t) for key, t in (("web_counts_main", main), ("web_counts_tasks", tasks)) if t.total]


@lru_cache(maxsize=len(L.LANGS))
def environment(lang: str = "zh") -> jinja2.Environment:
    """The pages' environment in `lang`: every filter and global speaks it (render.make_environment)."""
    env = make_environment(lang=lang)

    def indicator_name(indicator: str, fact: Any = None, region: str | None = None) -> str:
        return L.indicator(indicator, fact, region, lang)

    env.filters.update(vclass=verdict_class, indicator_name=indicator_name)
    env.globals.update(region_name=lambda r: L.region(r, lang), verdict_counts=verdict_counts,
                       target_tally=target_tally, task_tally=task_tally, check_counts=check_counts,
                       tally_text=lambda t: tally_text(t, lang), is_setting=is_setting)
    return env


def render_page(template: str, lang: str = "zh", **context: Any) -> str:
    return environment(lang).get_template(f"web/{template}").render(**context)


@lru_cache(maxsize=1)
def stylesheet() -> bytes:
    return resources.files("targetwatch.templates").joinpath("web/site.css").read_bytes()
