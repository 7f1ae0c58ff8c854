"""The WordPress import on real exports we did not write (issue 30).

    python benchmarks/wordpress_exports.py --repos DIR [--exports NAME,...] [--browser]
    python benchmarks/wordpress_exports.py --repos DIR --every-importer-file

DIR holds one git directory per repository of the corpus below, named
``owner+name`` (as the search tool's ``fetch`` lays them out:
``DIR/owner+name/repo``), or a clone at ``DIR/owner+name``; each export is
read at its pinned commit. Not part of ``make test``: the exports are
theirs and stay out of this repository.

For each export, in ``benchmarks/work/wordpress/NAME/``:

- ``pelican-fukatsoft-import wordpress`` and then ``pelican content`` run in
  fresh processes: both must exit 0, the build without an ERROR line;
- every published post and page answers at its old permalink; a plain
  permalink (``/?p=12``) is counted apart: the import's redirect map must
  send it to a page that exists;
- each post's comment count on the page and in its JSON-LD equals its
  approved comments, and every approved comment's words are on the page;
- every imported view count shows on its page;
- no Gutenberg block comment and no converted shortcode is left on a page;
- a second import gives the same files and the same database;
- with ``--browser``, no such page scrolls sideways at 360 px in Chromium
  (requests to other hosts blocked: no network here, and embeds are theirs).

With ``--every-importer-file``, instead: every XML file of
WordPress/wordpress-importer's test data (``phpunit/data``,
``e2e/fixtures``) at the pinned commit, malformed ones included, is
imported; each must exit 0, or 1 with one line naming the file, and never
print a traceback.

Prints a Markdown table (benchmarks/README.md keeps it).
"""

import argparse
import contextlib
import hashlib
import html
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "wordpress"
sys.path.insert(0, str(REPO))

from pelican_fukatsoft import wordpress  # noqa: E402

# name: (repository, commit, path, why it is here)
CORPUS = {
    "theme-unit-test": (
        "WordPress/theme-test-data",
        "b47acf980696897936265182cb684dca648476c7",
        "themeunittestdata.wordpress.xml",
        "WordPress.com, https WXR 1.2 namespace; classic posts, threaded comments, "
        "shortcodes, galleries, post formats, child pages",
    ),
    "block-test": (
        "WordPress/theme-test-data",
        "b47acf980696897936265182cb684dca648476c7",
        "64-block-test-data.xml",
        "WordPress 6.4.3, Gutenberg blocks of every core kind",
    ),
    "pelican-test-export": (
        "getpelican/pelican",
        "c2149063585de9984cb1c1a9b9034061a431080b",
        "pelican/tests/content/wordpressexport.xml",
        "WordPress 3.3.1, WXR 1.1; drafts, custom post types, captions, raw HTML",
    ),
    "importer-wxr-1.1": (
        "WordPress/wordpress-importer",
        "5fda04887ed81fba0a74af6aedaac7c507db6c5d",
        "phpunit/data/valid-wxr-1.1.xml",
        "WordPress 3.1-alpha, WXR 1.1; plain ?p= permalinks",
    ),
    "importer-utf-8": (
        "WordPress/wordpress-importer",
        "5fda04887ed81fba0a74af6aedaac7c507db6c5d",
        "phpunit/data/wxr-utf-8-challenges.xml",
        "WordPress 6.5.4; non-ASCII slugs, titles and terms",
    ),
}
LEFT = re.compile(
    r"<!-- /?wp:|\[(?:caption|wp_caption|gallery|audio|video|embed)[\s\]]"
)


def git_dir(repos, repository):
    base = repos / repository.replace("/", "+")
    return base / "repo" if (base / "repo").exists() else base


def export_text(repos, repository, commit, path):
    return subprocess.run(
        ["git", "-C", str(git_dir(repos, repository)), "show", f"{commit}:{path}"],
        capture_output=True,
        check=True,
    ).stdout


def snapshot(site):
    files = {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((site / "content").rglob("*"))
        if p.is_file() and p.suffix != ".db"
    }
    files["pelicanconf.py"] = hashlib.sha256(
        (site / "pelicanconf.py").read_bytes()
    ).hexdigest()
    connection = sqlite3.connect(site / "content" / "comments" / "comments.db")
    try:
        rows = [
            connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("threads", "comments")
        ]
    finally:
        connection.close()
    return files, rows


