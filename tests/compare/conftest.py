"""Fixtures of the comparison tests; the builders and real-figure sheets are in facts.py."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("tests.compare.facts")

from targetwatch.diffing.model import FactSheet  # noqa: E402
from tests.compare.facts import NATIONAL  # noqa: E402


@pytest.fixture
def national() -> dict[int, FactSheet]:
    return {y: make() for y, make in NATIONAL.items()}
