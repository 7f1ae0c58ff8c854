"""Search: Pagefind indexes the example site as built; the search page finds
articles by their text only, in any language, under any SITEURL path."""

import pytest
from conftest import EXAMPLE_SITE, REPO, axe_violations, open_page
from harness import IssoServer, StaticServer, free_port, run_pelican

SETTINGS = EXAMPLE_SITE / "pelicanconf.py"
ARTICLE = "/blog/afghanistan-crisis-us-pakistan-relations/"
URDU = "/blog/urdu-on-our-blog/ur/"
INTERNSHIP = "/blog/fukatsoft-internship-2025/"
# Posted as a comment before the build: in the page, never in the index.
COMMENT_WORD = "Quokkapalooza"

# The search site and its Isso start once (a module fixture): its tests
# share one xdist worker.
pytestmark = pytest.mark.xdist_group("search")


def test_form_page_and_index_with_the_setting(example_site):
    index = example_site.html("index.html")
    form = index.select_one("header form.search-form[role=search]")
    assert (form["action"], form["method"]) == ("/search.html", "get")
    assert form.select_one("input[name=q]")["aria-label"] == "Search the site"
    assert (example_site.output / "pagefind" / "pagefind.js").is_file()
    page = example_site.html("search.html")
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    assert page.select_one("noscript").get_text(strip=True)
    # Pagefind's script loads on the search page only.
    assert page.select_one('script[type=module][src$="js/search.js"]')
    assert "pagefind" not in example_site.text("index.html").replace("search", "")


def test_what_is_indexed(build):
    site = build(FUKATSOFT_ISSO_URL="http://127.0.0.1:9")
    page = site.html(ARTICLE.strip("/") + "/index.html")
    body = page.select_one("[data-pagefind-body]")
    assert body.name == "article"
    assert "post" in body["class"]
    for ignored in (".byline", ".post-tags", ".post-category", "section.comments"):
        assert body.select_one(ignored).has_attr("data-pagefind-ignore"), ignored
    assert not page.select("aside [data-pagefind-body], header [data-pagefind-body]")
    meta = {
        e["data-pagefind-meta"].split(":")[0]: e
        for e in body.select("[data-pagefind-meta]")
    }
    assert set(meta) == {"authors", "date", "views", "comments"}
    assert meta["views"]["data-pagefind-meta"] == "views:45"
    authors = body.select('[data-pagefind-filter="author"]')
    assert [a.get_text() for a in authors] == ["Nauman Hanif"]
    # Lists are not indexed: no body on them.
    assert not site.html("index.html").select("[data-pagefind-body]")


def test_off_by_setting(build):
    site = build(FUKATSOFT_SEARCH=False)
    assert not site.html("index.html").select("form.search-form")
    assert not (site.output / "search.html").exists()
    assert not (site.output / "pagefind").exists()
    assert not site.html(ARTICLE.strip("/") + "/index.html").select(
        "[data-pagefind-body]"
    )


