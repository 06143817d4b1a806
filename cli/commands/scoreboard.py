"""`targetwatch scoreboard YEAR`: every archived region's verdicts for one year, side by side."""
from __future__ import annotations

import click

from targetwatch.cli.commands.archive import archive_session
from targetwatch.cli.commands.compare import TOLERANCE_HELP, YEAR, _tolerance
from targetwatch.cli.options import region_option
from targetwatch.diffing.compare import Tolerance
from targetwatch.diffing.scoreboard import SCOREBOARD_CHECKS, ScoreboardError
from targetwatch.errors import UserError
from targetwatch.templates.lang import LANGS
from targetwatch.templates.scoreboard import SCOREBOARD_FORMATS, render_scoreboard


@click.command("scoreboard")
@click.argument("year", type=YEAR)
@click.option("--indicator", "-i", "indicators", multiple=True, metavar="ID",
              help="Only this indicator (gdp_growth, cpi, grain_output, … or a task: id); repeat for more.")
@click.option("--region", "-r", "regions", multiple=True, metavar="R",
              help="Only this region (id or name); repeat for more. Default: every archived region.")
@click.option("--check", type=click.Choice(SCOREBOARD_CHECKS), default="target_vs_outcome", show_default=True,
              help="target_vs_outcome: were YEAR's targets met (reports YEAR and YEAR+1); target_vs_target: "
                   "who raised, lowered or kept YEAR's targets (reports YEAR-1 and YEAR).")
@click.option("--format", "fmt", type=click.Choice(SCOREBOARD_FORMATS), default="table", show_default=True,
              help="table for a terminal; json ({year, rows, regions_missing, …}); csv; md; html a page with charts.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True,
              help="Language of names, figures and verdicts in table, md and html (task names stay Chinese).")
@click.option("--all", "all_rows", is_flag=True, help="Also the tasks (task: ids), not only the headline indicators.")
@click.option("--about-tolerance", callback=_tolerance, metavar="SPEC", help=TOLERANCE_HELP)
def scoreboard(year: int, indicators: tuple[str, ...], regions: tuple[str, ...], check: str, fmt: str, lang: str,
               all_rows: bool, about_tolerance: Tolerance) -> None:
    """Every archived region side by side for YEAR: who met, who missed, who moved a target.

    With the default check, YEAR's targets (from each region's YEAR report) against YEAR's
    outcomes (from its YEAR+1 report), missed targets first, worst margin first. Regions
    that lack either report are listed as left out, never counted as passes.

    \b
    Examples:
      targetwatch scoreboard 2025 --indicator gdp_growth
      targetwatch scoreboard 2025 --format html --lang en > scoreboard-2025.html
      targetwatch scoreboard 2026 --check target_vs_target --format csv > moves-2026.csv
      targetwatch scoreboard 2025 --region guangdong --region 江苏 --all
    """
    region_ids = [region_option(r) for r in regions]
    with archive_session() as arc:
        try:
            board = arc.scoreboard(year, check=check, indicators=list(indicators) or None,
                                   regions=[r for r in region_ids if r] or None, headline_only=not all_rows,
                                   about_tolerance=about_tolerance)
        except ScoreboardError as exc:
            raise UserError(str(exc)) from exc
    click.echo(render_scoreboard(board, fmt, lang), nl=False)
