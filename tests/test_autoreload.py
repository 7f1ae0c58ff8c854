"""`pelican --autoreload`: rebuilds in one process stay clean and follow the data."""

import json
import subprocess
import sys
import time

import pytest
from bs4 import BeautifulSoup
from conftest import count_figure

ARTICLE = "blog/static-sites-for-company-blogs/index.html"
SEED_ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"

pytestmark = pytest.mark.server


def views(output):
    html = BeautifulSoup((output / ARTICLE).read_text(encoding="utf-8"), "html.parser")
    return count_figure(html.select_one(".post-header .count-views"))


def wait_for(condition, *, repeat_change=None, seconds=60):
    """Poll *condition*. `--autoreload` starts watching only once a build has
    finished, so a change made while it still builds goes unseen: make the
    change again every few seconds until the output shows it."""
    deadline = time.monotonic() + seconds
    next_change = time.monotonic() + 3
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except (FileNotFoundError, AttributeError, TypeError):
            pass
        if repeat_change and time.monotonic() >= next_change:
            repeat_change()
            next_change += 3
        time.sleep(0.3)
    return False


def test_autoreload_rebuilds_with_new_counts_and_clean_content(example_copy):
    output = example_copy / "output"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            str(output),
            "--autoreload",
        ],
        cwd=example_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: views(output) == 312 + 58)
        snapshot = example_copy / "content" / "analytics" / "views.json"
        data = json.loads(snapshot.read_text())
        data["/blog/static-sites-for-company-blogs/"] = 1000
        new_snapshot = json.dumps(data)
        snapshot.write_text(new_snapshot)
        assert wait_for(
            lambda: views(output) == 312 + 1000,
            repeat_change=lambda: snapshot.write_text(new_snapshot),
        )
        # Edit the seed article too: its watermark stays gone on every rebuild.
        source = next((example_copy / "content" / "articles").glob("afghanistan*.html"))
        edited = source.read_text(encoding="utf-8").replace(
            "</body>", "<p>Edited under autoreload.</p>\n</body>"
        )
        source.write_text(edited, encoding="utf-8")
        assert wait_for(
            lambda: "Edited under autoreload." in (output / SEED_ARTICLE).read_text(),
            repeat_change=lambda: source.write_text(edited, encoding="utf-8"),
        )
        page = (output / SEED_ARTICLE).read_text(encoding="utf-8")
        assert "Froala" not in page
        assert page.count("Gone are the days when money came from the US") == 1
    finally:
        process.terminate()
        log, _ = process.communicate(timeout=20)
    assert "Traceback" not in log
    assert "WARNING" not in log
