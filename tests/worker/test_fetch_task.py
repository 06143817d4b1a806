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
