"""An HTML page -> its report text, one paragraph per line (BeautifulSoup with lxml).

Only pages need this module and its libraries (bs4, soupsieve, lxml: some 70 ms to import),
so scrapers/document.py imports it when the input is HTML and a plain-text report never
loads them.

The page is cut down to its content block (the source's CSS selector, or else the block that
holds most of the running text), chrome inside it is removed, and what is left is written out
one paragraph per line: a figure in a sidebar ("全市GDP增长8%" in a news teaser) would
otherwise be read as the report's own.
"""
from __future__ import annotations

import re
from typing import Iterable

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from targetwatch.scrapers.document import NotText
from targetwatch.scrapers.textlines import WS, filter_lines, squash

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
                total += len(WS.sub("", child))
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
                n = len(WS.sub("", child))
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
        return WS.sub(" ", str(meta["content"])).strip()
    for sel in ("#ti", "#ivs_title", ".share-title", ".article-title", ".art_title h2"):
        try:
            el = soup.select_one(sel)
        except Exception:  # noqa: BLE001
            el = None
        if el is not None:
            text = WS.sub(" ", el.get_text()).strip()
            if text:
                return text
    if soup.title and soup.title.string:
        raw = WS.sub(" ", soup.title.string).strip()
        parts = [p.strip() for p in _TITLE_SPLIT.split(raw) if p.strip()]
        # "2025年政府工作报告_某市人民政府" and "权威发布 | 某市政府工作报告全文": the part
        # naming the report, else the first (site names come last).
        return next((p for p in parts if "报告" in p), parts[0] if parts else raw) or None
    return None


def _lines(root: Tag) -> list[str]:
    """Text of `root`, one line per block element or <br>; iterative, so deep pages cannot
    exhaust the recursion limit."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = squash("".join(buf))
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


def html_to_text(html: str, selectors: tuple[str, ...] = (), *, drop: Iterable[str] = (),
                 end_markers: Iterable[str] = ()) -> tuple[str, str | None]:
    """Visible report text of a page, one paragraph per line; `selectors` pick the content block."""
    text, title, _ = read_page(html, selectors, drop, end_markers)
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


def read_page(html: str, selectors: Iterable[str], drop: Iterable[str],
              end_markers: Iterable[str]) -> tuple[str, str | None, str]:
    """(text, title, how the text was found: "selector:…", "largest-block" or "whole")."""
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

