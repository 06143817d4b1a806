"""The source registry: shipped data for every region, user overrides without code changes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from targetwatch.diffing.regions import PROVINCES
from targetwatch.scrapers.registry import EVIDENCE_LABELS, RegistryError, load_registry


def test_every_province_and_the_nation_have_an_entry_with_evidence() -> None:
    reg = load_registry()
    assert set(reg.ids()) >= {"national", *PROVINCES}
    assert len(PROVINCES) == 31
    for s in reg:
        assert s.index, f"{s.id} has no index page"
        assert s.verified is False, f"{s.id}: nothing was fetched live, so nothing is verified"
        assert s.evidence.get("index") in EVIDENCE_LABELS, s.id
        assert all(r.evidence in EVIDENCE_LABELS for r in s.reports)
        assert s.content_selectors, s.id
        for pat in (s.title_pattern, s.exclude_pattern, s.link_pattern):
            re.compile(pat)
    assert reg.ids()[0] == "national"


def test_known_report_urls_match_their_own_link_pattern() -> None:
    for s in load_registry():
        for r in s.reports:
            if s.link_pattern and "/art/" in s.link_pattern:
                assert s.url_matches(r.url), (s.id, r.url)
            if s.id == "beijing":
                assert s.url_matches(r.url), r.url


def test_titles_are_told_apart_from_commentary() -> None:
    s = load_registry().get("beijing")
    assert s.title_matches("2025年北京市政府工作报告")
    assert s.title_matches("政府工作报告——2025年1月14日在北京市第十六届人民代表大会第三次会议上")
    for other in ("图解：2025年政府工作报告", "2025年政府工作报告解读", "政府工作报告（摘登）",
                  "北京市政府工作报告全文【中英文对照】(四)", "关于春节放假的通知"):
        assert not s.title_matches(other), other


def test_lookup_by_url_host() -> None:
    reg = load_registry()
    assert reg.for_url("https://www.gov.cn/yaowen/liebiao/202503/content_7010168.htm").id == "national"
    assert reg.for_url("https://www.js.gov.cn/art/2020/2/17/art_64797_8974470.html").id == "jiangsu"
    assert reg.for_url("https://beijing.gov.cn/gongkai/").id == "beijing"
    assert reg.for_url("https://example.org/x") is None
    assert reg.generic().fallback_selectors  # a URL on no known site still gets the selector chain


def test_user_file_in_home_overrides_and_adds(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text("""
[sources.tianjin]
index = ["https://www.tj.gov.cn/zwgk/zfgzbg/new/index.html"]
delay = 0.5

[sources.hailaer]
index = ["http://www.hailaer.gov.cn/zfgzbg/"]
evidence = { index = "I" }
""", encoding="utf-8")
    reg = load_registry(home=tmp_path)
    tj = reg.get("tianjin")
    assert tj.index == ("https://www.tj.gov.cn/zwgk/zfgzbg/new/index.html",)
    assert tj.delay == 0.5
    assert tj.end_markers[-1] == "附件："  # keys not overridden keep the shipped value
    assert "sources.toml" in tj.origin and "scrapers/sources.toml" in tj.origin
    hl = reg.get("hailaer")
    assert hl.name == "呼伦贝尔市海拉尔区" and hl.index == ("http://www.hailaer.gov.cn/zfgzbg/",)
    assert str(tmp_path / "sources.toml") in reg.files


def test_explicit_file_wins_over_home_and_can_disable(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text('[sources.hubei]\ndelay = 9.0\n', encoding="utf-8")
    extra = tmp_path / "extra.toml"
    extra.write_text('[defaults]\ndelay = 0.0\n[sources.hubei]\nenabled = false\n', encoding="utf-8")
    reg = load_registry(extra, home=tmp_path)
    assert reg.get("hubei").delay == 9.0 and not reg.get("hubei").enabled
    assert "hubei" not in [s.id for s in reg.enabled()]
    assert reg.get("hebei").delay == 0.0


@pytest.mark.parametrize("text, fragment", [
    ("[sources.tianjin]\nselector = ['#x']\n", "unknown key(s) selector"),
    ("[sources.atlantis]\nindex = ['http://a/']\n", "unknown region id 'atlantis'"),
    ("[sources.tianjin]\ntitle_pattern = '(unclosed'\n", "not a valid regular expression"),
    ("[sources.tianjin]\nindex = ['ftp://a/']\n", "not an http(s) URL"),
    ("[sources.tianjin]\nreports = [{ year = 'x', url = 'http://a/' }]\n", "year must be"),
    ("[sources.tianjin]\nevidence = { index = 'Q' }\n", "labels"),
    ("[source.tianjin]\n", "unknown top-level key(s) source"),
    ("[sources.tianjin\n", "not valid TOML"),
])
def test_bad_override_files_say_what_and_where(tmp_path: Path, text: str, fragment: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(f)
    assert fragment in str(err.value) and str(f) in str(err.value)


def test_missing_explicit_file_is_an_error_missing_home_file_is_not(tmp_path: Path) -> None:
    assert len(load_registry(home=tmp_path)) == 32
    with pytest.raises(RegistryError, match="no such file"):
        load_registry(tmp_path / "nope.toml")
