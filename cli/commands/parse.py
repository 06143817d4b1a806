"""`targetwatch parse SOURCE`: print a report's facts (the FACTS.md contract) or a table."""
from __future__ import annotations

import json

import click

from targetwatch.diffing.errors import ParseError
from targetwatch.diffing.parse import parse_report
from targetwatch.errors import UserError
from targetwatch.inputs import read_document
from targetwatch.cli.options import region_option
from targetwatch.templates.tables import facts_table


@click.command("parse")
@click.argument("source")
@click.option("--region", "-r", help="Region id (beijing, national, …) or name (北京); inferred from the text if omitted.")
@click.option("--year", "-y", type=click.IntRange(1949, 2100), help="Year of the report; inferred from the text if omitted.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json follows the facts contract; table is for reading in a terminal.")
def parse(source: str, region: str | None, year: int | None, fmt: str) -> None:
    """Read a government work report and print every target and outcome it states.

    SOURCE is a file (plain text, HTML or PDF, UTF-8 or GBK), '-' for stdin, or an
    http(s) URL. Region and year are inferred from the title and the review heading
    (一、2023年工作回顾) when not given.

    \b
    Examples:
      targetwatch parse report.txt --region beijing --year 2024
      targetwatch parse https://www.gov.cn/.../content_7010168.htm --format table
    """
    _, doc = read_document(source)
    try:
        sheet = parse_report(doc.text, region=region_option(region), year=year)
    except ParseError as exc:
        raise UserError(f"{source}: {exc}") from exc
    if fmt == "json":
        click.echo(json.dumps(sheet.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(facts_table(sheet))
