"""Identity: the site's logo, icons, accent colour and footer credit.

``SITELOGO`` (the setting Pelican themes share) and
``FUKATSOFT_SITELOGO_DARK`` show in the header (``fukatsoft/brand.html``)
with the width and height read from their files, so the logo keeps its shape
and nothing shifts as it loads. ``FUKATSOFT_ICON`` is the one source of the
favicon and the touch icon. ``FUKATSOFT_ACCENT`` (and ``_DARK``) recolour
links, buttons and focus rings; each is checked against the theme's
backgrounds for the 4.5:1 contrast WCAG asks of text.
``FUKATSOFT_POWERED_BY`` is the footer's credit line (``fukatsoft/powered_by.html``).
"""

import re
import shutil
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .checks import require, require_optional_path, warn
from .data_files import shown
from .images import image_size, local_file
from .urls import WEB_SCHEMES, clean_html, safe_url

DEFAULTS = {
    # The footer credit: True, False, an HTML string ("{year}" is
    # replaced) or a list of (name, url) pairs.
    "FUKATSOFT_POWERED_BY": True,
    # The logo for dark colour schemes (path under SITEURL or absolute URL).
    "FUKATSOFT_SITELOGO_DARK": None,
    # Favicon and touch icon source, relative to PATH: a square PNG, JPEG or
    # WebP of 180 px or more gives both; an SVG gives the favicon only.
    "FUKATSOFT_ICON": None,
    # Link, button and focus colour ("#0b5cab"), and its dark-scheme twin
    # (the same colour when None).
    "FUKATSOFT_ACCENT": None,
    "FUKATSOFT_ACCENT_DARK": None,
}

# The theme's page and panel backgrounds in each scheme (fukatsoft.css).
BACKGROUNDS = {"light": ("#ffffff", "#f4f6fa"), "dark": ("#10151d", "#19212c")}
# Button text on the accent: whichever of the two reads better.
TEXT_ON_ACCENT = ("#ffffff", "#0b1522")
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# Sizes written from a raster FUKATSOFT_ICON, under THEME_STATIC_DIR.
ICON_SIZES = {"icons/favicon-32.png": 32, "icons/touch-icon-180.png": 180}
SVG_ICON = "icons/favicon.svg"


def check_settings(settings):
    dark_logo = settings["FUKATSOFT_SITELOGO_DARK"]
    require(
        settings,
        "FUKATSOFT_SITELOGO_DARK",
        not dark_logo or bool(safe_url(dark_logo, WEB_SCHEMES)),
        "None, an http(s) URL or a path relative to SITEURL",
    )
    _, problem = local_file(settings, settings.get("SITELOGO"))
    if problem:
        warn(
            settings,
            "SITELOGO %s is not a file under PATH or the "
            "theme (%s); shown without its size",
            shown(settings["SITELOGO"]),
            problem,
        )
    require_optional_path(
        settings, "FUKATSOFT_ICON", "the path of an image relative to PATH"
    )
    for name in ("FUKATSOFT_ACCENT", "FUKATSOFT_ACCENT_DARK"):
        value = settings[name]
        require(
            settings,
            name,
            value is None
            or (isinstance(value, str) and HEX_COLOUR.fullmatch(value.strip())),
            'None or a hex colour such as "#0b5cab"',
        )
    for scheme, colour in accent_colours(settings).items():
        name = "FUKATSOFT_ACCENT" + ("_DARK" if scheme == "dark" else "")
        for background in BACKGROUNDS[scheme]:
            ratio = contrast(colour, background)
            if ratio < MIN_CONTRAST:
                warn(
                    settings,
                    "%s %s on the %s scheme's background %s "
                    "has a contrast of %.2f:1, below %.1f:1: links will be hard "
                    "to read%s",
                    name,
                    colour,
                    scheme,
                    background,
                    ratio,
                    MIN_CONTRAST,
                    " (set FUKATSOFT_ACCENT_DARK for dark schemes)"
                    if scheme == "dark" and not settings["FUKATSOFT_ACCENT_DARK"]
                    else "",
                )
    credit = settings["FUKATSOFT_POWERED_BY"]
    require(
        settings,
        "FUKATSOFT_POWERED_BY",
        isinstance(credit, bool | str)
        or (
            isinstance(credit, list | tuple)
            and all(
                isinstance(pair, list | tuple)
                and len(pair) == 2
                and all(isinstance(part, str) for part in pair)
                for pair in credit
            )
        ),
        "True, False, an HTML string or a list of (name, url) pairs",
    )
    if isinstance(credit, list | tuple):
        for name, url in credit:
            require(
                settings,
                "FUKATSOFT_POWERED_BY",
                bool(safe_url(url)),
                f"pairs with http(s), mailto or relative URLs ({name!r})",
            )


