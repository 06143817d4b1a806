"""`targetwatch compare` and `targetwatch history`: verdicts on targets, from files or the archive.

Both read reports the way `targetwatch parse` does (file, '-', or URL, through
targetwatch.inputs), and also accept the facts JSON that `targetwatch parse` prints, so a
comparison can be rerun without parsing again or checked on hand-corrected facts.
"""
from __future__ import annotations

import sys
import re
from pathlib import Path
from collections.abc import Callable
from typing import Any

import click

from targetwatch.diffing.compare import ComparisonError, Tolerance, compare_sheets
from targetwatch.diffing.errors import ParseError, UnknownYear
from targetwatch.diffing.history import build_history
from targetwatch.diffing.model import FactSheet
from targetwatch.cli.options import region_option
from targetwatch.errors import ServiceError, UserError
from targetwatch.inputs import facts_json, read_document
from targetwatch.templates.lang import LANGS
from targetwatch.templates.render import COMPARISON_FORMATS, HISTORY_FORMATS, render_comparison, render_history

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".json")


class ReportPath(str):
    """A report file given where the year goes: `compare 2023.txt 2024.txt` reads as --old/--new."""


def looks_like_report(text: str) -> bool:
    """A file name, '-' or a URL, not a year: digits alone are always a year, even beside a file so named."""
    if text.strip().isdigit():
        return False
    return text == "-" or text.lower().endswith(REPORT_SUFFIXES) or "/" in text or Path(text).is_file()


