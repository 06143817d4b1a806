"""What a subscriber's digest says, rendered as HTML and plain text from the archive.

A digest's payload (stored once in the outbox, shared by every attempt) only names the new
reports; the words come from the archive when the message is built. Each new report is a
section: its comparison with the year before (verdict badges, the figures and the report
sentences behind them), small charts of the headline indicators' history, or, for a
region's first archived year, the targets it sets. A digest shows the newest report first,
and when it holds several, a summary line of each at the top; a region's charts appear
once, in its newest section.

Sections are the expensive part and the same for every subscriber of a region, so a
`DigestRenderer` renders each once per process (cached by what it is made of) and only
the envelope per set of reports; the subscriber's address and token are placeholders,
filled in per message. Nothing per-subscriber is ever inside a section.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from urllib.parse import quote

from markupsafe import Markup, escape

from targetwatch.diffing import fmt as chinese
from targetwatch.diffing.compare import ComparisonError, Comparison, compare_sheets
from targetwatch.diffing.history import Series, build_history
from targetwatch.diffing.model import Fact, FactSheet
from targetwatch.templates import lang as L
from targetwatch.templates.words import words

HEADLINE_INDICATORS = ("gdp_growth", "surveyed_unemployment", "cpi", "new_urban_jobs", "grain_output")
CHARTS_PER_SECTION = 3
CHART_MIN_YEARS = 3
"""A chart of two points says no more than the table row beside it."""
TASKS_PER_SECTION = 10
FULL_SECTIONS = 3
"""Reports shown in full in one digest; later ones get their headline line and links, so five
reports stay well under the ~100 KB at which Gmail clips a message."""
_EMAIL, _TOKEN = "TWx3mailPLACEHOLDERq9", "TWx3tokenPLACEHOLDERq9"  # survive escaping unchanged
PLACEHOLDERS = (_EMAIL, _TOKEN)
"""Where an envelope holds the subscriber's address and token (Envelope.values fills them)."""
ENGLISH = {"gdp_growth": "GDP growth", "gdp_total": "GDP", "cpi": "CPI", "surveyed_unemployment": "unemployment",
           "registered_unemployment": "registered unemployment", "new_urban_jobs": "new urban jobs",
           "grain_output": "grain output", "income_growth": "income growth", "deficit_ratio": "deficit ratio",
           "special_bonds": "special bonds", "energy_intensity": "energy intensity"}


def web_link(url: str | None) -> str | None:
    u = (url or "").strip()
    return u if u.lower().startswith(("https://", "http://")) else None


def page_links(base_url: str | None, region: str, year: int, lang: str = "zh") -> dict[str, str]:
    """The web app's pages of a report: its comparison with the year before, and the region's
    history; an English digest links to the English pages (/en/)."""
    if not base_url:
        return {}
    base = base_url.rstrip("/") + L.PAGES[lang]
    return {"page": f"{base}/regions/{region}/{year}", "history": f"{base}/regions/{region}"}


def _configured_base_url() -> str | None:
    from targetwatch.config import load_settings

    return getattr(load_settings(), "base_url", None)


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
    brief_html: str = ""
    brief_text: str = ""
    links: dict[str, str] = field(default_factory=dict)
    html_without_charts: str = ""
    """The same section without its charts, for a digest that drew them in a newer section."""
    lang: str = "zh"

    @property
    def source_link(self) -> str | None:
        """The official page, only when it is a web address: a file:// path is the sender's disk."""
        return web_link(self.source_url)

    @property
    def title(self) -> str:
        mark = words(self.lang, "mail_sample") if self.sample else ""
        return mark + words(self.lang, "web_report_title", name=L.region(self.region, self.lang), y=self.year)

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


SECTION_CACHE_SIZE = 64
"""Rendered sections kept per process (each some 10-40 KB of HTML and text)."""
_SECTION_CACHE: OrderedDict[tuple, Section] = OrderedDict()


def _remember(key: tuple, section: Section) -> Section:
    _SECTION_CACHE[key] = section
    _SECTION_CACHE.move_to_end(key)
    while len(_SECTION_CACHE) > SECTION_CACHE_SIZE:
        _SECTION_CACHE.popitem(last=False)
    return section


