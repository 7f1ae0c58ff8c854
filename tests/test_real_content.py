"""The theme on real blog content: code, tables, embeds, figures, footnotes,
on every screen. The kitchen-sink tree (tests/sites/kitchen_sink) holds what
Python-Markdown's common extensions and docutils write."""

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, axe_violations, open_page, validate, with_and_without_plugin
from harness import StaticServer, run_pelican
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.page_content import page_content

KITCHEN_SINK = REPO / "tests" / "sites" / "kitchen_sink"
MARKDOWN_ARTICLE = (
    "everything-markdown-writes-with-a-title-long-enough-to-wrap-over-several-"
    "lines-on-any-phone-screen.html"
)
REST_ARTICLE = "everything-docutils-writes.html"
WIDTHS = [320, 360, 768, 1280]

# The kitchen sink is built once with the plugin and once without (a module
# fixture): its tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("kitchen_sink")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return with_and_without_plugin(
        KITCHEN_SINK / "pelicanconf.py", tmp_path_factory.mktemp("kitchen-sink")
    )


@pytest.fixture(scope="module")
def servers(sites):
    running = {name: StaticServer(output) for name, output in sites.items()}
    yield {name: server.origin for name, server in running.items()}
    for server in running.values():
        server.stop()


def pages(output):
    return sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if "media" not in p.parts
    )


# What the page checks in the browser, in one round trip.
LAYOUT = """() => {
  const root = document.documentElement;
  const scrollers = [...document.querySelectorAll('.post-content pre, .table-scroll')];
  const cells = [...document.querySelectorAll('.post-content td, .post-content th')];
  return {
    overflow: root.scrollWidth - root.clientWidth,
    unreachable: scrollers
      .filter(e => e.scrollWidth > e.clientWidth + 1 && e.tabIndex < 0)
      .map(e => e.outerHTML.slice(0, 80)),
    brokenCells: cells
      .filter(c => getComputedStyle(c).overflowWrap === 'anywhere'
                || getComputedStyle(c).wordBreak === 'break-all'
                || c.scrollWidth > c.clientWidth + 1)
      .map(c => c.textContent.slice(0, 40)),
    frames: [...document.querySelectorAll('.post-content iframe')]
      .map(f => [f.getAttribute('width') / f.getAttribute('height'),
                 f.clientWidth / f.clientHeight]),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["plugin", "theme only"])
def test_nothing_is_wider_than_the_screen(browser, sites, servers, variant):
    checked = 0
    paths = pages(sites[variant])
    # One tab led from page to page (a fresh context per page took several
    # times as long), each loaded at the first width in the light scheme.
    page, problems = open_page(browser, servers[variant], paths[0], WIDTHS[0])
    for path in paths:
        if path != paths[0]:
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page.emulate_media(color_scheme="light")
            page.goto(f"{servers[variant]}/{path}")
        # One load per page; the viewport and the colour scheme change in
        # place, and the layout follows as it does for a reader.
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                layout = page.evaluate(LAYOUT)
                where = f"{path} at {width}px {scheme}"
                assert layout["overflow"] <= 0, where
                assert layout["brokenCells"] == [], where
                if variant == "plugin":
                    assert layout["unreachable"] == [], where
                    for declared, shown in layout["frames"]:
                        assert shown == pytest.approx(declared, rel=0.02), where
                checked += 1
        assert problems == [], path
    page.close()
    assert checked >= 10 * len(WIDTHS) * 2


TOKEN_COLOURS = """() => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => {
    const [r, g, b] = rgb.map(v => v / 255).map(
      v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(parse(a)), lum(parse(b))].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const colours = {}, low = [];
  for (const block of document.querySelectorAll('.highlight')) {
    const background = getComputedStyle(block).backgroundColor;
    for (const span of block.querySelectorAll('pre span')) {
      if (!span.textContent.trim()) continue;
      const colour = getComputedStyle(span).color;
      colours[colour] = true;
      if (ratio(colour, background) < 4.5) low.push([span.className, colour]);
    }
  }
  return {count: Object.keys(colours).length, low};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_is_highlighted_with_contrast(browser, servers, scheme):
    page, problems = open_page(
        browser, servers["plugin"], MARKDOWN_ARTICLE, 1280, scheme
    )
    tokens = page.evaluate(TOKEN_COLOURS)
    assert tokens["count"] >= 8, tokens
    assert tokens["low"] == []
    assert problems == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    "path", [MARKDOWN_ARTICLE, REST_ARTICLE, "index.html", "archives.html"]
)
def test_axe_finds_no_violation(browser, servers, path, width, scheme):
    page, _ = open_page(browser, servers["plugin"], path, width, scheme)
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("variant", ["plugin", "theme only"])
def test_kitchen_sink_is_valid_html(sites, variant):
    result = validate(sites[variant])
    # Without the plugin, docutils' HTML4 markup (<tt>, border=…) is the
    # reader's own: only the plugin modernises it.
    if variant == "plugin":
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        assert "The “tt” element is obsolete" in result.stdout + result.stderr or (
            'The "tt" element is obsolete' in result.stdout + result.stderr
        )


