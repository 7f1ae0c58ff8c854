"""Theme assets as readers download them.

The theme's stylesheet and scripts are kept readable in the theme; the build
minifies the copies Pelican puts in the output (rcssmin, rjsmin). With another
theme, the scripts our partials link (``fukatsoft/scripts.html``,
``fukatsoft/search_page.html``) and the icons' sprites (``icons.svg``,
``icons-links.svg``, which ``fukatsoft/icons.html`` names) are added to that
theme's static folder, so the partials work there too.
"""

from pathlib import Path

import rcssmin
import rjsmin

from .checks import logger_for, require_flag
from .identity import accent_stylesheet
from .templating import THEME_DIR

logger = logger_for(__name__)

DEFAULTS = {
    # Minify the theme's CSS and JS in the output; False ships them as
    # written (easier to debug in a browser).
    "FUKATSOFT_MINIFY_ASSETS": True,
}

# Paths under THEME_STATIC_DIR, as the templates link them.
MINIFIERS = {
    "css/fukatsoft.css": rcssmin.cssmin,
    "css/lists.css": rcssmin.cssmin,
    "css/code.css": rcssmin.cssmin,
    "css/extras.css": rcssmin.cssmin,
    "css/docutils.css": rcssmin.cssmin,
    "js/fukatsoft.js": rjsmin.jsmin,
    "js/comments.js": rjsmin.jsmin,
    "js/search.js": rjsmin.jsmin,
}

# The icons' sprites under THEME_STATIC_DIR (fukatsoft/icons.html links them).
SPRITES = ("icons.svg", "icons-links.svg")


def linked_scripts(settings):
    """The scripts our partials link on this site, as they decide it
    (fukatsoft/scripts.html, fukatsoft/search_page.html): no link, no file."""
    plugins = " ".join(str(plugin) for plugin in settings.get("PLUGINS") or ())
    return {
        "js/fukatsoft.js": bool(
            settings.get("FUKATSOFT_ISSO_URL")
            or settings.get("FUKATSOFT_GOATCOUNTER")
            or "share_post" in plugins
        ),
        # fukatsoft.js loads it beside itself when a page has comments.
        "js/comments.js": bool(settings.get("FUKATSOFT_ISSO_URL")),
        # The search plugin adds the search page when the theme has one.
        "js/search.js": bool(settings.get("FUKATSOFT_SEARCH"))
        and "search" in settings.get("DIRECT_TEMPLATES", ()),
    }


def check_settings(settings):
    require_flag(settings, "FUKATSOFT_MINIFY_ASSETS")


def write_assets(pelican):
    settings = pelican.settings
    static_dir = Path(pelican.output_path, settings["THEME_STATIC_DIR"])
    linked = linked_scripts(settings)
    minifying = settings["FUKATSOFT_MINIFY_ASSETS"]
    # The site's accent colour, after the theme's own (identity.py).
    additions = {"css/fukatsoft.css": accent_stylesheet(settings)}
    for name, minify in MINIFIERS.items():
        target = static_dir / name
        if target.is_file():
            if not minifying and not additions.get(name):
                continue
            # Pelican copies theme files afresh on every build, so what is
            # added here is added once.
            source = target
        elif linked.get(name):
            source = THEME_DIR / "static" / name
        else:
            continue
        try:
            text = source.read_text(encoding="utf-8")
            if minifying:
                text = minify(text)
            text += additions.get(name, "")
            target.parent.mkdir(parents=True, exist_ok=True)
            # A new file, never a write through a link into someone's theme.
            target.unlink(missing_ok=True)
            target.write_text(text, encoding="utf-8")
        except (OSError, UnicodeError) as error:
            logger.warning("%s: cannot minify or copy (%s)", target, error)
    # Our partials' icons are <use> of these sprites: with another theme,
    # they go beside that theme's files (ours copies them as static files).
    for name in SPRITES:
        sprite = static_dir / name
        if sprite.is_file():
            continue
        try:
            sprite.parent.mkdir(parents=True, exist_ok=True)
            sprite.write_bytes((THEME_DIR / "static" / name).read_bytes())
        except OSError as error:
            logger.warning("%s: cannot copy (%s)", sprite, error)
