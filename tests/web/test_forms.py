"""/compare (archived pairs and uploads) and /unsubscribe: CSRF, caps, never archiving unasked."""
from __future__ import annotations

import re

import pytest

from tests.conftest import corpus_path
from tests.web.conftest import ADMIN_TOKEN, SUBSCRIBER, make_client

pytestmark = pytest.mark.corpus


def csrf_of(client, url: str = "/compare") -> str:  # noqa: ANN001
    html = client.get(url).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.cookies.get("tw_csrf") == token
    return token


def report(region: str, year: int) -> bytes:
    return (corpus_path() / "reports" / region / f"{year}.txt").read_bytes()


def test_compare_two_archived_reports(client) -> None:  # noqa: ANN001
    r = client.get("/compare?region=beijing&old=2025&new=2026")
    assert r.status_code == 200
    assert "北京：2026年报告与2025年报告" in r.text and "2025年目标完成情况" in r.text


@pytest.mark.parametrize("query, status, says", [
    ("region=beijing&old=2024&new=2025", 404, "北京没有2024年的归档报告"),
    ("region=national&old=2023&new=2025", 400, "不能对比：两份报告是2023年和2025年的，不是相邻两年；请对比2024年与2025年的报告"),
    ("region=national&old=2025&new=2024", 400, "不能对比：“较早”填的是2025年，“较新”填的是2024年，顺序反了；请对调两个年份。"),
    ("region=national&old=2025&new=2025", 400, "不能对比：两份报告都是2025年的；请给出相邻两年的报告。"),
    ("region=beijing&old=&new=2026", 400, "请填写两个年份"),
    ("region=atlantis&old=2025&new=2026", 404, "没有“atlantis”的归档报告"),
])
def test_compare_errors_say_what_to_do(client, query: str, status: int, says: str) -> None:  # noqa: ANN001
    r = client.get(f"/compare?{query}")
    assert r.status_code == status and says in r.text


def test_upload_needs_the_csrf_token(client) -> None:  # noqa: ANN001
    files = {"file": ("bj2026.txt", report("beijing", 2026), "text/plain")}
    r = client.post("/compare", files=files, data={"region": "beijing", "year": "2026"})
    assert r.status_code == 403 and "CSRF" in r.text
    client.get("/compare")
    r = client.post("/compare", files=files, data={"region": "beijing", "year": "2026", "csrf_token": "forged-token-x"})
    assert r.status_code == 403


def test_upload_is_compared_and_not_archived(sqlite_archive) -> None:  # noqa: ANN001
    client = make_client(sqlite_archive)
    before = sqlite_archive.max_document_id()
    token = csrf_of(client)
    upload = report("hubei", 2026)  # hubei: only its 2026 report is archived
    r = client.post("/compare", data={"csrf_token": token, "region": "guangdong", "year": "2026"},
                    files={"file": ("gd.txt", report("guangdong", 2026), "text/plain")})
    assert r.status_code == 200, r.text[:500]
    assert "上传的2026年报告与已归档的2025年报告" in r.text and "没有归档" in r.text
    assert sqlite_archive.max_document_id() == before
    r = client.post("/compare", data={"csrf_token": token, "region": "hubei", "year": "2026"},
                    files={"file": ("hb.txt", upload, "text/plain")})
    assert r.status_code == 404 and "2025年的报告未归档" in r.text
    assert sqlite_archive.max_document_id() == before


def test_upload_region_and_year_inferred_from_the_text(client) -> None:  # noqa: ANN001
    token = csrf_of(client)
    r = client.post("/compare", data={"csrf_token": token},
                    files={"file": ("report.txt", report("beijing", 2026), "text/plain")})
    assert r.status_code == 200 and "北京：上传的2026年报告" in r.text


def test_upload_that_is_not_a_report(client) -> None:  # noqa: ANN001
    token = csrf_of(client)
    r = client.post("/compare", data={"csrf_token": token, "region": "beijing", "year": "2026"},
                    files={"file": ("x.pdf", b"%PDF-1.4 not really", "application/pdf")})
    assert r.status_code == 400 and "读不了这个文件" in r.text


