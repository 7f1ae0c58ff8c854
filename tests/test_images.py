"""Featured images: from Image:/Cover: metadata or pelican-featured-image, on
the hero, the card, OpenGraph/Twitter and JSON-LD; sizes reserved; text
alternatives; responsive sizes with pelican-image-process."""

import json

import pytest
from conftest import REPO, open_page, small_site_settings
from harness import StaticServer
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from pelican_fukatsoft.images import _site_url, image_size

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"


@pytest.fixture
def site_with_images(tmp_path):
    """Articles with every way of naming an image; returns (conf, content)."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (1200, 630), "teal").save(content / "images" / "wide.png")
    Image.new("RGB", (300, 300), "navy").save(content / "images" / "square.jpg")
    articles = {
        "image": "Image: {static}/images/wide.png\nImage_alt: A teal field",
        "cover": "Cover: /images/square.jpg\nCover_alt: A navy square",
        "decorative": "Image: images/wide.png\nImage_alt:",
        "no-alt": "Image: images/wide.png",
        "remote": "Image: https://cdn.example.net/photo.jpg\nImage_alt: Remote",
        "script": "Image: javascript:alert(1)",
        "plain": "",
    }
    for day, (slug, meta) in enumerate(articles.items(), start=1):
        (content / f"{slug}.md").write_text(
            f"Title: {slug.title()} article\nDate: 2025-01-{day:02d}\n"
            f"Author: A\nSlug: {slug}\n{meta}\n\nSome text about {slug}.\n"
        )
    conf = small_site_settings(
        tmp_path,
        SITENAME="Images",
        SITEURL="https://example.com",
        STATIC_PATHS=["images"],
        DEFAULT_PAGINATION=10,
    )
    return conf, content


def hero(site, slug):
    return site.html(f"{slug}.html").select_one("figure.hero img")


def structured(site, slug):
    script = site.html(f"{slug}.html").select_one('script[type="application/ld+json"]')
    return json.loads(script.string)


def meta(site, slug, name):
    tag = site.html(f"{slug}.html").select_one(
        f'meta[property="{name}"], meta[name="{name}"]'
    )
    return tag["content"] if tag else None


def test_image_metadata_shows_everywhere(build, site_with_images):
    conf, _ = site_with_images
    site = build(settings_file=conf)
    image = hero(site, "image")
    assert image["src"] == "https://example.com/images/wide.png"
    assert (image["width"], image["height"]) == ("1200", "630")
    assert image["alt"] == "A teal field"
    assert not image.get("loading")
    assert meta(site, "image", "og:image") == "https://example.com/images/wide.png"
    assert meta(site, "image", "og:image:width") == "1200"
    assert meta(site, "image", "og:image:alt") == "A teal field"
    assert meta(site, "image", "twitter:card") == "summary_large_image"
    assert structured(site, "image")["image"] == "https://example.com/images/wide.png"
    # Cover: is the same, with its own alt; the leading "/" is the site's root.
    cover = hero(site, "cover")
    assert cover["src"] == "https://example.com/images/square.jpg"
    assert (cover["width"], cover["height"], cover["alt"]) == (
        "300",
        "300",
        "A navy square",
    )
    # On the index the image is the card's thumbnail, lazy below the lead.
    cards = {
        card.select_one(".card-title a").get_text(): card
        for card in site.html("index.html").select(".card")
    }
    thumbnail = cards["Image article"].select_one(".card-media img")
    assert thumbnail["src"] == "https://example.com/images/wide.png"
    assert thumbnail["loading"] == "lazy"
    assert (thumbnail["width"], thumbnail["height"]) == ("1200", "630")


def test_an_article_without_image_keeps_a_plain_summary_card(build, site_with_images):
    conf, _ = site_with_images
    site = build(settings_file=conf)
    assert hero(site, "plain") is None
    assert meta(site, "plain", "og:image") is None
    assert meta(site, "plain", "twitter:card") == "summary"
    assert "image" not in structured(site, "plain")
    # Beside cards with images, a same-sized panel keeps the row even.
    plain = next(
        c
        for c in site.html("index.html").select(".card")
        if c.select_one(".card-title a").get_text() == "Plain article"
    )
    assert plain.select_one(".card-media-empty")["aria-hidden"] == "true"
    assert plain.select_one("img") is None


def test_text_alternatives(build, site_with_images):
    conf, _ = site_with_images
    site = build(settings_file=conf)
    # An empty Image_alt: marks the image decorative.
    assert hero(site, "decorative")["alt"] == ""
    # None given: the title stands in, and the site hears about it.
    assert hero(site, "no-alt")["alt"] == "No-Alt article"
    assert any("no-alt.md" in m and "has no Image_alt:" in m for m in site.messages())
    assert not any("decorative.md" in m for m in site.messages())


def test_a_remote_image_has_no_size_and_a_script_url_no_image(build, site_with_images):
    conf, _ = site_with_images
    site = build(settings_file=conf)
    remote = hero(site, "remote")
    assert remote["src"] == "https://cdn.example.net/photo.jpg"
    assert "width" not in remote.attrs
    assert hero(site, "script") is None
    assert "javascript" not in site.text("script.html").split("<main", 1)[1]
    assert any("script.md" in m and "not an http(s) URL" in m for m in site.messages())


def test_an_image_name_too_long_for_the_system_warns(build, tmp_path):
    # A name over 255 bytes used to stop the build with ENAMETOOLONG.
    content = tmp_path / "content"
    content.mkdir()
    (content / "long.md").write_text(
        "Title: Long\nDate: 2025-01-01\nSlug: long\nImage: "
        + "x" * 300
        + ".png\nImage_alt: A long name\n\nText.\n"
    )
    site = build(settings_file=small_site_settings(tmp_path, SITENAME="Long"))
    (warning,) = site.messages()
    assert warning.startswith(f"pelican-fukatsoft: {content / 'long.md'}: ")
    assert warning.endswith(
        "is not a file under PATH or the theme (File name too long); shown "
        "without its size"
    )
    assert len(warning) < 300
    image = hero(site, "long")
    assert image["alt"] == "A long name"
    assert not image.get("width")


def test_social_image_needs_an_absolute_siteurl(build, site_with_images):
    conf, _ = site_with_images
    site = build(settings_file=conf, SITEURL="")
    assert hero(site, "image")["src"] == "/images/wide.png"
    assert meta(site, "image", "og:image") is None
    assert meta(site, "image", "og:image:alt") is None
    # A remote image is absolute anyway.
    assert meta(site, "remote", "og:image") == "https://cdn.example.net/photo.jpg"


def test_featured_image_plugin_picks_the_image_in_the_content(build, tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (640, 480), "orange").save(content / "images" / "inline.png")
    (content / "post.md").write_text(
        "Title: Post\nDate: 2025-01-01\nSlug: post\n\nIntro.\n\n"
        "![An orange box](/images/inline.png)\n"
    )
    conf = small_site_settings(
        tmp_path,
        SITENAME="F",
        SITEURL="https://f.example",
        STATIC_PATHS=["images"],
        PLUGINS=["featured_image", "pelican_fukatsoft"],
    )
    site = build(settings_file=conf)
    image = hero(site, "post")
    assert image["src"] == "https://f.example/images/inline.png"
    assert (image["width"], image["height"], image["alt"]) == (
        "640",
        "480",
        "An orange box",
    )
    assert (
        json.loads(
            site.html("post.html")
            .select_one('script[type="application/ld+json"]')
            .string
        )["image"]
        == "https://f.example/images/inline.png"
    )
    assert site.messages() == []


def test_image_process_gives_the_example_responsive_images(example_site):
    page = example_site.html(ARTICLE)
    image = page.select_one("figure.hero img")
    assert "image-process-fukatsoft-hero" in image["class"]
    widths = [candidate.split()[-1] for candidate in image["srcset"].split(",")]
    assert widths == ["480w", "800w", "1200w"]
    assert image["sizes"]
    for card in example_site.html("index.html").select(".card-media img"):
        assert card["srcset"]
        assert card["sizes"]
        assert (card["width"], card["height"]) == ("1600", "900")


@given(
    st.sampled_from(["", "{static}", "{attach}", "/", "{filename}/"]),
    st.text(alphabet="abcxyz0123-_/.", min_size=1, max_size=30),
)
def test_property_site_paths_lose_only_link_syntax(prefix, path):
    url = _site_url(prefix + path)
    assert not url.startswith(("/", "{"))
    assert path.lstrip("/").endswith(url) or url == path.lstrip("/")


@pytest.mark.parametrize(
    ("svg", "size"),
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>',
            (120, 40),
        ),
        ('<svg viewBox="0 0 64 32"></svg>', (64, 32)),
        ('<?xml version="1.0"?><svg width="10em" viewBox="0,0,300,100"/>', (300, 100)),
        ("<svg/>", None),
        ("not svg", None),
    ],
)
def test_svg_sizes(tmp_path, svg, size):
    path = tmp_path / "logo.svg"
    path.write_text(svg)
    assert image_size(path) == size


def test_a_broken_image_file_has_no_size(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG not really")
    assert image_size(path) is None


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 768, 1280])
@pytest.mark.parametrize("path", ["", "blog/afghanistan-crisis-us-pakistan-relations/"])
def test_images_are_no_more_than_twice_their_displayed_size(
    browser, example_site, path, width
):
    server = StaticServer(example_site.output)
    page, problems = open_page(browser, server.origin, path, width)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
    )
    sizes = page.eval_on_selector_all(
        ".hero img, .card-media img",
        "imgs => imgs.map(i => [i.currentSrc, i.naturalWidth, i.clientWidth,"
        " i.naturalHeight / i.naturalWidth, i.clientHeight / i.clientWidth])",
    )
    assert sizes
    for src, natural, shown, _, _ in sizes:
        assert natural <= 2 * shown, (src, natural, shown)
    heroes = [s for s in sizes if "fukatsoft-hero" in s[0]]
    for _, _, _, natural_ratio, shown_ratio in heroes:
        assert shown_ratio == pytest.approx(natural_ratio, rel=0.02)  # not stretched
    assert problems == []
    page.close()
    server.stop()


def test_featured_images_in_the_example(example_site):
    for path in ARTICLE, "index.html":
        assert (REPO / "example_site/content/images/featured").is_dir()
        page = example_site.html(path)
        for image in page.select(".hero img, .card-media img"):
            assert image["alt"], "every example image has a text alternative"
