"""Nothing from text runs: every value the theme writes is escaped, every URL
passes one scheme check, and text is made from HTML in one place.

The hostile site (tests/sites/hostile) puts a payload into every field a
writer, a profile file or the settings can fill; each payload sets
``window.__xss`` or calls ``alert``.
"""

import json

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, open_page, validate, with_and_without_plugin
from harness import StaticServer

from pelican_fukatsoft import templating
from pelican_fukatsoft.structured_data import json_ld

HOSTILE = REPO / "tests" / "sites" / "hostile"
SUMMARY_ARTICLE = "escaping-in-summaries.html"
ESCAPED_TITLE_ARTICLE = "titlescriptwindow__xsstitlescript-escaped-title.html"

# The hostile site is built once with the plugin and once without (a module
# fixture): its tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("hostile")


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory):
    """The hostile site built with the plugin and without it."""
    return with_and_without_plugin(
        HOSTILE / "pelicanconf.py", tmp_path_factory.mktemp("hostile")
    )


def pages(output):
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


def soup(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["plugin", "theme only"])
def test_no_payload_runs_on_any_page(browser, hostile_sites, variant):
    output = hostile_sites[variant]
    server = StaticServer(output)
    checked = []
    dialogs = []
    # One tab led from page to page (a fresh context per page took four
    # times as long); each page is a new document with its own window.
    paths = pages(output)
    page, _ = open_page(browser, server.origin, paths[0], width=360)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in paths:
            if path != paths[0]:
                dialogs.clear()
                page.goto(f"{server.origin}/{path}")
            page.wait_for_load_state("load")
            marker = page.evaluate("window.__xss")
            assert marker is None, f"{path}: payload {marker!r} ran"
            assert dialogs == [], f"{path}: {dialogs}"
            # A page an injected <script> or </title> swallowed has no footer.
            assert page.locator("footer .copyright").count() == 1, path
            checked.append(path)
    finally:
        page.close()
        server.stop()
    # Index pages, articles, category, tag, author and archive pages.
    assert len(checked) >= 15
    assert {"index.html", "index2.html", "archives.html", "tags.html"} <= set(checked)


@pytest.mark.parametrize("variant", ["plugin", "theme only"])
def test_hostile_site_is_valid_html(hostile_sites, variant):
    result = validate(hostile_sites[variant])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", ["plugin", "theme only"])
def test_no_script_url_in_any_attribute(hostile_sites, variant):
    output = hostile_sites[variant]
    for path in pages(output):
        for element in soup(output, path).find_all(True):
            for name in ("href", "src", "action", "formaction"):
                value = "".join(element.get(name, "").split()).lower()
                assert not value.startswith(("javascript:", "data:")), (path, element)
            assert not any(name.startswith("on") for name in element.attrs), (
                path,
                element,
            )


def test_card_summary_is_text_on_every_list_page(hostile_sites):
    output = hostile_sites["plugin"]
    index = soup(output, "index.html")
    summaries = [card.get_text() for card in index.select(".card-summary")]
    # The code spans show as the text the writer wrote, whole.
    assert any(
        "Write <img src=x onerror=\"window.__xss='summary-img'\"> to show" in text
        for text in summaries
    ), summaries
    # Blocks stay apart: "expand" and "Hidden" were two paragraphs.
    assert any(text.startswith("expand Hidden Text about") for text in summaries)
    # Every list page shows the summaries as text.
    for path in ("index2.html", "category/posts.html", "author/plain-author.html"):
        cards = soup(output, path).select(".card")
        assert cards, path
        assert all(not card.select(".card-summary *") for card in cards), path


def test_titles_as_text_keep_their_characters(hostile_sites):
    page = soup(hostile_sites["plugin"], ESCAPED_TITLE_ARTICLE)
    title = page.find("title").get_text()
    assert title.startswith("</title><script>window.__xss='title'</script> Escaped")
    assert page.select_one('meta[property="og:title"]')["content"].startswith(
        "</title><script>"
    )
    # The description is HTML to the reader: its script is no text.
    assert page.select_one('meta[name="description"]')["content"] == '">'
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    # The heading is the reader's HTML: the entities show as characters.
    assert page.find("h1").get_text().startswith("</title><script>")


def test_profile_fields_are_escaped_and_cleaned(hostile_sites):
    output = hostile_sites["plugin"]
    page = soup(output, SUMMARY_ARTICLE)
    avatar = page.select_one(".post-header img.avatar")
    assert avatar["src"] == (
        "https://example.org/a.png%22%20onerror=%22window.__xss='avatar'"
    )
    assert "onerror" not in avatar.attrs
    authors = soup(output, "authors.html")
    role = authors.select_one(".author-role")
    assert role.get_text() == "<img src=x onerror=window.__xss='role'>"


def test_footer_credit_html_is_cleaned(hostile_sites):
    credit = soup(hostile_sites["plugin"], "index.html").select_one(".powered-by")
    assert credit.get_text(" ", strip=True) == "Us in 2025"
    assert not credit.find("script")
    assert not credit.find("img")
    assert credit.find("a") is None  # a link that lost its href is text


def test_every_value_is_escaped_explicitly(tmp_path, monkeypatch):
    """With the plugin our templates autoescape; they also escape every value
    themselves, so the pages are the same byte for byte with autoescape off:
    which is what a site without the plugin, or another theme's loader, gets."""
    from harness import run_pelican

    sites = [HOSTILE, REPO / "tests" / "sites" / "varied", REPO / "example_site"]
    escaped = {
        site.name: run_pelican(site / "pelicanconf.py", tmp_path / site.name / "on")
        for site in sites
    }
    monkeypatch.setattr(
        templating, "_autoescape_theme_templates", lambda env: lambda name: False
    )
    for site in sites:
        plain = run_pelican(site / "pelicanconf.py", tmp_path / site.name / "off")
        for path in pages(escaped[site.name]):
            assert (plain / path).read_bytes() == (
                escaped[site.name] / path
            ).read_bytes(), f"{site.name}/{path}"


def test_autoescape_is_on_for_our_templates_only(build, tmp_path):
    from conftest import simple_theme_including

    site = build(
        **simple_theme_including(tmp_path, "fukatsoft/byline.html"),
        FUKATSOFT_ISSO_URL=None,
    )
    # The simple theme writes the content unescaped as it always did, and
    # our byline inside it escapes.
    page = site.html("blog/afghanistan-crisis-us-pakistan-relations/index.html")
    assert page.find("h2")
    assert page.select_one(".byline a[rel=author]")


def test_json_ld_text_cannot_close_its_script():
    """JSON-LD is written compact and with letters as they are; the
    characters that could end the script or open a comment in it stay
    escaped as |tojson escapes them."""
    value = {"headline": "</script><!-- 'x' & \"y\" ہمارا بلاگ…", "count": 3}
    text = json_ld(value)
    assert not set("<>&'") & set(text)
    assert "ہمارا بلاگ…" in text
    assert ", " not in text
    assert json.loads(text) == value
