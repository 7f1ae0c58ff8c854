"""Comments: a real Isso server, the form in Chromium, build-time rendering,
batched counts, moderation and privacy, hostile input, bad databases."""

import configparser
import contextlib
import functools
import json
import sqlite3
import sys
import urllib.parse
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from conftest import (
    REPO,
    count_figure,
    open_page,
    reach_comments,
    small_site_settings,
    validate,
)
from harness import IssoServer, StaticServer, free_port
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_fukatsoft import comments, isso_markup
from pelican_fukatsoft.bylines import initials_avatar
from pelican_fukatsoft.comments import MAX_TIMEOUT

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"
URI = f"/{ARTICLE}"
OTHER_URI = "/blog/static-sites-for-company-blogs/"


@pytest.fixture
def live(tmp_path, build, example_copy):
    """The example site served on loopback next to a real Isso server."""
    port = free_port()
    isso = IssoServer(tmp_path, f"http://127.0.0.1:{port}")
    output = tmp_path / "site"

    def rebuild(**overrides):
        return build(
            settings_file=example_copy / "pelicanconf.py",
            OUTPUT_PATH=str(output),
            FUKATSOFT_ISSO_URL=isso.url,
            FUKATSOFT_ISSO_DB=str(isso.db),
            **overrides,
        )

    rebuild()
    server = StaticServer(output, port)
    yield server.origin, isso, rebuild
    server.stop()
    if isso.process.poll() is None:
        isso.stop()


def count(page, selector=".post-header .count-comments"):
    return page.locator(f"{selector} .count-value").inner_text()


@pytest.mark.browser
def test_post_reply_rebuild_and_read_without_server(browser, live):
    origin, isso, rebuild = live
    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    form = page.locator("form[data-comment-form]")
    assert form.is_visible()
    assert count(page) == "No comments yet"

    form.locator("textarea[name=text]").fill(
        "A *first* comment, posted in the browser."
    )
    form.locator("input[name=author]").fill("Reader One")
    form.locator("input[name=email]").fill("one@example.org")
    form.locator("button[type=submit]").click()
    first = page.locator(".comments [data-comment-list] > .comment").first
    first.wait_for()
    assert "Reader One" in first.locator(".comment-author").inner_text()
    # Rendered as the rebuild will render it.
    assert first.locator(".comment-text em").inner_text() == "first"
    assert "published" in page.locator("[data-form-status]").inner_text()
    assert count(page) == "1"

    first.get_by_role("button", name="Reply").click()
    assert page.locator("[data-reply-note]").is_visible()
    form.locator("textarea[name=text]").fill("A reply to the first comment.")
    form.locator("button[type=submit]").click()
    reply = first.locator(".comment-list > .comment")
    reply.wait_for()
    assert "A reply" in reply.inner_text()
    assert count(page) == "2"
    assert problems == []
    page.close()

    # Rebuilt from Isso's database: rendered into the HTML, and counted.
    site = rebuild()
    html = site.html(f"{ARTICLE}index.html")
    assert html.select_one("#comments-heading").get_text() == "2 comments"
    rendered = html.select(".comments [data-comment-list] > .comment")
    assert len(rendered) == 1
    assert rendered[0].select_one(".comment-text em").get_text() == "first"
    assert "A reply" in rendered[0].select_one(".comment-list .comment").get_text()
    assert count_figure(html.select_one(".post-header .count-comments")) == 2
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    assert data["commentCount"] == 2
    assert {
        "@type": "InteractionCounter",
        "interactionType": {"@type": "CommentAction"},
        "userInteractionCount": 2,
    } in data["interactionStatistic"]
    assert "one@example.org" not in site.text(f"{ARTICLE}index.html")
    index = site.html("index.html")
    card = index.select(".card")[0]
    assert count_figure(card.select_one(".count-comments")) == 2

    # With Isso stopped the page is still readable with its build-time figures.
    isso.stop()
    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    page.wait_for_load_state("networkidle")
    assert page.locator(".comments .comment").count() == 2
    assert count(page) == "2"
    # The only complaint is the failed request to the stopped server.
    assert all(
        "Failed to load resource" in p or "ERR_CONNECTION_REFUSED" in p
        for p in problems
    ), problems
    page.close()
    assert_read_without_javascript(browser, origin, comments=2)


