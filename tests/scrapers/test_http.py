"""The polite fetcher against a real local server: retries, limits, validators, robots, guard."""
from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from targetwatch.scrapers.http import USER_AGENT, FetchError, Fetcher, FetchResult, backoff_delay, fetch, parse_retry_after
from targetwatch.scrapers.state import JsonFileState, MemoryState

from .conftest import Reply, Seen, Site

PAGE = "<html><body><p>各位代表：现在我代表市人民政府报告工作。</p></body></html>"


def make(**kw: object) -> Fetcher:
    base: dict[str, object] = {"allow_private": True, "timeout": 2.0, "retries": 2, "backoff": 0.01,
                               "backoff_max": 0.05, "min_interval": 0.0}
    base.update(kw)
    return Fetcher(**base)  # type: ignore[arg-type]


def test_plain_get_sends_a_descriptive_user_agent(site: Site) -> None:
    url = site.page("/a.html", PAGE)
    with make() as f:
        res = f.get(url)
    assert isinstance(res, FetchResult)
    assert res.status == 200 and res.content == PAGE.encode()
    assert res.content_type == "text/html; charset=utf-8"
    assert len(res.sha256 or "") == 64
    ua = site.requests("/a.html")[0].headers["user-agent"]
    assert ua == USER_AGENT and "targetwatch" in ua and "http" in ua


def test_retries_503_then_succeeds(site: Site) -> None:
    url = site.route("/flaky", [Reply(503, b"busy"), Reply(503, b"busy"), Reply(200, b"ok now")])
    with make(retries=3) as f:
        res = f.get(url)
    assert res.content == b"ok now"
    assert res.attempts == 3
    assert site.hits("/flaky") == 3


def test_no_retry_on_404(site: Site) -> None:
    url = site.route("/missing", Reply(404, b"nope"))
    with make(retries=3) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "http" and err.value.status == 404
    assert "404" in str(err.value)
    assert site.hits("/missing") == 1


def test_persistent_500_gives_up_after_the_retries_with_one_line(site: Site) -> None:
    url = site.route("/broken", Reply(500, b"err"))
    with make(retries=2) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert site.hits("/broken") == 3
    msg = str(err.value)
    assert "HTTP 500" in msg and "gave up after 3 attempts" in msg and "\n" not in msg


def test_backoff_waits_grow_and_respect_retry_after(site: Site) -> None:
    sleeps: list[float] = []
    url = site.route("/slowdown", [Reply(503, b"", {"Retry-After": "0"}), Reply(503, b""), Reply(200, b"fine")])
    with make(retries=3, backoff=0.01, backoff_max=1.0, sleep=sleeps.append, rnd=lambda: 1.0) as f:
        f.get(url)
    assert sleeps == [pytest.approx(0.01), pytest.approx(0.02)]


def test_backoff_delay_has_jitter_within_bounds() -> None:
    assert backoff_delay(0, 1.0, 30.0, lambda: 0.0) == 0.5
    assert backoff_delay(0, 1.0, 30.0, lambda: 1.0) == 1.0
    assert backoff_delay(3, 1.0, 30.0, lambda: 0.5) == pytest.approx(6.0)
    assert backoff_delay(10, 1.0, 30.0, lambda: 1.0) == 30.0  # capped
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("soon") is None


def test_slow_response_times_out_and_is_retried(site: Site) -> None:
    url = site.route("/slow", Reply(200, b"late", delay=0.5))
    start = time.monotonic()
    with make(timeout=0.15, retries=1) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "timeout"
    assert "timed out after 0.15 s" in str(err.value)
    assert site.hits("/slow") == 2
    assert time.monotonic() - start < 3


def test_oversized_response_is_refused_by_content_length(site: Site) -> None:
    url = site.route("/big", Reply(200, b"x" * 5000, {"Content-Type": "text/html"}))
    with make(max_bytes=1000) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "too-large" and "1000" in str(err.value)


def test_oversized_chunked_response_is_cut_off_while_streaming(site: Site) -> None:
    url = site.route("/bigstream", Reply(200, b"y" * 300_000, {"Content-Type": "text/html"}, chunked=True))
    with make(max_bytes=100_000) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "too-large"
    assert site.hits("/bigstream") == 1  # not retried


