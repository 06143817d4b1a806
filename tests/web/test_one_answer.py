"""One answer everywhere, in the page's language: the audit's findings, through the app's test client.

1. "Were last year's targets met?" has the same numbers on the command line, in digests, on
   the report, compare and front pages, in the API and in the feeds (diffing.headline.target_tally):
   tasks are counted apart and labelled as tasks, policy settings are not counted.
2. The library's refusals (English, written for the command line) are said in page words:
   Chinese on Chinese pages, English under /en/; the library's line only folded, escaped.
3. API errors are English under /api and /en/api alike, and no list ends in nothing.
4. The admin API refuses subscriptions to regions that do not exist, and stores nothing.
5. English figures group thousands the same way whatever their size.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import corpus_path
from tests.web.conftest import ADMIN_TOKEN, make_client

pytestmark = pytest.mark.corpus

ATOM = "{http://www.w3.org/2005/Atom}"

# The audit's figures: `targetwatch compare beijing 2026` and `targetwatch compare national 2025`
# (since parser 1.5.0 the 2025 report's 能耗降幅超过3% is the energy outcome: 7 met, none unreported).
CLI_LINES = {
    ("beijing", 2026): "2025年主要目标：完成 3 项、未完成 1 项、不可比 1 项、未报告实际 1 项",
    ("national", 2025): "2024年主要目标：完成 7 项",
}
API_COUNTS = {
    ("beijing", 2026): {"met": 3, "missed": 1, "not_comparable": 1, "not_reported": 1},
    ("national", 2025): {"met": 7},
}
MISSED = {("beijing", 2026): ["income_growth"], ("national", 2025): []}
BADGES = {"met": "完成", "missed": "未完成", "not_comparable": "不可比", "not_reported": "未报告"}


def _comparison(archive, region: str, year: int):  # noqa: ANN001, ANN202
    from targetwatch.diffing.compare import compare_sheets

    sheets = {s.report_year: s for s in archive.factsheets(region)}
    return compare_sheets(sheets[year - 1], sheets[year])


def _badges(html: str) -> dict[str, int]:
    return {v: int(n) for v, n in re.findall(r'class="badge[^"]*"[^>]*>([^<]+)</span>\s*(\d+)', html)}


def _answer_box(html: str) -> str:
    return html[html.index('<section class="answers">'):].split("</section>", 1)[0]


@pytest.mark.parametrize("region, year", sorted(CLI_LINES))
def test_the_cli_digest_pages_api_and_feeds_count_the_same(client, sqlite_archive, region: str,
                                                          year: int) -> None:  # noqa: ANN001
    from targetwatch.templates.render import render_comparison

    c = _comparison(sqlite_archive, region, year)
    line = CLI_LINES[(region, year)]
    # the command line and the mail (comparison.txt is `targetwatch compare`'s text and the digests')
    assert line in render_comparison(c, "text").splitlines()
    assert line.replace("：", "：</strong>", 1) in render_comparison(c, "html")
    want = {BADGES[v]: n for v, n in API_COUNTS[(region, year)].items()}
    # the report page's answer box: the main targets, and the tasks apart, labelled
    box = _answer_box(client.get(f"/regions/{region}/{year}").text)
    big = re.search(r'<p class="counts big">(.*?)</p>', box, flags=re.S).group(1)
    assert f"{year - 1}年主要目标：" in big and _badges(big) == want, big
    # the compare page says the same
    page = client.get(f"/compare?region={region}&old={year - 1}&new={year}").text
    big = re.search(r'<p class="counts big">(.*?)</p>', page, flags=re.S).group(1)
    assert _badges(big) == want
    # the front page's column of last year's targets
    index = client.get("/").text
    row = index[index.index(f'href="/regions/{region}"'):]
    cell = re.findall(r"<td[^>]*>(.*?)</td>", row[:row.index("</tr>")], flags=re.S)[1]  # after the latest report
    assert _badges(cell) == want, cell
    # the API and its CSV
    summary = next(s for s in client.get("/api/v1/regions").json()["regions"] if s["region"] == region)
    assert summary["last_year_verdicts"] == API_COUNTS[(region, year)]
    assert summary["missed"] == MISSED[(region, year)]
    rows = csv.DictReader(io.StringIO(client.get("/api/v1/regions.csv").text.lstrip("\ufeff")))
    table = {r["region"]: r for r in rows}
    for verdict in BADGES:
        assert int(table[region][verdict]) == API_COUNTS[(region, year)].get(verdict, 0)
    # the feed: the CLI's line, word for word, then the tasks apart
    feed = ET.fromstring(client.get(f"/feeds/{region}.atom").content)
    entry = next(e for e in feed.findall(f"{ATOM}entry") if f"{year}年" in e.find(f"{ATOM}title").text)
    text = entry.find(f"{ATOM}summary").text
    assert text == line or text.startswith(line + "；两年报告都列出的任务：完成 "), text


def test_beijing_tasks_are_counted_apart_and_labelled(client, sqlite_archive) -> None:  # noqa: ANN001
    from targetwatch.diffing.headline import task_tally

    tasks = task_tally(_comparison(sqlite_archive, "beijing", 2026))
    assert tasks.get("met") >= 5  # the audit's web page had 13 = 3 targets + 10 tasks
    box = _answer_box(client.get("/regions/beijing/2026").text)
    line = re.search(r'<p class="counts"><span class="counts-label">两年报告都列出的任务：</span>(.*?)</p>', box,
                     flags=re.S).group(1)
    assert _badges(line) == {BADGES[v]: n for v, n in tasks.counts.items()}
    summary = next(s for s in client.get("/api/v1/regions").json()["regions"] if s["region"] == "beijing")
    assert summary["last_year_task_verdicts"] == tasks.counts
    # the full comparison's table lists every task: their counts stand apart from the main indicators'
    html = client.get("/regions/beijing/2026").text
    check = html[html.index('<section class="check" id="target_vs_outcome">'):].split("</p>", 1)[0]
    main = re.search(r'主要指标：</span>(.*?)</span></span>', check, flags=re.S).group(1)
    assert _badges(main + "</span>") == {"完成": 3, "未完成": 1, "不可比": 1, "未报告": 1}
    assert re.search(r"任务（\d+ 项）：", check)


def test_policy_settings_are_not_counted_as_unreported(client) -> None:  # noqa: ANN001
    html = client.get("/regions/national/2025").text
    check = html[html.index('<section class="check" id="target_vs_outcome">'):].split("</section>", 1)[0]
    for name in ("赤字率", "地方政府专项债券"):
        row = check[check.index(f"<td>{name}"):]
        row = row[:row.index("</tr>")]
        assert ">政策安排</span>" in row and "是计划，不判完成与否" in row and "未报告" not in row, row
    en = client.get("/en/regions/national/2025").text
    assert ">policy setting</span>" in en and "a plan, not judged met or missed" in en
    assert "2024 main targets: </span>" in _answer_box(en)


# --- 2. refusals in the page's words ----------------------------------------------------------

@pytest.fixture(scope="module")
def national_2002(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The national reports of 2002 and 2003: the 2002 report states no main targets (no 主要预期目标 paragraph)."""
    from targetwatch.archive import Archive

    arc = Archive(f"sqlite:///{tmp_path_factory.mktemp('web2002') / 'archive.sqlite3'}")
    for year in (2002, 2003):
        arc.add_document((corpus_path() / "reports" / "national" / f"{year}.txt").read_bytes(), region="national",
                         year=year, content_type="text/plain")
    yield arc
    arc.close()