def assert_read_without_javascript(browser, origin, comments):
    """Without JavaScript the comments are read, and no form is offered that
    could not send: the note says why."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/{ARTICLE}")
    assert page.locator(".comments .comment").count() == comments
    assert not page.locator("form[data-comment-form]").is_visible()
    assert "needs JavaScript" in page.locator(".comments noscript").inner_text()
    context.close()


@pytest.mark.browser
def test_list_counts_refresh_in_one_batched_request(browser, live):
    origin, isso, _ = live
    assert isso.post(OTHER_URI, text="Posted after the build.")[0] == 201
    page, _problems = open_page(browser, origin, "", allowed=(isso.url,))
    count_requests = []
    page.on(
        "request",
        lambda r: count_requests.append(r) if r.url.endswith("/count") else None,
    )
    page.reload()
    card = page.locator(".card", has_text="Why We Moved the Company Blog")
    # Baseline 4 from the old CMS + 1 live comment.
    page.wait_for_function(
        "document.querySelector('.card:nth-child(4) .count-comments .count-value')"
        ".textContent === '5'"
    )
    assert card.locator(".count-comments .visually-hidden").inner_text() == "5 comments"
    assert len(count_requests) == 1
    # Cards and the "Most viewed" list: every article once, in one request.
    assert sorted(json.loads(count_requests[0].post_data)) == [
        "/blog/accessible-forms-checklist/",
        "/blog/afghanistan-crisis-us-pakistan-relations/",
        "/blog/fukatsoft-internship-2025/",
        "/blog/regional-trade-outlook-2025/",
        "/blog/static-sites-for-company-blogs/",
        "/blog/urdu-on-our-blog/ur/",
    ]
    page.close()


@pytest.mark.browser
def test_form_errors_are_said_in_words(browser, live):
    origin, isso, _ = live
    page, _problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    form = page.locator("form[data-comment-form]")
    # Isso refuses a website that is not a URL (400).
    form.locator("textarea[name=text]").fill("Valid text here.")
    page.evaluate("document.querySelector('input[name=website]').type = 'text'")
    form.locator("input[name=website]").fill("x" * 600)
    form.locator("button[type=submit]").click()
    status = page.locator("[data-form-status]")
    status.filter(has_text="did not accept").wait_for()
    # The server is gone: the reader is told, nothing is lost from the form.
    isso.stop()
    form.locator("input[name=website]").fill("")
    form.locator("button[type=submit]").click()
    status.filter(has_text="could not be reached").wait_for()
    assert form.locator("textarea[name=text]").input_value() == "Valid text here."
    page.close()


@pytest.mark.browser
def test_a_site_the_comment_server_does_not_list_is_told_so(
    browser, build, example_copy, tmp_path
):
    # Isso's `host` names another origin than the one the page comes from.
    with served_with_isso(
        build, example_copy, tmp_path, isso_host=f"http://127.0.0.1:{free_port()}"
    ) as (origin, isso):
        page, _ = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
        reach_comments(page)
        form = post_in_form(page, "From a site Isso does not list.")
        status = page.locator("[data-form-status]")
        status.filter(has_text="not allowed by the comment server").wait_for()
        assert "could not be reached" not in status.inner_text()
        assert form.locator("textarea[name=text]").input_value() == (
            "From a site Isso does not list."
        )
        page.close()


@contextlib.contextmanager
def served_with_isso(build, example_copy, tmp_path, isso_host=None, **isso_options):
    """The example site on loopback beside an Isso configured for one test
    (whose `host` is the site's origin unless *isso_host* names another)."""
    port = free_port()
    isso = IssoServer(tmp_path, isso_host or f"http://127.0.0.1:{port}", **isso_options)
    site = build(
        settings_file=example_copy / "pelicanconf.py",
        FUKATSOFT_ISSO_URL=isso.url,
        FUKATSOFT_ISSO_DB=str(isso.db),
    )
    server = StaticServer(site.output, port)
    try:
        yield server.origin, isso
    finally:
        server.stop()
        isso.stop()


@pytest.mark.browser
def test_rate_limit_is_said_in_words(browser, build, example_copy, tmp_path):
    with served_with_isso(build, example_copy, tmp_path, guard=True) as (origin, isso):
        assert isso.post(URI, text="The one comment this minute.")[0] == 201
        page, _problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
        reach_comments(page)
        form = page.locator("form[data-comment-form]")
        form.locator("textarea[name=text]").fill("One too many.")
        form.locator("button[type=submit]").click()
        page.locator("[data-form-status]").filter(
            has_text="posting faster than the comment server allows"
        ).wait_for()
        assert page.locator("[data-form-status]").get_attribute("class") == (
            "form-status form-error"
        )
        page.close()


@pytest.mark.browser
def test_comments_since_the_build_show_for_every_reader(browser, live):
    origin, isso, rebuild = live
    status, first = isso.post(
        URI, text="Posted *after* the build.", author="Tom & Jerry"
    )
    assert status == 201
    status, reply = isso.post(URI, text="A reply, new too.", parent=first["id"])
    assert status == 201
    when = datetime.fromtimestamp(int(first["created"]), ZoneInfo("Asia/Karachi"))
    for _reader in ("one", "another"):  # each a new reader
        page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
        reach_comments(page)
        thread = page.locator(".comments [data-comment-list] > .comment")
        thread.first.wait_for()
        assert thread.count() == 1
        comment = thread.first
        assert comment.locator(".comment-author").first.inner_text() == "Tom & Jerry"
        # The same initials avatar the build draws for that name.
        drawn = BeautifulSoup(initials_avatar("Tom & Jerry"), "html.parser")
        avatar = comment.locator(".avatar").first
        assert avatar.locator("rect").get_attribute("fill") == drawn.rect["fill"]
        initials = avatar.locator("text").text_content()
        assert initials == drawn.find("text").get_text() == "TJ"
        # Rendered as Isso renders it (and the build will), in the site's
        # date format and zone.
        text = comment.locator(":scope > article .comment-text")
        assert text.inner_text() == "Posted after the build."
        assert text.locator("em").inner_text() == "after"
        assert comment.locator("time").first.inner_text() == when.strftime(
            "%b %d %Y %I:%M %p"
        )
        replies = comment.locator(":scope > .comment-list > .comment")
        assert replies.count() == 1
        assert "A reply, new too." in replies.inner_text()
        assert problems == []
        page.close()
    # After a rebuild they come from the HTML, once.
    site = rebuild()
    built = site.html(f"{ARTICLE}index.html").select_one(f"#comment-{first['id']}")
    assert str(built.select_one(".avatar")) == str(
        BeautifulSoup(initials_avatar("Tom & Jerry"), "html.parser").svg
    )
    page, _ = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    page.wait_for_load_state("networkidle")
    for comment_id in (first["id"], reply["id"]):
        assert page.locator(f"#comment-{comment_id}").count() == 1
    page.close()


@pytest.mark.browser
def test_without_the_sanitizer_api_a_live_comment_shows_as_typed(browser, live):
    origin, isso, _rebuild = live
    typed = "Posted *after* the build,\non two lines."
    assert isso.post(URI, text=typed)[0] == 201
    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    page.add_init_script("delete Element.prototype.setHTML")
    page.reload()
    reach_comments(page)
    shown = page.locator(".comments .comment-text-plain")
    shown.wait_for()
    assert shown.inner_text() == typed
    assert shown.locator("em").count() == 0
    assert problems == []
    page.close()


def post_in_form(page, text, author=""):
    form = page.locator("form[data-comment-form]")
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=author]").fill(author)
    form.locator("button[type=submit]").click()
    return form


def heading(page):
    return page.locator("#comments-heading").inner_text()


@pytest.mark.browser
def test_heading_byline_and_cards_agree_after_a_post_and_a_reply(browser, live):
    origin, isso, _ = live
    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    assert heading(page) == count(page) == "No comments yet"
    post_in_form(page, "The first comment on this page.")
    first = page.locator(".comments [data-comment-list] > .comment").first
    first.wait_for()
    assert (heading(page), count(page)) == ("1 comment", "1")
    first.get_by_role("button", name="Reply").click()
    post_in_form(page, "And a reply to it.")
    first.locator(".comment-list > .comment").wait_for()
    assert (heading(page), count(page)) == ("2 comments", "2")
    # The cards of the index, and the next reader of the unrebuilt page.
    page.goto(f"{origin}/")
    page.wait_for_function(
        f'document.querySelector(\'.counts[data-path="{URI}"] > .count-comments'
        " .count-value').textContent === '2'"
    )
    page.goto(f"{origin}/{ARTICLE}")
    reach_comments(page)
    page.locator(".comments .comment-list .comment-list > .comment").wait_for()
    page.wait_for_function(
        "document.querySelector('.post-header .count-comments .count-value')"
        ".textContent === '2'"
    )
    assert (heading(page), count(page)) == ("2 comments", "2")
    assert problems == []
    page.close()


@pytest.mark.browser
def test_the_commenters_own_name_shows_as_typed(browser, live):
    origin, isso, _ = live
    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    post_in_form(page, "Named with markup.", "Tom & Jerry <b>")
    mine = page.locator(".comments [data-comment-list] > .comment").last
    mine.wait_for()
    assert mine.locator(".comment-author").inner_text() == "Tom & Jerry <b>"
    assert problems == []
    page.close()


