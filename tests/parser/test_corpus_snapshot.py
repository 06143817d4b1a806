"""The parser's output over every corpus report is the one recorded: speed work must not change it.

The snapshot holds one hash per report (corpus_snapshot.py says how to see which reports
changed and how to record an intended change, which comes with an EXTRACTOR_VERSION bump).
"""
from __future__ import annotations

import pytest

from targetwatch.diffing.parse import EXTRACTOR_VERSION
from tests.conftest import corpus_path
from tests.parser import corpus_snapshot

pytestmark = pytest.mark.corpus


def test_every_corpus_report_parses_to_the_recorded_facts() -> None:
    corpus = corpus_path()
    recorded = corpus_snapshot.load()
    now = corpus_snapshot.current(corpus)
    assert len(now) >= 100  # the corpus, not an empty folder
    lines = corpus_snapshot.differences(recorded["reports"], now)
    assert not lines, ("the parser's output changed; if intended, bump EXTRACTOR_VERSION and run "
                       "`python -m tests.parser.corpus_snapshot --write`:\n" + "\n".join(lines))


def test_the_snapshot_was_recorded_under_the_current_extractor_version() -> None:
    """A version bump without a new snapshot leaves the old output's hashes under the new name."""
    assert corpus_snapshot.load()["extractor_version"] == EXTRACTOR_VERSION
