"""The screenshot gallery: the example site at 360 and 1280 px, light and
dark, as docs/screenshots/*.webp and its index docs/screenshots/README.md.

Run by ``make screenshots`` (Debian's Chromium through Playwright)."""

import functools
import http.server
import io
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from harness import run_pelican  # noqa: E402  (the tests' real build)

TARGET = REPO / "docs" / "screenshots"
PAGES = {
    "index": ("", "The first index page: lead card and grid"),
    "article": (
        "blog/afghanistan-crisis-us-pakistan-relations/",
        "The example article",
    ),
    "urdu": ("blog/urdu-on-our-blog/ur/", "The Urdu article, right to left"),
    "archives": ("archives.html", "Archives by year and month"),
}
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")
HEIGHT = {360: 760, 1280: 900}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "output"
        # A static build: no comment server runs behind it.
        run_pelican(
            REPO / "example_site/pelicanconf.py", output, FUKATSOFT_ISSO_URL=None
        )
        server = serve(output)
        origin = f"http://127.0.0.1:{server.server_port}"
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for name, (path, caption) in PAGES.items():
                cells = []
                for width in WIDTHS:
                    for scheme in SCHEMES:
                        context = browser.new_context(
                            viewport={"width": width, "height": HEIGHT[width]},
                            color_scheme=scheme,
                        )
                        page = context.new_page()
                        page.goto(f"{origin}/{path}", wait_until="networkidle")
                        png = page.screenshot()
                        context.close()
                        file = f"{name}-{width}-{scheme}.webp"
                        Image.open(io.BytesIO(png)).save(
                            TARGET / file, "WEBP", quality=60, method=6
                        )
                        cells.append(f"![{caption}, {width} px, {scheme}]({file})")
                rows.append(f"| {caption} | " + " | ".join(cells) + " |")
            browser.close()
        server.shutdown()
    header = " | ".join(f"{w} px {s}" for w in WIDTHS for s in SCHEMES)
    (TARGET / "README.md").write_text(
        "# Screenshots\n\nThe example site (`make screenshots` writes this page).\n\n"
        f"| page | {header} |\n|---|"
        + "---|" * len(WIDTHS) * len(SCHEMES)
        + "\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    total = sum(f.stat().st_size for f in TARGET.glob("*.webp"))
    print(f"{len(rows) * len(WIDTHS) * len(SCHEMES)} screenshots, {total:,} bytes")


if __name__ == "__main__":
    main()
