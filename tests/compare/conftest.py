"""Fixtures of the comparison tests; the builders and real-figure sheets are in facts.py."""
from __future__ import annotations

import pytest

from diffing.model import FactSheet
from tests.compare.facts import NATIONAL


@pytest.fixture
def national() -> dict[int, FactSheet]:
    return {y: make() for y, make in NATIONAL.items()}
