"""Syntax highlighting, light and dark, from Pygments styles.

Pelican's Markdown (``codehilite``) and reST (``code-block``) readers mark
code tokens with Pygments' short CSS classes inside ``.highlight``; the theme
ships no colours for them. After the build, this module writes
``css/pygments.css`` into the theme's static output: the theme's code-block
layout (``css/code.css``), the light style's rules, and the dark style's
inside ``prefers-color-scheme: dark``, each with its own background. The
theme links it only on pages that contain highlighted code.

The default pair was chosen with its backgrounds: every token colour of
``xcode`` on white and of ``lightbulb`` on #1d2331 has at least 4.5:1
contrast, and each gives 10 or more distinct colours (``default`` falls
under 4.5:1 for one colour, ``monokai`` and ``dracula`` give fewer colours).
"""

from pathlib import Path

import rcssmin
from pygments.formatters import HtmlFormatter
from pygments.styles import get_all_styles
from pygments.token import Text

from .checks import logger_for, require

logger = logger_for(__name__)

DEFAULTS = {
    # Pygments style names for code in light and in dark mode; None falls
    # back to PYGMENTS_STYLE / PYGMENTS_STYLE_DARK (the names Flex uses).
    "FUKATSOFT_PYGMENTS_STYLE": None,
    "FUKATSOFT_PYGMENTS_STYLE_DARK": None,
}
DEFAULT_STYLES = {
    "FUKATSOFT_PYGMENTS_STYLE": "xcode",
    "FUKATSOFT_PYGMENTS_STYLE_DARK": "lightbulb",
}
FALLBACKS = {
    "FUKATSOFT_PYGMENTS_STYLE": "PYGMENTS_STYLE",
    "FUKATSOFT_PYGMENTS_STYLE_DARK": "PYGMENTS_STYLE_DARK",
}
#: Under THEME_STATIC_DIR in the output, as the templates link it.
STYLESHEET = "css/pygments.css"
#: The theme's code-block layout, which the stylesheet starts with.
CODE_LAYOUT = "css/code.css"
#: The class Pelican's readers put around highlighted code.
CODE_CLASS = ".highlight"


def _style(settings, name):
    """The style *name* gives: its own, else Pelican's setting, else ours."""
    if settings[name] is not None:
        return settings[name]
    return settings.get(FALLBACKS[name]) or DEFAULT_STYLES[name]


def check_settings(settings):
    styles = set(get_all_styles())
    for name in FALLBACKS:
        style = _style(settings, name)
        require(
            settings,
            name,
            isinstance(style, str) and style in styles,
            f"a Pygments style name (one of {', '.join(sorted(styles))})",
        )


def normalize_settings(settings):
    for name in FALLBACKS:
        settings[name] = _style(settings, name)


def stylesheet(light, dark):
    """CSS for *light* code, and for *dark* code when the reader's scheme is."""
    return (
        f"/* Pygments styles {light} (light) and {dark} (dark) */\n"
        f"{_rules(light, '#000')}\n"
        f"@media (prefers-color-scheme: dark) {{\n{_rules(dark, '#fff')}\n}}\n"
    )


def _rules(style, text_colour):
    """One style's rules; its own background, and a text colour for tokens
    it leaves uncoloured (the page's own could be too light or too dark)."""
    formatter = HtmlFormatter(style=style)
    colour = formatter.style.style_for_token(Text)["color"]
    return "\n".join(
        [
            f"{CODE_CLASS} {{ background: {formatter.style.background_color}; "
            f"color: {'#' + colour if colour else text_colour}; }}",
            *formatter.get_token_style_defs(CODE_CLASS),
        ]
    )


def write_stylesheet(pelican):
    """``finalized``: the code stylesheet beside the theme's own."""
    settings = pelican.settings
    static_dir = Path(pelican.output_path, settings["THEME_STATIC_DIR"])
    target = static_dir / STYLESHEET
    # The theme's layout of code blocks and the colours, in one request.
    layout = static_dir / CODE_LAYOUT
    css = (layout.read_text(encoding="utf-8") if layout.is_file() else "") + (
        stylesheet(
            settings["FUKATSOFT_PYGMENTS_STYLE"],
            settings["FUKATSOFT_PYGMENTS_STYLE_DARK"],
        )
    )
    if settings["FUKATSOFT_MINIFY_ASSETS"]:
        css = rcssmin.cssmin(css)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_text(css, encoding="utf-8")
    except OSError as error:
        logger.warning("%s: cannot write (%s)", target, error)
