"""The source registry: which pages to read for each region, as data.

The sites move every few years, so the knowledge lives in `sources.toml` (shipped with the
package) and a user can correct it without a release: a file with the same structure at
$TARGETWATCH_HOME/sources.toml, or given with `--sources FILE`, is laid over the shipped one.

Override rules (documented for users in the header of sources.toml):
- `[sources.<region>]` with a region id from diffing/regions.py; an entry for a region the
  shipped file lacks adds it (a district such as `hailaer` works the same way).
- Keys given in an override replace the shipped value (lists are replaced, not appended);
  keys not given keep theirs. `enabled = false` switches a region off.
- `[defaults]` in an override replaces individual defaults.
- Unknown keys are errors, so that a typo (`selector` for `selectors`) is not silently ignored.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

from targetwatch.diffing.regions import BY_ID, REGIONS

EVIDENCE_LABELS = {"P": "seen in a stored copy of the page", "M": "in the Kite-P manifest (HTTP 200 then)",
                   "C": "used by public scraper code", "I": "inferred, unverified"}
USER_FILE_NAME = "sources.toml"

_LIST_KEYS = ("index", "selectors", "drop", "end_markers", "hosts")
_STR_KEYS = ("name", "title_pattern", "exclude_pattern", "link_pattern", "charset", "charset_header", "notes",
             "verified_on")
_ENTRY_KEYS = frozenset(_LIST_KEYS + _STR_KEYS + ("enabled", "verified", "headers", "delay", "max_pages",
                                                  "reports", "evidence"))
_DEFAULT_KEYS = frozenset(("title_pattern", "exclude_pattern", "link_pattern", "selectors", "drop",
                           "end_markers", "max_pages", "delay"))


class RegistryError(ValueError):
    """A registry file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class KnownReport:
    year: int
    url: str
    evidence: str = "I"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    index: tuple[str, ...] = ()
    enabled: bool = True
    verified: bool = False
    verified_on: str = ""
    title_pattern: str = "政府工作报告"
    exclude_pattern: str = ""
    link_pattern: str = ""
    selectors: tuple[str, ...] = ()
    fallback_selectors: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    end_markers: tuple[str, ...] = ()
    charset: str = ""
    charset_header: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 2.0
    max_pages: int = 10
    hosts: tuple[str, ...] = ()
    reports: tuple[KnownReport, ...] = ()
    evidence: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""
    origin: str = ""  # which file(s) the entry came from, for error messages and --list-sources

    @property
    def content_selectors(self) -> tuple[str, ...]:
        """The source's own selectors first, then the shared chain, without repeats."""
        return tuple(dict.fromkeys(self.selectors + self.fallback_selectors))

    def all_hosts(self) -> frozenset[str]:
        hosts = {h.lower() for h in self.hosts}
        for url in (*self.index, *(r.url for r in self.reports)):
            host = urlsplit(url).hostname
            if host:
                hosts.add(host.lower())
        return frozenset(hosts)

    def title_matches(self, title: str) -> bool:
        if not title or not re.search(self.title_pattern, title):
            return False
        return not (self.exclude_pattern and re.search(self.exclude_pattern, title))

    def url_matches(self, url: str) -> bool:
        return not self.link_pattern or re.search(self.link_pattern, url) is not None


class Registry:
    """All sources, by region id, in the order of diffing.regions."""

    def __init__(self, sources: Mapping[str, Source], files: Sequence[str] = (),
                 defaults: Mapping[str, Any] | None = None) -> None:
        order = {r.id: i for i, r in enumerate(REGIONS)}
        self._sources = dict(sorted(sources.items(), key=lambda kv: order.get(kv[0], len(order))))
        self.files = tuple(files)
        self._defaults = dict(defaults or {})

    def generic(self) -> Source:
        """A source made of the defaults only: extraction settings for a URL on no known site."""
        d = self._defaults
        return Source(id="", name="(any site)", fallback_selectors=tuple(d.get("selectors", ())),
                      drop=tuple(d.get("drop", ())), end_markers=tuple(d.get("end_markers", ())),
                      delay=d.get("delay", 2.0), max_pages=d.get("max_pages", 10),
                      title_pattern=d.get("title_pattern", "政府工作报告"),
                      exclude_pattern=d.get("exclude_pattern", ""), link_pattern=d.get("link_pattern", ""))

    def __iter__(self) -> Iterator[Source]:
        return iter(self._sources.values())

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, region: object) -> bool:
        return region in self._sources

    def ids(self) -> list[str]:
        return list(self._sources)

    def get(self, region: str) -> Source:
        try:
            return self._sources[region]
        except KeyError:
            raise KeyError(f"no source for region {region!r}; known: {', '.join(self._sources)}") from None

    def enabled(self) -> list[Source]:
        return [s for s in self._sources.values() if s.enabled]

    def for_url(self, url: str) -> Source | None:
        """The source whose hosts include the URL's host (www. or not), if any."""
        host = (urlsplit(url).hostname or "").lower()
        if not host:
            return None
        bare = host.removeprefix("www.")
        for source in self._sources.values():
            hosts = source.all_hosts()
            if host in hosts or bare in {h.removeprefix("www.") for h in hosts}:
                return source
        return None


