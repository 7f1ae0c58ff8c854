"""Installing from a wheel or a clone: the README's commands, theme inside
the package, namespace discovery."""

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_SITE, REPO

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
# The wheel is built and installed once (a module fixture): its tests share
# one xdist worker.
pytestmark = pytest.mark.xdist_group("wheel")

# The README's install commands, as the tests below run them: the wheel
# fixture builds with BUILD_WHEEL (plus an --outdir and the source) and
# installs what INSTALL_WHEEL's pattern finds; the clone test runs
# INSTALL_CLONE as written, beside a copy named like the clone.
CLONE_DIR = "pelican-fukatsoft"
INSTALL_CLONE = ["pip", "install", f"./{CLONE_DIR}"]
INSTALL_EDITABLE = ["pip", "install", "-e", f"./{CLONE_DIR}"]
BUILD_WHEEL = ["python", "-m", "build", "--wheel"]
INSTALL_WHEEL = ["pip", "install", "dist/pelican_fukatsoft-*.whl"]


def readme_install_commands():
    """The commands of the shell block under the README's install heading:
    comments dropped, `a && b` split, each split as the shell would."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Install into an existing site\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    commands = []
    for line in block.splitlines():
        command = line.split(" #", 1)[0]
        commands.extend(
            shlex.split(part) for part in command.split("&&") if part.strip()
        )
    return commands


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """A fresh venv with nothing but the built wheel and its dependencies
    (with the `example` extra: the plugins the example site runs)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, *BUILD_WHEEL[1:], "--outdir", str(root / "dist"), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = root.glob(INSTALL_WHEEL[-1])
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    subprocess.run(
        [python, "-m", *INSTALL_WHEEL[:-1], "--quiet", f"{wheel}[example]"],
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


def installed_files(python):
    """The package's installed files as its metadata records them (its
    dist-info and compiled caches left out: they differ by how pip was run)."""
    listing = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m\n"
            "print('\\n'.join(str(f) for f in m.files('pelican-fukatsoft')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        name
        for name in listing
        if ".dist-info/" not in name and "__pycache__" not in name
    }


def test_readme_names_the_install_commands_the_tests_run():
    source = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    assert readme_install_commands() == [
        ["git", "clone", source["Source"]],
        INSTALL_CLONE,
        INSTALL_EDITABLE,
        ["cd", CLONE_DIR],
        BUILD_WHEEL,
        INSTALL_WHEEL,
    ]
    # The editable install is the one `make` gives the development venv.
    assert 'pip install --quiet -e ".[dev]"' in (REPO / "Makefile").read_text()


def test_install_from_a_clone_gives_the_wheels_files(wheel_env, tmp_path):
    """The README's `pip install ./pelican-fukatsoft`, run as written beside
    a copy of the checkout, installs the same files as the wheel."""
    shutil.copytree(
        REPO,
        tmp_path / CLONE_DIR,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "dist",
            "build",
            "test-artifacts",
            "output",
            "cache",
            "work",
            "var",
            ".hypothesis",
            "*_cache",
            "__pycache__",
        ),
    )
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    # --no-deps: the files are the question; the dependencies are the
    # wheel fixture's, and installing them twice would double the time.
    subprocess.run(
        [python, "-m", *INSTALL_CLONE[:-1], "--quiet", "--no-deps", INSTALL_CLONE[-1]],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    from_clone = installed_files(python)
    assert "pelican_fukatsoft/theme/templates/base.html" in from_clone
    assert from_clone == installed_files(wheel_env[0])


WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def test_the_release_builds_what_the_index_accepts(wheel_env, tmp_path):
    """The release workflow's build and check, run here: the sdist (the
    wheel is the one wheel_env built) builds from this tree and both pass
    `twine check --strict`."""
    steps = re.findall(r"^\s*- run: (.+)$", WORKFLOW.read_text(), re.MULTILINE)
    assert "python -m build --sdist --wheel --outdir dist ." in steps
    assert "python -m twine check --strict dist/*" in steps
    assert "id-token: write" in WORKFLOW.read_text()  # trusted publishing
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", dist, REPO],
        check=True,
        capture_output=True,
    )
    (wheel,) = (wheel_env[1].parent / "dist").glob("*.whl")
    shutil.copy2(wheel, dist)
    built = sorted(path.name for path in dist.iterdir())
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert built == [
        f"pelican_fukatsoft-{version}-py3-none-any.whl",
        f"pelican_fukatsoft-{version}.tar.gz",
    ]
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *dist.iterdir()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2
