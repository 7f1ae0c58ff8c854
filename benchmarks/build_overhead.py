"""Build overhead of the plugin: plain Pelican + our theme vs. plugin fully on.

Generates a site of N Markdown articles (about 600 words; every tenth carries
a Froala watermark; every article has view and comment baselines, and a JSON
views snapshot covers all), then builds it alternately without and with the
plugin and prints the median times and their ratio.

    python benchmarks/build_overhead.py [--articles 1000 3000] [--runs 3]
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
WORDS = [
    "pelican",
    "static",
    "site",
    "article",
    "counter",
    "comment",
    "byline",
    "theme",
    "partial",
    "build",
    "analytics",
    "snapshot",
    "profile",
    "avatar",
    "summary",
    "feed",
    "archive",
    "category",
    "tag",
]
WATERMARK = (
    '<p data-f-id="pbf" style="text-align: center;">Powered by '
    '<a href="https://www.froala.com/wysiwyg-editor?pb=1">Froala Editor</a></p>'
)


def make_site(count):
    site = WORK / f"site-{count}"
    if site.exists():
        return site
    content = site / "content"
    content.mkdir(parents=True)
    views = {}
    for n in range(count):
        words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(600))
        body = "\n\n".join(words[i : i + 600] for i in range(0, len(words), 600))
        if n % 10 == 0:
            body += "\n\n" + WATERMARK
        slug = f"article-{n}"
        (content / f"{slug}.md").write_text(
            f"Title: Article {n}\nDate: 2024-01-01 00:{n % 60:02d}\n"
            f"Author: Author {n % 7}\nCategory: C{n % 5}\nTags: t{n % 11}\n"
            f"Slug: {slug}\nViews: {n}\nComments: {n % 4}\n\n{body}\n"
        )
        views[f"/{slug}.html"] = n * 3
    (content / "views.json").write_text(json.dumps(views))
    return site


def conf(site, with_plugin):
    path = site / ("with.py" if with_plugin else "without.py")
    path.write_text(
        "import pelican_fukatsoft\n"
        "PATH = 'content'\nSITENAME = 'Bench'\nTIMEZONE = 'UTC'\n"
        "THEME = pelican_fukatsoft.get_theme_path()\n"
        f"PLUGINS = {['pelican_fukatsoft'] if with_plugin else []!r}\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "TRANSLATION_FEED_ATOM = None\nDEFAULT_PAGINATION = 10\n"
        "FUKATSOFT_VIEWS_FILE = 'views.json'\n"
    )
    return path


def build_seconds(site, settings):
    """Wall-clock and CPU seconds of one build (CPU time varies less here)."""
    output = site / "output"
    shutil.rmtree(output, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            settings.name,
            "-o",
            "output",
            "-q",
        ],
        cwd=site,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "| articles | runs | without plugin: wall / CPU (s) "
        "| with plugin: wall / CPU (s) | ratio wall | ratio CPU |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for count in args.articles:
        site = make_site(count)
        without, with_ = conf(site, False), conf(site, True)
        times = {False: [], True: []}
        for _ in range(args.runs):  # alternate so drift hits both sides alike
            times[False].append(build_seconds(site, without))
            times[True].append(build_seconds(site, with_))
        plain = [statistics.median(t) for t in zip(*times[False], strict=True)]
        plugin = [statistics.median(t) for t in zip(*times[True], strict=True)]
        print(
            f"| {count} | {args.runs} | {plain[0]:.2f} / {plain[1]:.2f} "
            f"| {plugin[0]:.2f} / {plugin[1]:.2f} | {plugin[0] / plain[0]:.3f} "
            f"| {plugin[1] / plain[1]:.3f} |"
        )


if __name__ == "__main__":
    main()
