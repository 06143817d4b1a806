"""Is the parser linear on every input? Time per character at 1x, 4x, 16x and 64x.

    python bench/bench_linear.py [--corpus ../shared/corpus] [--max 64]

For a real report (the longest national one) and for adversarial shapes: a long run of
figures with no punctuation (issue 14: 336 KB took 36-43 s and 3.5 GB before the parser's
look-back was bounded), figures separated only by 、, one endless sentence of words, and a
targets heading followed by nothing but list marks. Each line prints the input size, the
CPU time, the time per character and the peak memory of the parse (tracemalloc). A
linear parser keeps ns/char flat as the size grows 64-fold; quadratic work shows as ns/char
growing with the size.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from targetwatch.diffing.parse import parse_report  # noqa: E402
from targetwatch.scrapers.document import extract_text  # noqa: E402

HEAD = "二、2024年政府工作任务\n"
SHAPES = {
    "figures, no punctuation": lambda k: HEAD + "新增学位2万个" * (250 * k),
    "figures joined by 、": lambda k: HEAD + "、".join(f"新建项目{i % 97}个" for i in range(250 * k)) + "。",
    "one sentence of words": lambda k: HEAD + "推动高质量发展取得新成效" * (250 * k) + "。",
    "list marks only": lambda k: HEAD + "".join(f"（{i % 9 + 1}）" for i in range(600 * k)),
    "percent run": lambda k: HEAD + "地区生产总值增长5%左右" * (150 * k),
    # a list of bare figures sharing one measure word, after clauses a 分别 could share out over
    "bare figures sharing a unit": lambda k: HEAD + "，".join(f"指标{i}达{i}%" for i in range(60 * k)) + "，分别提高"
    + "、".join(str(i) for i in range(1, 60 * k)) + "个百分点。",
}


def _measure(text: str, year: int) -> tuple[float, float]:
    """CPU time of a plain parse, then the peak memory of a second one (tracemalloc slows it)."""
    t0 = time.process_time()
    parse_report(text, "national", year)
    dt = time.process_time() - t0
    tracemalloc.start()
    parse_report(text, "national", year)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return dt, peak


def _row(name: str, k: int, text: str, year: int) -> None:
    dt, peak = _measure(text, year)
    print(f"  {name:<26} {k:>3}x {len(text) / 1e3:>8.0f} K chars {dt * 1000:>8.0f} ms "
          f"{dt / len(text) * 1e9:>7.0f} ns/char {peak / 1e6:>7.1f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--max", type=int, default=64, choices=(1, 4, 16, 64))
    args = ap.parse_args()
    sizes = [k for k in (1, 4, 16, 64) if k <= args.max]
    folder = Path(args.corpus) / "reports" / "national"
    reports = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if reports:
        path = max(reports, key=lambda p: p.stat().st_size)
        text, year = extract_text(path.read_bytes()).text, int(path.stem)
        parse_report(text, "national", year)  # warm-up
        print(f"real report: national {year}")
        for k in sizes:
            _row(f"national {year}", k, "\n".join(text for _ in range(k)), year)
    else:
        print(f"no corpus at {folder}; only the adversarial shapes (pass --corpus)")
    print("adversarial shapes:")
    for name, make in SHAPES.items():
        for k in sizes:
            _row(name, k, make(k), 2024)
    issue = HEAD + "新增学位2万个" * 16000
    dt, peak = _measure(issue, 2024)
    print(f"issue 14's input ({len(issue) / 1e3:.0f} K chars): {dt:.2f} s, {peak / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
