"""Verdicts on a source's health: one failure is noise, several in a row or a silent season are not."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from targetwatch.scrapers.state import SourceHealth
from targetwatch.worker.health import SUSPECT_AFTER, outbox_status, source_status
from tests.worker.conftest import import_samples

APRIL = datetime(2025, 4, 2, tzinfo=UTC)
FEBRUARY = datetime(2025, 2, 10, tzinfo=UTC)


def _health(failures: int, success: str | None = "2025-01-20T01:00:00+00:00") -> SourceHealth:
    return SourceHealth("beijing", last_success=success, last_error_at="2025-02-01T01:00:00+00:00",
                        last_error="cannot reach host www.beijing.gov.cn" if failures else None, failures=failures)


@pytest.mark.parametrize("failures, archived, now, verdict", [
    (0, [2025], FEBRUARY, "ok"),
    (1, [2025], FEBRUARY, "failing"),
    (SUSPECT_AFTER - 1, [2025], FEBRUARY, "failing"),
    (SUSPECT_AFTER, [2025], FEBRUARY, "SUSPECT"),
    (0, [2024], FEBRUARY, "ok"),  # in season and not out yet: nothing to say
    (0, [2024], APRIL, "SILENT"),  # season (Jan-Mar) over, no 2025 report: the column may have moved
    (1, [2024], APRIL, "failing"),  # failing says more than silent
    (0, [2025], APRIL, "ok"),
])
def test_verdicts(failures: int, archived: list[int], now: datetime, verdict: str) -> None:
    st = source_status("beijing", _health(failures), has_index=True, enabled=True, archived_years=archived,
                       months=(1, 2, 3), now=now)
    assert st.verdict == verdict
    assert st.suspect is (verdict in ("SUSPECT", "SILENT"))


def test_a_source_never_checked_or_without_index_is_not_suspect() -> None:
    assert source_status("x", None, has_index=True, enabled=True, archived_years=[], months=(1,),
                         now=APRIL).verdict == "never checked"
    assert source_status("x", None, has_index=False, enabled=True, archived_years=[], months=(1,),
                         now=APRIL).verdict == "no index"


def test_outbox_status_counts_uncertain_resends(archive) -> None:  # noqa: ANN001
    from datetime import timedelta

    from targetwatch.worker.mail.outbox import resolve_abandoned
    from targetwatch.worker.steps import build_digests

    archive.subscribe("a@example.org", ["national"])
    archive.subscribe("b@example.org", ["national"])
    import_samples(archive, "national-2024", "national-2025")
    build_digests(archive)
    claimed = archive.claim_due_deliveries(1)
    st = outbox_status(archive)
    assert (st.pending, st.sending, st.failed, st.uncertain) == (1, 1, 0, 0)
    assert st.oldest_sending_seconds is not None and st.oldest_sending_seconds < 60
    later = claimed[0].claimed_at + timedelta(hours=1)
    resolve_abandoned(archive, lease=timedelta(minutes=15), idempotent=False, now=later)
    st = outbox_status(archive, now=later)
    assert (st.pending, st.sending, st.uncertain, st.uncertain_resent) == (2, 0, 1, 0)


def test_a_failing_source_is_a_warning_in_the_worker_log(tmp_path, caplog) -> None:  # noqa: ANN001
    """The check step logs each failing source at WARNING, naming what happened."""
    import logging
    import socket

    from targetwatch.archive import Archive
    from targetwatch.worker.schedule import load_config
    from targetwatch.worker.steps import check_sources_reports
    from tests.worker.conftest import settings_for, write_service_toml

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    home = tmp_path / "home"
    write_service_toml(home, "[fetch]\nallow_private = true\nmin_interval = 0\ntimeout = 3\n")
    (home / "sources.toml").write_text(f'[sources.beijing]\nindex = ["http://127.0.0.1:{port}/zfgzbg.html"]\n'
                                       "reports = []\ndelay = 0\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    with Archive(db) as arc, caplog.at_level(logging.WARNING, logger="targetwatch.worker"):
        check_sources_reports(arc, settings_for(home, db), load_config(home), ["beijing"])
        [health] = arc.state_store().all_health()
    assert health.failures == 1
    [record] = [r for r in caplog.records if "source beijing failed" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "cannot reach host" in record.getMessage() and "connection refused" in record.getMessage()
