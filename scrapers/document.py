"""Bytes as fetched or read from disk -> clean report text.

Reports arrive as UTF-8 or GBK text, as whole HTML pages, as HTML fragments or as PDF. The
parser wants one thing: the report's text with paragraphs as lines, and nothing else,
because a figure in a sidebar ("全市GDP增长8%" in a news teaser) would be read as the
report's own. So the page is cut down to its content block (the source's CSS selector, or
else the block that holds most of the running text), chrome inside it is removed, and what
is left is written out one paragraph per line.

Charset detection follows what browsers do for these sites: a BOM, the HTTP header, then
`<meta>`, then UTF-8, then GB18030 (a superset of GBK and GB2312, which the older
provincial portals use). Never `errors="ignore"`: a wrong guess must show, not silently
drop characters.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Iterable

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction


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
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|span|meta|br)\b", re.I)

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
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _cjk_share(text: str) -> float:
    wide = sum(1 for ch in text[:20000] if ord(ch) > 127)
    return len(_CJK_CHAR.findall(text[:20000])) / wide if wide else 0.0


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
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(sample) // 20:
        raise NotText("the input looks binary, not text")


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


# -- HTML -------------------------------------------------------------------------------------
_BLOCK_TAGS = frozenset(("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                         "article", "main", "table", "tbody", "thead", "tfoot", "ul", "ol", "dl", "dd", "dt",
                         "blockquote", "pre", "center", "figure", "figcaption", "caption", "hr", "address",
                         "form", "fieldset", "header", "footer", "nav", "aside", "body", "html"))
_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
              "select", "svg", "template", "object", "embed", "map", "input", "textarea", "link", "meta")
_PARAGRAPH_TAGS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre",
                             "figcaption", "caption", "span", "font", "strong", "b", "em", "i", "u"))
_CHROME_TOKENS = frozenset((
    "nav", "navbar", "menu", "submenu", "sidebar", "side", "aside", "footer", "foot", "header", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "share", "bdshare", "bdsharebuttonbox", "position", "related", "relate",
    "recommend", "copyright", "banner", "toolbar", "tool", "tools", "print", "fontsize", "qrcode", "ewm",
    "login", "search", "pager", "pagination", "comment", "comments", "advert", "friendlink", "links", "weizhi",
    "dqwz", "xgwz", "xgxx", "xgyd", "bottom",
))
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_WS = re.compile(r"[\s\u00a0\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CHROME_PREFIX = re.compile(
    r"^(?:责任编辑|编辑\s*[：:]|扫一扫|网站地图|主办单位|承办单位|版权所有|备案号|当前位置|您当前的位置|您的位置|"
    r"首页\s*[>＞»]|上一篇|下一篇|相关阅读|相关链接|相关新闻|相关文章|浏览次数|阅读次数|点击数|访问量|"
    r"来源\s*[：:]|信息来源\s*[：:]|发布时间\s*[：:]|发布日期\s*[：:]|日期\s*[：:]\s*\d|"
    r"(?:【\s*)?字号\s*[：:]|共\s*\d+\s*页)")
_CHROME_WORDS = frozenset((
    "打印", "打印本页", "关闭", "关闭窗口", "收藏", "加入收藏", "分享", "分享到", "返回", "返回顶部", "返回首页", "下载",
    "全屏", "字号", "字体", "大", "中", "小", "默认", "上一页", "下一页", "首页", "尾页", "末页", "微信", "微博",
    "QQ空间", "扫一扫", "复制链接", "纠错", "我要纠错", "视力保护色", "朗读", "保存",
))
_PAGER_WORDS = frozenset(("上一页", "下一页", "首页", "尾页", "末页"))
_CHROME_SEP = re.compile(r"[\s【】\[\]()（）|｜/·•>＞»<＜«:：,，、]+")
_PHOTO_CREDIT = re.compile(r"(?:摄|摄影|供图|图片来源[^。]{0,20})\s*[）)]?\s*$")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—{2}| - )\s*")


def _tokens(tag: Tag) -> set[str]:
    values: list[str] = []
    for attr in ("id", "class"):
        v = tag.get(attr)
        if isinstance(v, list):
            values.extend(v)
        elif isinstance(v, str):
            values.append(v)
    out: set[str] = set()
    for v in values:
        out.update(t for t in _TOKEN_SPLIT.split(v.lower()) if t)
    return out


_SKIP_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)


def _measure(root: Tag) -> dict[int, tuple[int, int]]:
    """(text length, text length inside links) of every tag under `root`, in one pass.

    Children come after their parents in document order, so walking the tags backwards
    sums each tag from its already-measured children: linear even for pathologically deep
    pages, where measuring each tag separately would be quadratic.
    """
    sizes: dict[int, tuple[int, int]] = {}
    for tag in reversed([root, *root.find_all(True)]):
        total = linked = 0
        for child in tag.children:
            if isinstance(child, Tag):
                t, lk = sizes.get(id(child), (0, 0))
                total += t
                linked += lk
            elif isinstance(child, NavigableString) and not isinstance(child, _SKIP_STRINGS):
                total += len(_WS.sub("", child))
        sizes[id(tag)] = (total, total if tag.name == "a" else linked)
    return sizes


class _Remover:
    """Decomposes tags and remembers what went with them.

    bs4's `Tag.decomposed` falls through to a descendant search (`find("_decomposed")`)
    on live tags, which makes a removal loop quadratic; and a decomposed tag's attributes
    must not be touched at all. So removed tags are tracked by identity, before removal.
    """

    def __init__(self) -> None:
        self._gone: set[int] = set()

    def gone(self, tag: Tag) -> bool:
        return id(tag) in self._gone

    def remove(self, tag: Tag) -> None:
        if id(tag) in self._gone:
            return
        self._gone.add(id(tag))
        self._gone.update(id(d) for d in tag.descendants)
        tag.decompose()


def _text_len(node: Tag) -> int:
    return _measure(node)[id(node)][0]


def _drop_chrome(scope: Tag, keep_over: int) -> None:
    """Remove navigation, share bars, footers and the like inside `scope`.

    An element is dropped by its id/class words, except when it holds more than
    `keep_over` characters of text: a wrapper named `main-nav-content` that holds the
    whole report is a misnomer, not chrome.
    """
    sizes = _measure(scope)
    rm = _Remover()
    for tag in scope.find_all(True):
        if not rm.gone(tag) and _tokens(tag) & _CHROME_TOKENS and sizes.get(id(tag), (0, 0))[0] <= keep_over:
            rm.remove(tag)


def _drop_captions(root: Tag) -> None:
    """Photos with their captions ("3月5日，…开幕。") are page decoration, not report text."""
    sizes = _measure(root)
    rm = _Remover()
    for img in root.find_all("img"):
        if rm.gone(img):
            continue
        box = img.parent
        while box is not None and box is not root and box.name not in ("p", "div", "figure", "center", "td", "table"):
            box = box.parent
        if box is not None and box is not root and sizes.get(id(box), (0, 0))[0] < 120:
            rm.remove(box)
        else:
            rm.remove(img)
    for fig in root.find_all(["figure", "figcaption"]):
        rm.remove(fig)


def _drop_link_lists(root: Tag) -> None:
    """Lists of links inside the content block are 'related articles', never report text."""
    sizes = _measure(root)
    rm = _Remover()
    for tag in root.find_all(["ul", "ol", "div", "table", "dl"]):
        if rm.gone(tag):
            continue
        total, linked = sizes.get(id(tag), (0, 0))
        if total and linked / total > 0.6 and total < 400:
            rm.remove(tag)


def _largest_block(soup: BeautifulSoup) -> Tag | None:
    """The element that holds most running text, readability-style.

    Each text node credits its paragraph's container fully and the container's parent by
    half, so the article body (many paragraphs under one parent) beats both a single long
    paragraph and a sidebar of short teasers. Link text counts for nothing. One iterative
    walk carries the nearest block and "inside a link" down the tree.
    """
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    stack: list[tuple[Tag, Tag | None, bool]] = [(soup, None, False)]
    while stack:
        node, block, in_link = stack.pop()
        for child in node.children:
            if isinstance(child, Tag):
                stack.append((child, child if child.name in _BLOCK_TAGS else block, in_link or child.name == "a"))
            elif isinstance(child, NavigableString) and not isinstance(child, _SKIP_STRINGS):
                n = len(_WS.sub("", child))
                if not n or in_link or block is None:
                    continue
                container = block.parent if block.name in _PARAGRAPH_TAGS else block
                if container is None:
                    continue
                for weight, tag in ((1.0, container), (0.5, container.parent)):
                    if tag is None or tag.name == "[document]":
                        continue
                    scores[id(tag)] = scores.get(id(tag), 0.0) + n * weight
                    tags[id(tag)] = tag
    if not scores:
        return None
    return tags[max(scores, key=lambda k: scores[k])]


def _select_root(soup: BeautifulSoup, selectors: Iterable[str]) -> tuple[Tag | None, str]:
    for sel in selectors:
        try:
            found = soup.select(sel)
        except Exception:  # noqa: BLE001 - soupsieve raises several types for a bad selector
            continue
        found = [f for f in found if _text_len(f) >= 20]
        if found:
            return max(found, key=_text_len), f"selector:{sel}"
    return None, ""


def _title(soup: BeautifulSoup) -> str | None:
    meta = soup.find("meta", attrs={"name": re.compile(r"^(?:ArticleTitle|title)$", re.I)})
    if isinstance(meta, Tag) and isinstance(meta.get("content"), str) and meta["content"].strip():
        return _WS.sub(" ", str(meta["content"])).strip()
    for sel in ("#ti", "#ivs_title", ".share-title", ".article-title", ".art_title h2"):
        try:
            el = soup.select_one(sel)
        except Exception:  # noqa: BLE001
            el = None
        if el is not None:
            text = _WS.sub(" ", el.get_text()).strip()
            if text:
                return text
    if soup.title and soup.title.string:
        raw = _WS.sub(" ", soup.title.string).strip()
        parts = [p.strip() for p in _TITLE_SPLIT.split(raw) if p.strip()]
        # "2025年政府工作报告_某市人民政府" and "权威发布 | 某市政府工作报告全文": the part
        # naming the report, else the first (site names come last).
        return next((p for p in parts if "报告" in p), parts[0] if parts else raw) or None
    return None


def _squash(s: str) -> str:
    s = _WS.sub(" ", _INVISIBLE.sub("", s)).strip()
    return _SPACE_BETWEEN_CJK.sub("", s)


def _lines(root: Tag) -> list[str]:
    """Text of `root`, one line per block element or <br>; iterative, so deep pages cannot
    exhaust the recursion limit."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = _squash("".join(buf))
            if line:
                out.append(line)
            buf.clear()

    stack: list[object] = [iter(root.children)]
    while stack:
        top = stack[-1]
        if top == "end-block":
            stack.pop()
            flush()
            continue
        assert hasattr(top, "__next__")
        child = next(top, None)  # type: ignore[call-overload]
        if child is None:
            stack.pop()
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, CData, ProcessingInstruction, Declaration, Doctype)):
                buf.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                flush()
            elif child.name in _BLOCK_TAGS:
                flush()
                stack.append("end-block")
                stack.append(iter(child.children))
            else:
                stack.append(iter(child.children))
    flush()
    return out


