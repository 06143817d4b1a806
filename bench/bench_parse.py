"""Parser speed and memory: full national reports per second, and how time grows with input size.

    python bench/bench_parse.py [--corpus ../shared/corpus] [--rounds 5]

Prints reports/second over the national reports 2000-2025 (CPU time of this process, best
round, so that other work on the machine does not count), characters/second, peak memory
of one parse (tracemalloc) and the process's peak RSS, then the time per character for
inputs of 1x, 4x and 16x a report, which stays flat when parsing is linear.
Target (issue 2): >= 200 full reports per second per core.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targetwatch.diffing.parse import parse_report  # noqa: E402
from targetwatch.scrapers.document import extract_text  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    folder = Path(args.corpus) / "reports" / "national"
    if not folder.is_dir():
        print(f"no corpus at {folder}; pass --corpus", file=sys.stderr)
        return 2
    reports = []
    for year in range(2000, 2026):
        path = folder / f"{year}.txt"
        if path.exists():
            reports.append((year, extract_text(path.read_bytes()).text))
    chars = sum(len(t) for _, t in reports)
    for year, text in reports:  # warm-up: compiled patterns, caches
        parse_report(text, "national", year)
    best = float("inf")
    facts = 0
    for _ in range(args.rounds):
        t0 = time.process_time()
        facts = sum(len(parse_report(text, "national", year).facts) for year, text in reports)
        best = min(best, time.process_time() - t0)
    print(f"national reports 2000-2025: {len(reports)} reports, {chars / 1e6:.2f} M characters, {facts} facts")
    print(f"parse speed: {len(reports) / best:.0f} reports/s per core, {chars / best / 1e6:.2f} M chars/s "
          f"(best of {args.rounds} rounds, CPU time)")

    year, text = max(reports, key=lambda r: len(r[1]))
    tracemalloc.start()
    parse_report(text, "national", year)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory of one parse ({len(text)} chars, national {year}): {peak / 1e6:.1f} MB (tracemalloc)")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    print("linearity (time per character should stay flat):")
    for k in (1, 4, 16):
        big = "\n".join(text for _ in range(k))
        t0 = time.process_time()
        parse_report(big, "national", year)
        dt = time.process_time() - t0
        print(f"  {k:>2}x ({len(big) / 1e6:.2f} M chars): {dt * 1000:.0f} ms, {dt / len(big) * 1e9:.0f} ns/char")
    return 0


if __name__ == "__main__":
    sys.exit(main())