def comment_count_in_graph(page):
    counts = []

    def walk(node):
        if isinstance(node, dict):
            if "commentCount" in node:
                counts.append(node["commentCount"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in page.select('script[type="application/ld+json"]'):
        walk(json.loads(script.string))
    return counts


def words(text):
    plain = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return [w for w in re.findall(r"\w{4,}", plain)][:8]


def run(*command, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def check(name, text):
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    export = folder / "export.xml"
    export.write_bytes(text)
    site = folder / "site"
    command = ("pelican_fukatsoft.wordpress", "wordpress", str(export), "--site")
    first = run(*command, str(site))
    result = {"import": first.returncode, "summary": first.stdout.splitlines()[:1]}
    if first.returncode:
        result["import_error"] = first.stderr.strip()
        return result
    before = snapshot(site)
    build = run("pelican", "content", "-s", "pelicanconf.py", cwd=site)
    result["build"] = build.returncode
    result["errors"] = sum("ERROR" in line for line in build.stdout.splitlines())
    again = run(*command, str(site))
    result["same_twice"] = again.returncode == 0 and snapshot(site) == before
    result.update(check_pages(export, site))
    return result


def approved_comments(item):
    return [c for c in item.comments if c.type in ("", "comment") and c.status == "1"]


def check_pages(export, site):
    """What each published post and page shows at its old permalink."""
    output = site / "output"
    parsed = wordpress.read_export(export, ZoneInfo("UTC"))
    prefix = wordpress.site_prefix(parsed)
    views = json.loads((site / "content" / wordpress.VIEWS_FILE).read_text())
    redirects_file = site / "content" / "wordpress" / "redirects.json"
    redirects = (
        json.loads(redirects_file.read_text()) if redirects_file.is_file() else {}
    )
    published = [
        i for i in parsed.items if i.status == "publish" and i.type in ("post", "page")
    ]
    found = query = no_link = 0
    pages = []
    missing, count_wrong, text_missing, leftovers, views_wrong = [], [], [], [], []
    for item in published:
        old = wordpress.old_path(item, prefix)
        if not urlsplit(item.link).path and not urlsplit(item.link).query:
            no_link += 1  # the export gives no permalink to keep
            continue
        if old is None:
            # A plain permalink (/?p=12): the home page's script sends it on.
            query += 1
            to = redirects.get(urlsplit(item.link).query, "")
            target = output / to.removeprefix(prefix).strip("/") / "index.html"
            if not to or not target.is_file():
                missing.append(item.link)
            continue
        page_file = output / old
        if old.endswith("/") or not old.endswith((".html", ".htm")):
            page_file = page_file / "index.html"
        if not page_file.is_file():
            missing.append(old)
            continue
        found += 1
        pages.append(str(page_file.relative_to(output)))
        page = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
        approved = approved_comments(item)
        on_page = shown_comments(page)
        graph = comment_count_in_graph(page)
        if on_page != len(approved) or any(n != len(approved) for n in graph):
            count_wrong.append(f"{old}: {on_page}/{graph} for {len(approved)}")
        page_text = page.get_text(" ")
        text_missing.extend(
            f"{old}: comment {comment.id}"
            for comment in approved
            if not all(w in page_text for w in words(comment.text))
        )
        if LEFT.search(str(page.select_one(".post-content") or page)):
            leftovers.append(old)
        if f"/{old}" in views:
            shown = page.select_one(".count-views")
            if not shown or int(shown["data-fukatsoft-views"]) != views[f"/{old}"]:
                views_wrong.append(old)
    return {
        "pages_at_old_url": pages,
        "published": len(published),
        "at_old_url": found,
        "missing": missing[:5],
        "query_permalinks": query,
        "without_permalink": no_link,
        "comments_approved": sum(len(approved_comments(i)) for i in published),
        "count_wrong": count_wrong[:5],
        "text_missing": text_missing[:5],
        "leftovers": leftovers[:5],
        "views": len(views),
        "views_wrong": views_wrong[:5],
    }


def sideways(browser, output, pages, width=360):
    """The pages wider than a *width* px window."""
    sys.path.insert(0, str(REPO / "tests"))
    from harness import StaticServer

    server = StaticServer(output)
    wide = []
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server.origin)
            else route.abort()
        ),
    )
    try:
        page = context.new_page()
        for path in pages:
            url = f"{server.origin}/{path.removesuffix('index.html')}"
            page.goto(url, wait_until="load")
            if page.evaluate(
                "document.documentElement.scrollWidth > window.innerWidth"
            ):
                wide.append(path)
    finally:
        context.close()
        server.stop()
    return wide


