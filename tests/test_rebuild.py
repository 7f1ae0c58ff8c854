"""The production rebuild: a command that builds only when the comments,
views or profiles changed, tested end to end with a real Isso."""

import contextlib
import fcntl
import sqlite3
import subprocess
import sys
from pathlib import Path

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


def run_rebuild(folder, *extra):
    return subprocess.run(
        [sys.executable, "-m", "pelican_fukatsoft.rebuild", *extra],
        check=False,
        capture_output=True,
        text=True,
        cwd=folder,
    )


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ("FUKATSOFT_VIEWS_FILE = 5", "FUKATSOFT_VIEWS_FILE must be"),
        ("FUKATSOFT_VIEWS_FILE = [None]", "FUKATSOFT_VIEWS_FILE must be"),
        ("FUKATSOFT_ISSO_DB = 5", "FUKATSOFT_ISSO_DB must be"),
        ("FUKATSOFT_AUTHORS_FILE = ['authors.json']", "FUKATSOFT_AUTHORS_FILE must be"),
        ("FUKATSOFT_LOCALE = ['en']", "FUKATSOFT_LOCALE must be"),
        ("CACHE_PATH = 'pelicanconf.py'", "CACHE_PATH"),
        ("raise RuntimeError('a broken settings file')", "a broken settings file"),
    ],
)
def test_a_bad_setting_is_one_line_and_a_failed_exit(example_copy, settings, said):
    (example_copy / "production.py").write_text(
        f"from pelicanconf import *\n{settings}\n"
    )
    ran = run_rebuild(example_copy, "-s", "production.py")
    assert ran.returncode != 0
    (line,) = ran.stderr.splitlines()
    assert line.startswith("pelican-fukatsoft")
    assert said in line
    assert not (example_copy / "output").exists()


def test_a_missing_settings_file_is_one_line(tmp_path):
    for extra in [(), ("-s", "publishconf.py")]:  # no pelicanconf.py here
        ran = run_rebuild(tmp_path, *extra)
        assert ran.returncode != 0
        (line,) = ran.stderr.splitlines()
        assert "not found" in line


def test_a_data_file_that_is_a_symlink_loop_is_no_traceback(example_copy):
    """The build warns about such a views file and goes on; the command,
    which watches it, must not fail resolving it."""
    loop = example_copy / "content" / "analytics" / "loop.json"
    loop.symlink_to(loop)
    with (example_copy / "pelicanconf.py").open("a") as conf:
        conf.write("\nFUKATSOFT_VIEWS_FILE = 'analytics/loop.json'\n")
    ran = run_rebuild(example_copy)
    assert "Traceback" not in ran.stderr
    assert ran.returncode == 0, ran.stderr
    assert "rebuilt" in ran.stdout


def test_a_stamp_that_is_not_an_object_means_build(example_copy):
    cache = example_copy / "cache"
    cache.mkdir()
    (cache / "fukatsoft-data.json").write_text("[1, 2]")
    ran = run_rebuild(example_copy)
    assert ran.returncode == 0, ran.stderr
    assert "rebuilt" in ran.stdout
    assert "nothing to do" in run_rebuild(example_copy).stdout


@pytest.mark.server
def test_reading_a_wal_database_is_no_change(example_copy, tmp_path):
    """The build's read-only reader leaves an empty -wal and a -shm beside a
    WAL-mode database; only what Isso writes is a change."""
    isso = IssoServer(tmp_path, "http://127.0.0.1")
    try:
        assert isso.post(URI, text="Written before WAL.")[0] == 201
    finally:
        isso.stop()
    with contextlib.closing(sqlite3.connect(isso.db)) as db:
        assert db.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    assert not Path(f"{isso.db}-wal").exists()
    settings_file = example_copy / "production.py"
    settings_file.write_text(
        f"from pelicanconf import *\nFUKATSOFT_ISSO_DB = {str(isso.db)!r}\n"
    )
    assert "rebuilt" in rebuild(settings_file)
    assert Path(f"{isso.db}-wal").exists()  # left by the build's reader
    assert "nothing to do" in rebuild(settings_file)
    # A write that is still only in the WAL (the writer holds it open).
    writer = sqlite3.connect(isso.db)
    try:
        writer.execute("UPDATE comments SET text = 'Changed in the WAL.'")
        writer.commit()
        said = rebuild(settings_file)
        assert "comments.db-wal" in said
        assert "Changed in the WAL." in (example_copy / "output" / ARTICLE).read_text()
        assert "nothing to do" in rebuild(settings_file)
    finally:
        writer.close()


def test_a_second_run_waits_for_the_first(example_copy):
    """Two runs started while a third holds the lock: both wait, then one
    builds and the other finds nothing to do; neither breaks the other."""
    cache = example_copy / "cache"
    cache.mkdir()
    with open(cache / "fukatsoft-rebuild.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "pelican_fukatsoft.rebuild"],
                cwd=example_copy,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        # Each says it waits before it blocks on the lock.
        for run in runs:
            assert "waiting for it" in run.stdout.readline()
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    said = sorted(out.splitlines()[-1] for out, _ in outputs)
    assert "nothing to do" in said[0]
    assert "rebuilt" in said[1]
    assert all("Traceback" not in errors for _, errors in outputs)
    page = (example_copy / "output" / "index.html").read_text()
    assert page.rstrip().endswith("</html>")


def test_publish_swaps_the_whole_site_in_at_once(example_copy, tmp_path):
    """With --publish, a reader polling the served folder through a rebuild
    always finds the whole page: the old site, then the new one."""
    link = tmp_path / "www" / "blog"
    link.parent.mkdir()
    assert "rebuilt" in rebuild(example_copy / "pelicanconf.py", "--publish", str(link))
    first = link.resolve()
    page = link / "blog" / "afghanistan-crisis-us-pakistan-relations" / "index.html"
    assert page.read_text().rstrip().endswith("</html>")
    again = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pelican_fukatsoft.rebuild",
            "--force",
            "--publish",
            str(link),
        ],
        cwd=example_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads = 0
    while again.poll() is None:
        assert page.read_text().rstrip().endswith("</html>")
        reads += 1
    out, errors = again.communicate()
    assert again.returncode == 0, errors
    assert "rebuilt (forced)" in out
    assert reads > 0
    assert link.resolve() != first
    assert page.read_text().rstrip().endswith("</html>")
    # The build before is kept for requests that began on it; no more.
    assert sorted(p.name for p in link.parent.glob("blog.builds/*")) == sorted(
        [first.name, link.resolve().name]
    )
    # A folder where the link should be is left alone, with one line.
    folder = tmp_path / "www" / "plain"
    folder.mkdir()
    ran = run_rebuild(example_copy, "--force", "--publish", str(folder))
    assert ran.returncode != 0
    (line,) = ran.stderr.splitlines()
    assert "is a folder, not a symbolic link" in line
