"""The real-site audit: other people's Pelican sites, built with notmyidea and
with our theme + plugin, every article and list page checked in Chromium.

    python benchmarks/real_sites.py --repos DIR [--sites NAME,...]
        [--max-pages N] [--axe-pages N]

DIR holds one git directory per repository of the corpus below, named
``owner+name`` (as the search tool's ``fetch`` lays them out:
``DIR/owner+name/repo``, or ``DIR/owner+name/repo/.git``), or a clone at
``DIR/owner+name``. Each site is read
at its pinned commit; files the copy lacks (large images a shallow snapshot
leaves out) are skipped and counted. Not part of ``make test``: the content
is theirs, and the sites are not in the repository.

Each site is built twice in a fresh process, with its own settings file and
content: with Pelican's ``notmyidea`` and with our theme + plugin. The site's
plugins that are installed here (the pelican-plugins collection) stay on,
the rest are dropped and listed; so are ``TEMPLATE_PAGES`` whose template
lies in the site's own theme folder (that theme is what both builds
replace). What else a site needs to build here is in its ``RealSite``:
packages its settings import (``packages``, installed without dependencies
into its scratch folder) and settings its Makefile passes (``overrides``).
Settings written for Jinja 2 find ``jinja2.Markup`` again. Then every page
(not feeds, not Pagefind) is opened at 320, 360, 768 and 1280 px and
checked for (on a page with render_math's MathJax, once it has typeset,
20 s at most):

- sideways scrolling (the page wider than the window), both themes;
- overlap inside our header (brand, menu button, links, search, languages);
- our header's height: one height per width across all pages of a site;
- a content heading larger than the article's title;
- console errors and page errors (both themes);
- requests to another host that the theme makes: a URL named in the
  theme's own markup as built (head, header, footer), or a stylesheet or
  font that nothing in ``<main>`` names (what the content embeds is its
  own; a URL the site's settings file names, an http(s) ``SITELOGO``, is
  the site's and listed apart);
- axe-core violations outside the content (what the theme draws), at 360 px
  light and 1280 px dark, on up to ``--axe-pages`` pages per site.

Prints a Markdown table (benchmarks/README.md keeps it) and writes every
finding to ``benchmarks/work/real_sites.json``.
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "real-sites"
sys.path.insert(0, str(REPO / "tests"))

WIDTHS = (320, 360, 768, 1280)
# Plugins of the pelican-plugins collection this project is tested with: a
# site's plugin of that name is kept, any other is dropped (and listed).
INSTALLED_PLUGINS = {
    "featured_image",
    "i18n_subsites",
    "image_process",
    "neighbors",
    "related_posts",
    "render_math",
    "series",
    "share_post",
    "sitemap",
    "tag_cloud",
}
MATHJAX = Path("/usr/share/javascript/mathjax")


@dataclass(frozen=True)
class RealSite:
    name: str
    repo: str
    commit: str
    #: What the site brings that ours do not: the reason it is in the corpus.
    kinds: str
    settings: str = "pelicanconf.py"
    #: Settings the audit adds: only what the site's own build needs here
    #: (``PATH`` is relative to the repository).
    overrides: dict = field(default_factory=dict)
    #: Turn on render_math (with Debian's MathJax served by the site itself).
    math: bool = False
    #: Packages its settings import, from the package index: installed
    #: without their dependencies into the site's scratch folder (never into
    #: this environment) and put on ``sys.path`` for its builds only.
    packages: tuple = ()


CORPUS = (
    RealSite(
        "pybonacci",
        "Pybonacci/pybonacci.github.io",
        "34861fb0c76f6df4b53e5a534109e52b73e0b8a4",
        "es; migrated from WordPress; scientific Python, math",
        math=True,
    ),
    RealSite(
        "marco-santoni",
        "Marco-Santoni/Marco-Santoni.github.io-src",
        "50b41eed90347570e2ccdcddde609149cf43fbb5",
        "en; migrated from WordPress (pelican-import)",
    ),
    RealSite(
        "pythonclub",
        "pythonclub/pythonclub.github.io",
        "30250e3411ccfe37da143a9971db737dc6f4d3aa",
        "pt; 36 categories, 51 authors; Markdown and reST",
    ),
    RealSite(
        "pyvec-blog",
        "pyvec/blog.python.cz",
        "919203301f92d7f78500f8a52eb9b17e4fdd40a5",
        "cs; 30 authors; settings from a package of its own (danube_delta)",
        settings="settings.py",
        packages=("danube-delta==2.1.0", "pytz==2026.6"),
    ),
    RealSite(
        "evolution101",
        "mortezagk/evolution101",
        "2f0a5c637393d9a87564b4d46a29773337fc79f6",
        "fa, right-to-left; a book in chapters",
    ),
    RealSite(
        "bikezenbook",
        "jadijadi/bikezenbook",
        "f25a4adcd3d1c440eb933cfd4c0d22eb8f2a8203",
        "fa, right-to-left; a book",
    ),
    RealSite(
        "farseerfc",
        "farseerfc/farseerfc",
        "6bf2395824aa7f15e1d49687f6185244e80748a4",
        "zh/ja/en with i18n_subsites, named `zhs`/`jp` (no catalogue of ours "
        "answers); mostly reST",
    ),
    RealSite(
        "pelican-blog",
        "getpelican/pelican-blog",
        "3d8b58a29f97b62cacfef9a083639368d002d455",
        "en; Pelican's own blog, mostly reST",
    ),
    RealSite(
        "turbidsoul",
        "turbidsoul/pelican-blog",
        "7e6c669d5363fd3d55a6db59f78853d15803f6e4",
        "zh, named `cn` (no catalogue of ours answers); 2011-2014 settings",
        # Its Makefile builds content/ (INPUTDIR); the settings name no PATH.
        overrides={"PATH": "content"},
    ),
    RealSite(
        "theclarkeorbit",
        "theclarkeorbit/theclarkeorbit.github.io",
        "9e366eba83575084740693ae68106b67b3f92e6f",
        "en; heavy on math (machine-learning course notes), render_math",
        math=True,
    ),
    RealSite(
        "tianfudhe",
        "tianfudhe/plc4blog",
        "7082047d2c7399ca83030dc1154ab92abc9d4c50",
        "en/zh; math (backpropagation, PCA), render_math",
        math=True,
    ),
)


# --------------------------------------------------------------------------
# The corpus on disk


def git_dir(repos, repo):
    base = Path(repos) / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git", base / ".git", base):
        if (candidate / "objects").is_dir() or (candidate / "HEAD").is_file():
            return candidate
    raise SystemExit(f"{repo}: not found under {repos} (fetch or clone it first)")


def extract(repository, commit, target):
    """The tree of *commit* into *target*; returns (full commit, files, missing)."""
    git = ["git", "--git-dir", str(repository)]
    full = subprocess.run(
        [*git, "rev-parse", commit], capture_output=True, text=True, check=True
    ).stdout.strip()
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-z", full], capture_output=True, check=True
    ).stdout.split(b"\0")
    blobs = []
    for entry in filter(None, listing):
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            blobs.append((sha.decode(), path.decode()))
    batch = subprocess.Popen(
        [*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    missing = 0
    for sha, path in blobs:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if header[-1] == b"missing":
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.readline()
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    batch.stdin.close()
    batch.wait()
    return full, len(blobs) - missing, missing


# --------------------------------------------------------------------------
# One build, in a fresh process (``real_sites.py build …``)


def build_one(source, settings_name, theme, output, math, *, extra=None):
    """Build *source* with its own settings and *theme* ("ours" or
    "notmyidea"); prints a JSON report as the last line."""
    import jinja2
    import markupsafe
    from pelican import Pelican
    from pelican.settings import get_settings_from_file, read_settings

    import pelican_fukatsoft

    os.chdir(source)
    sys.path.insert(0, str(source))
    extra = extra or {}
    if extra.get("packages"):
        sys.path.insert(0, extra["packages"])
    # Settings written for Jinja 2 import jinja2.Markup (gone in Jinja 3.1).
    if not hasattr(jinja2, "Markup"):
        jinja2.Markup = markupsafe.Markup
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                records.append((record.levelname, record.getMessage()[:300]))

    logging.getLogger().addHandler(Keep())
    # Their THEME may be a submodule the snapshot lacks: read with another.
    settings = read_settings(settings_name, override={"THEME": "notmyidea"})
    wanted = [
        p if isinstance(p, str) else p.__name__ for p in settings["PLUGINS"] or []
    ]
    # The collection's plugin by its bare or namespaced name; a package's own
    # plugin of the same name (``danube_delta.plugins.featured_image``) is not it.
    ours = {
        p
        for p in wanted
        if p.removeprefix("pelican.plugins.") in INSTALLED_PLUGINS
        and (p.count(".") == 0 or p.startswith("pelican.plugins."))
    }
    kept = sorted({p.rsplit(".", 1)[-1] for p in ours})
    dropped = sorted(set(wanted) - ours)
    # A TEMPLATE_PAGES template inside the site's own theme folder belongs to
    # the theme both builds replace (it includes that theme's partials).
    raw = get_settings_from_file(settings_name)
    own_theme = (source / str(raw.get("THEME") or "-")).resolve()
    template_pages, dropped_pages = {}, []
    for template, target in (raw.get("TEMPLATE_PAGES") or {}).items():
        if (source / template).resolve().is_relative_to(own_theme):
            dropped_pages.append(template.removeprefix(str(source) + os.sep))
        else:
            template_pages[template] = target
    overrides = {
        "OUTPUT_PATH": str(output),
        "SITEURL": "",
        "RELATIVE_URLS": False,
        "PLUGIN_PATHS": [],
        "DELETE_OUTPUT_DIRECTORY": True,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
        "THEME": pelican_fukatsoft.get_theme_path() if theme == "ours" else "notmyidea",
        "PLUGINS": kept + (["pelican_fukatsoft"] if theme == "ours" else []),
        "TEMPLATE_PAGES": template_pages,
    }
    # The site's own build runs with these (its Makefile's INPUTDIR...).
    for name, value in (extra.get("overrides") or {}).items():
        overrides[name] = str(source / value) if name == "PATH" else value
    if math:
        if "render_math" not in kept:
            overrides["PLUGINS"].insert(0, "render_math")
        # Their MATH_JAX, with Debian's MathJax 2 from the site itself.
        overrides["MATH_JAX"] = {
            **(settings.get("MATH_JAX") or {}),
            "source": "'/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML'",
            "message_style": None,
        }
    for subsite in (settings.get("I18N_SUBSITES") or {}).values():
        subsite.pop("THEME", None)
    settings = read_settings(settings_name, override=overrides)
    started = time.process_time()
    failed = None
    try:
        Pelican(settings).run()
    except Exception as error:  # the report says what stopped the build
        failed = f"{type(error).__name__}: {error}"[:300]
    if math and MATHJAX.is_dir() and not (output / "mathjax").exists():
        (output / "mathjax").symlink_to(MATHJAX)
    print(
        json.dumps(
            {
                "cpu": round(time.process_time() - started, 2),
                "failed": failed,
                "errors": [m for level, m in records if level in ("ERROR", "CRITICAL")],
                "warnings": [m for level, m in records if level == "WARNING"],
                "dropped_plugins": dropped,
                "dropped_template_pages": dropped_pages,
            }
        )
    )


def install_packages(site):
    """The site's own packages (``RealSite.packages``) in its scratch folder."""
    if not site.packages:
        return None
    target = WORK / site.name / "packages"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"),
            *("--target", str(target), *site.packages),
        ],
        check=True,
    )
    return target


