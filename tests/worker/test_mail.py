"""Digest email as received by a real SMTP server and parsed back: headers, parts, escaping."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest

from targetwatch.diffing.model import Fact, FactSheet
from tests.worker.conftest import SmtpSink, import_samples, settings_for
from targetwatch.errors import UserError
from targetwatch.worker.mail import send_comparison
from targetwatch.worker.mail.outbox import send_due
from targetwatch.worker.mail.transport import SmtpTransport, SmtpUrl, TransportUnavailable
from targetwatch.worker.steps import build_digests
from targetwatch.worker.schedule import ServiceConfig

LEASE = ServiceConfig().lease
SCRIPT = '<script>alert("x")</script>'


def _send_all(archive, smtp: SmtpSink, **kw) -> list:  # noqa: ANN001, ANN003
    transport = SmtpTransport(smtp.url, timeout=10)
    report = send_due(archive, transport, "targetwatch 摘要 <digest@example.org>", lease=LEASE, **kw)
    assert not report.stopped, report.stopped
    return report.sent


def test_digest_message_structure_and_chinese_subject_round_trip(archive, smtp: SmtpSink) -> None:
    sub = archive.subscribe("analyst@example.org", ["national", "beijing"])
    import_samples(archive, "national-2023", "national-2024", "beijing-2024", "beijing-2025")
    build_digests(archive)
    sent = _send_all(archive, smtp, unsubscribe_url="https://tw.example.org/unsubscribe?token={token}")
    assert len(sent) == 1 and len(smtp.received) == 1
    raw = smtp.received[0].data
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # the header block is pure ASCII on the wire
    assert re.search(r"^Subject: =\?utf-8\?[bq]\?", head, re.M | re.I), head
    msg = smtp.received[0].message
    assert msg["Subject"] == "targetwatch：全国、北京4份新政府工作报告"
    assert msg["To"] == "analyst@example.org"
    assert msg["Message-ID"] == sent[0][0].message_id and msg["Message-ID"].startswith("<tw.")
    assert msg["Date"] and msg.get_content_type() == "multipart/alternative"
    assert msg["List-Unsubscribe"] == (f"<https://tw.example.org/unsubscribe?token={sub.unsubscribe_token}>, "
                                       f"<mailto:digest@example.org?subject=unsubscribe%20{sub.unsubscribe_token}>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in msg.iter_parts())
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    # the same verdicts in both parts, with the report's own sentences
    assert "2023年目标完成情况" in text and "2023年主要目标" in html
    assert "「增长5.2%」" in text and "「增长5.2%」" in html
    assert sub.unsubscribe_token in text and sub.unsubscribe_token in html
    # mail-safe HTML: inline styles, an inline SVG chart, no stylesheet, no script
    assert "<svg" in html and 'style="' in html
    assert "<style" not in html and "<link" not in html and "<script" not in html.lower()
    # 8bit bodies (the server offers 8BITMIME), announced in the envelope, lines within SMTP's limit
    assert "BODY=8BITMIME" in smtp.received[0].mail_options
    assert [p["Content-Transfer-Encoding"] for p in msg.iter_parts()] == ["8bit", "8bit"]
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


def test_a_prepared_copy_is_the_message_built_whole_with_the_subscribers_values(archive) -> None:
    """Each distinct digest's parts are encoded once per run and filled per subscriber; the
    copy must be the same bytes as building that subscriber's message from scratch."""
    from targetwatch.archive.records import DeliveryInfo
    from targetwatch.templates.digest import DigestRenderer
    from targetwatch.worker.mail.message import MAX_8BIT_LINE, PreparedBodies
    from targetwatch.worker.mail.outbox import compose

    import_samples(archive, "national-2024", "national-2025")
    doc = archive.documents(region="national", year=2025)[0]
    payload = {"from": 0, "upto": doc.id, "reports": [{"region": "national", "year": 2025, "document_id": doc.id}]}
    renderer = DigestRenderer(archive, "https://tw.example.org/u/{token}", base_url=None)
    bodies = PreparedBodies()
    long_local = "x" * 200  # 200 + 1 + 11: near the 254 limit; the filled line would pass 998 octets
    for email_, token in (("a@example.org", "tok-A"), ("o'brien&co@example.org", "tok-B"),
                          (f"{long_local}@example.org", "tok-C")):
        d = DeliveryInfo(id=7, subscription_id=3, email=email_, unsubscribe_token=token, digest_key="k",
                         digest_kind="digest", payload=payload, status="sending", attempts=1,
                         next_attempt_at=None, claimed_at=None, last_error=None, message_id="<tw.7.x@example.org>",
                         sent_at=None, created_at=None)
        kw = {"now": None, "unsubscribe_url": "https://tw.example.org/u/{token}", "eight_bit": True}
        fast = compose(d, renderer, "targetwatch <digest@example.org>", bodies=bodies, **kw)
        whole = compose(d, renderer, "targetwatch <digest@example.org>", **kw)

        def same(raw: bytes) -> bytes:  # the boundary is drawn per message, and the Date is now
            raw = re.sub(rb"=_tw_[0-9a-f]{24}", b"BOUNDARY", raw)
            return re.sub(rb"\r\nDate: [^\r]*", b"", raw)

        assert same(fast.data) == same(whole.data), email_
        assert max(len(line) for line in fast.data.split(b"\r\n")) <= MAX_8BIT_LINE
        msg = email.message_from_bytes(fast.data, policy=email.policy.default)
        html = msg.get_body(("html",)).get_content()
        text = msg.get_body(("plain",)).get_content()
        assert f"此邮件发给 {email_}" in text and f"https://tw.example.org/u/{token}" in text
        assert "&#39;" in html if "'" in email_ else email_ in html
        assert "PLACEHOLDER" not in html and "PLACEHOLDER" not in text


