"""targetwatch as a library: parse a government work report, compare two, open the archive.

    >>> import targetwatch
    >>> sheet = targetwatch.parse("二、2024年经济社会发展总体要求和政策取向\\n今年发展主要预期目标是：国内生产总值增长5%左右。", region="national", year=2024)
    >>> [(f.indicator, f.kind, f.value) for f in sheet.facts]
    [('gdp_growth', 'target', 5.0)]

The names below are loaded on first use (PEP 562), so `import targetwatch.diffing` and the
command line do not pay for SQLAlchemy or the HTML reader when they do not need them.
See docs/library.md for the whole tour.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "Archive",
    "Comparison",
    "Fact",
    "FactSheet",
    "ParseError",
    "UserError",
    "compare",
    "open_archive",
    "parse",
]

_LAZY = {
    "parse": "targetwatch.library",
    "compare": "targetwatch.library",
    "open_archive": "targetwatch.library",
    "Archive": "targetwatch.archive.store",
    "Comparison": "targetwatch.diffing.compare",
    "Fact": "targetwatch.diffing.model",
    "FactSheet": "targetwatch.diffing.model",
    "ParseError": "targetwatch.diffing.errors",
    "UserError": "targetwatch.errors",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from targetwatch.archive.store import Archive
    from targetwatch.diffing.compare import Comparison
    from targetwatch.diffing.errors import ParseError
    from targetwatch.diffing.model import Fact, FactSheet
    from targetwatch.errors import UserError
    from targetwatch.library import compare, open_archive, parse


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'targetwatch' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
