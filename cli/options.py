"""Command-line values shared by several commands, checked once with the same message."""
from __future__ import annotations

from targetwatch.diffing.regions import normalize_region
from targetwatch.errors import UserError


def region_option(value: str | None) -> str | None:
    """A region id from an id (beijing), a name (北京市) or a short name (北京); None stays None."""
    if value is None:
        return None
    region = normalize_region(value)
    if region is None:
        raise UserError(f"unknown region {value!r}; use an id such as beijing, guangdong or national "
                        "(see 'targetwatch archive list --regions')")
    return region
