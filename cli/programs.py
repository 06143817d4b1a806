"""The parser's compiled patterns kept in a file between runs, as Python keeps bytecode (issue 15).

`targetwatch parse` compiled some 90 patterns every run, some 20 ms of a 60 ms command, and
the evaluation harness runs it once per report. diffing/lazyre.py can serve patterns from a
store of compiled programs; this module keeps that store in the data folder's cache
(`$TARGETWATCH_HOME/cache/patterns.<cache tag>.programs`), reads it when the first pattern
is compiled (a command that compiles none never opens it) and rewrites it at exit when the
run compiled patterns it lacked. Not beside the package's bytecode: an installed package's
folder is often read-only, and PYTHONDONTWRITEBYTECODE (set on the harness's machine) is
about bytecode. The store holds regular-expression programs only, never report text. A
file of another interpreter or engine (its tag) or damaged is ignored and replaced, one
that cannot be written costs only speed, and the engine validates every program it is
given: one it refuses is compiled from its source again.
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
_file: str | None = None


def path() -> str | None:
    """Where this interpreter's store is, or None when lazyre cannot use one."""
    tag = sys.implementation.cache_tag
    if tag is None or lazyre.PROGRAMS_TAG is None:
        return None
    from targetwatch.config import load_settings

    return str(load_settings().cache_dir / f"patterns.{tag}.programs")


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
    """Serve this run's patterns from the store and save what the run added to it at exit."""
    global _kept
    if _kept or lazyre.PROGRAMS_TAG is None:
        return
    _kept = True
    lazyre.keep_programs(_read)
    atexit.register(_save_gains)


def _read() -> lazyre.Store:
    global _file
    _file = path()
    return load(_file)


def _save_gains() -> None:
    programs = lazyre.gained_programs()
    if programs is not None and _file is not None:
        save(_file, programs)