def newest_first(sections: list[Section]) -> list[Section]:
    """The order a digest shows its reports in: the newest year first (a reader comes for the
    latest answer), national before the regions within a year."""
    return sorted(sections, key=lambda s: (-s.year, s.region != "national", s.region))


def charted_once(sections: list[Section]) -> list[bool]:
    """Which sections draw their charts: a region's charts are its history, the same for every
    section of that region, so they go with the first (newest) of them only."""
    seen: set[str] = set()
    out = []
    for s in sections:
        out.append(bool(s.charts) and s.region not in seen)
        if s.charts:
            seen.add(s.region)
    return out


@dataclass(frozen=True, slots=True)
class Envelope:
    """A digest as every subscriber of the same reports gets it, with placeholders for the
    address and the unsubscribe token (the only per-subscriber data; sections hold none).

    `fill` puts one subscriber's values in; `values` says what goes where, part by part, for
    callers that encode the parts once and substitute in bytes (worker.mail.message).
    """

    key: tuple
    subject: str
    text: str
    html: str

    @staticmethod
    def values(email: str, token: str | None) -> tuple[dict[str, str], dict[str, str]]:
        """({placeholder: value} for the text part, the same for the HTML part, escaped)."""
        tok = quote(token or "", safe="")
        return ({_TOKEN: tok, _EMAIL: email}, {_TOKEN: str(escape(tok)), _EMAIL: str(escape(email))})

    def fill(self, email: str, token: str | None) -> tuple[str, str, str]:
        text_values, html_values = self.values(email, token)
        text, html = self.text, self.html
        for placeholder, value in text_values.items():
            text = text.replace(placeholder, value)
        for placeholder, value in html_values.items():
            html = html.replace(placeholder, value)
        return self.subject, text, html


