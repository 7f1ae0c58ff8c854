"""What a reader sees in a real browser (Playwright driving Debian's Chromium)."""

import pytest
from conftest import REPO, axe_violations, open_page

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", ARTICLE])
def test_reader_view(browser, example_origin, path, width, scheme):
    page, problems = open_page(browser, example_origin, path, width, scheme)
    assert page.locator("h1").count() == 1
    assert page.locator("footer .powered-by").is_visible()
    if path == ARTICLE:
        byline = page.locator(".post-header .byline")
        assert "Nauman Hanif" in byline.inner_text()
        assert "Mar 10 2025 03:04 PM" in byline.inner_text()
        assert (
            page.locator(".post-header .count-views .count-value").inner_text() == "45"
        )
        # No comment server configured in this build: no comment section.
        assert page.locator("#comments-heading").count() == 0
        latest = page.locator("section.latest")
        assert latest.get_by_role("heading", name="Latest Blogs").is_visible()
        assert latest.locator("li").count() == 5
    else:
        assert page.locator(".card").count() == 4
        assert page.locator('.pagination a[rel="next"]').is_visible()
    nav = page.locator("nav.site-nav")
    # Phones get the links behind a "Menu" button (tests/test_navigation.py).
    assert nav.get_by_role("link", name="Archives").is_visible() == (width > 360)
    assert page.locator(".menu-button").is_visible() == (width <= 360)
    # Nothing wider than the viewport: no horizontal scrolling on phones.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    name = (path.strip("/").replace("/", "_") or "index") + f"-{width}-{scheme}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert problems == []
    page.close()


def test_keyboard_reader_reaches_content_by_skip_link(browser, example_origin):
    page, problems = open_page(browser, example_origin, ARTICLE, 1280, "light")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert problems == []
    page.close()


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
def test_axe_finds_no_violation(browser, example_origin, path, scheme):
    page, _ = open_page(browser, example_origin, path, 1280, scheme)
    assert axe_violations(page) == []
    page.close()
