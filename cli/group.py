"""The click group behind `targetwatch`: subcommands loaded only when used.

Loading lazily keeps `targetwatch parse` fast (it must not import Celery or SQLAlchemy),
which matters when the evaluation harness runs it once per report; a plain `parse` call
does not even come here (cli/quick.py).
"""
from __future__ import annotations

import importlib

import click

from targetwatch.cli.main import COMMANDS
from targetwatch.errors import UserError


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attr, _ = entry
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(module_name):
                return _not_yet(cmd_name)
            raise
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, _, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _not_yet(name: str) -> click.Command:
    @click.command(name, help=COMMANDS[name][2], context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def cmd(args: tuple[str, ...]) -> None:
        raise UserError(f"'targetwatch {name}' is not available in this version yet")

    return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="targetwatch", prog_name="targetwatch")
def cli() -> None:
    """targetwatch: watch Chinese government work reports (政府工作报告).

    It reads each report, writes down this year's targets and last year's outcomes as
    structured facts, checks whether last year's targets were met and how this year's
    moved, keeps the year-over-year history in an archive and mails digests.

    \b
    Settings come from the environment:
      TARGETWATCH_HOME          data folder (default ~/.targetwatch)
      TARGETWATCH_DATABASE_URL  archive database (default SQLite in the data folder)
      TARGETWATCH_BROKER_URL    Redis for the Celery worker (unset: run in-process)
      TARGETWATCH_SMTP_URL      SMTP server (unset: .eml files in the outbox folder)
      TARGETWATCH_MAIL_FROM     sender address of digests
      TARGETWATCH_BASE_URL      public address of the web app, for links in mail
      TARGETWATCH_ADMIN_TOKEN   enables the web app's admin actions (unset: read-only)
    """
