"""What a subscriber's digest says, rendered as HTML and plain text from the archive.

A digest's payload (stored once in the outbox, shared by every attempt) only names the new
reports; the words come from the archive when the message is built. Each new report is a
section: its comparison with the year before (verdict badges, the figures and the report
sentences behind them), small charts of the headline indicators' history, or, for a
region's first archived year, the targets it sets. Sections are the expensive part and are
the same for every subscriber of a region, so a `DigestRenderer` renders each once and
only the envelope (greeting, unsubscribe token) per subscriber.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from urllib.parse import quote

from markupsafe import Markup, escape

from targetwatch.diffing import fmt as chinese
from targetwatch.diffing.compare import ComparisonError, Comparison, compare_sheets
from targetwatch.diffing.history import Series, build_history
from targetwatch.diffing.model import Fact, FactSheet
from targetwatch.diffing.regions import region_name

HEADLINE_INDICATORS = ("gdp_growth", "surveyed_unemployment", "cpi", "new_urban_jobs", "grain_output")
CHARTS_PER_SECTION = 3
_EMAIL, _TOKEN = "TWx3mailPLACEHOLDERq9", "TWx3tokenPLACEHOLDERq9"  # survive escaping unchanged
ENGLISH = {"gdp_growth": "GDP growth", "gdp_total": "GDP", "cpi": "CPI", "surveyed_unemployment": "unemployment",
           "registered_unemployment": "registered unemployment", "new_urban_jobs": "new urban jobs",
           "grain_output": "grain output", "income_growth": "income growth", "deficit_ratio": "deficit ratio",
           "special_bonds": "special bonds", "energy_intensity": "energy intensity"}


@dataclass(frozen=True, slots=True)
class Section:
    """One new report as a digest shows it."""

    region: str
    year: int
    document_id: int
    source_url: str | None
    comparison: Comparison | None
    targets: tuple[Fact, ...]
    charts: tuple[Series, ...]
    html: str = ""
    text: str = ""
    earlier: tuple[int, ...] = ()
    """Earlier archived years of the region: with none, this is its first report in the archive."""
    sample: bool = False
    """An abridged sample of `targetwatch demo`, never a real report: the title says so."""

    @property
    def title(self) -> str:
        mark = "［示例］" if self.sample else ""
        return f"{mark}{region_name(self.region)} {self.year}年政府工作报告"

    def headlines(self) -> list[str]:
        """'GDP growth target 5%左右 met (5.2%)': last year's headline targets and their verdicts."""
        if self.comparison is None:
            return [f"{ENGLISH.get(f.indicator, chinese.indicator_name(f.indicator, f, self.region))} "
                    f"target {chinese.figure(f)} ({self.no_comparison})"
                    for f in self.targets if f.indicator in HEADLINE_INDICATORS][:3]
        return headlines(self.comparison)

    @property
    def no_comparison(self) -> str:
        """Why there is no comparison: never 'first' when earlier years are archived."""
        if not self.earlier:
            return "first archived year, nothing to compare"
        return f"no {self.year - 1} report archived to compare with; archived earlier: {_years(self.earlier)}"


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(map(str, years[-3:])) if len(years) <= 3 else f"{years[0]}-{years[-1]}"


def headlines(c: Comparison) -> list[str]:
    """Last year's headline targets and their verdicts, in words for a terminal or a log."""
    out = []
    for row in c.by_check("target_vs_outcome"):
        if row.indicator not in HEADLINE_INDICATORS or row.target is None:
            continue
        label = ENGLISH.get(row.indicator) or chinese.indicator_name(row.indicator, row.target, c.region)
        verdict = row.verdict.replace("_", " ") + (" within tolerance" if row.within_tolerance else "")
        got = f" ({chinese.figure(row.outcome)})" if row.outcome is not None else ""
        out.append(f"{c.previous_year} {label} target {chinese.figure(row.target)} {verdict}{got}")
    return out