def test_missing_binary_is_one_warning_and_no_search(build, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    site = build()
    assert [m for m in site.messages() if "Pagefind" in m] == [
        "pelican-fukatsoft: FUKATSOFT_SEARCH is on but Pagefind is not installed "
        '(pip install "pelican-fukatsoft[search]"): the site is built without search'
    ]
    assert (site.output / "index.html").is_file()
    assert not site.html("index.html").select("form.search-form")
    assert not (site.output / "search.html").exists()


def test_failed_index_is_one_warning_and_the_site_is_built(build, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    site = build()
    warnings = [m for m in site.messages() if "Pagefind" in m]
    assert len(warnings) == 1
    assert "could not index" in warnings[0]
    assert (site.output / "search.html").is_file()
    assert not (site.output / "pagefind").exists()


def test_another_theme_is_indexed_and_can_add_the_page(build, tmp_path):
    site = build(THEME="notmyidea")
    (warning,) = [m for m in site.messages() if "search" in m]
    assert "the theme has no search.html: the site is indexed" in warning
    assert (site.output / "pagefind" / "pagefind.js").is_file()
    assert not (site.output / "search.html").exists()
    assert not (site.output / "theme" / "js" / "search.js").exists()
    # The README's way: a search.html of the site's own that includes ours.
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "search.html").write_text(
        '{% extends "!theme/base.html" %}{% block content %}'
        '{% include "fukatsoft/search_page.html" %}{% endblock %}'
    )
    site = build(THEME="notmyidea", THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert [m for m in site.messages() if "search" in m] == []
    page = site.html("search.html")
    assert page.select_one("section[data-search] input[name=q]")
    assert page.select_one('script[type=module][src$="/theme/js/search.js"]')
    assert (site.output / "theme" / "js" / "search.js").is_file()


# In the browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example site with a comment (carrying COMMENT_WORD), served under
    a SITEURL sub-path, /blog-site/, as well as at the root."""
    folder = tmp_path_factory.mktemp("search")
    port = free_port()
    isso = IssoServer(folder, f"http://127.0.0.1:{port}")
    assert isso.post(ARTICLE, text=f"A word only here: {COMMENT_WORD}.")[0] == 201
    root = folder / "root"
    run_pelican(
        SETTINGS,
        root,
        FUKATSOFT_ISSO_URL=isso.url,
        FUKATSOFT_ISSO_DB=str(isso.db),
        CACHE_PATH=str(folder / "cache"),
    )
    assert COMMENT_WORD in (root / ARTICLE.strip("/") / "index.html").read_text()
    under_path = folder / "served"
    sub_port = free_port()
    run_pelican(
        SETTINGS,
        under_path / "blog-site",
        SITEURL=f"http://127.0.0.1:{sub_port}/blog-site",
        CACHE_PATH=str(folder / "cache2"),
    )
    server = StaticServer(root, port)
    sub = StaticServer(under_path, sub_port)
    yield server.origin, sub.origin, isso
    server.stop()
    sub.stop()
    isso.stop()


def results(page, query):
    page.locator("#search-query").fill(query)
    page.locator("#search-query").press("Enter")
    status = page.locator("[data-search-status]")
    page.wait_for_function(
        "(e) => e.textContent && !e.textContent.endsWith('…')",
        arg=status.element_handle(),
    )
    return page.locator(".search-result")


@pytest.mark.browser
def test_finds_the_article_by_a_word_of_its_text(browser, served):
    origin, _, isso = served
    page, problems = open_page(browser, origin, "search.html", allowed=(isso.url,))
    found = results(page, "Bokhari")
    first = found.first
    link = first.locator("h2 a")
    assert link.get_attribute("href") == ARTICLE
    assert link.inner_text().startswith('"Afghanistan Crisis')
    # Highlighted as Pagefind marks it (with the comma that follows).
    assert (
        first.locator(".search-excerpt mark").first.inner_text().startswith("Bokhari")
    )
    assert "Nauman Hanif" in first.locator(".byline").inner_text()
    assert first.locator(".count-views .visually-hidden").inner_text() == "45 views"
    # With the icons cards show, not bare numbers.
    for kind in ("views", "comments"):
        assert first.locator(f".count-{kind} > svg.icon-{kind}").count() == 1
    assert page.locator("[data-search-status]").inner_text().startswith("1 result")
    assert axe_violations(page) == []
    assert problems == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (COMMENT_WORD, set()),  # a comment's word
        ("Categories", set()),  # in every page's menu and footer, in no text
        ("Internship", {INTERNSHIP}),  # in every sidebar, in one article's text
        ("اردو", {URDU}),  # Urdu, from the English search page
        # An author's name is in no text, but in the byline's metadata.
        ("Farooq", {"/blog/accessible-forms-checklist/", INTERNSHIP}),
    ],
)
def test_only_article_text_and_metadata_are_found(browser, served, query, expected):
    origin, _, _ = served
    page, problems = open_page(browser, origin, f"search.html?q={query}")
    page.wait_for_function(
        "document.querySelector('[data-search-status]').textContent"
        " && !document.querySelector('[data-search-status]').textContent.endsWith('…')"
    )
    hrefs = page.locator(".search-result h2 a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))"
    )
    assert set(hrefs) == expected
    assert len(hrefs) == len(expected)
    if not expected:
        assert page.locator("[data-search-status]").inner_text() == (
            f"No results for “{query}”."
        )
    assert problems == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_under_a_sub_path_and_on_every_screen(browser, served, width, scheme):
    _, sub_origin, _ = served
    page, problems = open_page(
        browser, sub_origin, "blog-site/search.html?q=Bokhari", width, scheme
    )
    page.locator(".search-result").first.wait_for()
    link = page.locator(".search-result h2 a").first
    assert link.get_attribute("href") == f"/blog-site{ARTICLE}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    # Keyboard: from the field, Tab reaches the first result.
    page.locator("#search-query").focus()
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        f"/blog-site{ARTICLE}"
    )
    assert problems == []
    page.close()


@pytest.mark.browser
def test_header_form_without_javascript_goes_to_the_search_page(browser, served):
    origin, _, _ = served
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/")
    page.locator("header input[name=q]").fill("Bokhari")
    page.locator("header form.search-form button").click()
    page.wait_for_url("**/search.html?q=Bokhari")
    assert "needs JavaScript" in page.locator("main noscript").inner_text()
    context.close()


@pytest.mark.browser
def test_other_pages_load_nothing_of_pagefind(browser, served):
    origin, _, isso = served
    page, problems = open_page(
        browser, origin, ARTICLE.lstrip("/"), allowed=(isso.url,)
    )
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.reload()
    page.locator("header input[name=q]").focus()
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "pagefind" in url or "search.js" in url]
    assert problems == []
    page.close()


@pytest.mark.browser
def test_per_language_indexes_for_i18n_subsites(browser, tmp_path):
    """Each sub-site's search page searches its own language, right to left
    and in Urdu on the Urdu one."""
    output = run_pelican(
        REPO / "tests" / "sites" / "multilingual" / "pelicanconf.py",
        tmp_path / "site",
        FUKATSOFT_SEARCH=True,
        FUKATSOFT_SEARCH_INDEXES="per-language",
    )
    server = StaticServer(output)
    try:
        page, problems = open_page(browser, server.origin, "ur/search.html?q=خوش", 360)
        page.locator(".search-result").first.wait_for()
        assert page.locator("html").get_attribute("dir") == "rtl"
        hrefs = page.locator(".search-result h2 a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
        assert hrefs == ["/ur/welcome.html"]
        assert page.locator(".search-result mark").first.inner_text() == "خوش"
        assert page.locator("[data-search-status]").inner_text().startswith("1 نتیجہ")
        assert page.locator("label[for=search-query]").inner_text() == (
            "سائٹ میں تلاش کریں"
        )
        assert axe_violations(page) == []
        assert problems == []
        page.close()
        # The German sub-site finds the German article, not the Urdu one.
        page, problems = open_page(
            browser, server.origin, "de/search.html?q=Willkommen"
        )
        page.locator(".search-result").first.wait_for()
        hrefs = page.locator(".search-result h2 a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
        assert hrefs == ["/de/welcome.html"]
        assert problems == []
        page.close()
    finally:
        server.stop()


@pytest.mark.browser
def test_relative_urls_anywhere_the_site_is_served(browser, tmp_path):
    served = tmp_path / "served"
    run_pelican(SETTINGS, served / "deep" / "site", RELATIVE_URLS=True)
    server = StaticServer(served)
    try:
        page, problems = open_page(
            browser, server.origin, "deep/site/search.html?q=Bokhari"
        )
        page.locator(".search-result").first.wait_for()
        link = page.locator(".search-result h2 a").first
        assert link.get_attribute("href") == f"/deep/site{ARTICLE}"
        assert problems == []
        page.close()
    finally:
        server.stop()
