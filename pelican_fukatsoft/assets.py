"""Theme assets as readers download them.

The theme's stylesheet and script are kept readable in the theme; the build
minifies the copies Pelican puts in the output (rcssmin, rjsmin), which keeps
an article page with comments under its 15 KB CSS+JS budget. With another
theme, the script that ``fukatsoft/scripts.html`` links is added to that
theme's static folder, so the partial works there too.
"""

import logging
from pathlib import Path

import rcssmin
import rjsmin

from .checks import require_flag
from .templating import THEME_DIR

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Minify the theme's CSS and JS in the output; False ships them as
    # written (easier to debug in a browser).
    "FUKATSOFT_MINIFY_ASSETS": True,
}

# Paths under THEME_STATIC_DIR, as the templates link them.
MINIFIERS = {
    "css/fukatsoft.css": rcssmin.cssmin,
    "css/code.css": rcssmin.cssmin,
    "css/extras.css": rcssmin.cssmin,
    "css/docutils.css": rcssmin.cssmin,
    "js/fukatsoft.js": rjsmin.jsmin,
}
SCRIPT = "js/fukatsoft.js"


def check_settings(settings):
    require_flag(settings, "FUKATSOFT_MINIFY_ASSETS")


def write_assets(pelican):
    settings = pelican.settings
    static_dir = Path(pelican.output_path, settings["THEME_STATIC_DIR"])
    # The same condition as fukatsoft/scripts.html: no link, no file.
    script_linked = bool(
        settings.get("FUKATSOFT_ISSO_URL") or settings.get("FUKATSOFT_GOATCOUNTER")
    )
    minifying = settings["FUKATSOFT_MINIFY_ASSETS"]
    for name, minify in MINIFIERS.items():
        target = static_dir / name
        if target.is_file():
            if not minifying:
                continue
            # Pelican copies theme files afresh on every build; minifying an
            # already minified file changes nothing, so reruns are safe.
            source = target
        elif name == SCRIPT and script_linked:
            source = THEME_DIR / "static" / name
        else:
            continue
        try:
            text = source.read_text(encoding="utf-8")
            if minifying:
                text = minify(text)
            target.parent.mkdir(parents=True, exist_ok=True)
            # A new file, never a write through a link into someone's theme.
            target.unlink(missing_ok=True)
            target.write_text(text, encoding="utf-8")
        except (OSError, UnicodeError) as error:
            logger.warning(
                "pelican-fukatsoft: %s: cannot minify or copy (%s)", target, error
            )
