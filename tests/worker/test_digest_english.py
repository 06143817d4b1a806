"""Digests in English (`subscribe --lang en`): the subscriber's language is kept with the
subscription and with each queued digest, and the mail reads in it, links included."""
from __future__ import annotations

import re
from html import unescape

import pytest

from targetwatch.templates.digest import DigestRenderer
from targetwatch.worker.steps import build_digests, plan_digests
from tests.worker.conftest import run_in_process
from tests.worker.test_digest_content import add

pytestmark = pytest.mark.corpus


def test_the_language_is_kept_with_the_subscription(archive) -> None:  # noqa: ANN001
    assert archive.subscribe("desk@example.org", ["national"], lang="en").lang == "en"
    # changing regions or cadence without naming a language keeps it
    assert archive.subscribe("desk@example.org", ["national", "beijing"], "weekly").lang == "en"
    assert archive.subscribe("desk@example.org", ["national"], lang="zh").lang == "zh"
    assert archive.subscribe("new@example.org", ["national"]).lang == "zh"
    with pytest.raises(ValueError, match="digest language must be one of zh, en"):
        archive.subscribe("desk@example.org", ["national"], lang="fr")


def test_one_list_of_languages() -> None:
    from targetwatch.archive.models import DIGEST_LANGS
    from targetwatch.cli.commands import subscriptions
    from targetwatch.templates.lang import LANGS

    assert DIGEST_LANGS == subscriptions.DIGEST_LANGS == LANGS
    assert set(subscriptions.LANG_NAMES) == set(LANGS)


def test_queued_digests_keep_their_language(archive, corpus) -> None:  # noqa: ANN001
    archive.subscribe("desk@example.org", ["national"], lang="en")
    archive.subscribe("reader@example.org", ["national"])
    add(archive, corpus, "national", 2024)
    add(archive, corpus, "national", 2025)
    langs = {p.subscription.email: p.payload["lang"] for p in plan_digests(archive)}
    assert langs == {"desk@example.org": "en", "reader@example.org": "zh"}
    queued = build_digests(archive)
    # a change of language later does not rewrite what was queued in the old one
    archive.subscribe("desk@example.org", ["national"], lang="zh")
    payloads = {d.email: d.payload for d in archive.deliveries()}
    assert payloads["desk@example.org"]["lang"] == "en" and len(queued) == 2