def test_redirects_are_followed_and_recorded(site: Site) -> None:
    site.route("/old", Reply(301, b"", {"Location": "/new"}))
    site.page("/new", PAGE)
    with make() as f:
        res = f.get(site.url("/old"))
    assert res.url == site.url("/new") and res.redirects == (site.url("/old"),)


def test_redirect_loop_is_reported_as_such(site: Site) -> None:
    site.route("/loop-a", Reply(302, b"", {"Location": "/loop-b"}))
    site.route("/loop-b", Reply(302, b"", {"Location": "/loop-a"}))
    with make() as f, pytest.raises(FetchError) as err:
        f.get(site.url("/loop-a"))
    assert err.value.kind == "redirects" and "redirect loop" in str(err.value)
    assert site.hits("/loop-a") == 1  # a loop is not retried


def test_too_many_redirects(site: Site) -> None:
    for i in range(5):
        site.route(f"/r{i}", Reply(302, b"", {"Location": f"/r{i + 1}"}))
    site.page("/r5", PAGE)
    with make(max_redirects=3) as f, pytest.raises(FetchError) as err:
        f.get(site.url("/r0"))
    assert "too many redirects (more than 3)" in str(err.value)
    with make(max_redirects=5) as f:
        assert f.get(site.url("/r0")).status == 200


def test_conditional_get_returns_304_and_keeps_the_validators(site: Site, tmp_path: Path) -> None:
    def etagged(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, PAGE.encode(), {"ETag": '"v1"', "Last-Modified": "Mon, 20 Jan 2025 01:00:00 GMT",
                                          "Content-Type": "text/html"})

    url = site.route("/index.html", etagged)
    state = JsonFileState(tmp_path / "state.json")
    with make(state=state) as f:
        first = f.get(url, conditional=True)
        assert first.status == 200 and first.changed is True
    # A new process: validators come from the file.
    with make(state=JsonFileState(tmp_path / "state.json")) as f:
        second = f.get(url, conditional=True)
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.changed is False and second.sha256 == first.sha256
    sent = site.requests("/index.html")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 20 Jan 2025 01:00:00 GMT"


def test_unchanged_body_without_validators_is_recognised_by_hash(site: Site) -> None:
    url = site.page("/plain.html", PAGE)
    state = MemoryState()
    with make(state=state) as f:
        assert f.get(url, conditional=True).changed is True
        again = f.get(url, conditional=True)
        assert again.status == 200 and again.changed is False
        site.page("/plain.html", PAGE.replace("报告", "汇报"))
        assert f.get(url, conditional=True).changed is True


def test_robots_disallow_is_obeyed_without_touching_the_page(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: badbot\nDisallow: /\n",
              content_type="text/plain")
    site.page("/private/report.html", PAGE)
    site.page("/public/report.html", PAGE)
    with make() as f:
        with pytest.raises(FetchError) as err:
            f.get(site.url("/private/report.html"))
        assert err.value.kind == "robots" and "disallows /private/report.html" in str(err.value)
        assert f.get(site.url("/public/report.html")).status == 200
    assert site.hits("/private/report.html") == 0
    assert site.hits("/robots.txt") == 1  # cached for the second URL


def test_robots_disallow_for_targetwatch_by_name(site: Site) -> None:
    site.page("/robots.txt", "User-agent: targetwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
              content_type="text/plain")
    site.page("/x.html", PAGE)
    with make() as f, pytest.raises(FetchError):
        f.get(site.url("/x.html"))


def test_robots_unreachable_means_do_not_crawl(site: Site) -> None:
    site.route("/robots.txt", Reply(503, b""))
    site.page("/x.html", PAGE)
    with make(retries=1) as f, pytest.raises(FetchError) as err:
        f.get(site.url("/x.html"))
    assert err.value.kind == "robots" and "RFC 9309" in str(err.value)
    assert site.hits("/x.html") == 0


def test_missing_robots_allows_everything_and_can_be_switched_off(site: Site) -> None:
    site.page("/x.html", PAGE)  # /robots.txt is a 404 on this server
    with make() as f:
        assert f.get(site.url("/x.html")).status == 200
    assert site.hits("/robots.txt") == 1
    with make(respect_robots=False) as f:
        f.get(site.url("/x.html"))
    assert site.hits("/robots.txt") == 1


