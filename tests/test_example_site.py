"""The example site: the seed article reproduced faithfully, every template."""

import re
from pathlib import Path

import blinker
import pytest
from conftest import EXAMPLE_SITE, SEED_PAGE
from harness import IssoServer, run_pelican

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
TITLE = '"Afghanistan Crisis: Can US-Pakistan Relations Find Common Ground Again?"'


def seed_blocks():
    """The seed's body: seven paragraphs with six headings between them."""
    lines = SEED_PAGE.read_text(encoding="utf-8").splitlines()
    body = lines[lines.index("0") + 1 : lines.index("Powered by Froala Editor")]
    return [" ".join(line.split()) for line in body if line.strip()]


@pytest.fixture
def site(example_build):
    return example_build


def test_seed_has_the_expected_shape():
    blocks = seed_blocks()
    assert len(blocks) == 13


def test_article_title_is_the_single_h1(site):
    page = site.html(ARTICLE)
    headings = page.find_all("h1")
    assert [h.get_text(strip=True) for h in headings] == [TITLE]
    assert page.title.get_text().startswith(TITLE)


def test_article_byline_author_date_and_counts(site):
    byline = site.html(ARTICLE).select_one(".post-header .byline")
    author = byline.select_one('a[rel="author"]')
    assert author.get_text() == "Nauman Hanif"
    assert author["href"] == "/authors/nauman-hanif/"
    time = byline.find("time")
    assert time.get_text() == "Mar 10 2025 03:04 PM"
    assert time["datetime"] == "2025-03-10T15:04:00+05:00"
    assert byline.select_one(".count-views .count-value").get_text() == "45"
    # Zero in the article's own byline reads as a sentence; the exact label stays.
    zero = byline.select_one(".count-comments")
    assert zero.select_one(".count-value").get_text() == "No comments yet"
    assert zero.select_one(".visually-hidden").get_text() == "0 comments"
    assert byline.select_one(".count-views .visually-hidden").get_text() == "45 views"
    assert byline.select_one(".count-views svg")["aria-hidden"] == "true"


def test_every_paragraph_and_heading_word_for_word(site):
    content = site.html(ARTICLE).select_one(".post-content")
    blocks = [" ".join(el.get_text().split()) for el in content.find_all(["p", "h2"])]
    tags = [el.name for el in content.find_all(["p", "h2"])]
    assert blocks == seed_blocks()
    assert tags == ["p", "h2"] * 6 + ["p"]


def test_froala_watermark_is_gone_from_page(site):
    page = site.text(ARTICLE)
    assert "Powered by Froala" not in page
    assert "data-f-id" not in page
    assert "froala.com" not in page


def test_article_has_comments_section_and_latest_blogs(site):
    page = site.html(ARTICLE)
    comments = page.select_one("section.comments")
    # The count first, then the thread, then the seed's "Leave Your Comment".
    assert comments.find("h2").get_text() == "No comments yet"
    assert comments.select_one("#comment-form-heading").get_text() == (
        "Leave Your Comment"
    )
    latest = page.select_one("section.latest")
    assert latest.find("h2").get_text() == "Latest Blogs"
    titles = [a.get_text() for a in latest.select("li > a")]
    assert TITLE not in titles
    assert len(titles) == 5
    assert all(li.find("time") for li in latest.select("li"))


def test_footer_credit_and_copyright_are_apart(site):
    footer = site.html(ARTICLE).select_one("footer.site-footer")
    assert footer.select_one(".copyright").get_text().startswith("©")
    credit = footer.select_one(".powered-by")
    assert [a.get_text() for a in credit.find_all("a")] == [
        "Pelican",
        "pelican-fukatsoft",
    ]


def test_index_is_a_grid_of_cards_with_pagination(site):
    page = site.html("index.html")
    assert page.find("h1").get_text() == "Latest Blogs"
    cards = page.select(".card-grid .card")
    assert len(cards) == 4
    first = cards[0]
    assert first.select_one(".card-title a").get_text() == TITLE
    assert first.select_one(".card-summary").get_text().strip()
    assert first.select_one('a[rel="author"]').get_text() == "Nauman Hanif"
    assert first.select_one(".count-views .count-value").get_text() == "45"
    assert page.select_one('.pagination a[rel="next"]')["href"] == "/page/2/"
    assert len(site.html("page/2/index.html").select(".card")) == 2


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        ARTICLE,
        "about/index.html",
        "categories.html",
        "category/world-affairs/index.html",
        "tags.html",
        "tag/pakistan/index.html",
        "authors.html",
        "authors/nauman-hanif/index.html",
        "archives.html",
        "2025/index.html",
        "2025/03/index.html",
    ],
)
def test_every_template_renders_the_layout(site, path):
    page = site.html(path)
    assert page.html["lang"] == "en"
    assert len(page.find_all("h1")) == 1
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main")
    assert (
        page.select_one("header.site-header a.brand .brand-name").get_text(strip=True)
        == "FukatSoft"
    )
    assert page.select_one('nav[aria-label="Main"]')
    assert page.select_one("footer .powered-by")
    assert page.select_one('link[rel="stylesheet"]')["href"].startswith("/theme/")
    # No request to another host, no render-blocking script.
    for element in page.find_all(["link", "script", "img"]):
        url = element.get("href") or element.get("src") or ""
        if element.name == "link" and element.get("rel") in (
            ["canonical"],
            ["alternate"],
        ):
            continue
        assert not re.match(r"https?://", url), url
    assert not page.select("head script[src]:not([defer]):not([async])")


