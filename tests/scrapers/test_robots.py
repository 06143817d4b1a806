"""robots.txt rules as RFC 9309 has them (longest match, Allow wins ties, * and $)."""
from __future__ import annotations

import time

from targetwatch.scrapers.robots import Robots

TEXT = """
# comments are ignored
User-agent: *
Disallow: /zwgk/private/
Allow: /zwgk/private/open.html
Disallow: /*.pdf$
Disallow: /search?
Crawl-delay: 3

User-agent: Targetwatch
User-agent: otherbot
Disallow: /only-for-us/
"""


def test_specific_group_replaces_the_star_group() -> None:
    r = Robots.parse(TEXT, "targetwatch")
    assert not r.allowed("https://www.example.gov.cn/only-for-us/x.html")
    assert r.allowed("https://www.example.gov.cn/zwgk/private/x.html")  # the * group does not apply
    assert r.crawl_delay is None


def test_star_group_longest_match_and_allow_tie() -> None:
    r = Robots.parse(TEXT, "somebot")
    assert not r.allowed("/zwgk/private/report.html")
    assert r.allowed("/zwgk/private/open.html")  # the longer Allow wins
    assert r.allowed("/zwgk/public/report.html")
    assert r.crawl_delay == 3.0
    tie = Robots.parse("User-agent: *\nDisallow: /a\nAllow: /a\n")
    assert tie.allowed("/a/b")


def test_wildcards_and_end_anchor() -> None:
    r = Robots.parse(TEXT, "somebot")
    assert not r.allowed("/gongbao/2025/gwygb202509.pdf")
    assert r.allowed("/gongbao/2025/gwygb202509.pdf?download=1")  # $ anchors the end
    assert not r.allowed("/search?q=报告")
    assert r.allowed("/search")


def test_empty_disallow_allows_all_and_robots_txt_itself_is_allowed() -> None:
    r = Robots.parse("User-agent: *\nDisallow:\n")
    assert r.allowed("/anything")
    assert Robots.disallow_all().allowed("/robots.txt")
    assert not Robots.disallow_all().allowed("/")


def test_percent_encoding_is_compared_canonically() -> None:
    r = Robots.parse("User-agent: *\nDisallow: /政务/\n")
    assert not r.allowed("/%E6%94%BF%E5%8A%A1/index.html")


def test_many_wildcards_cannot_make_matching_slow() -> None:
    r = Robots.parse("User-agent: *\nDisallow: /" + "*a" * 200 + "b$\n")
    start = time.monotonic()
    assert r.allowed("/" + "a" * 5000)
    assert time.monotonic() - start < 0.5