def shown_comments(page):
    """An article's byline count, or a page's comments heading."""
    shown = page.select_one(".count-comments")
    if shown:
        return int(shown["data-fukatsoft-comments"])
    heading = page.select_one("#comments-heading")
    return int(heading["data-comments"]) if heading else 0


HEADER = (
    "| export | repository, commit | why | import / build (ERROR lines) "
    "| published (at old URL / ?p= sent on / missing) "
    "| approved comments (count wrong / text missing) | views (wrong) "
    "| block comments or shortcodes left | same twice | wider than 360 px |"
)


def row(name, repository, commit, why, result):
    if result["import"]:
        return (
            f"| {name} | `{repository}` `{commit[:10]}` | {why} | import failed: "
            f"{result['import_error']} | | | | | | |"
        )
    same = "yes" if result["same_twice"] else "NO"
    return (
        f"| {name} | `{repository}` `{commit[:10]}` | {why} "
        f"| {result['import']} / {result['build']} ({result['errors']}) "
        f"| {result['published']} ({result['at_old_url']} / "
        f"{result['query_permalinks']} / {len(result['missing'])}) "
        f"| {result['comments_approved']} ({len(result['count_wrong'])} / "
        f"{len(result['text_missing'])}) "
        f"| {result['views']} ({len(result['views_wrong'])}) "
        f"| {len(result['leftovers'])} | {same} "
        f"| {len(result['wide']) if 'wide' in result else 'not checked'} |"
    )


IMPORTER = ("WordPress/wordpress-importer", "5fda04887ed81fba0a74af6aedaac7c507db6c5d")


def every_importer_file(repos):
    """Each test file of the WordPress importer through our import."""
    repository, commit = IMPORTER
    listing = subprocess.run(
        ["git", "-C", str(git_dir(repos, repository)), "ls-tree", "-r", "--name-only",
         commit, "phpunit/data", "e2e/fixtures"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    folder = WORK / "importer-files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    counts = {"imported": 0, "refused in one line": 0, "unreadable here": 0}
    bad = []
    for path in (p for p in listing if p.endswith(".xml")):
        try:
            text = export_text(repos, repository, commit, path)
        except subprocess.CalledProcessError:  # a large file the copy lacks
            counts["unreadable here"] += 1
            continue
        export = folder / path.replace("/", "+")
        export.write_bytes(text)
        done = run(
            "pelican_fukatsoft.wordpress", "wordpress", str(export),
            "--site", str(folder / f"{export.stem}-site"),
        )  # fmt: skip
        if done.returncode == 0 and "Traceback" not in done.stderr:
            counts["imported"] += 1
        elif (
            done.returncode == 1
            and done.stderr.count("\n") == 1
            and str(export) in done.stderr
        ):
            counts["refused in one line"] += 1
        else:
            bad.append((path, done.returncode, done.stderr[-300:]))
    print(f"`{repository}` `{commit[:10]}`: " + ", ".join(
        f"{n} {what}" for what, n in counts.items()
    ) + f", {len(bad)} otherwise")  # fmt: skip
    for path, code, err in bad:
        print(f"- {path}: exit {code}: {err}")
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=Path, required=True)
    parser.add_argument("--exports", help="comma-separated names (default: all)")
    parser.add_argument(
        "--browser", action="store_true", help="check 360 px in Chromium too"
    )
    parser.add_argument(
        "--every-importer-file",
        action="store_true",
        help="import every test file of WordPress's importer instead",
    )
    args = parser.parse_args()
    if args.every_importer_file:
        return every_importer_file(args.repos)
    names = args.exports.split(",") if args.exports else list(CORPUS)
    print(HEADER)
    print("|---|---|---|---|---|---|---|---|---|---|")
    details = {}
    with contextlib.ExitStack() as stack:
        browser = None
        if args.browser:
            sys.path.insert(0, str(REPO / "tests"))
            from conftest import CHROMIUM, CHROMIUM_ARGS
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            stack.callback(browser.close)
        for name in names:
            repository, commit, path, why = CORPUS[name]
            result = check(name, export_text(args.repos, repository, commit, path))
            if browser and not result["import"]:
                result["wide"] = sideways(
                    browser, WORK / name / "site" / "output", result["pages_at_old_url"]
                )
            details[name] = result
            print(row(name, repository, commit, why, result), flush=True)
    (WORK / "results.json").write_text(json.dumps(details, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
