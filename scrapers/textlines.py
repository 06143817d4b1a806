"""Lines of page text -> the report's lines: blanks squashed, page chrome and English twins dropped.

What is left of a web page or a PDF after its markup is gone still carries tool bars
("【字号：大 中 小】【打印】"), metadata ("来源：…"), photo credits, footers and, on bilingual
pages, an English translation of every paragraph. These are judged line by line, on text
alone, so the HTML reader (scrapers/htmltext.py) and the PDF reader (scrapers/pdftext.py)
share them and neither loads the other's library.
"""
from __future__ import annotations

import re
from typing import Iterable

WS = re.compile(r"[\s\u00a0\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
"""Chinese characters and punctuation, as the body of a regex character class."""
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
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


def squash(s: str) -> str:
    """One line: invisible characters gone, blanks collapsed, no space between Chinese characters."""
    s = WS.sub(" ", _INVISIBLE.sub("", s)).strip()
    return _SPACE_BETWEEN_CJK.sub("", s)


def _is_english(line: str) -> bool:
    if re.search(f"[{CJK}]", line):
        return False
    letters = sum(1 for ch in line if ch.isascii() and ch.isalpha())
    return letters >= 12 and len(line.split()) >= 3


def drop_english_twins(lines: list[str]) -> list[str]:
    """Bilingual pages (Chinese paragraph, then its English translation) -> the Chinese.

    Only when both languages are present in bulk: an English line in a Chinese report
    (a name, a URL) is not enough, and an all-English page stays as it is.
    """
    english = [i for i, line in enumerate(lines) if _is_english(line)]
    chinese = sum(1 for line in lines if len(re.findall(f"[{CJK}]", line)) >= 4)
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

