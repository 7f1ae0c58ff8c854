"""Author bylines and profiles."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_fukatsoft.bylines import initials_avatar

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
SHARED = "blog/regional-trade-outlook-2025/index.html"


def test_byline_with_profile(example_build):
    site = example_build
    byline = site.html(ARTICLE).select_one(".post-header .byline")
    assert byline.select_one(".byline-role").get_text() == (
        "Senior Analyst, Regional Affairs"
    )
    avatar = byline.select_one("svg.avatar-generated")
    assert avatar.find("text").get_text() == "NH"
    assert byline.select_one(".byline-reading").get_text().strip() == "12 min read"


def test_two_authors_read_a_and_b(example_build):
    site = example_build
    authors = site.html(SHARED).select_one(".post-header .byline-authors")
    assert " ".join(authors.get_text().split()) == "Nauman Hanif and Sana Malik"
    assert [a["href"] for a in authors.select('a[rel="author"]')] == [
        "/authors/nauman-hanif/",
        "/authors/sana-malik/",
    ]


def test_updated_date_when_modified_differs(example_build):
    site = example_build
    page = site.html("blog/static-sites-for-company-blogs/index.html")
    updated = page.select_one(".byline-updated time")
    assert updated["datetime"] == "2025-03-02T09:15:00+05:00"
    assert not site.html(ARTICLE).select(".byline-updated")


def test_local_avatar_and_author_page_profile(example_build):
    site = example_build
    page = site.html("authors/sana-malik/index.html")
    profile = page.select_one(".author-profile")
    assert profile.select_one("img.avatar")["src"] == "/images/avatars/sana-malik.svg"
    assert (site.output / "images/avatars/sana-malik.svg").is_file()
    assert profile.select_one(".author-role").get_text() == "Engineering Lead"
    assert [a["href"] for a in profile.select(".author-links a")] == [
        "https://sana.example.org/",
        "mailto:sana@fukatsoft.example",
    ]
    assert len(page.select(".card")) == 3
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["name"] == "Sana Malik"
    assert data["mainEntity"]["sameAs"] == ["https://sana.example.org/"]


def test_bio_markdown_is_rendered(example_build):
    site = example_build
    bio = site.html("authors/nauman-hanif/index.html").select_one(".author-bio")
    assert bio.find("strong").get_text() == "South Asian security"


def test_authors_index_lists_everyone_with_counts(example_build):
    site = example_build
    rows = site.html("authors.html").select(".people-list li")
    text = [" ".join(r.get_text().split()) for r in rows]
    assert "Nauman Hanif Senior Analyst" in text[0]
    assert text[0].endswith("2 articles")
    assert all(r.select_one(".avatar") for r in rows)


def test_generated_avatar_is_deterministic():
    assert initials_avatar("Nauman Hanif") == initials_avatar("Nauman Hanif")
    assert initials_avatar("Nauman Hanif") != initials_avatar("Sana Malik")
    assert "&lt;B&gt;" not in initials_avatar("<b> x")
    assert "<b>" not in initials_avatar("<b> x")


def test_author_without_profile_still_gets_a_byline(build):
    site = build(FUKATSOFT_AUTHORS_FILE=None)
    byline = site.html(ARTICLE).select_one(".post-header .byline")
    assert byline.select_one("svg.avatar-generated")
    assert not byline.select(".byline-role")
    assert site.messages() == []


@pytest.mark.parametrize(
    ("profiles", "expected"),
    [
        ({"Nobody Here": {"role": "Ghost"}}, "profile for 'Nobody Here', who has no"),
        ({"Omar Farooq": {"colour": "red"}}, "unknown key(s) colour ignored"),
        (
            {"Omar Farooq": {"links": {"x": "javascript:alert(1)"}}},
            "link 'x' dropped",
        ),
        (
            {"Omar Farooq": {"avatar": "images/nope.png"}},
            "avatar file 'images/nope.png' in the content folder cannot be "
            "used (No such file or directory)",
        ),
        (
            # A name too long for the system used to stop the build.
            {"Omar Farooq": {"avatar": "x" * 300 + ".png"}},
            "in the content folder cannot be used (File name too long)",
        ),
        ({"Omar Farooq": {"role": ["a", "list"]}}, '"role" must be text, got list'),
        ({"Omar Farooq": {"bio": {"a": "dict"}}}, '"bio" must be text, got dict'),
        ({"Omar Farooq": {"bio": 42}}, '"bio" must be text, got int'),
        (
            {"Omar Farooq": {"avatar": "javascript:alert(1)"}},
            "avatar 'javascript:alert(1)' is not an http(s) URL",
        ),
    ],
)
def test_bad_profiles_warn_and_build_goes_on(build, profiles, expected):
    site = build(FUKATSOFT_AUTHORS=profiles)
    (warning,) = site.messages()
    assert "FUKATSOFT_AUTHORS" in warning
    assert expected in warning
    page = site.text("authors/omar-farooq/index.html")
    assert "javascript:" not in page
    # No Python repr reaches the page or its JSON-LD.
    assert "['a', 'list']" not in page
    assert "{'a': 'dict'}" not in page


def test_a_bad_profile_in_the_file_is_named_by_the_file(build, example_copy):
    profiles = example_copy / "content" / "authors.json"
    data = json.loads(profiles.read_text())
    data["Nobody Here"] = {"role": "Ghost"}
    data["Omar Farooq"]["colour"] = "red"
    profiles.write_text(json.dumps(data))
    site = build(settings_file=example_copy / "pelicanconf.py")
    assert sorted(site.messages()) == [
        f"pelican-fukatsoft: {profiles} ['Nobody Here']: profile for 'Nobody Here', "
        "who has no article",
        f"pelican-fukatsoft: {profiles} ['Omar Farooq']: unknown key(s) colour "
        "ignored (known: avatar, bio, email, links, role)",
    ]


def test_a_number_in_the_file_is_no_role_however_long(build, example_copy):
    # A 5,000-digit role used to be shown as text with no warning, while a
    # small number warned.
    profiles = example_copy / "content" / "authors.json"
    data = json.loads(profiles.read_text())
    data["Omar Farooq"]["role"] = "ROLE"
    profiles.write_text(json.dumps(data).replace('"ROLE"', "7" * 5000))
    site = build(settings_file=example_copy / "pelicanconf.py")
    assert site.messages() == [
        f"pelican-fukatsoft: {profiles} ['Omar Farooq']: \"role\" must be text, "
        "got int; left out"
    ]
    assert "7777" not in site.text("authors/omar-farooq/index.html")


def test_a_profile_that_is_no_object_is_named(build, example_copy):
    profiles = example_copy / "content" / "authors.json"
    data = json.loads(profiles.read_text())
    data["Omar Farooq"] = ["not", "an", "object"]
    profiles.write_text(json.dumps(data))
    site = build(settings_file=example_copy / "pelicanconf.py")
    (warning,) = site.messages()
    assert "['Omar Farooq']: a profile must be an object, got list" in warning
    assert site.html("authors/nauman-hanif/index.html").select_one(".author-bio")


def test_bio_links_pass_the_scheme_check_and_typed_html_is_text(build):
    bio_text = (
        "See [x](javascript:alert(1)), [y](data:text/html,z) and "
        "[site](https://example.org/). <script>alert(2)</script>"
        '<img src=x onerror="alert(3)">'
    )
    site = build(FUKATSOFT_AUTHORS={"Omar Farooq": {"bio": bio_text}})
    assert site.messages() == []
    bio = site.html("authors/omar-farooq/index.html").select_one(".author-bio")
    # As Isso renders a comment: a harmful link points nowhere.
    assert [a["href"] for a in bio.find_all("a")] == [
        "#harmful-link",
        "#harmful-link",
        "https://example.org/",
    ]
    assert not bio.find(["script", "img"])
    assert bio.get_text().strip() == (
        'See x, y and site. <script>alert(2)</script><img src=x onerror="alert(3)">'
    )


def test_a_bio_of_nested_list_markers_builds(build):
    """Issue 31: Python-Markdown recursed past the limit on it (no site)."""
    site = build(FUKATSOFT_AUTHORS={"Omar Farooq": {"bio": "- " * 600 + "x"}})
    assert site.messages() == []
    bio = site.html("authors/omar-farooq/index.html").select_one(".author-bio")
    assert bio.get_text().split()[-1] == "x"
    # mistune stops nesting at its limit; the rest is text.
    assert len(bio.select("ul ul ul ul ul ul ul ul ul ul ul ul ul ul ul ul")) > 0
    assert not bio.select("ul " * 21 + "ul")


def test_a_bio_that_cannot_be_rendered_is_shown_as_text_with_a_warning(build):
    # A lone surrogate: JSON ("\ud800") and Python allow it, UTF-8 does not.
    site = build(FUKATSOFT_AUTHORS={"Omar Farooq": {"bio": "Half \ud800 *a* pair"}})
    (warning,) = site.messages()
    assert warning.startswith(
        "pelican-fukatsoft: FUKATSOFT_AUTHORS['Omar Farooq']: \"bio\" cannot be "
        "rendered as Markdown (UnicodeEncodeError"
    )
    assert warning.endswith("; shown as text")
    bio = site.html("authors/omar-farooq/index.html").select_one(".author-bio")
    assert bio.get_text().strip() == "Half \ufffd *a* pair"


def test_unreadable_profiles_file_warns(build, example_copy):
    (example_copy / "content" / "authors.json").write_text("{not json")
    site = build(settings_file=example_copy / "pelicanconf.py")
    (warning,) = site.messages()
    assert "authors.json:1: invalid JSON" in warning


def test_html_in_names_and_roles_is_escaped(build, example_copy):
    article = example_copy / "content" / "articles" / "fukatsoft-internship-2025.md"
    article.write_text(
        article.read_text().replace("Author: Omar Farooq", "Author: <i>Eve</i>")
    )
    site = build(
        settings_file=example_copy / "pelicanconf.py",
        FUKATSOFT_AUTHORS={"<i>Eve</i>": {"role": "<script>x()</script>"}},
    )
    page = site.html("blog/fukatsoft-internship-2025/index.html")
    byline = page.select_one(".post-header .byline")
    assert not byline.find("i")
    assert not page.find("script", string="x()")
    assert "<i>Eve</i>" in byline.select_one('a[rel="author"]').get_text()
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["author"][0]["name"] == "<i>Eve</i>"


def test_gravatar_only_when_opted_in(build):
    profile = {"Omar Farooq": {"email": "omar@example.org"}}
    off = build(FUKATSOFT_AUTHORS=profile)
    assert "gravatar" not in off.text("authors/omar-farooq/index.html")
    on = build(FUKATSOFT_AUTHORS=profile, FUKATSOFT_GRAVATAR=True)
    img = on.html("authors/omar-farooq/index.html").select_one(".author-profile img")
    assert img["src"].startswith("https://www.gravatar.com/avatar/")


def test_structured_data_lists_each_author_as_a_person(published_example):
    site = published_example
    data = json.loads(
        site.html(SHARED).select_one('script[type="application/ld+json"]').string
    )
    assert data["@type"] == "BlogPosting"
    assert data["datePublished"] == "2025-03-04T08:45:00+05:00"
    assert [p["@type"] for p in data["author"]] == ["Person", "Person"]
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Nauman Hanif",
        "url": "https://blog.fukatsoft.example/authors/nauman-hanif/",
        "jobTitle": "Senior Analyst, Regional Affairs",
        "sameAs": ["https://fukatsoft.example/authors/nauman-hanif"],
    }
    assert data["author"][1]["image"] == (
        "https://blog.fukatsoft.example/images/avatars/sana-malik.svg"
    )


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Lenka 'Zouví' Matějová", "LM"),
        ("Tom & Jerry", "TJ"),
        ("Jean-Luc Picard", "JL"),
        ("李小龙", "李"),
        ("(team) 42", "?"),
    ],
)
def test_initials_are_the_first_letters_of_words(name, initials):
    drawn = BeautifulSoup(initials_avatar(name), "html.parser")
    assert drawn.find("text").get_text() == initials


@given(st.text(max_size=40))
def test_initials_are_letters_only(name):
    initials = BeautifulSoup(initials_avatar(name), "html.parser").find("text")
    text = initials.get_text()
    # At most two, each a capital letter (or one with no capital form).
    assert text == "?" or (text.isalpha() and 1 <= len(text) <= 4)
    if any(word[:1].isalpha() for word in re.split(r"[\s\-]+", name)):
        assert text != "?"


@pytest.mark.browser
@settings(max_examples=5)
@given(st.lists(st.text(max_size=16), min_size=50, max_size=50))
def test_property_the_script_draws_the_builds_avatar_for_any_name(
    browser, example_origin, names
):
    """The comment script's ``initialsAvatar`` (comments.js), run in
    Chromium, against ``initials_avatar``: the same initials and colour."""
    page = browser.new_page()
    page.goto(f"{example_origin}/404.html")
    drawn_by_script = page.evaluate(
        "async (names) => { const m = await import('./theme/js/comments.js');"
        " return names.map(m.initialsAvatar); }",
        names,
    )
    page.close()
    for name, script in zip(names, drawn_by_script, strict=True):
        drawn = BeautifulSoup(initials_avatar(name), "html.parser")
        assert (script["initials"], script["fill"]) == (
            drawn.find("text").get_text(),
            drawn.rect["fill"],
        ), repr(name)
