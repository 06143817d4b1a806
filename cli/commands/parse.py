"""`targetwatch parse SOURCE`: print a report's facts (the FACTS.md contract) or a table."""
from __future__ import annotations

import json

import click

from targetwatch.diffing.errors import ParseError
from targetwatch.diffing.genre import classify
from targetwatch.diffing.parse import parse_report
from targetwatch.errors import UserError
from targetwatch.inputs import read_document
from targetwatch.cli.options import region_option


@click.command("parse")
@click.argument("source")
@click.option("--region", "-r", help="Region id (beijing, national, …) or name (北京); inferred from the text if omitted.")
@click.option("--year", "-y", type=click.IntRange(1949, 2100), help="Year of the report; inferred from the text if omitted.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json follows the facts contract; table is for reading in a terminal.")
@click.option("--force", is_flag=True,
              help="Parse a text that does not look like a government work report (a communiqué, a budget report…).")
@click.option("--explain", is_flag=True,
              help="Also say on stderr which sentence of the text decided the region and the year.")
def parse(source: str, region: str | None, year: int | None, fmt: str, force: bool, explain: bool) -> None:
    """Read a government work report and print every target and outcome it states.

    SOURCE is a file (plain text, HTML or PDF, UTF-8 or GBK), '-' for stdin, or an
    http(s) URL. Region and year, when not given, are read from the text's own clues (title,
    dateline, the congress session, the review heading 一、2023年工作回顾); when they are weak
    or disagree, parse refuses and names the candidates instead of guessing.

    \b
    Examples:
      targetwatch parse report.txt --region beijing --year 2024
      targetwatch parse https://www.gov.cn/.../content_7010168.htm --format table
      targetwatch parse report.txt --explain
    """
    _, doc = read_document(source)
    genre = classify(doc.text)
    if not genre.is_report and not force:
        raise UserError(f"{source}: does not look like a government work report: {genre.reason} "
                        "(pass --force to parse it anyway)")
    try:
        sheet = parse_report(doc.text, region=region_option(region), year=year)
    except ParseError as exc:
        raise UserError(f"{source}: {exc}") from exc
    if genre.kind == "summary":
        click.echo(f"targetwatch: note: {source}: a news summary of a work report, not the report itself "
                   f"({genre.reason})", err=True)
    if explain:
        for line in explain_lines(sheet):
            click.echo(line, err=True)
    if fmt == "json":
        click.echo(json.dumps(sheet.to_dict(), ensure_ascii=False, indent=1))
    else:
        from targetwatch.templates.tables import facts_table  # only the table needs it

        click.echo(facts_table(sheet))


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
