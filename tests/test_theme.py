"""The theme on its own, the plugin with another theme, i18n, settings."""

import logging

import pytest
from bs4 import BeautifulSoup
from conftest import (
    EXAMPLE_SITE,
    REPO,
    simple_theme_including,
    small_site_settings,
    validate,
)
from harness import start_pelican
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from pelican.settings import DEFAULT_CONFIG

from pelican_fukatsoft import CAPABILITIES, templating
from pelican_fukatsoft import settings as plugin_settings
from pelican_fukatsoft.checks import SettingError

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"


def test_theme_without_plugin_renders_every_page(build):
    site = build(PLUGINS=[])
    page = site.html(ARTICLE)
    assert page.find("h1").get_text().startswith('"Afghanistan Crisis')
    byline = page.select_one(".byline")
    assert byline.select_one('a[rel="author"]').get_text() == "Nauman Hanif"
    assert byline.find("time").get_text() == "Mar 10 2025 03:04 PM"
    # The plugin's parts are simply absent.
    assert not page.select(".counts")
    assert not page.select('script[type="application/ld+json"]')
    assert "Powered by" in page.select_one(".powered-by").get_text()
    for path in (
        "index.html",
        "authors.html",
        "tags.html",
        "archives.html",
        "authors/sana-malik/index.html",
        "category/engineering/index.html",
    ):
        assert site.html(path).find("main")
    assert site.messages() == []


def test_plugin_with_notmyidea_theme(build, tmp_path):
    # Search with another theme has a test of its own (test_search.py).
    site = build(THEME="notmyidea", FUKATSOFT_SEARCH=False)
    page = site.text(ARTICLE)
    assert "Froala" not in page
    assert "notmyidea" not in page  # sanity: the theme's own output, no errors
    assert site.messages() == []


def test_partials_can_be_included_from_another_theme(build, tmp_path):
    site = build(
        **simple_theme_including(
            tmp_path,
            "fukatsoft/byline.html",
            "!fukatsoft/counters.html",
            "fukatsoft/structured_data.html",
        )
    )
    page = site.html(ARTICLE)
    assert page.select_one(".byline a[rel=author]").get_text() == "Nauman Hanif"
    assert page.select_one(".counts .count-views .count-value").get_text() == "45"
    assert page.select_one('script[type="application/ld+json"]')
    # The counts' icons are <use> of our sprite, which the plugin puts beside
    # the other theme's static files.
    uses = page.select(".counts .count-views svg.icon > use")
    assert uses
    assert {use["href"] for use in uses} == {"/theme/icons.svg#views"}
    assert (site.output / "theme/icons.svg").read_bytes() == (
        REPO / "theme/static/icons.svg"
    ).read_bytes()


def test_a_sites_own_catalogue_wins_and_ours_fills_the_gaps(build, tmp_path):
    """I18N_GETTEXT_LOCALEDIR, as with i18n_subsites: the site's wording
    first, the theme's German for everything it does not say."""
    from babel.messages import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="de")
    catalog.add("Leave Your Comment", "Hinterlassen Sie einen Kommentar")
    catalog.add("Reply", "Darauf antworten")
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as compiled:
        write_mo(compiled, catalog)

    site = build(
        DEFAULT_LANG="de",
        I18N_GETTEXT_LOCALEDIR=str(tmp_path / "translations"),
        FUKATSOFT_ISSO_URL="http://127.0.0.1:9",
    )
    assert site.html("index.html").find("h1").get_text() == "Neueste Beiträge"
    page = site.html(ARTICLE)
    assert page.select_one("#comment-form-heading").get_text() == (
        "Hinterlassen Sie einen Kommentar"
    )
    # The comment script's texts come from the page, translated too.
    messages = page.select_one("template[data-messages]")
    assert messages.select_one('[data-key="reply"]').string == "Darauf antworten"
    assert messages.select_one('[data-key="anonymous"]').string == "Anonym"


