"""A plain `targetwatch parse FILE` is read without click (cli/quick.py); it must answer as click would.

The quick door takes only argument lists click would take without a word; for those, its
output, messages and exit code must be click's, and everything else must go to click
(help, option errors). Each case here runs `main()` twice, once through each door.
"""
from __future__ import annotations

import errno
import io
from pathlib import Path

import click
import pytest

from targetwatch.cli import quick
from targetwatch.cli.commands.parse import parse as parse_command
from targetwatch.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = str(ROOT / "worker" / "samples" / "national-2024.txt")
SUMMARY = str(ROOT / "worker" / "samples" / "beijing-2025.txt")


def test_the_quick_options_are_the_click_commands() -> None:
    kinds: dict[str, tuple[str, str]] = {}
    for param in parse_command.params:
        if isinstance(param, click.Argument):
            assert (param.name, param.nargs, param.required) == ("source", 1, True)
            continue
        assert isinstance(param, click.Option) and not param.multiple and not param.envvar, param.name
        if param.is_flag:
            kind = "flag"
        elif isinstance(param.type, click.IntRange):
            assert (param.type.min, param.type.max, param.type.min_open, param.type.max_open) == (*quick.YEARS, False, False)
            kind = "year"
        elif isinstance(param.type, click.Choice):
            assert tuple(param.type.choices) == quick.FORMATS and param.default == "json"
            kind = "format"
        else:
            assert param.type is click.STRING and not param.required
            kind = "text"
        for opt in (*param.opts, *param.secondary_opts):
            kinds[opt] = (param.name, kind)
    assert kinds == quick.OPTIONS


PLAIN = [
    [SAMPLE],
    [SAMPLE, "--region", "national", "--year", "2024"],
    ["--year=2024", "-r", "北京", SAMPLE],
    [SAMPLE, "-y", "1949", "--format", "table"],
    [SAMPLE, "--force", "--explain", "--format=json"],
    [SUMMARY, "--explain"],
    [SAMPLE, "--region", "atlantis"],  # the command's own error, not an option error
    ["/no/such/report.txt"],
]
TO_CLICK = [
    [], ["--help"], ["-h"], [SAMPLE, "--help"], [SAMPLE, SAMPLE], ["--", SAMPLE], [SAMPLE, "--nope"],
    [SAMPLE, "--forc"], [SAMPLE, "--region"], [SAMPLE, "--year", "1948"], [SAMPLE, "--year", "2101"],
    [SAMPLE, "-y", "abc"], [SAMPLE, "--year", " 2024"], [SAMPLE, "--format", "JSON"], [SAMPLE, "--force=1"],
    [SAMPLE, "-rnational"], [SAMPLE, "-r", "national", "--region", "beijing"], [SAMPLE, "--region="],
]


@pytest.mark.parametrize("args", PLAIN, ids=lambda a: " ".join(Path(x).name for x in a))
def test_plain_calls_take_the_quick_door(args: list[str]) -> None:
    assert quick.plain_parse(["parse", *args], {}) is not None


@pytest.mark.parametrize("args", TO_CLICK, ids=lambda a: " ".join(Path(x).name for x in a) or "none")
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert quick.plain_parse(["parse", *args], {}) is None


def test_shell_completion_and_other_commands_go_to_click() -> None:
    assert quick.plain_parse(["parse", SAMPLE], {quick.COMPLETION_VARIABLE: "bash_complete"}) is None
    assert quick.plain_parse(["compare", SAMPLE], {}) is None
    assert quick.plain_parse([], {}) is None


def outcome(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["parse", *args])
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.mark.parametrize("args", [*PLAIN, *TO_CLICK[:8]], ids=lambda a: " ".join(Path(x).name for x in a) or "none")
def test_both_doors_answer_alike(args: list[str], capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    quick_door = outcome(args, capsys)
    monkeypatch.setattr(quick, "plain_parse", lambda argv, environ: None)
    click_door = outcome(args, capsys)
    assert quick_door == click_door
    assert quick_door[0] in (0, 2)


@pytest.mark.parametrize("failure, code, err", [(KeyboardInterrupt("boom"), 130, "\ntargetwatch: aborted\n"),
                                                (BrokenPipeError(errno.EPIPE, "boom"), 1, ""),
                                                (BrokenPipeError("boom"), 0, ""),
                                                (OSError(errno.EIO, "boom"), 70, "targetwatch: internal error: OSError"),
                                                (RuntimeError("boom"), 70, "targetwatch: internal error: RuntimeError: boom")])
def test_a_failing_command_ends_as_under_click(failure: BaseException, code: int, err: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.delenv("TARGETWATCH_DEBUG", raising=False)
    monkeypatch.setattr("targetwatch.cli.parsing.read_document", fail)
    results = []
    for door in ("quick", "click"):
        if door == "click":
            monkeypatch.setattr(quick, "plain_parse", lambda argv, environ: None)
        monkeypatch.setattr("sys.stdout", io.StringIO())  # a broken pipe replaces it; keep pytest's own
        with pytest.raises(SystemExit) as exit_:
            main(["parse", SAMPLE])
        results.append((exit_.value.code, capsys.readouterr().err))
    assert results[0] == results[1]
    assert results[0][0] == code and results[0][1].startswith(err)


def test_echo_leaves_colour_codes_and_ascii_streams_to_click(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    class AsciiStream(io.StringIO):
        encoding = "ascii"
        errors = "strict"

    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(click, "echo", lambda text, err=False: seen.append((text, err)))
    quick.echo("red \x1b[31mtext")
    monkeypatch.setattr("sys.stderr", AsciiStream())
    quick.echo("年", err=True)
    assert seen == [("red \x1b[31mtext", False), ("年", True)]
    monkeypatch.undo()
    quick.echo("年")
    assert capsys.readouterr().out == "年\n"
