"""Installing from a wheel: theme inside the package, namespace discovery."""

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_SITE, REPO

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
# The wheel is built and installed once (a module fixture): its tests share
# one xdist worker.
pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """A fresh venv with nothing but the built wheel and its dependencies
    (with the `example` extra: the plugins the example site runs)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--outdir",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (root / "dist").glob("pelican_fukatsoft-*.whl")
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", f"{wheel}[example]"],
        check=True,
        capture_output=True,
    )
    site = root / "site"
    shutil.copytree(
        EXAMPLE_SITE, site, ignore=shutil.ignore_patterns("output", "cache")
    )
    return python, site


def pelican(python, site, settings, output):
    return subprocess.run(
        [python, "-m", "pelican", "content", "-s", settings, "-o", str(output)],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def test_theme_ships_inside_the_wheel(wheel_env):
    python, site = wheel_env
    theme = subprocess.run(
        [
            python,
            "-c",
            "import pelican_fukatsoft; print(pelican_fukatsoft.get_theme_path())",
        ],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in theme
    assert theme.endswith("pelican_fukatsoft/theme")
    # The compiled catalogues, for the plugin and for i18n_subsites.
    catalogues = sorted(Path(theme).glob("translations/*/LC_MESSAGES/messages.mo"))
    assert {path.parent.parent.name for path in catalogues} >= {"ur", "de", "zh"}


def test_example_site_builds_from_the_wheel(wheel_env, tmp_path):
    python, site = wheel_env
    result = pelican(python, site, "pelicanconf.py", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    page = BeautifulSoup((tmp_path / "out" / ARTICLE).read_text(), "html.parser")
    assert page.select_one(".count-views .count-value").get_text() == "45"
    assert "Froala" not in str(page)
    assert (tmp_path / "out" / "theme" / "css" / "fukatsoft.css").is_file()


def test_namespace_plugin_loads_when_plugins_is_unset(wheel_env, tmp_path):
    python, site = wheel_env
    (site / "namespaceconf.py").write_text(
        "from pelicanconf import *  # noqa\n"
        "del PLUGINS  # Pelican then loads every namespace plugin\n"
    )
    result = pelican(python, site, "namespaceconf.py", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / ARTICLE).read_text()
    assert "Froala" not in page
    assert "count-views" in page
