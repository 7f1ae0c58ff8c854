"""The production rebuild: a command that builds only when the comments,
views or profiles changed, tested end to end with a real Isso."""

import subprocess
import sys

import pytest
from harness import IssoServer

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
URI = "/blog/afghanistan-crisis-us-pakistan-relations/"


def rebuild(settings_file, *extra):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican_fukatsoft.rebuild",
            "-s",
            str(settings_file),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings_file.parent,
    ).stdout


@pytest.mark.server
def test_builds_only_when_the_data_changed(example_copy, tmp_path):
    isso = IssoServer(tmp_path, "http://127.0.0.1")
    try:
        settings_file = example_copy / "production.py"
        output = tmp_path / "public"
        settings_file.write_text(
            "from pelicanconf import *\n"
            f"FUKATSOFT_ISSO_DB = {str(isso.db)!r}\n"
            f"OUTPUT_PATH = {str(output)!r}\n"
            f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        )
        assert isso.post(URI, text="The first comment.")[0] == 201
        assert "rebuilt" in rebuild(settings_file)
        page = output / ARTICLE
        assert "The first comment." in page.read_text()
        built = page.stat().st_mtime_ns

        assert "nothing to do" in rebuild(settings_file)
        assert page.stat().st_mtime_ns == built

        assert isso.post(URI, text="A comment after the build.")[0] == 201
        said = rebuild(settings_file)
        assert "rebuilt" in said
        assert "comments.db" in said
        assert "A comment after the build." in page.read_text()
        # Nothing about it in what gets published.
        assert not list(output.rglob("fukatsoft-data.json"))
        assert "rebuilt (forced)" in rebuild(settings_file, "--force")
    finally:
        isso.stop()


def test_a_views_snapshot_change_counts_too(example_copy):
    settings_file = example_copy / "pelicanconf.py"
    (example_copy / "cache").mkdir()
    rebuild(settings_file)
    assert "nothing to do" in rebuild(settings_file)
    views = example_copy / "content" / "analytics" / "views.json"
    views.write_text(views.read_text().replace("}", ', "/extra/": 1}', 1))
    said = rebuild(settings_file)
    assert "views.json" in said
    assert (example_copy / "output" / "index.html").is_file()
