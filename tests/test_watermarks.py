"""'Powered by' handling: editor watermarks out of content, the footer credit."""

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_SITE
from harness import run_pelican
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.watermarks import RULES, strip_watermarks

GOLDEN = Path(__file__).parent / "golden" / "watermarks"
CASES = sorted(p.name.removesuffix(".in.html") for p in GOLDEN.glob("*.in.html"))
ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    source = (GOLDEN / f"{case}.in.html").read_text(encoding="utf-8")
    expected_file = GOLDEN / f"{case}.out.html"
    cleaned, removed = strip_watermarks(source, rules=RULES)
    if case.startswith("untouched"):
        assert not expected_file.exists()
        assert removed == 0
        assert cleaned == source
    else:
        assert cleaned == expected_file.read_text(encoding="utf-8")
        assert removed > 0
        assert "pbf" not in cleaned.split("<pre>")[0]


@pytest.mark.parametrize("case", CASES)
def test_idempotent(case):
    source = (GOLDEN / f"{case}.in.html").read_text(encoding="utf-8")
    once, _ = strip_watermarks(source, rules=RULES)
    twice, removed = strip_watermarks(once, rules=RULES)
    assert twice == once
    assert removed == 0


def test_rules_can_be_chosen():
    source = (GOLDEN / "redactor.in.html").read_text(encoding="utf-8")
    froala = (GOLDEN / "froala-seed.in.html").read_text(encoding="utf-8")
    assert strip_watermarks(froala, rules=("redactor",)) == (froala, 0)
    only_spans, _ = strip_watermarks(source, rules=("redactor",))
    assert only_spans.endswith("<p><br></p>\n<p>&nbsp;<br/></p>\n")


def test_custom_selectors():
    source = (
        '<p>Keep.</p>\n<div class="wix-badge"><p>Made with Wix</p></div>\n'
        "<p>Keep too.</p>"
    )
    cleaned, removed = strip_watermarks(source, rules=(), selectors=[".wix-badge"])
    assert cleaned == "<p>Keep.</p>\n<p>Keep too.</p>"
    assert removed == 1


def test_article_without_marker_is_never_parsed(monkeypatch):
    from pelican_fukatsoft import watermarks

    def refuse(*args, **kwargs):
        raise AssertionError("parsed an article without any marker")

    monkeypatch.setattr(watermarks, "BeautifulSoup", refuse)
    source = "<p>Plain article, <b>nothing</b> to clean.</p>"
    assert strip_watermarks(source) == (source, 0)


def test_example_article_page_and_feed_are_clean(published_example):
    site = published_example
    for text in (
        site.text(ARTICLE),
        site.text("feeds/all.atom.xml"),
        site.text("index.html"),
    ):
        assert "Froala" not in text
        assert "data-f-id" not in text
    assert (
        site.html(ARTICLE)
        .select(".post-content p")[-1]
        .get_text()
        .startswith("Will the US once again pressure Pakistan")
    )


def test_turned_off_keeps_the_watermark(build):
    site = build(FUKATSOFT_STRIP_WATERMARKS=False)
    assert 'data-f-id="pbf"' in site.text(ARTICLE)


def test_content_cache_keeps_the_result_and_the_report(build):
    first = build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    second = build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    assert second.text(ARTICLE) == first.text(ARTICLE)
    assert "Froala" not in second.text(ARTICLE)
    for site in (first, second):
        assert "pelican-fukatsoft: removed 1 editor watermark(s) from 1 file(s)" in (
            site.messages(level=20)
        )


@pytest.mark.parametrize(
    ("setting", "expected_text", "expected_links"),
    [
        (True, "Powered by Pelican", ["https://getpelican.com/"]),
        (
            "Built by <a href='https://fukatsoft.example/'>FukatSoft</a> in {year}",
            "Built by FukatSoft in 2025",
            ["https://fukatsoft.example/"],
        ),
        (
            [("Pelican", "https://getpelican.com/"), ("A & B", "https://ab.example/")],
            "Powered by Pelican, A & B",
            ["https://getpelican.com/", "https://ab.example/"],
        ),
    ],
)
def test_footer_credit(build, setting, expected_text, expected_links):
    site = build(FUKATSOFT_POWERED_BY=setting)
    credit = site.html("index.html").select_one("footer .powered-by")
    assert " ".join(credit.get_text().split()) == expected_text
    assert [a["href"] for a in credit.find_all("a")] == expected_links
    assert credit.find_parent("footer").select_one(".copyright") is not credit


