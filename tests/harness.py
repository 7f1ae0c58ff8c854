"""Real parts for the tests and the benchmarks: a Pelican build as if in a
fresh process, a static server and a real Isso server on loopback."""

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from blinker import ANY, NamedSignal
from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent


# Modules whose signal handlers belong to one build's PLUGINS.
PLUGIN_MODULES = ("pelican_fukatsoft", "pelican.plugins.")


def disconnect_plugins():
    """Blinker signals are process-wide: forget every plugin between builds
    so a build with ``PLUGINS = []`` really runs without them, and one
    build's i18n_subsites does not run in the next."""
    for value in vars(signals).values():
        if isinstance(value, NamedSignal):
            for receiver in list(value.receivers_for(ANY)):
                if getattr(receiver, "__module__", "").startswith(PLUGIN_MODULES):
                    value.disconnect(receiver)


def start_pelican(settings_file, **overrides):
    """Pelican set up as ``pelican -s settings_file`` sets it up, as if in a
    fresh process: its plugins registered and ``initialized`` sent (so every
    setting checked), nothing read or written yet."""
    # Pelican drops a message it logged before in this process; every
    # build in a test must be heard as if it were the first.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    disconnect_plugins()
    # publishconf.py imports "pelicanconf": make it find its own sibling.
    sys.modules.pop("pelicanconf", None)
    return Pelican(read_settings(str(settings_file), override=overrides))


def run_pelican(settings_file, output, **overrides):
    """One real Pelican build into *output*, as if it ran in a fresh process."""
    start_pelican(settings_file, OUTPUT_PATH=str(output), **overrides).run()
    return output


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1, as a reader's browser would see it."""

    def __init__(self, folder, port=None):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port or 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class IssoServer:
    """A real Isso server on a free loopback port, with its own database."""

    def __init__(self, folder, site_origin, *, guard=False, moderation=False):
        binary = os.environ.get(
            "FUKATSOFT_TEST_ISSO", str(REPO / ".venv-isso/bin/isso")
        )
        assert Path(binary).exists(), f"Isso not found at {binary}: run `make test`"
        self.db = folder / "comments.db"
        self.url = f"http://127.0.0.1:{free_port()}"
        config = folder / "isso.cfg"
        # The guard limits comments per minute and per thread: off unless a
        # test is about that limit (True: one comment a minute), or a whole
        # [guard] section to test (the example site's).
        if isinstance(guard, str):
            guard_section = guard
        elif guard:
            guard_section = "[guard]\nenabled = true\nratelimit = 1\n"
        else:
            guard_section = "[guard]\nenabled = false\n"
        config.write_text(
            f"[general]\ndbpath = {self.db}\nhost = {site_origin}\n"
            "latest-enabled = true\n"
            f"[server]\nlisten = {self.url}/\n"
            f"[moderation]\nenabled = {str(moderation).lower()}\n" + guard_section
        )
        self.log = (folder / "isso.log").open("w")
        self.process = subprocess.Popen(
            [binary, "-c", str(config), "run"], stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/count", data=b"[]", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("Isso did not start") from None
                time.sleep(0.1)

    def post(self, uri, **fields):
        """POST /new as the theme's form does; returns (status, body)."""
        request = urllib.request.Request(
            f"{self.url}/new?uri={urllib.parse.quote(uri)}",
            data=json.dumps({"title": "A page", **fields}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            # Isso takes seconds over a comment of its maximum length on a
            # loaded machine.
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()