def test_redirect_into_a_disallowed_path_is_refused(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /secret\n", content_type="text/plain")
    site.route("/go", Reply(302, b"", {"Location": "/secret/page.html"}))
    site.page("/secret/page.html", PAGE)
    with make() as f, pytest.raises(FetchError) as err:
        f.get(site.url("/go"))
    assert err.value.kind == "robots"
    assert site.hits("/secret/page.html") == 0


def test_per_host_rate_limit_spaces_requests(site: Site) -> None:
    site.page("/a", PAGE)
    with make(min_interval=0.2, respect_robots=False) as f:
        start = time.monotonic()
        for _ in range(3):
            f.get(site.url("/a"))
        elapsed = time.monotonic() - start
    assert elapsed >= 0.38


def test_rate_limit_is_per_host(site: Site) -> None:
    site.page("/a", PAGE)
    other = site.url("/a").replace("127.0.0.1", "localhost")
    waits: list[float] = []
    with make(min_interval=5.0, respect_robots=False, sleep=waits.append) as f:
        f.get(site.url("/a"))
        f.get(other)  # a different host name: no wait
        assert waits == []
        f.get(site.url("/a"))  # the same host again: must wait
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_private_addresses_are_refused_by_default(site: Site) -> None:
    url = site.page("/a", PAGE)
    with Fetcher(timeout=2.0, retries=2, backoff=0.01, min_interval=0.0) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "blocked"
    assert "127.0.0.1" in str(err.value) and "private" in str(err.value)
    with Fetcher(timeout=2.0, retries=0, min_interval=0.0) as f, pytest.raises(FetchError) as err2:
        f.get(url.replace("127.0.0.1", "localhost"))
    assert err2.value.kind == "blocked"
    assert site.log == []  # nothing reached the server, not even robots.txt
    with make(allow_private=True) as f:
        assert f.get(url).status == 200


def test_module_fetch_keeps_its_old_signature(site: Site) -> None:
    url = site.page("/a", PAGE)
    res = fetch(url, max_bytes=10_000, timeout=2.0)
    assert res.status == 200 and res.content == PAGE.encode()
    with pytest.raises(FetchError):
        fetch(url, max_bytes=10, timeout=2.0)
    with pytest.raises(FetchError) as err:
        fetch(url, allow_private=False)
    assert err.value.kind == "blocked"


def test_non_http_urls_are_refused_before_any_request() -> None:
    with make() as f:
        for bad in ("ftp://example.org/x", "file:///etc/passwd", "http:///nohost"):
            with pytest.raises(FetchError) as err:
                f.get(bad)
            assert err.value.kind == "invalid-url"


def test_connection_refused_is_a_connect_error() -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with make(retries=1, respect_robots=False) as f, pytest.raises(FetchError) as err:
        f.get(f"http://127.0.0.1:{port}/")
    assert err.value.kind == "connect" and "gave up after 2 attempts" in str(err.value)


def test_tls_against_a_plain_http_server_is_a_clear_tls_error(site: Site) -> None:
    site.page("/a", PAGE)
    url = site.url("/a").replace("http://", "https://")
    with make(respect_robots=False) as f, pytest.raises(FetchError) as err:
        f.get(url)
    assert err.value.kind == "tls" and str(err.value).startswith("TLS error with 127.0.0.1")
    assert site.hits("/a") <= 1


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")
def test_certificate_for_another_name_is_reported_not_ignored(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=www.example.org"], check=True, capture_output=True)

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *a: object) -> None:
            pass

    class Quiet(HTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Quiet(("127.0.0.1", 0), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        port = server.server_address[1]
        trust = ssl.create_default_context(cafile=str(cert))
        with make(respect_robots=False, verify=trust) as f, pytest.raises(FetchError) as err:
            f.get(f"https://127.0.0.1:{port}/")
        assert err.value.kind == "tls"
        assert "not valid for this name" in str(err.value) or "mismatch" in str(err.value).lower()
        assert "127.0.0.1" in str(err.value)
    finally:
        server.shutdown()
        server.server_close()


def test_crawl_delay_is_a_floor_a_source_delay_cannot_undercut(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 4\n", content_type="text/plain")
    site.page("/a", PAGE)
    waits: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:  # a clock that moves only when we wait
        waits.append(seconds)
        now[0] += seconds

    host = site.base.removeprefix("http://")
    with make(sleep=sleep, clock=lambda: now[0]) as f:
        f.get(site.url("/a"))  # robots.txt, then the page: 4 s apart
        f.set_host_interval(host, 0.0)  # a registry entry saying "no delay"
        f.get(site.url("/a"))
    assert waits == [4.0, 4.0]
