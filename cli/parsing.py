"""What `targetwatch parse` does once its arguments are known, with no click in sight.

Two doors lead here: the click command (cli/commands/parse.py: help, option errors) and
cli/quick.py, which reads the arguments of a plain `targetwatch parse FILE` itself so that
the evaluation harness, running it once per report, does not pay some 10 ms for importing
click. Both pass the function that prints a line (`echo(text, err=False)`).
"""
from __future__ import annotations

import json
from collections.abc import Callable

from targetwatch.cli.options import region_option
from targetwatch.diffing.errors import ParseError
from targetwatch.diffing.genre import classify
from targetwatch.diffing.parse import parse_report, year_contradiction
from targetwatch.errors import UserError
from targetwatch.inputs import read_document

Echo = Callable[..., None]


def run_parse(source: str, region: str | None, year: int | None, fmt: str, force: bool, explain: bool,
              echo: Echo) -> None:
    _, doc = read_document(source)
    genre = classify(doc.text)
    if not genre.is_report and not force:
        raise UserError(f"{source}: does not look like a government work report: {genre.reason} "
                        "(pass --force to parse it anyway)")
    try:
        sheet = parse_report(doc.text, region=region_option(region), year=year)
    except ParseError as exc:
        raise UserError(f"{source}: {exc}") from exc
    if year is not None and (contradiction := year_contradiction(doc.text, year, sheet.region)):
        echo(f"targetwatch: warning: {source}: {contradiction}; parsed as {year} as --year says", err=True)
    if genre.kind == "summary":
        echo(f"targetwatch: note: {source}: a news summary of a work report, not the report itself "
             f"({genre.reason})", err=True)
    if explain:
        for line in explain_lines(sheet):
            echo(line, err=True)
    if fmt == "json":
        echo(json.dumps(sheet.to_dict(), ensure_ascii=False, indent=1))
    else:
        from targetwatch.templates.tables import facts_table  # only the table needs it

        echo(facts_table(sheet))


def explain_lines(sheet) -> list[str]:
    """How the region and year were known, one line each, quoting the deciding sentences."""
    evidence = (sheet.meta or {}).get("evidence", {})
    lines = []
    for key in ("region", "year"):
        item = evidence.get(key) or {}
        if item.get("source") == "given":
            lines.append(f"{key} {item.get('value')}: given on the command line")
            continue
        quotes = "; ".join(f"{c['kind']} “{' '.join(c['text'].split())}” (characters {c['span'][0]}-{c['span'][1]})"
                           for c in item.get("clues", []))
        lines.append(f"{key} {item.get('value')}: read from the text: {quotes}")
    return lines
