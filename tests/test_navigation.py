"""Navigation: one header row and a "Menu" disclosure on phones (with and
without JavaScript), the links in the row on wide screens, and the current
page and section marked for assistive technology."""

import itertools
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, axe_violations, open_page, small_site_settings
from harness import run_pelican
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from pelican.writers import Writer

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"
PAGES = ["", ARTICLE, "archives.html", "about/", "authors/sana-malik/"]


def main_nav_current(site, path):
    """{link text: aria-current} of the main menu's marked links."""
    nav = site.html(path + ("index.html" if path.endswith("/") or not path else ""))
    links = nav.select("nav.site-nav a[aria-current]")
    return {a.get_text(strip=True): a["aria-current"] for a in links}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", {}),
        (ARTICLE, {"World Affairs": "true"}),
        ("category/world-affairs/", {"World Affairs": "page"}),
        ("archives.html", {"Archives": "page"}),
        ("authors.html", {"Authors": "page"}),
        ("about/", {"About": "page"}),
        ("authors/sana-malik/", {}),
    ],
)
def test_the_menu_marks_the_current_page_and_section(example_site, path, expected):
    # An article is in its category's section, not on the category's page;
    # the site's own MENUITEMS links are marked where they lead here.
    assert main_nav_current(example_site, path) == expected


def test_menu_items_match_whatever_siteurl_they_are_written_with(build):
    site = build(
        SITEURL="https://example.com/blog",
        MENUITEMS=[
            ("Archives", "https://example.com/blog/archives.html"),
            ("Authors", "/authors.html"),
            ("Elsewhere", "https://other.example/archives.html"),
        ],
    )
    assert main_nav_current(site, "archives.html") == {"Archives": "page"}
    assert main_nav_current(site, "authors.html") == {"Authors": "page"}


MENU_LINKS = Environment(
    loader=FileSystemLoader(REPO / "theme" / "templates"), autoescape=True
).get_template("fukatsoft/menu_links.html")
SEGMENT = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
OUTPUT_FILE = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(SEGMENT, max_size=3),
    st.one_of(st.just("index.html"), SEGMENT.map(lambda name: name + ".html")),
)


# A render takes a millisecond: enough examples to meet every way of writing.
@settings(max_examples=300)
@given(
    siteurl=st.sampled_from(
        ["", "https://example.com", "https://example.com/blog", "http://[::1]:8000"]
    ),
    here=OUTPUT_FILE,
    elsewhere=st.one_of(st.none(), OUTPUT_FILE),
    written=st.sampled_from(["absolute", "root-relative", "site-root-relative"]),
    explicit_index=st.booleans(),
)
def test_a_menu_item_is_current_exactly_where_it_leads(
    siteurl, here, elsewhere, written, explicit_index
):
    """However a MENUITEMS link is written, it is marked on the page it leads
    to (with or without its index.html) and on no other."""
    there = here if elsewhere is None else elsewhere
    # A site under /blog with a folder of its own called blog is ambiguous
    # for links relative to the site's root.
    assume(not here.startswith("blog/") and not there.startswith("blog/"))
    url = there if explicit_index else there.removesuffix("index.html")
    site_path = siteurl.partition("://")[2].partition("/")[1:]
    link = {
        "absolute": f"{siteurl}/{url}",
        "root-relative": f"{''.join(site_path)}/{url}",
        "site-root-relative": f"/{url}",
    }[written]
    html = MENU_LINKS.render(
        SITEURL=siteurl, output_file=here, MENUITEMS=[("Go", link)]
    )
    marked = BeautifulSoup(html, "html.parser").select("a[aria-current=page]")
    leads_here = here.removesuffix("index.html") == there.removesuffix("index.html")
    assert bool(marked) == leads_here, (link, here)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("path", PAGES)