def build(site, source, theme, packages=None):
    extra = {"packages": str(packages) if packages else None}
    extra["overrides"] = site.overrides
    output = WORK / site.name / f"output-{theme}"
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "build",
            str(source),
            site.settings,
            theme,
            str(output),
            "math" if site.math else "-",
            json.dumps(extra),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        report = {"failed": (result.stderr or result.stdout)[-600:]}
    return output, report


# --------------------------------------------------------------------------
# The checks in Chromium

# Runs in the page: what the audit measures, as plain JSON.
MEASURE = """() => {
  const box = el => {
    if (!el || !el.getClientRects().length) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? r : null;
  };
  const meets = (a, b) => !(a.right <= b.left + 0.5 || a.left >= b.right - 0.5 ||
                            a.bottom <= b.top + 0.5 || a.top >= b.bottom - 0.5);
  const header = document.querySelector('.site-header');
  const brand = box(document.querySelector('.site-header .brand'));
  const parts = [...document.querySelectorAll(
    '.site-header summary, .site-header .site-nav a, .site-header form, ' +
    '.site-header .language-switcher')].map(box).filter(Boolean);
  const title = document.querySelector('main h1');
  const titleSize = title ? parseFloat(getComputedStyle(title).fontSize) : null;
  const content = document.querySelector('.post-content');
  const larger = content && titleSize ? [...content.querySelectorAll(
    'h1, h2, h3, h4, h5, h6')].filter(
    h => parseFloat(getComputedStyle(h).fontSize) > titleSize).length : 0;
  return {
    scroll: document.documentElement.scrollWidth - window.innerWidth,
    header: header ? Math.round(header.getBoundingClientRect().height) : null,
    overlap: brand ? parts.some(p => meets(brand, p)) : false,
    larger,
  };
}"""


