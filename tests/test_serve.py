"""`make serve` as a reader runs it: checks its ports before it touches
anything, waits for Isso, and a second one cannot hurt the first."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from harness import REPO, free_port

pytestmark = pytest.mark.server


def make_serve(site, port, isso_port):
    return subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(REPO),
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


def use_isso_port(site, port):
    config = site / "isso.cfg"
    config.write_text(
        re.sub(
            r"listen = http://127.0.0.1:\d+/",
            f"listen = http://127.0.0.1:{port}/",
            config.read_text(),
        )
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
    use_isso_port(example_copy, isso_port)
    first = make_serve(example_copy, port, isso_port)
    try:
        wait_for(lambda: "</html>" in fetch(f"http://127.0.0.1:{port}/")[1], first)
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


def test_a_new_comment_rebuilds_the_served_site(example_copy):
    port, isso_port = free_port(), free_port()
    use_isso_port(example_copy, isso_port)
    serving = make_serve(example_copy, port, isso_port)
    article = f"http://127.0.0.1:{port}/blog/afghanistan-crisis-us-pakistan-relations/"
    try:
        wait_for(lambda: "</html>" in fetch(article)[1], serving)
        # Pelican starts watching only once a build has ended: a comment
        # posted before that goes unseen, so post again until one is shown.
        for attempt in range(8):
            request = urllib.request.Request(
                f"http://127.0.0.1:{isso_port}/new?uri=/blog/afghanistan-crisis-us-pakistan-relations/",
                data=json.dumps(
                    {"text": f"Rebuilt for comment {attempt}.", "title": "A"}
                ).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 201
            try:
                # No one runs a build: the database changed, Pelican rebuilt.
                wait_for(
                    lambda: "Rebuilt for comment" in fetch(article)[1], serving, 10
                )
                break
            except AssertionError:
                continue
        assert "Rebuilt for comment" in fetch(article)[1]
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
