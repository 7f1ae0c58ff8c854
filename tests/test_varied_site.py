"""An existing site of every common shape builds cleanly with plugin and theme."""

import json

import pytest
from conftest import REPO, count_figure

VARIED = REPO / "tests" / "sites" / "varied"


@pytest.fixture(params=["absolute", "relative"])
def site(build, request):
    overrides = {"RELATIVE_URLS": request.param == "relative"}
    return build(settings_file=VARIED / "pelicanconf.py", **overrides)


def test_builds_without_warnings(site):
    assert site.messages() == []


def test_translations_and_languages(site):
    french = site.html("first-post-fr.html")
    assert french.html["lang"] == "fr"
    assert french.find("h1").get_text() == "Premier article en reST"
    english = site.html("first-post.html")
    also_in = english.select_one(".translations a[hreflang=fr]")["href"]
    # SITEURL's path stays, whatever RELATIVE_URLS says.
    assert also_in in (
        "https://example.org/blog/first-post-fr.html",
        "./first-post-fr.html",
    )
    # hreflang needs absolute URLs: none when the pages link relatively.
    alternates = {
        link["hreflang"]: link["href"]
        for link in english.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == (
        {
            "en": "https://example.org/blog/first-post.html",
            "fr": "https://example.org/blog/first-post-fr.html",
        }
        if also_in.startswith("https:")
        else {}
    )


def test_drafts_hidden_and_template_pages_use_the_theme(site):
    for path in ("drafts/not-ready.html", "hidden-article.html", "pages/secret.html"):
        page = site.html(path)
        assert page.select_one("header.site-header")
        assert len(page.find_all("h1")) == 1
    nav = site.html("index.html").select_one("nav.site-nav").get_text()
    assert "Contact" in nav
    assert "Secret page" not in nav
    special = site.html("special/index.html")
    assert special.find("h1").get_text() == "A template page"
    assert special.select_one("footer .powered-by")


def test_pagination_and_several_authors(site):
    index = site.html("index.html")
    assert len(index.select(".card")) == 3
    assert index.select_one('.pagination a[rel="next"]')
    assert site.html("index3.html").select(".card")
    shared = site.html("written-together.html").select_one(".post-header .byline")
    names = [a.get_text() for a in shared.select('a[rel="author"]')]
    assert names == ["Alice Martin", "Bob Stone", "Chloé Dupont"]
    assert " ".join(shared.select_one(".byline-authors").get_text().split()) == (
        "Alice Martin, Bob Stone and Chloé Dupont"
    )
    authors = site.html("authors.html").select(".people-list li")
    assert len(authors) == 3


def test_site_name_is_escaped(site):
    page = site.text("index.html")
    assert "<Test>" not in page.replace("&lt;Test&gt;", "")


def test_views_from_goatcounter_and_plausible_with_sub_path(site):
    def views(path):
        node = site.html(path).select_one(".post-header .count-views")
        return node and count_figure(node)

    assert views("first-post.html") == 10 + 2  # baseline + two human views
    assert views("first-post-fr.html") == 1
    assert views("post-2.html") == 1 + 1200
    assert views("post-3.html") == 7
    assert views("post-4.html") is None  # no data: no count, not 0


def test_structured_data_with_sub_path(site, request):
    data = json.loads(
        site.html("written-together.html")
        .select_one('script[type="application/ld+json"]')
        .string
    )
    assert data["@type"] == "BlogPosting"
    assert [a["name"] for a in data["author"]] == [
        "Alice Martin",
        "Bob Stone",
        "Chloé Dupont",
    ]
    assert data["url"] == "https://example.org/blog/written-together.html"
    assert data["commentCount"] == 3


def test_static_files_and_feeds(site):
    assert (site.output / "images" / "dot.svg").is_file()
    atom = site.text("feeds/all.atom.xml")
    assert "https://example.org/blog/first-post.html" in atom


def test_drafts_hidden_pages_and_404_are_not_indexed(site):
    for path in ("drafts/not-ready.html", "hidden-article.html", "pages/secret.html"):
        assert site.html(path).select_one('meta[name="robots"]')["content"] == "noindex"
    assert not site.html("index.html").select('meta[name="robots"]')
    assert not site.html("post-2.html").select('meta[name="robots"]')


def test_404_page_links_from_the_site_root(site):
    page = site.html("404.html")
    assert page.find("h1").get_text() == "Page not found"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    home = page.select_one(".not-found-home a")["href"]
    # Served at any depth: never a link relative to where the file sits.
    assert home in ("https://example.org/blog/", "/")
    assert all(not a["href"].startswith(".") for a in page.select("a[href]")), [
        a["href"] for a in page.select("a[href]")
    ]
