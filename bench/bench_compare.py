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

from targetwatch.diffing.compare import compare_sheets  # noqa: E402
from targetwatch.diffing.history import build_history  # noqa: E402
from targetwatch.diffing.model import FactSheet  # noqa: E402
from targetwatch.templates.render import render_comparison, render_history  # noqa: E402

TARGET_SECONDS = 2.0


def parse_all(corpus: Path, first: int, last: int) -> tuple[list[FactSheet], float]:
    from targetwatch.diffing.parse import parse_report
    from targetwatch.scrapers.document import extract_text

    sheets, t0 = [], time.perf_counter()
    for year in range(first, last + 1):
        path = corpus / "reports" / "national" / f"{year}.txt"
        text = extract_text(path.read_bytes()).text
        sheets.append(parse_report(text, region="national", year=year))
    return sheets, time.perf_counter() - t0


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
    page_sizes(args.corpus)
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


PAGE_TARGET_KB = 300


def page_sizes(corpus: Path) -> None:
    """`targetwatch history national --format html` over every national report in the corpus.

    Pages carry one stylesheet; mail keeps inline styles (its clients drop <style>), so both
    sizes are printed, for the headline view (the default) and for --all.
    """
    from targetwatch.diffing.parse import parse_report

    folder = corpus / "reports" / "national"
    sheets = [parse_report(p.read_text(encoding="utf-8"), region="national", year=int(p.stem))
              for p in sorted(folder.glob("*.txt"))]
    history = build_history(sheets)
    for label, full in (("default view", False), ("--all", True)):
        page = len(render_history(history, "html", full=full).encode()) / 1024
        inline = len(render_history(history, "html", full=full, inline_styles=True).encode()) / 1024
        verdict = "ok" if page < PAGE_TARGET_KB else "OVER TARGET"
        print(f"national history page ({len(sheets)} reports, {label}): {page:.0f} KB with a stylesheet, "
              f"{inline:.0f} KB with inline styles ({page / PAGE_TARGET_KB:.2f}x the {PAGE_TARGET_KB} KB target: {verdict})")


if __name__ == "__main__":
    sys.exit(main())
