"""Sizes of digest mails on real reports: they must stay under Gmail's ~102 KB clipping point.

    python bench/bench_digest_size.py [--corpus ../shared/corpus/reports] [--base-url https://tw.example.org]

Builds a throwaway archive from the corpus (every year of the regions used), then renders
three digests through the same code as the sender (templates.digest.DigestRenderer):
national 2025, guangdong 2026, and five reports in one digest. Prints each one's HTML and
text size, and whether the HTML holds a file:// link (it must not).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 100 * 1024
FIVE = (("national", 2025), ("guangdong", 2026), ("shanghai", 2026), ("beijing", 2025), ("zhejiang", 2026))


def main() -> int:
    from targetwatch.archive import Archive
    from targetwatch.templates.digest import DigestRenderer

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "reports"))
    p.add_argument("--base-url", default=None)
    p.add_argument("--save", metavar="DIR", help="Also write each digest's HTML part to DIR (to look at it).")
    args = p.parse_args()
    corpus = Path(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(f"sqlite:///{tmp}/archive.sqlite3")
        ids: dict[tuple[str, int], int] = {}
        for region in sorted({r for r, _ in FIVE}):
            for path in sorted((corpus / region).glob("*.txt")):
                year = int(path.stem)
                doc = archive.add_document(path.read_bytes(), region=region, year=year,
                                           source_url=path.resolve().as_uri()).document
                ids[(region, year)] = doc.id
        renderer = DigestRenderer(archive, "https://tw.example.org/unsubscribe/{token}", base_url=args.base_url)
        cases = {"national 2025": [("national", 2025)], "guangdong 2026": [("guangdong", 2026)],
                 "five reports": list(FIVE)}
        worst = 0
        for label, keys in cases.items():
            payload = {"reports": [{"region": r, "year": y, "document_id": ids[(r, y)]} for r, y in keys
                                   if (r, y) in ids]}
            _, text, html = renderer.render(payload, email="reader@example.org", token="tok")
            size = len(html.encode())
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                (Path(args.save) / (label.replace(" ", "_") + ".html")).write_text(html, encoding="utf-8")
            worst = max(worst, size)
            print(f"{label:16s} {len(payload['reports'])} report(s): HTML {size / 1024:6.1f} KB, "
                  f"text {len(text.encode()) / 1024:6.1f} KB, file:// links: {html.count('file://')}")
        print(f"largest HTML {worst / 1024:.1f} KB (limit {LIMIT // 1024} KB): {'ok' if worst < LIMIT else 'TOO BIG'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