def test_loading_overlay_is_opt_in_and_css_only(build):
    site = build(FUKATSOFT_LOADING_OVERLAY=True)
    page = site.html("index.html")
    overlay = page.select_one(".loading-overlay")
    assert overlay["aria-hidden"] == "true"
    assert "Loading" in overlay.get_text()
    css = page.head.find("style").get_text()
    assert "prefers-reduced-motion" in css
    assert "pointer-events: none" in css
    # Sites without the overlay do not download its styles.
    shared_css = (EXAMPLE_SITE.parent / "theme/static/css/fukatsoft.css").read_text()
    assert "loading-overlay" not in shared_css
    assert page.head.find("style")
    checked = validate(site.output)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("FUKATSOFT_STRIP_WATERMARKS", "yes", "FUKATSOFT_STRIP_WATERMARKS must be"),
        ("FUKATSOFT_STRIP_WATERMARKS", ["froala", "wix"], "FUKATSOFT_STRIP_WATERMARKS"),
        ("FUKATSOFT_WATERMARK_SELECTORS", ["p[["], "valid CSS selectors"),
        ("FUKATSOFT_VIEWS_FILE", 42, "FUKATSOFT_VIEWS_FILE must be"),
        ("FUKATSOFT_VIEWS_DEFAULT", -1, "FUKATSOFT_VIEWS_DEFAULT must be"),
        ("FUKATSOFT_AUTHORS", ["Nauman"], "FUKATSOFT_AUTHORS must be"),
        ("FUKATSOFT_LOCALE", "xx_NOPE", "FUKATSOFT_LOCALE must be"),
        ("FUKATSOFT_STRICT", "no", "FUKATSOFT_STRICT must be"),
        ("FUKATSOFT_MOST_VIEWED", 2.5, "FUKATSOFT_MOST_VIEWED must be"),
        ("FUKATSOFT_POWERED_BY", [("only a name",)], "FUKATSOFT_POWERED_BY must be"),
        ("FUKATSOFT_LATEST_COUNT", "5", "FUKATSOFT_LATEST_COUNT must be"),
        ("FUKATSOFT_ISSO_URL", "javascript:x", "FUKATSOFT_ISSO_URL must be"),
        ("FUKATSOFT_COMMENTS_ORDER", "random", "FUKATSOFT_COMMENTS_ORDER must be"),
        ("FUKATSOFT_AUTHORS_FILE", 3, "FUKATSOFT_AUTHORS_FILE must be"),
        ("FUKATSOFT_MINIFY_ASSETS", "yes", "FUKATSOFT_MINIFY_ASSETS must be"),
        # Values that once raised a traceback (issue #31).
        ("FUKATSOFT_LOCALE", ["en"], "FUKATSOFT_LOCALE must be"),
        ("FUKATSOFT_LOCALE", {"en": "de"}, "FUKATSOFT_LOCALE must be"),
        ("FUKATSOFT_PYGMENTS_STYLE", ["xcode"], "FUKATSOFT_PYGMENTS_STYLE must be"),
        ("FUKATSOFT_PYGMENTS_STYLE_DARK", {}, "FUKATSOFT_PYGMENTS_STYLE_DARK must be"),
        ("FUKATSOFT_STRIP_WATERMARKS", [["froala"]], "FUKATSOFT_STRIP_WATERMARKS"),
        ("FUKATSOFT_STRIP_WATERMARKS", [{}], "FUKATSOFT_STRIP_WATERMARKS must be"),
        ("MENUITEMS", 5, "MENUITEMS must be"),
        ("MENUITEMS", 0, "MENUITEMS must be"),
        ("SITENAME", ["A", "B"], "SITENAME must be text"),
        ("SITESUBTITLE", {"a": 1}, "SITESUBTITLE must be"),
        ("FUKATSOFT_AUTHORS_FILE", "authors\0.json", "FUKATSOFT_AUTHORS_FILE must be"),
        ("FUKATSOFT_ISSO_DB", "comments\0.db", "FUKATSOFT_ISSO_DB must be"),
        ("FUKATSOFT_VIEWS_FILE", ["views\0.json"], "FUKATSOFT_VIEWS_FILE must be"),
        ("FUKATSOFT_ICON", "icon\0.png", "FUKATSOFT_ICON must be"),
        pytest.param(
            "FUKATSOFT_MOST_VIEWED",
            10**5000,
            "got a number of about 5000 digits",
            id="FUKATSOFT_MOST_VIEWED-5000-digits",
        ),
        ("LINKS", [("Home", "javascript:alert(1)")], "LINKS must be"),
        ("SOCIAL", [("only a name",)], "SOCIAL must be"),
    ],
)
def test_bad_setting_stops_with_one_line(build, name, value, expected):
    with pytest.raises(SystemExit) as stopped:
        build(**{name: value})
    message = str(stopped.value)
    assert message.startswith("pelican-fukatsoft: ")
    assert expected in message
    assert "\n" not in message