def test_footer_credit_can_be_hidden(build):
    site = build(FUKATSOFT_POWERED_BY=False)
    page = site.html("index.html")
    assert not page.select(".powered-by")
    assert page.select_one("footer .copyright")


def test_footer_credit_names_are_escaped(build):
    site = build(
        FUKATSOFT_POWERED_BY=[("<script>alert(1)</script>", "https://x.example/")]
    )
    credit = site.html("index.html").select_one(".powered-by")
    assert not credit.find("script")
    assert "<script>alert(1)</script>" in credit.get_text()


# Property tests: real Pelican builds of content nobody wrote for the rule.
# Each example is a small site of HTML and Markdown articles, built with the
# plugin and without it, then again with a watermark inserted into each body.

WATERMARKS = {
    "froala": (
        '<p data-f-id="pbf" style="text-align: center;">Powered by <a href='
        '"https://www.froala.com/wysiwyg-editor?pb=1" title="Froala Editor">'
        "Froala Editor</a></p>"
    ),
    "froala-span": '<span data-f-id="pbf">Powered by Froala Editor</span>',
    "escaped": (
        "&lt;p data-f-id=&quot;pbf&quot; style=&quot;text-align: center;&quot;"
        "&gt;Powered by &lt;a href=&quot;https://www.froala.com/wysiwyg-editor"
        "?pb=1&quot;&gt;Froala Editor&lt;/a&gt;&lt;/p&gt;"
    ),
}
WORDS = st.sampled_from(
    [
        "plain", "pbf", "Froala", "data-f-id", "Powered by", "&amp;", "&lt;p&gt;",
        "&lt;/p&gt;", "&#8203;", "&nbsp;", "naïve", "Ünïcødé", "کراچی", "שלום",
        "مرحبا", "😀", "👩🏽‍💻", "x>y", "2 < 3",
    ]
)  # fmt: skip
LITERAL_SAMPLES = st.sampled_from(
    [
        f"<pre><code>{WATERMARKS['escaped']}</code></pre>",
        f"<p><code>{WATERMARKS['escaped']}</code></p>",
        f"<textarea>{WATERMARKS['froala']}</textarea>",
        f"<xmp>{WATERMARKS['froala']}</xmp>",
        f'<p title="{WATERMARKS["escaped"]}">quoted in an attribute</p>',
        '<!-- <p data-f-id="pbf">Powered by Froala Editor</p> -->',
        '<p data-f-id="pbx">Powered by Froala Editor</p>',
    ]
)


def _text():
    return st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


def _inline():
    return st.one_of(
        _text(),
        _text().map(lambda t: f"<em>{t}</em>"),
        _text().map(lambda t: f'<a href="/a?x=1&amp;y=2" title="a>b">{t}</a>'),
        _text().map(lambda t: f"<code>{t}</code>"),
    )


def _paragraph():
    return st.lists(_inline(), min_size=1, max_size=4).map(
        lambda parts: "<p>" + "".join(parts) + "</p>"
    )


def _blocks(depth=2):
    """(children, separator) lists: the document's blocks and containers."""
    leaf = st.one_of(_paragraph(), LITERAL_SAMPLES, _text())
    if depth == 0:
        return st.lists(leaf, min_size=1, max_size=4)
    return st.lists(
        st.one_of(
            leaf,
            st.tuples(
                st.sampled_from(["div", "blockquote", "section"]),
                _blocks(depth - 1),
                st.sampled_from(["\n", ""]),
            ),
        ),
        min_size=1,
        max_size=4,
    )


def _serialise(blocks, separator="\n"):
    parts = []
    for block in blocks:
        if isinstance(block, tuple):
            name, children, inner = block
            parts.append(
                f"<{name}>{inner}{_serialise(children, inner)}{inner}</{name}>"
            )
        else:
            parts.append(block)
    return separator.join(parts)


def _insertion_points(blocks, path=()):
    yield (*path, None)
    for index, block in enumerate(blocks):
        yield (*path, index)
        if isinstance(block, tuple):
            yield from _insertion_points(block[1], (*path, index, "in"))


def _insert(blocks, point, watermark):
    *parents, index = point
    if not parents:
        position = len(blocks) if index is None else index
        return [*blocks[:position], watermark, *blocks[position:]]
    parent_index, _, *rest = parents
    name, children, inner = blocks[parent_index]
    changed = (name, _insert(children, (*rest, index), watermark), inner)
    return [*blocks[:parent_index], changed, *blocks[parent_index + 1 :]]


