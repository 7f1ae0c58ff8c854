"""Opt-in live view counts from GoatCounter's public counter endpoint.

GoatCounter is a SaaS that cannot run here: its answers are the recorded
response in ``fixtures/goatcounter-counter.json`` (the documented format,
``{"count": "1 234"}``), served through Playwright's request routing.
"""

import pytest
from conftest import EXAMPLE_SITE, REPO, open_page
from harness import StaticServer, run_pelican

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"
COUNTER = "https://fukatsoft-demo.goatcounter.com/counter/"
RECORDED = (REPO / "tests" / "fixtures" / "goatcounter-counter.json").read_text()

# The site is built once (a module fixture): its tests share one xdist worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("live_views")]


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    output = run_pelican(
        EXAMPLE_SITE / "pelicanconf.py",
        tmp_path_factory.mktemp("goatcounter") / "output",
        FUKATSOFT_ISSO_URL=None,
        FUKATSOFT_GOATCOUNTER="fukatsoft-demo",
    )
    server = StaticServer(output)
    yield server.origin
    server.stop()


def open_with_counter(browser, origin, answer):
    """Open the article with GoatCounter answered by *answer(route)*."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested = []

    def handle(route):
        requested.append(route.request.url)
        answer(route)

    context.route(f"{COUNTER}**", handle)
    page = context.new_page()
    # Waiting for the counter's request and its answer (a response or a
    # failure), not for a quiet network: a busy machine can look quiet
    # between the page's load and the script's request.
    with page.expect_request(
        lambda request: request.url.startswith(COUNTER)
    ) as counter:
        page.goto(f"{origin}/{ARTICLE}")
    counter.value.response()
    page.wait_for_load_state("networkidle")
    return page, requested


def byline_views(page):
    count = page.locator(".post-header .count-views")
    return (
        count.locator(".count-value").inner_text(),
        count.locator(".visually-hidden").inner_text(),
        count.get_attribute("title"),
    )


def test_live_count_adds_to_the_migrated_baseline(browser, origin):
    page, requested = open_with_counter(
        browser,
        origin,
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=RECORDED
        ),
    )
    assert f"{COUNTER}%2Fblog%2Fafghanistan-crisis-us-pakistan-relations%2F.json" in (
        requested
    )
    # 45 from the old CMS + "1 234" from GoatCounter.
    assert byline_views(page) == ("1.3K", "1,279 views", "1,279 views")
    page.context.close()


@pytest.mark.parametrize(
    "answer",
    [
        lambda route: route.fulfill(status=404, body="not found"),
        lambda route: route.fulfill(status=403, body="counter disabled"),
        lambda route: route.abort("blockedbyclient"),  # an ad blocker
        lambda route: route.abort("connectionrefused"),
        lambda route: route.fulfill(status=200, body="<html>not json</html>"),
        lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"count": "n/a"}'
        ),
    ],
    ids=["404", "403", "blocked", "offline", "not-json", "not-a-number"],
)
def test_failures_keep_the_build_time_number_without_layout_shift(
    browser, origin, answer
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(f"{COUNTER}**", lambda route: route.abort())
    page.goto(f"{origin}/{ARTICLE}")
    box = page.locator(".post-header").bounding_box()
    context.close()

    page, requested = open_with_counter(browser, origin, answer)
    assert requested
    assert byline_views(page) == ("45", "45 views", "45 views")
    assert page.locator(".post-header").bounding_box() == box
    page.context.close()


def test_no_request_unless_opted_in(browser, example_site):
    server = StaticServer(example_site.output)
    try:
        page, problems = open_page(browser, server.origin, ARTICLE)
        page.wait_for_load_state("networkidle")
        assert problems == []
        assert page.locator("script[src]").count() == 0
    finally:
        page.close()
        server.stop()
