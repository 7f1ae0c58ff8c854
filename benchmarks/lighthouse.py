"""Lighthouse scores (mobile profile) for the example's index and article.

Installs the pinned Lighthouse from npm into benchmarks/work/ (12.2.3: newer
versions need Node 22), builds the example site as `make serve` ships it and
serves it on loopback beside a real Isso (from .venv-isso, as `make test`
installs it), and runs Lighthouse against Debian's Chromium.

    python benchmarks/lighthouse.py
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The same builds and servers as the tests.
sys.path.insert(0, str(HERE.parent / "tests"))
from harness import IssoServer, StaticServer  # noqa: E402
from page_weight import PAGES, build  # noqa: E402

WORK = HERE / "work"
LIGHTHOUSE_VERSION = "12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
)


def lighthouse_binary():
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        WORK.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "-E",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            cwd=WORK,
            check=True,
        )
    return binary


def scores(binary, url, report):
    subprocess.run(
        [
            str(binary),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
    )
    data = json.loads(Path(report).read_text())
    # The failing audits, with their figure where they have one ("2.1 s").
    failing = [
        f"{audit['id']} ({audit['displayValue']})"
        if audit.get("displayValue")
        else audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}, failing


def main():
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory() as work:
        output = Path(work, "site")
        server = StaticServer(output)
        origin = server.origin
        isso = IssoServer(Path(work), origin)
        build(output, FUKATSOFT_ISSO_URL=isso.url)
        print(
            "| page | performance | accessibility | best practices | SEO "
            "| audits below 100 |"
        )
        print("|---|---:|---:|---:|---:|---|")
        for name, path in PAGES.items():
            result, failing = scores(
                binary, f"{origin}/{path}", Path(work, f"{name}.json")
            )
            print(
                f"| {name} | "
                + " | ".join(str(result[c]) for c in CATEGORIES)
                + f" | {', '.join(failing) or '—'} |"
            )
        server.stop()
        isso.stop()


if __name__ == "__main__":
    main()