def page_with_comments_by(browser, live, *names):
    """The article rebuilt with one comment by each of *names*, opened."""
    origin, isso, rebuild = live
    for name in names:
        assert isso.post(URI, text=f"Comment by {name}.", author=name)[0] == 201
    rebuild()
    page, _ = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    return page


@pytest.mark.browser
def test_reply_note_keeps_names_with_dollar_signs(browser, live):
    page = page_with_comments_by(browser, live, "$'", "Cash$&Carry")
    note = page.locator("[data-reply-text]")
    for index, name in enumerate(("$'", "Cash$&Carry")):
        comment = page.locator(".comments [data-comment-list] > .comment").nth(index)
        comment.get_by_role("button", name="Reply").click()
        assert note.inner_text() == f"Replying to {name}."
    page.close()


@pytest.mark.browser
def test_reply_while_sending_goes_to_its_parent_and_keeps_the_draft(browser, live):
    page = page_with_comments_by(browser, live, "First", "Second")
    held = []
    # Playwright wants a Python function here, not a bound builtin.
    page.route("**/new?*", lambda route: held.append(route))  # noqa: PLW0108
    comments = page.locator(".comments [data-comment-list] > .comment")
    comments.nth(0).get_by_role("button", name="Reply").click()
    post_in_form(page, "A reply to the first.")
    page.wait_for_function("document.querySelector('[data-form-status]').textContent")
    # While it is on its way, the reader starts replying to the second.
    comments.nth(1).get_by_role("button", name="Reply").click()
    page.locator("textarea[name=text]").fill("A draft for the second.")
    held[0].continue_()
    first_replies = comments.nth(0).locator(":scope > .comment-list > .comment")
    first_replies.wait_for()
    assert "A reply to the first." in first_replies.inner_text()
    assert comments.nth(1).locator(".comment-list .comment").count() == 0
    assert (
        page.locator("textarea[name=text]").input_value() == "A draft for the second."
    )
    assert page.locator("[data-reply-text]").inner_text() == "Replying to Second."
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (201, "saved, but no JSON", "your comment is published"),
        (403, "127.0.0.1: ratelimit exceeded (7)", "posting faster than"),
        (403, "edit time frame is still open", "while you can still edit it"),
        (403, "3 direct responses to /x/", "as many comments on this page"),
        (403, "CSRF", "refused the comment (CSRF)"),
        (500, "boom", "had a problem (error 500)"),
    ],
)
def test_each_answer_is_told_apart(browser, live, status, body, said):
    origin, isso, _ = live
    page, _ = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    page.route("**/new?*", lambda route: route.fulfill(status=status, body=body))
    post_in_form(page, "Whatever the server says.", "Reader")
    page.locator("[data-form-status]").filter(has_text=said).wait_for()
    if status == 201:
        mine = page.locator(".comments [data-comment-list] > .comment").last
        assert "Whatever the server says." in mine.inner_text()
    page.close()


@pytest.mark.browser
def test_a_server_that_never_answers_times_out(browser, live):
    origin, isso, rebuild = live
    rebuild(FUKATSOFT_ISSO_TIMEOUT=1)
    page, _ = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    held = []
    # Never answered (until the test ends: a route left open is an error).
    page.route("**/new?*", lambda route: held.append(route))  # noqa: PLW0108
    form = post_in_form(page, "Into the void.")
    # The request is held forever: only the form's 1 s timeout can say so
    # (waited for with Playwright's default, which a busy machine needs).
    page.locator("[data-form-status]").filter(
        has_text="did not answer in time"
    ).wait_for()
    assert form.locator("button[type=submit]").is_enabled()
    assert form.locator("textarea[name=text]").input_value() == "Into the void."
    held[0].abort()
    page.close()


@pytest.mark.browser
def test_moderation_says_so_and_shows_nothing(browser, build, example_copy, tmp_path):
    with served_with_isso(build, example_copy, tmp_path, moderation=True) as (
        origin,
        isso,
    ):
        page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
        reach_comments(page)
        post_in_form(page, "Waiting for a moderator.", "Patient")
        status = page.locator("[data-form-status]")
        status.filter(has_text="once a moderator approves it").wait_for()
        assert "published" not in status.inner_text()
        assert page.locator(".comments [data-comment-list] > .comment").count() == 0
        # Nothing is shown yet, so nothing is counted yet.
        assert heading(page) == count(page) == "No comments yet"
        assert problems == []
        page.close()


@pytest.mark.browser
def test_form_text_weight_focus_ring_and_status_in_reply_mode(browser, live):
    page = page_with_comments_by(browser, live, "First")
    textarea = page.locator("textarea[name=text]")
    assert textarea.evaluate("e => getComputedStyle(e).fontWeight") == "400"
    textarea.focus()
    ring = textarea.evaluate("e => getComputedStyle(e).outlineColor")
    post_in_form(page, "A comment of my own.", "Me")
    status = page.locator("[data-form-status]")
    status.filter(has_text="published").wait_for()
    page.locator(".comments [data-comment-list] > .comment").first.get_by_role(
        "button", name="Reply"
    ).click()
    # Replying starts afresh: no word about the last comment.
    assert status.inner_text() == ""
    page.route(
        "**/new?*", lambda route: route.fulfill(status=400, body="text is too short")
    )
    post_in_form(page, "Refused on purpose.")
    status.filter(has_text="did not accept").wait_for()
    error = status.evaluate("e => getComputedStyle(e).color")
    assert ring != error
    page.close()


@pytest.mark.server
def test_example_isso_lets_a_reader_reply_to_their_own_comment(tmp_path):
    config = configparser.ConfigParser()
    config.read(REPO / "example_site" / "isso.cfg")
    guard = "[guard]\n" + "".join(f"{k} = {v}\n" for k, v in config["guard"].items())
    isso = IssoServer(tmp_path, "http://127.0.0.1", guard=guard)
    try:
        status, comment = isso.post(URI, text="My own comment.")
        assert status == 201
        # At once, from the same address: Isso's default would refuse it.
        assert isso.post(URI, text="And my reply.", parent=comment["id"])[0] == 201
    finally:
        isso.stop()


HOSTILE = [
    {"text": "<script>window.__xss = 1</script> plain", "author": "Script Kid"},
    {
        "text": '<img src=x onerror="window.__xss = 1"> image',
        "author": "<b onmouseover=alert(1)>Bold</b>",
    },
    {
        "text": "[click](javascript:window.__xss=1) link",
        "author": "Linker",
    },
    {"text": "</li></ol></section><h1>Broken</h1><div", "author": "Breaker"},
    {"text": "Huge " + "w" * 60000, "author": "Huge" * 40},
    {
        "text": "<a href='https://ok.example/' onclick='window.__xss=1'>fine link</a>",
        "author": "Ok",
        "website": "https://reader.example/",
    },
]


