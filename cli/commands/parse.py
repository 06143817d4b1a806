"""`targetwatch parse SOURCE`: print a report's facts (the FACTS.md contract) or a table.

Its options, help and option errors; the work is cli/parsing.py's. cli/quick.py reads a
plain call's arguments without click and must agree with the options here (its test compares them).
"""
from __future__ import annotations

import click

from targetwatch.cli.parsing import explain_lines, run_parse

__all__ = ["explain_lines", "parse"]


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
    run_parse(source, region, year, fmt, force, explain, click.echo)