def test_a_report_without_main_targets_says_so_in_the_pages_language(national_2002) -> None:  # noqa: ANN001
    client = make_client(national_2002)
    zh = _answer_box(client.get("/regions/national/2003").text)
    assert "全国2002年的报告没有列出2002年的主要预期目标，无从对比。" in zh
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>", "", zh)), zh
    en = _answer_box(client.get("/en/regions/national/2003").text)
    assert "China's 2002 report states no main targets for 2002, so there is nothing to compare it on." in en.replace(
        "&#39;", "'")
    r = client.get("/api/v1/regions/national/2003/comparison")
    assert r.status_code == 404 and r.json()["error"].startswith("China's 2002 report states no main targets")
    page = client.get("/compare?region=national&old=2002&new=2003").text
    assert "不能对比：全国2002年的报告没有列出2002年的主要预期目标，无从对比。" in page


@pytest.mark.parametrize("query, zh, en", [
    ("region=national&old=2023&new=2025", "不能对比：两份报告是2023年和2025年的，不是相邻两年；请对比2024年与2025年的报告",
     "These reports cannot be compared. The reports are of 2023 and 2025, not consecutive years; compare 2024 "
     "with 2025"),
    ("region=national&old=2025&new=2024", "不能对比：“较早”填的是2025年，“较新”填的是2024年，顺序反了；请对调两个年份。",
     "These reports cannot be compared. “Earlier” is 2025 and “Later” is 2024: swap the two years."),
])
def test_compare_refusals_in_either_language(client, query: str, zh: str, en: str) -> None:  # noqa: ANN001
    r = client.get(f"/compare?{query}")
    error = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text).group(1)
    assert r.status_code == 400 and zh in error and not re.search(r"[A-Za-z]", error), error
    r = client.get(f"/en/compare?{query}")
    error = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text).group(1)
    assert r.status_code == 400 and en in error and not re.search(r"[\u4e00-\u9fff]", error), error


