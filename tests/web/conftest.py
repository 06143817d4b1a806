"""A small archive of real reports for the web tests, one with markup injected into its sentences.

Guangdong 2026 gets a <script> and an <img onerror> inside a target's sentence (the
orphans' allowance, quoted on the report page and in its comparison): if any page or feed
let them through unescaped, the escaping tests (and the browser, via window.tw) see it.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import corpus_path

INJECTED = "<script>window.tw=true</script><img src=x onerror=window.tw=true>"
"""No digits or brackets: the parser's clauses would end there and the markup would not be quoted."""
ANCHOR = "集中供养孤儿"
REPORTS = (("guangdong", 2025), ("guangdong", 2026), ("beijing", 2025), ("beijing", 2026),
           ("national", 2023), ("national", 2024), ("national", 2025), ("hubei", 2026))
ADMIN_TOKEN = "test-admin-token-0123456789"
SUBSCRIBER = "analyst.secret@example.org"


def injected_guangdong_2026(corpus: Path) -> bytes:
    text = (corpus / "reports" / "guangdong" / "2026.txt").read_text(encoding="utf-8")
    assert ANCHOR in text, "the corpus changed: pick another anchor for the injected markup"
    return text.replace(ANCHOR, ANCHOR + INJECTED).encode("utf-8")


def fill(archive) -> None:  # noqa: ANN001
    corpus = corpus_path()
    for region, year in REPORTS:
        path = corpus / "reports" / region / f"{year}.txt"
        data = injected_guangdong_2026(corpus) if (region, year) == ("guangdong", 2026) else path.read_bytes()
        archive.add_document(data, region=region, year=year, content_type="text/plain",
                             source_url=f"https://www.gov.example/{region}/{year}.html")


@pytest.fixture
def web_archive(archive):  # noqa: ANN001, ANN201 - both backends (tests/conftest.py)
    fill(archive)
    return archive


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from targetwatch.archive import Archive

    arc = Archive(f"sqlite:///{tmp_path_factory.mktemp('web') / 'archive.sqlite3'}")
    fill(arc)
    yield arc
    arc.close()


def make_client(archive, *, admin_token: str | None = None, base_url: str | None = None):  # noqa: ANN001, ANN201
    from starlette.testclient import TestClient

    from targetwatch.web.app import create_app
    from targetwatch.web.context import WebSettings

    app = create_app(archive, settings=WebSettings(base_url=base_url, admin_token=admin_token), warm=False)
    return TestClient(app)


@pytest.fixture
def client(sqlite_archive):  # noqa: ANN001, ANN201
    return make_client(sqlite_archive)
