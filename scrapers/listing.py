"""Index (listing) pages -> candidate links, and the next listing pages.

The portals use three CMS families and each hides its links differently: TRS pages have
plain `<a>` tags (pagination by `index_1.html`, announced in a `createPageHTML(...)`
script call), Hanweb (大汉) pages keep the list in `<script type="text/xml"><datastore>`
records inside CDATA (more via a `dataproxy.jsp` link in `<nextgroup>`), and some pages
(tj.gov.cn) put the target in an `onclick` handler. gov.cn also serves JSON feeds. The
functions here read all of these, so a region whose site changes CMS keeps working with
the same registry entry. Everything here is pure: HTML in, links out.
"""
from __future__ import annotations

import html as htmlmod
import json
import re
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),               # TRS: /202501/t20250120_6838884.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),       # Hanweb: /art/2025/2/26/art_…
    re.compile(r"/((?:19|20)\d{2})[-/](\d{2})[-/](\d{2})/"),         # /2022/01-11/, /2017-03/16/ is below
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),                 # /nw12336/20240129/…
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(?:t|content_|c)"),        # /202403/content_…, /202501/c00_…
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),               # /premier/2017-03/16/content_…
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_BRACKETED = re.compile(r"[（(【\[]\s*((?:19|20)\d{2})\s*[)）】\]]")
_YEAR_BARE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_ROW_TAGS = ("li", "tr", "dd", "p")
_TRAILING_DATE = re.compile(r"\s*[\[(（]?(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}[\])）]?$")
_QUOTED = re.compile(r"""["']([^"'\s<>]{1,300})["']""")
_PAGEVAR = re.compile(r"""\b(pageCount|countPage|totalPage|pageName|pageExt|prefix|suffix)\s*[=:]\s*["']?([\w.-]{1,40})""")
_CREATE_PAGE = "createpagehtml("
_PAGE_SUFFIXES = ("html", "shtml", "htm")
_NEXT_TEXTS = frozenset(("下一页", "下页", "下一頁", "后页", "next", ">", "›", "»"))


def _soup(markup: str) -> BeautifulSoup:
    # Hanweb's dataproxy answers are XML; lxml's HTML parser reads them fine and keeps CDATA.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "lxml")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str
    date: str | None = None  # YYYY-MM-DD when the page or the URL says


def clean_url(base: str, href: str) -> str | None:
    href = htmlmod.unescape(href.strip())
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _norm_date(y: str, m: str, d: str) -> str | None:
    try:
        yi, mi, di = int(y), int(m), int(d)
    except ValueError:
        return None
    if not (1 <= mi <= 12 and 1 <= di <= 31):
        return None
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def date_in_text(text: str) -> str | None:
    m = _DATE.search(text or "")
    return _norm_date(*m.groups()) if m else None


def date_in_url(url: str) -> str | None:
    path = urlsplit(url).path
    for pat in _URL_DATES:
        m = pat.search(path)
        if m:
            groups = m.groups()
            return _norm_date(groups[0], groups[1], groups[2] if len(groups) > 2 else "1")
    return None


def year_in_title(title: str) -> int | None:
    """The report's year as its title states it: 2025年政府工作报告, 政府工作报告（2025）, 二〇二五年."""
    for pat in (_YEAR_IN_TITLE, _YEAR_BRACKETED):
        m = pat.search(title)
        if m:
            return int(m.group(1))
    m = _CN_YEAR.search(title)
    if m:
        return int("".join(_CN_DIGITS[c] for c in m.group(1)))
    m = _YEAR_BARE.search(title)
    return int(m.group(1)) if m else None


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _link_title(tag: Tag) -> str:
    """Lists shorten long titles with "…" in the text but keep the whole one in title=;
    a clickable row (<li onclick>) also holds its date, which is not part of the title."""
    attr = tag.get("title")
    text = _text(tag)
    if isinstance(attr, str) and attr.strip():
        attr = " ".join(attr.split())
        if len(attr) >= len(text.rstrip(".…")) or text.startswith(attr) or text.endswith(("…", "...")):
            return attr
    return _TRAILING_DATE.sub("", text)


