"""A correction in the archive shows on the web at once: a withdrawn report leaves every page,
feed and API answer, and a restored one comes back — no waiting for the cache to expire."""
from __future__ import annotations

import pytest

from tests.web.conftest import make_client

pytestmark = pytest.mark.corpus


@pytest.fixture
def site(web_archive):  # noqa: ANN001, ANN201 - a fresh archive per test: these tests change it
    client = make_client(web_archive)
    client.app.state.data.recheck = 0.0  # look at the archive on every request, as after a second
    return web_archive, client


def guangdong_2025(archive):  # noqa: ANN001, ANN201
    (doc,) = [d for d in archive.documents("guangdong", 2025) if not d.alternate]
    return doc


def test_a_withdrawn_report_leaves_pages_feeds_and_the_api_at_once(site) -> None:  # noqa: ANN001
    archive, client = site
    # warm every cache first: the pages must not keep serving what they computed before
    assert client.get("/regions/guangdong/2025").status_code == 200
    assert "未完成" in client.get("/regions/guangdong/2026").text
    years = {r["region"]: r["years"] for r in client.get("/api/v1/regions").json()["regions"]}
    assert years["guangdong"] == [2025, 2026]
    assert client.get("/api/v1/regions/guangdong/2026/comparison").status_code == 200
    assert "guangdong" in client.get("/api/v1/scoreboard/2025").text
    assert "/regions/guangdong/2025" in client.get("/feeds/guangdong.atom").text

    doc = guangdong_2025(archive)
    archive.withdraw(doc.id, "filed under the wrong year (test)")

    assert client.get("/regions/guangdong/2025").status_code == 404
    page = client.get("/regions/guangdong/2026").text
    assert "2025年的报告未归档" in page and "未完成" not in page.split("</header>")[-1].split("<details")[0]
    years = {r["region"]: r["years"] for r in client.get("/api/v1/regions").json()["regions"]}
    assert years["guangdong"] == [2026]
    assert client.get("/api/v1/regions/guangdong/2025/facts").status_code == 404
    assert client.get("/api/v1/regions/guangdong/2026/comparison").status_code == 404
    board = client.get("/api/v1/scoreboard/2025").json()
    assert "guangdong" not in {r["region"] for r in board["rows"]}
    assert "guangdong" in {m["region"] for m in board["regions_missing"]}
    assert "/regions/guangdong/2025" not in client.get("/feeds/guangdong.atom").text

    archive.restore(doc.id, "it was right after all (test)")
    assert client.get("/regions/guangdong/2025").status_code == 200
    assert "未完成" in client.get("/regions/guangdong/2026").text


def test_a_re_parse_shows_at_once(site) -> None:  # noqa: ANN001
    """A re-parse adds a fact set without adding a document: the pages see it without waiting."""
    from dataclasses import replace

    from targetwatch.diffing.parse import parse_report

    archive, client = site
    assert "未完成" in client.get("/regions/guangdong/2026").text

    def without_gdp_outcome(text, region=None, year=None):  # noqa: ANN001, ANN202 - a parser that reads less
        sheet = parse_report(text, region=region, year=year)
        return replace(sheet, facts=tuple(f for f in sheet.facts if f.kind != "outcome"))

    (doc,) = [d for d in archive.documents("guangdong", 2026) if not d.alternate]
    assert archive.reparse_document(doc.id, parser=without_gdp_outcome).status == "changed"
    page = client.get("/regions/guangdong/2026").text
    assert "未完成" not in page.split("</header>")[-1].split("<details")[0]
