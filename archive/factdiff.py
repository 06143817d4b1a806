"""What a re-parse changed: facts added, removed or changed, matched by what they are about.

Two facts are "the same fact" when they state the same kind of figure (target or outcome)
for the same indicator and period; the n-th such fact of one parse is matched with the n-th
of the other, since a report may state an indicator twice. Offsets are not compared: a
better HTML clean-up moves every span without changing any fact.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from targetwatch.diffing.model import Fact

from targetwatch.archive.records import FactChanges

_COMPARED = ("label", "comparator", "value", "low", "high", "unit", "text", "section")


def _key(f: Fact) -> tuple:
    return (f.indicator, f.kind, f.period, f.period_start)


def _group(facts: Sequence[Fact]) -> dict[tuple, list[Fact]]:
    out: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        out[_key(f)].append(f)
    return out


def diff_facts(old: Sequence[Fact], new: Sequence[Fact]) -> FactChanges:
    before, after = _group(old), _group(new)
    added: list[Fact] = []
    removed: list[Fact] = []
    changed: list[tuple[Fact, Fact]] = []
    for key in list(before) + [k for k in after if k not in before]:
        olds, news = before.get(key, []), after.get(key, [])
        for a, b in zip(olds, news):
            if any(getattr(a, name) != getattr(b, name) for name in _COMPARED):
                changed.append((a, b))
        removed.extend(olds[len(news):])
        added.extend(news[len(olds):])
    return FactChanges(tuple(added), tuple(removed), tuple(changed))
