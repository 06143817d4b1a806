"""The fetch task gives up at once on answers that asking again cannot change (404, robots)."""
from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest


class _NotFound(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path != "/robots.txt":
            type(self).hits += 1
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def not_found_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _NotFound.hits = 0
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_report_url_that_is_gone_is_reported_once_not_retried(not_found_site: str, _private_home) -> None:
    from tests.worker.conftest import write_service_toml
    from targetwatch.worker.tasks import fetch

    write_service_toml(_private_home, "[fetch]\nallow_private = true\n")
    result = fetch.run(f"{not_found_site}/2026/report.htm", "beijing", 2026)
    assert result["created"] is False and "404" in result["error"]
    assert _NotFound.hits == 1


def test_a_page_that_is_not_a_work_report_is_refused_in_one_line_and_nothing_is_stored(site, _private_home) -> None:  # noqa: ANN001
    """A statistical communiqué at a report URL (written for this test) is not archived."""
    from targetwatch.archive import Archive
    from targetwatch.config import load_settings
    from targetwatch.worker.tasks import fetch
    from tests.worker.conftest import write_service_toml

    write_service_toml(_private_home, "[fetch]\nallow_private = true\n")
    html = ("<html><head><meta charset='utf-8'><title>某某省2030年国民经济和社会发展统计公报</title></head><body>"
            "<div id='UCAP-CONTENT'><p>某某省2030年国民经济和社会发展统计公报</p><p>某某省统计局</p>"
            "<p>初步核算，全年全省地区生产总值50000亿元，比上年增长5.1%。</p></div></body></html>")
    url = site.page("/2031/communique.htm", html)
    result = fetch.run(url, "guangdong", 2031)
    assert result["created"] is False
    assert result["error"].startswith("does not look like a government work report: ")
    assert "\n" not in result["error"]
    with Archive(load_settings().database_url) as archive:
        assert archive.all_documents() == []
