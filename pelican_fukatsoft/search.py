"""Search: a Pagefind index of the built site, searched in the reader's
browser, loaded only on the search page.

With ``FUKATSOFT_SEARCH``, the theme marks what to index (the article or
page body, its title, authors, date, category and tags; never lists,
navigation, sidebars, comments or the comment form), adds a search form to
the header and a ``search`` page to the direct templates, and once Pelican
has written the site, Pagefind (its Python package's binary) indexes the
output folder. A missing binary or a failed index is one warning, and the
site is still built.
"""

import subprocess
import sys
from pathlib import Path

from .checks import require, require_flag, warn
from .languages import language_tag

DEFAULTS = {
    # Pagefind search (`pip install "pelican-fukatsoft[search]"`): off unless
    # asked for, as it adds a dependency and a step to every build.
    "FUKATSOFT_SEARCH": False,
    # One index for every language (found from any search page, stemmed as
    # DEFAULT_LANG), or "per-language": one index each, each searched from
    # search pages in its language (i18n_subsites).
    "FUKATSOFT_SEARCH_INDEXES": "one",
}

SEARCH_TEMPLATE = "search"


def check_settings(settings):
    require_flag(settings, "FUKATSOFT_SEARCH")
    require(
        settings,
        "FUKATSOFT_SEARCH_INDEXES",
        settings["FUKATSOFT_SEARCH_INDEXES"] in ("one", "per-language"),
        '"one" or "per-language"',
    )


def prepare(pelican):
    """``initialized``: the search page, if Pagefind is there to index."""
    settings = pelican.settings
    if not settings["FUKATSOFT_SEARCH"]:
        return
    if pagefind_binary() is None:
        warn(
            settings,
            "FUKATSOFT_SEARCH is on but Pagefind is not "
            'installed (pip install "pelican-fukatsoft[search]"): '
            "the site is built without search",
        )
        settings["FUKATSOFT_SEARCH"] = False
        return
    if not _theme_has_search_page(settings):
        # Another theme: the site is indexed for a search page it adds.
        warn(
            settings,
            "FUKATSOFT_SEARCH is on but the theme has no "
            "search.html: the site is indexed, and a search.html that includes "
            '"fukatsoft/search_page.html" gives it a search page',
        )
        return
    templates = list(settings["DIRECT_TEMPLATES"])
    if SEARCH_TEMPLATE not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, SEARCH_TEMPLATE]


def _theme_has_search_page(settings):
    folders = [
        *settings.get("THEME_TEMPLATES_OVERRIDES", ()),
        f"{settings['THEME']}/templates",
    ]
    return any(Path(folder, f"{SEARCH_TEMPLATE}.html").is_file() for folder in folders)


def pagefind_binary():
    """Pagefind's binary as its Python package finds it (its `bin` extra,
    PATH, or PAGEFIND_BINARY_PATH), if it is there."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary and binary.is_file() else None


def index_site(pelican):
    """``finalized``: Pagefind indexes the written site into ``pagefind/``."""
    settings = pelican.settings
    if not settings["FUKATSOFT_SEARCH"]:
        return
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path]
    if settings["FUKATSOFT_SEARCH_INDEXES"] == "one":
        command += [
            "--force-language",
            language_tag(settings.get("DEFAULT_LANG") or "en"),
        ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=600
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        failure = str(error)
    else:
        if result.returncode == 0:
            return
        failure = (result.stderr or result.stdout).strip().splitlines()[-1:]
        failure = failure[0] if failure else f"exit status {result.returncode}"
    warn(
        settings,
        "Pagefind could not index %s (%s): the search page "
        "will say that search is unavailable",
        pelican.output_path,
        failure,
    )
