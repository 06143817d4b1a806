"""Work that tests/archive/test_concurrency.py runs in several processes at once.

Run as `python -m tests.archive.concurrent_jobs JOB URL BARRIER N [ARGS]`; each process
marks itself ready in the folder BARRIER and waits until all N are, so that they really
overlap, then prints its result as one line of JSON.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from targetwatch.archive import Archive
from targetwatch.diffing.model import Fact, FactSheet

REGIONS = ("beijing", "shanghai", "guangdong")
YEARS = (2024, 2025, 2026)
VARIANTS = ("", "（修订稿）")


def documents(reverse: bool) -> list[tuple[str, int, str]]:
    docs = [(r, y, v) for r in REGIONS for y in YEARS for v in VARIANTS]
    return docs[::-1] if reverse else docs


def content(region: str, year: int, variant: str) -> bytes:
    return f"{region} {year}年政府工作报告{variant}\n地区生产总值增长5%左右。\n".encode()


def parser(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    facts = tuple(Fact("gdp_growth", "地区生产总值增长", "target", year or 0, "about", 5.0, "%",
                       "地区生产总值增长5%左右", (i, i + 11)) for i in range(20))
    return FactSheet(region=region or "", report_year=year or 0, extractor_version="concurrent", facts=facts)


def _wait(barrier: str) -> None:
    folder, n = Path(barrier.split("|")[0]), int(barrier.split("|")[1])
    (folder / str(os.getpid())).touch()
    deadline = time.time() + 60
    while len(list(folder.iterdir())) < n:
        if time.time() > deadline:
            raise SystemExit("the other processes never got ready")
        time.sleep(0.005)


def add(url: str, barrier: str, reverse: str) -> list:
    _wait(barrier)
    with Archive(url) as archive:  # on a fresh database both processes also migrate at once
        return [[r, y, v, (res := archive.add_document(content(r, y, v), region=r, year=y, parser=parser)).created,
                 res.document.id] for r, y, v in documents(reverse == "reverse")]


def claim(url: str, barrier: str) -> list:
    with Archive(url) as archive:
        _wait(barrier)
        taken: list[int] = []
        while batch := archive.claim_due_deliveries(3):
            for d in batch:
                taken.append(d.id)
                archive.mark_sent(d.id)
        return taken


def enqueue(url: str, barrier: str) -> list:
    with Archive(url) as archive:
        _wait(barrier)
        subs = archive.subscriptions()
        return [archive.enqueue_delivery(s.id, f"digest-{k}")[1] for k in range(10) for s in subs]


def open_and_read(url: str, barrier: str) -> list:
    """Open (and so migrate) the archive, read, close, and again: the connects and closes overlap."""
    _wait(barrier)
    counts = []
    for _ in range(5):
        with Archive(url) as archive:
            counts.append(len(archive.documents()))
    return counts


JOBS = {"add": add, "claim": claim, "enqueue": enqueue, "open": open_and_read}

if __name__ == "__main__":
    job, url, barrier, *args = sys.argv[1:]
    print(json.dumps(JOBS[job](url, barrier, *args)))
