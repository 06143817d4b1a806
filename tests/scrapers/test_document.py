"""HTML/PDF -> clean report text: charsets, content block, chrome, bilingual pages, the corpus."""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from targetwatch.scrapers import document
from targetwatch.scrapers.document import Document, NotText, decode, extract_text
from targetwatch.scrapers.htmltext import html_to_text
from targetwatch.scrapers.pdftext import reflow_pdf_lines
from targetwatch.scrapers.textlines import filter_lines
from targetwatch.scrapers.registry import load_registry

from .conftest import SITES

SIDEBAR_FIGURES = ("9.9%", "12.3%", "8.8%", "7.4%", "3.6万人", "6.6%", "7.7%")
CHROME = ("字号", "打印", "关闭", "分享", "网站地图", "主办单位", "版权所有", "备案号", "当前位置", "首都之窗", "开幕",
          "热点推荐", "相关链接", "来源：")


def fixture(name: str) -> bytes:
    return (SITES / name).read_bytes()


def test_report_page_with_selector_keeps_only_the_report() -> None:
    bj = load_registry().get("beijing")
    doc = extract_text(fixture("trs/report-2025.html"), "text/html", bj.content_selectors, drop=bj.drop,
                       end_markers=bj.end_markers)
    assert doc.block == "selector:#mainText" and doc.title == "2025年政府工作报告"
    lines = doc.text.splitlines()
    assert lines[0] == "各位代表："
    assert lines[-1] == "各位代表！让我们团结一心、真抓实干，努力完成全年目标任务。"
    # The paragraph that the HTML broke over two source lines is one line, without a gap.
    assert "一般公共预算收入增长3.8%，城镇调查失业率5%以内，居民消费价格上涨0.3%。" in doc.text
    assert "地区生产总值增长5%左右" in doc.text
    for bad in SIDEBAR_FIGURES + CHROME:
        assert bad not in doc.text, bad
    assert "<" not in doc.text and "　" not in doc.text


def test_report_page_without_selector_falls_back_to_the_largest_block() -> None:
    doc = extract_text(fixture("trs/report-2025.html"), "text/html")
    assert doc.block == "largest-block"
    assert "地区生产总值增长5.2%" in doc.text and "城镇新增就业26万人以上" in doc.text
    for bad in SIDEBAR_FIGURES + CHROME:
        assert bad not in doc.text, bad


def test_unknown_template_with_a_figure_laden_side_column() -> None:
    doc = extract_text(fixture("generic/report.html"), "text/html")
    assert doc.text.splitlines()[0] == "各位代表："
    assert "固定资产投资增长4.1%" in doc.text and "城镇调查失业率控制在5.5%以内" in doc.text
    for bad in ("31.5%", "650公斤", "栏目导航", "打印本页", "关闭窗口", "版权所有", "English"):
        assert bad not in doc.text, bad


