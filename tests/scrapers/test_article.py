"""Multi-page reports: every page fetched once, in order, joined without repeated headers."""
from __future__ import annotations

from dataclasses import replace

import pytest

from targetwatch.scrapers.article import article_pages, fetch_document
from targetwatch.scrapers.document import NotText
from targetwatch.scrapers.http import FetchError, Fetcher
from targetwatch.scrapers.registry import load_registry

from .conftest import SITES, Reply, Site


def fetcher() -> Fetcher:
    return Fetcher(allow_private=True, timeout=2.0, retries=1, backoff=0.01, backoff_max=0.02, min_interval=0.0)


def serve_paged(site: Site) -> str:
    for name in ("content.htm", "content_2.htm", "content_3.htm"):
        site.fixture(f"/zwgk/2024/{name}", f"paged/{name}")
    return site.url("/zwgk/2024/content.htm")


def test_pages_of_the_same_article_are_found_and_others_are_not() -> None:
    url = "https://www.example.gov.cn/zwgk/2024/content.htm"
    html = (SITES / "paged" / "content.htm").read_text(encoding="utf-8")
    assert article_pages(html, url) == ["https://www.example.gov.cn/zwgk/2024/content_2.htm",
                                        "https://www.example.gov.cn/zwgk/2024/content_3.htm"]
    # An article id is not a page number: content_7010168.htm is another article.
    assert article_pages('<a href="content_7010168_2.htm">2</a><a href="content_7010169.htm">x</a>',
                         "https://www.gov.cn/x/content_7010168.htm") == ["https://www.gov.cn/x/content_7010168_2.htm"]


def test_trs_create_page_html_in_an_article() -> None:
    html = '<div id="zoom"><p>正文</p></div><script>createPageHTML(3, 0, "t20250120_6838884", "html");</script>'
    url = "https://www.tj.gov.cn/zwgk/zfgzbg/202501/t20250120_6838884.html"
    assert article_pages(html, url) == [
        "https://www.tj.gov.cn/zwgk/zfgzbg/202501/t20250120_6838884_1.html",
        "https://www.tj.gov.cn/zwgk/zfgzbg/202501/t20250120_6838884_2.html",
    ]


def test_paginated_report_is_joined_in_order(site: Site) -> None:
    url = serve_paged(site)
    src = replace(load_registry().get("national"), delay=0.0)
    with fetcher() as f:
        got = fetch_document(url, f, src)
    assert got.document.pages == 3 and len(got.pages) == 3
    lines = got.document.text.splitlines()
    assert lines == [
        "示例省政府工作报告（2024年）",
        "各位代表：",
        "现在，我代表省人民政府，向大会报告工作。",
        "一、2023年工作回顾",
        "全省地区生产总值增长5.4%，粮食总产量达到705亿斤。",
        "二、2024年主要预期目标",
        "地区生产总值增长5.5%左右，城镇新增就业55万人以上。",
        "三、2024年重点工作",
        "各位代表！让我们奋发进取，为完成全年目标任务而努力奋斗！",
    ]
    for path in ("/zwgk/2024/content.htm", "/zwgk/2024/content_2.htm", "/zwgk/2024/content_3.htm"):
        assert site.hits(path) == 1
    assert site.hits("/zwgk/2024/content_7010168.htm") == 0


def test_single_page_mode_and_registry_lookup(site: Site) -> None:
    url = serve_paged(site)
    with fetcher() as f:
        got = fetch_document(url, f, registry=load_registry(), max_pages=1)
    assert got.document.pages == 1 and "二、2024年主要预期目标" not in got.document.text


def test_a_missing_later_page_fails_loudly(site: Site) -> None:
    url = serve_paged(site)
    site.route("/zwgk/2024/content_3.htm", Reply(404, b""))
    with fetcher() as f, pytest.raises(FetchError, match="404"):
        fetch_document(url, f)


def test_a_pdf_report_is_returned_as_text(site: Site) -> None:
    from .test_document import _cjk_pdf

    url = site.route("/gb/report.pdf", Reply(200, _cjk_pdf(["各位代表：", "地区生产总值增长5%左右。"]),
                                             {"Content-Type": "application/pdf"}))
    with fetcher() as f:
        got = fetch_document(url, f)
    assert got.document.media == "pdf" and got.document.text == "各位代表：\n地区生产总值增长5%左右。\n"


def test_an_image_is_not_text(site: Site) -> None:
    url = site.route("/logo.png", Reply(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {"Content-Type": "image/png"}))
    with fetcher() as f, pytest.raises(NotText):
        fetch_document(url, f)
