"""parsed_fact is Fact(...) without the checks: the same value, field for field, frozen alike."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from targetwatch.diffing.model import Fact, parsed_fact


@pytest.mark.parametrize("args, extra", [
    (("task:新开工老旧小区", "新开工老旧小区", "target", 2025, "at_least", 5000.0, "个", "新开工…5000个以上", (10, 24)),
     {"section": "tasks"}),
    (("gdp_growth_avg", "国内生产总值", "outcome", 2024, "range", 5.5, "%", "年均增长5%-6%", (3, 12)),
     {"low": 5.0, "high": 6.0, "period_start": 2020, "section": "multi_year_review"}),
    (("cpi", "居民消费价格", "target", 2025, "qualitative", None, None, "物价基本稳定", (0, 6)), {}),
])
def test_parsed_fact_equals_the_checked_constructor(args: tuple, extra: dict) -> None:
    fast, checked = parsed_fact(*args, **extra), Fact(*args, **extra)
    assert fast == checked and hash(fast) == hash(checked)
    assert [getattr(fast, f.name) for f in dataclasses.fields(Fact)] == [getattr(checked, f.name)
                                                                         for f in dataclasses.fields(Fact)]
    assert fast.to_dict() == checked.to_dict()
    assert type(fast) is Fact and isinstance(fast, Fact)
    assert pickle.loads(pickle.dumps(fast)) == checked and copy.copy(fast) == checked
    assert fast.with_(value=1.0) == dataclasses.replace(checked, value=1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.value = 1.0  # type: ignore[misc]
