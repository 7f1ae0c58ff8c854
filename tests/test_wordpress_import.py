"""`pelican-fukatsoft-import wordpress`: a WordPress export (WXR) to a
Pelican site with the same URLs, comments in Isso's database, view counts
and authors, written again byte for byte by a second run."""

import hashlib
import json
import sqlite3
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from bs4 import BeautifulSoup
from conftest import count_figure, open_page
from harness import IssoServer, StaticServer
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_fukatsoft import wordpress

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
RULES = FIXTURES / "rules"
BLOG = FIXTURES / "blog.xml"

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{wp}excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel><title>T</title><link>https://t.example</link><language>en</language>
<wp:author><wp:author_login>a</wp:author_login>
<wp:author_display_name>Ann Author</wp:author_display_name></wp:author>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>https://t.example{link}</link>
<dc:creator>a</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent>
<wp:post_type>{type}</wp:post_type>{extra}</item>
"""
# Attached to post 1: two images and a sound.
ATTACHMENTS = "".join(
    ITEM.format(
        title=f"file {n}",
        link=f"/?attachment_id={n}",
        content="",
        id=n,
        date="2020-01-01 00:00:00",
        slug=f"file-{n}",
        status="inherit",
        parent=1,
        type="attachment",
        extra=f"<wp:attachment_url>https://t.example/up/{n}.{kind}</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        f"<wp:meta_value>Alt {n}</wp:meta_value></wp:postmeta>",
    )
    for n, kind in ((50, "jpg"), (51, "jpg"), (52, "mp3"))
)


def wxr(*items, namespace="https://wordpress.org/export/1.2/"):
    return WXR.format(wp=namespace, items="".join(items))


def item(content="Text.", *, id=1, slug="post", status="publish", type="post",
         date="2020-05-06 07:08:09", link=None, extra="", title="A post"):  # fmt: skip
    return ITEM.format(
        title=escape(title),
        link=link if link is not None else f"/2020/05/06/{slug}/",
        content=content,
        id=id,
        date=date,
        slug=slug,
        status=status,
        parent=0,
        type=type,
        extra=extra,
    )


def run(export, site, *extra):
    """The command in this process; returns its exit status."""
    return wordpress.main(["wordpress", str(export), "--site", str(site), *extra])


def import_text(tmp_path, text, *extra):
    tmp_path.mkdir(parents=True, exist_ok=True)
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    assert run(export, site, *extra) == 0
    return site


def body(path):
    text = path.read_text(encoding="utf-8")
    return text.split("<body>\n", 1)[1].rsplit("</body>", 1)[0]


def snapshot(site):
    """Every file's bytes and the database's rows: what a re-run must keep."""
    files = {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".db"
    }
    database = site / "content" / "comments" / "comments.db"
    with sqlite3.connect(database) as connection:
        rows = [
            connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("threads", "comments")
        ]
    connection.close()
    return files, rows


# --- content: one golden file per rule ----------------------------------------


@pytest.mark.parametrize(
    "rule", sorted(p.stem for p in RULES.glob("*.html") if ".expected" not in p.name)
)
def test_content_rule(rule, tmp_path):
    source = (RULES / f"{rule}.html").read_text(encoding="utf-8")
    site = import_text(tmp_path, wxr(item(source), ATTACHMENTS))
    got = body(site / "content" / "posts" / "post.html")
    expected = RULES / f"{rule}.expected.html"
    assert got == expected.read_text(encoding="utf-8"), rule


def test_no_block_comment_or_converted_shortcode_left(tmp_path):
    sources = "\n\n".join(p.read_text() for p in sorted(RULES.glob("*[!d].html")))
    site = import_text(tmp_path, wxr(item(sources), ATTACHMENTS))
    got = body(site / "content" / "posts" / "post.html")
    assert "<!-- wp:" not in got
    assert "<!-- /wp:" not in got
    for name in ("[caption", "[gallery", "[audio", "[video", "[embed"):
        # The escaped [[caption]] is shown as the text "[caption]".
        assert name not in got.replace("Write [caption] to show", "")


# --- the export: namespaces, broken files --------------------------------------


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_namespace_is_read(scheme, version, tmp_path):
    namespace = f"{scheme}://wordpress.org/export/{version}/"
    site = import_text(tmp_path, wxr(item("Hello."), namespace=namespace))
    assert body(site / "content" / "posts" / "post.html") == "<p>Hello.</p>\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (wxr(item())[:400], "not well-formed XML (line"),
        ("<rss><channel><title>x</title></channel></rss>", "not a WordPress export"),
        ("", "not well-formed XML"),
    ],
)
def test_a_broken_export_is_one_line(text, said, tmp_path, capsys):
    export = tmp_path / "broken.xml"
    export.write_text(text, encoding="utf-8")
    assert run(export, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(export) in err
    assert said in err
    assert "Traceback" not in err


def test_missing_export_is_one_line(tmp_path, capsys):
    assert run(tmp_path / "nothing.xml", tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nothing.xml: cannot read" in err


def test_items_without_wordpress_fields_or_a_date_are_left_out(tmp_path, capsys):
    foreign = (
        '<item xmlns:wp="http://malicious.example/hijack/"><title>Foreign</title>'
        "<wp:post_id>9</wp:post_id><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status></item>"
    )
    undated = item(id=2, slug="undated").replace(
        "<wp:post_date>2020-05-06 07:08:09</wp:post_date>", ""
    )
    undated = undated.replace(
        "<wp:post_date_gmt>2020-05-06 07:08:09</wp:post_date_gmt>", ""
    )
    site = import_text(tmp_path, wxr(item(id=1, slug="kept"), foreign, undated))
    assert [p.name for p in (site / "content" / "posts").iterdir()] == ["kept.html"]
    out = capsys.readouterr().out
    assert "left out: 1 untyped items" in out
    assert "post 2 'A post': no date in the export; left out" in out


def test_authors_matched_whatever_the_case_of_the_login(tmp_path):
    site = import_text(
        tmp_path, wxr(item().replace("<dc:creator>a<", "<dc:creator>A<"))
    )
    post = (site / "content" / "posts" / "post.html").read_text()
    assert '<meta name="author" content="Ann Author">' in post


# --- posts, pages, URLs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "article_url"),
    [
        ("/2020/05/06/post/", "{date:%Y}/{date:%m}/{date:%d}/{slug}/"),
        ("/2020/05/post/", "{date:%Y}/{date:%m}/{slug}/"),
        ("/post/", "{slug}/"),
        ("/archives/1/", "archives/{id}/"),
    ],
)
def test_article_url_follows_the_permalinks(link, article_url, tmp_path):
    site = import_text(tmp_path, wxr(item(link=link)))
    settings = (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert f"ARTICLE_URL = {article_url!r}" in settings
    post = (site / "content" / "posts" / "post.html").read_text(encoding="utf-8")
    assert 'name="url"' not in post  # the structure gives it


def test_an_odd_permalink_gets_its_own_url_and_a_query_is_said(tmp_path, capsys):
    site = import_text(
        tmp_path,
        wxr(
            item(id=1, slug="a", link="/2020/05/06/a/"),
            item(id=2, slug="b", link="/2020/05/06/b/"),
            item(id=3, slug="c", link="/old/place/c"),
            item(id=4, slug="d", link="/?p=4&amp;lang=en"),
        ),
    )
    c = (site / "content" / "posts" / "c.html").read_text(encoding="utf-8")
    assert '<meta name="url" content="old/place/c/">' in c
    assert '<meta name="save_as" content="old/place/c/index.html">' in c
    out = capsys.readouterr().out
    assert (
        "post 4 'A post': permalink https://t.example/?p=4&lang=en has a query" in out
    )


def test_statuses_metadata_and_time_zone(tmp_path):
    extra = (
        '<category domain="category" nicename="x">First</category>'
        '<category domain="category" nicename="y">Second</category>'
        '<category domain="post_tag" nicename="t">Tag, with comma</category>'
    )
    site = import_text(
        tmp_path,
        wxr(
            item(id=1, slug="live", extra=extra, title="Q&A <today>"),
            item(id=2, slug="later", status="future"),
            item(id=3, slug="waiting", status="pending"),
            item(id=4, slug="secret", status="private"),
            item(id=5, slug="gone", status="trash"),
        ),
        "--timezone",
        "Asia/Karachi",
    )
    posts = site / "content" / "posts"
    assert sorted(p.name for p in posts.iterdir()) == [
        "later.html",
        "live.html",
        "waiting.html",
    ]
    live = BeautifulSoup((posts / "live.html").read_text(), "html.parser")
    meta = {m["name"]: m["content"] for m in live.find_all("meta")}
    assert live.title.string == "Q&A <today>"
    assert meta["date"] == "2020-05-06T12:08:09+05:00"  # GMT 07:08 in Karachi
    assert meta["author"] == "Ann Author"
    assert meta["category"] == "First"
    assert meta["tags"] == "Tag  with comma, Second"
    assert "status" not in meta
    for draft in ("later.html", "waiting.html"):
        assert '<meta name="status" content="draft">' in (posts / draft).read_text()
    assert "TIMEZONE = 'Asia/Karachi'" in (site / "pelicanconf.py").read_text()


def test_a_blog_not_on_utc_is_told_to_give_its_time_zone(tmp_path, capsys):
    local = item().replace(
        "<wp:post_date>2020-05-06 07:08:09", "<wp:post_date>2020-05-06 12:08:09"
    )
    import_text(tmp_path, wxr(local))
    assert "the posts' times are +05:00 from GMT" in capsys.readouterr().out
    import_text(tmp_path / "zoned", wxr(local), "--timezone", "Asia/Karachi")
    assert "from GMT" not in capsys.readouterr().out


def test_featured_image_and_excerpt(tmp_path):
    extra = (
        "<excerpt:encoded><![CDATA[Short <em>one</em>.]]></excerpt:encoded>"
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>51</wp:meta_value></wp:postmeta>"
    )
    site = import_text(tmp_path, wxr(item(extra=extra), ATTACHMENTS))
    post = (site / "content" / "posts" / "post.html").read_text()
    assert '<meta name="image" content="https://t.example/up/51.jpg">' in post
    assert '<meta name="image_alt" content="Alt 51">' in post
    assert (
        '<meta name="summary" content="&lt;p&gt;Short &lt;em&gt;one&lt;/em&gt;.'
        '&lt;/p&gt;">' in post
    )


def test_the_more_tag_gives_the_summary(tmp_path):
    site = import_text(
        tmp_path, wxr(item("Teaser\n\n<!--more Read on-->\n\nThe rest."))
    )
    post = (site / "content" / "posts" / "post.html").read_text()
    assert '<meta name="summary" content="&lt;p&gt;Teaser&lt;/p&gt;">' in post
    assert body(site / "content" / "posts" / "post.html") == (
        '<p>Teaser</p>\n<p><span id="more-1"></span></p>\n<p>The rest.</p>\n'
    )


def test_views_and_authors(tmp_path):
    def views(key, value):
        return (
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value>{value}</wp:meta_value></wp:postmeta>"
        )

    site = import_text(
        tmp_path,
        wxr(
            item(id=1, slug="a", extra=views("views", 45)),
            item(id=2, slug="b", extra=views("post_views_count", 7)),
            item(id=3, slug="c", extra=views("hits", 9)),
            item(id=4, slug="d", extra=views("views", "lots")),
        ),
        "--views-meta",
        "hits",
    )
    got = json.loads((site / "content" / "wordpress-views.json").read_text())
    assert got == {
        "/2020/05/06/a/": 45,
        "/2020/05/06/b/": 7,
        "/2020/05/06/c/": 9,
    }
    authors = json.loads((site / "content" / "authors.json").read_text())
    assert authors == {"Ann Author": {}}


def test_views_from_a_csv_export(tmp_path, capsys):
    counter = tmp_path / "post-views-counter.csv"
    counter.write_text("Post ID,Title,Views\n1,A post,10\n3,Gone,4\n", encoding="utf-8")
    jetpack = tmp_path / "jetpack.csv"
    jetpack.write_text(
        '\ufefftitle,url,views\nx,https://t.example/2020/05/06/b/,"1,234"\nSecond,,8\n',
        encoding="utf-8",
    )
    site = import_text(
        tmp_path,
        wxr(item(id=1, slug="a"), item(id=2, slug="b", title="Second")),
        "--views-csv",
        str(counter),
        "--views-csv",
        str(jetpack),
    )
    got = json.loads((site / "content" / "wordpress-views.json").read_text())
    assert got == {"/2020/05/06/a/": 10, "/2020/05/06/b/": 1234}
    assert f"1 row(s) name no published post or page (first: {counter}:3)" in (
        capsys.readouterr().out
    )


def test_a_views_csv_or_users_file_it_cannot_use_is_one_line(tmp_path, capsys):
    export = tmp_path / "export.xml"
    export.write_text(wxr(item()), encoding="utf-8")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    users = tmp_path / "users.json"
    users.write_text('{"not": "a list"}', encoding="utf-8")
    for option, path in (("--views-csv", odd), ("--users", users)):
        assert run(export, tmp_path / "site", option, str(path)) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert str(path) in err
    assert not (tmp_path / "site").exists()  # nothing written


def test_author_profiles_from_the_rest_api(tmp_path):
    users = tmp_path / "users.json"
    users.write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "name": "Ann Author",
                    "slug": "a",
                    "url": "https://ann.example.org",
                    "description": "Writes about *lakes*.",
                    "avatar_urls": {
                        "24": "https://g.example/24",
                        "96": "https://g.example/96",
                    },
                }
            ]
        ),
        encoding="utf-8",
    )
    site = import_text(tmp_path, wxr(item()), "--users", str(users))
    assert json.loads((site / "content" / "authors.json").read_text()) == {
        "Ann Author": {
            "avatar": "https://g.example/96",
            "bio": "Writes about *lakes*.",
            "links": {"Website": "https://ann.example.org"},
        }
    }


# --- comments ---------------------------------------------------------------------


def comment(id, parent=0, approved="1", kind="comment", ip="203.0.113.9"):
    return (
        f"<wp:comment><wp:comment_id>{id}</wp:comment_id>"
        f"<wp:comment_author>Reader {id} &amp; co</wp:comment_author>"
        f"<wp:comment_author_email>r{id}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>https://r{id}.example.org/?a=1&amp;b=2"
        "</wp:comment_author_url>"
        f"<wp:comment_author_IP>{ip}</wp:comment_author_IP>"
        f"<wp:comment_date>2020-06-01 10:00:{id % 60:02d}</wp:comment_date>"
        f"<wp:comment_date_gmt>2020-06-01 10:00:{id % 60:02d}</wp:comment_date_gmt>"
        f"<wp:comment_content>Comment {id}</wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def rows(site, columns="id, parent, mode, text"):
    database = site / "content" / "comments" / "comments.db"
    connection = sqlite3.connect(database)
    try:
        return connection.execute(
            f"SELECT {columns} FROM comments ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("wordpress_text", "shown"),
    [
        (
            'Nice <strong>post</strong>, see <a href="https://x.example/a_b">this</a>.',
            '<p>Nice <strong>post</strong>, see <a href="https://x.example/a_b" '
            'rel="nofollow ugc noopener">this</a>.</p>',
        ),
        ("Line one\nline two\n\nTwo", "<p>Line one<br>\nline two</p>\n<p>Two</p>"),
        (
            "I <3 *this* & _that_ [1] `x` &amp; &lt;b&gt;",
            "<p>I &lt;3 *this* &amp; _that_ [1] `x` &amp; &lt;b&gt;</p>",
        ),
        (
            "# no heading\n- no list\n1. no list",
            "<p># no heading<br>\n- no list<br>\n1. no list</p>",
        ),
        (
            "<blockquote>Quoted</blockquote>\nAnswer <code>a*b</code>",
            "<blockquote>\n<p>Quoted</p>\n</blockquote>\n"
            "<p>Answer <code>a*b</code></p>",
        ),
        (
            '<a href="javascript:alert(1)">bad</a> <span>kept text</span> <em>ok</em>',
            "<p>bad kept text <em>ok</em></p>",
        ),
    ],
)
def test_a_comment_reads_on_the_page_as_it_read_on_wordpress(wordpress_text, shown):
    from pelican_fukatsoft import comments, isso_markup
    from pelican_fukatsoft.wordpress_content import comment_markdown

    rules = isso_markup.markup_rules(
        {"FUKATSOFT_ISSO_CONFIG": None, **isso_markup.DEFAULTS}
    )
    rendered, _ = isso_markup.render(
        comment_markdown(wordpress_text), rules, comments.COMMENT_LINK_REL
    )
    assert str(rendered) == shown


def test_personal_data_only_when_asked(tmp_path):
    export = wxr(item(extra=comment(1)))
    plain = import_text(tmp_path / "plain", export)
    assert rows(plain, "author, email, website, remote_addr") == [
        ("Reader 1 &amp; co", None, "https://r1.example.org/?a=1&amp;b=2", "0.0.0.0")
    ]
    kept = import_text(tmp_path / "kept", export, "--keep-personal-data")
    assert rows(kept, "email, remote_addr") == [("r1@example.org", "203.0.113.0")]


def test_a_comment_without_a_date_is_dated_as_its_post(tmp_path, capsys):
    undated = comment(1).replace(
        "<wp:comment_date_gmt>2020-06-01 10:00:01</wp:comment_date_gmt>", ""
    )
    undated = undated.replace("2020-06-01 10:00:01", "not a date")
    site = import_text(tmp_path, wxr(item(extra=undated)))
    assert rows(site, "created") == [
        (datetime(2020, 5, 6, 7, 8, 9, tzinfo=UTC).timestamp(),)
    ]
    assert "comment 1 has no date; dated as the post" in capsys.readouterr().out


def test_merge_into_an_existing_database_without_duplicates(tmp_path):
    site = import_text(tmp_path, wxr(item(extra=comment(1))))
    database = site / "content" / "comments" / "comments.db"
    # A comment posted on the new site before the next import.
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO comments (tid, created, mode, text, voters)"
            " VALUES (1, 1700000000, 1, 'Posted on Isso', x'00')"
        )
    connection.close()
    export = tmp_path / "export.xml"
    export.write_text(wxr(item(extra=comment(1) + comment(2, parent=1))))
    assert run(export, site) == 0
    assert run(export, site) == 0
    assert rows(site) == [
        (1, None, 1, "Comment 1"),
        (2, None, 1, "Posted on Isso"),
        (3, 1, 1, "Comment 2"),
    ]


@st.composite
def comment_trees(draw):
    """Comments whose parents are any earlier comment (or none), of any
    status, listed in the export in any order."""
    count = draw(st.integers(1, 14))
    comments = []
    for n in range(1, count + 1):
        parent = draw(st.sampled_from([0, *range(1, n)]))
        status = draw(st.sampled_from(["1", "1", "1", "0", "spam", "trash"]))
        comments.append((n, parent, status))
    return draw(st.permutations(comments))


@settings(max_examples=25, deadline=None)
@given(tree=comment_trees())
def test_every_approved_comment_once_under_its_parent(tree, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("tree")
    extra = "".join(comment(n, parent, status) for n, parent, status in tree)
    site = import_text(tmp_path, wxr(item(extra=extra)))
    status = {n: s for n, s in ((n, s) for n, _, s in tree)}
    parents = {n: p for n, p, _ in tree}

    def kept(n):
        return status[n] in ("1", "0")

    def root(n):
        # The top of the chain of kept comments it hangs from.
        while parents[n] and kept(parents[n]):
            n = parents[n]
        return n

    by_text = {text: (id, parent, mode) for id, parent, mode, text in rows(site)}
    approved = {n for n in parents if status[n] == "1"}
    assert {t for t, (_, _, mode) in by_text.items() if mode == 1} == {
        f"Comment {n}" for n in approved
    }
    assert len(by_text) == len(rows(site))  # no comment twice
    for n in (n for n in parents if kept(n)):
        _, parent, _ = by_text[f"Comment {n}"]
        top = root(n)
        expected = None if top == n else by_text[f"Comment {top}"][0]
        assert parent == expected, (n, tree)


# --- idempotence and the owner's edits ---------------------------------------------


def test_second_run_is_identical_and_an_edit_is_kept(tmp_path, caplog):
    site = tmp_path / "site"
    assert run(BLOG, site) == 0
    first = snapshot(site)
    assert run(BLOG, site) == 0
    assert snapshot(site) == first
    edited = site / "content" / "posts" / "hello-classic-world.html"
    edited.write_text(edited.read_text().replace("Last words.", "My words."))
    (site / "content" / "pages" / "about.html").unlink()
    caplog.clear()
    assert run(BLOG, site) == 0
    assert "My words." in edited.read_text()
    assert not (site / "content" / "pages" / "about.html").exists()
    said = [r.getMessage() for r in caplog.records]
    assert any(f"{edited}: edited since the last import; kept" in m for m in said), said
    assert any("about.html: deleted since the last import" in m for m in said)


def test_a_blog_in_a_folder_keeps_its_folder(tmp_path, build):
    export = wxr(item(link="/blog/2020/05/06/post/", extra=comment(1))).replace(
        "<link>https://t.example</link>", "<link>https://t.example/blog/</link>"
    )
    site = import_text(tmp_path, export)
    settings = (site / "pelicanconf.py").read_text()
    assert "SITEURL = '/blog'" in settings
    assert "ARTICLE_URL = '{date:%Y}/{date:%m}/{date:%d}/{slug}/'" in settings
    assert rows(site, "text") == [("Comment 1",)]
    with sqlite3.connect(site / "content" / "comments" / "comments.db") as connection:
        uris = connection.execute("SELECT uri FROM threads").fetchall()
    connection.close()
    assert uris == [("/blog/2020/05/06/post/",)]  # what the theme's form posts
    built = build(site / "pelicanconf.py", PATH=str(site / "content"))
    page = built.html("2020/05/06/post/index.html")
    assert page.select_one("#comments")  # the thread is found under the folder
    assert "Comment 1" in page.get_text()


def test_plain_permalinks_are_sent_on_from_the_home_page(tmp_path, build, browser):
    site = import_text(
        tmp_path,
        wxr(
            item(id=12, slug="twelve", link="/?p=12"),
            item(id=2, slug="about", type="page", link="/?page_id=2"),
        ),
    )
    assert json.loads(
        (site / "content" / "wordpress" / "redirects.json").read_text()
    ) == {
        "p=12": "/2020/05/twelve/",
        "page_id=2": "/about/",
    }
    built = build(site / "pelicanconf.py", PATH=str(site / "content"))
    assert not [m for m in built.messages() if "ERROR" in m]
    server = StaticServer(built.output)
    try:
        for old, new in (("?p=12", "/2020/05/twelve/"), ("?page_id=2", "/about/")):
            page, problems = open_page(browser, server.origin, old)
            page.wait_for_url(f"{server.origin}{new}")
            assert not problems
            page.close()
        page, _ = open_page(browser, server.origin, "?p=999")  # no such post
        page.wait_for_load_state("networkidle")
        assert page.url == f"{server.origin}/?p=999"
        page.close()
    finally:
        server.stop()


# --- Isso itself reads what the import wrote -----------------------------------------


@pytest.mark.server
def test_isso_creates_the_same_schema_and_serves_the_comments(tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    IssoServer(fresh, "http://127.0.0.1").stop()
    site = tmp_path / "site"
    assert run(BLOG, site) == 0
    database = site / "content" / "comments" / "comments.db"

    def schema(path):
        with sqlite3.connect(path) as connection:
            tables = connection.execute(
                "SELECT type, name, sql FROM sqlite_master ORDER BY name"
            ).fetchall()
            version = connection.execute("PRAGMA user_version").fetchone()
        connection.close()
        return version, [(t, n, " ".join((s or "").split())) for t, n, s in tables]

    assert schema(database) == schema(fresh / "comments.db")
    isso = IssoServer(database.parent, "http://127.0.0.1")
    try:
        uri = "/2021/03/04/hello-classic-world/"
        with urllib.request.urlopen(f"{isso.url}/?uri={uri}", timeout=5) as answer:
            thread = json.loads(answer.read())
    finally:
        isso.stop()
    assert [c["author"] for c in thread["replies"]] == ["Ali"]
    assert [c["author"] for c in thread["replies"][0]["replies"]] == [
        "Sana Malik",
        "Zara",
    ]


# --- end to end: import, build, read the pages ------------------------------------


def test_imported_blog_builds_with_its_old_urls_comments_and_views(tmp_path, build):
    site = tmp_path / "site"
    assert run(BLOG, site) == 0
    imported = snapshot(site)
    built = build(site / "pelicanconf.py", PATH=str(site / "content"))
    # The build reads the database and changes nothing; a second import neither.
    assert run(BLOG, site) == 0
    assert snapshot(site) == imported
    assert not [m for m in built.messages() if "ERROR" in m]
    for old in (
        "2021/03/04/hello-classic-world/",
        "2022/11/20/blocks-and-embeds/",
        "about/",
        "about/team/",
    ):
        assert (built.output / old / "index.html").is_file(), old
    # The draft: where Pelican keeps drafts, linked from no page.
    drafts = [str(p.relative_to(built.output)) for p in built.output.rglob("not-yet*")]
    assert drafts == ["drafts/not-yet.html"]
    assert "not-yet" not in built.text("index.html")
    page = built.html("2021/03/04/hello-classic-world/index.html")
    count = page.select_one(".count-comments")
    assert count_figure(count) == 3  # approved, pingback left out
    text = page.get_text()
    for approved in ("Lovely lake!", "Thanks, Ali.", "Reply to a reply."):
        assert approved in text
    for left_out in ("Held for moderation.", "Buy now", "a pingback"):
        assert left_out not in text
    graph = json.dumps(
        [
            json.loads(s.string)
            for s in page.select('script[type="application/ld+json"]')
        ]
    )
    assert '"commentCount": 3' in graph
    assert count_figure(page.select_one(".count-views")) == 45
    # A page keeps its comments too; a page without any has no comment section.
    about = built.html("about/index.html")
    assert about.select_one("#comments-heading")["data-comments"] == "1"
    assert "A comment on a page." in about.get_text()
    assert not built.html("about/team/index.html").select("#comments")
    other = built.html("2022/11/20/blocks-and-embeds/index.html")
    assert count_figure(other.select_one(".count-views")) == 1200
    assert other.select_one('iframe[src^="https://player.vimeo.com/"]')
