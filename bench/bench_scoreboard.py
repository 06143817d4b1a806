"""How fast the archive answers a scoreboard and writes the panel export, over the whole corpus.

    python bench/bench_scoreboard.py [--corpus ../shared/corpus/reports] [--year 2025] [--repeat 5]
                                     [--backend sqlite|postgresql]

Imports every report of the corpus into a fresh SQLite archive (not timed here; see
bench_archive.py), then times `Archive.scoreboard` (the first call and the median of
--repeat further calls) for target_vs_outcome, target_vs_target and with tasks, and the
full export: facts as CSV, verdicts as CSV, and the SQLite panel with both tables.
Budgets: scoreboard under 1 s, whole export under 5 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targetwatch.archive import Archive  # noqa: E402
from targetwatch.archive.export import (FACT_COLUMNS, VERDICT_COLUMNS, archive_facts, archive_verdicts,  # noqa: E402
                                        write_csv, write_sqlite)
from targetwatch.archive.importer import import_files, scan  # noqa: E402
from bench.bench_archive import DEFAULT_PG, postgres_url  # noqa: E402

SCOREBOARD_BUDGET_S = 1.0
EXPORT_BUDGET_S = 5.0


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "reports")
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--postgres-url", default=os.environ.get("TARGETWATCH_TEST_POSTGRES_URL") or DEFAULT_PG)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    over = False
    with tempfile.TemporaryDirectory(prefix="tw-bench-") as d, ExitStack() as stack:
        url = (f"sqlite:///{Path(d) / 'archive.sqlite3'}" if args.backend == "sqlite"
               else stack.enter_context(postgres_url(args.postgres_url)))
        archive = Archive(url)
        report = import_files(archive, scan(args.corpus).files)
        print(f"archive: {len(report.added)} reports, {report.facts} facts ({args.backend})")

        cases = [("target_vs_outcome", {"year": args.year}),
                 ("target_vs_target", {"year": args.year + 1, "check": "target_vs_target"}),
                 ("target_vs_outcome, with tasks", {"year": args.year, "headline_only": False})]
        for name, kw in cases:
            first, board = timed(lambda: archive.scoreboard(**kw))
            runs = [timed(lambda: archive.scoreboard(**kw))[0] for _ in range(args.repeat)]
            median = statistics.median(runs)
            mark = "ok" if max(first, median) < SCOREBOARD_BUDGET_S else "OVER"
            over |= mark == "OVER"
            print(f"scoreboard {kw['year']} {name:30s} first {first * 1000:7.1f} ms  median {median * 1000:7.1f} ms  "
                  f"{len(board.rows):5d} rows, {len(board.regions_compared)} regions  "  # type: ignore[attr-defined]
                  f"({mark}: budget {SCOREBOARD_BUDGET_S:.0f} s)")

        out = Path(d)
        total = 0.0
        with (out / "facts.csv").open("w", encoding="utf-8", newline="") as fh:
            t, n = timed(lambda: write_csv(archive_facts(archive), fh, FACT_COLUMNS))
        total += t
        print(f"export facts csv        {t:6.2f} s  {n} rows")
        with (out / "verdicts.csv").open("w", encoding="utf-8", newline="") as fh:
            t, n = timed(lambda: write_csv(archive_verdicts(archive), fh, VERDICT_COLUMNS))
        total += t
        print(f"export verdicts csv     {t:6.2f} s  {n} rows")
        t, counts = timed(lambda: write_sqlite(out / "panel.db", archive_facts(archive), archive_verdicts(archive)))
        total += t
        size = (out / "panel.db").stat().st_size / 1e6
        print(f"export sqlite (both)    {t:6.2f} s  {counts}  {size:.1f} MB")
        mark = "ok" if t < EXPORT_BUDGET_S else "OVER"
        over |= mark == "OVER"
        print(f"whole export (sqlite, facts + verdicts) {t:.2f} s ({mark}: budget {EXPORT_BUDGET_S:.0f} s); "
              f"all three formats together {total:.2f} s")
        archive.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