def test_no_menu_items_is_no_menu_item(build):
    """MENUITEMS = None builds (it once raised in the page), and the menu
    holds no item of the example's own MENUITEMS, only its categories."""
    site = build(MENUITEMS=None)
    menu = site.html("index.html").select(".site-nav a")
    links = [a.get_text(strip=True) for a in menu]
    assert links
    assert not {"Archives", "Authors"} & set(links)


# Every setting the plugin defines, and Pelican's own that the theme reads.
EVERY_SETTING = [
    *sorted({*plugin_settings.DEFAULTS}.union(*(c.DEFAULTS for c in CAPABILITIES))),
    "MENUITEMS",
    "SITELOGO",
    "SITENAME",
    "SITESUBTITLE",
    "COPYRIGHT_HOLDER",
    "TWITTER_USERNAME",
    "DISPLAY_PAGES_ON_MENU",
    "DISPLAY_CATEGORIES_ON_MENU",
]
# File names stay under 255 bytes: longer ones are data_files.py's to refuse.
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\0",
        "a\0b",
        "javascript:alert(1)",
        "javascript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://[",
        "://",
        "{year}",
        "%s %d",
        "<script>alert(1)</script>",
        "../../nowhere",
        "\u202eevil",
        "x" * 200,
    ]
)
SETTING_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**12, 10**12 + 1, 10**15, 10**100, -(10**100), 10**4000])
    | st.floats()
    | st.text(max_size=30)
    | ODD_TEXT
    | st.binary(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=6,
)


def assert_one_line(stopped, name=""):
    message = str(stopped)
    assert message.startswith(f"pelican-fukatsoft: {name}")
    assert "\n" not in message
    assert len(message) < 1000


@given(SETTING_VALUES)
def test_property_any_value_of_any_setting_builds_or_stops_with_one_line(
    tmp_path, caplog, value
):
    """Each setting given *value* on its own: our checks at Pelican's start
    (``initialized``, no build) either stop with one line naming it or let
    it in; then one real build of a small site with every value let in."""
    conf = small_site_settings(tmp_path, SITENAME="Tiny", SITEURL="")
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "content" / "alpha.md").write_text(
        "Title: Alpha\nDate: 2025-01-01\nAuthor: A\nViews: 45\n\n"
        "Alpha `code`.\n\n    :::python\n    print(1)\n"
    )
    paths = {"OUTPUT_PATH": str(tmp_path / "output"), "CACHE_PATH": str(tmp_path / "c")}
    accepted = {}
    for name in EVERY_SETTING:
        try:
            start_pelican(conf, **paths, **{name: value})
        except SettingError as stopped:
            assert_one_line(stopped, f"{name} ")
        else:
            accepted[name] = value
    caplog.clear()
    try:
        # Together they may still clash, or strict mode stop on a warning.
        start_pelican(conf, **paths, **accepted).run()
    except SettingError as stopped:
        assert_one_line(stopped)
        return
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_defaults_do_not_touch_pelican_default_config(build):
    build()
    assert not any(key.startswith("FUKATSOFT_") for key in DEFAULT_CONFIG)


