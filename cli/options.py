"""Command-line values shared by several commands, checked once with the same message."""
from __future__ import annotations

from targetwatch.inputs import region_id as region_option

__all__ = ["region_option"]
