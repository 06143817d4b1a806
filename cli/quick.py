"""A plain `targetwatch parse FILE [options]` read without click (issue 15).

The evaluation harness runs `targetwatch parse` once per report, and importing click (with
the uuid, platform and datetime modules it pulls in) was some 10 ms of a 90 ms command. So
`main()` asks `plain_parse(args)` first: arguments that click would take without a word
(one SOURCE, each option of cli/commands/parse.py at most once, values click accepts) are
read here; anything else (--help, an unknown or repeated option, a year out of range, `--`,
a missing value, the shell-completion variable) returns None and goes to click, so help and
every option error are click's own, word for word. tests/parser/test_cli_quick.py holds the
options here to the click command's and runs argument lists through both doors.
"""
from __future__ import annotations

import codecs
import sys
from collections.abc import Callable, Mapping
from typing import Any, TextIO

# option -> (parameter of the click command, kind of value); "flag" takes none.
OPTIONS: dict[str, tuple[str, str]] = {
    "--region": ("region", "text"), "-r": ("region", "text"),
    "--year": ("year", "year"), "-y": ("year", "year"),
    "--format": ("fmt", "format"),
    "--force": ("force", "flag"),
    "--explain": ("explain", "flag"),
}
YEARS = (1949, 2100)
FORMATS = ("json", "table")
COMPLETION_VARIABLE = "_TARGETWATCH_COMPLETE"


def plain_parse(args: list[str], environ: Mapping[str, str]) -> Callable[[], None] | None:
    """The call of `targetwatch parse` that `args` make, or None when click should read them."""
    if not args or args[0] != "parse" or environ.get(COMPLETION_VARIABLE):
        return None
    values: dict[str, Any] = {}
    sources: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            sources.append(arg)
            continue
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in OPTIONS or OPTIONS[name][0] in values:
            return None
        param, kind = OPTIONS[name]
        if kind == "flag":
            if eq:
                return None
            values[param] = True
            continue
        raw = inline if eq else next(rest, None)
        if not raw or raw.startswith("-"):
            return None
        value = _value(kind, raw)
        if value is None:
            return None
        values[param] = value
    if len(sources) != 1:
        return None
    source = sources[0]

    def call() -> None:
        from targetwatch.cli.parsing import run_parse

        run_parse(source, values.get("region"), values.get("year"), values.get("fmt", "json"),
                  bool(values.get("force")), bool(values.get("explain")), echo)

    return call


def _value(kind: str, raw: str) -> str | int | None:
    if kind == "text":
        return raw
    if kind == "format":
        return raw if raw in FORMATS else None
    if raw.isascii() and raw.isdigit() and YEARS[0] <= int(raw) <= YEARS[1]:
        return int(raw)
    return None


def echo(text: str, err: bool = False) -> None:
    """click.echo's output for a line: written and flushed as it is on a UTF-8 stream.

    click.echo also strips colour codes from output that is not a terminal and re-wraps a
    stream misconfigured as ASCII; a line that could meet either goes to click.echo itself.
    """
    stream = sys.stderr if err else sys.stdout
    if "\x1b" in text or not _utf8(stream):
        import click

        click.echo(text, err=err)
        return
    stream.write(text + "\n")
    stream.flush()


def _utf8(stream: TextIO | None) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not encoding or getattr(stream, "errors", None) is None:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
