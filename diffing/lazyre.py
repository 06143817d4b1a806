"""Regular expressions compiled on first use, so that importing the parser costs almost nothing.

The parser's modules hold a hundred patterns, some of them large word tries; compiling them
all at import took tens of milliseconds that a command which never parses (or parses with
region and year given, never asking meta.py's patterns) paid for nothing. `lazy(source)`
stands in for `re.compile(source)`: the first call of any method compiles the pattern and
puts the compiled pattern's bound methods on the object itself, so every later call is an
ordinary attribute lookup, as fast as calling the compiled pattern.

Even compiled only when used, a parse compiles some 90 patterns: about 20 ms, as long as the
parse itself (`re` parses and compiles in Python; a class of Han characters alone is ~1 ms).
So a process may also keep the compiled programs, the engine's code that `re.compile` builds,
between runs, as Python keeps bytecode: after `keep_programs(load)` a pattern found in the
store is handed straight to the engine (`_sre.compile`, some µs) and every other one is
compiled and added to it. The command line keeps the store in a file (cli/programs.py);
this module does no I/O. A program is the engine's own and changes with it, so a store
belongs to one `PROGRAMS_TAG`; tests/diffing/test_lazyre.py holds that a served pattern
equals (`==` compares the code) the one `re.compile` builds.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, cast

try:
    import _sre  # type: ignore[import-not-found]  # the engine: private, as the programs are
    from re import _compiler, _parser  # type: ignore[attr-defined]

    PROGRAMS_TAG: str | None = (f"{sys.implementation.cache_tag} {sys.version_info[:3]} "
                                f"sre {_sre.MAGIC} {_sre.CODESIZE}")
except (ImportError, AttributeError):  # pragma: no cover - not CPython's engine: compile as usual
    PROGRAMS_TAG = None

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
            "groupindex", "groups", "flags")

# (source, flags) -> (flags, code, last group, groupindex, indexgroup): _sre.compile's arguments
Program = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]
Store = dict[tuple[str, int], Program]
_load: Callable[[], Store] | None = None
_store: Store | None = None
_added = 0


class _Lazy:
    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = _compile(self.pattern, int(self._flags))
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(source: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(source, flags), done when the pattern is first used."""
    return cast("re.Pattern[str]", _Lazy(source, flags))


def keep_programs(load: Callable[[], Store]) -> None:
    """From the first pattern compiled on, serve patterns from the store `load()` returns
    (programs of PROGRAMS_TAG) and add to it each one compiled; a command that compiles
    nothing never loads it."""
    global _load, _store, _added
    if PROGRAMS_TAG is not None:
        _load, _store, _added = load, None, 0


def gained_programs() -> Store | None:
    """The store, when it has gained programs since it was loaded (so is worth saving)."""
    return _store if _added else None


def _compile(source: str, flags: int) -> re.Pattern[str]:
    global _load, _store, _added
    if _store is None:
        if _load is None:
            return re.compile(source, flags)
        _store, _load = _load(), None
    key = (source, flags)
    program = _store.get(key)
    if program is not None:
        try:
            return _sre.compile(source, *program)
        except (TypeError, ValueError, RuntimeError, IndexError):  # not a program of this engine
            pass
    try:
        compiled, program = _compile_program(source, flags)
    except Exception:
        compiled = re.compile(source, flags)  # a bad pattern raises here, as it would without a store
        _load, _store, _added = None, None, 0  # it compiles: re's internals are not the ones known here
        return compiled
    _store[key] = program
    _added += 1
    return compiled


def _compile_program(source: str, flags: int) -> tuple[re.Pattern[str], Program]:
    """What re.compile does on a miss of its cache, keeping the engine's arguments."""
    tree = _parser.parse(source, flags)
    code = [int(op) for op in _compiler._code(tree, flags)]  # named opcodes are ints that marshal refuses
    state = tree.state
    indexgroup: list[str | None] = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    program: Program = (int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(indexgroup))
    return _sre.compile(source, *program), program