@pytest.mark.browser
def test_hostile_comments_never_execute_or_break_the_page(browser, live):
    origin, isso, rebuild = live
    for fields in HOSTILE:
        status, body = isso.post(URI, **fields)
        assert status == 201, body
    # Isso refuses such a website itself; an older or edited database may not.
    with sqlite3.connect(isso.db) as db:
        db.execute(
            "UPDATE comments SET website = 'javascript:window.__xss=1'"
            " WHERE author = 'Linker'"
        )
    site = rebuild()
    html = site.html(f"{ARTICLE}index.html")
    comments = html.select(".comments [data-comment-list] > .comment")
    assert len(comments) == len(HOSTILE)
    for comment in comments:
        assert not comment.find(["script", "img", "h1", "iframe"])
        for element in comment.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs)
            assert not element.get("href", "").lower().startswith("javascript")
    links = [a for a in html.select(".comment a") if a.get("href")]
    # Typed HTML is text, as Isso shows it; a script link points nowhere.
    assert {a["href"] for a in links} == {"#harmful-link", "https://reader.example/"}
    typed = html.select(".comment-text")[-1].get_text()
    assert "<a href='https://ok.example/'" in typed
    for link in links:
        assert set(link["rel"]) >= {"nofollow", "ugc", "noopener"}
    assert len(html.find_all("h1")) == 1
    assert html.select_one("footer.site-footer .powered-by")
    checked = validate(site.output)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    page, _problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.reload()
    reach_comments(page)
    page.locator(".comment a", has_text="click").count()
    for selector in (".comment-author", ".comment-text a", ".comment-text"):
        for element in page.locator(selector).all():
            element.hover()
            element.click(trial=True)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("h1").count() == 1
    assert (
        "<b onmouseover=alert(1)>Bold</b>"
        in page.locator(".comment-author").nth(1).inner_text()
    )

    # The same through the live form: shown as text, never as markup.
    form = page.locator("form[data-comment-form]")
    typed = '<img src=x onerror="window.__xss = 1">'
    form.locator("textarea[name=text]").fill(typed)
    form.locator("button[type=submit]").click()
    page.locator("[data-form-status]", has_text="published").wait_for()
    shown = page.locator(".comments [data-comment-list] > .comment").last
    shown = shown.locator(":scope > article .comment-text")
    assert shown.inner_text() == typed
    assert shown.locator("img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    page.close()


@pytest.mark.server
def test_pending_and_deleted_comments_never_appear(live):
    _origin, isso, rebuild = live
    for text in ("Published words.", "Pending words.", "Deleted words."):
        assert isso.post(URI, text=text, email="secret@example.org")[0] == 201
    with sqlite3.connect(isso.db) as db:
        db.execute("UPDATE comments SET mode = 2 WHERE text = 'Pending words.'")
        db.execute("UPDATE comments SET mode = 4 WHERE text = 'Deleted words.'")
        addresses = {row[0] for row in db.execute("SELECT remote_addr FROM comments")}
    site = rebuild()
    page = site.text(f"{ARTICLE}index.html")
    assert "Published words." in page
    assert "Pending words." not in page
    assert "Deleted words." not in page
    assert "secret@example.org" not in page
    assert not any(address and address in page for address in addresses)
    html = site.html(f"{ARTICLE}index.html")
    assert count_figure(html.select_one(".post-header .count-comments")) == 1


@pytest.mark.server
def test_newest_first_order(live):
    _origin, isso, rebuild = live
    for text in ("Older comment.", "Newer comment."):
        assert isso.post(URI, text=text)[0] == 201
    oldest = rebuild().html(f"{ARTICLE}index.html").select(".comment-text")
    newest = rebuild(FUKATSOFT_COMMENTS_ORDER="newest").html(f"{ARTICLE}index.html")
    assert [c.get_text(strip=True) for c in oldest] == [
        "Older comment.",
        "Newer comment.",
    ]
    assert [c.get_text(strip=True) for c in newest.select(".comment-text")] == [
        "Newer comment.",
        "Older comment.",
    ]


@pytest.fixture
def isso_db(tmp_path):
    """A real Isso database with one published comment (made by Isso itself)."""
    isso = IssoServer(tmp_path, "http://127.0.0.1")
    assert isso.post(URI, text="Kept safe.")[0] == 201
    isso.stop()
    return isso.db


def test_missing_database_warns_and_build_goes_on(build, tmp_path):
    site = build(FUKATSOFT_ISSO_DB=str(tmp_path / "nowhere.db"))
    (warning,) = site.messages()
    assert "nowhere.db: cannot use Isso database (No such file or directory)" in warning
    assert site.html(f"{ARTICLE}index.html").select_one(".comments h2")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("loop.db", "Too many levels of symbolic links"),
        ("x" * 300, "File name too long"),
    ],
)
def test_a_database_path_that_is_no_file_warns(build, tmp_path, name, reason):
    # A symbolic link to itself and a name over 255 bytes used to stop the
    # build with a traceback.
    path = tmp_path / name
    if name == "loop.db":
        path.symlink_to(path)
    site = build(FUKATSOFT_ISSO_DB=str(path))
    assert site.messages() == [
        f"pelican-fukatsoft: {path}: cannot use Isso database ({reason}); "
        "building without comments"
    ]


