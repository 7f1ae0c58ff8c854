"""Build cost of the theme and the plugin, side by side with Pelican's own.

Two generated, seeded workloads under benchmarks/work/ (git-ignored):

- ``company``: what a company blog looks like — Markdown articles of about
  600 words under five ``##`` headings, a tenth ending in a Froala watermark,
  ``Views:`` and ``Comments:`` on all, three authors, three categories;
- ``repetitive``: the first benchmark's site — 600 words of a 19-word
  vocabulary, seven authors, five categories, a JSON views snapshot.

Each is built, alternately, with Pelican's ``notmyidea`` and no plugin, with
Flex (its maintained fork ``pelican-theme-reflex``, pinned, installed at
benchmark time into a venv of its own under benchmarks/work/ and never a
dependency of this project; the build itself runs on our venv's Pelican, the
same for every setup), with our theme and no plugin, and with our theme and
the plugin fully on (``DEFAULT_PAGINATION = 10``, content cache off), each
build in a fresh process; and (``plugin_cold``) with the plugin but without
its file cache of compiled templates, as a site's first build on a machine.
Reported: CPU-time (user + sys) medians with their spread, the ratios of
theme + plugin to Flex, to notmyidea and to our theme alone (and of the first
build to Flex) within each round of builds (median and spread), the HTML each setup
writes (all pages, the first index page, one article), and each build's
peak RSS; with ``--rebuild``, a rebuild with the
content cache on after one article changed, and the CPU time of the
plugin's own receivers in both (plugin_work.py).

    python benchmarks/build_overhead.py [--workload company repetitive]
        [--articles 1000 10000] [--runs 3] [--rebuild]
        [--setups notmyidea flex theme plugin plugin_cold]
        [--flex-theme FLEX_CHECKOUT]
"""

import argparse
import json
import os
import random
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
# A company blog's vocabulary: enough words that pages differ as real ones do.
VOCABULARY = (  # noqa: SIM905 (a word list reads better as prose)
    "the a of to and in that for is on with as our we it by this be are "
    "from at or an was will can has have which their more about one all "
    "new team project client release security cloud data product customer "
    "market support engineering design quality report analysis policy "
    "region trade growth service platform update roadmap hiring internship "
    "mentor review deploy latency budget metrics feedback partner workshop "
    "strategy"
).split()


def make_repetitive_site(count):
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


def make_company_site(count, seed=2026):
    site = WORK / f"company-{count}"
    if site.exists():
        return site
    content = site / "content"
    content.mkdir(parents=True)
    rng = random.Random(seed)

    def sentence():
        words = rng.choices(VOCABULARY, k=rng.randint(8, 18))
        return " ".join(words).capitalize() + "."

    for n in range(count):
        sections = []
        for heading in range(5):  # about 600 words under five headings
            paragraphs = [" ".join(sentence() for _ in range(5)) for _ in range(2)]
            title = " ".join(rng.choices(VOCABULARY, k=4)).capitalize()
            sections.append(f"## {title} {heading + 1}\n\n" + "\n\n".join(paragraphs))
        body = "\n\n".join(sections)
        if n % 10 == 0:
            body += "\n\n" + WATERMARK
        day = 1 + n % 28
        (content / f"post-{n}.md").write_text(
            f"Title: {sentence()[:-1]}\nDate: 2024-{1 + n % 12:02d}-{day:02d} "
            f"{n % 24:02d}:{n % 60:02d}\nAuthor: {AUTHORS[n % 3]}\n"
            f"Category: {CATEGORIES[n % 3]}\n"
            f"Slug: post-{n}\nViews: {rng.randint(0, 50_000)}\n"
            f"Comments: {rng.randint(0, 40)}\n\n{body}\n"
        )
    return site


AUTHORS = ["Sana Malik", "Omar Farooq", "Nauman Hanif"]
CATEGORIES = ["Engineering", "Company News", "World Affairs"]
WORKLOADS = {"company": make_company_site, "repetitive": make_repetitive_site}
# plugin_cold: the plugin without its file cache of compiled templates, as a
# site's first build on a machine (every later build reads that cache).
SETUPS = ("notmyidea", "flex", "theme", "plugin", "plugin_cold")
# Flex's maintained fork on the package index (Flex itself is no longer
# published there); pinned so that figures stay comparable.
REFLEX = "pelican-theme-reflex==4.0.1"
# --flex-theme: a checkout of Flex itself instead (the one-off check of the
# fork against the original); never part of this repository.
FLEX_THEME = None


