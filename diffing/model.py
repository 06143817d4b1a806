"""The facts contract (../shared/contract/FACTS.md) as typed, immutable values.

Everything downstream (comparisons, the archive, digests) consumes these objects, so they
are frozen: a fact read from a report never changes after the parser has produced it.
`to_dict` is the single place that decides the JSON shape printed by `targetwatch parse`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

Kind = Literal["target", "outcome"]
Comparator = Literal["about", "at_least", "at_most", "range", "exact", "qualitative", "none"]

KINDS: tuple[str, ...] = ("target", "outcome")
COMPARATORS: tuple[str, ...] = ("about", "at_least", "at_most", "range", "exact", "qualitative", "none")
NO_NUMBER: frozenset[str] = frozenset({"qualitative", "none"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure a report sets (target) or reports (outcome), with where it was read."""

    indicator: str
    label: str
    kind: Kind
    period: int
    comparator: Comparator
    value: float | None
    unit: str | None
    text: str
    span: tuple[int, int]
    low: float | None = None
    high: float | None = None
    period_start: int | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.comparator not in COMPARATORS:
            raise ValueError(f"comparator must be one of {COMPARATORS}, not {self.comparator!r}")
        if not self.indicator:
            raise ValueError("indicator must not be empty")

    @property
    def is_task(self) -> bool:
        return self.indicator.startswith("task:")

    @property
    def has_number(self) -> bool:
        return self.comparator not in NO_NUMBER

    def with_(self, **changes: Any) -> "Fact":
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "indicator": self.indicator,
            "label": self.label,
            "kind": self.kind,
            "period": self.period,
            "comparator": self.comparator,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "text": self.text,
            "span": [self.span[0], self.span[1]],
        }
        if self.period_start is not None:
            out["period_start"] = self.period_start
        if self.section is not None:
            out["section"] = self.section
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Fact":
        span = data.get("span") or (0, 0)
        return cls(
            indicator=str(data["indicator"]),
            label=str(data.get("label", "")),
            kind=data["kind"],
            period=int(data["period"]),
            comparator=data["comparator"],
            value=_num(data.get("value")),
            unit=data.get("unit"),
            text=str(data.get("text", "")),
            span=(int(span[0]), int(span[1])),
            low=_num(data.get("low")),
            high=_num(data.get("high")),
            period_start=data.get("period_start"),
            section=data.get("section"),
        )


_FIELDS = ("indicator", "label", "kind", "period", "comparator", "value", "unit", "text", "span", "low", "high",
           "period_start", "section")
assert _FIELDS == tuple(f.name for f in fields(Fact)), "parsed_fact must set every field of Fact, in order"


class _Unfrozen:
    """Fact's slots, in Fact's order, without its frozen __setattr__: what parsed_fact fills in
    before the object becomes a Fact. Python lets an object change its class only between classes
    of the same layout (same base, same slots), and raises TypeError otherwise."""

    __slots__ = _FIELDS


_new = object.__new__


def parsed_fact(indicator: str, label: str, kind: Kind, period: int, comparator: Comparator, value: float | None,
                unit: str | None, text: str, span: tuple[int, int], low: float | None = None, high: float | None = None,
                period_start: int | None = None, section: str | None = None) -> Fact:
    """Fact(...) for the parser, which makes one for every figure of every report: the same object,
    its slots set as plain attributes of an _Unfrozen that then becomes a Fact. Fact's frozen
    __init__ goes through object.__setattr__ field by field, then checks kind and comparator (some
    2 us, a twentieth of parsing); calling each slot's setter is a call per field too (9.4 k
    instructions a fact, against 2.6 k so). Its callers pass a kind and comparator they took from
    the parser's own contexts and quantities, which are valid."""
    fact: Any = _new(_Unfrozen)  # its slots are _FIELDS, which mypy does not read
    fact.indicator = indicator
    fact.label = label
    fact.kind = kind
    fact.period = period
    fact.comparator = comparator
    fact.value = value
    fact.unit = unit
    fact.text = text
    fact.span = span
    fact.low = low
    fact.high = high
    fact.period_start = period_start
    fact.section = section
    fact.__class__ = Fact
    return fact


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


@dataclass(frozen=True, slots=True)
class FactSheet:
    """All facts of one report: what `targetwatch parse` prints."""

    region: str
    report_year: int
    extractor_version: str
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    title: str | None = None
    meta: dict[str, Any] | None = None
    """How region and year were known (`evidence`) and what kind of text it is (`genre`): README."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "region": self.region,
            "report_year": self.report_year,
            "extractor_version": self.extractor_version,
        }
        if self.title:
            out["title"] = self.title
        if self.meta:
            out["meta"] = self.meta
        out["facts"] = [f.to_dict() for f in self.facts]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FactSheet":
        return cls(
            region=str(data["region"]),
            report_year=int(data["report_year"]),
            extractor_version=str(data.get("extractor_version", "")),
            facts=tuple(Fact.from_dict(f) for f in data.get("facts", [])),
            title=data.get("title"),
            meta=data.get("meta"),
        )

    def targets(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind == "target")

    def outcomes(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind == "outcome")