def _is_english(line: str) -> bool:
    if re.search(f"[{_CJK}]", line):
        return False
    letters = sum(1 for ch in line if ch.isascii() and ch.isalpha())
    return letters >= 12 and len(line.split()) >= 3


def drop_english_twins(lines: list[str]) -> list[str]:
    """Bilingual pages (Chinese paragraph, then its English translation) -> the Chinese.

    Only when both languages are present in bulk: an English line in a Chinese report
    (a name, a URL) is not enough, and an all-English page stays as it is.
    """
    english = [i for i, line in enumerate(lines) if _is_english(line)]
    chinese = sum(1 for line in lines if len(re.findall(f"[{_CJK}]", line)) >= 4)
    if len(english) < 3 or chinese < 3:
        return lines
    drop = set(english)
    return [line for i, line in enumerate(lines) if i not in drop]


def _is_chrome(line: str) -> bool:
    """A tool-bar line ("【字号：大 中 小】【打印】【关闭】", "上一页 1 2 下一页") or a metadata line."""
    if _CHROME_PREFIX.match(line):
        return True
    words = [w for w in _CHROME_SEP.split(line) if w]
    if not words:
        return False
    pager = any(w in _PAGER_WORDS for w in words)
    return all(w in _CHROME_WORDS or (pager and w.isdigit()) for w in words)


