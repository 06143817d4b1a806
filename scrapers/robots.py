"""robots.txt as RFC 9309 reads it.

The standard library's `urllib.robotparser` takes the first matching rule and knows neither
`*` nor `$` in paths; RFC 9309 (and the sites that write `Disallow: /*.pdf$`) wants the
longest match, with Allow winning a tie. Patterns are matched by splitting at `*` and
searching the pieces left to right, which is linear in the path and cannot backtrack.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

PRODUCT_TOKEN = "targetwatch"
MAX_ROBOTS_BYTES = 500 * 1024
"""RFC 9309 lets crawlers stop reading at 500 KiB."""


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def _normalize_path(path: str) -> str:
    # Compare paths in one canonical percent-encoding, so that /a%2db and /a-b agree.
    return quote(unquote(path), safe="/?=&*$%:@!,;+~")


def _pattern_matches(pattern: str, path: str) -> bool:
    anchored_end = pattern.endswith("$")
    if anchored_end:
        pattern = pattern[:-1]
    pieces = pattern.split("*")
    if not path.startswith(pieces[0]):
        return False
    pos = len(pieces[0])
    if len(pieces) == 1:
        return not anchored_end or pos == len(path)
    for piece in pieces[1:-1]:
        found = path.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    last = pieces[-1]
    if anchored_end:
        return len(path) - len(last) >= pos and path.endswith(last)
    return path.find(last, pos) >= 0


class Robots:
    """The rules of one host for one user agent."""

    def __init__(self, rules: list[Rule], crawl_delay: float | None = None) -> None:
        self.rules = rules
        self.crawl_delay = crawl_delay

    @classmethod
    def allow_all(cls) -> Robots:
        return cls([])

    @classmethod
    def disallow_all(cls) -> Robots:
        return cls([Rule(False, "/")])

    @classmethod
    def parse(cls, text: str, agent: str = PRODUCT_TOKEN) -> Robots:
        groups: list[_Group] = []
        current: _Group | None = None
        last_was_agent = False
        for raw in text[:MAX_ROBOTS_BYTES].splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                if current is None or not last_was_agent:
                    current = _Group()
                    groups.append(current)
                current.agents.append(value.lower())
                last_was_agent = True
                continue
            last_was_agent = False
            if current is None:
                continue
            if key in ("allow", "disallow"):
                if value:  # an empty Disallow allows everything; it adds no rule
                    current.rules.append(Rule(key == "allow", _normalize_path(value)))
            elif key == "crawl-delay":
                try:
                    current.crawl_delay = float(value)
                except ValueError:
                    pass
        agent = agent.lower()
        mine = [g for g in groups if any(a != "*" and agent.startswith(a) for a in g.agents)]
        chosen = mine or [g for g in groups if "*" in g.agents]
        rules = [r for g in chosen for r in g.rules]
        delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
        return cls(rules, max(delays) if delays else None)

    def allowed(self, url_or_path: str) -> bool:
        parts = urlsplit(url_or_path)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        if path == "/robots.txt":
            return True
        path = _normalize_path(path)
        best: Rule | None = None
        for rule in self.rules:
            if _pattern_matches(rule.pattern, path):
                if best is None or len(rule.pattern) > len(best.pattern) or (
                        len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow):
                    best = rule
        return best is None or best.allow
