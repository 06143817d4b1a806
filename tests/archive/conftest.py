"""Archive tests run on real databases: SQLite always, PostgreSQL when TARGETWATCH_TEST_POSTGRES_URL is set.

Every test gets a database of its own (a SQLite file in its tmp_path, or a fresh
`tw_test_<random>` PostgreSQL schema dropped afterwards), so parallel runs never meet.
"""
from __future__ import annotations


import pytest

from targetwatch.diffing.model import Fact, FactSheet



def fact(indicator: str = "gdp_growth", kind: str = "target", period: int = 2025, value: float | None = 5.0,
         comparator: str = "about", unit: str | None = "%", text: str = "增长5%左右",
         span: tuple[int, int] = (0, 6), **extra) -> Fact:  # noqa: ANN003
    return Fact(indicator=indicator, label=extra.pop("label", indicator), kind=kind, period=period,
                comparator=comparator, value=value, unit=unit, text=text, span=span, **extra)


def sheet_parser(*facts: Fact, version: str = "test-1"):  # noqa: ANN201
    """A parser that returns these facts for any text (re-dated to the year asked for)."""
    def parse(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
        return FactSheet(region=region or "beijing", report_year=year or 2025, extractor_version=version,
                         facts=tuple(facts))
    return parse


def report_bytes(region: str, year: int, extra: str = "") -> bytes:
    return (f"{region} {year}年政府工作报告\n一、{year - 1}年工作回顾\n地区生产总值增长5.2%。\n"
            f"二、{year}年主要预期目标\n地区生产总值增长5%左右。{extra}\n").encode()