def test_the_lists_show_counts_in_each_articles_language(sites):
    """The pages the browser checks above carry counts: "Most viewed" with
    an RTL entry among LTR ones, archive lines with compact counts."""
    index = BeautifulSoup((sites["plugin"] / "index.html").read_text(), "html.parser")
    urdu = index.select_one('.most-viewed li[lang="ur"][dir="rtl"]')
    assert urdu.select_one(".count-views")["title"] == "45,200 بار دیکھا گیا"
    # The others in the page's language and direction, which they inherit.
    assert len(index.select(".most-viewed li:not([lang], [dir])")) == 2
    archive = (sites["plugin"] / "archives.html").read_text()
    lines = BeautifulSoup(archive, "html.parser").select(".archive-meta")
    assert [line.select_one(".archive-views").get_text() for line in lines] == [
        "45.2\xa0ہزار بار دیکھا گیا",  # noqa: RUF001 (Urdu)
        "1.2M views",
        "87 views",
    ]


def test_code_stylesheet_only_on_pages_with_code(sites):
    output = sites["plugin"]
    stylesheet = output / "theme" / "css" / "pygments.css"
    assert stylesheet.is_file()
    css = stylesheet.read_text()
    assert "prefers-color-scheme:dark" in css.replace(" ", "")
    assert 'href="/theme/css/pygments.css"' in (output / MARKDOWN_ARTICLE).read_text()
    assert (
        "pygments.css" not in (output / "pages/about-the-kitchen-sink.html").read_text()
    )
    assert "pygments.css" not in (output / "index.html").read_text()


def test_pygments_styles_follow_the_settings(tmp_path):
    output = run_pelican(
        KITCHEN_SINK / "pelicanconf.py",
        tmp_path / "out",
        PYGMENTS_STYLE="monokai",
        FUKATSOFT_PYGMENTS_STYLE_DARK="native",
    )
    css = (output / "theme/css/pygments.css").read_text()
    light, dark = css.split("@media")
    assert ".highlight{background:#272822" in light  # monokai
    assert ".highlight{background:#202020" in dark  # native


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>No code.</p>", "<p>No code.</p>"),
        ("<pre>x</pre>", '<pre tabindex="0">x</pre>'),
        ('<pre tabindex="-1">x</pre>', '<pre tabindex="-1">x</pre>'),
        (
            "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>",
            '<div class="table-scroll" tabindex="0" role="region" aria-label="T 1">'
            "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table></div>",
        ),
        (
            "<table><caption>Build <em>times</em></caption><tr><td>1</td></tr></table>"
            "<table><tr><td>2</td></tr></table>",
            '<div class="table-scroll" tabindex="0" role="region" '
            'aria-label="Build times"><table><caption>Build <em>times</em></caption>'
            "<tr><td>1</td></tr></table></div>"
            '<div class="table-scroll" tabindex="0" role="region" aria-label="T 2">'
            "<table><tr><td>2</td></tr></table></div>",
        ),
        (
            '<table class="docutils footnote" frame="void" rules="none"><tr>'
            '<td valign="top">1</td></tr></table>',
            '<table class="docutils footnote"><tr><td>1</td></tr></table>',
        ),
        (
            '<iframe width="560" height="315" src="/v"></iframe>',
            '<iframe style="--fukatsoft-ratio: 560 / 315" width="560" height="315" '
            'src="/v"></iframe>',
        ),
        (
            '<p><tt class="docutils literal">x</tt></p>',
            '<p><code class="docutils literal">x</code></p>',
        ),
        ("<pre>unclosed <table>", '<pre tabindex="0">unclosed <table>'),
        # A literal-text element is shown as typed (issue #31, item 5).
        *(
            (literal, literal)
            for literal in (
                '<textarea><iframe width="560" height="315" src="/v"></iframe>'
                '<table border="1"><tr><td valign="top">1</td></tr></table>'
                "<tt>x</tt></textarea>",
                "<xmp><pre>x</pre><table><tr><td>1</td></tr></table></xmp>",
                '<plaintext><table border="1"><tr><td>x</td></tr></table>',
                '<noscript><iframe width="5" height="3"></iframe></noscript>',
                "<template><pre>x</pre></template>",
                "<title><pre>x</pre></title>",
                "<script><!--<script>'</script><pre>'</script><pre>x</pre>",
                "<!-- a -- > <pre>x</pre> -->",
            )
        ),
        (
            "<textarea><pre></TEXTAREA ><pre>x</pre>",
            '<textarea><pre></TEXTAREA ><pre tabindex="0">x</pre>',
        ),
        (
            "<table><tr><td><textarea></table></textarea></td></tr></table>",
            '<div class="table-scroll" tabindex="0" role="region" aria-label="T 1">'
            "<table><tr><td><textarea></table></textarea></td></tr></table></div>",
        ),
    ],
)
def test_page_content_edits(html, expected):
    assert page_content(html, "T") == expected


