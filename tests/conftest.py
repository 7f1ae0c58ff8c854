import logging
import shutil
import sys
from pathlib import Path

import pytest
from blinker import ANY, NamedSignal
from bs4 import BeautifulSoup
from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SITE = REPO / "example_site"
# The text dump of the FukatSoft page the example article was taken from.
SEED_PAGE = REPO / "tests" / "fixtures" / "seed-page.txt"


class Site:
    """A finished Pelican build: its output folder and what it logged."""

    def __init__(self, output, records):
        self.output = output
        self.records = records

    def html(self, relative):
        return BeautifulSoup(
            (self.output / relative).read_text(encoding="utf-8"), "html.parser"
        )

    def text(self, relative):
        return (self.output / relative).read_text(encoding="utf-8")

    def messages(self, level=logging.WARNING):
        return [r.getMessage() for r in self.records if r.levelno >= level]


def disconnect_plugin():
    """Blinker signals are process-wide: forget the plugin between builds so a
    build with ``PLUGINS = []`` really runs without it."""
    for value in vars(signals).values():
        if isinstance(value, NamedSignal):
            for receiver in list(value.receivers_for(ANY)):
                if getattr(receiver, "__module__", "").startswith("pelican_fukatsoft"):
                    value.disconnect(receiver)


@pytest.fixture
def build(tmp_path, caplog):
    """Run a real Pelican build: ``build(settings_file=..., **overrides)``."""

    def run(settings_file=EXAMPLE_SITE / "pelicanconf.py", content=None, **overrides):
        output = tmp_path / f"output{len(list(tmp_path.glob('output*')))}"
        overrides.setdefault("OUTPUT_PATH", str(output))
        overrides.setdefault("CACHE_PATH", str(tmp_path / "cache"))
        if content is not None:
            overrides["PATH"] = str(content)
        caplog.clear()
        # Pelican drops a message it logged before in this process; every
        # build in a test must be heard as if it were the first.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        disconnect_plugin()
        # publishconf.py imports "pelicanconf": make it find its own sibling.
        sys.modules.pop("pelicanconf", None)
        with caplog.at_level(logging.DEBUG):
            settings = read_settings(str(settings_file), override=overrides)
            Pelican(settings).run()
        return Site(output, list(caplog.records))

    return run


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The example site built once with its own settings, shared read-only."""
    disconnect_plugin()
    sys.modules.pop("pelicanconf", None)
    output = tmp_path_factory.mktemp("example") / "output"
    # Read as a static site: no comment server runs behind this build.
    settings = read_settings(
        str(EXAMPLE_SITE / "pelicanconf.py"),
        override={"OUTPUT_PATH": str(output), "FUKATSOFT_ISSO_URL": None},
    )
    Pelican(settings).run()
    return Site(output, [])


@pytest.fixture
def example_copy(tmp_path):
    """A private copy of the example site, safe to change."""
    target = tmp_path / "example_site"
    shutil.copytree(
        EXAMPLE_SITE, target, ignore=shutil.ignore_patterns("output", "cache", "var")
    )
    return target
