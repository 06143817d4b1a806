"""The docs are tested like code: the library page's examples run, the README's command table
names every subcommand, each has --help text, and the README's example commands work."""
from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from targetwatch.cli.main import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_library_page_examples_run() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "library.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 20, "the library page lost its examples"
    assert result.failed == 0


def _command_table() -> dict[str, str]:
    """First cell of each row of the README's command table -> the whole row."""
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            first = line.split(" | ", 1)[0]
            for span in re.findall(r"`([^`]+)`", first):
                rows[span.split()[0]] = line
    return rows


def test_readme_names_every_subcommand() -> None:
    documented = set(_command_table())
    assert documented == set(COMMANDS), (f"missing from README: {sorted(set(COMMANDS) - documented)}; "
                                         f"in README but not a command: {sorted(documented - set(COMMANDS))}")


def test_readme_names_every_archive_subcommand() -> None:
    row = _command_table()["archive"]
    span = re.search(r"`archive ([^`]+)`", row)
    assert span, row
    documented = set(span.group(1).split()[0].replace("\\|", "|").split("|"))
    group = cli.get_command(click.Context(cli), "archive")
    assert isinstance(group, click.Group)
    assert documented == set(group.list_commands(click.Context(group)))


def _all_commands() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name in COMMANDS:
        cmd = cli.get_command(click.Context(cli), name)
        out.append((name,))
        if isinstance(cmd, click.Group):
            out.extend((name, sub) for sub in cmd.list_commands(click.Context(cmd)))
    return out


@pytest.mark.parametrize("words", _all_commands(), ids=" ".join)
def test_every_command_explains_itself(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    usage, _, rest = result.output.partition("\n\n")
    assert usage.startswith("Usage:")
    description = rest.split("Options:")[0].strip()
    assert len(description) >= 30, f"'targetwatch {' '.join(words)} --help' says too little: {description!r}"


def _readme_commands() -> list[str]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("targetwatch "):
                    commands.append(part)
    return commands


def test_readme_has_example_commands() -> None:
    words = {shlex.split(c)[1] for c in _readme_commands()}
    assert {"demo", "parse", "compare", "history"} <= words


@pytest.mark.corpus
@pytest.mark.slow
def test_readme_examples_run_against_the_corpus(corpus: Path, tmp_path: Path) -> None:
    """Each example, as written (../shared beside the checkout), in one private data folder."""
    env = {**os.environ, "TARGETWATCH_HOME": str(tmp_path / "home")}
    shared = corpus.parent
    for command in _readme_commands():
        argv = [a.replace("../shared", str(shared)) for a in shlex.split(command)[1:]]
        res = subprocess.run([sys.executable, "-m", "targetwatch.cli", *argv], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, f"{command}: exit {res.returncode}: {res.stderr.strip()[-500:]}"
        assert res.stdout.strip() or res.stderr.strip(), f"{command}: printed nothing"