# Runs in the page: resolves once MathJax 2 (render_math's) is ready and its
# queue idle (the page typeset), so a wide equation counts as it is shown; at
# once without MathJax, after 20 s at most.
TYPESET = """() => new Promise(done => {
  const script = document.querySelector('script[id^="mathjaxscript_pelican"]');
  if (!script) return done('none');
  const until = Date.now() + 20000;
  let quiet = 0;
  (function poll() {
    const hub = window.MathJax && MathJax.isReady && MathJax.Hub;
    const idle = hub && !hub.queue.pending && !hub.queue.running;
    quiet = idle ? quiet + 1 : 0;
    if (quiet > 2) return done('typeset');
    if (Date.now() > until) return done('timeout');
    setTimeout(poll, 100);
  })();
})"""


def pages_of(output):
    skip = ("pagefind", "theme", "mathjax", "feeds", "drafts")
    return sorted(
        path.relative_to(output).as_posix()
        for path in output.rglob("*.html")
        if path.relative_to(output).parts[0] not in skip
    )


def answer_other_hosts(context, origin):
    """Requests to other hosts get an empty answer: none leaves the machine,
    and none shows as a failed load in the console."""
    context.route(
        lambda url: not url.startswith(origin),
        lambda route: route.fulfill(status=204, body=""),
    )


