#!/usr/bin/env python3
"""How fast are comparisons and histories over the national reports of 2004-2025?

Each report is parsed once (timed apart: parsing is the parser's budget, not ours), then:
  - every consecutive pair is compared, several rounds, for comparisons per second;
  - the whole national history is compared and rendered once, as a user or the digest would:
    21 comparisons rendered to HTML, plus the 22-year history built and rendered to HTML with
    its charts. Target: under 2 s.

Until the parser exists, the figures come from synthetic reports of the same shape, and the
output says so.

    python bench/bench_compare.py [--corpus ../shared/corpus] [--rounds 20]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffing.compare import compare_sheets  # noqa: E402
from diffing.history import build_history  # noqa: E402
from diffing.model import Fact, FactSheet  # noqa: E402
from worker.render import render_comparison, render_history  # noqa: E402

TARGET_SECONDS = 2.0


def parse_all(corpus: Path, first: int, last: int) -> tuple[list[FactSheet], float]:
    from diffing.parse import parse_report
    from scrapers.document import extract_text

    sheets, t0 = [], time.perf_counter()
    for year in range(first, last + 1):
        path = corpus / "reports" / "national" / f"{year}.txt"
        text = extract_text(path.read_bytes()).text
        sheets.append(parse_report(text, region="national", year=year))
    return sheets, time.perf_counter() - t0


def synthetic(first: int, last: int, tasks: int = 60) -> list[FactSheet]:
    """Reports shaped like the real ones: 10 headline targets and outcomes, `tasks` tasks each way."""
    headline = [("gdp_growth", "about", 6.0, "%"), ("cpi", "about", 3.0, "%"), ("surveyed_unemployment", "about", 5.5, "%"),
                ("new_urban_jobs", "at_least", 1.1e7, "人"), ("grain_output", "at_least", 1.3e12, "斤"),
                ("energy_intensity_reduction", "about", 3.0, "%"), ("deficit_ratio", "exact", 3.0, "%"),
                ("special_bonds", "exact", 3.8e12, "元"), ("income_growth", "exact", 6.0, "%"),
                ("registered_unemployment", "at_most", 4.5, "%")]
    sheets = []
    for year in range(first, last + 1):
        facts, pos = [], 0
        for kind, period in (("outcome", year - 1), ("target", year)):
            for i, (ind, comp, value, unit) in enumerate(headline):
                v = value * (1 + ((year * 7 + i) % 5 - 2) / 50)
                facts.append(Fact(ind, ind, kind, period, comp if kind == "target" else "exact", v, unit,  # type: ignore[arg-type]
                                  f"{ind}{v:g}{unit}", (pos, pos + 10)))
                pos += 20
            for i in range(tasks):
                phrase = f"新建改造项目类别{(i + year) % (tasks + 5)}号工程"
                facts.append(Fact(f"task:{phrase}", phrase, kind, period, "exact", 1000.0 + i * year % 97, "个",  # type: ignore[arg-type]
                                  f"{phrase}{1000 + i}个", (pos, pos + 10)))
                pos += 20
        sheets.append(FactSheet("national", year, "synthetic", tuple(facts)))
    return sheets


def main() -> int:
    shared = Path(os.environ.get("TARGETWATCH_SHARED", ROOT.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared / "corpus")
    ap.add_argument("--first", type=int, default=2004)
    ap.add_argument("--last", type=int, default=2025)
    ap.add_argument("--rounds", type=int, default=20, help="rounds of all pairs for comparisons per second")
    args = ap.parse_args()

    years = args.last - args.first + 1
    try:
        sheets, parse_s = parse_all(args.corpus, args.first, args.last)
        source = f"real national reports {args.first}-{args.last}"
        print(f"parse: {years} reports in {parse_s:.2f} s ({parse_s / years * 1000:.0f} ms each, not counted below)")
    except NotImplementedError:
        sheets = synthetic(args.first, args.last)
        source = f"SYNTHETIC reports {args.first}-{args.last}"
        print("note: the parser (diffing.parse.parse_report) is not written yet, so these figures come from "
              "synthetic reports of the same shape; rerun once it lands for real figures")
    except FileNotFoundError as exc:
        print(f"bench_compare: the corpus is not where expected ({exc.filename}); pass --corpus", file=sys.stderr)
        return 2
    facts = sum(len(s.facts) for s in sheets)
    pairs = list(zip(sheets, sheets[1:]))
    print(f"input: {source}, {facts} facts, {len(pairs)} consecutive pairs")

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for old, new in pairs:
            compare_sheets(old, new)
    compare_s = time.perf_counter() - t0
    n = args.rounds * len(pairs)
    print(f"compare: {n / compare_s:,.0f} comparisons/s ({compare_s / n * 1000:.2f} ms each)")

    t0 = time.perf_counter()
    comparisons = [compare_sheets(old, new) for old, new in pairs]
    pages = [render_comparison(c, "html") for c in comparisons]
    t1 = time.perf_counter()
    history = build_history(sheets)
    t2 = time.perf_counter()
    page = render_history(history, "html")
    t3 = time.perf_counter()
    total = t3 - t0
    rows = sum(len(c.rows) for c in comparisons)
    print(f"all pairs compared and rendered to HTML: {t1 - t0:.3f} s ({rows} rows, {sum(map(len, pages)) // 1024} KB)")
    print(f"history of {years} years: built in {t2 - t1:.3f} s, rendered to HTML in {t3 - t2:.3f} s "
          f"({len(history.series)} series, {len(page) // 1024} KB)")
    verdict = "ok" if total < TARGET_SECONDS else "OVER TARGET"
    print(f"whole national history compared and rendered: {total:.3f} s (target < {TARGET_SECONDS:.0f} s: {verdict})")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
