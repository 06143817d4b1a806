"""How fast the archive takes in the whole corpus, on SQLite and on PostgreSQL.

    python bench/bench_archive.py [--corpus ../shared/corpus/reports] [--backend sqlite|postgresql|both]

Per backend, into a fresh database: import and parse every report of the corpus (one
transaction each, as `targetwatch archive import` does), compare every pair of consecutive
archived years of each region and store the comparisons, then import again (all no-ops)
and re-parse everything (all unchanged). The budget is 30 s for import + comparisons on a
2-core machine. PostgreSQL runs in a throw-away schema of the database named by
TARGETWATCH_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
and is skipped with a note when it does not answer.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targetwatch.archive import Archive  # noqa: E402
from targetwatch.archive.importer import import_files, scan  # noqa: E402
from targetwatch.archive.reparse import reparse_archive  # noqa: E402

BUDGET_S = 30.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def choose_compare() -> tuple[Callable | None, str | None]:
    try:
        from targetwatch.diffing.compare import compare_sheets
    except ImportError as exc:
        return None, f"diffing.compare.compare_sheets is not available ({exc}): comparisons skipped"
    return compare_sheets, None


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="tw-bench-") as d:
        yield f"sqlite:///{Path(d) / 'archive.sqlite3'}"


@contextmanager
def postgres_url(base: str) -> Iterator[str]:
    from sqlalchemy import create_engine

    from targetwatch.archive.db import normalize_url

    url = normalize_url(base)
    schema = f"tw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def compare_all(archive: Archive, compare: Callable) -> tuple[int, int]:
    """Every (Y-1, Y) pair of every region; returns (stored, not comparable)."""
    stored = skipped = 0
    for region in archive.regions():
        sheets = {s.report_year: s for s in archive.factsheets(region)}
        for year in sorted(sheets):
            if year - 1 not in sheets:
                continue
            try:
                result = compare(sheets[year - 1], sheets[year])
            except Exception:  # noqa: BLE001 - e.g. ComparisonError for a pair the contract cannot compare
                skipped += 1
                continue
            archive.save_comparison(region, year, year - 1, result)
            stored += 1
    return stored, skipped


def run(backend: str, url: str, corpus: Path, parser: Callable | None, compare: Callable | None) -> float:
    files = scan(corpus).files
    print(f"\n{backend}: {len(files)} reports from {corpus}")
    t0 = time.perf_counter()
    archive = Archive(url)
    t_open = time.perf_counter() - t0

    t = time.perf_counter()
    report = import_files(archive, files, parser=parser)
    t_import = time.perf_counter() - t
    n = len(report.added)
    print(f"  open + migrate       {t_open:6.2f} s")
    print(f"  import + parse       {t_import:6.2f} s  {n / t_import:7.1f} reports/s  {report.facts} facts"
          f"{f'  ({len(report.failed)} failed)' if report.failed else ''}")

    t_compare = 0.0
    if compare is not None:
        t = time.perf_counter()
        stored, skipped = compare_all(archive, compare)
        t_compare = time.perf_counter() - t
        rate = stored / t_compare if t_compare else 0.0
        print(f"  compare + store      {t_compare:6.2f} s  {rate:7.1f} comparisons/s  {stored} stored"
              f"{f', {skipped} not comparable' if skipped else ''}")

    t = time.perf_counter()
    again = import_files(archive, files, parser=parser)
    t_again = time.perf_counter() - t
    print(f"  import again (no-op) {t_again:6.2f} s  {len(again.unchanged) / t_again:7.1f} reports/s")

    t = time.perf_counter()
    rep = reparse_archive(archive, parser=parser)
    t_reparse = time.perf_counter() - t
    print(f"  reparse (unchanged)  {t_reparse:6.2f} s  {len(rep.outcomes) / t_reparse:7.1f} docs/s  "
          f"{rep.count('unchanged')} unchanged, {rep.count('changed')} changed, {rep.count('failed')} failed")
    archive.close()

    total = t_open + t_import + t_compare
    verdict = "within" if total <= BUDGET_S else "OVER"
    print(f"  import + compare     {total:6.2f} s  {n / total:7.1f} reports/s  ({verdict} the {BUDGET_S:.0f} s budget)")
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "reports")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--postgres-url", default=os.environ.get("TARGETWATCH_TEST_POSTGRES_URL") or DEFAULT_PG)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    parser = None  # the archive's own: diffing.parse.parse_report
    compare, cnote = choose_compare()
    if cnote:
        print(f"note: {cnote}")
    over = False
    if args.backend in ("sqlite", "both"):
        with sqlite_url() as url:
            over |= run("SQLite", url, args.corpus, parser, compare) > BUDGET_S
    if args.backend in ("postgresql", "both"):
        try:
            ctx = postgres_url(args.postgres_url)
            url = ctx.__enter__()
        except Exception as exc:  # noqa: BLE001 - no server is a note, not a failure of the benchmark
            print(f"\nPostgreSQL: skipped, cannot reach {args.postgres_url.split('@')[-1]}: "
                  f"{str(exc).splitlines()[0]}")
        else:
            try:
                over |= run("PostgreSQL", url, args.corpus, parser, compare) > BUDGET_S
            finally:
                ctx.__exit__(None, None, None)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
