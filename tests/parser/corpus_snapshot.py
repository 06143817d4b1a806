"""One sha256 per corpus report of what the parser makes of it, so a speed-up can prove it changed nothing.

    python -m tests.parser.corpus_snapshot            # which reports' facts differ from the snapshot
    python -m tests.parser.corpus_snapshot --write    # record the current output (after a version bump)

The snapshot (corpus_snapshot.json beside this file) holds hashes only, never report text:
the corpus stays in ../shared. Each hash is of the report's FactSheet as canonical JSON
(sorted keys, no blanks, `extractor_version` left out so that a bump alone changes nothing).
Writing refuses to record changed output under the EXTRACTOR_VERSION it was recorded with:
a change in the facts of the same text is what the version tells the archive (`archive reparse`).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from targetwatch.diffing.parse import EXTRACTOR_VERSION, parse_report
from targetwatch.scrapers.document import extract_text

SNAPSHOT = Path(__file__).with_name("corpus_snapshot.json")


def reports(corpus: Path) -> list[Path]:
    """Every report of the corpus: <region>/<year>.txt and the alternative copies <region>/alt/<year>__<source>.txt."""
    root = corpus / "reports"
    return sorted(root.glob("*/*.txt")) + sorted(root.glob("*/alt/*.txt"))


def key_of(path: Path, corpus: Path) -> str:
    return path.relative_to(corpus / "reports").as_posix()


def region_year(path: Path) -> tuple[str, int]:
    """Region and year from the path, as the evaluation files them (not read from the text)."""
    region = path.parent.parent.name if path.parent.name == "alt" else path.parent.name
    return region, int(path.stem.split("__")[0])


def canonical(path: Path) -> str:
    region, year = region_year(path)
    sheet = parse_report(extract_text(path.read_bytes()).text, region, year).to_dict()
    sheet.pop("extractor_version")
    return json.dumps(sheet, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(path: Path) -> str:
    return hashlib.sha256(canonical(path).encode("utf-8")).hexdigest()


def current(corpus: Path) -> dict[str, str]:
    return {key_of(p, corpus): digest(p) for p in reports(corpus)}


def load() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def differences(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """One line per report whose output changed, appeared or went away."""
    lines = [f"changed  {k}" for k in sorted(recorded.keys() & now.keys()) if recorded[k] != now[k]]
    lines += [f"new      {k}" for k in sorted(now.keys() - recorded.keys())]
    lines += [f"missing  {k}" for k in sorted(recorded.keys() - now.keys())]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--corpus", type=Path, default=root.parent / "shared" / "corpus")
    ap.add_argument("--write", action="store_true", help="record the current output in the snapshot")
    args = ap.parse_args(argv)
    if not (args.corpus / "reports").is_dir():
        print(f"no corpus at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    now = current(args.corpus)
    old = load() if SNAPSHOT.exists() else {"extractor_version": None, "reports": {}}
    lines = differences(old["reports"], now)
    for line in lines:
        print(line)
    print(f"{len(lines)} of {len(now)} reports differ from the snapshot (recorded under "
          f"{old['extractor_version']}, parser {EXTRACTOR_VERSION})")
    if not args.write:
        return 1 if lines else 0
    changed = any(line.startswith("changed") for line in lines)
    if changed and old["extractor_version"] == EXTRACTOR_VERSION:
        print(f"not written: the facts of the same texts changed but EXTRACTOR_VERSION is still {EXTRACTOR_VERSION};"
              " bump it in diffing/parse.py so the archive re-parses", file=sys.stderr)
        return 1
    SNAPSHOT.write_text(json.dumps({"extractor_version": EXTRACTOR_VERSION, "reports": now}, indent=1,
                                   sort_keys=True) + "\n", encoding="utf-8")
    print(f"written {SNAPSHOT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
