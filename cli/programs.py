"""The parser's compiled patterns kept in a file between runs, as Python keeps bytecode (issue 15).

`targetwatch parse` compiled some 90 patterns every run, some 20 ms of a 60 ms command, and
the evaluation harness runs it once per report. diffing/lazyre.py can serve patterns from a
store of compiled programs; this module keeps that store next to lazyre's bytecode
(`diffing/__pycache__/lazyre.<cache tag>.programs`) and rewrites it at exit when the run
compiled patterns it lacked. It follows Python's rules for bytecode: written only when
bytecode is (not under PYTHONDONTWRITEBYTECODE or -B), silently not at all where the folder
is read-only, and a file of another interpreter or engine (its tag), or unreadable, is
ignored and replaced. Nothing is trusted beyond that: the engine validates every program it
is given, and one it refuses is compiled from its source again.
"""
from __future__ import annotations

import atexit
import marshal
import os
import sys

from targetwatch.diffing import lazyre

LIMIT = 2000
"""Programs of patterns since edited pile up in a developer's store; past this many it starts afresh."""
_kept = False


def path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None or lazyre.PROGRAMS_TAG is None:
        return None
    folder = os.path.join(os.path.dirname(lazyre.__file__), "__pycache__")
    return os.path.join(folder, f"lazyre.{tag}.programs")


def load(file: str | None) -> lazyre.Store:
    """The store in `file`, or an empty one when it is missing, of another engine or damaged."""
    if file is None:
        return {}
    try:
        with open(file, "rb") as fh:
            data = fh.read()  # marshal.load(fh) reads the file piece by piece: 15 times slower
        tag, programs = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if tag != lazyre.PROGRAMS_TAG or not isinstance(programs, dict) or len(programs) > LIMIT:
        return {}
    return programs


def save(file: str, programs: lazyre.Store) -> None:
    """Write the store whole, so that a reader never sees half of it; a failure costs only speed."""
    temporary = f"{file}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(temporary, "wb") as fh:
            marshal.dump((lazyre.PROGRAMS_TAG, programs), fh)
        os.replace(temporary, file)
    except (OSError, ValueError):
        try:
            os.unlink(temporary)
        except OSError:
            pass


def keep() -> None:
    """Serve this run's patterns from the store file (read at the first compile) and save
    what the run added to it at exit."""
    global _kept
    file = path()
    if file is None or _kept:
        return
    _kept = True
    lazyre.keep_programs(lambda: load(file))
    if not sys.dont_write_bytecode:
        atexit.register(_save_gains, file)


def _save_gains(file: str) -> None:
    programs = lazyre.gained_programs()
    if programs is not None:
        save(file, programs)
