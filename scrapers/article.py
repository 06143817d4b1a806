"""A report page -> the whole report text, following the article's further pages.

Some CMSs split long articles into `content.htm`, `content_2.htm`, … (or TRS's
`t2025…_1.html`, announced by a `createPageHTML` call), and a report read from page 1 only
would silently lack its targets section. This module finds the other pages of the same
article, fetches them through the same polite `Fetcher`, and joins their texts.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from targetwatch.scrapers.document import Document, decode, extract_text, is_pdf
from targetwatch.scrapers.http import FetchResult, Fetcher
from targetwatch.scrapers.listing import clean_url, create_page_calls
from targetwatch.scrapers.registry import Registry, Source

MAX_ARTICLE_PAGES = 30
_NEXT_PAGE_TEXTS = frozenset(("下一页", "下页", "下一頁"))


def _split_name(url: str) -> tuple[str, str, str]:
    """(directory, article stem without a page suffix, extension) of a page URL."""
    path = urlsplit(url).path
    directory, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    base, sep, num = stem.rpartition("_")
    if sep and base and _is_page_number(num):
        stem = base  # content_2 -> content; an article id (content_2616810) has more digits
    return directory, stem, ext


def _is_page_number(text: str) -> bool:
    return text.isdigit() and len(text) <= 3


def article_pages(html: str, url: str, limit: int = MAX_ARTICLE_PAGES) -> list[str]:
    """URLs of the other pages of the article at `url`, in page order."""
    directory, stem, ext = _split_name(url)
    host = urlsplit(url).netloc
    numbered: dict[int, str] = {}
    extra: list[str] = []
    soup = BeautifulSoup(html, "lxml")
    for a in soup.find_all("a"):
        href = a.get("href")
        target = clean_url(url, href) if isinstance(href, str) else None
        if target is None or urlsplit(target).netloc != host or target == url:
            continue
        t_dir, _, t_name = urlsplit(target).path.rpartition("/")
        t_stem, _, t_ext = t_name.rpartition(".")
        prefix = stem + "_"
        if t_dir == directory and t_ext == ext and t_stem.startswith(prefix) and _is_page_number(t_stem[len(prefix):]):
            numbered.setdefault(int(t_stem[len(prefix):]), target)
        elif " ".join(a.get_text().split()) in _NEXT_PAGE_TEXTS and t_dir == directory:
            extra.append(target)
    for script in soup.find_all("script"):
        body = script.string or script.get_text()
        for count, js_stem, js_ext in create_page_calls(body or ""):
            if js_stem == stem:
                for n in range(1, min(count, limit + 1)):
                    numbered.setdefault(n, urljoin(url, f"{js_stem}_{n}.{js_ext}"))
    ordered = [numbered[k] for k in sorted(numbered)]
    for target in extra:
        if target not in ordered:
            ordered.append(target)
    return [u for u in ordered if u != url][:limit]


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    url: str
    document: Document
    pages: tuple[str, ...]
    results: tuple[FetchResult, ...]

    def archivable(self) -> tuple[bytes, str | None]:
        """The bytes to archive and their content type.

        One page is kept exactly as served (its raw bytes are the provenance); a report spread
        over several pages has no single original, so its joined text is what is kept.
        """
        if len(self.results) == 1:
            return self.results[0].content, self.results[0].content_type
        return self.document.text.encode("utf-8"), "text/plain; charset=utf-8"


def _extract(result: FetchResult, source: Source | None) -> Document:
    if source is None:
        return extract_text(result.content, result.content_type)
    return extract_text(result.content, result.content_type, source.content_selectors, charset=source.charset,
                        drop=source.drop, end_markers=source.end_markers)


def _join(texts: list[str]) -> str:
    """Page 2+ often repeat the title block of page 1; keep those lines once."""
    first = texts[0].splitlines()
    head = set(first[:3])
    lines = list(first)
    for text in texts[1:]:
        page = text.splitlines()
        while page and page[0] in head:
            page.pop(0)
        lines.extend(page)
    return "\n".join(lines) + ("\n" if lines else "")


def fetch_document(url: str, fetcher: Fetcher, source: Source | None = None, *, registry: Registry | None = None,
                   max_pages: int = MAX_ARTICLE_PAGES) -> FetchedDocument:
    """Fetch a report page (and its further pages) and extract its text.

    The source (given, or looked up by host in `registry`) supplies selectors, charset and
    end markers; without one the generic extraction is used. Raises FetchError or NotText.
    """
    if source is None and registry is not None:
        source = registry.for_url(url)
    headers = dict(source.headers) if source else None
    if source is not None and source.delay:
        for host in {urlsplit(url).netloc.lower(), *source.all_hosts()}:
            fetcher.set_host_interval(host, source.delay)
    first = fetcher.get(url, headers=headers)
    results = [first]
    doc = _extract(first, source)
    if is_pdf(first.content, first.content_type) or doc.media != "html":
        return FetchedDocument(first.url, doc, (first.url,), tuple(results))
    html, _ = decode(first.content, first.content_type, forced=source.charset if source else None)
    todo = article_pages(html, first.url, max_pages - 1)
    done = {first.url, url}
    texts = [doc.text]
    pages = [first.url]
    while todo and len(pages) < max_pages:
        nxt = todo.pop(0)
        if nxt in done:
            continue
        done.add(nxt)
        res = fetcher.get(nxt, headers=headers)
        results.append(res)
        page_doc = _extract(res, source)
        texts.append(page_doc.text)
        pages.append(res.url)
        page_html, _ = decode(res.content, res.content_type, forced=source.charset if source else None)
        for more in article_pages(page_html, res.url, max_pages):
            if more not in done and more not in todo:
                todo.append(more)
    if len(texts) == 1:
        return FetchedDocument(first.url, doc, tuple(pages), tuple(results))
    joined = Document(_join(texts), doc.title, doc.charset, doc.media, doc.block, len(texts))
    return FetchedDocument(first.url, joined, tuple(pages), tuple(results))
