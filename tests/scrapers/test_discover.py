"""Discovery over real listing pages served locally: years, filtering, pagination, failures."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from targetwatch.scrapers.discover import IndexReader, ListingPage, as_predicate, classify, discover, record_health
from targetwatch.scrapers.http import Fetcher
from targetwatch.scrapers.listing import Link
from targetwatch.scrapers.registry import load_registry
from targetwatch.scrapers.state import JsonFileState, MemoryState

from .conftest import SITES, Reply, Site


def fetcher(**kw: object) -> Fetcher:
    base: dict[str, object] = {"allow_private": True, "timeout": 2.0, "retries": 1, "backoff": 0.01,
                               "backoff_max": 0.02, "min_interval": 0.0}
    base.update(kw)
    return Fetcher(**base)  # type: ignore[arg-type]


def local_source(region: str, index: list[str], **kw: object):  # type: ignore[no-untyped-def]
    s = load_registry().get(region)
    return replace(s, index=tuple(index), reports=(), delay=0.0, **kw)


def serve_trs(site: Site) -> str:
    site.fixture("/zwgk/zfgzbg/index.html", "trs/index.html")
    site.fixture("/zwgk/zfgzbg/index_1.html", "trs/index_1.html")
    return site.url("/zwgk/zfgzbg/index.html")


def test_trs_listing_over_two_pages(site: Site) -> None:
    src = local_source("beijing", [serve_trs(site)], link_pattern="")
    with fetcher() as f:
        (rep,) = discover([src], IndexReader(f), set(), this_year=2025)
    base = site.url("/zwgk/zfgzbg/")
    by_year = {c.year: c for c in rep.new}
    assert sorted(by_year) == [2022, 2023, 2024, 2025]
    assert by_year[2025].url == base + "202501/t20250120_6838884.html" and by_year[2025].year_from == "title"
    assert by_year[2023].year_from == "date"  # "政府工作报告" with no year: from the date column
    assert by_year[2022].url == base + "202201/t20220125_5700333.html"  # 二〇二二年; the 摘要 link is not a report
    assert not any("图解" in c.title or "解读" in c.title for c in rep.new)
    assert rep.pages_read == [base + "index.html", base + "index_1.html"]
    assert rep.ok and rep.error is None


def test_known_urls_are_left_out_and_http_https_twins_count(site: Site) -> None:
    src = local_source("beijing", [serve_trs(site)], link_pattern="")
    base = site.url("/zwgk/zfgzbg/")
    known = {base + "202501/t20250120_6838884.html"}
    with fetcher() as f:
        (rep,) = discover([src], IndexReader(f), known, this_year=2025)
    assert {c.year for c in rep.new} == {2022, 2023, 2024}
    assert {c.year for c in rep.candidates} == {2022, 2023, 2024, 2025}
    twin = as_predicate(lambda u: u == "https://a.gov.cn/x.html")
    assert twin("http://a.gov.cn/x.html") and not twin("http://a.gov.cn/y.html")


def test_hanweb_source_follows_the_data_proxy(site: Site) -> None:
    site.fixture("/col/col33720/index.html", "hanweb/index.html")
    site.fixture("/module/web/jpage/dataproxy.jsp", "hanweb/dataproxy.xml", "text/xml; charset=UTF-8")
    src = local_source("jiangsu", [site.url("/col/col33720/index.html")])
    with fetcher() as f:
        (rep,) = discover([src], IndexReader(f), set(), this_year=2025)
    assert [c.year for c in rep.new] == [2025, 2024, 2022, 2021]
    assert rep.new[-1].url == site.url("/art/2021/3/4/art_64797_9687432.html")
    assert len(rep.pages_read) == 2


def test_onclick_source(site: Site) -> None:
    site.fixture("/zwgk/zfgzbg/index.html", "onclick/index.html")
    site.page("/zwgk/zfgzbg/index_1.html", "<html><body><ul><li><a href='./200301/t20030120_1.html'>"
                                           "2003年天津市政府工作报告</a></li></ul></body></html>")
    src = local_source("tianjin", [site.url("/zwgk/zfgzbg/index.html")])
    with fetcher() as f:
        (rep,) = discover([src], IndexReader(f), set(), this_year=2025)
    assert [c.year for c in rep.new] == [2025, 2024, 2023, 2003]


def test_registry_urls_are_listed_unless_switched_off(site: Site) -> None:
    src = replace(local_source("beijing", [serve_trs(site)], link_pattern=""),
                  reports=load_registry().get("beijing").reports)
    with fetcher() as f:
        (with_reg,) = discover([src], IndexReader(f), set(), this_year=2026)
        (without,) = discover([src], IndexReader(f), set(), include_registry=False, this_year=2026)
    reg = [c for c in with_reg.new if c.found_on == "registry"]
    assert {c.year for c in reg} >= {2019, 2024, 2025, 2026} and all(c.evidence in "MC" for c in reg)
    assert not any(c.found_on == "registry" for c in without.new)


def test_one_dead_source_does_not_stop_the_others_and_is_recorded(site: Site, tmp_path: Path) -> None:
    site.route("/dead/index.html", Reply(500, b"down"))
    site.page("/empty/index.html", "<html><body><a href='/x.html'>联系我们</a></body></html>")
    dead = local_source("hubei", [site.url("/dead/index.html")])
    empty = local_source("hunan", [site.url("/empty/index.html")])
    good = local_source("beijing", [serve_trs(site)], link_pattern="")
    state = JsonFileState(tmp_path / "state.json")
    with fetcher(state=state) as f:
        reps = discover([dead, empty, good], IndexReader(f), set(), this_year=2025)
    assert [r.ok for r in reps] == [False, False, True]
    assert "HTTP 500" in (reps[0].error or "") and "gave up after 2 attempts" in (reps[0].error or "")
    assert "found no report links" in (reps[1].error or "")
    record_health(state, reps)
    record_health(state, reps)
    health = {h.source: h for h in JsonFileState(tmp_path / "state.json").all_health()}
    assert health["hubei"].failures == 2 and "HTTP 500" in (health["hubei"].last_error or "")
    assert health["hunan"].failures == 2
    assert health["beijing"].failures == 0 and health["beijing"].last_found == 4


def test_second_run_uses_304_and_the_remembered_links(site: Site) -> None:
    from .conftest import Seen

    body = (SITES / "trs" / "index.html").read_bytes()

    def index(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"idx1"':
            return Reply(304, b"", {"ETag": '"idx1"'})
        return Reply(200, body, {"ETag": '"idx1"', "Content-Type": "text/html"})

    site.route("/zwgk/zfgzbg/index.html", index)
    site.fixture("/zwgk/zfgzbg/index_1.html", "trs/index_1.html")
    src = local_source("beijing", [site.url("/zwgk/zfgzbg/index.html")], link_pattern="")
    state = MemoryState()
    with fetcher(state=state) as f:
        (first,) = discover([src], IndexReader(f), set(), this_year=2025)
        (second,) = discover([src], IndexReader(f), set(), this_year=2025)
    assert [c.url for c in first.new] == [c.url for c in second.new]
    replies = site.requests("/zwgk/zfgzbg/index.html")
    assert len(replies) == 2 and replies[1].headers.get("if-none-match") == '"idx1"'


def test_a_failing_later_page_is_a_problem_not_a_dead_source(site: Site) -> None:
    site.fixture("/zwgk/zfgzbg/index.html", "trs/index.html")
    site.route("/zwgk/zfgzbg/index_1.html", Reply(404, b""))
    src = local_source("beijing", [site.url("/zwgk/zfgzbg/index.html")], link_pattern="")
    with fetcher() as f:
        (rep,) = discover([src], IndexReader(f), set(), this_year=2025)
    assert rep.ok and len(rep.problems) == 1 and "404" in rep.problems[0]
    assert {c.year for c in rep.new} == {2024, 2025}


def test_discover_is_pure_given_a_page_reader() -> None:
    src = local_source("beijing", ["https://www.beijing.gov.cn/gongkai/jihua/zfgzbg/"])
    pages = {
        "https://www.beijing.gov.cn/gongkai/jihua/zfgzbg/": ListingPage(
            "https://www.beijing.gov.cn/gongkai/jihua/zfgzbg/",
            (Link("https://www.beijing.gov.cn/gongkai/jihua/zfgzbg/202602/t20260202_4483941.html", "政府工作报告",
                  "2026-02-02"),
             Link("https://www.beijing.gov.cn/gongkai/jihua/zfgzbg/202501/t20250121_3994245.html",
                  "2025年北京市政府工作报告", None),
             Link("https://www.beijing.gov.cn/other/2099.html", "2099年政府工作报告", None)),
            ()),
    }
    (rep,) = discover([src], lambda url, source: pages[url], lambda url: url.endswith("3994245.html"),
                      this_year=2026)
    assert [(c.year, c.year_from) for c in rep.new] == [(2026, "date")]
    assert len(rep.candidates) == 2  # 2099 fails the link pattern and the year limit


def test_classify_rejects_future_years_and_links_without_a_year() -> None:
    src = load_registry().get("national")
    links = [Link("https://www.gov.cn/a.htm", "2031年政府工作报告"), Link("https://www.gov.cn/b.htm", "政府工作报告")]
    assert classify(src, links, "x", this_year=2026) == []
