"""The web surface of targetwatch: pages, a JSON API and Atom feeds over the archive.

`targetwatch serve` runs `create_app()` under uvicorn. Pages are drawn on the server with
the presentation package's templates and chart geometry (targetwatch.templates), so a page,
a digest and `targetwatch compare --format html` never disagree about a verdict.
"""
from __future__ import annotations

from targetwatch.web.app import create_app

__all__ = ["create_app"]
