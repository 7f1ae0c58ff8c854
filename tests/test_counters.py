"""View counters: baseline, GoatCounter, Plausible and JSON snapshots, bad input."""

import json
import re

import pytest
from conftest import small_site_settings
from hypothesis import given
from hypothesis import strategies as st

ARTICLE_A = "alpha.html"
ARTICLE_B = "beta.html"


@pytest.fixture
def tiny(tmp_path):
    """A two-article site; returns (settings file, content folder)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "alpha.md").write_text(
        "Title: Alpha\nDate: 2025-01-01\nAuthor: A\nSlug: alpha\nViews: 45\n\nAlpha.\n"
    )
    (content / "beta.md").write_text(
        "Title: Beta\nDate: 2025-01-02\nAuthor: B\nSlug: beta\n\nBeta.\n"
    )
    conf = small_site_settings(tmp_path, SITENAME="Tiny", SITEURL="")
    return conf, content


def views(site, path):
    node = site.html(path).select_one(".post-header .count-views")
    return None if node is None else int(node["data-fukatsoft-views"])


def test_baseline_only(build, tiny):
    conf, _ = tiny
    site = build(settings_file=conf)
    assert views(site, ARTICLE_A) == 45
    assert views(site, ARTICLE_B) is None
    assert site.messages() == []


def test_views_default_shows_zero_when_asked(build, tiny):
    conf, _ = tiny
    site = build(settings_file=conf, FUKATSOFT_VIEWS_DEFAULT=0)
    assert views(site, ARTICLE_B) == 0


def test_json_snapshot_by_path_and_slug_adds_to_baseline(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text(json.dumps({"/alpha.html": 5, "beta": 7}))
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json")
    assert views(site, ARTICLE_A) == 50
    assert views(site, ARTICLE_B) == 7


def test_all_formats_combined(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"alpha": 1}')
    (content / "gc.csv").write_text(
        "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,"
        "Referrer scheme,Screen size,Location,FirstVisit,Date\n"
        "/alpha.html,Alpha,false,UA,Firefox,Linux,s1,0,,,800x600,NL,true,"
        "2025-01-01T00:00:00Z\n"
        "/beta/index.html,Beta,false,UA,Firefox,Linux,s1,0,,,800x600,NL,true,"
        "2025-01-01T00:00:00Z\n"
    )
    (content / "pl.csv").write_text(
        "date,hostname,page,visits,visitors,pageviews,exits,time_on_page\n"
        "2025-01-01,x,/beta.html,1,1,20,1,1\n"
    )
    site = build(
        settings_file=conf, FUKATSOFT_VIEWS_FILE=["views.json", "gc.csv", "pl.csv"]
    )
    assert views(site, ARTICLE_A) == 45 + 1 + 1
    assert views(site, ARTICLE_B) == 1 + 20
    assert site.messages() == []


def test_large_counts_are_compact_with_exact_label(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"beta": 1234}')
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json")
    count = site.html(ARTICLE_B).select_one(".post-header .count-views")
    assert count.select_one(".count-value").get_text() == "1.2K"
    assert count.select_one(".visually-hidden").get_text() == "1,234 views"
    assert count["title"] == "1,234 views"


def test_locale_formats_numbers(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"beta": 1234567}')
    site = build(
        settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json", FUKATSOFT_LOCALE="de"
    )
    count = site.html(ARTICLE_B).select_one(".post-header .count-views")
    assert count.select_one(".count-value").get_text() == "1,2\xa0Mio."
    assert count.select_one(".visually-hidden").get_text() == "1.234.567 Aufrufe"


def test_counts_in_structured_data_and_most_viewed(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"beta": 100}')
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json")
    data = json.loads(
        site.html(ARTICLE_A).select_one('script[type="application/ld+json"]').string
    )
    assert data["interactionStatistic"] == [
        {
            "@type": "InteractionCounter",
            "interactionType": {"@type": "ViewAction"},
            "userInteractionCount": 45,
        }
    ]
    ranked = [a.get_text() for a in site.html("index.html").select(".most-viewed a")]
    assert ranked == ["Beta", "Alpha"]


@pytest.mark.parametrize(
    ("file_name", "data", "expected"),
    [
        ("missing.json", None, "missing.json: cannot read views file"),
        ("empty.csv", b"", "empty.csv: views file is empty"),
        ("latin1.json", '{"alpha": 1, "café": 2}'.encode("latin-1"), "not UTF-8"),
        ("broken.json", b'{"alpha": 1,', "broken.json:1: invalid JSON"),
        ("list.json", b"[1, 2]", "expected a JSON object"),
        ("value.json", b'{"alpha": "many"}', "'many' is not a whole number"),
        ("negative.json", b'{"alpha": -3}', "-3 is out of range"),
        ("odd.csv", b"a,b\n1,2\n", "odd.csv: unknown format"),
        (
            "truncated.csv",
            b"date,hostname,page,visits,visitors,pageviews,exits,time_on_page\n"
            b"2025-01-01,x,/alpha.html,1,1,3,1,1\n2025-01-02,x,/alph",
            "truncated.csv:3: 3 fields where the header has 8",
        ),
        (
            "extra.csv",
            b"page,pageviews,bounce_rate\n/alpha.html,3,0.5\n",
            "extra.csv: unknown column(s) bounce_rate ignored",
        ),
        ("ghost.json", b'{"/no-such-page/": 3}', "1 path(s) match no article"),
        (
            "huge.json",
            b'{"alpha": ' + b"9" * 5000 + b"}",
            "'alpha': '99999999999999999999… is not a whole number",
        ),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            "stray.csv",
            b'page,pageviews\n/alpha.html,1\n"/beta.html,5\n/alpha.html,2\n',
            "stray.csv:3: a quote that never closes; line skipped",
        ),
    ],
)
def test_bad_snapshot_warns_and_build_goes_on(build, tiny, file_name, data, expected):
    conf, content = tiny
    if data is not None:
        (content / file_name).write_bytes(data)
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE=file_name)
    warnings = site.messages()
    assert len(warnings) == 1, warnings
    # Values are cut in messages: the whole 5,000 digits would be no help.
    assert expected in re.sub(r"9{20,}", "9" * 20, warnings[0])
    assert len(warnings[0]) < 300
    assert file_name in warnings[0]
    assert views(site, ARTICLE_A) in (45, 48)  # the baseline (+ valid rows) stays


def test_a_stray_quote_in_goatcounter_export_loses_one_row(build, tiny):
    conf, content = tiny
    header = "2Path,Title,Event,UserAgent,Browser,System,Bot,Date\n"
    row = "/{slug}.html,T,false,Mozilla,Firefox,Linux,0,2025-01-01\n"
    rows = [row.format(slug="beta")] * 50
    rows[3] = '"' + rows[3]  # a stray quote at the start of a field
    rows[40] = rows[40].replace(",T,", ',"T, unclosed,')
    (content / "export.csv").write_text(header + "".join(rows))
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="export.csv")
    assert views(site, ARTICLE_B) == 48
    assert sorted(site.messages()) == [
        f"pelican-fukatsoft: {content / 'export.csv'}:42: a quote that never "
        "closes; line skipped",
        f"pelican-fukatsoft: {content / 'export.csv'}:5: a quote that never "
        "closes; line skipped",
    ]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/re/", "re"),
        ("/reindex/", "reindex"),
        ("/reindex.html", "reindex"),
        ("/re/index.html", "re"),
        ("https://x.org/blog/re/index.html?utm=1#c", "re"),
        ("/blog/", ""),
        ("/blogger/x/", "blogger/x"),
        ("/caf%C3%A9.html", "café"),
    ],
)
def test_paths_match_by_segments(path, key):
    from pelican_fukatsoft.counters import normalize_path

    assert normalize_path(path, "blog") == key


@given(st.lists(st.text(alphabet="abcdefghij/.-_", min_size=1), min_size=1))
def test_property_distinct_slugs_never_share_a_key(slugs):
    from pelican_fukatsoft.counters import normalize_path

    slugs = {s.strip("/.") for s in slugs if s.strip("/.") and "//" not in s}
    slugs = {s for s in slugs if not s.endswith((".html", "/index"))}
    for suffix in ("/", ".html", "/index.html"):
        keys = {normalize_path(f"/{slug}{suffix}") for slug in slugs}
        assert len(keys) == len(slugs), suffix


@pytest.mark.parametrize("value", ["lots", "-4", "99999999999999"])
def test_bad_metadata_warns_with_file_name(build, tiny, value):
    conf, content = tiny
    (content / "beta.md").write_text(
        f"Title: Beta\nDate: 2025-01-02\nSlug: beta\nViews: {value}\n\nBeta.\n"
    )
    site = build(settings_file=conf)
    (warning,) = site.messages()
    assert "beta.md: metadata 'views'" in warning
    assert views(site, ARTICLE_B) is None


def test_strict_turns_warnings_into_a_failed_build(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"alpha": "many"}')
    with pytest.raises(SystemExit) as stopped:
        build(
            settings_file=conf,
            FUKATSOFT_VIEWS_FILE="views.json",
            FUKATSOFT_STRICT=True,
        )
    assert str(stopped.value) == (
        "pelican-fukatsoft: FUKATSOFT_STRICT is on and: "
        f"{content / 'views.json'}: 'alpha': 'many' is not a whole number"
    )


def test_content_cache_follows_the_snapshot(build, tiny):
    conf, content = tiny
    snapshot = content / "views.json"
    snapshot.write_text('{"beta": 3}')
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json", **cached)
    second = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json", **cached)
    assert views(first, ARTICLE_B) == views(second, ARTICLE_B) == 3
    assert views(second, ARTICLE_A) == 45
    snapshot.write_text('{"beta": 9}')
    third = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json", **cached)
    assert views(third, ARTICLE_B) == 9


def test_example_site_counts_on_lists(example_build):
    site = example_build
    cards = site.html("index.html").select(".card")
    by_title = {
        c.select_one(".card-title").get_text(): c.select_one(".count-views")
        for c in cards
    }
    assert by_title["Why We Moved the Company Blog to a Static Site"][
        "data-fukatsoft-views"
    ] == str(312 + 58)


def test_counts_below_the_threshold_stay_off_the_page(build, tiny):
    conf, content = tiny
    (content / "beta.md").write_text(
        "Title: Beta\nDate: 2025-01-02\nAuthor: B\nSlug: beta\nViews: 450\n"
        "Comments: 3\n\nBeta.\n"
    )
    site = build(
        settings_file=conf,
        FUKATSOFT_MIN_VIEWS_SHOWN=100,
        FUKATSOFT_MIN_COMMENTS_SHOWN=5,
        FUKATSOFT_COMMENTS_DEFAULT=0,
    )
    alpha = site.html(ARTICLE_A)
    # 45 views and 0 comments: below both thresholds, nothing shows...
    assert alpha.select(".post-header .count") == []
    # ...while search engines still get the exact figures.
    data = json.loads(alpha.select_one('script[type="application/ld+json"]').string)
    counts = {
        s["interactionType"]["@type"]: s["userInteractionCount"]
        for s in data["interactionStatistic"]
    }
    assert counts == {"ViewAction": 45, "CommentAction": 0}
    assert data["commentCount"] == 0
    beta = site.html(ARTICLE_B)
    assert views(site, ARTICLE_B) == 450
    assert beta.select(".post-header .count-comments") == []
    # Lists follow the same thresholds.
    index = site.html("index.html")
    assert [
        int(v["data-fukatsoft-views"]) for v in index.select(".card .count-views")
    ] == [450]
    archive = site.html("archives.html")
    assert [v.get_text() for v in archive.select(".archive-views")] == ["450 views"]
    assert archive.select(".archive-comments") == []
    assert site.messages() == []


@pytest.mark.parametrize("value", [-1, "10", 2.5, None])
def test_threshold_must_be_a_whole_number(build, tiny, value):
    conf, _ = tiny
    with pytest.raises(SystemExit, match="FUKATSOFT_MIN_VIEWS_SHOWN must be"):
        build(settings_file=conf, FUKATSOFT_MIN_VIEWS_SHOWN=value)


def test_no_comments_yet_reads_as_a_sentence_in_the_byline(build, tiny):
    conf, _ = tiny
    site = build(settings_file=conf, FUKATSOFT_COMMENTS_DEFAULT=0)
    header = site.html(ARTICLE_A).select_one(".post-header .count-comments")
    assert header.select_one(".count-value").get_text() == "No comments yet"
    assert header.select_one(".visually-hidden").get_text() == "0 comments"
    # Cards and lists keep the short figure.
    card = site.html("index.html").select_one(".card .count-comments .count-value")
    assert card.get_text() == "0"
