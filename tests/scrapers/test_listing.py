"""Listing pages of each CMS family -> links, years and further pages (pure functions)."""
from __future__ import annotations

import html
import json

from targetwatch.scrapers.listing import date_in_url, extract_links, next_pages, year_in_title

from .conftest import SITES

BASE = "https://www.example.gov.cn/zwgk/zfgzbg/"


def read(name: str) -> str:
    return (SITES / name).read_text(encoding="utf-8")


def test_trs_list_links_keep_full_titles_and_dates() -> None:
    links = {lk.url: lk for lk in extract_links(read("trs/index.html"), BASE + "index.html")}
    full = links[BASE + "202401/t20240129_6510011.html"]
    assert full.title.startswith("2024年示例市人民政府工作报告——2024年1月22日")  # title= beats the cut text
    assert full.date == "2024-01-29"
    assert links[BASE + "202501/t20250120_6838884.html"].date == "2025-01-20"
    assert "https://www.example.gov.cn/zwgk/tzgg/202401/t20240102_6500001.html" in links


def test_trs_pagination_from_create_page_html() -> None:
    assert next_pages(read("trs/index.html"), BASE + "index.html") == [BASE + "index_1.html"]
    # Page 2 announces no pages beyond itself (page 1 is where the caller came from).
    assert next_pages(read("trs/index_1.html"), BASE + "index_1.html") == []
    # A directory URL is the same page as index.html.
    assert next_pages(read("trs/index.html"), BASE) == [BASE + "index_1.html"]


def test_hanweb_datastore_records_and_nextgroup() -> None:
    url = "https://www.jiangsu.gov.cn/col/col33720/index.html"
    page = read("hanweb/index.html")
    links = extract_links(page, url)
    urls = [lk.url for lk in links]
    assert "https://www.jiangsu.gov.cn/art/2025/2/26/art_64797_11500332.html" in urls
    assert "https://www.jiangsu.gov.cn/art/2024/1/29/art_33720_11138104.html" in urls
    rec = next(lk for lk in links if lk.url.endswith("art_64797_11500332.html"))
    assert rec.title == "2025年江苏省政府工作报告" and rec.date == "2025-02-26"
    (more,) = next_pages(page, url)
    assert more.startswith("https://www.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?page=1&appid=1")
    assert "columnid=33720" in more


def test_hanweb_entity_encoded_datastore_and_proxy_answer() -> None:
    page = read("hanweb/index.html")
    start, end = page.index("<datastore>"), page.index("</datastore>") + len("</datastore>")
    escaped = page[:start] + html.escape(page[start:end], quote=False) + page[end:]
    assert "<record>" not in escaped
    url = "https://www.jiangsu.gov.cn/col/col33720/index.html"
    assert len([lk for lk in extract_links(escaped, url) if "/art/" in lk.url]) == 3
    proxy = extract_links(read("hanweb/dataproxy.xml"), "https://www.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp")
    assert [lk.title for lk in proxy] == ["2022年江苏省政府工作报告", "政府工作报告（2021年）"]


def test_onclick_links_as_on_tianjin() -> None:
    url = "http://www.tj.gov.cn/zwgk/zfgzbg/index.html"
    links = {lk.url: lk for lk in extract_links(read("onclick/index.html"), url)}
    base = "http://www.tj.gov.cn/zwgk/zfgzbg/"
    assert links[base + "202501/t20250120_6838884.html"].title == "2025年天津市政府工作报告"
    row = links[base + "202301/t20230119_6078400.html"]  # onclick on the <li> itself
    assert row.title == "2023年天津市政府工作报告" and row.date == "2023-01-19"
    assert not any("weixin" in u for u in links)  # shareTo('weixin') is not a URL
    assert next_pages(read("onclick/index.html"), url) == [base + "index_1.html"]


def test_json_feed_items() -> None:
    feed = json.dumps([{"TITLE": "2025年政府工作报告", "URL": "/yaowen/liebiao/202503/content_7010168.htm",
                        "DOCRELPUBTIME": "2025-03-12 21:00:00"},
                       {"TITLE": "<em>国务院</em>常务会议", "URL": "https://www.gov.cn/x.htm"}], ensure_ascii=False)
    links = extract_links(feed, "https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json")
    assert links[0].url == "https://www.gov.cn/yaowen/liebiao/202503/content_7010168.htm"
    assert links[0].date == "2025-03-12"
    assert links[1].title == "国务院 常务会议"


def test_years_from_titles_and_dates_from_urls() -> None:
    assert year_in_title("2025年政府工作报告") == 2025
    assert year_in_title("政府工作报告（2021年）") == 2021
    assert year_in_title("政府工作报告(2019)") == 2019
    assert year_in_title("二〇二二年政府工作报告") == 2022
    assert year_in_title("政府工作报告——2024年1月22日在市人代会上") == 2024
    assert year_in_title("政府工作报告") is None
    assert date_in_url("https://www.tj.gov.cn/zwgk/zfgzbg/202501/t20250120_6838884.html") == "2025-01-20"
    assert date_in_url("https://www.jiangsu.gov.cn/art/2025/2/26/art_64797_11500332.html") == "2025-02-26"
    assert date_in_url("https://www.shanghai.gov.cn/nw12336/20240129/2dfb672cc8b840f1b97788f74fb403cd.html") == "2024-01-29"
    assert date_in_url("https://www.henan.gov.cn/2022/01-11/2380655.html") == "2022-01-11"
    assert date_in_url("http://www.gov.cn/premier/2017-03/16/content_5177940.htm") == "2017-03-16"
    assert date_in_url("https://www.gov.cn/yaowen/liebiao/202503/content_7010168.htm") == "2025-03-01"
    assert date_in_url("https://www.example.gov.cn/about.html") is None


def test_pathological_markup_is_fast() -> None:
    import time

    page = "<script>" + "createPageHTML(" * 5000 + "</script>" + "<datastore><record>" * 3000
    start = time.monotonic()
    extract_links(page, BASE)
    next_pages(page, BASE)
    assert time.monotonic() - start < 3
