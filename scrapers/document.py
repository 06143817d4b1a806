"""Bytes as fetched or read from disk -> clean report text.

Reports arrive as UTF-8 or GBK text, as whole HTML pages, as HTML fragments or as PDF. The
parser wants one thing: the report's text with paragraphs as lines. Charset detection
follows what browsers do for these sites: a BOM, the HTTP header, then `<meta>`, then UTF-8,
then GB18030 (a superset of GBK and GB2312, which the older provincial portals use).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment


class NotText(ValueError):
    """The input is not a readable document (binary, empty, undecodable)."""


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    title: str | None
    charset: str
    media: str  # "text", "html" or "pdf"


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|span|meta|br)\b", re.I)

_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "utf8": "utf-8"}


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


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(sample)


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, charset). Raises NotText for binary data."""
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
        return text, cs
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
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(sample) // 20:
        raise NotText("the input looks binary, not text")


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "table", "ul", "ol", "blockquote", "pre", "dd", "dt")
_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
              "select", "svg", "template")


def html_to_text(html: str, selectors: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """Visible text of a page, one paragraph per line; `selectors` pick the content block."""
    soup = BeautifulSoup(html, "lxml")
    title = None
    if soup.title and soup.title.string:
        title = soup.title.string.strip() or None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    root = None
    for sel in selectors:
        found = soup.select(sel)
        if found:
            root = found[0]
            break
    if root is None:
        root = soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    raw = root.get_text()
    return clean_lines(raw), title


_SPACES = re.compile(r"[ \t\u00a0\u3000\r\f\v]+")


def clean_lines(raw: str) -> str:
    """Collapse runs of blanks inside lines and drop empty lines; paragraphs stay lines."""
    lines = []
    for line in raw.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


def pdf_to_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise NotText(f"the PDF could not be read: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise NotText("the PDF has no text layer (a scanned document?)")
    return text


def extract_text(data: bytes, content_type: str | None = None, selectors: tuple[str, ...] = ()) -> Document:
    """Turn fetched or stored bytes into the text the parser reads."""
    if data[:5] == b"%PDF-" or (content_type or "").lower().startswith("application/pdf"):
        return Document(pdf_to_text(data), None, "binary", "pdf")
    text, charset = decode(data, content_type)
    _check_readable(text)
    if (content_type or "").lower().startswith("text/html") or looks_like_html(text):
        body, title = html_to_text(text, selectors)
        if not body.strip():
            raise NotText("the page has no visible text")
        return Document(body, title, charset, "html")
    return Document(text, None, charset, "text")