def test_corrupt_database_warns(build, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    site = build(FUKATSOFT_ISSO_DB=str(broken))
    (warning,) = site.messages()
    assert "broken.db: cannot read Isso database" in warning


@pytest.mark.server
def test_newer_schema_warns(build, isso_db):
    with sqlite3.connect(isso_db) as db:
        db.execute("PRAGMA user_version = 99")
    site = build(FUKATSOFT_ISSO_DB=str(isso_db))
    (warning,) = site.messages()
    assert "schema 99 is newer than the 5" in warning
    assert "Kept safe." not in site.text(f"{ARTICLE}index.html")


@pytest.mark.server
def test_locked_database_warns(build, isso_db):
    holder = sqlite3.connect(isso_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        site = build(FUKATSOFT_ISSO_DB=str(isso_db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    (warning,) = site.messages()
    assert "database is locked" in warning


@pytest.mark.server
def test_database_is_only_read(build, isso_db):
    before = isso_db.read_bytes()
    site = build(FUKATSOFT_ISSO_DB=str(isso_db))
    assert "Kept safe." in site.text(f"{ARTICLE}index.html")
    assert isso_db.read_bytes() == before
    assert site.messages() == []


@pytest.mark.browser
def test_the_longest_timeout_works_in_the_page_and_a_longer_one_stops(build, browser):
    """10**100 seconds once passed the check; the page's AbortSignal.timeout()
    then threw and the form never sent."""
    with pytest.raises(SystemExit, match="FUKATSOFT_ISSO_TIMEOUT must be") as stopped:
        build(FUKATSOFT_ISSO_URL="http://127.0.0.1:9", FUKATSOFT_ISSO_TIMEOUT=10**100)
    assert "\n" not in str(stopped.value)
    site = build(
        FUKATSOFT_ISSO_URL="http://127.0.0.1:9", FUKATSOFT_ISSO_TIMEOUT=MAX_TIMEOUT
    )
    delay = int(
        site.html(f"{ARTICLE}index.html").select_one("[data-timeout]")["data-timeout"]
    )
    # The longest wait a browser timer holds (2**31 - 1 ms) ...
    assert delay <= 2**31 - 1
    # ... and the form's signal takes it.
    page = browser.new_page()
    try:
        made = page.evaluate(
            "(delay) => { try { AbortSignal.timeout(delay); return 'made'; }"
            " catch (error) { return String(error); } }",
            delay,
        )
    finally:
        page.close()
    assert made == "made"


def test_open_comments_show_a_count_without_a_baseline_or_database(build):
    site = build(FUKATSOFT_ISSO_URL="http://127.0.0.1:9")
    page = site.html("blog/accessible-forms-checklist/index.html")  # no Comments:
    count = page.select_one(".post-header .count-comments")
    assert count["data-fukatsoft-comments"] == "0"
    assert "data-baseline" not in count.attrs  # the count itself: 0
    closed = build(FUKATSOFT_ISSO_URL=None)
    page = closed.html("blog/accessible-forms-checklist/index.html")
    assert not page.select(".post-header .count-comments")


def test_without_comments_or_server_there_is_no_comment_section(build):
    site = build(FUKATSOFT_ISSO_URL=None)
    assert not site.html(f"{ARTICLE}index.html").select("section.comments")
    assert not site.html("index.html").select("script[src]")


@pytest.mark.server
def test_comments_without_server_show_and_say_closed(build, isso_db):
    site = build(FUKATSOFT_ISSO_URL=None, FUKATSOFT_ISSO_DB=str(isso_db))
    section = site.html(f"{ARTICLE}index.html").select_one("section.comments")
    assert "Kept safe." in section.get_text()
    assert "closed" in section.get_text()
    assert not section.select("form")


def _insert(db, comment_id, *, parent=None, created=1.7e9, author="Reader", tid=1):
    db.execute(
        "INSERT INTO comments (tid, id, parent, created, modified, mode,"
        " remote_addr, text, author, email, website, likes, dislikes, voters,"
        " notification) VALUES (?, ?, ?, ?, NULL, 1, '127.0.0.0', ?, ?, NULL,"
        " NULL, 0, 0, x'', 0)",
        (tid, comment_id, parent, created, f"Comment {comment_id}.", author),
    )


@pytest.mark.server
def test_any_value_in_isso_rows_warns_and_keeps_the_comment(build, isso_db):
    """Odd values a hand-edited or older database can hold: one warning
    each, naming file and comment, and every comment still shown."""
    with sqlite3.connect(isso_db) as db:
        (tid,) = db.execute("SELECT id FROM threads").fetchone()
        for comment_id, created in [
            (101, 1e20),
            (102, -1e12),
            (103, float("inf")),
            (104, "yesterday"),
            (105, b"\x00"),
        ]:
            _insert(db, comment_id, created=created, tid=tid)
        _insert(db, 106, author=b"\xff\xfeblob", tid=tid)
        db.execute("INSERT INTO threads (id, uri, title) VALUES (99, NULL, 'x')")
        _insert(db, 107, tid=99)
    site = build(FUKATSOFT_ISSO_DB=str(isso_db))
    warnings = site.messages()
    for comment_id in (101, 102, 103, 104, 105):
        assert any(
            f"comments.db: comment {comment_id}: created" in w for w in warnings
        ), comment_id
    assert any("comment 106: author is bytes, not text" in w for w in warnings)
    assert any("comment 107: thread uri None is not a path" in w for w in warnings)
    assert len(warnings) == 7
    page = site.html(f"{ARTICLE}index.html")
    shown = page.select(".comments [data-comment-list] > .comment")
    assert len(shown) == 7  # Isso's own and 101 to 106
    undated = [c for c in shown if not c.find("time")]
    assert len(undated) == 5
    count = page.select_one(".post-header .count-comments")
    assert count_figure(count) == 7


@pytest.mark.server
def test_reply_chains_of_any_depth_are_counted_and_shown_flat(build, isso_db):
    with sqlite3.connect(isso_db) as db:
        (tid,) = db.execute("SELECT id FROM threads").fetchone()
        (root,) = db.execute("SELECT id FROM comments").fetchone()
        parent = root
        for comment_id in range(200, 800):  # 600 replies, each to the last
            _insert(db, comment_id, parent=parent, created=1.7e9 + comment_id, tid=tid)
            parent = comment_id
        # A loop a broken database could hold: each the other's parent.
        _insert(db, 900, parent=901, tid=tid)
        _insert(db, 901, parent=900, tid=tid)
    site = build(FUKATSOFT_ISSO_DB=str(isso_db))
    assert site.messages() == []
    page = site.html(f"{ARTICLE}index.html")
    top = page.select(".comments [data-comment-list] > .comment")
    assert sorted(c["data-comment-id"] for c in top) == [str(root), "900"]
    (first,) = (c for c in top if c["data-comment-id"] == str(root))
    replies = first.select(":scope > .comment-list > .comment")
    assert len(replies) == 600
    assert [r["data-comment-id"] for r in replies[:2]] == ["200", "201"]
    # As Isso's /count says: every published comment, replies included.
    count = page.select_one(".post-header .count-comments")
    assert count_figure(count) == 603


ANY_SQLITE_VALUE = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=20),
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([URI, OTHER_URI, None, 7]),  # threads.uri
            st.integers(1, 40),  # parent
            ANY_SQLITE_VALUE,  # created
            ANY_SQLITE_VALUE,  # text
            ANY_SQLITE_VALUE,  # author
            ANY_SQLITE_VALUE,  # website
        ),
        max_size=40,
    )
)
def test_property_every_published_row_is_shown_once(rows):
    from pelican_fukatsoft.comments import _threads

    numbered = [
        (uri, number, parent, created, text, author, website)
        for number, (uri, parent, created, text, author, website) in enumerate(
            rows, start=1
        )
    ]
    settings = {
        "TIMEZONE": "Asia/Karachi",
        "FUKATSOFT_STRICT": False,
        "FUKATSOFT_COMMENTS_ORDER": "oldest",
        "FUKATSOFT_ISSO_CONFIG": None,
    }
    threads = _threads(numbered, settings, "", "comments.db")
    shown = [
        comment.id
        for thread in threads.values()
        for top in thread
        for comment in [top, *top.replies]
    ]
    assert len(shown) == len(set(shown))
    # Only a comment whose thread has no path cannot be placed on a page;
    # its replies go with it.
    by_id = {row[1]: row for row in numbered}
    for uri, number, *_ in numbered:
        if isinstance(uri, str):
            assert number in shown or any(
                not isinstance(by_id[a][0], str) for a in _ancestors(number, by_id)
            )
    for comment in (c for t in threads.values() for c in t):
        assert not any(reply.replies for reply in comment.replies)
        assert comment.website == "" or comment.website.startswith("http")


