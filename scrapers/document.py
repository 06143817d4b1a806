"""Bytes as fetched or read from disk -> clean report text.

Reports arrive as UTF-8 or GBK text, as whole HTML pages, as HTML fragments or as PDF. The
parser wants one thing: the report's text with paragraphs as lines, and nothing else,
because a figure in a sidebar ("全市GDP增长8%" in a news teaser) would be read as the
report's own. This module decodes the bytes and says what they are; a page goes to
scrapers/htmltext.py (its content block, without the chrome) and a PDF to scrapers/pdftext.py,
imported only then: `targetwatch parse report.txt` runs once per report in the evaluation
harness and must not pay some 70 ms for BeautifulSoup and soupsieve it does not use.

Charset detection follows what browsers do for these sites: a BOM, the HTTP header, then
`<meta>`, then UTF-8, then GB18030 (a superset of GBK and GB2312, which the older
provincial portals use). Never `errors="ignore"`: a wrong guess must show, not silently
drop characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from targetwatch.diffing.lazyre import lazy
from targetwatch.scrapers.rewrap import join_wrapped_lines


class NotText(ValueError):
    """The input is not a readable document (binary, empty, undecodable)."""


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    title: str | None
    charset: str
    media: str  # "text", "html" or "pdf"
    block: str = ""
    """How the text was found: "selector:#mainText", "largest-block", "whole" (for reports of
    extraction quality: a source that suddenly needs the fallback has changed its layout)."""
    pages: int = 1


# -- charsets ---------------------------------------------------------------------------------
# Patterns of text compile on first use (diffing/lazyre.py) and so come from the command
# line's store of compiled patterns; a plain .txt never needs the header or the blanks ones.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.I)
_HEADER_CHARSET = lazy(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_SNIFF = lazy(r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|span|meta|br)\b", re.I)

_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "utf8": "utf-8"}


def _norm_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


_WIDE = frozenset({"utf-8", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "gb2312", "hz", "euc-jp",
                   "shift_jis", "euc-kr", "iso2022_jp"})
_CJK_CHAR = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
"""Left for `re` to compile (and cache) on first use: its wide ranges cost 2 ms of startup,
and only bytes whose declared charset is in doubt need it (never a plain UTF-8 or GBK file)."""
_CONTROL = lazy(r"[\x00-\x08\x0e-\x1f]")
"""Control characters other than the blanks (\\t \\n \\v \\f \\r)."""


def _cjk_share(text: str) -> float:
    wide = sum(1 for ch in text[:20000] if ord(ch) > 127)
    return len(re.findall(_CJK_CHAR, text[:20000])) / wide if wide else 0.0


def _checked(data: bytes, text: str, cs: str) -> tuple[str, str]:
    """The declared charset checked against the bytes: mojibake is corrected or refused.

    GBK served as iso-8859-1 decodes without an error, into Latin letters no report
    contains (ÕþžŠ…), and would be parsed to no facts with success. A single-byte charset on
    non-ASCII bytes is checked: if the bytes are valid UTF-8 or GB18030 reading as Chinese,
    that is what they are; if not, they are refused. UTF-8 bytes declared as GBK are caught
    the same way (they decode as GB18030 too, into rare characters): valid UTF-8 wins.
    """
    if data.isascii():
        return text, cs
    if cs not in _WIDE:
        for other in ("utf-8", "gb18030"):
            try:
                fixed = data.decode(other)
            except UnicodeDecodeError:
                continue
            if _cjk_share(fixed) >= 0.5:
                return fixed, other
        if _cjk_share(text) < 0.5 and sum(0x80 <= ord(ch) <= 0xff for ch in text[:20000]) > 20:
            raise NotText(f"the page says its charset is {cs}, but its bytes are neither text in {cs} nor UTF-8 "
                          "or GBK (mojibake); set charset for this source in sources.toml")
        return text, cs
    if cs == "gb18030":
        try:
            utf = data.decode("utf-8")
        except UnicodeDecodeError:
            return text, cs
        if _cjk_share(utf) >= 0.5:
            return utf, "utf-8"
    return text, cs


def decode(data: bytes, content_type: str | None = None, forced: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, charset). Raises NotText for binary data.

    `forced` is for a source known to declare the wrong charset; it is tried first.
    """
    if not data:
        raise NotText("the input is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:8192]
    if b"\x00" in head:
        raise NotText("the input is binary, not text (it contains NUL bytes)")
    candidates: list[str] = []
    if forced and (cs := _norm_charset(forced)):
        candidates.append(cs)
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (cs := _norm_charset(m.group(1))):
            candidates.append(cs)
    m = _META_CHARSET.search(data[:4096])
    if m and (cs := _norm_charset(m.group(1).decode("ascii", "ignore"))):
        candidates.append(cs)
    candidates += ["utf-8", "gb18030"]
    seen: set[str] = set()
    for cs in candidates:
        if cs in seen:
            continue
        seen.add(cs)
        try:
            text = data.decode(cs)
        except (UnicodeDecodeError, LookupError):
            continue
        if forced and cs == _norm_charset(forced):
            return text, cs  # the registry's word for a source known to mislabel itself
        return _checked(data, text, cs)
    # Neither UTF-8 nor GB18030 decodes it cleanly: take whichever loses less.
    utf = data.decode("utf-8", errors="replace")
    gb = data.decode("gb18030", errors="replace")
    text, cs = (utf, "utf-8") if utf.count("\ufffd") <= gb.count("\ufffd") else (gb, "gb18030")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise NotText("the input is not text in UTF-8 or GBK (too many undecodable bytes)")
    return text, cs


def _check_readable(text: str) -> None:
    if not text.strip():
        raise NotText("the input has no text")
    sample = text[:20000]
    bad = sample.count("\ufffd")
    if bad > max(20, len(sample) // 50):
        raise NotText("the text is full of replacement characters (\ufffd): it was decoded with the wrong "
                      "encoding before it reached targetwatch; re-fetch it or convert it from GBK to UTF-8")
    controls = len(_CONTROL.findall(sample))
    if controls > len(sample) // 20:
        raise NotText("the input looks binary, not text")


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


_SPACES = lazy(r"[ \t\u00a0\u3000\r\f\v]+")


def clean_lines(raw: str) -> str:
    """Collapse runs of blanks inside lines and drop empty lines; paragraphs stay lines."""
    lines = []
    for line in raw.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


_SPACED_DIGITS = lazy(r"\d \d")
_ADJACENT_DIGITS = lazy(r"\d\d")
_SPACE_IN_NUMBER = lazy(r"(?<=\d) (?=[\d.．％%\u4e00-\u9fff])|(?<=[.．]) (?=\d)")


def join_spaced_digits(text: str) -> str:
    """Some sources set every digit apart (本届政府从1 9 9 3 年3 月就职, 增长1 1 ％), so no number
    can be read. Only a text that writes numbers so throughout is changed: it has many digits
    set apart by a space and fewer written together; any other text is returned as it is
    (a table's columns 3 4 stay apart)."""
    spaced = len(_SPACED_DIGITS.findall(text))
    if spaced < 10 or len(_ADJACENT_DIGITS.findall(text)) >= spaced:
        return text
    return _SPACE_IN_NUMBER.sub("", text)


def is_pdf(data: bytes, content_type: str | None = None) -> bool:
    return data[:5] == b"%PDF-" or (content_type or "").lower().startswith("application/pdf")


def extract_text(data: bytes, content_type: str | None = None, selectors: tuple[str, ...] = (), *,
                 charset: str | None = None, drop: Iterable[str] = (),
                 end_markers: Iterable[str] = ()) -> Document:
    """Turn fetched or stored bytes into the text the parser reads.

    `selectors`, `drop`, `end_markers` and `charset` come from the source registry
    (`Source.content_selectors` etc.); without them the largest text block is taken.
    """
    if is_pdf(data, content_type):
        from targetwatch.scrapers.pdftext import pdf_to_text

        return Document(_readable(pdf_to_text(data)), None, "binary", "pdf", "pdf")
    text, cs = decode(data, content_type, forced=charset or None)
    _check_readable(text)
    if (content_type or "").lower().startswith(("text/html", "application/xhtml")) or looks_like_html(text):
        from targetwatch.scrapers.htmltext import read_page

        body, title, how = read_page(text, selectors, drop, end_markers)
        if not body.strip():
            raise NotText("the page has no visible text")
        return Document(_readable(body), title, cs, "html", how)
    return Document(_readable(text), None, cs, "text", "whole")


def _readable(text: str) -> str:
    """Numbers whose digits are set apart, and words split by old line breaks, made whole."""
    return join_wrapped_lines(join_spaced_digits(text))


# Names this module had before the HTML and PDF readers moved out; they load those on first use.
_MOVED = {
    "html_to_text": "targetwatch.scrapers.htmltext",
    "MAX_HTML_CHARS": "targetwatch.scrapers.htmltext",
    "MAX_HTML_TAGS": "targetwatch.scrapers.htmltext",
    "pdf_to_text": "targetwatch.scrapers.pdftext",
    "reflow_pdf_lines": "targetwatch.scrapers.pdftext",
    "filter_lines": "targetwatch.scrapers.textlines",
    "drop_english_twins": "targetwatch.scrapers.textlines",
    "cut_at_end_marker": "targetwatch.scrapers.textlines",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