def test_base64_when_8bit_is_not_allowed_or_a_line_is_too_long() -> None:
    from targetwatch.worker.mail.message import build

    long_quote = "「" + "很长的句子" * 120 + "」"  # 1800 octets on one line
    for eight_bit, text, expected in ((False, "短文本", "base64"), (True, long_quote, "base64"),
                                      (True, "短文本\n第二行", "8bit")):
        out = build(subject="targetwatch：全国", sender="t <t@example.org>", recipient="a@example.org",
                    text=text, html="<p>\n" + "<b>x</b>\n" * 400 + "</p>", message_id="<m@example.org>",
                    eight_bit=eight_bit)
        msg = email.message_from_bytes(out.data, policy=email.policy.default)
        plain, html = msg.iter_parts()
        assert plain["Content-Transfer-Encoding"] == expected
        assert plain.get_content().replace("\r\n", "\n").rstrip("\n") == text
        assert html.get_content().split() == ("<p>\n" + "<b>x</b>\n" * 400 + "</p>").split()
        assert out.eight_bit == (expected == "8bit" or eight_bit)


def test_a_message_is_handed_over_only_if_before_handover_returns(smtp: SmtpSink) -> None:
    """before_handover runs with the body sent and the final "." not: if it raises, the server
    gets nothing, the error comes through as it is, and the next message goes out normally."""
    from targetwatch.worker.mail.message import build

    def message(n: int):  # noqa: ANN202
        return build(subject=f"m{n}", sender="t <t@example.org>", recipient="a@example.org", text="正文\n.点开头",
                     html="<p>x</p>", message_id=f"<m{n}@example.org>", eight_bit=True)

    class RecordFailed(Exception):
        pass

    def fail() -> None:
        raise RecordFailed("the previous record did not commit")

    transport = SmtpTransport(smtp.url, timeout=10)
    calls: list[int] = []
    try:
        with pytest.raises(RecordFailed):
            transport.send(message(1), "t@example.org", "a@example.org", before_handover=fail)
        assert not smtp.received
        transport.send(message(2), "t@example.org", "a@example.org", before_handover=lambda: calls.append(2))
    finally:
        transport.close()
    assert calls == [2]
    [got] = smtp.messages()
    assert got["Message-ID"] == "<m2@example.org>"
    assert got.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip() == "正文\n.点开头"  # dot-stuffed


def test_report_text_with_script_is_escaped_in_html_and_verbatim_in_text(archive, smtp: SmtpSink) -> None:
    """A scraped sentence is data: in HTML it must be inert markup, in text/plain shown as written."""
    archive.subscribe("analyst@example.org", ["beijing"])

    def parser(text: str, region: str | None = None, year: int | None = None) -> FactSheet:
        sentence = f"地区生产总值增长5%左右{SCRIPT}"
        facts = (Fact("gdp_growth", "地区生产总值", "target", year, "about", 5.0, "%", sentence, (0, 10)),)
        if year == 2025:
            facts += (Fact("gdp_growth", "地区生产总值", "outcome", 2024, "exact", 5.2, "%",
                           f"增长5.2%{SCRIPT}", (20, 30)),)
        return FactSheet(region="beijing", report_year=year, extractor_version="t", facts=facts,
                         title=f"北京<b>{year}</b>")

    for year in (2024, 2025):
        archive.add_document(f"beijing {year} <script>".encode(), region="beijing", year=year, parser=parser)
    build_digests(archive)
    _send_all(archive, smtp)
    msg = smtp.received[0].message
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert f"「地区生产总值增长5%左右{SCRIPT}」" in text  # text/plain: verbatim, never entity-encoded
    assert "&lt;" not in text and "&#34;" not in text


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_with_user_and_password_in_the_url(archive, smtp_auth: SmtpSink) -> None:
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2024", "national-2025")
    build_digests(archive)
    good = SmtpTransport(f"smtp://tw:p%C3%A4ssword@127.0.0.1:{smtp_auth.port}", timeout=10)
    report = send_due(archive, good, "digest@example.org", lease=LEASE)
    assert len(report.sent) == 1 and len(smtp_auth.received) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_refused_login_stops_the_run_without_using_up_attempts(archive, smtp_auth: SmtpSink) -> None:
    archive.subscribe("analyst@example.org", ["national"])
    import_samples(archive, "national-2024")
    build_digests(archive)
    bad = SmtpTransport(f"smtp://tw:wrong@127.0.0.1:{smtp_auth.port}", timeout=10)
    report = send_due(archive, bad, "digest@example.org", lease=LEASE)
    assert report.stopped and "refused the login" in report.stopped and "wrong" not in report.stopped
    [d] = archive.deliveries()
    assert (d.status, d.attempts) == ("pending", 0)