def _row_date(tag: Tag) -> str | None:
    """The date printed next to a link (<li><a>…</a><span>2025-01-20</span></li>).

    The last date of the row counts (date columns come after the title), and a link's own
    text is left out: "——2024年1月22日在…会议上" names the day of the speech, not of
    publication. A container holding several links is a list, not a row: no date from it.
    """
    if tag.name in _ROW_TAGS:
        row, own = tag, set()
    else:
        row = tag.parent
        while row is not None and row.name not in _ROW_TAGS + ("div",):
            row = row.parent
        if row is None or len(row.find_all("a")) + len(row.find_all(attrs={"onclick": True})) > 2:
            return None
        own = {id(x) for x in tag.find_all(string=True)}
    outside = " ".join(x for x in row.find_all(string=True) if id(x) not in own)
    found = _DATE.findall(outside)
    return _norm_date(*found[-1]) if found else None


def _anchor_links(soup: BeautifulSoup, base: str) -> Iterator[Link]:
    for a in soup.find_all("a"):
        href = a.get("href")
        url = clean_url(base, href) if isinstance(href, str) else None
        if url is None:
            continue
        yield Link(url, _link_title(a), _row_date(a) or date_in_url(url))


def _onclick_target(handler: str) -> str | None:
    for m in _QUOTED.finditer(handler):
        cand = m.group(1)
        if cand.startswith(("http://", "https://", "/", "./", "../")) or \
                cand.lower().endswith((".html", ".htm", ".shtml", ".pdf", ".jsp")):
            return cand
    return None


def _onclick_links(soup: BeautifulSoup, base: str) -> Iterator[Link]:
    for tag in soup.find_all(attrs={"onclick": True}):
        handler = tag.get("onclick")
        target = _onclick_target(handler) if isinstance(handler, str) else None
        url = clean_url(base, target) if target else None
        if url is None:
            continue
        yield Link(url, _link_title(tag), _row_date(tag) or date_in_url(url))


def _between(text: str, start: str, end: str) -> Iterator[str]:
    """Every substring between `start` and `end`, found with str.find (no regex backtracking)."""
    pos = 0
    while True:
        i = text.find(start, pos)
        if i < 0:
            return
        j = text.find(end, i + len(start))
        if j < 0:
            return
        yield text[i + len(start):j]
        pos = j + len(end)


def _datastore_blocks(raw: str) -> Iterator[str]:
    text = raw if "<datastore" in raw else htmlmod.unescape(raw) if "&lt;datastore" in raw else ""
    yield from _between(text, "<datastore>", "</datastore>")


def _record_html(record: str) -> str:
    record = record.strip()
    if record.startswith("<![CDATA["):
        record = record[len("<![CDATA["):]
        if record.endswith("]]>"):
            record = record[:-3]
    return record


def _datastore(raw: str, base: str) -> tuple[list[Link], list[str]]:
    links: list[Link] = []
    more: list[str] = []
    for block in _datastore_blocks(raw):
        for record in _between(block, "<record>", "</record>"):
            frag = _soup(_record_html(record))
            links.extend(_anchor_links(frag, base))
        for group in _between(block, "<nextgroup>", "</nextgroup>"):
            frag = _soup(_record_html(group))
            for a in frag.find_all("a"):
                href = a.get("href")
                url = clean_url(base, href) if isinstance(href, str) else None
                if url:
                    more.append(url)
    return links, more


