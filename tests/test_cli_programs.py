"""The parser's compiled patterns kept between runs of the command line (cli/programs.py, issue 15).

A run that compiled patterns writes them to the store at exit (in the data folder's cache);
the next run compiles none of them and prints the same facts. A store that is
damaged, of another engine, or cannot be written costs speed, never a failure.
"""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from targetwatch.cli import programs
from targetwatch.diffing import lazyre

SAMPLE = Path(__file__).resolve().parent.parent / "worker" / "samples" / "national-2024.txt"

# Runs the command line with the store at argv[1]; says on stderr how many patterns it compiled.
_PROBE = """
import atexit, sys
from targetwatch.cli import programs
from targetwatch.diffing import lazyre
store = sys.argv[1]
programs.path = lambda: store
compiled = []
real = lazyre._compile_program
lazyre._compile_program = lambda source, flags: compiled.append(source) or real(source, flags)
atexit.register(lambda: print("compiled", len(compiled), file=sys.stderr))  # runs after main's save
sys.argv = ["targetwatch", *sys.argv[2:]]
from targetwatch.cli.main import main
main()
"""


def run(store: Path, *args: str) -> tuple[int, str, int]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(store), *args], capture_output=True, text=True,
                          timeout=120)
    counts = [line for line in proc.stderr.splitlines() if line.startswith("compiled ")]
    assert counts, proc.stderr
    return proc.returncode, proc.stdout, int(counts[-1].split()[1])


def test_a_second_parse_compiles_nothing_and_prints_the_same(tmp_path: Path) -> None:
    store = tmp_path / "lazyre.programs"
    first = run(store, "parse", str(SAMPLE))
    assert first[0] == 0 and first[2] > 50 and store.is_file()
    second = run(store, "parse", str(SAMPLE))
    assert second == (0, first[1], 0)


def test_the_store_is_in_the_data_folders_cache_and_written_under_dontwritebytecode_too(tmp_path: Path) -> None:
    """PYTHONDONTWRITEBYTECODE is set where the evaluation harness runs; it is about bytecode."""
    env = {**os.environ, "TARGETWATCH_HOME": str(tmp_path / "home"), "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "targetwatch.cli", "parse", str(SAMPLE)], capture_output=True,
                              text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
    store = tmp_path / "home" / "cache" / f"patterns.{sys.implementation.cache_tag}.programs"
    assert sorted(p.name for p in store.parent.iterdir()) == [store.name]
    assert len(programs.load(str(store))) > 50


def test_a_command_that_compiles_nothing_neither_reads_nor_writes_it(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "targetwatch.cli", "--help"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "TARGETWATCH_HOME": str(tmp_path / "home")})
    assert proc.returncode == 0 and "parse" in proc.stdout
    assert not (tmp_path / "home").exists()


def test_a_store_of_another_engine_or_damaged_is_replaced(tmp_path: Path) -> None:
    store = tmp_path / "lazyre.programs"
    for content in (marshal.dumps(("cpython-0 (0, 0, 0) sre 0 4", {})), b"\x00not marshal"):
        store.write_bytes(content)
        returncode, out, compiled = run(store, "parse", str(SAMPLE))
        assert returncode == 0 and compiled > 50 and '"gdp_growth"' in out
        assert programs.load(str(store)) and marshal.loads(store.read_bytes())[0] == lazyre.PROGRAMS_TAG


def test_a_store_that_cannot_be_written_costs_nothing_but_speed(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    returncode, out, compiled = run(tmp_path / "file" / "lazyre.programs", "parse", str(SAMPLE))
    assert returncode == 0 and compiled > 50 and '"gdp_growth"' in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # no temporary file left behind


def test_a_store_grown_past_its_limit_starts_afresh(tmp_path: Path) -> None:
    store = tmp_path / "lazyre.programs"
    _, program = lazyre._compile_program("[0-9]+", 0)
    programs.save(str(store), {(f"x{i}", 0): program for i in range(programs.LIMIT)})
    assert len(programs.load(str(store))) == programs.LIMIT
    programs.save(str(store), {(f"x{i}", 0): program for i in range(programs.LIMIT + 1)})
    assert programs.load(str(store)) == {}


def test_the_store_lives_in_the_data_folders_cache(monkeypatch) -> None:
    from targetwatch.config import load_settings

    monkeypatch.setenv("TARGETWATCH_HOME", "~/tw-data")
    assert programs.path() == str(load_settings().cache_dir / f"patterns.{sys.implementation.cache_tag}.programs")
    assert programs.path().startswith(os.path.expanduser("~/tw-data/cache/"))