def _ancestors(number, by_id):
    seen = []
    parent = by_id[number][2]
    while parent in by_id and parent not in seen and parent != number:
        seen.append(parent)
        parent = by_id[parent][2]
    return seen


@pytest.mark.browser
def test_a_long_thread_renders_a_page_and_loads_the_rest(browser, live):
    origin, isso, rebuild = live
    isso.post(URI, text="Creates the thread.")
    with sqlite3.connect(isso.db) as db:
        (tid,) = db.execute("SELECT id FROM threads").fetchone()
        for comment_id in range(1000, 11000):  # 10,000 more, as a busy thread has
            _insert(db, comment_id, created=1.7e9 + comment_id, tid=tid)
    site = rebuild()
    page_file = site.output / ARTICLE / "index.html"
    assert page_file.stat().st_size < 300_000
    html = site.html(f"{ARTICLE}index.html")
    assert len(html.select(".comments [data-comment-list] > .comment")) == 50
    # The counts stay exact.
    count = html.select_one(".post-header .count-comments")
    assert count_figure(count) == 10001
    assert html.select_one("#comments-heading").get_text() == "10,001 comments"

    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    more = page.locator("[data-more-comments]")
    assert more.inner_text() == "Show 9,951 more comments"
    more.click()
    thread = page.locator(".comments [data-comment-list] > .comment")
    (
        page.wait_for_function(
            "document.querySelectorAll('.comments [data-comment-list] > .comment')"
            ".length === 10001",
            timeout=60_000,
        ),
        problems,
    )
    # In the thread's order: the first comment, posted now, comes last.
    assert thread.last.locator(".comment-text").inner_text() == "Creates the thread."
    ids = [top for top, _replies in thread_ids(page)]
    assert ids[:-1] == list(range(1000, 11000))
    assert page.locator("[data-more-comments]").count() == 0
    assert problems == []
    page.close()


# Comment text, rendered as Isso renders it (pelican_fukatsoft/isso_markup.py):
# one rendering live and after the rebuild, bounded in time, never a traceback.

RENDERED_URI = "/post.html"  # the small site's one article


