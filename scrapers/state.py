"""What the fetcher remembers between runs: validators per URL and the health of each source.

Conditional GET only pays off if the ETag / Last-Modified of the last visit survive the
process, and a source that has been failing for weeks is only noticed if someone keeps count.
Both live behind `StateStore` so that the archive can later keep them in its database; the
JSON file here is the implementation the CLI uses (a file under $TARGETWATCH_HOME, whose path
the caller passes in: scrapers never reads the worker's settings).
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterator, Protocol, runtime_checkable

try:  # POSIX only; elsewhere two processes writing at once may lose one update, nothing worse
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

STATE_VERSION = 1


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class UrlState:
    """Validators of the last successful visit of one URL.

    `memo` belongs to the caller (discovery keeps the links it found there, robots.txt
    handling the file's text) so that a 304 can be answered without the body. The fetcher
    empties it whenever the content changes, because whatever was derived from the old
    content is stale then.
    """

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    status: int | None = None
    checked_at: str | None = None
    changed_at: str | None = None
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UrlState:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(slots=True)
class SourceHealth:
    """Enough to notice a source that died quietly: when it last worked and how it fails now."""

    source: str
    last_success: str | None = None
    last_error_at: str | None = None
    last_error: str | None = None
    failures: int = 0  # consecutive failures since the last success
    last_found: int | None = None  # report links seen on its index pages at the last success

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceHealth:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def days_since_success(self, now: datetime | None = None) -> float | None:
        if not self.last_success:
            return None
        then = datetime.fromisoformat(self.last_success)
        return ((now or datetime.now(UTC)) - then).total_seconds() / 86400


@runtime_checkable
class StateStore(Protocol):
    """The interface the fetcher and discovery use; the archive may implement it too."""

    def get_url(self, url: str) -> UrlState | None: ...

    def put_url(self, url: str, state: UrlState) -> None: ...

    def get_health(self, source: str) -> SourceHealth | None: ...

    def put_health(self, health: SourceHealth) -> None: ...

    def all_health(self) -> list[SourceHealth]: ...


def record_success(store: StateStore, source: str, *, found: int | None = None,
                   at: str | None = None) -> SourceHealth:
    """A success clears the failure count but keeps the last error for the record."""
    h = store.get_health(source) or SourceHealth(source)
    h = replace(h, last_success=at or now_iso(), failures=0,
                last_found=found if found is not None else h.last_found)
    store.put_health(h)
    return h


def record_failure(store: StateStore, source: str, message: str, *, at: str | None = None) -> SourceHealth:
    h = store.get_health(source) or SourceHealth(source)
    h = replace(h, last_error_at=at or now_iso(), last_error=message, failures=h.failures + 1)
    store.put_health(h)
    return h


class MemoryState:
    """A StateStore that forgets at exit: for tests and for callers that keep no files."""

    def __init__(self) -> None:
        self._urls: dict[str, UrlState] = {}
        self._health: dict[str, SourceHealth] = {}
        self._lock = threading.Lock()

    def get_url(self, url: str) -> UrlState | None:
        with self._lock:
            s = self._urls.get(url)
            return replace(s, memo=dict(s.memo)) if s else None

    def put_url(self, url: str, state: UrlState) -> None:
        with self._lock:
            self._urls[url] = replace(state, memo=dict(state.memo))

    def get_health(self, source: str) -> SourceHealth | None:
        with self._lock:
            h = self._health.get(source)
            return replace(h) if h else None

    def put_health(self, health: SourceHealth) -> None:
        with self._lock:
            self._health[health.source] = replace(health)

    def all_health(self) -> list[SourceHealth]:
        with self._lock:
            return [replace(h) for h in sorted(self._health.values(), key=lambda h: h.source)]


class JsonFileState:
    """StateStore in one JSON file, safe against crashes and against a second process.

    Every write re-reads the file under an advisory lock, changes one entry and replaces the
    file atomically, so two `targetwatch` processes do not erase each other's entries and a
    crash never leaves half a file. A file that cannot be read (hand-edited, truncated by a
    full disk) is moved aside as `*.corrupt` rather than crashing every later run; the
    reason is kept in `recovered` so that the caller can say so.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.recovered: str | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, Any] | None = None

    # -- file handling ------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            if fcntl is None:
                yield
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "a+") as lockfile:
                fcntl.flock(lockfile.fileno(), fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lockfile.fileno(), fcntl.LOCK_UN)

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"version": STATE_VERSION, "urls": {}, "sources": {}}
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("urls", {}), dict) \
                    or not isinstance(data.get("sources", {}), dict):
                raise ValueError("not a targetwatch state file")
        except ValueError as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.recovered = f"{self.path} was unreadable ({exc}); moved it to {aside.name} and started afresh"
            return {"version": STATE_VERSION, "urls": {}, "sources": {}}
        data.setdefault("urls", {})
        data.setdefault("sources", {})
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _snapshot(self) -> dict[str, Any]:
        if self._cache is None:
            with self._locked():
                self._cache = self._read()
        return self._cache

    def _update(self, section: str, key: str, value: dict[str, Any]) -> None:
        with self._locked():
            data = self._read()
            data["version"] = STATE_VERSION
            data[section][key] = value
            self._write(data)
            self._cache = data

    # -- StateStore -----------------------------------------------------------------------
    def get_url(self, url: str) -> UrlState | None:
        entry = self._snapshot()["urls"].get(url)
        return UrlState.from_dict(entry) if isinstance(entry, dict) else None

    def put_url(self, url: str, state: UrlState) -> None:
        self._update("urls", url, asdict(state))

    def get_health(self, source: str) -> SourceHealth | None:
        entry = self._snapshot()["sources"].get(source)
        return SourceHealth.from_dict(entry) if isinstance(entry, dict) else None

    def put_health(self, health: SourceHealth) -> None:
        self._update("sources", health.source, asdict(health))

    def all_health(self) -> list[SourceHealth]:
        self._cache = None  # another process may have run discovery since
        items = self._snapshot()["sources"]
        return [SourceHealth.from_dict(v) for _, v in sorted(items.items()) if isinstance(v, dict)]