def test_gbk_page_with_charset_only_in_meta() -> None:
    data = fixture("gbk/report.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = extract_text(data, "text/html")  # the server says nothing about the charset
    assert doc.charset == "gb18030"
    assert "全省地区生产总值达到18278亿元，比上年增长14.1%" in doc.text
    assert doc.title == "辽宁省政府工作报告（2011年）"
    assert "\ufffd" not in doc.text and "首页" not in doc.text and "版权所有" not in doc.text


def test_header_charset_beats_meta_and_utf8_is_tried_before_gb18030() -> None:
    page = '<html><head><meta charset="gbk"></head><body><p>增长5%左右</p></body></html>'.encode("utf-8")
    assert decode(page, "text/html; charset=utf-8")[1] == "utf-8"
    assert decode("<p>增长5%左右</p>".encode("gb18030"), "text/html")[1] == "gb18030"
    assert decode("<p>增长5%左右</p>".encode("utf-8"), None)[1] == "utf-8"
    forced = decode("<p>增长</p>".encode("gb18030"), "text/html; charset=utf-8", forced="gbk")
    assert forced == ("<p>增长</p>", "gb18030")


def test_bilingual_page_is_reduced_to_chinese() -> None:
    doc = extract_text(fixture("bilingual/report.html"), "text/html")
    assert doc.text.splitlines() == [
        "三、2024年主要任务",
        "全市地区生产总值增长5%左右，一般公共预算收入增长5%。",
        "城镇调查失业率控制在5%以内，居民收入增长与经济增长同步。",
        "我们将持续推进首都高质量发展。",
    ]
    assert doc.title == "北京市政府工作报告全文【中英文对照】(四)"


def test_a_few_latin_lines_in_a_chinese_report_stay() -> None:
    lines = ["各位代表：", "细颗粒物（PM2.5）平均浓度下降3.6%。", "Shanghai Cooperation Organisation summit held",
             "一、工作回顾", "全年粮食产量保持稳定。"]
    assert filter_lines(lines) == lines


def test_toolbar_and_pager_lines_go_but_headings_that_look_similar_stay() -> None:
    lines = ["【字号：大 中 小】【打印】【关闭】", "上一页 1 2 3 下一页", "分享经济加快发展", "来源：市政府办公厅",
             "关闭落后产能30万吨。", "（新华社记者 李某 摄）", "["]
    assert filter_lines(lines) == ["分享经济加快发展", "关闭落后产能30万吨。"]


def test_end_marker_cuts_the_footer_but_not_a_menu_at_the_top() -> None:
    body = [f"第{i}段报告正文，内容足够长以便计算比例。" for i in range(6)]
    lines = ["关于本站", *body, "关于本站 | 联系我们 | 法律声明", "地址：某市某路1号 邮编：100000"]
    assert filter_lines(lines, ["关于本站"]) == ["关于本站", *body]
    assert filter_lines(lines, ["附件："]) == lines


def test_html_to_text_keeps_its_old_shape() -> None:
    text, title = html_to_text("<html><head><title>报告_某市</title></head><body><div><p>一</p><p>二</p></div></body></html>")
    assert text == "一\n二\n" and title == "报告"


def test_not_text_inputs_are_refused_clearly() -> None:
    for data, fragment in ((b"", "empty"), (b"\x00\x01\x02binary", "binary"),
                           (b"<html><body><script>x()</script></body></html>", "no visible text")):
        with pytest.raises(NotText, match=fragment):
            extract_text(data, "text/html")


def test_deeply_nested_markup_does_not_hit_the_recursion_limit() -> None:
    page = "<html><body>" + "<div>" * 3000 + "<p>增长5%</p>" + "</div>" * 3000 + "</body></html>"
    assert "增长5%" in extract_text(page.encode(), "text/html").text


# -- PDF --------------------------------------------------------------------------------------
def _cjk_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (CIDs = code points, with a ToUnicode map).

    Written here so the test needs no PDF library and no font file: pypdf reads the text
    through the ToUnicode CMap; the glyphs themselves are never drawn.
    """
    chars = sorted({ch for line in lines for ch in line})
    content = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        content.append("<" + "".join(f"{ord(ch):04X}" for ch in line) + "> Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    bfchars = "\n".join(f"<{ord(ch):04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
            "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            f"{len(chars)} beginbfchar\n{bfchars}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
            ).encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(stream)) + zlib.compress(stream)
        + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_text_layer_is_read_and_paragraphs_rejoined() -> None:
    pdf = _cjk_pdf([
        "二、2025年主要预期目标",
        "地区生产总值增长5%左右，一般公共预算收入增长",
        "4%，城镇新增就业110万人以上。",
        "— 3 —",
        "各位代表！",
    ])
    doc = extract_text(pdf, "application/pdf")
    assert isinstance(doc, Document) and doc.media == "pdf"
    assert doc.text.splitlines() == [
        "二、2025年主要预期目标",
        "地区生产总值增长5%左右，一般公共预算收入增长4%，城镇新增就业110万人以上。",
        "各位代表！",
    ]
    assert extract_text(pdf, None).media == "pdf"  # recognised by %PDF- without a content type


def test_the_readers_names_still_answer_from_document() -> None:
    # Callers that imported the HTML and PDF readers from scrapers.document before they moved.
    assert (document.html_to_text, document.reflow_pdf_lines, document.filter_lines) == (
        html_to_text, reflow_pdf_lines, filter_lines)
    with pytest.raises(AttributeError):
        document.no_such_reader  # noqa: B018 - the attribute access is the test


def test_reflow_keeps_short_lines_and_sentence_ends() -> None:
    lines = ["一、工作回顾", "全年经济运行总体平稳，主要指标符合预期。", "二、目标", "— 12 —"]
    assert reflow_pdf_lines(lines) == ["一、工作回顾", "全年经济运行总体平稳，主要指标符合预期。", "二、目标"]


def test_broken_pdf_is_not_text() -> None:
    with pytest.raises(NotText, match="PDF"):
        extract_text(b"%PDF-1.4\nthis is not a pdf at all", "application/pdf")


# -- the real pages of the shared corpus ---------------------------------------------------------
@pytest.mark.corpus
def test_corpus_gov_cn_fragments_give_clean_paragraphs(corpus: Path) -> None:
    from bs4 import BeautifulSoup

    files = sorted((corpus / "html").glob("*.html")) + [corpus / "reports" / "national" / "2020.txt"]
    assert len(files) >= 8
    national = load_registry().get("national")
    for path in files:
        data = path.read_bytes()
        for selectors in ((), national.content_selectors):
            doc = extract_text(data, None, selectors)
            lines = doc.text.splitlines()
            assert lines[0] == "各位代表：", path.name
            assert lines[-1].endswith("！"), path.name
            assert not re.search(r"[<>\[\]]", doc.text), path.name
            assert "\u200d" not in doc.text and "　" not in doc.text
            # Every paragraph of the page is one line, nothing lost, nothing merged.
            soup = BeautifulSoup(data.decode("utf-8"), "lxml")
            paras = [re.sub(r"\s+", "", p.get_text()) for p in soup.find_all(["p", "h4", "h5"])]
            paras = [p.replace("\u200d", "") for p in paras if p]
            got = [re.sub(r"\s+", "", line) for line in lines]
            missing = [p[:20] for p in paras if p not in got]
            captions = [p for p in missing if p.startswith("3月5日")]  # the photo caption of 2017
            assert missing == captions, (path.name, missing)
            assert len(lines) >= len(paras) - len(captions)


@pytest.mark.corpus
def test_corpus_2020_has_the_review_heading_and_no_gdp_target_line_lost(corpus: Path) -> None:
    doc = extract_text((corpus / "reports" / "national" / "2020.txt").read_bytes())
    assert "一、2019年和今年以来工作回顾" in doc.text.splitlines()
    assert "国内生产总值达到99.1万亿元，增长6.1%。" in doc.text


# -- charsets checked against the bytes, HTML work capped (issue 14) --------------------------
REPORT_PARA = "政府工作报告：地区生产总值增长5%左右，城镇调查失业率控制在5.5%以内。" * 20


def _page(text: str) -> str:
    return f"<html><head><title>报告</title></head><body><div id='c'><p>{text}</p></div></body></html>"


def test_gbk_served_as_iso_8859_1_is_read_as_gbk() -> None:
    from targetwatch.scrapers.document import extract_text

    data = _page(REPORT_PARA).encode("gbk")
    doc = extract_text(data, "text/html; charset=iso-8859-1")
    assert doc.charset == "gb18030" and "地区生产总值增长5%左右" in doc.text


def test_utf8_served_as_gbk_is_read_as_utf8() -> None:
    from targetwatch.scrapers.document import extract_text

    doc = extract_text(_page(REPORT_PARA).encode("utf-8"), "text/html; charset=gbk")
    assert doc.charset == "utf-8" and "城镇调查失业率" in doc.text


def test_bytes_that_are_text_in_no_charset_named_are_refused() -> None:
    from targetwatch.scrapers.document import NotText, extract_text

    junk = bytes(range(0x80, 0x100)) * 40
    with pytest.raises(NotText, match="mojibake"):
        extract_text(b"<html><body><p>" + junk + b"</p></body></html>", "text/html; charset=iso-8859-1")


def test_a_source_whose_registry_charset_is_forced_is_not_second_guessed() -> None:
    from targetwatch.scrapers.document import decode

    data = REPORT_PARA.encode("gbk")
    assert decode(data, "text/html; charset=utf-8", forced="gbk")[1] == "gb18030"


def test_a_million_paragraphs_are_refused_quickly() -> None:
    import time

    from targetwatch.scrapers.document import NotText, extract_text

    page = ("<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>").encode()
    started = time.monotonic()
    with pytest.raises(NotText, match="not parsed"):
        extract_text(page, "text/html; charset=utf-8")
    assert time.monotonic() - started < 2


def test_a_small_page_of_too_many_tags_is_refused() -> None:
    from targetwatch.scrapers.document import NotText, extract_text

    page = ("<html><body>" + "<i>" * 200_000 + "</body></html>").encode()
    with pytest.raises(NotText, match="HTML tags"):
        extract_text(page, "text/html; charset=utf-8")


def test_numbers_set_apart_digit_by_digit_are_joined() -> None:
    # the 1998 national report as one source has it: every digit set apart, so no number reads
    spaced = ("各位代表：\n本届政府从1 9 9 3 年3 月就职，到现在已经五年了。国内生产总值达到7 4 7 7 2 亿元，"
              "平均每年增长1 1 ％。经济增长8 ． 8 ％，商品零售价格涨幅为0 ．8 ％。") * 3
    text = extract_text(spaced.encode()).text
    assert "1993年3月就职" in text and "达到74772亿元" in text and "增长11％" in text and "8．8％" in text


def test_a_text_that_writes_numbers_together_keeps_every_space() -> None:
    normal = ("各位代表：\n地区生产总值增长5.2%，达到12345亿元。表1 2023年主要指标 3 4 5 6\n" * 20)
    assert extract_text(normal.encode()).text == normal
