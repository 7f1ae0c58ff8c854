"""Did anything visible change? Screenshots of two versions, compared.

Each side is a git ref (exported with ``git archive`` under
benchmarks/work/visual/, git-ignored) or a checkout's folder (its files as
they are). For each, the example site, the kitchen sink
(tests/sites/kitchen_sink) and an existing blog's settings with links to
every service (tests/sites/existing_blog) are built with that version's
plugin and theme (its folder first on PYTHONPATH, each build a fresh process
of this venv's Pelican), served over HTTP (the icons' sprite is a separate file) and
photographed in Debian's Chromium, full page, at 360 and 1280 px, light and
dark, reduced motion, scrolled to the end first. Each pair of screenshots is
compared pixel by pixel: the share of pixels that differ at all, and whether
the page's height changed. Exit status 1 when a pair differs by 0.5 % or more.

    python benchmarks/visual_diff.py --before main --after . [--pages 12]
"""

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work" / "visual"
SITES = {
    "example": "example_site/pelicanconf.py",
    "kitchen-sink": "tests/sites/kitchen_sink/pelicanconf.py",
    # LINKS and SOCIAL with every service the theme draws an icon for.
    "existing-blog": "tests/sites/existing_blog/pelicanconf.py",
}
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")
LIMIT = 0.005
CHROMIUM = "/usr/bin/chromium"


def source(side, name):
    """A folder holding that version's pelican_fukatsoft, theme and sites."""
    folder = Path(side)
    if folder.is_dir():
        return folder.resolve()
    target = WORK / f"{name}-src"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", side], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def build(src, settings, output):
    shutil.rmtree(output, ignore_errors=True)
    settings = src / settings
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        # No comment server: the page as a reader sees it before Isso answers.
        "FUKATSOFT_ISSO_URL": "http://127.0.0.1:9",
    }
    subprocess.run(
        [
            *(sys.executable, "-m", "pelican", str(settings.parent / "content")),
            *("-s", str(settings), "-o", str(output), "-q"),
        ],
        cwd=settings.parent,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def pages(output, count):
    every = sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if "media" not in p.parts and "pagefind" not in p.parts
    )
    first = [p for p in ("index.html", "archives.html") if p in every]
    rest = [p for p in every if p not in first]
    step = max(1, len(rest) // max(1, count - len(first)))
    return first + rest[::step][: max(0, count - len(first))]


def shoot(browser, output, paths, shots):
    server, origin = serve(output)
    try:
        for width in WIDTHS:
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": 900},
                    color_scheme=scheme,
                    reduced_motion="reduce",
                )
                page = context.new_page()
                for path in paths:
                    page.goto(f"{origin}/{path}", wait_until="networkidle")
                    # Scrolled through as a reader would: what loads as it
                    # comes near (the comment form's script) is in the picture.
                    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
                    page.wait_for_function(
                        "!document.querySelector('[data-comment-form][hidden]')"
                    )
                    page.evaluate("scrollTo(0, 0)")
                    name = path.replace("/", "__")
                    page.screenshot(
                        path=shots / f"{name}-{width}-{scheme}.png",
                        full_page=True,
                        animations="disabled",
                    )
                context.close()
    finally:
        server.shutdown()


def differing(before, after):
    """(share of pixels that differ, heights before and after)."""
    with Image.open(before) as first, Image.open(after) as second:
        a, b = first.convert("RGB"), second.convert("RGB")
        heights = (a.height, b.height)
        width, height = max(a.width, b.width), max(a.height, b.height)
        canvas_a = Image.new("RGB", (width, height), (255, 0, 255))
        canvas_b = Image.new("RGB", (width, height), (0, 255, 0))
        canvas_a.paste(a)
        canvas_b.paste(b)
        diff = ImageChops.difference(canvas_a, canvas_b).convert("L")
        changed = sum(diff.histogram()[1:])
        return changed / (width * height), heights


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main")
    parser.add_argument("--after", default=str(REPO))
    parser.add_argument("--pages", type=int, default=12, help="per site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sides = {
        "before": source(args.before, "before"),
        "after": source(args.after, "after"),
    }
    shots = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        chosen = {}
        for side, src in sides.items():
            for site, settings in SITES.items():
                output = WORK / side / site
                build(src, settings, output)
                chosen.setdefault(site, pages(output, args.pages))
                folder = WORK / "shots" / side / site
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                shoot(browser, output, chosen[site], folder)
                shots[side, site] = folder
        browser.close()
    worst, failed = 0.0, []
    print("| site | page | width | scheme | pixels differing | height before / after |")
    print("|---|---|---:|---|---:|---|")
    for site in SITES:
        for before in sorted(shots["before", site].glob("*.png")):
            after = shots["after", site] / before.name
            if not after.exists():
                failed.append(f"{site}/{before.name}: no screenshot after")
                continue
            share, heights = differing(before, after)
            worst = max(worst, share)
            page, width, scheme = before.stem.rsplit("-", 2)
            print(
                f"| {site} | {page} | {width} | {scheme} | {share:.4%} "
                f"| {heights[0]} / {heights[1]} |"
            )
            if share >= LIMIT:
                failed.append(f"{site}/{before.name}: {share:.2%}")
    print(f"\nlargest difference: {worst:.4%} (limit {LIMIT:.1%})")
    for line in failed:
        print("DIFFERS:", line)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