@pytest.mark.parametrize(
    "settings_file",
    [
        EXAMPLE_SITE / "pelicanconf.py",
        REPO / "tests" / "sites" / "varied" / "pelicanconf.py",
    ],
    ids=["example", "varied"],
)
def test_fragment_reuse_never_changes_a_page(build, settings_file):
    """Bylines and the "Latest Blogs" / "Most viewed" lists rendered once per
    build give every page the very bytes rendering them each time gives."""
    reused = build(settings_file=settings_file)
    fresh = build(settings_file=settings_file, FUKATSOFT_REUSE_FRAGMENTS=False)

    def pages(site):
        # Pagefind's index names its files by hashes that vary between runs.
        return {
            p.relative_to(site.output): p.read_bytes()
            for p in site.output.rglob("*.html")
            if "pagefind" not in p.parts
        }

    reused_pages, fresh_pages = pages(reused), pages(fresh)
    assert len(reused_pages) > 20
    assert reused_pages.keys() == fresh_pages.keys()
    assert [p for p in reused_pages if reused_pages[p] != fresh_pages[p]] == []


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_kept_fragments_come_back_as_rendered(texts):
    """Kept deflated against the first of their kind, any text (Urdu, empty,
    unlike the first) comes back exactly, each for its own item."""
    kept = templating.KeptFragments()
    kind = ("fukatsoft/card_markup.html", "", ())
    items = [object() for _ in texts]
    for item, text in zip(items, texts, strict=True):
        kept.keep(kind, item, text)
    assert [kept.get(kind, item) for item in items] == texts
    assert kept.get(kind, object()) is None
    assert kept.get(("fukatsoft/other.html", "", ()), items[0]) is None


# Pelican's theme contract, on a site as pelican-quickstart and real blogs
# configure it (tests/sites/existing_blog).
EXISTING_BLOG = REPO / "tests/sites/existing_blog/pelicanconf.py"
ARTICLE_WITH_IDIOMS = "markdown-as-people-write-it.html"


@pytest.fixture
def existing_blog(existing_blog_build):
    """The shared build of tests/sites/existing_blog: (output, warnings)."""
    return existing_blog_build.output, existing_blog_build.messages()


def read(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def test_links_and_social_are_shown_with_their_icons(existing_blog):
    footer = read(existing_blog[0], "index.html").select_one(".site-footer")
    blogroll = footer.select_one(".blogroll")
    assert blogroll.h2.get_text() == "Links"
    assert [a["href"] for a in blogroll.select("a")] == [
        "https://getpelican.com/",
        "https://www.python.org/",
        "https://palletsprojects.com/p/jinja/",
    ]
    social = footer.select_one(".social")
    assert social.h2.get_text() == "Social"
    services = {
        a.get_text(): (
            a.get("data-service"),
            [c for c in a.svg["class"]] if a.svg else None,
        )
        for a in social.select("a")
    }
    for name, service in [
        ("GitHub", "github"),
        ("GitLab", "gitlab"),
        ("Mastodon", "mastodon"),
        ("LinkedIn", "linkedin"),
        ("Twitter", "x"),
        ("YouTube", "youtube"),
        ("RSS", "rss"),
        ("Write to us", "email"),
    ]:
        assert services[name] == (service, ["icon", f"icon-{service}"]), name
        # Drawn from the links' sprite, which only pages with such links load.
        (use,) = social.select(f'a[data-service="{service}"] svg.icon > use')
        assert use["href"].endswith(f"/theme/icons-links.svg#{service}"), name
    # A service the theme does not know: its name alone.
    assert services["You can add links in your config file"] == (None, None)
    mastodon = social.select_one('a[data-service="mastodon"]')
    assert mastodon["rel"] == ["me"]
    assert "rel" not in social.select_one('a[data-service="email"]').attrs


@pytest.mark.parametrize("plugins", [["pelican_fukatsoft"], []])
def test_links_take_the_widget_names_and_the_scheme_check(build, tmp_path, plugins):
    site = build(
        settings_file=EXISTING_BLOG,
        PLUGINS=plugins,
        LINKS_WIDGET_NAME="Blogroll",
        SOCIAL_WIDGET_NAME="Elsewhere",
        SOCIAL=[("Mastodon", "https://mastodon.social/@acme"), ("Home", "/")],
        # Without the plugin a missing template stops the build, as Pelican does.
        IGNORE_FILES=[".#*", "gallery.md"],
    )
    footer = site.html("index.html").select_one(".site-footer")
    assert footer.select_one(".blogroll h2").get_text() == "Blogroll"
    assert footer.select_one(".social h2").get_text() == "Elsewhere"
    assert footer.select_one('.social a[href="/"]').get_text() == "Home"


def test_a_javascript_link_in_links_is_never_written(tmp_path):
    from markupsafe import Markup

    env = templating_environment()
    html = env.get_template("fukatsoft/links.html").render(
        LINKS=[("Bad", "javascript:alert(1)"), ("Good", Markup("https://a.example/"))],
    )
    page = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in page.select("a")] == ["https://a.example/"]
    assert "javascript" not in html
    assert "Bad" in page.get_text()