@dataclass
class DigestRenderer:
    """Renders digests from one archive; keep one per sending run.

    A section is rendered once per process for a given identity (the report, the region's
    archived reports and parses it is compared and charted with, the base URL of its links)
    and reused for every subscriber, and across sending runs while that identity holds; an
    envelope once per set of reports in a run. Per subscriber only two placeholders are
    replaced.
    """

    archive: Any
    unsubscribe_url: str | None = None
    base_url: str | None = field(default_factory=_configured_base_url)
    _sections: dict[tuple[int, str], Section] = field(default_factory=dict)
    _envelopes: dict[tuple, Envelope] = field(default_factory=dict)
    _envs: dict[str, Any] = field(default_factory=dict)

    def env(self, lang: str = "zh"):  # noqa: ANN201 - jinja2.Environment
        """The templates' environment in `lang` (one per language, made on first use)."""
        if lang not in self._envs:
            from targetwatch.templates.render import make_environment

            self._envs[lang] = make_environment(lang=lang)
        return self._envs[lang]

    def section(self, region: str, year: int, document_id: int, lang: str = "zh") -> Section:
        cached = self._sections.get((document_id, lang))
        if cached is None:
            key = self._identity(region, year, document_id, lang)
            cached = _SECTION_CACHE.get(key)
            if cached is None:
                cached = _remember(key, self._render_section(region, year, document_id, lang))
            self._sections[(document_id, lang)] = cached
        return cached

    def _identity(self, region: str, year: int, document_id: int, lang: str = "zh") -> tuple:
        """What a section is made of: the archive (its install identity), the report, every
        current parse of its region (the comparison reads year-1, the charts every year),
        the links' base URL and the language. A new report, a withdrawal or a reparse changes
        it, and the section is rendered again."""
        reports = tuple((r.report_year, r.document_id, r.extractor_version, r.fact_count)
                        for r in self.archive.summary(region))
        install = self.archive.install_id() if hasattr(self.archive, "install_id") else id(self.archive)
        return (install, region, year, document_id, reports, self.base_url, lang)

    def sections(self, payload: dict[str, Any]) -> list[Section]:
        """The payload's reports in its order (newest_first gives the order a digest shows)."""
        lang = payload_lang(payload)
        return [self.section(r["region"], int(r["year"]), int(r["document_id"]), lang)
                for r in payload.get("reports", [])]

    def envelope(self, payload: dict[str, Any]) -> Envelope:
        """The digest of these reports with placeholders for the subscriber (see Envelope)."""
        lang = payload_lang(payload)
        key = (lang, *((r["region"], int(r["year"]), int(r["document_id"])) for r in payload.get("reports", [])))
        cached = self._envelopes.get(key)
        if cached is None:
            listed = self.sections(payload)
            subject = digest_subject(listed, lang)  # names in the payload's order: national first
            sections = newest_first(listed)
            unsubscribe = (self._unsubscribe_page(lang) or "").replace("{token}", _TOKEN) or None
            ctx = {"sections": sections, "charted": charted_once(sections), "email": _EMAIL, "token": _TOKEN,
                   "unsubscribe_url": unsubscribe, "subject": subject, "full_sections": FULL_SECTIONS}
            env = self.env(lang)
            cached = self._envelopes[key] = Envelope(key, subject, env.get_template("digest.txt").render(ctx),
                                                     env.get_template("digest.html").render(ctx))
        return cached

    def _unsubscribe_page(self, lang: str) -> str | None:
        """The unsubscribe link of a digest in `lang`: the web app's own confirmation page in
        that language when the link is the app's (an address set in service.toml stays as set)."""
        url, base = self.unsubscribe_url, (self.base_url or "").rstrip("/")
        if base and url and url.startswith(base + "/unsubscribe/"):
            return base + L.PAGES[lang] + url[len(base):]
        return url

    def render(self, payload: dict[str, Any], *, email: str, token: str | None) -> tuple[str, str, str]:
        """(subject, plain text, HTML) of one subscriber's digest: the envelope, filled in."""
        return self.envelope(payload).fill(email, token)

    def _render_section(self, region: str, year: int, document_id: int, lang: str = "zh") -> Section:
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
                if s is not None and chart_years(s) >= CHART_MIN_YEARS and chart(s) is not None:
                    charts.append(s)
                if len(charts) == CHARTS_PER_SECTION:
                    break
        links = page_links(self.base_url, region, year, lang)
        earlier = tuple(y for y in self.archive.years(region) if y < year)
        section = Section(region, year, document_id, doc.source_url if doc else None, comparison, targets,
                          tuple(charts), earlier=earlier, sample=bool(doc and getattr(doc, "sample", False)),
                          links=links, lang=lang)
        ctx = {"s": section, "c": comparison, "region": L.region(region, lang), "links": links,
               "tasks": TASKS_PER_SECTION, "with_charts": True,
               "name_of": lambda f: L.indicator(f.indicator, f, region, lang)}
        env = self.env(lang)
        page = env.get_template("digest_section.html")
        html = Markup(page.render(ctx))
        bare = Markup(page.render({**ctx, "with_charts": False})) if charts else html
        text = env.get_template("digest_section.txt").render(ctx)
        brief_html = Markup(env.get_template("digest_brief.html").render(ctx))
        brief_text = env.get_template("digest_brief.txt").render(ctx)
        return Section(region, year, document_id, section.source_url, comparison, targets, tuple(charts),
                       html, text, earlier, section.sample, brief_html, brief_text, links, bare, lang)


def chart_years(series: Series) -> int:
    """Years of a series with a figure to draw (a target or an outcome)."""
    return sum(1 for p in series.plot() if p.target is not None or p.outcome is not None)


def digest_subject(sections: list[Section], lang: str = "zh") -> str:
    """'targetwatch：全国 2025年政府工作报告' or '…：全国、北京等3份新报告' (RFC 2047 on the wire);
    in English 'targetwatch: 4 new government work reports (China, Beijing, Hubei and more)'."""
    if not sections:
        return words(lang, "mail_subject_none")
    if len(sections) == 1:
        return words(lang, "mail_subject_one", title=sections[0].title)
    names = list(dict.fromkeys(L.region(s.region, lang) for s in sections))
    return words(lang, "mail_subject_many", names=words(lang, "list").join(names[:3]), n=len(sections),
                 more=words(lang, "mail_more_regions") if len(names) > 3 else "")


def payload_lang(payload: dict[str, Any]) -> str:
    """The language a queued digest is written in: its subscriber's when it was queued, else
    Chinese (digests queued before subscribers could choose)."""
    lang = payload.get("lang") or "zh"
    return lang if lang in L.LANGS else "zh"
