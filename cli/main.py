"""The `targetwatch` command: one entry point, subcommands loaded only when used.

Loading lazily keeps `targetwatch parse` fast (it must not import Celery or SQLAlchemy),
which matters when the evaluation harness runs it once per report. The click group is
cli/group.py's; a plain `targetwatch parse FILE` is read by cli/quick.py and never imports
click, so this module does not either (errors import it when they are click's to show).
"""
from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any

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


def main(argv: list[str] | None = None) -> None:
    debug = bool(os.environ.get("TARGETWATCH_DEBUG"))
    args = sys.argv[1:] if argv is None else list(argv)
    from targetwatch.cli import programs
    from targetwatch.cli.quick import plain_parse

    programs.keep()  # the parser's compiled patterns, kept between runs like bytecode

    call = plain_parse(args, os.environ)
    try:
        rv: Any = None
        if call is not None:
            _run_as_click_would(call)
        else:
            from targetwatch.cli.group import cli

            rv = cli.main(args=argv, prog_name="targetwatch", standalone_mode=False)
    except UserError as exc:
        _echo(f"targetwatch: error: {exc}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _echo("targetwatch: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`targetwatch parse x | head`); that is not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        click = sys.modules.get("click")  # an exception of click's means click was imported
        if click is not None and isinstance(exc, click.exceptions.Abort):
            _echo("targetwatch: aborted")
            sys.exit(130)
        if click is not None and isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        _echo(f"targetwatch: internal error: {type(exc).__name__}: {first} "
              "(set TARGETWATCH_DEBUG=1 to see the traceback, and please report it)")
        sys.exit(70)
    sys.exit(rv if isinstance(rv, int) else 0)


def _run_as_click_would(call: Callable[[], None]) -> None:
    """Run a command read by cli/quick.py, ending as click's main ends one it runs itself."""
    try:
        call()
    except (EOFError, KeyboardInterrupt):
        _echo("")  # click's blank line, closing the terminal's ^C; it then aborts
        _echo("targetwatch: aborted")
        sys.exit(130)
    except OSError as exc:
        # click silences the output of a broken pipe and exits 1 (main's own
        # BrokenPipeError branch is for one without an errno, which click lets through).
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        sys.exit(1)


def _echo(line: str) -> None:
    """A line on stderr as click.echo writes it (see cli/quick.py's echo)."""
    from targetwatch.cli.quick import echo

    echo(line, err=True)


def __getattr__(name: str) -> Any:
    """`cli`, the click group, for tests and tools that drive it (importing it imports click)."""
    if name == "cli":
        from targetwatch.cli.group import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    main()
