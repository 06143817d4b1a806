"""What a command costs before it does its work: interpreter, imports, opening the archive.

    python bench/bench_startup.py [--runs 9] [--corpus ../shared/corpus]

Prints, as medians of CPU time (user + system) over interleaved runs (one round runs every
command once, so load on the machine falls on all of them alike), each against a bare
`python -c pass`, with bytecode written once beforehand as an installed package has it:
- `targetwatch --help`, `targetwatch parse FILE` of a .txt report (target: within 3x), the
  same on a first run (no store of compiled patterns yet, cli/programs.py) and of an .html page, `targetwatch compare OLD.txt NEW.txt`, and `compare`/`history` on an archive
  at head;
- which heavy packages each command imported (a .txt must not load the HTML reader; an
  archive at head must not load alembic);
- opening a fresh archive (migrations included) on SQLite and on PostgreSQL (target < 3 s),
  PostgreSQL in a fresh database of the server named by TARGETWATCH_TEST_POSTGRES_URL
  (skipped with a note when it does not answer).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("TARGETWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HEAVY = ("bs4", "soupsieve", "lxml", "pypdf", "sqlalchemy", "alembic", "jinja2", "celery", "httpx", "email")

# Runs the command line in-process and says, at exit, which heavy packages it had imported.
_PROBE = ("import atexit, sys\n"
          "heavy = sys.argv[1].split(',')\n"
          "atexit.register(lambda: print('imported:', ' '.join(m for m in heavy if m in sys.modules) or '-', "
          "file=sys.stderr))\n"
          "sys.argv = ['targetwatch', *sys.argv[2:]]\n"
          "from targetwatch.cli.main import main\n"
          "main()\n")


def cpu_of(argv: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imported(args: list[str], env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", _PROBE, ",".join(HEAVY), *args], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = [x for x in out.stderr.splitlines() if x.startswith("imported:")]
    return lines[-1].removeprefix("imported:").strip() if lines else f"? (exit {out.returncode})"


def entry_point() -> list[str]:
    """The console script users run (`targetwatch`), else `python -m targetwatch.cli`."""
    script = Path(sys.executable).with_name("targetwatch")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "targetwatch.cli"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    samples = ROOT / "worker" / "samples"
    old, new = args.corpus / "reports" / "national" / "2023.txt", args.corpus / "reports" / "national" / "2024.txt"
    if not (old.is_file() and new.is_file()):
        old, new = samples / "national-2024.txt", samples / "national-2025.txt"
    pages = sorted((args.corpus / "html").glob("*.html")) or sorted((ROOT / "tests" / "fixtures").rglob("*.html"))
    page = pages[-1]
    home = Path(tempfile.mkdtemp())
    env = {**os.environ, "TARGETWATCH_HOME": str(home)}
    env.pop("TARGETWATCH_DATABASE_URL", None)
    # An installed package has its bytecode compiled; without it every run compiles
    # targetwatch's sources again (some 20 ms for parse), which is not what users see.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    tw = entry_point()
    for year in (2024, 2025):
        subprocess.run([*tw, "archive", "add", str(samples / f"national-{year}.txt")], env=env,
                       stdout=subprocess.DEVNULL, check=True)
    commands: dict[str, list[str]] = {
        "--help": ["--help"],
        f"parse {new.name}": ["parse", str(new)],
        f"parse {page.suffix} page": ["parse", str(page), "--force"],
        f"compare {old.name} {new.name}": ["compare", "--old", str(old), "--new", str(new), "--format", "json"],
        "compare national 2025": ["compare", "national", "2025", "--format", "json"],
        "history national": ["history", "national", "--format", "json"],
    }
    first_run = f"parse {new.name}, first run"  # the store of compiled patterns emptied before each run
    cold_home = Path(tempfile.mkdtemp())
    bare: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in [*commands, first_run]}
    for argv in commands.values():  # one warm-up round writes the bytecode
        cpu_of([*tw, *argv], env)
    for _ in range(args.runs):
        bare.append(cpu_of([sys.executable, "-c", "pass"], env))
        for name, argv in commands.items():
            times[name].append(cpu_of([*tw, *argv], env))
        shutil.rmtree(cold_home / "cache", ignore_errors=True)
        times[first_run].append(cpu_of([*tw, *commands[f"parse {new.name}"]], {**env, "TARGETWATCH_HOME": str(cold_home)}))
    b = statistics.median(bare)
    print(f"{'bare interpreter':<38} {b * 1000:7.1f} ms CPU   (medians of {args.runs} interleaved runs)")
    for name, argv in commands.items():
        t = statistics.median(times[name])
        target = "   (target 3x)" if name.startswith("parse") and name.endswith(".txt") else ""
        print(f"targetwatch {name:<26} {t * 1000:7.1f} ms CPU {t / b:5.1f}x bare{target}   "
              f"imports: {imported(argv, env)}")
    t = statistics.median(times[first_run])
    print(f"targetwatch {first_run:<26} {t * 1000:7.1f} ms CPU {t / b:5.1f}x bare   (the ~90 patterns compiled)")

    fresh_home = {**env, "TARGETWATCH_HOME": tempfile.mkdtemp()}
    print(f"{'history on a new archive':<38} imports: {imported(['history', 'national'], fresh_home)}"
          "   (a migration is due: alembic expected)")

    from targetwatch.archive import Archive

    t = time.perf_counter()
    Archive(f"sqlite:///{home / 'fresh.sqlite3'}").close()
    print(f"{'fresh SQLite archive':<38} {time.perf_counter() - t:7.2f} s (target < 3 s)")
    try:
        from sqlalchemy import create_engine, make_url

        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        name = f"tw_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"fresh PostgreSQL archive: skipped ({type(exc).__name__}: {str(exc).splitlines()[0]})")
        return
    try:
        url = make_url(PG).set(database=name).render_as_string(hide_password=False)
        t = time.perf_counter()
        Archive(url).close()
        print(f"{'fresh PostgreSQL archive':<38} {time.perf_counter() - t:7.2f} s (target < 3 s)")
        print(f"{'compare on it, at head':<38} imports: "
              f"{imported(['compare', 'national', '2025'], {**env, 'TARGETWATCH_DATABASE_URL': url})}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
