"""What a reader sees in a real browser (Playwright driving Debian's Chromium)."""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import REPO

CHROMIUM = "/usr/bin/chromium"
ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def origin(example_site):
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(example_site.output)
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                '--host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"',
            ],
        )
        yield browser
        browser.close()


def open_page(browser, origin, path, width, scheme):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(origin) else problems.append(r.url),
    )
    page.goto(f"{origin}/{path}")
    return page, problems


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", ARTICLE])
def test_reader_view(browser, origin, path, width, scheme):
    page, problems = open_page(browser, origin, path, width, scheme)
    assert page.locator("h1").count() == 1
    assert page.locator("footer .powered-by").is_visible()
    if path == ARTICLE:
        byline = page.locator(".post-header .byline")
        assert "Nauman Hanif" in byline.inner_text()
        assert "Mar 10 2025 03:04 PM" in byline.inner_text()
        assert (
            page.locator(".post-header .count-views .count-value").inner_text() == "45"
        )
        assert page.locator("#comments-heading").is_visible()
    else:
        assert page.locator(".card").count() == 4
    # Nothing wider than the viewport: no horizontal scrolling on phones.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    name = (path.strip("/").replace("/", "_") or "index") + f"-{width}-{scheme}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert problems == []
    page.context.close()


def test_keyboard_reader_reaches_content_by_skip_link(browser, origin):
    page, problems = open_page(browser, origin, ARTICLE, 1280, "light")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        ARTICLE,
        "authors/sana-malik/",
        "category/world-affairs/",
        "tags.html",
        "archives.html",
    ],
)
def test_axe_finds_no_violation(browser, origin, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_page(browser, origin, path, 1280, scheme)
    results = Axe().run(page)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
    ]
    assert violations == []
    page.context.close()
