"""Plain text from HTML, the one way the theme makes titles, descriptions
and card summaries: decoded once, blocks kept apart, never markup."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from pelican_fukatsoft.plain_text import excerpt, html_to_text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("<p>expand</p><p>Hidden</p>", "expand Hidden"),
        (
            "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>",
            "<script>alert(1)</script>",
        ),
        ("A &amp;amp; B", "A &amp; B"),  # decoded once, not twice
        ("<p>a<br>b</p><ul><li>c</li><li>d</li></ul>", "a b c d"),
        ("<em>in</em>line <b>words</b>", "inline words"),
        ("x<script>var a = '<p>';</script>y<style>p{}</style>z", "xyz"),
        ("  spaced \n\t out  ", "spaced out"),
        ("<p>کراچی</p><p>שלום 😀</p>", "کراچی שלום 😀"),
        ("", ""),
    ],
)
def test_html_to_text(source, text):
    assert html_to_text(source) == text


def test_excerpt_cuts_at_a_word():
    text = "one two three four five six seven"
    assert excerpt(text, 0) == text
    assert excerpt(text, 100) == text
    assert excerpt(text, 16) == "one two three…"
    assert excerpt("a" * 50, 10) == "a" * 10 + "…"


MARKUP = st.lists(
    st.one_of(
        st.text(),
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<br>",
                "<em>",
                "</em>",
                "&lt;",
                "&amp;",
                "&#x3c;",
                "<script>",
                "</script>",
                "<!-- c -->",
                "<a href='x>y'>",
                "</a>",
            ]
        ),
    )
).map("".join)


@given(MARKUP, st.integers(0, 300))
def test_property_escaped_text_is_never_markup(source, length):
    text = excerpt(html_to_text(source), length)
    escaped = str(escape(text))
    assert "<" not in escaped
    assert ">" not in escaped
    assert html.unescape(escaped) == text
    assert text == " ".join(text.split())
    if length:
        assert len(text) <= length + 1


@given(st.text())
def test_property_text_without_markup_only_loses_extra_spaces(text):
    plain = text.replace("<", "").replace("&", "")
    assert html_to_text(plain) == " ".join(plain.split())


# Footnote markers as Python-Markdown and docutils write them.
FOOTNOTE_MARKERS = [
    '<sup id="fnref:{n}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>',
    '<a class="footnote-reference brackets" href="#footnote-{n}" '
    'id="footnote-reference-{n}" role="doc-noteref"><span class="fn-bracket">[</span>'
    '{n}<span class="fn-bracket">]</span></a>',
]
WORD = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@given(
    st.lists(st.tuples(WORD, st.booleans()), min_size=1, max_size=8),
    st.sampled_from(FOOTNOTE_MARKERS),
    st.integers(1, 999),
)
def test_footnote_markers_never_join_the_word_before(words, marker, number):
    """A summary or description reads "word", never "word1": the marker goes,
    everything else reads as it would without it."""
    with_notes = " ".join(
        word + (marker.format(n=number) if noted else "") for word, noted in words
    )
    without = " ".join(word for word, _ in words)
    assert html_to_text(f"<p>{with_notes}</p>") == html_to_text(f"<p>{without}</p>")
    # Other links keep their text.
    assert html_to_text(f'<p>see <a href="#x">{number}</a></p>') == f"see {number}"
