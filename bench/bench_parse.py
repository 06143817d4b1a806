"""Parser speed against the floor: one compiled regex pass over the same texts, and linearity.

    python bench/bench_parse.py [--corpus ../shared/corpus] [--rounds 9] [--all]

Texts: the national reports 2000-2025 (--all: every corpus report). Each round times, on the
same texts one after the other, (a) one compiled regular expression that finds every
number with a measure word (7.3%, 4.4万亿元, ２０万吨) and (b) the parser (parse_report: text
to FactSheet). Rounds alternate which goes first, so a burst of other work on the machine
falls on both. Prints the medians of CPU time (this process only), the ratio of the medians
and the median of the per-round ratios. Target (issue 15): the parser within 5x of the regex
pass. Then reports/second, peak memory of one parse (tracemalloc), the process's peak RSS,
and the time per character for inputs of 1x, 4x and 16x a report, which stays flat when
parsing is linear.
"""
from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targetwatch.diffing.numbers import MAGNITUDES, UNITS  # noqa: E402
from targetwatch.diffing.parse import parse_report  # noqa: E402
from targetwatch.diffing.wordre import word_pattern  # noqa: E402
from targetwatch.scrapers.document import extract_text  # noqa: E402

# The floor: every Arabic number (ASCII or full-width digits) with an optional magnitude and
# a measure word, found in one pass, the matches kept. Nothing is interpreted.
FLOOR_RE = re.compile(rf"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:{word_pattern(MAGNITUDES)})?(?:{word_pattern(UNITS)}|％)")


def regex_pass(texts: list[tuple[str, int, str]]) -> int:
    return sum(len(FLOOR_RE.findall(text)) for _, _, text in texts)


def parser_pass(texts: list[tuple[str, int, str]]) -> int:
    return sum(len(parse_report(text, region, year).facts) for region, year, text in texts)


def load(corpus: Path, every: bool) -> list[tuple[str, int, str]]:
    root = corpus / "reports"
    if every:
        paths = sorted(root.glob("*/*.txt"))
    else:
        paths = [root / "national" / f"{y}.txt" for y in range(2000, 2026) if (root / "national" / f"{y}.txt").exists()]
    return [(p.parent.name, int(p.stem), extract_text(p.read_bytes()).text) for p in paths]


def cpu(fn, texts) -> tuple[float, int]:  # noqa: ANN001
    t0 = time.process_time()
    n = fn(texts)
    return time.process_time() - t0, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--all", action="store_true", help="every corpus report, not only national 2000-2025")
    args = ap.parse_args()
    if not (Path(args.corpus) / "reports" / "national").is_dir():
        print(f"no corpus at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    texts = load(Path(args.corpus), args.all)
    chars = sum(len(t) for _, _, t in texts)
    regex_pass(texts)
    parser_pass(texts)  # warm-up: compiled patterns, caches
    floor, parse, ratios = [], [], []
    found = facts = 0
    for r in range(args.rounds):
        if r % 2:
            p, facts = cpu(parser_pass, texts)
            f, found = cpu(regex_pass, texts)
        else:
            f, found = cpu(regex_pass, texts)
            p, facts = cpu(parser_pass, texts)
        floor.append(f)
        parse.append(p)
        ratios.append(p / f)
    what = "every corpus report" if args.all else "national reports 2000-2025"
    print(f"{what}: {len(texts)} reports, {chars / 1e6:.2f} M characters, {facts} facts, "
          f"{found} numbers with units by the regex")
    mf, mp = statistics.median(floor), statistics.median(parse)
    print(f"regex pass: {mf * 1000:.1f} ms   parser: {mp * 1000:.1f} ms   (medians of {args.rounds} interleaved rounds, "
          "CPU time)")
    print(f"parser / regex pass: {mp / mf:.2f}x (ratio of medians), {statistics.median(ratios):.2f}x "
          f"(median of per-round ratios; range {min(ratios):.2f}-{max(ratios):.2f}); target <= 5x")
    print(f"parse speed: {len(texts) / mp:.0f} reports/s per core, {chars / mp / 1e6:.2f} M chars/s (median round)")

    region, year, text = max(texts, key=lambda r: len(r[2]))
    tracemalloc.start()
    parse_report(text, region, year)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory of one parse ({len(text)} chars, {region} {year}): {peak / 1e6:.1f} MB (tracemalloc)")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    print("linearity (time per character should stay flat):")
    for k in (1, 4, 16):
        big = "\n".join(text for _ in range(k))
        t0 = time.process_time()
        parse_report(big, region, year)
        dt = time.process_time() - t0
        print(f"  {k:>2}x ({len(big) / 1e6:.2f} M chars): {dt * 1000:.0f} ms, {dt / len(big) * 1e9:.0f} ns/char")
    return 0


if __name__ == "__main__":
    sys.exit(main())
