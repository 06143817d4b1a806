"""Region ids (pinyin slugs, as in the corpus folders) and the Chinese names that identify them.

The ids are the vocabulary shared by the CLI, the source registry, the archive and the
subscriptions, so they live here at the bottom of the dependency graph.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    short: str
    level: str  # "national", "province" or "district"
    name_en: str = ""
    """The name foreign desks use (Inner Mongolia, not Neimenggu; Shaanxi and Shanxi kept apart)."""


REGIONS: tuple[Region, ...] = (
    Region("national", "中华人民共和国", "全国", "national", "China"),
    Region("beijing", "北京市", "北京", "province", "Beijing"),
    Region("tianjin", "天津市", "天津", "province", "Tianjin"),
    Region("hebei", "河北省", "河北", "province", "Hebei"),
    Region("shanxi", "山西省", "山西", "province", "Shanxi"),
    Region("neimenggu", "内蒙古自治区", "内蒙古", "province", "Inner Mongolia"),
    Region("liaoning", "辽宁省", "辽宁", "province", "Liaoning"),
    Region("jilin", "吉林省", "吉林", "province", "Jilin"),
    Region("heilongjiang", "黑龙江省", "黑龙江", "province", "Heilongjiang"),
    Region("shanghai", "上海市", "上海", "province", "Shanghai"),
    Region("jiangsu", "江苏省", "江苏", "province", "Jiangsu"),
    Region("zhejiang", "浙江省", "浙江", "province", "Zhejiang"),
    Region("anhui", "安徽省", "安徽", "province", "Anhui"),
    Region("fujian", "福建省", "福建", "province", "Fujian"),
    Region("jiangxi", "江西省", "江西", "province", "Jiangxi"),
    Region("shandong", "山东省", "山东", "province", "Shandong"),
    Region("henan", "河南省", "河南", "province", "Henan"),
    Region("hubei", "湖北省", "湖北", "province", "Hubei"),
    Region("hunan", "湖南省", "湖南", "province", "Hunan"),
    Region("guangdong", "广东省", "广东", "province", "Guangdong"),
    Region("guangxi", "广西壮族自治区", "广西", "province", "Guangxi"),
    Region("hainan", "海南省", "海南", "province", "Hainan"),
    Region("chongqing", "重庆市", "重庆", "province", "Chongqing"),
    Region("sichuan", "四川省", "四川", "province", "Sichuan"),
    Region("guizhou", "贵州省", "贵州", "province", "Guizhou"),
    Region("yunnan", "云南省", "云南", "province", "Yunnan"),
    Region("xizang", "西藏自治区", "西藏", "province", "Tibet (Xizang)"),
    Region("shaanxi", "陕西省", "陕西", "province", "Shaanxi"),
    Region("gansu", "甘肃省", "甘肃", "province", "Gansu"),
    Region("qinghai", "青海省", "青海", "province", "Qinghai"),
    Region("ningxia", "宁夏回族自治区", "宁夏", "province", "Ningxia"),
    Region("xinjiang", "新疆维吾尔自治区", "新疆", "province", "Xinjiang"),
    Region("hailaer", "呼伦贝尔市海拉尔区", "海拉尔", "district", "Hailar (Hulunbuir)"),
)

BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}
PROVINCES: tuple[str, ...] = tuple(r.id for r in REGIONS if r.level == "province")


def normalize_region(value: str) -> str | None:
    """Accept an id (`beijing`), a full name (`北京市`) or a short name (`北京`)."""
    v = value.strip()
    low = v.lower()
    if low in BY_ID:
        return low
    for r in REGIONS:
        if v in (r.name, r.short):
            return r.id
    if v in ("国务院", "中国", "全国", "国家"):
        return "national"
    return None


def region_name(region_id: str) -> str:
    r = BY_ID.get(region_id)
    return r.short if r else region_id


def region_name_en(region_id: str) -> str:
    """The English name of a region ('Guangdong', 'Inner Mongolia'); an unknown id is shown as is."""
    r = BY_ID.get(region_id)
    return r.name_en if r and r.name_en else region_id


def region_label(region_id: str, lang: str = "zh") -> str:
    """The short name a reader of `lang` ('zh' or 'en') expects in a table or heading."""
    return region_name_en(region_id) if lang == "en" else region_name(region_id)