def _upload(client, data: bytes, lang: str = "", name: str = "junk.bin"):  # noqa: ANN001, ANN202
    from tests.web.test_forms import csrf_of

    return client.post(f"{lang}/compare", data={"csrf_token": csrf_of(client)}, files={"file": (name, data, "application/octet-stream")})


def test_an_unreadable_upload_is_refused_in_page_words(client) -> None:  # noqa: ANN001
    junk = bytes(range(256)) * 40
    r = _upload(client, junk)
    error = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text).group(1)
    assert r.status_code == 400 and error.startswith("读不了这个文件：它不是能读出文字的文本、HTML 或 PDF 文件")
    assert "not a readable document" not in error and not re.search(r"[A-Za-z]{4,}", error.replace("HTML", ""))
    # the library's own line is there for whoever needs it, folded and in its own words
    assert re.search(r'<details class="detail"><summary>技术细节（英文原文）</summary><code>the input [^<]+</code></details>',
                     r.text)
    r = _upload(client, junk, "/en")
    error = re.search(r'<p class="error" role="alert">(.*?)</p>', r.text).group(1)
    assert error.startswith("Cannot read this file: it is not a text, HTML or PDF file with readable text")
    assert "<summary>Technical detail</summary>" in r.text


def test_the_librarys_detail_is_escaped(client) -> None:  # noqa: ANN001
    text = "一些说明\n" + "这是一段没有数字的普通文字，只是为了凑够汉字的数量，" * 20 + "\n我们读了<i>政府工作报告<script>。"
    r = _upload(client, text.encode("utf-8"), name="notes.txt")
    assert r.status_code == 400 and "这份文件看起来不是政府工作报告，没有拿来对比。" in r.text
    detail = re.search(r"<details class=\"detail\">(.*?)</details>", r.text, flags=re.S).group(1)
    assert "我们读了&lt;i&gt;政府工作报告&lt;script&gt;。”" in detail
    assert "<i>政府工作报告" not in r.text and "<script>" not in r.text