def cut_at_end_marker(lines: list[str], end_markers: Iterable[str]) -> list[str]:
    """Cut at the first line that starts with a marker (or is a short line containing one).

    A marker near the top is a false alarm (a menu item with the same words); cutting
    there would lose the report, so a cut only happens once most of the text is behind.
    """
    markers = [m for m in end_markers if m]
    if not markers:
        return lines
    total = sum(len(x) for x in lines)
    before = 0
    for i, line in enumerate(lines):
        if any(line.startswith(m) or (m in line and len(line) < 80) for m in markers) and before >= total * 0.5:
            return lines[:i]
        before += len(line)
    return lines


def filter_lines(lines: list[str], end_markers: Iterable[str] = ()) -> list[str]:
    """Cut at the page's footer, then drop page chrome lines and English twins."""
    kept: list[str] = []
    for line in cut_at_end_marker(lines, end_markers):
        if not any(ch.isalnum() for ch in line):
            continue  # "[", "]", "|", "——": wrapper and decoration
        if len(line) <= 80 and (_is_chrome(line) or _PHOTO_CREDIT.search(line)):
            continue
        kept.append(line)
    return drop_english_twins(kept)


def html_to_text(html: str, selectors: tuple[str, ...] = (), *, drop: Iterable[str] = (),
                 end_markers: Iterable[str] = ()) -> tuple[str, str | None]:
    """Visible report text of a page, one paragraph per line; `selectors` pick the content block."""
    text, title, _ = _html_to_text(html, selectors, drop, end_markers)
    return text, title


