"""'Powered by' handling: editor watermarks out of content, the footer credit."""

from pathlib import Path

import pytest

from pelican_fukatsoft.watermarks import strip_watermarks

GOLDEN = Path(__file__).parent / "golden" / "watermarks"
CASES = sorted(p.name.removesuffix(".in.html") for p in GOLDEN.glob("*.in.html"))
ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"


@pytest.mark.parametrize("case", CASES)
def test_golden(case):
    source = (GOLDEN / f"{case}.in.html").read_text(encoding="utf-8")
    expected_file = GOLDEN / f"{case}.out.html"
    cleaned, removed = strip_watermarks(source)
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
    once, _ = strip_watermarks((GOLDEN / f"{case}.in.html").read_text(encoding="utf-8"))
    twice, removed = strip_watermarks(once)
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
    assert cleaned == "<p>Keep.</p>\n\n<p>Keep too.</p>"
    assert removed == 1


def test_article_without_marker_is_never_parsed(monkeypatch):
    from pelican_fukatsoft import watermarks

    def refuse(*args, **kwargs):
        raise AssertionError("parsed an article without any marker")

    monkeypatch.setattr(watermarks, "BeautifulSoup", refuse)
    source = "<p>Plain article, <b>nothing</b> to clean.</p>"
    assert strip_watermarks(source) == (source, 0)


def test_example_article_page_and_feed_are_clean(build):
    from conftest import EXAMPLE_SITE

    site = build(settings_file=EXAMPLE_SITE / "publishconf.py")
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
