"""What search costs: Pagefind's indexing time as a share of the build, and
the bytes a reader's browser downloads for the search page and one query.

Builds build_overhead.py's "company" site (N articles, plugin on) with
FUKATSOFT_SEARCH off and on, alternately, and reports CPU-time medians and
their ratio; then serves the example site and weighs the search page with
one query in Debian's Chromium.

    python benchmarks/search_cost.py [--articles 1000] [--runs 3]
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from build_overhead import build_seconds, conf, make_company_site

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from harness import StaticServer, run_pelican  # noqa: E402

EXAMPLE = HERE.parent / "example_site" / "pelicanconf.py"
QUERY = "Bokhari"


def settings_with_search(site, on):
    base = conf(site, "plugin").read_text()
    path = site / ("search-on.py" if on else "search-off.py")
    path.write_text(base + f"FUKATSOFT_SEARCH = {on}\n")
    return path


def index_cost(count, runs):
    site = make_company_site(count)
    off, on = settings_with_search(site, False), settings_with_search(site, True)
    times = {False: [], True: []}
    for _ in range(runs):
        for search, settings in ((False, off), (True, on)):
            times[search].append(build_seconds(site, settings)[1])
    without, with_search = (statistics.median(times[k]) for k in (False, True))
    print(
        f"| {count} | {runs} | {without:.2f} | {with_search:.2f} | "
        f"{with_search - without:.2f} | {with_search / without:.3f} |"
    )


def search_page_bytes():
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        output = run_pelican(EXAMPLE, Path(work) / "output", FUKATSOFT_ISSO_URL=None)
        server = StaticServer(output)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            sizes = {}

            def weigh(response):
                kind = "index" if "/pagefind/" in response.url else "page"
                sizes[kind] = sizes.get(kind, 0) + len(response.body())

            page.on("response", weigh)
            page.goto(f"{server.origin}/search.html?q={QUERY}")
            page.locator(".search-result").first.wait_for()
            page.wait_for_load_state("networkidle")
            browser.close()
        server.stop()
    total = sum(sizes.values())
    print(
        f"\nsearch page with one query ({QUERY!r}): {total:,} B "
        f"(page, CSS, scripts: {sizes.get('page', 0):,} B; Pagefind's script, "
        f"WebAssembly and index fragments: {sizes.get('index', 0):,} B)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "| articles | runs | build without search: CPU (s) | with search: CPU (s) "
        "| indexing (s) | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for count in args.articles:
        index_cost(count, args.runs)
    search_page_bytes()


if __name__ == "__main__":
    main()
