"""Target against last year's target, and against last year's actual."""
from __future__ import annotations

import pytest

from targetwatch.diffing.compare import against_last, move
from tests.compare.facts import assert_judged, outcome, target

T = target

# (rule, previous, current, verdict, change, change_unit)
MOVES = [
    ("national 2025: the CPI target 3%左右 -> 2%左右 is lowered by 1 pp",
     T("cpi", 2024, "about", 3.0), T("cpi", 2025, "about", 2.0), "lowered", -1.0, "pp"),
    ("the jobs target 1100万 -> 1200万 is raised by 100万人",
     T("new_urban_jobs", 2022, "at_least", 11_000_000, "人"), T("new_urban_jobs", 2023, "at_least", 12_000_000, "人"),
     "raised", 1_000_000, "人"),
    ("the same figure and comparator is unchanged",
     T("gdp_growth", 2023, "about", 5.0), T("gdp_growth", 2024, "about", 5.0), "unchanged", 0.0, "pp"),
    ("the same figure with another comparator is reworded (2023's 1200万人左右 -> 2024's 1200万人以上)",
     T("new_urban_jobs", 2023, "about", 12_000_000, "人"), T("new_urban_jobs", 2024, "at_least", 12_000_000, "人"),
     "reworded", 0.0, "人"),
    ("a range becoming a point target compares by the range's midpoint (6.5%-7% -> 6.5%左右)",
     T("gdp_growth", 2016, "range", None, "%", low=6.5, high=7.0), T("gdp_growth", 2017, "about", 6.5),
     "lowered", -0.25, "pp"),
    ("the same range is unchanged",
     T("gdp_growth", 2016, "range", None, "%", low=6.5, high=7.0),
     T("gdp_growth", 2017, "range", None, "%", low=6.5, high=7.0), "unchanged", 0.0, "pp"),
    ("a target only in this year's report is new",
     None, T("energy_intensity_reduction", 2024, "about", 2.5), "new", None, None),
    ("a target only in last year's report is not repeated: silence is not cancellation",
     T("task:新开工改造城镇老旧小区", 2021, "exact", 53_000, "个"), None, "not_repeated", None, None),
    ("a figure followed by no target at all (2020's GDP) is dropped",
     T("gdp_growth", 2019, "range", None, "%", low=6.0, high=6.5), T("gdp_growth", 2020, "none"), "dropped", None, None),
    ("a figure after a year without target (2021's GDP) is new",
     T("gdp_growth", 2020, "none"), T("gdp_growth", 2021, "at_least", 6.0), "new", None, None),
    ("a figure replacing a qualitative target is a rewording",
     T("energy_intensity_reduction", 2023, "qualitative", text="能耗继续下降"),
     T("energy_intensity_reduction", 2024, "about", 2.5), "reworded", None, None),
    ("the same qualitative words are unchanged",
     T("income_growth", 2024, "qualitative", text="居民收入增长和经济增长同步"),
     T("income_growth", 2025, "qualitative", text="居民收入增长和经济增长同步"), "unchanged", None, None),
    ("other qualitative words are a rewording",
     T("income_growth", 2023, "qualitative", text="居民收入增长与经济增长基本同步"),
     T("income_growth", 2024, "qualitative", text="居民收入增长和经济增长同步"), "reworded", None, None),
    ("grain in 吨 one year and 斤 the next is converted before comparing",
     T("grain_output", 2015, "at_least", 5.5e8, "吨"), T("grain_output", 2016, "at_least", 1.1e12, "斤"),
     "unchanged", 0.0, "斤"),
    ("policy settings move like any figure (deficit 3% -> 4%左右 is raised)",
     T("deficit_ratio", 2024, "exact", 3.0), T("deficit_ratio", 2025, "about", 4.0), "raised", 1.0, "pp"),
    ("figures in units that do not convert are not comparable",
     T("task:保障性住房", 2023, "exact", 1_000_000, "套"), T("task:保障性住房", 2024, "exact", 1_000_000, "户"),
     "not_comparable", None, None),
]


@pytest.mark.parametrize("rule,prev,cur,verdict,change,unit", MOVES, ids=[m[0] for m in MOVES])
def test_target_against_last_years_target(rule, prev, cur, verdict, change, unit):
    assert_judged(move(prev, cur), verdict, change, unit)


def test_a_move_needs_at_least_one_target():
    with pytest.raises(ValueError):
        move(None, None)


# (rule, this year's target, last year's outcome, verdict, change)
LAST = [
    ("2025's CPI target 2% is above 2024's actual 0.2%",
     T("cpi", 2025, "about", 2.0), outcome("cpi", 2024, "exact", 0.2), "above", 1.8),
    ("2024's growth target 5% is below 2023's actual 5.2%",
     T("gdp_growth", 2024, "about", 5.0), outcome("gdp_growth", 2023, "exact", 5.2), "below", -0.2),
    ("2025's growth target 5% equals 2024's actual 5%",
     T("gdp_growth", 2025, "about", 5.0), outcome("gdp_growth", 2024, "exact", 5.0), "equal", 0.0),
    ("without last year's figure the comparison is not_reported",
     T("deficit_ratio", 2025, "about", 4.0), None, "not_reported", None),
    ("a qualitative side is not comparable",
     T("income_growth", 2025, "qualitative"), outcome("income_growth", 2024, "exact", 5.1), "not_comparable", None),
]


@pytest.mark.parametrize("rule,tgt,last,verdict,change", LAST, ids=[c[0] for c in LAST])
def test_target_against_last_years_actual(rule, tgt, last, verdict, change):
    j = against_last(tgt, last)
    assert j.verdict == verdict
    assert j.delta == (None if change is None else pytest.approx(change))