def test_an_oversized_upload_at_en_compare_has_the_upload_cap(client) -> None:  # noqa: ANN001
    """/en/compare is /compare in English: it takes an upload of up to 8 MB too (not the 64 KB of forms)."""
    from tests.web.test_forms import report

    body = report("beijing", 2026) + ("\n" + "补充说明。" * 20000).encode("utf-8")  # some 350 KB
    assert len(body) > 64 * 1024
    r = _upload(client, body, "/en", name="report.txt")
    assert r.status_code == 200, r.text[:300]
    assert "Beijing: the uploaded 2026 report against the archived 2025 report" in r.text
    from targetwatch.web.security import MAX_UPLOAD_BYTES

    r = _upload(client, b"x" * (MAX_UPLOAD_BYTES + 1), "/en", name="big.txt")
    assert r.status_code == 413 and "The request is over the limit of 8192 KB" in r.text


# --- 3. the API's errors ----------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "/en"])
def test_api_errors_are_english_under_both_prefixes(client, prefix: str) -> None:  # noqa: ANN001
    r = client.get(f"{prefix}/api/v1/regions/national/1961/facts")
    body = r.json()
    assert r.status_code == 404 and body["error"] == "China has no archived report of 1961."
    assert body["choices"] == [2023, 2024, 2025]
    r = client.get(f"{prefix}/api/v1/regions/atlantis/history")
    assert r.json()["error"] == "No archived reports of “atlantis”." and "beijing" in r.json()["choices"]
    for url in ("/api/v1/regions/national/1961/facts", "/api/v1/regions/atlantis/history",
                "/api/v1/regions/hubei/2026/comparison", "/api/v1/scoreboard/1990"):
        error = client.get(prefix + url).json()["error"]
        assert not re.search(r"[\u4e00-\u9fff]", error) and not error.rstrip().endswith(":"), error


def test_no_list_ends_in_nothing(tmp_path) -> None:  # noqa: ANN001
    """An archive of one report has no scoreboard year: the 404s say there is none."""
    from targetwatch.archive import Archive

    arc = Archive(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    try:
        arc.add_document((corpus_path() / "reports" / "beijing" / "2026.txt").read_bytes(), region="beijing",
                         year=2026, content_type="text/plain")
        client = make_client(arc)
        r = client.get("/api/v1/scoreboard/2025")
        assert r.status_code == 404 and "choices" not in r.json()
        assert r.json()["error"] == ("No scoreboard for 2025: it needs each region's 2025 report and the one after. "
                                     "No year has a scoreboard yet.")
        page = client.get("/scoreboard/2025")
        assert page.status_code == 404 and "还没有哪一年有完成榜。" in page.text and "有完成榜的年份：" not in page.text
        page = client.get("/regions/beijing/1999")
        assert "北京没有1999年的归档报告。" in page.text and "已归档的年份：</p>" in page.text
        assert 'href="/regions/beijing/2026"' in page.text
    finally:
        arc.close()


# --- 4. subscriptions to regions that exist ---------------------------------------------------

def test_admin_refuses_unknown_regions_and_stores_nothing(web_archive) -> None:  # noqa: ANN001
    client = make_client(web_archive, admin_token=ADMIN_TOKEN)
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    r = client.post("/api/v1/admin/subscriptions", json={"email": "n@example.org", "regions": ["narnia", "<script>"]},
                    headers=auth)
    assert r.status_code == 400
    assert r.json()["error"].startswith("unknown regions 'narnia', '<script>': use ids such as beijing or national")
    assert "nothing was stored" in r.json()["error"]
    assert web_archive.subscription("n@example.org") is None and web_archive.subscriptions() == []
    r = client.post("/api/v1/admin/subscriptions", json={"email": "n@example.org", "regions": ["beijing", "narnia"]},
                    headers=auth)
    assert r.status_code == 400 and "unknown region 'narnia'" in r.json()["error"]
    assert web_archive.subscription("n@example.org") is None
    r = client.post("/api/v1/admin/subscriptions", json={"email": "n@example.org", "regions": {"a": 1}}, headers=auth)
    assert r.status_code == 400 and "regions must be a list" in r.json()["error"]
    # what the CLI takes, the API takes: ids, Chinese names, "all"
    r = client.post("/api/v1/admin/subscriptions", json={"email": "n@example.org", "regions": ["北京", "national"]},
                    headers=auth)
    assert r.status_code == 200 and r.json()["regions"] == ["beijing", "national"]
    r = client.post("/api/v1/admin/subscriptions", json={"email": "m@example.org", "regions": "all"}, headers=auth)
    assert r.status_code == 200 and r.json()["regions"] == ["*"]


# --- 5. English thousands ---------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, written", [
    (7800, "人", "7,800 people"), (10000, "人", "10,000 people"), (999, "人", "999 people"),
    (1000, "人", "1,000 people"), (33757.93, "元", "33,757.93 yuan"), (1.2e7, "人", "12 million people"),
])
def test_english_figures_group_every_thousand(value: float, unit: str, written: str) -> None:
    from targetwatch.templates.lang import scaled_en

    assert scaled_en(value, unit) == written


