"""View counters: baseline, GoatCounter, Plausible and JSON snapshots, bad input."""

import codecs
import json
import os
import re

import pytest
from conftest import count_figure, small_site_settings
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.checks import MAX_COUNT

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
    return None if node is None else count_figure(node)


def test_baseline_only(build, tiny):
    conf, _ = tiny
    site = build(settings_file=conf)
    assert views(site, ARTICLE_A) == 45
    assert views(site, ARTICLE_B) is None
    # No live refresh (FUKATSOFT_GOATCOUNTER unset): nothing written for it.
    counts = site.html(ARTICLE_A).select_one(".post-header .counts")
    assert not counts.has_attr("data-path")
    count = counts.select_one(".count-views")
    assert not count.has_attr("data-baseline")
    assert not count.has_attr("data-fukatsoft-views")
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


def test_live_refresh_data_where_the_refresh_runs(build, tiny):
    """GoatCounter's figure adds to the baseline: written where it differs
    from the count (fukatsoft.js reads the count itself otherwise), the page
    path once on the counts."""
    conf, content = tiny
    (content / "views.json").write_text(json.dumps({"/alpha.html": 5}))
    (content / "gamma.md").write_text(
        "Title: Gamma\nDate: 2025-01-03\nAuthor: A\nSlug: gamma\nViews: 9\n\nGamma.\n"
    )
    site = build(
        settings_file=conf,
        FUKATSOFT_VIEWS_FILE="views.json",
        FUKATSOFT_GOATCOUNTER="tiny",
    )
    counts = site.html(ARTICLE_A).select_one(".post-header .counts")
    assert counts["data-path"] == "/alpha.html"
    count = counts.select_one(".count-views")
    assert (count["data-fukatsoft-views"], count["data-baseline"]) == ("50", "45")
    index = site.html("index.html").select_one('.counts[data-path="/alpha.html"]')
    assert index.select_one(".count-views")["data-baseline"] == "45"
    gamma = site.html("gamma.html").select_one(".post-header .counts")
    assert gamma["data-path"] == "/gamma.html"
    assert not gamma.select_one(".count-views").has_attr("data-baseline")  # 9


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
        (
            "missing.json",
            None,
            "missing.json: cannot read (No such file or directory); file skipped",
        ),
        ("empty.csv", b"", "empty.csv: views file is empty"),
        ("bom.csv", codecs.BOM_UTF16_LE + b" \0\n\0", "bom.csv: views file is empty"),
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
        (
            "ghost.json",
            b'{"/no-such-page/": 3}',
            "1 path(s) match no article or page (first: '/no-such-page/')",
        ),
        (
            "ghost.csv",
            b'page,pageviews\n"/no-such\n' + b"x" * 500 + b'",3\n',
            "1 path(s) match no article or page (first: '/no-such\\nxxxx",
        ),
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


def test_old_excel_and_utf16_exports_keep_every_row(build, tiny):
    # Excel for Mac wrote lone CRs and Windows-1252: every row used to be
    # lost, and a UTF-16 file was "not UTF-8".
    conf, content = tiny
    header = "2Path,Title,Event,UserAgent,Browser,System,Bot,Date\r"
    row = "/{slug}.html,Crème brûlée,false,Mozilla,Firefox,Linux,0,2025-01-01\r"
    (content / "mac.csv").write_bytes(
        (header + row.format(slug="alpha") + row.format(slug="beta") * 3).encode(
            "cp1252"
        )
    )
    (content / "wide.json").write_bytes(
        codecs.BOM_UTF16_LE + '{"beta": 10, "/alpha.html": 2}'.encode("utf-16-le")
    )
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE=["mac.csv", "wide.json"])
    assert views(site, ARTICLE_A) == 45 + 1 + 2
    assert views(site, ARTICLE_B) == 3 + 10
    assert site.messages() == [
        f"pelican-fukatsoft: {content / 'mac.csv'}:2: not UTF-8 (byte 14 of the "
        "line); what is not UTF-8 is read as Windows-1252"
    ]


def test_a_key_given_twice_is_named(build, tiny):
    conf, content = tiny
    (content / "views.json").write_text('{"beta": 3, "beta": 3000}')
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="views.json")
    assert site.messages() == [
        f"pelican-fukatsoft: {content / 'views.json'}: key 'beta' given twice; "
        "the last value is used"
    ]
    assert views(site, ARTICLE_B) == 3000


