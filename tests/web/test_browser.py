"""The pages in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

A live uvicorn server on an ephemeral port serves the test archive. When chromium or the
Playwright package is missing, these tests FAIL with what to install: a web app whose pages
were never opened in a browser is not tested, and a quiet skip would hide that. Set
TARGETWATCH_NO_BROWSER=1 to skip them on purpose; the reason is printed in the summary.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import corpus_path

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

CHROMIUM = os.environ.get("TARGETWATCH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SHOTS = Path(os.environ.get("TARGETWATCH_SHOTS", "")) if os.environ.get("TARGETWATCH_SHOTS") else None


def _need_browser() -> None:
    if os.environ.get("TARGETWATCH_NO_BROWSER"):
        pytest.skip("TARGETWATCH_NO_BROWSER is set: the real-browser tests of the web app DID NOT RUN")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"no chromium at {CHROMIUM}: install it with `apt-get install -y chromium fonts-wqy-zenhei` "
                    "(.ci/run does), or set TARGETWATCH_NO_BROWSER=1 to skip the browser tests knowingly")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def server(sqlite_archive) -> Iterator[str]:  # noqa: ANN001
    import uvicorn

    from targetwatch.web.app import create_app
    from targetwatch.web.context import WebSettings

    app = create_app(sqlite_archive, settings=WebSettings(), warm=False)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()


def shot(pg, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("url, heading", [
    ("/", "各地政府工作报告"), ("/regions/national", "全国：历年目标与实际"),
    ("/regions/guangdong/2026", "广东 2026年政府工作报告"), ("/scoreboard/2025", "2025年目标完成榜"),
    ("/compare", "对比两份报告"), ("/regions/atlantis", "找不到"),
])
def test_pages_render_with_styles_and_no_errors(page, server, url: str, heading: str) -> None:  # noqa: ANN001
    response = page.goto(server + url)
    assert response.status == (404 if "atlantis" in url else 200)
    assert heading in page.locator("h1").inner_text()
    # the stylesheet applied: badges are coloured pills, the header has its background
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor") == "rgb(246, 248, 250)"
    errors = [e for e in page.errors if not ("atlantis" in url and "status of 404" in e)]
    assert not errors, errors
    shot(page, re.sub(r"\W+", "-", url).strip("-") or "index")


def test_answers_are_on_the_first_screen(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/regions/guangdong/2026")
    box = page.locator("section.answers").bounding_box()
    assert box and box["y"] + 120 < 900, "the verdicts must be visible without scrolling"
    assert page.locator("section.answers .badge.v-bad").first.is_visible()
    page.goto(server + "/")
    first_row = page.locator("table.overview tbody tr").first
    assert first_row.bounding_box()["y"] < 900


def test_english_is_one_click_away_and_answers_first(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/regions/guangdong/2026")
    page.locator("header.top a.lang").click()
    page.wait_for_url("**/en/regions/guangdong/2026")
    assert page.locator("h1").inner_text() == "Guangdong: the 2026 government work report"
    answers = page.locator("section.answers")
    assert "Were the 2025 targets met?" in answers.inner_text()
    box = answers.bounding_box()
    assert box and box["y"] + 120 < 900, "the verdicts must be visible without scrolling"
    assert page.locator("section.answers .badge.v-bad").first.inner_text() == "missed"
    assert not page.errors, page.errors
    shot(page, "en-regions-guangdong-2026")
    page.locator("header.top a.lang").click()
    page.wait_for_url("**/regions/guangdong/2026")
    assert page.locator("h1").inner_text() == "广东 2026年政府工作报告"


def test_injected_markup_does_not_run(page, server) -> None:  # noqa: ANN001
    for url in ("/regions/guangdong/2026", "/compare?region=guangdong&old=2025&new=2026",
                "/en/regions/guangdong/2026"):
        page.goto(server + url)
        assert page.evaluate("window.tw === undefined"), f"report text ran as script on {url}"
        assert page.locator("img").count() == 0
        assert page.get_by_text("<script>window.tw=true</script>", exact=False).count() >= 1


def test_chinese_renders_with_a_cjk_font(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/")
    # a CJK glyph is about as wide as the font size; a missing font gives boxes or zero width
    width = page.evaluate("""() => { const s = document.createElement('span'); s.textContent = '国国国国国国国国国国';
        s.style.fontSize = '20px'; document.body.appendChild(s); const w = s.getBoundingClientRect().width;
        s.remove(); return w; }""")
    assert 150 <= width <= 260, f"ten CJK characters at 20px measured {width}px: is fonts-wqy-zenhei installed?"


def test_sort_the_scoreboard_by_clicking(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/scoreboard/2025")
    page.get_by_role("link", name="地区生产总值增长").first.click()
    page.wait_for_url("**sort=gdp_growth")
    first = page.locator("table.board tbody tr td.region").first.inner_text()
    assert first == "广东"
    missed_cell = page.locator("td.v-bad-cell").first
    assert page.evaluate("e => getComputedStyle(e).backgroundColor", missed_cell.element_handle()) == "rgb(255, 235, 233)"


def test_all_series_one_click_away(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/regions/national")
    before = page.locator("section.series").count()
    page.get_by_role("link", name=re.compile(r"全部 \d+ 项指标")).click()
    page.wait_for_url("**all=1")
    assert page.locator("section.series").count() > before
    assert page.locator("section.series svg").count() >= 3


def test_compare_two_archived_reports_through_the_form(page, server) -> None:  # noqa: ANN001
    page.goto(server + "/compare")
    form = page.locator("form[method=get]")
    form.locator("select[name=region]").select_option("beijing")
    form.locator("input[name=old]").fill("2025")
    form.locator("input[name=new]").fill("2026")
    form.get_by_role("button", name="对比").click()
    page.wait_for_url("**region=beijing**")
    assert "北京：2026年报告与2025年报告" in page.locator("section.answers").inner_text()


def test_upload_through_the_form_without_javascript(browser, server, sqlite_archive) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    before = sqlite_archive.max_document_id()
    pg.goto(server + "/compare")
    form = pg.locator("form[method=post]")
    form.locator("input[type=file]").set_input_files(str(corpus_path() / "reports" / "beijing" / "2026.txt"))
    form.locator("select[name=region]").select_option("beijing")
    form.locator("input[name=year]").fill("2026")
    form.get_by_role("button", name="上传并对比").click()
    pg.wait_for_load_state()
    assert "北京：上传的2026年报告与已归档的2025年报告" in pg.locator("section.answers").inner_text()
    assert sqlite_archive.max_document_id() == before
    shot(pg, "compare-upload-result")
    context.close()


def test_unsubscribe_in_the_browser(browser, server, sqlite_archive) -> None:  # noqa: ANN001
    info = sqlite_archive.subscribe("browser.reader@example.org", ["beijing"])
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{server}/unsubscribe/{info.unsubscribe_token}")
    assert "browser.reader@example.org" not in pg.content()
    shot(pg, "unsubscribe-confirm")
    pg.get_by_role("button", name="退订").click()
    pg.wait_for_load_state()
    assert "已退订" in pg.locator("h1").inner_text()
    assert not sqlite_archive.subscription(info.unsubscribe_token).active
    shot(pg, "unsubscribe-done")
    context.close()
