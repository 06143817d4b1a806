"""Two processes writing at once neither corrupt nor duplicate anything.

Real processes, not threads: on SQLite the interesting part is two connections from two
processes fighting over the file lock; on PostgreSQL, two transactions racing for the same
unique keys and the same outbox rows.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from targetwatch.archive import Archive
from tests.archive import concurrent_jobs

ROOT = Path(__file__).resolve().parents[2]


def run_together(job: str, url: str, *arg_lists: list[str]) -> list:
    """Start one process per argument list, all released at once; their JSON results in order."""
    with tempfile.TemporaryDirectory(prefix="tw-barrier-") as barrier:
        token = f"{barrier}|{len(arg_lists)}"
        procs = [subprocess.Popen([sys.executable, "-m", "tests.archive.concurrent_jobs", job, url, token, *args],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for args in arg_lists]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, f"{job} process failed:\n{err}"
            results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.slow
def test_two_processes_adding_the_same_documents_store_each_once(archive_url: str) -> None:
    forward, backward = run_together("add", archive_url, ["forward"], ["reverse"])
    docs = concurrent_jobs.documents(False)
    created = [row[3] for row in forward + backward]
    assert sum(created) == len(docs)  # each document created by exactly one of them
    ids = {tuple(row[:3]): row[4] for row in forward}
    assert all(ids[tuple(row[:3])] == row[4] for row in backward)  # and both agree on its id
    with Archive(archive_url) as archive:
        stored = archive.documents()
        assert len(stored) == len(docs) == len({d.id for d in stored})
        versions = Counter((d.region, d.report_year) for d in stored)
        assert set(versions.values()) == {len(concurrent_jobs.VARIANTS)}
        for (region, year) in versions:
            assert sorted(d.version for d in stored if (d.region, d.report_year) == (region, year)) == [1, 2]
            assert len(archive.factsheet(region, year).facts) == 20


@pytest.mark.slow
def test_processes_opening_a_fresh_archive_together_all_succeed(archive_url: str) -> None:
    # Each process migrates the empty file and then opens and closes it repeatedly, so first
    # connections, the switch to WAL and last-connection checkpoints all overlap.
    results = run_together("open", archive_url, [], [], [], [])
    assert results == [[0] * 5] * 4


@pytest.mark.slow
def test_parallel_senders_claim_each_delivery_exactly_once(archive: Archive, archive_url: str) -> None:
    subs = [archive.subscribe(f"r{i}@example.org", ["*"]) for i in range(6)]
    for s in subs:
        for k in range(5):
            archive.enqueue_delivery(s.id, f"digest-{k}")
    a, b, c = run_together("claim", archive_url, [], [], [])
    claimed = a + b + c
    assert len(claimed) == len(set(claimed)) == 30
    assert {d.status for d in archive.deliveries()} == {"sent"}


@pytest.mark.slow
def test_parallel_enqueueing_makes_one_delivery_per_subscriber_and_digest(archive: Archive,
                                                                          archive_url: str) -> None:
    for i in range(4):
        archive.subscribe(f"r{i}@example.org", ["*"])
    a, b = run_together("enqueue", archive_url, [], [])
    assert sum(a) + sum(b) == 40
    assert len(archive.deliveries()) == 40
