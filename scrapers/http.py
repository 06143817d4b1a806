"""Polite fetching: one place that decides how targetwatch talks to government web sites.

The provincial portals are slow, sometimes down for hours, and some sit behind WAFs that
block clients which hammer them; several of them are the only official copy of a report.
So every request goes through `Fetcher`: a descriptive User-Agent, robots.txt obeyed
(RFC 9309), at most one request per host every `min_interval` seconds, retries with
exponential backoff and jitter for failures that may pass (network errors, 5xx) and none for
those that will not (4xx, TLS, robots), a size cap and a redirect limit, and conditional GET
with validators kept in a `StateStore`, so that re-checking an unchanged index costs a 304.

`fetch()` is the one-shot helper for the CLI (`targetwatch parse URL`): the user named the
URL, so private addresses are allowed there. Anything that fetches URLs on behalf of other
people must use `Fetcher()` whose default refuses them (see `netguard`).
"""
from __future__ import annotations

import email.utils
import hashlib
import random
import ssl
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Callable, Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from targetwatch.scrapers.deadline import DeadlineBackend, DeadlineExceeded, DnsFailure, deadline
from targetwatch.scrapers.netguard import BlockedAddress
from targetwatch.scrapers.robots import MAX_ROBOTS_BYTES, Robots
from targetwatch.scrapers.state import StateStore, UrlState, now_iso

USER_AGENT = "targetwatch/0.1 (+https://github.com/targetwatch/targetwatch; government work report monitor)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ROBOTS_TTL = 24 * 3600.0
MAX_CRAWL_DELAY = 60.0
"""A Crawl-delay above this is honoured as this; a site asking for minutes would stall a run."""
UNREACHABLE_FOR = 300.0
"""A host whose name did not resolve or that did not answer is not tried again for this long:
with the network down, one failure per host instead of one per page and retry."""
NETWORK_KINDS = frozenset({"dns", "connect", "timeout", "network"})


