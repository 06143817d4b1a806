"""Every page through the test client: status, the answers on top, links, 404s that say what exists."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import make_client

pytestmark = pytest.mark.corpus


def test_index_leads_with_each_regions_verdicts(client) -> None:  # noqa: ANN001
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for name in ("广东", "北京", "全国", "湖北"):
        assert f">{name}</a>" in html
    # guangdong 2026 vs 2025: its missed growth target is named on the front page
    row = html[html.index('href="/regions/guangdong"'):]
    row = row[:row.index("</tr>")]
    assert "未完成" in row and "地区生产总值增长" in row
    assert 'href="/regions/guangdong/2026"' in row
    # hubei has one report only: no verdicts, and the page says why
    hubei = html[html.index('href="/regions/hubei"'):]
    assert "无2025年报告可对比" in hubei[:hubei.index("</tr>")]


def test_region_page_headline_first_and_all_series_one_click(client) -> None:  # noqa: ANN001
    r = client.get("/regions/national")
    assert r.status_code == 200
    html = r.text
    verdicts = html.index('class="verdicts"')
    assert verdicts < html.index("<svg"), "the verdict lines come before the charts"
    assert "国内生产总值增长" in html[verdicts:verdicts + 2000]
    assert 'href="/regions/national?all=1"' in html
    everything = client.get("/regions/national?all=1")
    assert everything.status_code == 200
    assert everything.text.count('class="series"') > html.count('class="series"')
    for y in (2023, 2024, 2025):
        assert f'href="/regions/national/{y}"' in html
    linked = {int(y) for y in re.findall(r'href="/regions/national/(\d+)"', everything.text + html)}
    assert linked == {2023, 2024, 2025}, "only archived years are links (a history point may be a year before)"


def test_report_page_comparison_facts_source_and_versions(client, sqlite_archive) -> None:  # noqa: ANN001
    r = client.get("/regions/guangdong/2026")
    assert r.status_code == 200
    html = r.text
    answers = html.index('class="answers"')
    assert "2025年目标完成了没有" in html[answers:answers + 400]
    assert html.index("未完成：") < html.index('id="facts"')
    sheet = sqlite_archive.factsheet("guangdong", 2026)
    assert f"全部 {len(sheet.facts)} 项数字及原文" in html
    assert html.count('<q class="said">') >= len(sheet.facts)
    assert 'href="https://www.gov.example/guangdong/2026.html"' in html
    assert 'id="versions"' in html and "当前" in html
    assert "地区生产总值增长" in html and "3.9%" in html  # the 2025 outcome the 2026 report gives


def test_report_without_previous_year_says_so(client) -> None:  # noqa: ANN001
    r = client.get("/regions/hubei/2026")
    assert r.status_code == 200
    assert "湖北2025年的报告未归档，2026年报告无从对比" in r.text


def test_scoreboard_missed_targets_stand_out_and_sort(client) -> None:  # noqa: ANN001
    r = client.get("/scoreboard/2025")
    assert r.status_code == 200
    html = r.text
    assert "v-bad-cell" in html  # a missed target's cell is marked
    assert "广东" in html and "北京" in html
    assert "湖北" in html[html.index("未列入的地区"):]  # lacking its 2025 report, listed as missing
    by_gdp = client.get("/scoreboard/2025?sort=gdp_growth").text
    assert 'class="sorted"' in by_gdp
    order = re.findall(r'<td class="region"><a href="/regions/(\w+)/2026"', by_gdp)
    assert order and order[0] == "guangdong"  # 5%左右 -> 3.9%: the largest shortfall first
    assert client.get("/scoreboard", follow_redirects=False).headers["location"].endswith("/scoreboard/2025")


@pytest.mark.parametrize("url, says, lists", [
    ("/regions/atlantis", "没有“atlantis”的归档报告", 'href="/regions/guangdong"'),
    ("/regions/beijing/1999", "北京没有1999年的归档报告", 'href="/regions/beijing/2026"'),
    ("/regions/beijing/abc", "北京没有abc年的归档报告", 'href="/regions/beijing/2025"'),
    ("/scoreboard/1990", "没有1990年的目标完成榜", 'href="/scoreboard/2025"'),
    ("/no/such/page", "没有这个页面", 'href="/regions/national"'),
    ("/feeds/atlantis.atom", "没有“atlantis”的归档报告", 'href="/regions/beijing"'),
])
def test_404_pages_say_what_exists(client, url: str, says: str, lists: str) -> None:  # noqa: ANN001
    r = client.get(url)
    assert r.status_code == 404
    assert says in r.text and lists in r.text


def test_healthz_and_stylesheet(client) -> None:  # noqa: ANN001
    r = client.get("/healthz")
    assert r.status_code == 200 and r.text.startswith("ok")
    css = client.get("/static/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and ".badge" in css.text


def test_healthz_is_503_when_the_archive_does_not_answer(sqlite_archive, tmp_path) -> None:  # noqa: ANN001
    from targetwatch.archive import Archive

    arc = Archive(f"sqlite:///{tmp_path / 'gone.sqlite3'}")
    client = make_client(arc)
    (tmp_path / "gone.sqlite3").unlink()
    arc.engine.dispose()
    (tmp_path / "gone.sqlite3").mkdir()  # a directory where the database was: every query fails
    r = client.get("/healthz")
    assert r.status_code == 503 and "archive unavailable" in r.text


PAGES = ("/", "/regions/national", "/regions/national?all=1", "/regions/guangdong/2026", "/scoreboard/2025",
         "/compare", "/compare?region=beijing&old=2025&new=2026", "/regions/atlantis")


@pytest.mark.parametrize("url", PAGES)
def test_pages_use_the_stylesheet_no_inline_styles_no_script(client, url: str) -> None:  # noqa: ANN001
    r = client.get(url)
    html = r.text
    assert 'href="/static/site.css"' in html
    assert "style=" not in html and "<script" not in html
    assert len(r.content) < 300_000, f"{url} is {len(r.content)} bytes"
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url, target", [("/regions", "/"), ("/api/v1", "/api/v1/openapi.json"),
                                         ("/api/v1/", "/api/v1/openapi.json")])
def test_guessed_urls_redirect(client, url: str, target: str) -> None:  # noqa: ANN001
    r = client.get(url, follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == target


def test_report_page_counts_the_main_targets_not_every_task(client) -> None:  # noqa: ANN001
    """广东 2025 → 2026: most rows without an outcome are task items the next report does not mention;
    the answer box counts last year's main targets (3 without an outcome: CPI, grain and investment, set
    in words as 提质提效), as the CLI
    does, and the tasks found in both reports on a line of their own, labelled as tasks."""
    import re

    html = client.get("/regions/guangdong/2026").text
    box = html.split("</section>", 1)[0]
    big = re.search(r'<p class="counts big">(.*?)</p>', box, flags=re.S).group(1)
    counts = dict((v, int(n)) for v, n in re.findall(r'class="badge[^"]*"[^>]*>([^<]+)</span>\s*(\d+)', big))
    assert "2025年主要目标：" in big
    assert counts.get("未报告") == 3, counts
    rows = client.get("/api/v1/regions/guangdong/2026/comparison").json()["rows"]
    targets = [r for r in rows if r["check"] == "target_vs_outcome" and not r["indicator"].startswith("task:")]
    assert counts.get("未完成") == sum(r["verdict"] == "missed" for r in targets) >= 2
    assert sum(counts.values()) == len(targets) < 20
    tasks = re.search(r'<p class="counts"><span class="counts-label">两年报告都列出的任务：</span>(.*?)</p>', box,
                      flags=re.S)
    assert tasks and re.search(r">完成</span> \d+", tasks.group(1)), box[:2000]


