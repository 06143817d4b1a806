"""The site in English under /en/: the same pages, the verdicts and headings in English, the
reports' own sentences (and task names) quoted as written, and every link staying in English."""
from __future__ import annotations

import re
from html import unescape
from importlib import resources

import pytest

from targetwatch.templates.words import WORDS

pytestmark = pytest.mark.corpus

HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
ENGLISH_PAGES = ["/en/", "/en/regions/national", "/en/regions/beijing/2026", "/en/scoreboard/2025", "/en/compare",
                 "/en/compare?region=beijing&old=2025&new=2026", "/en/regions/atlantis", "/en/nowhere"]


def _visible_text(html: str) -> str:
    """What a reader sees, without the quoted report sentences (Chinese by design)."""
    html = re.sub(r"<q class=\"said\">.*?</q>", " ", html, flags=re.S)
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _answers(html: str) -> str:
    """The first screen's answers: the part of a report page before the full comparison (whose
    task rows carry the reports' words)."""
    m = re.search(r"<main>(.*?)(<section class=\"check\"|</main>)", html, flags=re.S)
    assert m, "the page has no <main>"
    return m.group(1)


def test_the_page_templates_hold_no_chinese_of_their_own() -> None:
    """Every phrase of a page comes from page_words/words in the page's language; a Chinese
    literal in a template would show on the English pages."""
    folder = resources.files("targetwatch.templates").joinpath("web")
    offenders = {p.name: HAN.findall(p.read_text(encoding="utf-8"))[:5] for p in folder.iterdir()
                 if p.name.endswith((".html", ".xml")) and HAN.search(p.read_text(encoding="utf-8"))}
    assert not offenders, offenders


@pytest.fixture(scope="module")
def task_names(sqlite_archive) -> set[str]:  # noqa: ANN001
    """The tasks' names as the reports wrote them: the one Chinese an English page shows besides quotes."""
    from targetwatch.diffing.fmt import indicator_name

    names = {WORDS["en"]["web_other_lang"]}
    for region in sqlite_archive.regions():
        for sheet in sqlite_archive.factsheets(region):
            names.update(indicator_name(f.indicator, f, region) for f in sheet.facts if f.indicator.startswith("task:"))
    return names


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_english_pages_speak_english_above_the_data(client, task_names, url: str) -> None:  # noqa: ANN001
    r = client.get(url)
    assert r.status_code in (200, 400, 404), r.status_code
    assert '<html lang="en">' in r.text
    text = _visible_text(_answers(r.text))
    chinese = [w for w in HAN_RUN.findall(text) if not any(w in name for name in task_names)]
    assert not chinese, f"{url} shows Chinese outside the quoted sentences and task names: {chinese[:10]}"


def test_english_report_page_leads_with_the_verdicts(client) -> None:  # noqa: ANN001
    html = client.get("/en/regions/beijing/2026").text
    answers = _visible_text(_answers(html))
    assert "Beijing: the 2026 government work report" in answers
    assert "Were the 2025 targets met?" in answers
    assert re.search(r"\bmet\b", answers) and "2026 main targets" in answers
    assert "GDP growth" in answers
    # the full comparison follows, its headings in English, the reports' words quoted in Chinese
    assert "2025 targets: met or missed" in html
    assert re.search(r'<q class="said">[^<]*[\u4e00-\u9fff]', html)


def test_english_pages_link_to_english_pages(client) -> None:  # noqa: ANN001
    for url in ("/en/", "/en/regions/national", "/en/regions/beijing/2026", "/en/scoreboard/2025"):
        html = client.get(url).text
        links = re.findall(r'(?:href|action)="(/[^"]*)"', html)
        assert links
        stray = [h for h in links if not h.startswith("/en/") and h != url.removeprefix("/en")]
        assert not stray, f"{url} links out of English: {stray[:5]}"
        for href in {h for h in links if h.startswith("/en/") and "/api/" not in h and "#" not in h}:
            assert client.get(href).status_code == 200, href


def test_each_page_links_to_itself_in_the_other_language(client) -> None:  # noqa: ANN001
    zh = client.get("/regions/national?all=1&page=2").text
    assert '<a class="lang" href="/en/regions/national?all=1&amp;page=2" hreflang="en" lang="en">English</a>' in zh
    en = client.get("/en/regions/national?all=1&page=2").text
    assert 'href="/regions/national?all=1&amp;page=2" hreflang="zh-CN"' in en
    assert '<html lang="zh-CN">' in zh


def test_en_alone_goes_to_the_english_front_page(client) -> None:  # noqa: ANN001
    r = client.get("/en", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/en/"


def test_counts_read_as_english(client) -> None:  # noqa: ANN001
    lead = re.search(r'<p class="lead">(.*?)</p>', client.get("/en/").text, flags=re.S).group(1)
    assert re.search(r"\b4 regions, 8 reports\.", _visible_text(lead)), lead


def test_english_errors_say_what_exists(client) -> None:  # noqa: ANN001
    r = client.get("/en/regions/atlantis")
    assert r.status_code == 404
    assert "No archived reports of “atlantis”" in r.text and 'href="/en/regions/beijing"' in r.text
    r = client.get("/en/regions/beijing/1999")
    assert r.status_code == 404 and "Beijing has no archived report of 1999" in r.text
    r = client.get("/en/compare?region=beijing&old=2025")
    assert r.status_code == 400 and "Please give both years" in r.text


def test_the_api_answers_the_same_under_en(client) -> None:  # noqa: ANN001
    assert client.get("/en/api/v1/regions/beijing/2026/facts").json() == client.get(
        "/api/v1/regions/beijing/2026/facts").json()
    r = client.get("/en/api/v1/regions/atlantis/history")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_english_feed(client) -> None:  # noqa: ANN001
    xml = client.get("/en/feeds/all.atom").text
    assert 'xml:lang="en"' in xml
    assert "targetwatch: newly archived government work reports" in xml
    assert re.search(r"<title>Beijing: the 2026 government work report</title>", xml)
    assert re.search(r'<link rel="alternate" type="text/html" href="http://testserver/en/regions/beijing/2026"/>', xml)
    assert re.search(r"<summary>2025 main targets: \d+ met", xml)


def test_english_compare_form_answers_first(client) -> None:  # noqa: ANN001
    html = client.get("/en/compare?region=beijing&old=2025&new=2026").text
    answers = _visible_text(_answers(html))
    assert "Beijing: the 2026 report against the 2025 report" in answers
    assert re.search(r"2025 main targets: +\S+ +\d", answers), answers[:300]


def test_an_upload_compared_in_english(sqlite_archive) -> None:  # noqa: ANN001
    from tests.web.conftest import make_client
    from tests.web.test_forms import csrf_of, report

    client = make_client(sqlite_archive)
    token = csrf_of(client)
    r = client.post("/en/compare", data={"csrf_token": token},
                    files={"file": ("report.txt", report("beijing", 2026), "text/plain")})
    assert r.status_code == 200, r.text[:300]
    assert "Beijing: the uploaded 2026 report against the archived 2025 report" in r.text
    assert "it was not archived" in r.text
    r = client.post("/en/compare", data={"csrf_token": "forged-token-x"},
                    files={"file": ("report.txt", report("beijing", 2026), "text/plain")})
    assert r.status_code == 403 and "CSRF check failed" in r.text