@st.composite
def html_bodies(draw):
    blocks = draw(_blocks())
    points = list(_insertion_points(blocks))
    point = draw(st.sampled_from(points))
    watermark = WATERMARKS[draw(st.sampled_from(sorted(WATERMARKS)))]
    return _serialise(blocks), _serialise(_insert(blocks, point, watermark))


@st.composite
def markdown_bodies(draw):
    # Lists and quotes end with a paragraph of their own: two lists (or
    # quotes) in a row are one to Markdown, and a block put between them
    # would change more than itself.
    block = st.one_of(
        _text(),
        _text().map(lambda t: f"*{t}* and `{WATERMARKS['froala']}`"),
        _text().map(lambda t: f"## {t}"),
        _text().map(lambda t: f"> {t}\n\n{t}"),
        _text().map(lambda t: f"- {t}\n- {t}\n\n{t}"),
        st.just(f"```html\n{WATERMARKS['froala']}\n{WATERMARKS['escaped']}\n```"),
        _paragraph(),
    )
    blocks = draw(st.lists(block, min_size=1, max_size=6))
    position = draw(st.integers(0, len(blocks)))
    watermark = draw(st.sampled_from([WATERMARKS["froala"], WATERMARKS["escaped"]]))
    marked = [*blocks[:position], watermark, *blocks[position:]]
    return "\n\n".join(blocks), "\n\n".join(marked)


def _build_bodies(folder, html_bodies, markdown_bodies, **overrides):
    """Build the bodies as articles; return {slug: content as Pelican wrote it}."""
    content = folder / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for number, body in enumerate(html_bodies):
        (content / f"h{number}.html").write_text(
            f"<html><head><title>h{number}</title></head><body>{body}</body></html>",
            encoding="utf-8",
        )
    for number, body in enumerate(markdown_bodies):
        (content / f"m{number}.md").write_text(
            f"Title: m{number}\n\n{body}\n", encoding="utf-8"
        )
    overrides_folder = folder / "templates"
    overrides_folder.mkdir(exist_ok=True)
    (overrides_folder / "article.html").write_text("{{ article.content }}")
    output = folder / "output"
    # Our plugin alone: pelican-image-process, which the example also runs,
    # writes every page anew through BeautifulSoup.
    overrides.setdefault("PLUGINS", ["pelican_fukatsoft"])
    run_pelican(
        EXAMPLE_SITE / "pelicanconf.py",
        output,
        PATH=str(content),
        ARTICLE_PATHS=[""],
        PAGE_PATHS=[],
        STATIC_PATHS=[],
        THEME_TEMPLATES_OVERRIDES=[str(overrides_folder)],
        ARTICLE_SAVE_AS="{slug}.html",
        DEFAULT_DATE=(2025, 1, 1),
        DIRECT_TEMPLATES=[],
        CATEGORY_SAVE_AS="",
        TAG_SAVE_AS="",
        AUTHOR_SAVE_AS="",
        YEAR_ARCHIVE_SAVE_AS="",
        MONTH_ARCHIVE_SAVE_AS="",
        FUKATSOFT_AUTHORS_FILE=None,
        FUKATSOFT_VIEWS_FILE=None,
        FUKATSOFT_ISSO_DB=None,
        FUKATSOFT_SEARCH=False,
        DELETE_OUTPUT_DIRECTORY=True,
        CACHE_CONTENT=False,
        LOAD_CONTENT_CACHE=False,
        **overrides,
    )
    return {
        path.stem: path.read_text(encoding="utf-8") for path in output.glob("*.html")
    }


@given(
    st.lists(html_bodies(), min_size=8, max_size=8),
    st.lists(markdown_bodies(), min_size=8, max_size=8),
)
def test_property_only_the_watermark_goes(tmp_path, html_pairs, markdown_pairs):
    plain_html = [plain for plain, _ in html_pairs]
    plain_markdown = [plain for plain, _ in markdown_pairs]
    without_plugin = _build_bodies(tmp_path, plain_html, plain_markdown, PLUGINS=[])
    with_plugin = _build_bodies(tmp_path, plain_html, plain_markdown)
    assert len(with_plugin) == 16
    # Content without a watermark: byte for byte as Pelican wrote it.
    assert with_plugin == without_plugin
    marked = _build_bodies(
        tmp_path,
        [marked for _, marked in html_pairs],
        [marked for _, marked in markdown_pairs],
    )
    # With one inserted anywhere: exactly the build without it.
    assert marked == with_plugin