def test_archive_and_taxonomy_lists_show_counts(site):
    archive = site.html("archives.html")
    assert len(archive.select(".archive-list li")) == 6
    # A line of text per article: its date, views and comments.
    meta = archive.select_one(".archive-list li .archive-meta").get_text(
        " ", strip=True
    )
    assert re.fullmatch(r".+ · [\d.,]+K? views · (\d+ comments|1 comment)", meta), meta
    # The Urdu article's line speaks Urdu, like its card.
    urdu = archive.select_one('.archive-list li[lang="ur"] .archive-views').get_text()
    assert urdu == "64 بار دیکھا گیا"
    # So does its entry in "Most viewed", a partial included in a list of
    # the English index (not rendered once per article).
    most_viewed = site.html("index.html").select_one('.most-viewed li[lang="ur"]')
    assert most_viewed.select_one(".count-views")["title"] == "64 بار دیکھا گیا"
    # An English one in the English page's language, which it inherits.
    english = site.html("index.html").select_one(".most-viewed li:not([lang])")
    assert english.select_one(".count-views")["title"].endswith(" views")
    category = site.html("category/world-affairs/index.html")
    assert {a.get_text() for a in category.select(".card-title a")} == {
        TITLE,
        "Regional Trade in 2025: Three Questions for Small Exporters",
    }


def test_no_relative_canonical_without_an_absolute_siteurl(site):
    # A canonical URL must be absolute; the dev build has SITEURL = "".
    assert not site.html(ARTICLE).select('link[rel="canonical"]')
    assert not site.html("index.html").select('link[rel="canonical"]')


def test_loading_overlay_is_off_by_default(site):
    assert not site.html("index.html").select(".loading-overlay")


def test_example_build_prints_no_warning(example_build):
    site = example_build
    assert site.messages() == []
    assert any(
        "removed 1 editor watermark(s) from 1 file(s)" in m
        for m in site.messages(level=20)
    )


def test_publish_settings_link_feeds_and_absolute_canonical(published_example):
    site = published_example
    page = site.html(ARTICLE)
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == (
        "https://blog.fukatsoft.example/blog/afghanistan-crisis-us-pakistan-relations/"
    )
    feed = page.select_one('link[type="application/atom+xml"]')["href"]
    assert feed == "https://blog.fukatsoft.example/feeds/all.atom.xml"
    atom = site.text("feeds/all.atom.xml")
    assert "Froala" not in atom
    assert "Gone are the days when money came from the US" in atom
    assert page.select_one('meta[property="og:title"]')["content"] == TITLE


@pytest.mark.server  # a real Isso writes the comment
def test_the_build_does_not_depend_on_the_order_blinker_calls_receivers(
    tmp_path, monkeypatch
):
    """Blinker calls a signal's receivers in an undefined order: the example
    (views, a comment, authors, the Froala watermark) built as blinker calls
    them today and with every signal's receivers called in reverse comes out
    byte for byte the same."""
    isso = IssoServer(tmp_path, "http://127.0.0.1")
    status, _ = isso.post(
        "/blog/afghanistan-crisis-us-pakistan-relations/", text="In order."
    )
    isso.stop()
    assert status == 201

    def build(name):
        output = tmp_path / name
        run_pelican(
            EXAMPLE_SITE / "pelicanconf.py",
            output,
            FUKATSOFT_ISSO_DB=str(isso.db),
            CACHE_PATH=str(tmp_path / f"{name}-cache"),
        )
        # Pagefind's index differs between two runs over the same pages (its
        # file names are hashes of unordered data): the pages it indexed are
        # compared, and that it wrote an index.
        assert (output / "pagefind" / "pagefind-entry.json").is_file()
        return {
            path.relative_to(output): path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file() and path.relative_to(output).parts[0] != "pagefind"
        }

    as_is = build("as-is")
    receivers_for = blinker.base.Signal.receivers_for
    monkeypatch.setattr(
        blinker.base.Signal,
        "receivers_for",
        lambda signal, sender: reversed(list(receivers_for(signal, sender))),
    )
    reversed_order = build("reversed")
    article = as_is[Path(ARTICLE)].decode()
    assert "In order." in article
    assert "Powered by Froala" not in article
    assert as_is.keys() == reversed_order.keys()
    assert [path for path in as_is if as_is[path] != reversed_order[path]] == []