def _json_links(data: Any, base: str, depth: int = 0) -> Iterator[Link]:
    """Items of a JSON feed: any object with a URL-ish and a title-ish key."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_links(item, base, depth + 1)
    elif isinstance(data, dict):
        keys = {k.lower(): k for k in data}
        url_key = next((keys[k] for k in ("url", "publishurl", "link", "href", "docpuburl") if k in keys), None)
        title_key = next((keys[k] for k in ("title", "doctitle", "name") if k in keys), None)
        if url_key and title_key and isinstance(data[url_key], str) and isinstance(data[title_key], str):
            url = clean_url(base, data[url_key])
            if url:
                date_key = next((keys[k] for k in ("docrelpubtime", "publishtime", "pubdate", "date", "time")
                                 if k in keys), None)
                date = date_in_text(str(data[date_key])) if date_key else None
                title = _soup(data[title_key]).get_text(" ") if "<" in data[title_key] else data[title_key]
                yield Link(url, " ".join(title.split()), date or date_in_url(url))
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _json_links(value, base, depth + 1)


def extract_links(page: str, base: str) -> list[Link]:
    """All candidate links on a listing page, in page order, each URL once."""
    links: list[Link] = []
    stripped = page.lstrip()
    if stripped[:1] in ("[", "{"):
        try:
            links.extend(_json_links(json.loads(stripped), base))
        except ValueError:
            pass
    if not links:
        soup = _soup(page)
        links.extend(_anchor_links(soup, base))
        links.extend(_onclick_links(soup, base))
        for script in soup.find_all("script"):
            links.extend(_datastore(script.string or script.get_text(), base)[0])
    best: dict[str, Link] = {}
    for link in links:
        have = best.get(link.url)
        if have is None or (len(link.title) > len(have.title)) or (have.date is None and link.date):
            best[link.url] = Link(link.url, link.title if have is None or len(link.title) >= len(have.title)
                                  else have.title, link.date or (have.date if have else None))
    return list(best.values())


def _page_stem(url: str) -> tuple[str, str, str]:
    """(directory URL, stem, extension) of a listing page; a bare directory is index.html."""
    parts = urlsplit(url)
    path = parts.path or "/"
    directory, _, name = path.rpartition("/")
    if not name:
        name = "index.html"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    base_stem, sep, num = stem.rpartition("_")
    if sep and num.isdigit():
        stem = base_stem
    elif stem.startswith("index") and stem[5:].isdigit():
        stem = "index"
    return urlunsplit((parts.scheme, parts.netloc, directory + "/", "", "")), stem, ext


def create_page_calls(script: str) -> Iterator[tuple[int, str, str]]:
    """(page count, stem, extension) from TRS `createPageHTML(5, 0, "index", "html")` calls.

    Newer TRS templates pass an element id first (`createPageHTML('page_div', 5, 0,
    'index', 'html', 20)`), so the stem is taken as the string right before the extension.
    """
    low = script.lower()
    pos = 0
    while True:
        i = low.find(_CREATE_PAGE, pos)
        if i < 0:
            return
        j = script.find(")", i)
        if j < 0:
            return
        pos = j + 1
        parts = [p.strip().strip("'\"") for p in script[i + len(_CREATE_PAGE):j].split(",")]
        ints = [int(p) for p in parts if p.isdigit()]
        for k in range(len(parts) - 1):
            if parts[k + 1].lower() in _PAGE_SUFFIXES and parts[k] and not parts[k].isdigit() and ints:
                yield ints[0], parts[k], parts[k + 1]
                break


def next_pages(page: str, url: str, limit: int = 50) -> list[str]:
    """Further listing pages this page points to (pagination), in order, without `url`."""
    directory, stem, ext = _page_stem(url)
    found: list[str] = []

    def add(candidate: str | None) -> None:
        if candidate and candidate != url and candidate not in found and len(found) < limit:
            found.append(candidate)

    stripped = page.lstrip()
    if stripped[:1] in ("[", "{"):
        return []
    soup = _soup(page)
    for a in soup.find_all("a"):
        href = a.get("href")
        target = clean_url(url, href) if isinstance(href, str) else None
        if target is None:
            continue
        if _text(a).lower() in _NEXT_TEXTS:
            add(target)
            continue
        if urlsplit(target).netloc != urlsplit(url).netloc:
            continue
        t_dir, t_stem, _ = _page_stem(target)
        name = urlsplit(target).path.rpartition("/")[2]
        is_numbered = name != "" and (name.rpartition(".")[0].rpartition("_")[2].isdigit()
                                      or name.startswith("index") and name[5:].partition(".")[0].isdigit())
        if t_dir == directory and t_stem == stem and is_numbered:
            add(target)
    for script in soup.find_all("script"):
        body = script.string or script.get_text()
        if not body:
            continue
        for count, js_stem, js_ext in create_page_calls(body):
            for n in range(1, min(count, limit + 1)):
                add(urljoin(directory, f"{js_stem}_{n}.{js_ext}"))
        vars_ = {k.lower(): v for k, v in _PAGEVAR.findall(body)}
        count_s = vars_.get("pagecount") or vars_.get("countpage") or vars_.get("totalpage")
        if count_s and count_s.isdigit():
            js_stem = vars_.get("pagename") or vars_.get("prefix") or stem
            js_ext = vars_.get("pageext") or vars_.get("suffix") or ext or "html"
            for n in range(1, min(int(count_s), limit + 1)):
                add(urljoin(directory, f"{js_stem}_{n}.{js_ext.lstrip('.')}"))
        add_more = _datastore(body, url)[1]
        for more in add_more:
            add(more)
    return found
