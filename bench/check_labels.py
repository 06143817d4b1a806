"""How many task labels of the corpus fail the label rules of diffing.headline.

    python bench/check_labels.py [--corpus ../shared/corpus/reports] [--examples 3]

Parses every corpus report with the current parser and applies `label_problem` to each
task fact's label (rules: `short` fewer than 3 letters; `fragment` starts or ends with
和/及/与/的/或/并/等/、; `figure` holds a digit; `verb_only` opens with 从/由 or ends in a
verb of change such as 提高到; `age_or_share` an age or a share like 33.3333%). Prints the
share failing, per rule, with examples. A task whose label fails never enters a headline view.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from targetwatch.diffing.headline import label_problem
    from targetwatch.diffing.parse import parse_report

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "reports"))
    p.add_argument("--examples", type=int, default=3)
    args = p.parse_args()
    total = 0
    problems: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    paths = sorted(Path(args.corpus).glob("*/*.txt"))
    for path in paths:
        sheet = parse_report(path.read_text(encoding="utf-8"), path.parent.name, int(path.stem))
        for f in sheet.facts:
            if not f.is_task:
                continue
            total += 1
            why = label_problem(f.label, f)
            if why:
                problems[why] += 1
                if len(examples[why]) < args.examples:
                    examples[why].append(f"{path.parent.name}/{path.stem}: {f.label!r} ({f.value}{f.unit or ''})")
    bad = sum(problems.values())
    print(f"{len(paths)} reports, {total} task labels, {bad} failing ({bad / max(total, 1):.1%})")
    for why, n in problems.most_common():
        print(f"  {why:13s} {n:6d} ({n / max(total, 1):.1%})  e.g. " + "; ".join(examples[why]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