class FetchError(Exception):
    """A fetch failed; the message says why in one line.

    `kind` lets callers tell failures apart without parsing the message: "http" (with
    `status`), "timeout", "dns" (the name did not resolve), "connect" (the host did not
    answer or refused), "network", "tls", "blocked" (private address refused), "robots",
    "too-large", "redirects", "invalid-url".
    """

    def __init__(self, message: str, *, kind: str = "error", url: str | None = None,
                 status: int | None = None, retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(" ".join(message.split()))
        self.kind = kind
        self.url = url
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    status: int
    content: bytes
    content_type: str | None
    headers: dict[str, str] = field(default_factory=dict)
    sha256: str | None = None
    not_modified: bool = False
    """The server answered 304 to our validators: `content` is empty, nothing changed."""
    changed: bool | None = None
    """False when the body hashes the same as last time; None when there is no state to compare."""
    redirects: tuple[str, ...] = ()
    attempts: int = 1


def backoff_delay(attempt: int, base: float, cap: float, rnd: Callable[[], float] = random.random) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random.

    The random half spreads retries of many workers apart; the fixed half keeps a retry
    from coming back almost at once after a failure.
    """
    ceiling = min(cap, base * (2 ** attempt))
    return ceiling / 2 + rnd() * ceiling / 2


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or "").lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, ssl.SSLError):
            return cur
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return None


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    cur: BaseException | None = exc
    for _ in range(10):
        if cur is None:
            return None
        if isinstance(cur, kind):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def _connect_message(host: str, exc: BaseException, timeout: float) -> str:
    if _cause(exc, ConnectionRefusedError) is not None or "refused" in str(exc).lower():
        return f"cannot reach host {host}: connection refused"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"cannot reach host {host}: no answer within {timeout:g} s"
    detail = str(exc) or type(exc).__name__
    return f"cannot reach host {host}: {detail}"


def _blocked(exc: BaseException) -> BlockedAddress | None:
    cur: BaseException | None = exc
    for _ in range(10):
        if cur is None:
            return None
        if isinstance(cur, BlockedAddress):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def _tls_message(host: str, err: ssl.SSLError) -> str:
    if isinstance(err, ssl.SSLCertVerificationError):
        detail = err.verify_message or err.reason or str(err)
        hint = "the site's certificate is not trusted or not valid for this name; targetwatch does not skip verification"
    else:
        detail = err.reason or str(err)
        hint = "the TLS handshake failed (an old or misconfigured server?)"
    return f"TLS error with {host}: {detail} ({hint})"


class _HostGate:
    """Spaces request starts to one host; other hosts are not held up."""

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._floors: dict[str, dict[str, float]] = {}
        self._intervals: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float, reason: str = "caller") -> None:
        """Each reason (the caller's source delay, robots.txt's Crawl-delay) sets a floor;
        the slowest wins, so a source entry cannot undercut what the site asked for."""
        with self._lock:
            floors = self._floors.setdefault(host, {})
            floors[reason] = seconds
            self._intervals[host] = max(self.interval, *floors.values())
            if host in self._last:  # the new spacing counts from the last request already made
                self._next[host] = self._last[host] + self._intervals[host]

    def wait(self, host: str) -> float:
        with self._lock:
            now = self._clock()
            ready = self._next.get(host, now)
            start = max(now, ready)
            self._last[host] = start
            self._next[host] = start + self._intervals.get(host, self.interval)
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay


@dataclass(slots=True)
class _Raw:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes
    redirects: tuple[str, ...]


class Fetcher:
    """An HTTP client with manners; one per process or per run is enough (it is thread-safe).

    `state` keeps validators between runs (see `scrapers.state`); without it every GET is
    unconditional. `allow_private=False` (the default) refuses private and loopback
    addresses at connect time; the CLI passes True because its user named the URL.
    """

    def __init__(self, *, state: StateStore | None = None, user_agent: str = USER_AGENT,
                 timeout: float = 30.0, total_timeout: float | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_redirects: int = 5, retries: int = 3, backoff: float = 1.0, backoff_max: float = 30.0,
                 min_interval: float = 2.0, respect_robots: bool = True, allow_private: bool = False,
                 verify: bool | str | ssl.SSLContext = True, headers: Mapping[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 rnd: Callable[[], float] = random.random) -> None:
        self.state = state
        self.user_agent = user_agent
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.respect_robots = respect_robots
        self.allow_private = allow_private
        self._sleep = sleep
        self._clock = clock
        self._rnd = rnd
        self._gate = _HostGate(min_interval, clock, sleep)
        self._robots: dict[str, tuple[Robots, float]] = {}
        self._robots_lock = threading.Lock()
        base_headers = {
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
        }
        base_headers.update(headers or {})
        self._unreachable: dict[str, tuple[float, FetchError]] = {}
        if allow_private and httpx._utils.get_environment_proxies():
            # Honour HTTP(S)_PROXY like any CLI tool (httpx ignores the proxies when given a
            # transport, so here the deadline is the body check of _read_body only).
            self._client = httpx.Client(headers=base_headers, follow_redirects=False, verify=verify,
                                        timeout=timeout)
        else:
            # Without allow_private no proxies from the environment either: the address check
            # must see the real peer. Either way every exchange runs under one deadline.
            transport = httpx.HTTPTransport(verify=verify, trust_env=False)
            pool = getattr(transport, "_pool", None)
            if pool is None or not hasattr(pool, "_network_backend"):  # pragma: no cover - httpx internals moved
                raise RuntimeError("this httpx/httpcore version cannot be guarded; pin httpx<0.29")
            pool._network_backend = DeadlineBackend(guard=not allow_private)
            self._client = httpx.Client(headers=base_headers, follow_redirects=False, transport=transport,
                                        trust_env=False, timeout=timeout)

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_host_interval(self, host: str, seconds: float) -> None:
        """Slow down for one host (a source whose WAF blocks faster clients)."""
        self._gate.set_interval(host.lower(), seconds)

    # -- public API -------------------------------------------------------------------------
    def get(self, url: str, *, conditional: bool = False, headers: Mapping[str, str] | None = None,
            timeout: float | None = None, max_bytes: int | None = None) -> FetchResult:
        """GET a URL politely. Raises FetchError with a one-line reason.

        With `conditional=True` and a state store, the last visit's ETag / Last-Modified are
        sent; a 304 comes back as `not_modified=True` with empty content.
        """
        url = self._check_url(url)
        if self.respect_robots:
            robots = self.robots_for(url)
            if not robots.allowed(url):
                raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {urlsplit(url).path or '/'} "
                                 "for targetwatch", kind="robots", url=url)
        return self._get(url, conditional=conditional, headers=headers, timeout=timeout,
                         max_bytes=max_bytes, truncate=False)

    def robots_for(self, url: str) -> Robots:
        """The robots.txt rules of the URL's site, cached for a day (and in the state store)."""
        origin = _origin(url)
        with self._robots_lock:
            cached = self._robots.get(origin)
        if cached and cached[1] > self._clock():
            return cached[0]
        robots = self._load_robots(origin)
        if robots.crawl_delay:
            self._gate.set_interval(_host_key(url), min(robots.crawl_delay, MAX_CRAWL_DELAY), reason="robots")
        with self._robots_lock:
            self._robots[origin] = (robots, self._clock() + ROBOTS_TTL)
        return robots

    # -- internals ------------------------------------------------------------------------
    def _check_url(self, url: str) -> str:
        url = url.strip()
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise FetchError(f"not a valid URL: {exc}", kind="invalid-url", url=url) from None
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'}",
                             kind="invalid-url", url=url)
        if not parts.hostname:
            raise FetchError("the URL has no host name", kind="invalid-url", url=url)
        # A fragment never reaches the server; dropping it keeps one state entry per page.
        return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))

    def _load_robots(self, origin: str) -> Robots:
        robots_url = origin + "/robots.txt"
        host = urlsplit(origin).netloc
        try:
            res = self._get(robots_url, conditional=True, headers=None, timeout=None,
                            max_bytes=MAX_ROBOTS_BYTES, truncate=True)
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and 400 <= exc.status < 500:
                return Robots.allow_all()  # RFC 9309 2.3.1.3: "unavailable" means no rules
            if exc.kind in ("tls", "blocked", "invalid-url") or exc.kind in NETWORK_KINDS:
                # The page itself would fail the same way: say what happened, not "robots.txt".
                raise
            raise FetchError(f"robots.txt of {host} could not be read ({exc}); under RFC 9309 targetwatch "
                             "fetches nothing from a site whose robots.txt is unreachable, try again later",
                             kind="robots", url=robots_url) from None
        text: str | None = None
        if res.not_modified and self.state is not None:
            st = self.state.get_url(robots_url)
            text = st.memo.get("robots") if st else None
            if text is None:  # validators without the text: fetch it again, unconditionally
                res = self._get(robots_url, conditional=False, headers=None, timeout=None,
                                max_bytes=MAX_ROBOTS_BYTES, truncate=True)
        if text is None:
            text = res.content.decode("utf-8", errors="replace")
            if self.state is not None:
                st = self.state.get_url(robots_url) or UrlState()
                st.memo["robots"] = text
                self.state.put_url(robots_url, st)
        return Robots.parse(text)

    def _get(self, url: str, *, conditional: bool, headers: Mapping[str, str] | None, timeout: float | None,
             max_bytes: int | None, truncate: bool) -> FetchResult:
        req_headers = dict(headers or {})
        prior = self.state.get_url(url) if self.state is not None else None
        if conditional and prior is not None:
            if prior.etag:
                req_headers["If-None-Match"] = prior.etag
            if prior.last_modified:
                req_headers["If-Modified-Since"] = prior.last_modified
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                raw = self._request(url, req_headers, timeout or self.timeout, max_bytes or self.max_bytes, truncate)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    if exc.kind in ("dns", "connect"):
                        self._unreachable[_host_key(url)] = (self._clock() + UNREACHABLE_FOR, exc)
                    if exc.retryable and attempts > 1:
                        raise FetchError(f"{exc} (gave up after {attempts} attempts)", kind=exc.kind, url=exc.url,
                                         status=exc.status) from None
                    raise
                delay = backoff_delay(attempt, self.backoff, self.backoff_max, self._rnd)
                if exc.retry_after is not None:
                    delay = max(delay, min(exc.retry_after, self.backoff_max))
                self._sleep(delay)
                continue
            return self._finish(url, raw, prior, attempt + 1)
        raise AssertionError("unreachable")  # pragma: no cover

    def _finish(self, url: str, raw: _Raw, prior: UrlState | None, attempts: int) -> FetchResult:
        ctype = raw.headers.get("content-type")
        hdrs = dict(raw.headers)
        if raw.status == 304:
            if self.state is not None and prior is not None:
                self.state.put_url(url, replace(prior, status=304, checked_at=now_iso()))
            return FetchResult(raw.url, 304, b"", ctype, hdrs, prior.sha256 if prior else None, not_modified=True,
                               changed=False, redirects=raw.redirects, attempts=attempts)
        digest = hashlib.sha256(raw.content).hexdigest()
        changed: bool | None = None
        if self.state is not None:
            changed = prior is None or prior.sha256 != digest
            now = now_iso()
            st = UrlState(etag=raw.headers.get("etag"), last_modified=raw.headers.get("last-modified"),
                          sha256=digest, status=raw.status, checked_at=now,
                          changed_at=now if changed else (prior.changed_at if prior else now),
                          memo={} if changed or prior is None else dict(prior.memo))
            self.state.put_url(url, st)
        return FetchResult(raw.url, raw.status, raw.content, ctype, hdrs, digest, changed=changed,
                           redirects=raw.redirects, attempts=attempts)

    def _request(self, url: str, headers: dict[str, str], timeout: float, max_bytes: int, truncate: bool) -> _Raw:
        """One attempt: follow redirects by hand so that each hop is checked and counted."""
        chain: list[str] = []
        current = url
        total = self.total_timeout or timeout
        for _hop in range(self.max_redirects + 1):
            if current != url:
                if self.respect_robots and not self.robots_for(current).allowed(current):
                    raise FetchError(f"redirected to {current}, which robots.txt disallows", kind="robots", url=url)
            host_key = _host_key(current)
            known_bad = self._unreachable.get(host_key)
            if known_bad is not None and known_bad[0] > self._clock():
                err = known_bad[1]
                raise FetchError(f"{err} (earlier in this run; not tried again for a few minutes)", kind=err.kind,
                                 url=url)
            self._gate.wait(host_key)
            host = urlsplit(current).netloc
            try:
                with deadline(total) as ends, \
                        self._client.stream("GET", current, headers=headers, timeout=timeout) as resp:
                    status = resp.status_code
                    if status in REDIRECT_CODES and "location" in resp.headers:
                        target = urljoin(current, resp.headers["location"].strip())
                        target = urlunsplit(urlsplit(target)._replace(fragment=""))
                        if urlsplit(target).scheme.lower() not in ("http", "https"):
                            raise FetchError(f"redirected to a non-web address ({target[:80]})", kind="redirects",
                                             url=url)
                        chain.append(current)
                        if target in chain or target == current:
                            loop = " → ".join([*chain[-3:], target])
                            raise FetchError(f"redirect loop ({loop})", kind="redirects", url=url)
                        current = target
                        continue
                    if status >= 400:
                        reason = resp.reason_phrase or ""
                        retry_after = parse_retry_after(resp.headers.get("retry-after"))
                        raise FetchError(f"HTTP {status} {reason}".strip() + f" from {host}", kind="http", url=url,
                                         status=status, retryable=status >= 500, retry_after=retry_after)
                    if status == 304 or status == 204:
                        return _Raw(str(resp.url), status, resp.headers, b"", tuple(chain))
                    content = self._read_body(resp, max_bytes, truncate, ends, total, url)
                    return _Raw(str(resp.url), status, resp.headers, content, tuple(chain))
            except FetchError:
                raise
            except httpx.TimeoutException as exc:
                if _cause(exc, DeadlineExceeded) is not None:
                    # Not retried: a server that drips its answer will drip it again.
                    raise FetchError(f"{host} did not finish answering within {total:g} s (it sends too "
                                     "slowly)", kind="timeout", url=url) from None
                if isinstance(exc, httpx.ConnectTimeout):
                    raise FetchError(_connect_message(host, exc, timeout), kind="connect", url=url, retryable=True) from None
                raise FetchError(f"{host} timed out after {timeout:g} s", kind="timeout", url=url,
                                 retryable=True) from None
            except httpx.ConnectError as exc:
                if blocked := _blocked(exc):
                    raise FetchError(str(blocked), kind="blocked", url=url) from None
                if tls := _ssl_error(exc):
                    raise FetchError(_tls_message(host, tls), kind="tls", url=url) from None
                if dns := _cause(exc, DnsFailure):
                    raise FetchError(str(dns), kind="dns", url=url, retryable=True) from None
                raise FetchError(_connect_message(host, exc, timeout), kind="connect", url=url, retryable=True) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchError(f"not a fetchable URL: {exc}", kind="invalid-url", url=url) from None
            except httpx.DecodingError as exc:
                raise FetchError(f"{host} sent a body that cannot be decoded ({exc})", kind="network",
                                 url=url) from None
            except httpx.TransportError as exc:
                if tls := _ssl_error(exc):
                    raise FetchError(_tls_message(host, tls), kind="tls", url=url) from None
                raise FetchError(f"network error with {host}: {type(exc).__name__}: {exc or 'connection dropped'}",
                                 kind="network", url=url, retryable=True) from None
        raise FetchError(f"too many redirects (more than {self.max_redirects}) starting at {url}",
                         kind="redirects", url=url)

    def _read_body(self, resp: httpx.Response, max_bytes: int, truncate: bool, deadline: float, total: float,
                   url: str) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise FetchError(f"response is {int(declared)} bytes, more than the limit of {max_bytes}",
                             kind="too-large", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: max(0, len(chunk) - (size - max_bytes))])
                    break
                raise FetchError(f"response larger than the limit of {max_bytes} bytes", kind="too-large", url=url)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError(f"{urlsplit(url).netloc} is sending too slowly (gave up after "
                                 f"{total:g} s in total)", kind="timeout", url=url, retryable=True)
        return b"".join(chunks)


# -- the CLI's one-shot helper --------------------------------------------------------------
_cli_fetcher: Fetcher | None = None
_cli_lock = threading.Lock()


def _shared_cli_fetcher() -> Fetcher:
    global _cli_fetcher
    with _cli_lock:
        if _cli_fetcher is None:
            _cli_fetcher = Fetcher(allow_private=True, retries=2, backoff=0.5, backoff_max=4.0, min_interval=0.5)
        return _cli_fetcher


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 30.0,
          allow_private: bool = True, fetcher: Fetcher | None = None) -> FetchResult:
    """Fetch one URL the user named on the command line.

    Private addresses are allowed because the user chose the URL; code that fetches URLs
    supplied by other people must pass `allow_private=False` or use its own `Fetcher()`.
    """
    if fetcher is None:
        if allow_private:
            fetcher = _shared_cli_fetcher()
        else:
            with Fetcher(allow_private=False, retries=2, backoff=0.5, backoff_max=4.0, min_interval=0.5) as f:
                return f.get(url, timeout=timeout, max_bytes=max_bytes)
    return fetcher.get(url, timeout=timeout, max_bytes=max_bytes)