def markup_parts(output, path):
    """The page as built, not as its scripts left it (a content's embed adds
    its script to <head>): the theme's markup (head, header, footer) and
    what <main> holds."""
    html = (output / path).read_text(encoding="utf-8", errors="replace")
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < start:
        return html, ""
    return html[:start] + html[end:], html[start:end]


def named(url, html):
    return url in html or url.replace("&", "&amp;") in html


def layout_pass(browser, origin, output, pages, width, *, theme, found, settings=""):
    """Every page at *width*: what MEASURE sees, console errors, requests."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    answer_other_hosts(context, origin)
    page = context.new_page()
    problems, requested = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requested.append((r.url, r.resource_type)))
    for path in pages:
        problems.clear()
        requested.clear()
        page.goto(f"{origin}/{path}", wait_until="load")
        if page.evaluate(TYPESET) == "timeout":
            found["math unfinished"].setdefault(path, []).append(width)
        seen = page.evaluate(MEASURE)
        if seen["scroll"] > 0:
            found["scroll"].setdefault(path, {})[width] = seen["scroll"]
        # Both themes' console errors: what the content's scripts log
        # (MathJax 2's MathJax_Blank font at about:blank) shows in both.
        if problems:
            found["console"][path] = problems[:3]
        if theme != "ours":
            continue
        if seen["overlap"]:
            found["overlap"].setdefault(path, []).append(width)
        heights = found["headers"].setdefault(str(width), {})
        heights.setdefault(str(seen["header"]), []).append(path)
        if seen["larger"]:
            found["larger"][path] = seen["larger"]
        outside, inside = markup_parts(output, path)
        # The theme's: a URL its own markup names (head, header, footer),
        # or a stylesheet or font no markup in <main> names (asked by CSS).
        # What <main> names, and what its scripts load, is the content's.
        foreign = [
            url
            for url, kind in requested
            if not url.startswith(("data:", "about:", origin))
            and (
                named(url, outside)
                or (kind in ("stylesheet", "font") and not named(url, inside))
            )
        ]
        # A URL the site's settings file names (an http(s) SITELOGO) is the
        # site's request; listed apart, not counted as the theme's.
        if mine := [url for url in foreign if named(url, settings)]:
            found["named by the settings"][path] = mine[:3]
        if foreign := [url for url in foreign if url not in mine]:
            found["foreign"][path] = foreign[:3]
    context.close()


def axe_pass(browser, origin, pages, found):
    """axe-core outside the content, at 360 px light and 1280 px dark."""
    from axe_playwright_python.sync_playwright import Axe

    for width, scheme in ((360, "light"), (1280, "dark")):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        answer_other_hosts(context, origin)
        page = context.new_page()
        for path in pages:
            page.goto(f"{origin}/{path}", wait_until="load")
            page.evaluate(TYPESET)
            result = Axe().run(page, context={"exclude": [[".post-content"]]})
            for violation in result.response["violations"]:
                found["axe"].setdefault(violation["id"], []).append(
                    f"{path} @{width} {scheme}"
                )
        context.close()


def audit(browser, output, theme, axe_pages, max_pages=0, *, settings=""):
    from harness import StaticServer

    server = StaticServer(output)
    pages = pages_of(output)
    built = len(pages)
    if max_pages and built > max_pages:
        pages = pages[:: -(-built // max_pages)]
    found = {"pages": built, "checked": len(pages)} | {
        kind: {}
        for kind in (
            *("scroll", "overlap", "headers", "larger", "console", "foreign"),
            *("named by the settings", "math unfinished"),
        )
    }
    found["axe"] = {}
    try:
        for width in WIDTHS:
            layout_pass(
                browser,
                server.origin,
                output,
                pages,
                width,
                theme=theme,
                found=found,
                settings=settings,
            )
        if theme == "ours":
            step = max(1, len(pages) // max(1, axe_pages))
            axe_pass(browser, server.origin, pages[::step][:axe_pages], found)
    finally:
        server.stop()
    return found


def summary_row(site, record):
    builds, ours, theirs = (
        record["builds"],
        *(record["found"][theme] for theme in ("ours", "notmyidea")),
    )
    distinct = max((len(h) for h in ours["headers"].values()), default=0)
    built = builds["ours"]
    return (
        f"| {site.name} | `{site.repo}` `{record['commit'][:10]}` | {site.kinds} | "
        f"{ours['pages']} ({ours['checked']} checked) | "
        f"{'FAILED' if built.get('failed') else 'ok'} "
        f"({len(built.get('errors', []))} errors, "
        f"{len(built.get('warnings', []))} warnings) | "
        f"{len(ours['scroll'])} / {len(theirs['scroll'])} | "
        f"{len(ours['overlap'])} | {distinct} | {len(ours['larger'])} | "
        f"{sum(len(v) for v in ours['axe'].values())} | "
        f"{len(ours['console'])} | {len(ours['foreign'])} |"
    )


HEADER = (
    "| site | repository, commit | why it is here | pages | our build | "
    "pages scrolling sideways (ours / notmyidea) | header overlap | "
    "header heights per width | heading > title | axe (theme) | "
    "console errors | theme requests to other hosts |\n"
    "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        source, settings_name, theme, output, math = sys.argv[2:7]
        extra = json.loads(sys.argv[7]) if len(sys.argv) > 7 else None
        build_one(
            Path(source),
            settings_name,
            theme,
            Path(output),
            math == "math",
            extra=extra,
        )
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", required=True)
    parser.add_argument("--sites", default="")
    parser.add_argument("--axe-pages", type=int, default=30)
    # Every page by default; N spreads the checks over every k-th page.
    parser.add_argument("--max-pages", type=int, default=0)
    args = parser.parse_args()
    chosen = [s for s in CORPUS if not args.sites or s.name in args.sites.split(",")]
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    rows, everything = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for site in chosen:
            source = WORK / site.name / "source"
            subprocess.run(["rm", "-rf", str(WORK / site.name)], check=True)
            source.mkdir(parents=True)
            commit, files, missing = extract(
                git_dir(args.repos, site.repo), site.commit, source
            )
            record = {
                "commit": commit,
                "files": files,
                "missing files": missing,
                "audit overrides": site.overrides,
                "packages": list(site.packages),
                "builds": {},
                "found": {},
            }
            packages = install_packages(site)
            for theme in ("notmyidea", "ours"):
                output, record["builds"][theme] = build(site, source, theme, packages)
                record["found"][theme] = audit(
                    browser,
                    output,
                    theme,
                    args.axe_pages,
                    args.max_pages,
                    settings=(source / site.settings).read_text(errors="replace"),
                )
            rows.append(summary_row(site, record))
            print(rows[-1], flush=True)
            everything[site.name] = record
        browser.close()
    WORK.parent.mkdir(parents=True, exist_ok=True)
    # One site at a time keeps the others' findings: the file is merged.
    report = WORK.parent / "real_sites.json"
    earlier = json.loads(report.read_text()) if report.is_file() else {}
    report.write_text(json.dumps(earlier | everything, indent=1, ensure_ascii=False))
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
