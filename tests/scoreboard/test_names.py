"""English names: every region and every catalog indicator has one, and they are told apart."""
from __future__ import annotations

from targetwatch.diffing.catalog import CATALOG, indicator_name_en
from targetwatch.diffing.regions import REGIONS, region_name_en


def test_every_region_has_a_distinct_english_name() -> None:
    names = [region_name_en(r.id) for r in REGIONS]
    assert all(n and n.isascii() for n in names)
    assert len(set(names)) == len(names)
    assert (region_name_en("shanxi"), region_name_en("shaanxi")) == ("Shanxi", "Shaanxi")
    assert region_name_en("neimenggu") == "Inner Mongolia" and region_name_en("atlantis") == "atlantis"


def test_every_catalog_indicator_has_a_distinct_english_name() -> None:
    names = [indicator_name_en(i.id) for i in CATALOG]
    assert all(n and n.isascii() for n in names)
    assert len(set(names)) == len(names)
    assert indicator_name_en("gdp_growth_avg") == "GDP growth (annual avg.)"
    assert indicator_name_en("grain_output_multi") == "Grain output (cumulative)"
    assert indicator_name_en("task:新建高标准农田") == "新建高标准农田"
