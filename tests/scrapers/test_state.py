"""The fetch state file: survives restarts and crashes, tolerates two writers, keeps health."""
from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

from targetwatch.scrapers.state import (JsonFileState, MemoryState, SourceHealth, StateStore, UrlState, record_failure,
                            record_success)


def test_json_state_round_trip_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "home" / "fetch-state.json"
    a = JsonFileState(path)
    a.put_url("https://x/1", UrlState(etag='"e"', last_modified="Mon, 20 Jan 2025 01:00:00 GMT", sha256="ab",
                                      memo={"links": [["u", "t", None]]}))
    b = JsonFileState(path)
    got = b.get_url("https://x/1")
    assert got is not None and got.etag == '"e"' and got.memo == {"links": [["u", "t", None]]}
    assert b.get_url("https://x/2") is None
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_two_writers_do_not_erase_each_other(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    a, b = JsonFileState(path), JsonFileState(path)
    a.get_url("warm the cache")
    b.get_url("warm the cache")
    a.put_url("https://a", UrlState(sha256="1"))
    b.put_url("https://b", UrlState(sha256="2"))
    c = JsonFileState(path)
    assert c.get_url("https://a") is not None and c.get_url("https://b") is not None


def _write_many(path: str, prefix: str) -> None:
    s = JsonFileState(path)
    for i in range(25):
        s.put_url(f"https://{prefix}/{i}", UrlState(sha256=str(i)))


def test_concurrent_processes_keep_every_entry(tmp_path: Path) -> None:
    path = str(tmp_path / "state.json")
    procs = [multiprocessing.Process(target=_write_many, args=(path, p)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert len(data["urls"]) == 50


def test_a_corrupt_file_is_moved_aside_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{ this is not json", encoding="utf-8")
    s = JsonFileState(path)
    assert s.get_url("https://x") is None
    assert s.recovered and "corrupt" in s.recovered
    assert (tmp_path / "state.json.corrupt").read_text(encoding="utf-8") == "{ this is not json"
    s.put_url("https://x", UrlState(sha256="1"))
    assert JsonFileState(path).get_url("https://x") is not None


def test_health_counts_consecutive_failures_and_keeps_the_last_error() -> None:
    s: StateStore = MemoryState()
    assert isinstance(s, StateStore)
    record_failure(s, "tianjin", "HTTP 503", at="2025-01-01T00:00:00+00:00")
    h = record_failure(s, "tianjin", "timed out", at="2025-01-02T00:00:00+00:00")
    assert h.failures == 2 and h.last_error == "timed out" and h.last_success is None
    h = record_success(s, "tianjin", found=3, at="2025-01-03T00:00:00+00:00")
    assert h.failures == 0 and h.last_found == 3 and h.last_error == "timed out"
    assert [x.source for x in s.all_health()] == ["tianjin"]


def test_health_persists_in_the_json_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    record_failure(JsonFileState(path), "hubei", "HTTP 412 Precondition Failed from www.hubei.gov.cn")
    (h,) = JsonFileState(path).all_health()
    assert isinstance(h, SourceHealth) and h.source == "hubei" and h.failures == 1 and "412" in (h.last_error or "")