# -- loading ----------------------------------------------------------------------------------
def _read_toml(path: Path | None, text: str | None = None, label: str = "") -> dict[str, Any]:
    try:
        if text is None:
            assert path is not None
            text = path.read_text(encoding="utf-8")
        return tomllib.loads(text)
    except FileNotFoundError:
        raise RegistryError(f"{label or path}: no such file") from None
    except OSError as exc:
        raise RegistryError(f"{label or path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RegistryError(f"{label or path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{label or path}: not valid TOML: {exc}") from None


def _check_regex(value: str, where: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise RegistryError(f"{where}: not a valid regular expression: {exc}") from None
    return value


def _as_str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{where}: expected a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _check_entry(region: str, entry: Any, label: str) -> dict[str, Any]:
    where = f"{label}: [sources.{region}]"
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: expected a table")
    if region not in BY_ID:
        raise RegistryError(f"{where}: unknown region id {region!r}; use an id from diffing/regions.py "
                            f"(e.g. {', '.join(list(BY_ID)[:4])}, …)")
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_ENTRY_KEYS))}")
    return _check_values(entry, where)


def _check_values(entry: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in entry.items():
        kw = f"{where} {key}"
        if key in _LIST_KEYS:
            out[key] = _as_str_list(value, kw)
            if key == "index":
                for url in out[key]:
                    if urlsplit(url).scheme not in ("http", "https"):
                        raise RegistryError(f"{kw}: {url!r} is not an http(s) URL")
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise RegistryError(f"{kw}: expected a string")
            out[key] = _check_regex(value, kw) if key.endswith("_pattern") else value
        elif key in ("enabled", "verified"):
            if not isinstance(value, bool):
                raise RegistryError(f"{kw}: expected true or false")
            out[key] = value
        elif key == "headers":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise RegistryError(f"{kw}: expected a table of strings")
            out[key] = dict(value)
        elif key == "delay":
            if not isinstance(value, (int, float)) or value < 0:
                raise RegistryError(f"{kw}: expected a number of seconds ≥ 0")
            out[key] = float(value)
        elif key == "max_pages":
            if not isinstance(value, int) or not 1 <= value <= 200:
                raise RegistryError(f"{kw}: expected a whole number from 1 to 200")
            out[key] = value
        elif key == "evidence":
            if not isinstance(value, dict) or not all(v in EVIDENCE_LABELS for v in value.values()):
                raise RegistryError(f"{kw}: expected a table of labels {'/'.join(EVIDENCE_LABELS)}")
            out[key] = dict(value)
        elif key == "reports":
            out[key] = tuple(_check_report(r, f"{kw}[{i}]") for i, r in enumerate(_as_list(value, kw)))
    return out


def _as_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise RegistryError(f"{where}: expected a list")
    return value


def _check_report(item: Any, where: str) -> KnownReport:
    if not isinstance(item, dict):
        raise RegistryError(f"{where}: expected a table with year and url")
    unknown = set(item) - {"year", "url", "evidence", "note"}
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    year, url = item.get("year"), item.get("url")
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        raise RegistryError(f"{where}: year must be a whole number such as 2025")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise RegistryError(f"{where}: url must be an http(s) URL")
    ev = item.get("evidence", "I")
    if ev not in EVIDENCE_LABELS:
        raise RegistryError(f"{where}: evidence must be one of {'/'.join(EVIDENCE_LABELS)}")
    return KnownReport(year, url, ev, str(item.get("note", "")))


def _check_defaults(table: Any, label: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise RegistryError(f"{label}: [defaults] must be a table")
    unknown = sorted(set(table) - _DEFAULT_KEYS)
    if unknown:
        raise RegistryError(f"{label}: [defaults]: unknown key(s) {', '.join(unknown)}")
    return _check_values(table, f"{label}: [defaults]")


def _layer(data: dict[str, Any], label: str, defaults: dict[str, Any], entries: dict[str, dict[str, Any]],
           origins: dict[str, list[str]]) -> None:
    unknown = sorted(set(data) - {"format", "defaults", "sources"})
    if unknown:
        raise RegistryError(f"{label}: unknown top-level key(s) {', '.join(unknown)}; expected [defaults] "
                            "and [sources.<region>]")
    if data.get("format", 1) != 1:
        raise RegistryError(f"{label}: format {data.get('format')!r} is not supported (expected 1)")
    if "defaults" in data:
        defaults.update(_check_defaults(data["defaults"], label))
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise RegistryError(f"{label}: [sources] must be a table of [sources.<region>] tables")
    for region, entry in sources.items():
        checked = _check_entry(region, entry, label)
        entries.setdefault(region, {}).update(checked)
        origins.setdefault(region, []).append(label)


def _build(region: str, entry: dict[str, Any], defaults: dict[str, Any], origin: str) -> Source:
    def pick(key: str, fallback: Any) -> Any:
        return entry.get(key, defaults.get(key, fallback))

    return Source(
        id=region,
        name=entry.get("name") or BY_ID[region].name,
        index=entry.get("index", ()),
        enabled=entry.get("enabled", True),
        verified=entry.get("verified", False),
        verified_on=entry.get("verified_on", ""),
        title_pattern=pick("title_pattern", "政府工作报告"),
        exclude_pattern=pick("exclude_pattern", ""),
        link_pattern=pick("link_pattern", ""),
        selectors=entry.get("selectors", ()),
        fallback_selectors=defaults.get("selectors", ()),
        drop=tuple(dict.fromkeys(tuple(defaults.get("drop", ())) + tuple(entry.get("drop", ())))),
        end_markers=tuple(dict.fromkeys(tuple(defaults.get("end_markers", ())) + tuple(entry.get("end_markers", ())))),
        charset=entry.get("charset", ""),
        charset_header=entry.get("charset_header", ""),
        headers=entry.get("headers", {}),
        delay=pick("delay", 2.0),
        max_pages=pick("max_pages", 10),
        hosts=entry.get("hosts", ()),
        reports=tuple(sorted(entry.get("reports", ()), key=lambda r: r.year)),
        evidence=entry.get("evidence", {}),
        notes=entry.get("notes", ""),
        origin=" + ".join(origin),
    )


def builtin_text() -> str:
    return resources.files("targetwatch.scrapers").joinpath("sources.toml").read_text(encoding="utf-8")


def load_registry(*paths: str | Path, home: str | Path | None = None, builtin: bool = True) -> Registry:
    """The shipped registry with $HOME/sources.toml (if present) and `paths` laid over it.

    `home` is the data folder the caller uses (the CLI passes $TARGETWATCH_HOME); scrapers
    never looks it up itself. Files named in `paths` must exist; the one in `home` may not.
    """
    defaults: dict[str, Any] = {}
    entries: dict[str, dict[str, Any]] = {}
    origins: dict[str, list[str]] = {}
    files: list[str] = []
    if builtin:
        _layer(_read_toml(None, builtin_text(), "scrapers/sources.toml"), "scrapers/sources.toml", defaults,
               entries, origins)
        files.append("scrapers/sources.toml")
    layers: list[Path] = []
    if home is not None:
        user = Path(home) / USER_FILE_NAME
        if user.is_file():
            layers.append(user)
    layers += [Path(p) for p in paths]
    for path in layers:
        _layer(_read_toml(path), str(path), defaults, entries, origins)
        files.append(str(path))
    return Registry({r: _build(r, e, defaults, origins[r]) for r, e in entries.items()}, files, defaults)
