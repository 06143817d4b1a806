"""The `targetwatch` command: one entry point, subcommands loaded only when used.

Loading lazily keeps `targetwatch parse` fast (it must not import Celery or SQLAlchemy),
which matters when the evaluation harness runs it once per report.
"""
from __future__ import annotations

import importlib
import os
import sys

import click

from targetwatch.errors import UserError

# name -> (module, attribute, one-line help shown in `targetwatch --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "parse": ("targetwatch.cli.commands.parse", "parse", "Read a report and print its targets and outcomes as facts."),
    "compare": ("targetwatch.cli.commands.compare", "compare", "Compare a report with the previous year's: targets met, targets moved."),
    "history": ("targetwatch.cli.commands.compare", "history", "Each indicator's targets and outcomes over the years."),
    "scoreboard": ("targetwatch.cli.commands.scoreboard", "scoreboard", "Every region side by side for one year: targets met or missed, targets moved."),
    "fetch": ("targetwatch.cli.commands.fetch", "fetch", "Fetch a report page and print its clean text or HTML."),
    "discover": ("targetwatch.cli.commands.fetch", "discover", "List report URLs on the official sites that are not archived yet."),
    "archive": ("targetwatch.cli.commands.archive", "archive", "Add, import, list, export and re-parse archived reports."),
    "subscribe": ("targetwatch.cli.commands.subscriptions", "subscribe", "Subscribe an email address to digests of some regions."),
    "unsubscribe": ("targetwatch.cli.commands.subscriptions", "unsubscribe", "Stop sending digests to an email address."),
    "subscriptions": ("targetwatch.cli.commands.subscriptions", "subscriptions", "List the subscriptions."),
    "digest": ("targetwatch.cli.commands.subscriptions", "digest", "Build (and with --send, deliver) each subscriber's digest."),
    "run": ("targetwatch.cli.commands.service", "run", "Run the whole pipeline once, in this process."),
    "worker": ("targetwatch.cli.commands.service", "worker", "Start a Celery worker (needs TARGETWATCH_BROKER_URL)."),
    "beat": ("targetwatch.cli.commands.service", "beat", "Start the Celery beat scheduler (needs TARGETWATCH_BROKER_URL)."),
    "serve": ("targetwatch.cli.commands.serve", "serve", "Serve the archive on the web: pages, JSON API, Atom feeds, unsubscribe links."),
    "status": ("targetwatch.cli.commands.status", "status", "Is the service well? Sources, outbox, last check, beat, queue."),
    "demo": ("targetwatch.cli.commands.demo", "demo", "Run the main job on bundled sample reports: SQLite, no Redis, digest to the outbox."),
}


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


def main(argv: list[str] | None = None) -> None:
    debug = bool(os.environ.get("TARGETWATCH_DEBUG"))
    try:
        rv = cli.main(args=argv, prog_name="targetwatch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("targetwatch: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(f"targetwatch: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("targetwatch: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`targetwatch parse x | head`); that is not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        click.echo(f"targetwatch: internal error: {type(exc).__name__}: {first} "
                   "(set TARGETWATCH_DEBUG=1 to see the traceback, and please report it)", err=True)
        sys.exit(70)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