def small_site_with_comments(
    tmp_path, texts, isso_sections="", site_origin="http://127.0.0.1", **settings
):
    """A one-article site whose Isso (with *isso_sections* in its
    configuration, accepting comments from *site_origin*) holds *texts* as
    published comments, posted through Isso itself. Returns (settings file,
    Isso, comment ids); Isso is left running for its own rendering
    (``GET /?uri=``)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text("Title: Post\nDate: 2024-01-01\n\nThe article.\n")
    isso = IssoServer(
        tmp_path, site_origin, guard="[guard]\nenabled = false\n" + isso_sections
    )
    ids = []
    for text in texts:
        status, body = isso.post(RENDERED_URI, text=text)
        assert status == 201, body
        ids.append(body["id"])
    conf = small_site_settings(
        tmp_path,
        FUKATSOFT_ISSO_DB=str(isso.db),
        FUKATSOFT_COMMENTS_LIMIT=None,
        **settings,
    )
    return conf, isso, ids


def isso_rendering(isso):
    """{comment id: the HTML Isso serves for it}; Isso is stopped then (the
    build reads its database)."""
    try:
        with urllib.request.urlopen(
            f"{isso.url}/?uri={urllib.parse.quote(RENDERED_URI)}", timeout=10
        ) as response:
            thread = json.loads(response.read())
    finally:
        isso.stop()
    return {
        comment["id"]: comment["text"]
        for top in thread["replies"]
        for comment in (top, *top.get("replies", []))
    }


def built_rendering(site):
    page = site.html("post.html")
    return {
        int(element["data-comment-id"]): element.select_one(
            ".comment-text"
        ).decode_contents()
        for element in page.select(".comments .comment[data-comment-id]")
    }


def block_structure(fragment):
    """What a reader sees of *fragment* once nh3 has cleaned it as the build
    does: elements (with their href) and text, white space collapsed."""
    clean = isso_markup.clean(
        fragment, isso_markup.ISSO_DEFAULTS, comments.COMMENT_LINK_REL
    )

    def walk(node):
        if isinstance(node, str):
            text = " ".join(node.split())
            return [text] if text else []
        attributes = {"href": node["href"]} if node.get("href") else {}
        return [(node.name, attributes, [c for child in node for c in walk(child)])]

    return [
        item for child in BeautifulSoup(clean, "html.parser") for item in walk(child)
    ]


ISSUE_27_COMMENTS = {
    "First line\nsecond line": "a single line break is kept",
    "Gone: ~~struck~~ text": "strike-through",
    "Typed <b>bold</b> here": "typed HTML shown as text",
    "Typed <script>window.__xss = 1</script> here": "typed script shown as text",
}
# Issue 31: each of these stopped or slowed every build under Python-Markdown.
NESTED_MARKERS = "- " * 500 + "x"  # RecursionError: no site at all
BRACKETS = "[" * 64_000  # quadratic: 9 min 34 s on every build
EMPHASIS_BOMB = "*" * 200 + "a*" * 200  # quadratic in mistune 3.4


def test_comments_render_as_isso_serves_them_and_no_comment_stops_the_build(
    build, tmp_path
):
    texts = [*ISSUE_27_COMMENTS, NESTED_MARKERS, BRACKETS, EMPHASIS_BOMB]
    conf, isso, ids = small_site_with_comments(tmp_path, texts)
    served = isso_rendering(isso)
    site = build(settings_file=conf)
    built = built_rendering(site)
    by_text = dict(zip(texts, ids, strict=True))

    # Issue 27's examples, as Isso serves them.
    for text, what in ISSUE_27_COMMENTS.items():
        comment_id = by_text[text]
        assert block_structure(built[comment_id]) == block_structure(
            served[comment_id]
        ), what
    first = BeautifulSoup(built[by_text["First line\nsecond line"]], "html.parser")
    assert first.p.find("br")
    assert first.p.get_text() == "First line\nsecond line"
    struck = BeautifulSoup(built[by_text["Gone: ~~struck~~ text"]], "html.parser")
    assert struck.find("del").get_text() == "struck"
    for text in (
        "Typed <b>bold</b> here",
        "Typed <script>window.__xss = 1</script> here",
    ):
        shown = BeautifulSoup(built[by_text[text]], "html.parser")
        assert not shown.find(["b", "script"])
        assert shown.get_text() == text

    # Nested list markers render (mistune stops nesting at its limit), as
    # Isso serves them; the 64,000 brackets are text.
    for text in (NESTED_MARKERS, BRACKETS):
        comment_id = by_text[text]
        assert block_structure(built[comment_id]) == block_structure(served[comment_id])
    assert BeautifulSoup(built[by_text[BRACKETS]], "html.parser").get_text() == BRACKETS

    # Beyond the bound on emphasis marks: shown as typed, one warning.
    bomb_id = by_text[EMPHASIS_BOMB]
    assert site.messages() == [
        f"pelican-fukatsoft: {isso.db}: comment {bomb_id}: text has a paragraph "
        "with 400 emphasis marks (* or _), more than the 128 rendered as "
        "Markdown; shown as text"
    ]
    assert built[bomb_id] == f"<p>{EMPHASIS_BOMB}</p>"


def test_a_comment_over_isso_maximum_is_shown_as_text(build, tmp_path):
    conf, isso, (comment_id,) = small_site_with_comments(tmp_path, ["Short."])
    isso.stop()
    # Isso refuses more than 65,535 characters; a database written
    # otherwise (an import, a hand edit) may hold them.
    text = "**Long** <i>comment</i>\n\n" + "w " * 40_000
    with sqlite3.connect(isso.db) as db:
        db.execute("UPDATE comments SET text = ? WHERE id = ?", (text, comment_id))
    site = build(settings_file=conf)
    assert site.messages() == [
        f"pelican-fukatsoft: {isso.db}: comment {comment_id}: text is 80,025 "
        "characters long, more than the 65,535 rendered as Markdown; shown as text"
    ]
    shown = BeautifulSoup(built_rendering(site)[comment_id], "html.parser")
    assert [p.get_text() for p in shown.find_all("p")] == [
        "**Long** <i>comment</i>",
        text.split("\n\n")[1].strip(),
    ]


def test_rendered_comments_are_remembered_across_builds(build, tmp_path, monkeypatch):
    conf, isso, (bomb_id, _) = small_site_with_comments(
        tmp_path, [EMPHASIS_BOMB, "A *plain* comment."]
    )
    isso.stop()
    calls = []
    render = isso_markup.render
    counted = functools.wraps(render)(
        lambda text, *args: calls.append(text) or render(text, *args)
    )
    monkeypatch.setattr(isso_markup, "render", counted)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build(settings_file=conf, **cached)
    assert sorted(calls) == sorted([EMPHASIS_BOMB, "A *plain* comment."])
    calls.clear()
    second = build(settings_file=conf, **cached)
    assert calls == []
    assert built_rendering(second) == built_rendering(first)
    # The warning is the comment's, not the render's: said on every build.
    assert [f"comment {bomb_id}: text has" in m for m in second.messages()] == [True]


def operations(function, *args):
    """How many Python and C function calls *function* makes: a measure of
    its work that does not depend on the machine or its load."""
    count = 0

    def counter(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(counter)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "- " * n + "x",
        lambda n: "[" * n,
        lambda n: ">" * n,
        lambda n: "> " * n + "x",
        lambda n: "*" * n,
        lambda n: "`" * n,
        lambda n: "*a " * (n // 3) + "a* " * (n // 3),
        lambda n: "*" * (n // 2) + "a*" * (n // 2),
        lambda n: "_a " * (n // 3) + "a_ " * (n // 3),
        lambda n: "[a](" * (n // 4),
        lambda n: "~~a " * (n // 4) + "a~~ " * (n // 4),
        lambda n: "".join("  " * i + "- x\n" for i in range(int(n**0.5))),
        lambda n: "".join(">" * i + " x\n" for i in range(int(n**0.5))),
    ],
    ids=[
        "list markers",
        "brackets",
        "quote marks",
        "nested quotes",
        "stars",
        "backticks",
        "nested emphasis",
        "star run",
        "nested underscores",
        "open links",
        "nested strike-through",
        "deep indented list",
        "deep quotes",
    ],
)
def test_rendering_work_grows_linearly_with_the_text(make):
    small, large = make(2_000), make(8_000)
    rules = isso_markup.ISSO_DEFAULTS
    work = [
        operations(isso_markup.render, text, rules, comments.COMMENT_LINK_REL)
        for text in (small, large)
    ]
    # Four times the text: four times the work, give or take; a quadratic
    # renderer does sixteen times (Python-Markdown did on brackets).
    assert work[1] <= 5 * work[0] * len(large) / (4 * len(small)), work


# Hypothesis: Markdown of the kinds commenters write, pieced together.
INLINE_PIECES = st.sampled_from(
    [
        "word", "two words", "*em*", "**strong**", "_em_", "~~struck~~",
        "`code`", "[link](https://example.org/a?b=1&c=2)", "<https://example.org/>",
        "<b>typed</b>", "<script>x()</script>", "H~2~O", "x^2^", "&amp;", "a & b",
        "1 < 2", "\\*not em\\*", "[ref]", "https://bare.example/", "**", "_", "~",
    ]
)  # fmt: skip
LINE = st.lists(INLINE_PIECES, min_size=1, max_size=5).map(" ".join)
BLOCK = st.one_of(
    st.lists(LINE, min_size=1, max_size=3).map("\n".join),
    LINE.map("# {}".format),
    LINE.map("> {}".format),
    st.lists(LINE, min_size=1, max_size=3).map(
        lambda lines: "\n".join(f"- {line}" for line in lines)
    ),
    st.lists(LINE, min_size=1, max_size=3).map(
        lambda lines: "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    ),
    LINE.map("```\n{}\n```".format),
    LINE.map("    {}".format),
    st.just("---"),
)
MARKDOWN_COMMENT = (
    st.lists(BLOCK, min_size=1, max_size=4)
    .flatmap(
        lambda blocks: st.sampled_from(["\n\n", "\n"]).map(lambda sep: sep.join(blocks))
    )
    .filter(lambda text: len(text.strip()) >= 3)  # Isso's minimum
)


@pytest.mark.browser
@settings(max_examples=4)
@given(st.lists(MARKDOWN_COMMENT, min_size=5, max_size=10))
def test_property_the_build_and_the_script_render_each_comment_as_isso_serves_it(
    build, browser, tmp_path_factory, texts
):
    """Posted to a real Isso after a first build, shown by the page's script
    in Chromium, built again, and each comment compared block by block and
    word by word with what Isso's ``GET /?uri=`` returns."""
    folder = tmp_path_factory.mktemp("rendered")
    output = folder / "output"
    output.mkdir()
    server = StaticServer(output)
    conf, isso, _ = small_site_with_comments(folder, [], site_origin=server.origin)
    try:
        served_by = {"settings_file": conf, "OUTPUT_PATH": str(output)}
        build(**served_by, FUKATSOFT_ISSO_URL=isso.url)
        ids = [isso.post(RENDERED_URI, text=text)[1]["id"] for text in texts]
        page, problems = open_page(
            browser, server.origin, RENDERED_URI[1:], allowed=(isso.url,)
        )
        reach_comments(page)
        shown = page.locator(".comments [data-comment-list] > .comment")
        shown.nth(len(texts) - 1).wait_for()
        live = dict(
            shown.evaluate_all(
                "items => items.map((item) => [Number(item.dataset.commentId),"
                " item.querySelector('.comment-text').innerHTML])"
            )
        )
        assert problems == []
        page.close()
        served = isso_rendering(isso)
        site = build(**served_by, FUKATSOFT_ISSO_URL=isso.url)
    finally:
        server.stop()
    assert site.messages() == []
    built = built_rendering(site)
    for text, comment_id in zip(texts, ids, strict=True):
        expected = block_structure(served[comment_id])
        assert block_structure(built[comment_id]) == expected, text
        assert block_structure(live[comment_id]) == expected, text