def normalize_settings(settings):
    # The site's own HTML credit, kept to text-level markup and safe links.
    if isinstance(settings["FUKATSOFT_POWERED_BY"], str):
        settings["FUKATSOFT_POWERED_BY"] = clean_html(settings["FUKATSOFT_POWERED_BY"])


def accent_colours(settings):
    """{"light": colour, "dark": colour} for a site with an accent, else {}."""
    light = settings["FUKATSOFT_ACCENT"]
    dark = settings["FUKATSOFT_ACCENT_DARK"] or light
    if not light and not dark:
        return {}
    colours = {"light": light, "dark": dark}
    return {scheme: c.strip().lower() for scheme, c in colours.items() if c}


def accent_stylesheet(settings):
    """The theme's colour variables for the site's accent, for fukatsoft.css."""
    rules = []
    for scheme, colour in accent_colours(settings).items():
        on_accent = max(TEXT_ON_ACCENT, key=lambda text: contrast(text, colour))
        block = f":root{{--accent:{colour};--accent-text:{on_accent};--focus:{colour}}}"
        if scheme == "dark":
            block = f"@media (prefers-color-scheme:dark){{{block}}}"
        rules.append(block)
    return "".join(rules)


def contrast(first, second):
    """WCAG 2 contrast ratio of two sRGB hex colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour):
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def prepare_environment(generator):
    """``generator_init``: the logo's size and the icon links for templates."""
    settings = generator.settings
    logo, _ = local_file(settings, settings.get("SITELOGO"))
    generator.env.globals["fukatsoft_logo_size"] = image_size(logo) if logo else None
    generator.env.globals["fukatsoft_site_icons"] = site_icons(settings)


def site_icons(settings):
    """What the head links: {"svg": path} and/or {"png": {size: path}}, paths
    under SITEURL; empty for the theme's own favicon."""
    source = settings["FUKATSOFT_ICON"]
    if not source:
        return {}
    static = settings.get("THEME_STATIC_DIR", "theme").strip("/")
    if source.lower().endswith(".svg"):
        return {"svg": f"{static}/{SVG_ICON}"}
    return {
        "png": {size: f"{static}/{name}" for name, size in ICON_SIZES.items()},
    }


def write_icons(pelican):
    """``finalized``: the favicon and touch icon from FUKATSOFT_ICON."""
    settings = pelican.settings
    source_name = settings["FUKATSOFT_ICON"]
    if not source_name:
        return
    source = Path(settings["PATH"], source_name)
    static = Path(pelican.output_path, settings.get("THEME_STATIC_DIR", "theme"))
    try:
        if source.suffix.lower() == ".svg":
            target = static / SVG_ICON
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            warn(
                settings,
                "FUKATSOFT_ICON %s is an SVG: browsers get "
                "the favicon, phones no touch icon (give a PNG of 180 px or "
                "more for both)",
                source_name,
            )
            return
        with Image.open(source) as opened:
            image = opened.convert("RGBA")
            if min(image.size) < max(ICON_SIZES.values()):
                warn(
                    settings,
                    "FUKATSOFT_ICON %s is %dx%d px: the "
                    "touch icon is enlarged from it (180 px or more looks sharp)",
                    source_name,
                    *image.size,
                )
            for name, size in ICON_SIZES.items():
                target = static / name
                target.parent.mkdir(parents=True, exist_ok=True)
                _square(image, size).save(target, "PNG", optimize=True)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        warn(
            settings,
            "FUKATSOFT_ICON %s: cannot make the icons (%s)",
            source_name,
            error,
        )


def _square(image, size):
    """*image* centred on a transparent square of *size* px, not stretched."""
    scale = size / max(image.size)
    resized = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.LANCZOS,
    )
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(resized, ((size - resized.width) // 2, (size - resized.height) // 2))
    return square
