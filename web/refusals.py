"""The library's refusals in the page's words: why two reports cannot be compared, why an upload
cannot be read.

`compare_sheets` and `archive.ingest.prepare` refuse with one English line each (ComparisonError,
DocumentRejected), written for the command line ("…; swap them", "pass --year"). A Chinese page
must not show that, and an English page should not tell a visitor to pass a flag. So each
known kind of refusal is named here from what it is about — the two sheets' regions and
years, the exception's cause — never by reading the English text, and said with a
page_words key in either language. The library's own line stays available as `detail`
(shown folded in a <details>, escaped) only where it says more than the page words do: which
bytes made a file unreadable, what the text looked like instead of a work report. A refusal
of a kind not known here is said in general words, with the library's line as its detail.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from targetwatch.archive.errors import DocumentRejected
from targetwatch.archive.ingest import NOT_A_REPORT
from targetwatch.diffing.compare import ComparisonError, one_year
from targetwatch.diffing.errors import ParseError, UnknownRegion, UnknownYear
from targetwatch.diffing.model import FactSheet
from targetwatch.scrapers.document import NotText
from targetwatch.templates import lang as L
from targetwatch.templates.words import words

REGION_VALUES = ("name", "other")
"""Values that are region ids, named in the page's language when said."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A page_words key and its values; `detail` is the library's own (English) line, or ""."""

    key: str
    values: dict[str, object] = field(default_factory=dict)
    detail: str = ""

    def text(self, lang: str) -> str:
        said = {k: L.region(str(v), lang) if k in REGION_VALUES else v for k, v in self.values.items()}
        return words(lang, self.key, **said)


def comparison_refusal(old: FactSheet, new: FactSheet, exc: ComparisonError) -> Refusal:
    """Why `compare_sheets(old, new)` refused, from the sheets, in diffing.compare.check_pair's order.

    Each case here is one of check_pair's conditions, so when it holds it is the reason the
    comparison gave; a refusal none of them explains is said in general words with its detail.
    """
    y0, y1 = old.report_year, new.report_year
    if old.region != new.region:
        return Refusal("web_cannot_regions", {"name": old.region, "other": new.region})
    if y0 == y1:
        return Refusal("web_cannot_same_year", {"y": y1})
    if y0 > y1:
        return Refusal("web_cannot_swapped", {"old": y0, "new": y1})
    if y1 - y0 != 1:
        return Refusal("web_cannot_gap", {"name": new.region, "old": y0, "new": y1, "prev": y1 - 1})
    for sheet, period in ((old, y0), (new, y1)):
        if not any(not f.is_task for f in one_year(sheet.targets(), period)):
            return Refusal("web_cannot_no_targets", {"name": sheet.region, "y": sheet.report_year, "period": period})
    return Refusal("web_cannot_other", {}, str(exc))


def document_refusal(exc: DocumentRejected) -> Refusal:
    """Why an uploaded file was not compared, from what `prepare` raised it for (its cause)."""
    cause = exc.__cause__
    if isinstance(cause, NotText):
        return Refusal("web_refused_not_text", {}, str(cause))
    if isinstance(cause, UnknownYear):
        return Refusal("web_refused_year", {}, str(cause))
    if isinstance(cause, UnknownRegion):
        return Refusal("web_refused_region", {}, str(cause))
    if isinstance(cause, ParseError):
        return Refusal("web_refused_parse", {}, str(cause))
    text = str(exc)
    if cause is None and text.startswith(NOT_A_REPORT):
        return Refusal("web_refused_not_report", {}, text[len(NOT_A_REPORT):].lstrip(": "))
    return Refusal("web_refused_other", {}, text)


__all__ = ["Refusal", "comparison_refusal", "document_refusal"]