MAX_HTML_CHARS = 6_000_000
MAX_HTML_TAGS = 150_000
"""A report page has a few thousand elements; a million <p> would cost minutes of CPU and
gigabytes in BeautifulSoup, so a page past either cap is refused before it is parsed."""


def _check_html_size(html: str) -> None:
    if len(html) > MAX_HTML_CHARS:
        raise NotText(f"the page is {len(html):,} characters of HTML, more than the {MAX_HTML_CHARS:,} a report "
                      "page needs; not parsed (fetch the report's own page or its PDF)")
    tags = html.count("<")
    if tags > MAX_HTML_TAGS:
        raise NotText(f"the page has some {tags:,} HTML tags, more than the {MAX_HTML_TAGS:,} a report page "
                      "needs; not parsed (fetch the report's own page or its PDF)")


def _html_to_text(html: str, selectors: Iterable[str], drop: Iterable[str],
                  end_markers: Iterable[str]) -> tuple[str, str | None, str]:
    _check_html_size(html)
    soup = BeautifulSoup(html, "lxml")
    title = _title(soup)
    rm = _Remover()
    if soup.head is not None:
        rm.remove(soup.head)  # its <title> is not report text
    for tag in soup(_DROP_TAGS):
        rm.remove(tag)
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for sel in drop:
        try:
            found = soup.select(sel)
        except Exception:  # noqa: BLE001 - soupsieve raises several types; a bad user selector is skipped
            continue
        for tag in found:
            rm.remove(tag)
    root, how = _select_root(soup, selectors)
    if root is None:
        body = soup.body or soup
        _drop_chrome(body, keep_over=_text_len(body) // 2)
        root = _largest_block(soup)
        how = "largest-block"
        if root is None:
            root, how = (soup.body or soup), "whole"
    _drop_chrome(root, keep_over=_text_len(root) // 2)
    _drop_captions(root)
    _drop_link_lists(root)
    lines = filter_lines(_lines(root), end_markers)
    return ("\n".join(lines) + "\n") if lines else "", title, how


_SPACES = re.compile(r"[ \t\u00a0\u3000\r\f\v]+")


def clean_lines(raw: str) -> str:
    """Collapse runs of blanks inside lines and drop empty lines; paragraphs stay lines."""
    lines = []
    for line in raw.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


# -- PDF ----------------------------------------------------------------------------------------
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[-—–－\s]*$")
_SENTENCE_END = tuple("。！？；：”」』）)!?;:")


def reflow_pdf_lines(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that the PDF's layout broke into lines of the column width.

    A line that fills the column and does not end a sentence continues on the next line;
    short lines (headings, the last line of a paragraph) end their paragraph.
    """
    lines = [_squash(x) for x in lines]
    lines = [x for x in lines if x and not _PAGE_NUMBER.match(x)]
    if not lines:
        return []
    widths = sorted(len(x) for x in lines)
    # The column width: the longest line, or the 90th percentile once there are enough
    # lines for one stray long line (a table row) not to set it.
    full = widths[int(len(widths) * 0.9) - 1] if len(widths) >= 10 else widths[-1]
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out:
            sep = "" if re.match(f"[{_CJK}]", line) or re.search(f"[{_CJK}]$", out[-1]) else " "
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
        joining = len(line) >= full * 0.85 and not line.endswith(_SENTENCE_END)
    return out


def pdf_to_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - pypdf raises assorted types here
                raise NotText(f"the PDF is encrypted: {exc}") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except NotText:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotText(f"the PDF could not be read: {exc}") from exc
    lines = reflow_pdf_lines("\n".join(pages).splitlines())
    text = "\n".join(lines)
    if not text.strip():
        raise NotText("the PDF has no text layer (a scanned document?)")
    return text + "\n"


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
        return Document(pdf_to_text(data), None, "binary", "pdf", "pdf")
    text, cs = decode(data, content_type, forced=charset or None)
    _check_readable(text)
    if (content_type or "").lower().startswith(("text/html", "application/xhtml")) or looks_like_html(text):
        body, title, how = _html_to_text(text, selectors, drop, end_markers)
        if not body.strip():
            raise NotText("the page has no visible text")
        return Document(body, title, cs, "html", how)
    return Document(text, None, cs, "text", "whole")