def reflex_theme_path():
    """Flex's fork in a venv of its own (benchmarks/work/, git-ignored):
    installed once with that venv's pip, its theme folder returned. It has
    no dependencies; the build uses our venv's Pelican like every setup."""
    venv = WORK / "reflex-venv"
    python = venv / "bin" / "python"
    stamp = venv / (REFLEX + ".installed")
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--no-deps", REFLEX],
            check=True,
        )
        stamp.touch()
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(purelib) / "pelican" / "themes" / "reflex"


def conf(site, setup, *, cache=False):
    """Settings for one setup: notmyidea, Flex (reflex), our theme alone,
    theme + plugin."""
    path = site / f"{setup}{'-cached' if cache else ''}.py"
    theme = {
        "notmyidea": "'notmyidea'",
        "flex": repr(str(FLEX_THEME or reflex_theme_path())) if setup == "flex" else "",
    }.get(setup, "pelican_fukatsoft.get_theme_path()")
    plugins = ["pelican_fukatsoft"] if setup.startswith("plugin") else []
    views = (
        "FUKATSOFT_VIEWS_FILE = 'views.json'\n"
        if (site / "content/views.json").exists()
        else ""
    )
    # Only our setups import our package: importing it (BeautifulSoup,
    # Babel...) is part of our cost, not of notmyidea's or Flex's.
    ours = setup in ("theme", "plugin", "plugin_cold")
    path.write_text(
        ("import pelican_fukatsoft\n" if ours else "")
        + "PATH = 'content'\nSITENAME = 'Bench'\nTIMEZONE = 'UTC'\n"
        f"THEME = {theme}\nPLUGINS = {plugins!r}\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "TRANSLATION_FEED_ATOM = None\nDEFAULT_PAGINATION = 10\n"
        f"CACHE_CONTENT = {cache}\nLOAD_CONTENT_CACHE = {cache}\n"
        f"CACHE_PATH = 'cache-{setup}'\n"
        + views
        # reflex 4.0.1's footer reads CC_LICENSE['icon'] even when unset.
        + ("CC_LICENSE = {}\n" if setup == "flex" else "")
        + ("FUKATSOFT_TEMPLATE_CACHE = False\n" if setup == "plugin_cold" else "")
    )
    return path


def html_bytes(output):
    """(all HTML pages, the first index page, the first article) in bytes."""
    pages = {
        page.relative_to(output).as_posix(): page.stat().st_size
        for page in output.rglob("*.html")
    }
    first = next(
        (pages[name] for name in ("post-0.html", "article-0.html") if name in pages), 0
    )
    return sum(pages.values()), pages.get("index.html", 0), first