@dataclass
class DigestRenderer:
    """Renders digests from one archive; keep one per sending run (sections are cached in it)."""

    archive: Any
    unsubscribe_url: str | None = None
    _sections: dict[int, Section] = field(default_factory=dict)
    _envelopes: dict[tuple, tuple[str, str, str]] = field(default_factory=dict)

    @cached_property
    def env(self):  # noqa: ANN201 - jinja2.Environment
        from targetwatch.templates.render import make_environment

        return make_environment()

    def section(self, region: str, year: int, document_id: int) -> Section:
        cached = self._sections.get(document_id)
        if cached is None:
            cached = self._sections[document_id] = self._render_section(region, year, document_id)
        return cached

    def sections(self, payload: dict[str, Any]) -> list[Section]:
        return [self.section(r["region"], int(r["year"]), int(r["document_id"])) for r in payload.get("reports", [])]

    def render(self, payload: dict[str, Any], *, email: str, token: str | None) -> tuple[str, str, str]:
        """(subject, plain text, HTML) of one subscriber's digest.

        Subscribers of the same reports get the same digest but for their address and
        token, so it is rendered once per set of reports with placeholders, which are then
        replaced (escaped for HTML) per subscriber: a string replace instead of two template
        renders, which matters at ten thousand subscribers.
        """
        key = tuple((r["region"], int(r["year"]), int(r["document_id"])) for r in payload.get("reports", []))
        cached = self._envelopes.get(key)
        if cached is None:
            sections = self.sections(payload)
            subject = digest_subject(sections)
            unsubscribe = (self.unsubscribe_url or "").replace("{token}", _TOKEN) or None
            ctx = {"sections": sections, "email": _EMAIL, "token": _TOKEN, "unsubscribe_url": unsubscribe,
                   "subject": subject}
            cached = self._envelopes[key] = (subject, self.env.get_template("digest.txt").render(ctx),
                                             self.env.get_template("digest.html").render(ctx))
        subject, text, html = cached
        tok = quote(token or "", safe="")
        return (subject, text.replace(_TOKEN, tok).replace(_EMAIL, email),
                html.replace(_TOKEN, str(escape(tok))).replace(_EMAIL, str(escape(email))))

    def _render_section(self, region: str, year: int, document_id: int) -> Section:
        sheet: FactSheet | None = self.archive.factsheet(region, year)
        doc = self.archive.document(document_id)
        previous = self.archive.factsheet(region, year - 1)
        comparison = None
        if sheet is not None and previous is not None:
            try:
                comparison = compare_sheets(previous, sheet)
            except ComparisonError:
                comparison = None
        targets = tuple(f for f in (sheet.facts if sheet else ()) if f.kind == "target" and f.period == year)
        charts: list[Series] = []
        try:
            history = build_history(self.archive.factsheets(region))
        except ComparisonError:
            history = None
        if history is not None:
            from targetwatch.templates.render import chart

            for ind in HEADLINE_INDICATORS:
                s = history.get(ind)
                if s is not None and chart(s) is not None:
                    charts.append(s)
                if len(charts) == CHARTS_PER_SECTION:
                    break
        earlier = tuple(y for y in self.archive.years(region) if y < year)
        section = Section(region, year, document_id, doc.source_url if doc else None, comparison, targets,
                          tuple(charts), earlier=earlier, sample=bool(doc and getattr(doc, "sample", False)))
        ctx = {"s": section, "c": comparison, "region": region_name(region),
               "name_of": lambda f: chinese.indicator_name(f.indicator, f, region)}
        html = Markup(self.env.get_template("digest_section.html").render(ctx))
        text = self.env.get_template("digest_section.txt").render(ctx)
        return Section(region, year, document_id, section.source_url, comparison, targets, tuple(charts),
                       html, text, earlier, section.sample)


def digest_subject(sections: list[Section]) -> str:
    """'targetwatch：全国 2025年政府工作报告' or '…：全国、北京等3份新报告' (Chinese, RFC 2047 on the wire)."""
    if not sections:
        return "targetwatch：没有新报告"
    if len(sections) == 1:
        return f"targetwatch：{sections[0].title}"
    names = list(dict.fromkeys(region_name(s.region) for s in sections))
    shown = "、".join(names[:3])
    return f"targetwatch：{shown}{'等' if len(names) > 3 else ''}{len(sections)}份新政府工作报告"
