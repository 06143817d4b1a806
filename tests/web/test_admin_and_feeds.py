"""Admin actions only with the token (and never echoing addresses); Atom feeds; mail links to the web."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from email import message_from_bytes

import pytest

from tests.web.conftest import ADMIN_TOKEN, SUBSCRIBER, make_client

pytestmark = pytest.mark.corpus
ATOM = "{http://www.w3.org/2005/Atom}"
ADMIN_CALLS = [("/api/v1/admin/subscriptions", {"email": SUBSCRIBER, "regions": ["beijing"]}),
               ("/api/v1/admin/deliveries/1/requeue", None), ("/api/v1/admin/check", {})]


@pytest.mark.parametrize("url, body", ADMIN_CALLS)
def test_read_only_without_a_configured_token(sqlite_archive, url: str, body) -> None:  # noqa: ANN001
    client = make_client(sqlite_archive)
    r = client.post(url, json=body, headers={"authorization": f"Bearer {ADMIN_TOKEN}"})
    assert r.status_code == 403 and "read-only" in r.json()["error"]
    assert sqlite_archive.subscription(SUBSCRIBER) is None


@pytest.mark.parametrize("url, body", ADMIN_CALLS)
def test_wrong_or_missing_token_is_refused(sqlite_archive, url: str, body) -> None:  # noqa: ANN001
    client = make_client(sqlite_archive, admin_token=ADMIN_TOKEN)
    for headers in ({}, {"authorization": "Bearer nope"}, {"authorization": ADMIN_TOKEN}):
        assert client.post(url, json=body, headers=headers).status_code == 403
    assert sqlite_archive.subscription(SUBSCRIBER) is None


def test_admin_subscribe_requeue_and_check(web_archive) -> None:  # noqa: ANN001
    client = make_client(web_archive, admin_token=ADMIN_TOKEN)
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    r = client.post("/api/v1/admin/subscriptions", json={"email": SUBSCRIBER, "regions": ["beijing"]}, headers=auth)
    assert r.status_code == 200, r.text
    info = web_archive.subscription(SUBSCRIBER)
    assert info.active and info.regions == ("beijing",)
    assert SUBSCRIBER not in r.text and info.unsubscribe_token not in r.text
    assert info.lang == "zh" and r.json()["lang"] == "zh"
    r = client.post("/api/v1/admin/subscriptions", json={"email": SUBSCRIBER, "regions": ["beijing"], "lang": "en"},
                    headers=auth)
    assert r.status_code == 200 and r.json()["lang"] == "en" and web_archive.subscription(SUBSCRIBER).lang == "en"
    bad = client.post("/api/v1/admin/subscriptions", json={"email": SUBSCRIBER, "regions": ["beijing"], "lang": "fr"},
                      headers=auth)
    assert bad.status_code == 400 and "digest language must be one of zh, en" in bad.json()["error"]
    bad = client.post("/api/v1/admin/subscriptions", json={"email": "not an address", "regions": ["x"]}, headers=auth)
    assert bad.status_code == 400 and "not an email address" in bad.json()["error"]
    missing = client.post("/api/v1/admin/deliveries/999/requeue", headers=auth)
    assert missing.status_code == 404 and "no delivery 999" in missing.json()["error"]
    check = client.post("/api/v1/admin/check", json={}, headers=auth)
    assert check.status_code == 409 and "TARGETWATCH_BROKER_URL" in check.json()["error"]


def test_admin_requeue_makes_a_failed_delivery_due(web_archive) -> None:  # noqa: ANN001
    sub = web_archive.subscribe(SUBSCRIBER, ["beijing"])
    d, _ = web_archive.enqueue_delivery(sub.id, "test-digest-1", payload={"upto": 1})
    web_archive.mark_failed(d.id, "550 mailbox unavailable", permanent=True)
    client = make_client(web_archive, admin_token=ADMIN_TOKEN)
    r = client.post(f"/api/v1/admin/deliveries/{d.id}/requeue", headers={"authorization": f"Bearer {ADMIN_TOKEN}"})
    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert SUBSCRIBER not in r.text


def test_feeds_have_an_entry_per_archived_report(sqlite_archive) -> None:  # noqa: ANN001
    client = make_client(sqlite_archive, base_url="https://tw.example.org")
    r = client.get("/feeds/all.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    primary = [d for d in sqlite_archive.documents(include_alternates=False)]
    assert len(entries) == len(primary)
    ids = {e.find(f"{ATOM}id").text for e in entries}
    assert len(ids) == len(entries)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(link.startswith("https://tw.example.org/regions/") for link in links)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://tw.example.org/feeds/all.atom"
    gd = ET.fromstring(client.get("/feeds/guangdong.atom").content)
    titles = [e.find(f"{ATOM}title").text for e in gd.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["广东 2025年政府工作报告", "广东 2026年政府工作报告"]
    summary = next(e.find(f"{ATOM}summary").text for e in gd.findall(f"{ATOM}entry")
                   if "2026" in e.find(f"{ATOM}title").text)
    assert summary.startswith("2025年主要目标：完成 ") and "未完成" in summary


def test_digest_carries_one_click_unsubscribe_to_the_web_app() -> None:
    from targetwatch.worker.mail.message import build, unsubscribe_link

    url = unsubscribe_link(None, "https://tw.example.org/")
    assert url == "https://tw.example.org/unsubscribe/{token}"
    assert unsubscribe_link("https://other.example/u?t={token}", "https://tw.example.org") == \
        "https://other.example/u?t={token}"
    assert unsubscribe_link(None, None) is None
    out = build(subject="s", sender="tw <d@tw.example.org>", recipient=SUBSCRIBER, text="t", html="<p>t</p>",
                message_id="<x@tw>", unsubscribe_token="tok_en-123", unsubscribe_url=url)
    msg = message_from_bytes(out.data)
    assert "<https://tw.example.org/unsubscribe/tok_en-123>" in msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_settings_read_base_url_and_admin_token() -> None:
    from targetwatch.config import load_settings

    s = load_settings({"TARGETWATCH_BASE_URL": "https://tw.example.org/ ", "TARGETWATCH_ADMIN_TOKEN": " secret "})
    assert s.base_url == "https://tw.example.org" and s.admin_token == "secret"
    s = load_settings({})
    assert s.base_url is None and s.admin_token is None