def templating_environment():
    from jinja2 import FileSystemLoader

    env = Environment(
        loader=FileSystemLoader(str(templating.THEME_DIR / "templates")),
        autoescape=True,
    )
    env.filters["fukatsoft_url"] = templating.safe_url
    return env


def test_subtitle_under_the_brand(existing_blog):
    brand = read(existing_blog[0], "index.html").select_one(".site-header .brand")
    assert brand.select_one(".brand-name").get_text() == "Acme Engineering Blog"
    assert brand.select_one(".brand-subtitle").get_text() == (
        "Notes from the build floor"
    )


def feeds(output, path):
    return {
        (link["type"], link["href"])
        for link in read(output, path).select('head link[rel="alternate"]')
        if link["type"].endswith("+xml")
    }


def test_every_feed_is_linked_where_it_applies(existing_blog):
    output = existing_blog[0]
    site_feeds = {
        ("application/atom+xml", "/feeds/all.atom.xml"),
        ("application/rss+xml", "/feeds/all.rss.xml"),
    }
    assert feeds(output, "index.html") == site_feeds
    assert feeds(output, "category/migration.html") == site_feeds | {
        ("application/atom+xml", "/feeds/category/migration.atom.xml"),
        ("application/rss+xml", "/feeds/category/migration.rss.xml"),
    }
    assert feeds(output, "tag/markdown.html") == site_feeds | {
        ("application/atom+xml", "/feeds/tag/markdown.atom.xml"),
        ("application/rss+xml", "/feeds/tag/markdown.rss.xml"),
    }
    assert feeds(output, "author/sam-writer.html") == site_feeds | {
        ("application/atom+xml", "/feeds/author/sam-writer.atom.xml"),
        ("application/rss+xml", "/feeds/author/sam-writer.rss.xml"),
    }
    # An article: its category's feeds (Pelican gives it `category`), its language's.
    assert feeds(output, ARTICLE_WITH_IDIOMS) == site_feeds | {
        ("application/atom+xml", "/feeds/category/migration.atom.xml"),
        ("application/rss+xml", "/feeds/category/migration.rss.xml"),
        ("application/atom+xml", "/feeds/all-en.atom.xml"),
        ("application/rss+xml", "/feeds/all-en.rss.xml"),
    }
    # Every linked feed is one Pelican wrote.
    for path in ("index.html", "category/migration.html", ARTICLE_WITH_IDIOMS):
        for _, href in feeds(output, path):
            assert (output / href.lstrip("/")).is_file(), href


def test_a_template_the_theme_lacks_falls_back_with_one_warning(existing_blog):
    output, warnings = existing_blog
    gallery = read(output, "pages/photo-gallery.html")
    assert gallery.select_one("h1.post-title").get_text() == "Photo gallery"
    assert "gallery template" in gallery.select_one(".post-content").get_text()
    about_gallery = [m for m in warnings if "gallery" in m]
    assert len(about_gallery) == 1
    assert "pages/gallery.md" in about_gallery[0]
    assert "Template: gallery" in about_gallery[0]


def test_a_page_naming_search_keeps_its_content_while_search_is_off(existing_blog):
    page = read(existing_blog[0], "pages/find-an-article.html")
    assert page.title.get_text().startswith("Find an article")
    assert page.select_one("h1").get_text() == "Find an article"
    assert "what readers should see" in page.select_one(".post-content").get_text()
    assert not page.select("[data-search-page], .search-page-form")