def test_a_file_of_garbage_gives_21_warnings_and_its_valid_rows(build, tiny):
    # 5 MB of garbage used to give 20,276 warnings.
    conf, content = tiny
    (content / "pl.csv").write_text(
        "page,pageviews\n" + "/beta.html,lots\n" * 1000 + "/beta.html,7\n"
    )
    site = build(settings_file=conf, FUKATSOFT_VIEWS_FILE="pl.csv")
    warnings = site.messages()
    assert len(warnings) == 21
    assert warnings[0] == (
        f"pelican-fukatsoft: {content / 'pl.csv'}:2: pageviews: 'lots' is not a "
        "whole number"
    )
    assert warnings[-1] == (
        f"pelican-fukatsoft: {content / 'pl.csv'}: 980 more warning(s) about this "
        "file not shown"
    )
    assert views(site, ARTICLE_B) == 7


def test_a_device_or_a_fifo_is_refused_and_the_build_goes_on(build, tiny):
    # /dev/zero used to end the build with a MemoryError; a FIFO blocked it.
    conf, content = tiny
    os.mkfifo(content / "fifo.csv")
    (content / "views.json").write_text('{"beta": 5}')
    site = build(
        settings_file=conf,
        FUKATSOFT_VIEWS_FILE=["/dev/zero", "fifo.csv", "views.json"],
    )
    assert site.messages() == [
        "pelican-fukatsoft: /dev/zero: cannot read (a character device, not a "
        "regular file); file skipped",
        f"pelican-fukatsoft: {content / 'fifo.csv'}: cannot read (a FIFO, not a "
        "regular file); file skipped",
    ]
    assert views(site, ARTICLE_B) == 5


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
    assert count_figure(by_title["Why We Moved the Company Blog to a Static Site"]) == (
        312 + 58
    )


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
    assert [count_figure(v) for v in index.select(".card .count-views")] == [450]
    archive = site.html("archives.html")
    assert [v.get_text() for v in archive.select(".archive-views")] == ["450 views"]
    assert archive.select(".archive-comments") == []
    assert site.messages() == []


@pytest.mark.parametrize("value", [-1, "10", 2.5, None])
def test_threshold_must_be_a_whole_number(build, tiny, value):
    conf, _ = tiny
    with pytest.raises(SystemExit, match="FUKATSOFT_MIN_VIEWS_SHOWN must be"):
        build(settings_file=conf, FUKATSOFT_MIN_VIEWS_SHOWN=value)


@pytest.mark.parametrize(
    "name", ["FUKATSOFT_VIEWS_DEFAULT", "FUKATSOFT_COMMENTS_DEFAULT"]
)
def test_a_default_count_is_bounded_like_a_data_count(build, tiny, name):
    """10**100 once passed the check and made Babel raise in every page."""
    conf, _ = tiny
    with pytest.raises(SystemExit, match=f"{name} must be None or a whole number"):
        build(settings_file=conf, **{name: 10**100})
    site = build(settings_file=conf, **{name: MAX_COUNT})
    assert site.messages() == []


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("fukatsoft-demo", "https://fukatsoft-demo.goatcounter.com"),
        ("https://stats.example.com", "https://stats.example.com"),
    ],
)
def test_goatcounter_site_code_or_url_is_written_as_its_url(
    build, tiny, value, written
):
    conf, _ = tiny
    site = build(settings_file=conf, FUKATSOFT_GOATCOUNTER=value)
    script = site.html(ARTICLE_A).select_one("script[data-goatcounter]")
    assert script["data-goatcounter"] == written


@pytest.mark.parametrize(
    "value",
    [
        "javascript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "my site",
        "evil.com/x?",
        "ftp://stats.example.com",
        5,
    ],
)
def test_goatcounter_passes_the_one_url_check(build, tiny, value):
    conf, _ = tiny
    with pytest.raises(SystemExit, match="FUKATSOFT_GOATCOUNTER must be") as stopped:
        build(settings_file=conf, FUKATSOFT_GOATCOUNTER=value)
    assert "\n" not in str(stopped.value)


def test_no_comments_yet_reads_as_a_sentence_in_the_byline(build, tiny):
    conf, _ = tiny
    site = build(settings_file=conf, FUKATSOFT_COMMENTS_DEFAULT=0)
    header = site.html(ARTICLE_A).select_one(".post-header .count-comments")
    assert header.select_one(".count-value").get_text() == "No comments yet"
    assert header.select_one(".visually-hidden").get_text() == "0 comments"
    # Cards and lists keep the short figure.
    card = site.html("index.html").select_one(".card .count-comments .count-value")
    assert card.get_text() == "0"