def test_upload_over_the_cap_is_refused(client) -> None:  # noqa: ANN001
    from targetwatch.web.security import MAX_UPLOAD_BYTES

    token = csrf_of(client)
    big = b"x" * (MAX_UPLOAD_BYTES + 1)
    r = client.post("/compare", data={"csrf_token": token}, files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413 and "请求超过了 64 KB 的上限" not in r.text and "请求超过了 8192 KB 的上限" in r.text


def test_upload_cap_holds_without_content_length(client) -> None:  # noqa: ANN001
    from targetwatch.web.security import MAX_UPLOAD_BYTES

    token = csrf_of(client)
    boundary = "tw-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    def chunks():  # noqa: ANN202 - a generator body is sent chunked, without Content-Length
        yield head
        for _ in range(MAX_UPLOAD_BYTES // 65536 + 2):
            yield b"y" * 65536

    r = client.post("/compare", content=chunks(),
                    headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413


def test_archiving_an_upload_needs_the_admin_token(sqlite_archive) -> None:  # noqa: ANN001
    upload = report("beijing", 2026) + "\n（修订稿）\n".encode()
    files = {"file": ("bj.txt", upload, "text/plain")}
    readonly = make_client(sqlite_archive)
    token = csrf_of(readonly)
    before = sqlite_archive.max_document_id()
    r = readonly.post("/compare", data={"csrf_token": token, "region": "beijing", "year": "2026", "archive": "1"},
                      files=files)
    assert r.status_code == 403 and sqlite_archive.max_document_id() == before
    admin = make_client(sqlite_archive, admin_token=ADMIN_TOKEN)
    token = csrf_of(admin)
    assert 'name="admin_token"' in admin.get("/compare").text
    r = admin.post("/compare", data={"csrf_token": token, "region": "beijing", "year": "2026", "archive": "1",
                                     "admin_token": "wrong"}, files=files)
    assert r.status_code == 403 and sqlite_archive.max_document_id() == before
    r = admin.post("/compare", data={"csrf_token": token, "region": "beijing", "year": "2026", "archive": "1",
                                     "admin_token": ADMIN_TOKEN}, files=files)
    assert r.status_code == 200 and "已归档为 北京 2026年第2版" in r.text
    assert sqlite_archive.max_document_id() == before + 1
    docs = sqlite_archive.documents("beijing", 2026)
    assert [d.version for d in docs] == [1, 2] and docs[1].source_url == "upload:bj.txt"


# --- unsubscribe -------------------------------------------------------------------------------

@pytest.fixture
def subscribed(web_archive):  # noqa: ANN001, ANN201
    info = web_archive.subscribe(SUBSCRIBER, ["guangdong", "national"])
    return web_archive, info.unsubscribe_token


def test_unsubscribe_get_confirms_without_showing_the_address(subscribed) -> None:  # noqa: ANN001
    archive, token = subscribed
    client = make_client(archive)
    r = client.get(f"/unsubscribe/{token}")
    assert r.status_code == 200 and "退订摘要邮件？" in r.text and "广东、全国" in r.text
    assert SUBSCRIBER not in r.text and r.headers["cache-control"] == "no-store"
    assert archive.subscription(token).active, "a GET (a mail scanner following links) must not unsubscribe"


def test_unsubscribe_post_needs_csrf_then_unsubscribes(subscribed) -> None:  # noqa: ANN001
    archive, token = subscribed
    client = make_client(archive)
    r = client.post(f"/unsubscribe/{token}", data={})
    assert r.status_code == 403 and archive.subscription(token).active
    csrf = csrf_of(client, f"/unsubscribe/{token}")
    r = client.post(f"/unsubscribe/{token}", data={"csrf_token": csrf})
    assert r.status_code == 200 and "已退订" in r.text
    assert not archive.subscription(token).active
    assert "这个订阅已经退订" in client.get(f"/unsubscribe/{token}").text


def test_rfc8058_one_click(subscribed) -> None:  # noqa: ANN001
    archive, token = subscribed
    client = make_client(archive)  # a mail provider: no cookie, no CSRF field
    r = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and r.text.strip() == "unsubscribed"
    assert not archive.subscription(token).active


@pytest.mark.parametrize("link", [SUBSCRIBER, "nonexistent-token-0123456789", "short"])
def test_unsubscribe_only_by_the_token(subscribed, link: str) -> None:  # noqa: ANN001
    archive, token = subscribed
    client = make_client(archive)
    assert client.get(f"/unsubscribe/{link}").status_code == 404
    assert client.post(f"/unsubscribe/{link}", data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert archive.subscription(token).active


def test_subscribers_never_on_public_pages_or_the_api(subscribed) -> None:  # noqa: ANN001
    archive, token = subscribed
    client = make_client(archive)
    for url in ("/", "/regions/guangdong", "/regions/guangdong/2026", "/scoreboard/2025", "/compare",
                "/feeds/all.atom", "/feeds/guangdong.atom", "/api/v1/regions", "/api/v1/regions/guangdong/history",
                "/api/v1/regions/guangdong/2026/facts", "/api/v1/regions/guangdong/2026/comparison",
                "/api/v1/scoreboard/2025", "/api/v1/openapi.json", "/api/v1/regions.csv", "/no/such"):
        text = client.get(url).text
        assert SUBSCRIBER not in text and token not in text, url
