"""What a command costs before it does its work: interpreter, imports, opening the archive.

    python bench/bench_startup.py [--runs 7] [--corpus ../shared/corpus/reports]

Prints, as medians of CPU time (user + system) over interleaved runs:
- `targetwatch parse FILE` (a .txt report) against a bare `python -c pass` (target: within 3x);
- `targetwatch compare REGION YEAR` on an archive at head, and whether alembic was imported
  (target: only when a migration is due);
- opening a fresh archive (migrations included) on SQLite and on PostgreSQL (target < 3 s),
  PostgreSQL in a fresh database of the server named by TARGETWATCH_TEST_POSTGRES_URL
  (skipped with a note when it does not answer).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("TARGETWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def cpu_of(argv: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "reports")
    args = ap.parse_args()
    report = args.corpus / "national" / "2024.txt"
    if not report.is_file():
        report = ROOT / "worker" / "samples" / "national-2024.txt"
    home = Path(tempfile.mkdtemp())
    env = {**os.environ, "TARGETWATCH_HOME": str(home)}
    env.pop("TARGETWATCH_DATABASE_URL", None)
    tw = [sys.executable, "-m", "targetwatch.cli"]
    for year in (2024, 2025):
        subprocess.run([*tw, "archive", "add", str(ROOT / "worker" / "samples" / f"national-{year}.txt")], env=env,
                       stdout=subprocess.DEVNULL, check=True)
    bare, parse, compare = [], [], []
    for _ in range(args.runs):
        bare.append(cpu_of([sys.executable, "-c", "pass"], env))
        parse.append(cpu_of([*tw, "parse", str(report)], env))
        compare.append(cpu_of([*tw, "compare", "national", "2025"], env))
    b, p, c = (statistics.median(x) for x in (bare, parse, compare))
    print(f"bare interpreter        {b * 1000:7.1f} ms CPU")
    print(f"parse {report.name:<17} {p * 1000:7.1f} ms CPU   {p / b:5.1f}x bare (target 3x)")
    print(f"compare national 2025   {c * 1000:7.1f} ms CPU   {c / b:5.1f}x bare")
    probe = ("import sys, runpy; sys.argv = ['targetwatch', 'compare', 'national', '2025'];\n"
             "from targetwatch.cli.main import cli\n"
             "try:\n    cli.main(args=sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
             "print('alembic' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    print(f"compare imports alembic at head: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else '?'}")

    from targetwatch.archive import Archive

    t = time.perf_counter()
    Archive(f"sqlite:///{home / 'fresh.sqlite3'}").close()
    print(f"fresh SQLite archive    {time.perf_counter() - t:7.2f} s (target < 3 s)")
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
        t = time.perf_counter()
        Archive(make_url(PG).set(database=name).render_as_string(hide_password=False)).close()
        print(f"fresh PostgreSQL archive{time.perf_counter() - t:7.2f} s (target < 3 s)")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
