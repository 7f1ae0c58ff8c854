"""Page weight: what a reader's browser downloads for the example's index and
article, with our theme + plugin and with Pelican's notmyidea theme.

Builds each, serves it on loopback, loads each page in Debian's Chromium
(Playwright) and sums the response bodies by kind, as sent (uncompressed) and
as gzip would send them. "+ Isso" is the example as `make serve` ships it,
with the comment form and live counts script (no comment server answers here).

    python benchmarks/page_weight.py
"""

import gzip
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
# The same builds and servers as the tests.
sys.path.insert(0, str(REPO / "tests"))
from harness import StaticServer, run_pelican  # noqa: E402

PAGES = {
    "index": "",
    "article": "blog/afghanistan-crisis-us-pakistan-relations/",
    "Urdu article": "blog/urdu-on-our-blog/ur/",
}
# The design issue's budget for an article page, images aside, in bytes; and
# the first budget's CSS+JS figure, kept as a yardstick.
TARGETS = {"total without images": 50_000, "CSS+JS": 15_000}
KINDS = {
    "document": "HTML",
    "stylesheet": "CSS",
    "script": "JS",
    "font": "fonts",
    "image": "images",
}
# Anything else the page loads from its own origin (the icons' sprite, which
# Chromium fetches for <use href> as "other"; counts fetched by script).
OTHER = "other"


def build(output, **overrides):
    run_pelican(REPO / "example_site" / "pelicanconf.py", output, **overrides)


def weigh(browser, origin, path):
    sizes = dict.fromkeys([*KINDS.values(), OTHER], 0)
    gzipped = 0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses = []

    def collect(response):  # Playwright cannot wrap a bound builtin method
        responses.append(response)

    page.on("response", collect)
    page.goto(f"{origin}/{path}")
    page.wait_for_load_state("networkidle")
    for response in responses:
        kind = KINDS.get(response.request.resource_type, OTHER)
        if response.url.startswith(origin) and (kind != OTHER or response.ok):
            body = response.body()
            sizes[kind] += len(body)
            gzipped += len(gzip.compress(body))
    context.close()
    return sizes, gzipped


def main():
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        sites = {
            "pelican-fukatsoft": Path(work, "ours"),
            "pelican-fukatsoft + Isso": Path(work, "isso"),
            "notmyidea (no plugin)": Path(work, "notmyidea"),
        }
        build(sites["pelican-fukatsoft"], FUKATSOFT_ISSO_URL=None)
        build(sites["pelican-fukatsoft + Isso"])
        build(
            sites["notmyidea (no plugin)"],
            THEME="notmyidea",
            PLUGINS=[],
            FUKATSOFT_ISSO_URL=None,
        )
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        print(
            "| theme | page | HTML | CSS | JS | fonts | images | other | total "
            "| CSS+JS | total gzipped |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        verdicts = []
        for name, folder in sites.items():
            server = StaticServer(folder)
            origin = server.origin
            for page_name, path in PAGES.items():
                s, gzipped = weigh(browser, origin, path)
                total = sum(s.values())
                print(
                    f"| {name} | {page_name} | {s['HTML']:,} | {s['CSS']:,} | "
                    f"{s['JS']:,} | {s['fonts']:,} | {s['images']:,} | {s[OTHER]:,} | "
                    f"{total:,} | "
                    f"{s['CSS'] + s['JS']:,} | {gzipped:,} |"
                )
                if page_name == "article" and name.startswith("pelican-fukatsoft"):
                    for figure, value in (
                        ("total without images", total - s["images"]),
                        ("CSS+JS", s["CSS"] + s["JS"]),
                    ):
                        met = "met" if value < TARGETS[figure] else "NOT met"
                        verdicts.append(
                            f"{name}, article {figure}: {value:,} B "
                            f"(target < {TARGETS[figure]:,} B): {met}"
                        )
            server.stop()
        browser.close()
        print()
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()