@pytest.mark.parametrize("url", ["http://host", "smtp://", "smtps://host:notaport", "mail.example.org"])
def test_bad_smtp_urls_are_one_line_user_errors(url: str) -> None:
    with pytest.raises(UserError) as err:
        SmtpUrl(url)
    assert "\n" not in str(err.value) and "TARGETWATCH_SMTP_URL" in str(err.value)


def test_smtp_url_password_is_never_shown() -> None:
    assert SmtpUrl.redacted("smtp+starttls://me:s3cret@mail.example.org:587") == \
        "smtp+starttls://me:***@mail.example.org:587"
    assert str(SmtpUrl("smtps://me:s3cret@mail.example.org")) == "smtps://mail.example.org:465"


def test_unreachable_server_is_a_service_error() -> None:
    with pytest.raises(TransportUnavailable) as err:
        SmtpTransport("smtp://127.0.0.1:1", timeout=2).connect()
    assert err.value.exit_code == 3


def test_send_comparison_mails_one_comparison(archive, smtp: SmtpSink, tmp_path: Path) -> None:
    from targetwatch.diffing.compare import compare_sheets

    import_samples(archive, "national-2024", "national-2025")
    c = compare_sheets(archive.factsheet("national", 2024), archive.factsheet("national", 2025))
    where = send_comparison(c, "Reader@Example.org", settings_for(tmp_path, "sqlite://", smtp.url))
    assert "accepted" in where
    [msg] = smtp.messages()
    assert msg["Subject"] == "targetwatch：全国 2025年政府工作报告与2024年对比"
    assert smtp.received[0].rcpt_tos == ["reader@example.org"]
    assert "2024年主要目标" in msg.get_body(("html",)).get_content()
    with pytest.raises(UserError):
        send_comparison(c, "not-an-address", settings_for(tmp_path, "sqlite://", smtp.url))


def test_send_comparison_without_smtp_writes_an_eml(archive, tmp_path: Path) -> None:
    from targetwatch.diffing.compare import compare_sheets

    import_samples(archive, "national-2024", "national-2025")
    c = compare_sheets(archive.factsheet("national", 2024), archive.factsheet("national", 2025))
    where = Path(send_comparison(c, "reader@example.org", settings_for(tmp_path, "sqlite://")))
    assert where.parent == tmp_path / "outbox" and where.suffix == ".eml"
    assert b"multipart/alternative" in where.read_bytes()



# --- TLS: smtps:// and smtp+starttls:// with certificate verification ------------------------

TLS = Path(__file__).resolve().parent / "tls"


def _server_tls() -> "ssl.SSLContext":
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
    return ctx


@pytest.mark.parametrize("scheme", ["smtps", "smtp+starttls"])
def test_tls_schemes_verify_the_server_and_deliver(scheme: str, archive, monkeypatch) -> None:  # noqa: ANN001
    from tests.worker.conftest import start_smtp

    sink = SmtpSink()
    kwargs = {"ssl_context": _server_tls()} if scheme == "smtps" else {"tls_context": _server_tls(),
                                                                        "require_starttls": True}
    controller = start_smtp(sink, **kwargs)
    try:
        archive.subscribe("analyst@example.org", ["national"])
        import_samples(archive, "national-2024", "national-2025")
        build_digests(archive)
        # not trusted yet: the certificate is refused, in one line, and nothing is sent
        monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "nowhere.pem"))
        report = send_due(archive, SmtpTransport(f"{scheme}://127.0.0.1:{sink.port}", timeout=10),
                          "digest@example.org", lease=LEASE)
        assert report.stopped and "certificate verify failed" in report.stopped and not sink.received
        # trusted: delivered over TLS
        monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "cert.pem"))
        report = send_due(archive, SmtpTransport(f"{scheme}://127.0.0.1:{sink.port}", timeout=10),
                          "digest@example.org", lease=LEASE)
        assert len(report.sent) == 1 and len(sink.received) == 1
    finally:
        controller.stop()
