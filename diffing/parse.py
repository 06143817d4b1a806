"""Entry point of the parser: report text -> FactSheet. (Being written; see extract.py.)"""
from __future__ import annotations

from diffing.model import FactSheet

EXTRACTOR_VERSION = "0.0.1"


def parse_report(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
    raise NotImplementedError