class _Year(click.IntRange):
    """A year; a report file where the year goes (compare 2023.txt 2024.txt) is kept as a ReportPath."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value)
        if param is not None and param.name == "year_arg" and looks_like_report(text):
            return ReportPath(text)
        if not isinstance(value, int) and not text.strip().isdigit():
            self.fail(f"'{text}' is not a year (write it as 2024)", param, ctx)
        return super().convert(value, param, ctx)


YEAR = _Year(1949, 2100)
_YEAR_NAME = re.compile(r"(?:19|20)\d\d")

LANG_HELP = ("Language of headings, names, figures and verdicts in table, text, md and html: zh as the reports "
             "write them, en for foreign desks (report sentences and task names are quoted in Chinese). "
             "JSON and CSV are data and keep ids.")

TOLERANCE_HELP = ("How far an outcome may fall short of a 左右 (about) target and still count as met: "
                  "percentage points for rates and a share of the target for levels, e.g. 0.5pp,5% "
                  "(the default), 0.3 (points only), 3% (levels only) or strict.")


def _tolerance(ctx: click.Context, param: click.Parameter, value: str | None) -> Tolerance:
    if value is None:
        return Tolerance()
    try:
        return Tolerance.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


# --- reading reports ---------------------------------------------------------------------------

def load_sheet(source: str, region: str | None = None, year: int | None = None,
               year_flag: str = "--year") -> FactSheet:
    """A report (text, HTML, PDF) parsed into facts, or a facts JSON file read as it is.

    `year_flag` names the option that gives this report's year, for the parser's message.
    """
    _, doc = read_document(source)
    text = doc.text
    if doc.media == "text" and text.lstrip().startswith("{"):
        return facts_json(source, text, region, year)
    from targetwatch.diffing.parse import parse_report

    try:
        return parse_report(text, region=region, year=year)
    except ParseError as exc:
        message = str(exc).replace("--year", year_flag) if isinstance(exc, UnknownYear) else str(exc)
        raise UserError(f"{source}: {message}") from exc


def _year_of(path: str) -> int | None:
    """The year a file is named after (national/2024.txt, beijing-2025.json), as a hint to the parser."""
    years = _YEAR_NAME.findall(Path(path).stem)
    return int(years[0]) if len(years) == 1 else None


# --- the archive -------------------------------------------------------------------------------

class _ArchiveReader:
    """The archive's read side as these commands need it, failing with one clear line.

    The archive is written by another part of the project; this keeps to its public calls
    (`Archive(url)`, `factsheet(region, year)`, `years(region)`, `factsheets(region)` when
    present) and says so when they are not there yet, rather than breaking with an
    AttributeError.
    """

    def __init__(self) -> None:
        try:
            from targetwatch.archive.store import Archive
        except ImportError as exc:
            raise UserError("the archive is not available in this version yet; compare two files with "
                            "--old OLD --new NEW, or give --file/--dir to history") from exc
        from targetwatch.config import load_settings

        url = load_settings().database_url
        try:
            self._archive: Any = Archive(url)
        except UserError:
            raise
        except Exception as exc:  # noqa: BLE001 - any driver error means the same to the user
            raise ServiceError(f"cannot open the archive ({_safe_url(url)}): {exc}") from exc

    def _call(self, method: str, *args: Any) -> Any:
        fn = getattr(self._archive, method, None)
        if not callable(fn):
            raise UserError(f"the archive is not available in this version yet (it has no {method}()); "
                            "compare two files with --old OLD --new NEW instead")
        try:
            return fn(*args)
        except UserError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ServiceError(f"the archive failed to answer: {type(exc).__name__}: {exc}") from exc

    def years(self, region: str) -> list[int]:
        return sorted(int(y) for y in (self._call("years", region) or ()))

    def factsheet(self, region: str, year: int) -> FactSheet:
        sheet = self._call("factsheet", region, year)
        if sheet is None:
            known = self.years(region)
            have = (f"archived years: {_year_list(known)}" if known else f"no report of {region} is archived")
            raise UserError(f"no {year} report of {region} in the archive ({have}); "
                            "add it with 'targetwatch archive add' or compare files with --old/--new")
        return sheet

    def factsheets(self, region: str, wanted: Callable[[int], bool]) -> list[FactSheet]:
        """Every archived year of a region in one call when the archive offers it."""
        if callable(getattr(self._archive, "factsheets", None)):
            return [s for s in self._call("factsheets", region) if wanted(s.report_year)]
        return [self.factsheet(region, y) for y in self.years(region) if wanted(y)]

    def close(self) -> None:
        closer = getattr(self._archive, "close", None)
        if callable(closer):
            closer()


def _safe_url(url: str) -> str:
    return re.sub(r"//[^/@]*@", "//***@", url)


def _year_list(years: list[int]) -> str:
    return ", ".join(map(str, years)) if len(years) <= 12 else f"{years[0]}-{years[-1]} ({len(years)} years)"


# --- compare -----------------------------------------------------------------------------------

class _PairedArgument(click.Argument):
    """REGION and YEAR come together or not at all: the usage line says `[REGION YEAR]` once,
    and an error names the argument itself (`YEAR`), not a piece of that bracket."""

    def __init__(self, *args, usage: str = "", **kwargs) -> None:  # noqa: ANN002, ANN003 - click's own
        super().__init__(*args, **kwargs)
        self.usage = usage

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [self.usage] if self.usage else []


@click.command("compare")
@click.argument("region_arg", metavar="REGION", required=False, cls=_PairedArgument, usage="[REGION YEAR | OLD NEW]")
@click.argument("year_arg", metavar="YEAR", required=False, type=YEAR, cls=_PairedArgument)
@click.option("--old", "old_source", metavar="OLD", help="The earlier report: file, '-', URL, or facts JSON.")
@click.option("--new", "new_source", metavar="NEW", help="The later report: file, '-', URL, or facts JSON.")
@click.option("--region", "-r", "region_opt", help="Region id or name of both reports; inferred from the texts if omitted.")
@click.option("--old-year", type=YEAR, help="Year of OLD (default: NEW's year - 1, or inferred).")
@click.option("--new-year", type=YEAR, help="Year of NEW (default: OLD's year + 1, or inferred).")
@click.option("--format", "fmt", type=click.Choice(COMPARISON_FORMATS), default=None,
              help="table: boxed tables for a terminal; text: mail-ready lines; md; html a page; "
                   "json follows COMPARE.md (every row, with its `headline` flag). Default: table on a "
                   "terminal, json when the output is piped or redirected (as before, for scripts).")
@click.option("--all", "show_all", is_flag=True,
              help="List every row (all tasks, with the report sentences) instead of the headline view.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True, help=LANG_HELP)
@click.option("--about-tolerance", callback=_tolerance, metavar="SPEC", help=TOLERANCE_HELP)
@click.option("--email", "email_to", metavar="ADDR",
              help="Also mail the comparison (HTML and text) to ADDR, by TARGETWATCH_SMTP_URL or to the outbox.")
def compare(region_arg: str | None, year_arg: int | None, old_source: str | None, new_source: str | None,
            region_opt: str | None, old_year: int | None, new_year: int | None, fmt: str | None,
            show_all: bool, lang: str, about_tolerance: Tolerance, email_to: str | None) -> None:
    """Say whether last year's targets were met and how this year's moved.

    Either two reports (OLD NEW, or --old and --new), or REGION YEAR to compare the archived
    report of YEAR with that of YEAR-1. The default view leads with the headline verdicts (catalog
    indicators, then tasks found in both reports with clean labels) and counts the rest;
    --all lists every row with the report sentences it was read from.

    \b
    Examples:
      targetwatch compare national 2024 --format table
      targetwatch compare 2023.txt 2024.txt --region national
      targetwatch compare --old 2023.txt --new 2024.txt --region national --format html > 2024.html
      targetwatch compare --old a.json --new b.json --about-tolerance 0.3pp,3%
      targetwatch compare guangdong 2026 --format html --lang en > guangdong-2026.html
      targetwatch compare beijing 2025 --email analyst@example.org
    """
    if isinstance(year_arg, ReportPath):  # compare OLD NEW: two files, as --old OLD --new NEW
        if old_source or new_source:
            raise UserError("give the two reports either as OLD NEW or as --old/--new, not both")
        if not looks_like_report(region_arg or ""):
            raise UserError(f"'{year_arg}' is a file, not a year: give REGION YEAR (from the archive) "
                            f"or two reports, OLD NEW")
        old_source, new_source, region_arg, year_arg = region_arg, str(year_arg), None, None
    if fmt is None:  # a reader at a terminal gets the answer; a pipe keeps getting the contract's JSON
        fmt = "table" if sys.stdout.isatty() else "json"
    if email_to:
        from targetwatch.archive.subscriptions import normalize_email

        try:
            normalize_email(email_to)  # before any work, so a typo costs nothing
        except ValueError as exc:
            raise UserError(f"--email: {exc}") from exc
    if old_source or new_source:
        if not (old_source and new_source):
            raise UserError("give both --old and --new (two reports of consecutive years), or REGION YEAR")
        if region_arg or year_arg:
            raise UserError("give either REGION YEAR (from the archive) or --old/--new (files), not both")
        region = region_option(region_opt)
        if new_year is None and old_year is not None:
            new_year = old_year + 1
        if old_year is None and new_year is not None:
            old_year = new_year - 1
        old = load_sheet(old_source, region, old_year, "--old-year")
        new = load_sheet(new_source, region, new_year, "--new-year")
    else:
        region = region_option(region_arg or region_opt)
        year = year_arg or new_year
        if region is None or year is None:
            raise UserError("say what to compare: REGION YEAR (from the archive), or --old OLD --new NEW")
        reader = _ArchiveReader()
        try:
            new = reader.factsheet(region, year)
            old = reader.factsheet(region, year - 1)
        finally:
            reader.close()
    try:
        result = compare_sheets(old, new, about_tolerance=about_tolerance)
    except ComparisonError as exc:
        raise UserError(str(exc)) from exc
    from targetwatch.config import load_settings

    base = getattr(load_settings(), "base_url", None)
    links = {"page": f"{base.rstrip('/')}/regions/{result.region}/{result.year}"} if base else {}
    click.echo(render_comparison(result, fmt, full=show_all, links=links, lang=lang), nl=False)
    if email_to:
        from targetwatch.config import load_settings
        from targetwatch.worker.mail import send_comparison

        where = send_comparison(result, email_to, load_settings())
        click.echo(f"mailed to {email_to}: {where}", err=True)


# --- history -----------------------------------------------------------------------------------

def _folder_reports(folder: str) -> list[str]:
    files = [p for p in Path(folder).iterdir()
             if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and _YEAR_NAME.fullmatch(p.stem)]
    return [str(p) for p in sorted(files, key=lambda p: p.stem)]


@click.command("history")
@click.argument("region")
@click.option("--indicator", "-i", "indicators", multiple=True,
              help="Only this indicator id (gdp_growth, cpi, task:…); repeat for more.")
@click.option("--file", "files", multiple=True, metavar="SOURCE",
              help="A report (file, URL or facts JSON) to include; repeat for more years.")
@click.option("--dir", "folders", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A folder of reports named by year (2023.txt, 2024.json …).")
@click.option("--since", type=YEAR, help="Leave out reports before this year.")
@click.option("--until", type=YEAR, help="Leave out reports after this year.")
@click.option("--all", "show_all", is_flag=True,
              help="Every series (tasks included); the default shows the headline indicators only.")
@click.option("--all-tasks", is_flag=True, help="Also list tasks mentioned in one report only (implies --all).")
@click.option("--format", "fmt", type=click.Choice(HISTORY_FORMATS), default="table", show_default=True,
              help="table/text for a terminal; json; csv for spreadsheets; md; html a page with charts.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True, help=LANG_HELP)
@click.option("--about-tolerance", callback=_tolerance, metavar="SPEC", help=TOLERANCE_HELP)
def history(region: str, indicators: tuple[str, ...], files: tuple[str, ...], folders: tuple[str, ...],
            since: int | None, until: int | None, show_all: bool, all_tasks: bool, fmt: str,
            lang: str, about_tolerance: Tolerance) -> None:
    """Each indicator's targets and outcomes over the years, with the verdict of each year.

    Reads the archive, or the reports given with --file/--dir (a year's target comes from
    its own report, its outcome from the next one).

    \b
    Examples:
      targetwatch history national --indicator gdp_growth
      targetwatch history national --dir reports/national --since 2004 --format html > national.html
      targetwatch history beijing --file 2024.txt --file 2025.txt --format csv
      targetwatch history national --format html --lang en > national-en.html
    """
    region_id = region_option(region)
    assert region_id is not None
    sources = list(files)
    for folder in folders:
        found = _folder_reports(folder)
        if not found:
            # Given a folder, the user asked for its reports: reading the archive instead would
            # answer another question without a word.
            raise UserError(f"{folder}: no report named by its year (2023.txt, 2024.html, 2024.json …) in this folder")
        sources += found

    def wanted(year: int) -> bool:
        return (since is None or year >= since) and (until is None or year <= until)

    sheets: list[FactSheet] = []
    if sources:
        for src in sources:
            hint = _year_of(src)
            if hint is not None and not wanted(hint):
                continue
            sheet = load_sheet(src, region_id, hint)
            if wanted(sheet.report_year):
                sheets.append(sheet)
        if not sheets:
            raise UserError(f"none of the given reports is of a year between {since or '…'} and {until or '…'}")
    else:
        reader = _ArchiveReader()
        try:
            sheets = reader.factsheets(region_id, wanted)
        finally:
            reader.close()
        if not sheets:
            raise UserError(f"no report of {region_id} in the archive{' for those years' if since or until else ''}; "
                            "add some with 'targetwatch archive import', or give --file/--dir")
    try:
        result = build_history(sheets, about_tolerance=about_tolerance, min_task_reports=1 if all_tasks else 2)
    except ComparisonError as exc:
        raise UserError(str(exc)) from exc
    if indicators:
        missing = [i for i in indicators if result.get(i) is None]
        if missing:
            known = ", ".join(s.indicator for s in result.series[:12])
            raise UserError(f"no indicator {', '.join(missing)} in these reports; known ids include: {known}")
        result = result.only(list(indicators))
    full = show_all or all_tasks or bool(indicators)
    click.echo(render_history(result, fmt, full=full, lang=lang), nl=False)
