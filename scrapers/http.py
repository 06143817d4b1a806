"""Fetching pages over HTTP. Minimal for now: the polite fetcher (retries, rate limits,
conditional GET, robots.txt) replaces the body of `fetch` without changing its signature."""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx

USER_AGENT = "targetwatch/0.1 (+https://github.com/targetwatch/targetwatch; government work report monitor)"


class FetchError(Exception):
    """A fetch failed; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    status: int
    content: bytes
    content_type: str | None
    headers: dict[str, str] = field(default_factory=dict)


def fetch(url: str, *, max_bytes: int = 20 * 1024 * 1024, timeout: float = 30.0) -> FetchResult:
    try:
        with httpx.Client(follow_redirects=True, max_redirects=5, timeout=timeout,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"response larger than {max_bytes} bytes")
                    chunks.append(chunk)
                return FetchResult(str(resp.url), resp.status_code, b"".join(chunks),
                                   resp.headers.get("content-type"), dict(resp.headers))
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:.0f} s") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None
