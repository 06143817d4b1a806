"""Regular expressions compiled on first use, so that importing the parser costs almost nothing.

The parser's modules hold a hundred patterns, some of them large word tries; compiling them
all at import took tens of milliseconds that a command which never parses (or parses with
region and year given, never asking meta.py's patterns) paid for nothing. `lazy(source)`
stands in for `re.compile(source)`: the first call of any method compiles the pattern and
puts the compiled pattern's bound methods on the object itself, so every later call is an
ordinary attribute lookup, as fast as calling the compiled pattern.
"""
from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
            "groupindex", "groups", "flags")


class _Lazy:
    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(source, flags), done when the pattern is first used."""
    return cast("re.Pattern[str]", _Lazy(source, flags))
