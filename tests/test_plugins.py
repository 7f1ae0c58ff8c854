"""The plugins Pelican sites already run, installed from the package index
(pinned in pyproject.toml): what each computes shows in the theme, and
nothing shows, empty or broken, without it."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, axe_violations, open_page, validate
from harness import StaticServer, run_pelican

PLUGIN_SITE = REPO / "tests" / "sites" / "plugins"
SETTINGS = PLUGIN_SITE / "pelicanconf.py"
ONLY_OURS = ["pelican_fukatsoft"]
PART_TWO = "moving-to-pelican-part-two-exporting-the-cms.html"
PART_ONE = "moving-to-pelican-part-one-why-static.html"
PART_THREE = "moving-to-pelican-part-three-comments-without-a-saas.html"
MATH = "the-arithmetic-of-page-weight.html"
BUDGET = "a-performance-budget-for-a-company-blog.html"
PLUGIN_PARTS = ".series, .neighbors, .related, .share, .tag-cloud"

# The plugin site is built once with the plugins and once without (a module
# fixture): its tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("plugin_site")


def soup(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plugins")
    return {
        "with": run_pelican(SETTINGS, folder / "with"),
        "without": run_pelican(SETTINGS, folder / "without", PLUGINS=ONLY_OURS),
    }


def test_both_builds_are_clean_and_valid(build):
    for plugins in (None, ONLY_OURS):
        overrides = {"PLUGINS": plugins} if plugins else {}
        site = build(settings_file=SETTINGS, **overrides)
        assert site.messages() == []
        checked = validate(site.output)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_series_part_of_and_the_parts_in_order(sites):
    series = soup(sites["with"], PART_TWO).select_one("nav.series")
    assert series.select_one(".series-title").get_text() == (
        "Part 2 of 3 in Moving to Pelican"
    )
    parts = series.select("ol > li > a")
    assert [a["href"] for a in parts] == [
        f"/{PART_ONE}",
        f"/{PART_TWO}",
        f"/{PART_THREE}",
    ]
    assert [a.get("aria-current") for a in parts] == [None, "page", None]
    assert series["aria-labelledby"] == "series-heading"


def test_older_and_newer_articles(sites):
    nav = soup(sites["with"], PART_TWO).select_one("nav.neighbors")
    older, newer = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
    assert older["href"] == f"/{PART_ONE}"
    assert newer["href"] == f"/{PART_THREE}"
    assert older.select_one(".neighbor-label").get_text() == "Older article"
    # The newest article has no newer one: one link, no empty box.
    newest = soup(sites["with"], "accessibility-notes-from-the-migration.html")
    links = newest.select("nav.neighbors a")
    assert [a["rel"] for a in links] == [["prev"]]


def test_neighbors_within_the_category(build):
    site = build(settings_file=SETTINGS, FUKATSOFT_NEIGHBORS_IN_CATEGORY=True)
    nav = site.html(BUDGET).select_one("nav.neighbors")
    # Site-wide the older one is part three (Engineering); in Notes, the math one.
    assert nav.select_one('a[rel="prev"]')["href"] == f"/{MATH}"
    assert nav.select_one('a[rel="next"]')["href"] == (
        "/accessibility-notes-from-the-migration.html"
    )


def test_related_posts_with_their_bylines_and_counts(sites):
    related = soup(sites["with"], PART_TWO).select_one("section.related")
    assert related.find("h2").get_text() == "Related articles"
    items = related.select("li")
    hrefs = {li.a["href"] for li in items}
    assert hrefs == {f"/{PART_ONE}", f"/{PART_THREE}"}  # sharing the "pelican" tag
    assert all(li.select_one(".byline a[rel=author]") for li in items)


def test_share_links_are_plain_checked_links(sites):
    share = soup(sites["with"], PART_TWO).select_one("section.share")
    links = share.select(".share-list a")
    assert [a.get_text() for a in links] == [
        "Email",
        "Hacker News",
        "diaspora*",
        "Facebook",
        "Mastodon",
        "X (Twitter)",
        "Reddit",
        "LinkedIn",
        "Bluesky",
    ]
    assert all(re.match(r"(https://|mailto:)", a["href"]) for a in links)
    # No script, image or frame of another host: links only.
    assert not share.select("script, img, iframe")
    # The share-sheet button waits, hidden, for the script.
    native = share.select_one("[data-share-native]")
    assert native.has_attr("hidden")
    assert native.button["data-url"] == f"/{PART_TWO}"


def test_tag_cloud_sizes_and_counts(sites):
    cloud = soup(sites["with"], "tags.html").select_one("ul.tag-cloud")
    tags = {a.bdi.get_text(): a for a in cloud.select("a")}
    # Alphabetical (TAG_CLOUD_SORTING); "pelican" is on three articles.
    assert list(tags) == sorted(tags)
    assert tags["pelican"]["class"] == ["tag-weight-1"]
    assert tags["pelican"].select_one(".visually-hidden").get_text() == " (3 articles)"
    assert tags["math"]["class"] == ["tag-weight-4"]
    assert tags["math"].select_one(".visually-hidden").get_text() == " (1 article)"
    assert not soup(sites["with"], PART_TWO).select(".tag-cloud")


def test_tag_cloud_in_the_sidebar_when_asked(build):
    site = build(settings_file=SETTINGS, FUKATSOFT_TAG_CLOUD_SIDEBAR=True)
    aside = site.html(PART_TWO).select_one("aside.sidebar")
    assert aside.select_one("#tag-cloud-heading").get_text() == "Tags"
    assert len(aside.select(".tag-cloud a")) == 7


def test_without_the_plugins_nothing_shows(sites):
    output = sites["without"]
    for path in (PART_TWO, MATH, "index.html"):
        assert not soup(output, path).select(PLUGIN_PARTS), path
    # The tags page falls back to its plain list.
    assert soup(output, "tags.html").select(".term-list li")
    # No share script either: nothing opted in to one.
    assert not soup(output, PART_TWO).select("script[src]")


def test_sitemap_lists_exactly_the_pages_the_theme_links(build):
    site_url = "https://blog.example.org"
    site = build(settings_file=SETTINGS, SITEURL=site_url)
    listed = set(re.findall(r"<loc>([^<]+)</loc>", site.text("sitemap.xml")))
    linked = set()
    for page in site.output.rglob("*.html"):
        for link in site.html(page.relative_to(site.output)).select("a[href]"):
            url = link["href"].split("#")[0]
            if url.startswith(site_url):
                linked.add(url.removesuffix("index.html"))
    assert listed == linked
    assert f"{site_url}/{PART_TWO}" in listed


# In the browser


# Debian's MathJax 2 (libjs-mathjax, installed by `make test`).
MATHJAX = Path("/usr/share/javascript/mathjax")


@pytest.fixture(scope="module")
def served(sites):
    """The site with its plugins, MathJax served from it as MATH_JAX says."""
    assert (MATHJAX / "MathJax.js").is_file(), "make test installs libjs-mathjax"
    (sites["with"] / "mathjax").symlink_to(MATHJAX)
    server = StaticServer(sites["with"])
    yield server.origin
    server.stop()


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", [PART_TWO, MATH, "tags.html"])
def test_pages_in_chromium(browser, served, path, width):
    page, problems = open_page(browser, served, path, width)
    if path == MATH:
        # Inline and display math typeset by MathJax, from this host (all 7).
        page.wait_for_function(
            "document.querySelectorAll('.post-content .MathJax').length >= 7"
        )
        # And laid out: MathJax runs its queue's work in order.
        page.evaluate("() => new Promise((done) => MathJax.Hub.Queue(done))")
        display = page.locator(".post-content div.math").first
        if width == 360:  # the long formula scrolls in its own box
            assert display.evaluate("(e) => e.scrollWidth > e.clientWidth")
            # So does a long inline one, in MathJax's own (focusable) box.
            inline = page.locator(".post-content span.math > .MathJax").last
            assert inline.evaluate("(e) => e.scrollWidth > e.clientWidth")
            assert inline.get_attribute("tabindex") == "0"
    page.wait_for_load_state("networkidle")
    assert page.evaluate(OVERFLOW) <= 0
    assert axe_violations(page) == []
    assert problems == []
    page.close()


@pytest.mark.browser
def test_share_sheet_button_where_the_browser_has_one(browser, served):
    # Chromium on Linux has no share sheet: give it the API a phone has.
    context = browser.new_context()
    context.add_init_script(
        "navigator.share = (data) => {"
        "  window.__shared = data; return Promise.resolve(); };"
    )
    page = context.new_page()
    page.goto(f"{served}/{PART_TWO}")
    button = page.get_by_role("button", name="Share…")
    button.click()
    shared = page.evaluate("window.__shared")
    assert shared == {
        "title": "Moving to Pelican, part two: exporting the CMS",
        "url": f"/{PART_TWO}",
    }
    context.close()
    # Without the API the button never shows.
    page, _ = open_page(browser, served, PART_TWO)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-share-native]").is_hidden()
    page.close()


@pytest.mark.browser
def test_older_and_newer_mirror_in_rtl(browser, tmp_path):
    output = run_pelican(SETTINGS, tmp_path / "ur", DEFAULT_LANG="ur")
    server = StaticServer(output)
    try:
        page, problems = open_page(browser, server.origin, PART_TWO, 1280)
        older = page.locator(".neighbor-older").bounding_box()
        newer = page.locator(".neighbor-newer").bounding_box()
        assert older["x"] > newer["x"]  # the older one on the right
        assert problems == []
        page.close()
    finally:
        server.stop()
