"""Lighthouse scores (mobile profile) for the example's index and article.

Installs the pinned Lighthouse from npm into benchmarks/work/ (12.2.3: newer
versions need Node 22), builds the example site as `make serve` ships it and
serves it on loopback beside a real Isso (from .venv-isso, as `make test`
installs it), and runs Lighthouse against Debian's Chromium.

    python benchmarks/lighthouse.py
"""

import json
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from page_weight import PAGES, build, serve

HERE = Path(__file__).resolve().parent
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
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}, failing


def start_isso(work, site_origin):
    binary = os.environ.get(
        "FUKATSOFT_TEST_ISSO", str(HERE.parent / ".venv-isso/bin/isso")
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    config = Path(work, "isso.cfg")
    config.write_text(
        f"[general]\ndbpath = {Path(work, 'comments.db')}\nhost = {site_origin}\n"
        f"[server]\nlisten = {url}/\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config), "run"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2)
    return url, process


def main():
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory() as work:
        output = Path(work, "site")
        server = serve(output)
        origin = f"http://127.0.0.1:{server.server_port}"
        isso_url, isso = start_isso(work, origin)
        build(output, FUKATSOFT_ISSO_URL=isso_url)
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
        server.shutdown()
        isso.terminate()


if __name__ == "__main__":
    main()