def test_the_markup_rules_of_the_sites_isso_are_used(build, tmp_path):
    texts = ["No ~~strike~~ here\nand no break", "==marked== and ~~struck~~"]
    conf, isso, ids = small_site_with_comments(
        tmp_path,
        texts,
        isso_sections="[markup]\nallowed-elements = mark\n"
        "[markup.mistune]\nplugins = mark\nparameters = escape\n",
        FUKATSOFT_ISSO_CONFIG=str(tmp_path / "isso.cfg"),
    )
    served = isso_rendering(isso)
    site = build(settings_file=conf)
    built = built_rendering(site)
    rules = isso_markup.markup_rules(
        {"PATH": str(tmp_path), "FUKATSOFT_ISSO_CONFIG": "isso.cfg"}
    )
    for comment_id in ids:
        assert isso_markup.clean(
            built[comment_id], rules, comments.COMMENT_LINK_REL
        ) == isso_markup.clean(served[comment_id], rules, comments.COMMENT_LINK_REL)
    plain = BeautifulSoup(built[ids[0]], "html.parser")
    assert not plain.find(["del", "br"])
    marked = BeautifulSoup(built[ids[1]], "html.parser")
    assert marked.find("mark").get_text() == "marked"
    assert not marked.find("del")


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (None, "FUKATSOFT_ISSO_CONFIG names a file that cannot be read"),
        ("[markup\n", "FUKATSOFT_ISSO_CONFIG names a file that cannot be read"),
        (
            "[markup]\nrenderer = misaka\n",
            "[markup] renderer = misaka; only mistune (Isso's default) is supported",
        ),
        (
            "[markup.mistune]\nplugins = strikethrough, no_such_plugin\n",
            "[markup.mistune] plugin 'no_such_plugin' is not a mistune plugin",
        ),
        (
            "[markup]\nallowed-elements = script\n",
            "[markup] allowed-elements may not hold script or style",
        ),
    ],
)
def test_an_unusable_isso_config_is_one_line(build, tmp_path, config, said):
    path = tmp_path / "isso.cfg"
    if config is not None:
        path.write_text(config)
    with pytest.raises(SystemExit) as stopped:
        build(FUKATSOFT_ISSO_CONFIG=str(path))
    message = str(stopped.value)
    assert message.startswith("pelican-fukatsoft: FUKATSOFT_ISSO_CONFIG")
    assert said in message
    assert "\n" not in message


def thread_ids(page):
    """The comment ids on the page: [(top-level id, [reply ids]), ...]."""
    return page.eval_on_selector_all(
        ".comments [data-comment-list] > .comment",
        "tops => tops.map((top) => [Number(top.dataset.commentId),"
        " [...top.querySelectorAll(':scope > .comment-list > .comment')]"
        ".map((reply) => Number(reply.dataset.commentId))])",
    )


@pytest.mark.browser
@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_more_comments_merge_in_order_when_many_share_a_second(browser, live, order):
    """Isso's `created` has fractions of a second: with the page's limit
    inside the newest second of the build, comments posted since the build
    come in at load and "Show more" puts the rest in between, in the
    thread's order, each once."""
    origin, isso, rebuild = live
    second = 1.7e9
    with sqlite3.connect(isso.db) as db:
        tid = db.execute(
            "INSERT INTO threads (uri, title) VALUES (?, 'A page')", (URI,)
        ).lastrowid
        for n in range(5):  # whole seconds before
            _insert(db, 100 + n, created=second - 10 + n, tid=tid)
        for n in range(12):  # twelve in the build's newest second
            _insert(db, 200 + n, created=second + 0.05 + n / 16, tid=tid)
        _insert(db, 212, created=second + 0.05 + 11 / 16, tid=tid)  # a tie
        _insert(db, 300, parent=205, created=second + 0.8, tid=tid)
    site = rebuild(FUKATSOFT_COMMENTS_LIMIT=3, FUKATSOFT_COMMENTS_ORDER=order)
    section = site.html(f"{ARTICLE}index.html").select_one("section.comments")
    assert float(section["data-until"]) == second + 0.8  # the newest, in full
    # Posted since the build: a comment, and a reply to one on the page.
    rendered = [int(li["data-comment-id"]) for li in section.select("ol > .comment")]
    status, new = isso.post(URI, text="Posted after the build.")
    assert status == 201
    status, new_reply = isso.post(URI, text="A new reply.", parent=rendered[0])
    assert status == 201
    with sqlite3.connect(isso.db) as db:
        tops = [
            comment_id
            for (comment_id,) in db.execute(
                "SELECT id FROM comments WHERE parent IS NULL ORDER BY created, id"
            )
        ]
    if order == "newest":
        tops.reverse()
    replies = {205: [300], rendered[0]: [new_reply["id"]]}
    expected = [[top, replies.get(top, [])] for top in tops]

    page, problems = open_page(browser, origin, ARTICLE, allowed=(isso.url,))
    reach_comments(page)
    page.locator(f"#comment-{new['id']}").wait_for()
    page.locator(f"#comment-{new_reply['id']}").wait_for()
    loaded = thread_ids(page)
    assert loaded == [entry for entry in expected if entry[0] in (*rendered, new["id"])]
    page.locator("[data-more-comments]").click()
    page.locator(".more-comments").wait_for(state="detached")
    assert thread_ids(page) == expected
    assert problems == []
    page.close()