@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["T 2", "A", "A (3)", "<b>A</b>"])))
)
def test_every_table_region_has_its_own_label(captions):
    """axe's landmark-unique: whatever the captions, no two regions share a
    name; a table's caption names it if no earlier one took that name."""
    html = "".join(
        "<table>"
        + (f"<caption>{caption}</caption>" if caption is not None else "")
        + "<tr><td>x</td></tr></table>"
        for caption in captions
    )
    regions = BeautifulSoup(str(page_content(html, "T")), "html.parser").select(
        "div.table-scroll"
    )
    labels = [region["aria-label"] for region in regions]
    assert len(regions) == len(captions)
    assert len(set(labels)) == len(labels)
    if captions and captions[0] is not None:
        assert labels[0] == BeautifulSoup(captions[0], "html.parser").get_text()


BYLINE_WORDS = """() => [...document.querySelectorAll('.byline-names')].map(names => {
  const words = [];
  for (const node of names.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE) continue;
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      words.push([match[0], range.getClientRects().length]);
    }
  }
  const link = names.querySelector('a').getBoundingClientRect();
  const after = document.createRange();
  after.selectNodeContents(names);
  after.setStartAfter(names.querySelector('a'));
  const next = after.getClientRects()[0];
  const rtl = getComputedStyle(names).direction === 'rtl';
  return {text: names.textContent, words, lang: names.closest('[lang]').lang,
          gap: next ? (rtl ? link.left - next.right : next.left - link.right) : 0};
})"""
# "and" in the language of the byline's article (the sidebar lists an Urdu one).
CONJUNCTION = {"en": "and", "ur": "اور"}


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_multi_author_bylines_read_as_text(browser, servers, width):
    page, _ = open_page(browser, servers["plugin"], REST_ARTICLE, width)
    bylines = page.evaluate(BYLINE_WORDS)
    sidebar = [b for b in bylines if "Ayesha" in b["text"]]
    assert sidebar, bylines
    for byline in sidebar:
        and_ = CONJUNCTION[byline["lang"]]
        assert " ".join(byline["text"].split()) == f"Ayesha Khan {and_} Bilal Ahmed"
        # No word split over two lines ("an" / "d"), no gap before "and".
        assert all(rects == 1 for _, rects in byline["words"]), byline
        assert byline["gap"] < 8, byline
    page.close()


@pytest.mark.browser
def test_generated_avatar_keeps_its_shape_on_author_pages(browser, servers):
    page, _ = open_page(browser, servers["plugin"], "author/ayesha-khan.html", 360)
    # No profile: a compact header, the avatar beside the name, not a card.
    assert page.locator(".author-profile").count() == 0
    box = page.locator(".page-title .author-title .avatar").bounding_box()
    assert box["width"] == pytest.approx(box["height"], abs=1)
    assert 32 <= box["width"] <= 48
    page.close()


def test_absolute_site_logo_is_not_prefixed(tmp_path):
    output = run_pelican(
        KITCHEN_SINK / "pelicanconf.py",
        tmp_path / "out",
        SITELOGO="https://cdn.example.org/logo.svg",
    )
    assert (
        'src="https://cdn.example.org/logo.svg"' in (output / "index.html").read_text()
    )
