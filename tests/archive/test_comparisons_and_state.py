"""Stored comparisons follow the facts they came from; fetch state backs the scrapers' StateStore."""
from __future__ import annotations

from datetime import UTC, datetime

from targetwatch.scrapers.state import SourceHealth, StateStore, UrlState, record_failure, record_success

from targetwatch.archive import Archive
from tests.archive.conftest import fact, report_bytes, sheet_parser

T0 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def _two_years(archive: Archive) -> None:
    archive.add_document(report_bytes("beijing", 2024), region="beijing", year=2024,
                         parser=sheet_parser(fact(period=2024)))
    archive.add_document(report_bytes("beijing", 2025), region="beijing", year=2025,
                         parser=sheet_parser(fact(period=2025), version="t2"))


class ToDict:
    def __init__(self, data: dict) -> None:
        self.data = data

    def to_dict(self) -> dict:
        return self.data


def test_save_and_read_back_a_comparison(archive: Archive) -> None:
    _two_years(archive)
    data = {"region": "beijing", "year": 2025, "previous_year": 2024,
            "rows": [{"check": "target_vs_target", "indicator": "gdp_growth", "verdict": "unchanged"}]}
    cid = archive.save_comparison("beijing", 2025, 2024, data)
    assert archive.save_comparison("beijing", 2025, 2024, ToDict(data)) == cid  # same result: no new row
    assert archive.comparison("beijing", 2025) == data
    assert archive.comparison("beijing", 2025, 2023) is None
    assert archive.comparison("shanghai", 2025) is None


def test_a_comparison_goes_stale_when_the_facts_under_it_change(archive: Archive) -> None:
    _two_years(archive)
    old = {"rows": [{"verdict": "unchanged"}]}
    first = archive.save_comparison("beijing", 2025, 2024, old)
    archive.add_document(report_bytes("beijing", 2025, "修订版"), region="beijing", year=2025,
                         parser=sheet_parser(fact(period=2025, value=5.5)))
    assert archive.comparison("beijing", 2025) is None  # computed from facts that are no longer current
    assert archive.comparison("beijing", 2025, current_only=False) == old
    new = {"rows": [{"verdict": "raised"}]}
    second = archive.save_comparison("beijing", 2025, 2024, new)
    assert second != first and archive.comparison("beijing", 2025) == new
    # The same verdicts from the new facts are a record of their own, too.
    assert archive.save_comparison("beijing", 2025, 2024, old) not in (first, second)


def test_fetch_state_records_successes_and_failures(archive: Archive) -> None:
    url = "https://www.gov.cn/zhengce/a.htm"
    assert archive.fetch_state(url) is None
    archive.record_fetch_error(url, "timed out", now=T0)
    s = archive.record_fetch_error(url, "HTTP 503", now=T0)
    assert (s.failures, s.last_error, s.last_success_at) == (2, "HTTP 503", None)
    s = archive.record_fetch(url, etag='"v1"', last_modified="Wed, 05 Mar 2026 00:00:00 GMT", content_hash="h1",
                             now=T0)
    assert (s.failures, s.etag, s.content_hash, s.last_success_at) == (0, '"v1"', "h1", T0)
    assert s.last_error == "HTTP 503"  # kept for the record
    s = archive.record_fetch(url, not_modified=True, now=T0)
    assert (s.etag, s.content_hash) == ('"v1"', "h1")
    assert [x.url for x in archive.fetch_states()] == [url]


def test_the_archive_is_a_scrapers_state_store(archive: Archive) -> None:
    store = archive.state_store()
    assert isinstance(store, StateStore)
    assert store.get_url("https://x.gov.cn/") is None
    state = UrlState(etag='"e"', last_modified="Tue, 04 Mar 2026 00:00:00 GMT", sha256="abc", status=200,
                     checked_at="2026-03-05T08:00:00+00:00", changed_at="2026-03-04T08:00:00+00:00",
                     memo={"links": ["https://x.gov.cn/1.htm"]})
    store.put_url("https://x.gov.cn/", state)
    assert store.get_url("https://x.gov.cn/") == state
    store.put_url("https://x.gov.cn/", UrlState(etag=None, sha256="def", checked_at="2026-03-06T08:00:00+00:00"))
    assert store.get_url("https://x.gov.cn/").memo == {} and archive.fetch_state("https://x.gov.cn/").etag is None
    assert store.get_health("gov.cn") is None
    record_failure(store, "gov.cn", "HTTP 500", at="2026-03-05T08:00:00+00:00")
    h = record_success(store, "gov.cn", found=12, at="2026-03-06T08:00:00+00:00")
    assert store.get_health("gov.cn") == h == SourceHealth(
        "gov.cn", last_success="2026-03-06T08:00:00+00:00", last_error_at="2026-03-05T08:00:00+00:00",
        last_error="HTTP 500", failures=0, last_found=12)
    record_failure(store, "beijing.gov.cn", "DNS")
    assert [h.source for h in store.all_health()] == ["beijing.gov.cn", "gov.cn"]