def _visible(html: str) -> str:
    html = re.sub(r"<(title|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_an_english_digest_reads_in_english_and_links_to_english_pages(archive, corpus) -> None:  # noqa: ANN001
    for year in (2024, 2025):
        add(archive, corpus, "national", year, f"https://www.gov.cn/report/{year}.htm")
    for year in (2025, 2026):
        add(archive, corpus, "guangdong", year)
    ids = {(d.region, d.report_year): d.id for d in archive.documents(since_id=0)}
    reports = [{"region": r, "year": y, "document_id": ids[(r, y)]} for r, y in
               (("national", 2025), ("guangdong", 2025), ("guangdong", 2026))]
    renderer = DigestRenderer(archive, base_url="https://tw.example.org")
    subject, text, html = renderer.render({"reports": reports, "lang": "en"}, email="desk@example.org", token="tok")
    assert subject == "targetwatch: 3 new government work reports (China, Guangdong)"
    assert '<html lang="en">' in html
    assert "Guangdong: the 2026 government work report: 2025 main targets: " in _visible(html)
    assert re.search(r"\d+ met", text) and "missed" in text
    assert 'href="https://tw.example.org/en/regions/guangdong/2026"' in html
    assert "https://tw.example.org/en/regions/national/2025" in text
    assert "This message was sent to desk@example.org because it subscribes to targetwatch digests." in text
    # the first screen of the mail (its heading, lead and the summary of each report) has no
    # Chinese but the reports' task names, which have no translation of ours
    top = _visible(html.split("</h1>")[0] + html.split("</h1>")[1].split("<h2")[0])
    tasks = {f.label for region in archive.regions() for sheet in archive.factsheets(region) for f in sheet.facts
             if f.is_task}
    stray = [w for w in re.findall(r"[\u4e00-\u9fff]+", top) if not any(w in t for t in tasks)]
    assert not stray, stray
    # the same reports for a Chinese subscriber: a mail of its own, in Chinese, sections not shared
    zh_subject, _, zh_html = renderer.render({"reports": reports}, email="reader@example.org", token="t2")
    assert zh_subject == "targetwatch：全国、广东3份新政府工作报告" and '<html lang="zh-CN">' in zh_html
    assert 'href="https://tw.example.org/regions/guangdong/2026"' in zh_html
    en_section = renderer.section("guangdong", 2026, ids[("guangdong", 2026)], "en")
    zh_section = renderer.section("guangdong", 2026, ids[("guangdong", 2026)])
    assert en_section is not zh_section and en_section.lang == "en" and zh_section.lang == "zh"


def test_the_unsubscribe_page_is_in_the_digest_language(archive, corpus) -> None:  # noqa: ANN001
    doc = add(archive, corpus, "beijing", 2025)
    payload = {"reports": [{"region": "beijing", "year": 2025, "document_id": doc.id}]}
    own = DigestRenderer(archive, base_url="https://tw.example.org",
                         unsubscribe_url="https://tw.example.org/unsubscribe/{token}")
    _, text, html = own.render({**payload, "lang": "en"}, email="desk@example.org", token="tok")
    assert "To unsubscribe: https://tw.example.org/en/unsubscribe/tok" in text
    assert 'href="https://tw.example.org/en/unsubscribe/tok"' in html
    _, text, _ = own.render(payload, email="reader@example.org", token="tok2")
    assert "退订：https://tw.example.org/unsubscribe/tok2" in text
    elsewhere = DigestRenderer(archive, base_url="https://tw.example.org",
                               unsubscribe_url="https://lists.example.org/out?t={token}")
    _, text, _ = elsewhere.render({**payload, "lang": "en"}, email="desk@example.org", token="tok")
    assert "To unsubscribe: https://lists.example.org/out?t=tok" in text


def test_a_first_report_in_english(archive, corpus) -> None:  # noqa: ANN001
    doc = add(archive, corpus, "beijing", 2025)
    renderer = DigestRenderer(archive, base_url=None)
    subject, text, _ = renderer.render({"reports": [{"region": "beijing", "year": 2025, "document_id": doc.id}],
                                        "lang": "en"}, email="desk@example.org", token="t")
    assert subject == "targetwatch: Beijing: the 2025 government work report"
    assert "This is the region's first report in the archive, with none of the year before to compare; " \
           "2025 main targets:" in text
    assert "To unsubscribe, run: targetwatch unsubscribe t\n" in text
    assert re.search(r"   - GDP growth: about 5%「", text)


def test_cli_subscribe_in_english(tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("TARGETWATCH_HOME", str(tmp_path))
    monkeypatch.delenv("TARGETWATCH_DATABASE_URL", raising=False)
    r = run_in_process(["subscribe", "desk@example.org", "--region", "national", "--lang", "en"], capsys)
    assert r.returncode == 0 and "subscribed desk@example.org: national, on-new-report, in English" in r.stdout
    r = run_in_process(["subscribe", "desk@example.org", "--region", "beijing"], capsys)
    assert r.returncode == 0 and "updated desk@example.org: beijing, on-new-report, in English" in r.stdout
    r = run_in_process(["subscriptions"], capsys)
    assert re.search(r"desk@example.org\s+beijing\s+on-new-report\s+en\s", r.stdout), r.stdout
    r = run_in_process(["subscribe", "desk@example.org", "--region", "beijing", "--lang", "fr"], capsys)
    assert r.returncode == 2 and "'fr' is not one of 'zh', 'en'" in r.stderr, r.stderr
