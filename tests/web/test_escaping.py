"""Markup inside a real report is shown as text everywhere, never run."""
from __future__ import annotations

import pytest

from tests.web.conftest import INJECTED

pytestmark = pytest.mark.corpus

ESCAPED = "&lt;script&gt;window.tw=true&lt;/script&gt;&lt;img src=x onerror=window.tw=true&gt;"


def test_the_injected_markup_really_is_in_the_archived_facts(client) -> None:  # noqa: ANN001
    facts = client.get("/api/v1/regions/guangdong/2026/facts").json()["facts"]
    assert any(INJECTED in f["text"] for f in facts), "the fixture must put the markup into a quoted sentence"


@pytest.mark.parametrize("lang", ["", "/en"])
@pytest.mark.parametrize("url", ["/regions/guangdong/2026", "/regions/guangdong", "/regions/guangdong?all=1",
                                 "/scoreboard/2025", "/compare?region=guangdong&old=2025&new=2026", "/"])
def test_pages_escape_report_text(client, url: str, lang: str) -> None:  # noqa: ANN001
    html = client.get(lang + url).text
    assert "<script" not in html and "<img" not in html
    if url in ("/regions/guangdong/2026", "/compare?region=guangdong&old=2025&new=2026"):
        assert ESCAPED in html, f"{lang}{url} should quote the sentence, markup shown as text"


@pytest.mark.parametrize("lang", ["", "/en"])
def test_feed_escapes_report_text(client, lang: str) -> None:  # noqa: ANN001
    xml = client.get(lang + "/feeds/guangdong.atom").text
    assert "<script" not in xml and "<img" not in xml


def test_csv_and_json_keep_the_text_verbatim(client) -> None:  # noqa: ANN001
    """Data downloads carry the report's words as they are; they are not served as HTML."""
    r = client.get("/api/v1/regions/guangdong/2026/facts.csv")
    assert r.headers["content-type"].startswith("text/csv") and INJECTED in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("lang", ["", "/en"])
@pytest.mark.parametrize("url", ["/regions/%3Cscript%3Ex%3C%2Fscript%3E", "/regions/beijing/%3Cb%3E",
                                 "/scoreboard/%3Cb%3E", "/%3Cscript%3E"])
def test_names_from_the_url_are_escaped_on_404_pages(client, url: str, lang: str) -> None:  # noqa: ANN001
    r = client.get(lang + url)
    assert r.status_code == 404
    assert "<script>" not in r.text and "<b>" not in r.text