def test_phone_header_is_one_row_and_its_menu_opens_by_keyboard(
    browser, example_origin, *, path, javascript
):
    """At 360 and 768 px, light and dark: one tab, loaded afresh for each."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    for width, scheme in itertools.product([360, 768], ["light", "dark"]):
        where = (width, scheme)
        page.set_viewport_size({"width": width, "height": 740})
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{example_origin}/{path}")
        header = page.locator(".site-header")
        assert header.bounding_box()["height"] <= 120, where
        links = page.locator("nav.site-nav a")
        assert links.count() >= 5
        assert not links.first.is_visible(), where
        assert page.evaluate("document.documentElement.scrollWidth") <= width, where
        # Skip link, brand, then the menu button: Enter opens it.
        for _ in range(3):
            page.keyboard.press("Tab")
        active = page.evaluate("document.activeElement.className")
        assert active == "menu-button", where
        page.keyboard.press("Enter")
        reached = []
        for _ in range(links.count()):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert reached == [text.strip() for text in links.all_inner_texts()], where
        assert all(link.is_visible() for link in links.all()), where
        # The open menu lies over the page, inside the window, not beside it.
        panel = page.locator(".site-menu-panel").bounding_box()
        assert panel["x"] >= 0, where
        assert panel["x"] + panel["width"] <= width, where
        assert page.evaluate("document.documentElement.scrollWidth") <= width, where
        if javascript:  # axe runs as a script in the page
            assert axe_violations(page) == [], where
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 1280])
def test_wide_header_shows_the_links_in_the_row(browser, example_origin, width):
    page, problems = open_page(browser, example_origin, ARTICLE, width)
    assert not page.locator(".menu-button").is_visible()
    links = page.locator("nav.site-nav a")
    assert all(link.is_visible() for link in links.all())
    # Every link reachable by Tab, in order, without opening anything.
    texts = [text.strip() for text in links.all_inner_texts()]
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "document.activeElement.closest('nav.site-nav')"
                " && document.activeElement.textContent.trim()"
            )
        )
    assert [text for text in seen if text] == texts
    assert page.locator(".site-header").bounding_box()["height"] <= 130
    assert problems == []
    page.close()


def test_archives_are_grouped_by_year_and_month_with_counts(example_site):
    page = example_site.html("archives.html")
    years = page.select("section.archive-year")
    assert [y.h2.a.get_text() for y in years] == ["2025"]
    assert years[0].h2.a["href"] == "/2025/"
    assert years[0].h2.select_one(".archive-count").get_text() == "6 articles"
    months = [
        (h3.a.get_text(), h3.a["href"], h3.select_one(".archive-count").get_text())
        for h3 in years[0].select("h3")
    ]
    assert months == [
        ("March", "/2025/03/", "3 articles"),
        ("February", "/2025/02/", "2 articles"),
        ("January", "/2025/01/", "1 article"),
    ]
    # Every article once, newest first within its month.
    lists = [
        [a.get_text() for a in ul.select("li > a")] for ul in years[0].select("ul")
    ]
    assert sum(len(items) for items in lists) == 6
    assert lists[0][0].startswith('"Afghanistan Crisis')


@settings(max_examples=8)
@given(
    st.lists(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
        min_size=1,
        max_size=12,
    )
)
def test_the_archive_lists_every_article_once_under_its_year_and_month(dates):
    """Any spread of dates: each article once, under its own year and month,
    years and months newest first, every count the number of entries."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "content").mkdir()
        for number, date in enumerate(dates):
            (site / "content" / f"a{number}.md").write_text(
                f"Title: Article {number}\nDate: {date:%Y-%m-%d %H:%M}\n\nText.\n"
            )
        run_pelican(small_site_settings(site), site / "output")
        page = BeautifulSoup(
            (site / "output" / "archives.html").read_text(), "html.parser"
        )

    def count(heading):
        text = heading.select_one(".archive-count").get_text()
        return int(text.split()[0])

    placed = {}
    years = []
    for section in page.select("section.archive-year"):
        year = int(section.h2.contents[0].get_text())
        years.append(year)
        months = []
        for heading, entries in zip(
            section.select("h3"), section.select("ul.archive-list"), strict=True
        ):
            month = datetime.strptime(
                heading.contents[0].get_text().strip(), "%B"
            ).month
            months.append(month)
            titles = [a.get_text() for a in entries.select("li > a")]
            assert count(heading) == len(titles)
            for title in titles:
                assert title not in placed
                placed[title] = (year, month)
        assert months == sorted(set(months), reverse=True)
        assert count(section.h2) == sum(
            1 for where in placed.values() if where[0] == year
        )
    assert years == sorted(set(years), reverse=True)
    assert placed == {
        f"Article {number}": (date.year, date.month)
        for number, date in enumerate(dates)
    }


def test_archive_headings_in_the_pages_language(build):
    site = build(DEFAULT_LANG="de", FUKATSOFT_ISSO_URL=None)
    months = [
        h3.contents[0].get_text() for h3 in site.html("archives.html").select("h3")
    ]
    assert months == ["März", "Februar", "Januar"]
    count = site.html("archives.html").select_one("h2 .archive-count").get_text()
    assert count == "6 Artikel"


def archive_page_pieces(folder, entries, monkeypatch):
    """How many pieces Jinja yields for archives.html of a site with
    *entries* articles in two months (the pieces it holds until it joins
    them into the page)."""
    (folder / "content").mkdir(parents=True)
    for number in range(entries):
        (folder / "content" / f"a{number}.md").write_text(
            f"Title: Article {number}\nDate: 2024-0{1 + number % 2}-03\n"
            f"Views: {number * 1000}\nComments: {number}\n\nText.\n"
        )
    pieces = []
    write_file = Writer.write_file

    def counting_write_file(self, name, template, context, *args, **kwargs):
        if name == "archives.html":
            pieces.append(sum(1 for _ in template.generate(context)))
        return write_file(self, name, template, context, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", counting_write_file)
    run_pelican(small_site_settings(folder), folder / "output")
    (count,) = pieces
    return count


def test_the_archive_is_held_in_pieces_per_month_not_per_entry(tmp_path, monkeypatch):
    """Pelican renders a page into one string; Jinja holds all its pieces
    until then. The archive lists every article: joined per month, a
    10,000-entry archive no longer is the largest allocation of a build."""
    few = archive_page_pieces(tmp_path / "few", 4, monkeypatch)
    many = archive_page_pieces(tmp_path / "many", 60, monkeypatch)
    assert many == few