def test_english_scoreboard_groups_thousands_alike(client) -> None:  # noqa: ANN001
    html = client.get("/en/scoreboard/2025").text
    figures = re.findall(r"[+−]?[\d,]+(?:\.\d+)? (?:people|yuan|households)", html)
    assert figures, "the 2025 scoreboard shows figures in people or yuan"
    ungrouped = [f for f in figures if re.search(r"\d{4}", f)]
    assert not ungrouped, ungrouped


def test_every_kind_of_refusal_has_page_words(sqlite_archive) -> None:  # noqa: ANN001
    """The kinds the pages cannot reach today are said too; a kind not known says so in general words."""
    from targetwatch.archive.errors import DocumentRejected
    from targetwatch.archive.ingest import prepare
    from targetwatch.diffing.compare import ComparisonError
    from targetwatch.templates.words import WORDS
    from targetwatch.web.refusals import comparison_refusal, document_refusal

    bj = {s.report_year: s for s in sqlite_archive.factsheets("beijing")}
    gd = {s.report_year: s for s in sqlite_archive.factsheets("guangdong")}
    r = comparison_refusal(gd[2025], bj[2026], ComparisonError("different regions"))
    assert r.text("zh") == "两份报告不是同一地区的（广东和北京）；请对比同一地区相邻两年的报告。"
    assert r.text("en").startswith("The two reports are of different regions (Guangdong and Beijing)")
    other = comparison_refusal(bj[2025], bj[2026], ComparisonError("a reason of tomorrow's"))
    assert other.text("zh") == "这两份报告不能对比。" and other.detail == "a reason of tomorrow's"
    text = "各位代表：\n" + "过去一年，经济运行总体平稳，主要目标任务较好完成。\n" * 30
    with pytest.raises(DocumentRejected) as caught:
        prepare(text.encode("utf-8"), "text/plain", "beijing", None)
    year = document_refusal(caught.value)
    assert year.key == "web_refused_year" and "报告年份" in year.text("zh") and "Report year" in year.text("en")
    assert "--year" in year.detail  # the library's words, folded on the page
    for key in ("web_refused_not_text", "web_refused_not_report", "web_refused_year", "web_refused_region",
                "web_refused_parse", "web_refused_other", "web_cannot_regions", "web_cannot_same_year",
                "web_cannot_swapped", "web_cannot_gap", "web_cannot_no_targets", "web_cannot_other"):
        assert key in WORDS["zh"] and key in WORDS["en"]


def test_a_worded_target_is_shown_in_its_own_words(client) -> None:  # noqa: ANN001
    """居民收入增长和经济增长同步 is what the reader came for, not the word 定性表述."""
    html = client.get("/regions/national/2025").text
    box = _answer_box(html)
    assert "<strong>「居民收入增长和经济增长同步」</strong>" in box and "定性表述" not in box
    assert ">qualitative</strong>" in _answer_box(client.get("/en/regions/national/2025").text)
