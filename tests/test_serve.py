"""`make serve` as a reader runs it: checks its ports before it touches
anything, waits for Isso, and a second one cannot hurt the first."""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from conftest import open_page, reach_comments
from harness import REPO, free_port

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/"

# Each test runs `make serve` (builds, Isso, a watcher): one worker runs them
# one after another rather than four at once beside the browser tests.
pytestmark = [pytest.mark.server, pytest.mark.xdist_group("serve")]


def make_serve(site, port, isso_port, checkout=REPO):
    return subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(checkout),
            "serve",
            f"SITE={site}",
            f"PORT={port}",
            f"ISSO_PORT={isso_port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: make, Isso, Pelican
    )


def test_a_busy_port_stops_serve_before_it_touches_anything(example_copy):
    marker = example_copy / "output" / "index.html"
    marker.parent.mkdir()
    marker.write_text("the running site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = make_serve(example_copy, port, free_port())
        _, errors = process.communicate(timeout=120)
    assert process.returncode != 0
    assert f"127.0.0.1:{port} is already in use" in errors
    assert marker.read_text() == "the running site"
    assert not (example_copy / "var" / "isso.log").exists()


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_a_second_serve_leaves_the_first_serving(example_copy, tmp_path):
    port, isso_port = free_port(), free_port()
    first = make_serve(example_copy, port, isso_port)
    try:
        wait_until_served(port, isso_port, first)
        second = make_serve(example_copy, port, isso_port)
        _, errors = second.communicate(timeout=120)
        assert second.returncode != 0
        assert f"127.0.0.1:{port} is already in use" in errors
        assert f"127.0.0.1:{isso_port} is already in use" in errors
        # The first still serves the whole site, and its Isso still answers.
        article = "blog/afghanistan-crisis-us-pakistan-relations/"
        status, body = fetch(f"http://127.0.0.1:{port}/{article}")
        assert status == 200
        assert "Bokhari" in body
        request = urllib.request.Request(
            f"http://127.0.0.1:{isso_port}/count",
            data=b'["/x/"]',
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.read() == b"[0]"
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.communicate(timeout=30)


def test_serve_says_so_when_isso_does_not_start(example_copy):
    # An Isso config it cannot use: Isso exits, serve waits, then says where
    # to look, and stops.
    (example_copy / "isso.cfg").write_text(
        "[general]\ndbpath = /nonexistent/dir/c.db\n"
    )
    process = make_serve(example_copy, free_port(), free_port())
    _, errors = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "Isso did not answer" in errors
    assert "isso.log" in errors


def isso_answers(isso_port):
    request = urllib.request.Request(
        f"http://127.0.0.1:{isso_port}/count",
        data=b"[]",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status == 200


def wait_until_served(port, isso_port, process):
    """The site answers first (Isso checks it is there as it starts), then Isso."""
    wait_for(
        lambda: "</html>" in fetch(f"http://127.0.0.1:{port}/{ARTICLE}")[1], process
    )
    wait_for(lambda: isso_answers(isso_port), process)


def post_comment(isso_port, text):
    request = urllib.request.Request(
        f"http://127.0.0.1:{isso_port}/new?uri=/{ARTICLE}",
        data=json.dumps({"text": text, "title": "A"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 201


def test_comments_rebuild_the_site_without_one_failed_request(example_copy):
    port, isso_port = free_port(), free_port()
    serving = make_serve(example_copy, port, isso_port)
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(port, isso_port, serving)
        page = BeautifulSoup(fetch(f"{origin}/{ARTICLE}")[1], "html.parser")
        stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
        urls = [f"{origin}/{ARTICLE}", f"{origin}/{stylesheet.lstrip('/')}", origin]
        failures, answered, stop = [], [], threading.Event()

        def poll():  # every 100 ms, as a reader reloading would
            while not stop.wait(0.1):
                for url in urls:
                    try:
                        answered.append(fetch(url)[0])
                    except (OSError, urllib.error.HTTPError) as error:
                        failures.append(f"{url}: {error}")

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            # Watched from before the first build: one comment is enough
            # for a rebuild, and no one runs a build.
            for number in range(3):
                post_comment(isso_port, f"Comment {number} rebuilds the site.")
                wait_for(
                    lambda n=number: f"Comment {n} rebuilds" in fetch(urls[0])[1],
                    serving,
                    300,
                )
        finally:
            stop.set()
            poller.join()
        assert failures == []
        assert len(answered) > 30
        # Isso found the site up when it started: its log has no warning.
        log = (example_copy / "var" / "isso.log").read_text()
        assert "connected to" in log
        assert "unable to connect" not in log
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.communicate(timeout=30)


@pytest.mark.browser
def test_a_comment_from_localhost_on_any_port(browser, example_copy):
    port, isso_port = free_port(), free_port()
    serving = make_serve(example_copy, port, isso_port)
    origin = f"http://localhost:{port}"
    try:
        wait_until_served(port, isso_port, serving)
        page, problems = open_page(
            browser, origin, ARTICLE, allowed=(f"http://127.0.0.1:{isso_port}",)
        )
        reach_comments(page)
        form = page.locator("form[data-comment-form]")
        form.locator("textarea[name=text]").fill("Posted from localhost.")
        form.locator("button[type=submit]").click()
        status = page.locator("[data-form-status]")
        # Sending… (the button disabled), then what came of it: a failure is
        # shown in the assertion, not waited out.
        page.wait_for_function(
            "(f) => !f.querySelector('button[type=submit]').disabled",
            arg=form.element_handle(),
            timeout=60_000,
        )
        assert "published" in status.inner_text()
        assert problems == []
        page.close()
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.communicate(timeout=30)


def test_serve_in_a_checkout_path_with_a_space(example_copy, tmp_path):
    """The Makefile's paths are quoted: `make serve` once failed at its first
    command in a folder such as "~/My Blogs/pelican-fukatsoft"."""
    checkout = tmp_path / "My Blogs" / "pelican-fukatsoft"
    checkout.mkdir(parents=True)
    # The Makefile and what `serve` reads, with this checkout's installed
    # venvs (the stamps stay newer than pyproject.toml: nothing reinstalls).
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, checkout / name)
    (checkout / "example_site").mkdir()
    for name in ("serve.py", "serve_check.py"):
        shutil.copy2(REPO / "example_site" / name, checkout / "example_site")
    for venv in (".venv", ".venv-isso"):
        (checkout / venv).symlink_to(REPO / venv)
    site = checkout / "site with space"
    shutil.copytree(example_copy, site)
    port, isso_port = free_port(), free_port()
    serving = make_serve(site, port, isso_port, checkout)
    try:
        wait_until_served(port, isso_port, serving)
        assert (site / "var" / "isso.log").is_file()
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.communicate(timeout=30)


def wait_for(condition, process, seconds=120):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OSError:
            pass
        assert process.poll() is None, process.communicate()
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(0.5)