def build(site, settings, output="output", *, clean=True):
    """One build in a fresh process: (wall s, CPU s, peak RSS MB)."""
    if clean:
        shutil.rmtree(site / output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", "content", "-s", settings.name]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "-o", output, "-q"], cwd=site, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"build failed: {settings}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def build_with_plugin_work(site, settings, output):
    """One build in a fresh process through plugin_work.py, output kept:
    (CPU s of the whole build, CPU s in the plugin's own receivers)."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "plugin_work.py"), settings.name, output],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    report = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"build failed: {settings}")
    receivers = json.loads(report.splitlines()[-1])["receivers"]
    return usage.ru_utime + usage.ru_stime, receivers


def build_seconds(site, settings):
    """(wall, CPU) seconds of one clean build (search_cost.py uses it)."""
    return build(site, settings)[:2]


def spread(values, digits=2):
    median, low, high = statistics.median(values), min(values), max(values)
    return f"{median:.{digits}f} ({low:.{digits}f} to {high:.{digits}f})"


def per_round(values, setup, other):
    """Ratios within each round of builds: this machine's speed drifts by
    a third between minutes, less within one."""
    if setup not in values or other not in values:
        return "n/a"
    return spread([a / b for a, b in zip(values[setup], values[other], strict=True)], 3)


def compare(workload, count, runs, setups=SETUPS):
    site = WORKLOADS[workload](count)
    settings = {setup: conf(site, setup) for setup in setups}
    cpu = {setup: [] for setup in setups}
    rss = {setup: [] for setup in setups}
    written = {}
    for _ in range(runs):  # alternate so drift hits every setup alike
        for setup in setups:
            _, seconds, peak = build(site, settings[setup])
            cpu[setup].append(seconds)
            rss[setup].append(peak)
            written[setup] = html_bytes(site / "output")  # the same every round
    # Peak memory moves by several MB between identical builds (when the
    # garbage collector happens to run): per round too.
    ratios = ("flex", "notmyidea", "theme")
    print(
        f"| {workload} | {count} | {runs} | "
        + " | ".join(spread(cpu[setup]) for setup in setups)
        + " | "
        + " | ".join(per_round(cpu, "plugin", other) for other in ratios)
        + f" | {per_round(cpu, 'plugin_cold', 'flex')} | "
        + " / ".join(f"{written[setup][0] / 1e6:.2f}" for setup in setups)
        + " | "
        + " / ".join(f"{written[setup][1] / 1e3:.1f}" for setup in setups)
        + " | "
        + " / ".join(f"{written[setup][2] / 1e3:.1f}" for setup in setups)
        + " | "
        + " / ".join(f"{max(rss[setup]):.0f}" for setup in setups)
        + f" | {per_round(rss, 'plugin', 'flex')}"
        + f" | {per_round(rss, 'plugin', 'theme')} |"
    )


def cached_rebuild(workload, count):
    """With the content cache on: a full build, then one article changed;
    each with the CPU time of the plugin's own receivers (none for the
    theme alone)."""
    site = WORKLOADS[workload](count)
    article = min((site / "content").glob("*.md"))
    original = article.read_text()
    for setup in ("theme", "plugin"):
        settings = conf(site, setup, cache=True)
        shutil.rmtree(site / f"cache-{setup}", ignore_errors=True)
        output = f"output-{setup}"
        shutil.rmtree(site / output, ignore_errors=True)
        first, first_own = build_with_plugin_work(site, settings, output)
        article.write_text(original.replace("\n\n", "\n\nOne more line.\n\n", 1))
        try:
            again, again_own = build_with_plugin_work(site, settings, output)
        finally:
            article.write_text(original)
        print(
            f"| {workload} | {count} | {setup} | {first:.2f} | {again:.2f} "
            f"| {first_own:.2f} | {again_own:.2f} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", nargs="+", default=list(WORKLOADS))
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--setups", nargs="+", choices=SETUPS, default=list(SETUPS))
    parser.add_argument("--flex-theme", help="a Flex checkout's folder, not reflex")
    args = parser.parse_args()
    global FLEX_THEME  # noqa: PLW0603 (one setting for the whole run)
    FLEX_THEME = args.flex_theme and str(Path(args.flex_theme).resolve())
    setups = [setup for setup in SETUPS if setup in args.setups]
    if args.runs:  # --runs 0 --rebuild measures the rebuild alone
        names = " / ".join(setups)
        print(
            "| workload | articles | runs | "
            + " | ".join(f"{setup} CPU (s)" for setup in setups)
            + " | theme + plugin / Flex, per round "
            "| theme + plugin / notmyidea, per round "
            "| theme + plugin / theme, per round "
            "| first build (plugin_cold) / Flex, per round "
            f"| HTML written MB ({names}) | index.html KB ({names}) "
            f"| one article KB ({names}) | peak RSS MB ({names}) "
            "| plugin / Flex peak RSS, per round | plugin / theme peak RSS, per round |"
        )
        print(
            "|---|---:|---:|"
            + "---:|" * len(setups)
            + "---:|---:|---:|---:|---|---|---|---|---:|---:|"
        )
        for workload in args.workload:
            for count in args.articles:
                compare(workload, count, args.runs, setups)
    if args.rebuild:
        print(
            "\n| workload | articles | setup | full build CPU (s) "
            "| one article changed CPU (s) | plugin's own work, full build (s) "
            "| plugin's own work, one article changed (s) |"
        )
        print("|---|---:|---|---:|---:|---:|---:|")
        for workload in args.workload:
            for count in args.articles:
                cached_rebuild(workload, count)


if __name__ == "__main__":
    main()
