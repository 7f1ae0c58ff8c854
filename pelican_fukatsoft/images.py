"""Featured images: one image per article or page, shown as its hero and as
its card's thumbnail, and named in its OpenGraph/Twitter tags and JSON-LD.

The image is, first found: ``Image:`` or ``Cover:`` metadata, or what
pelican-featured-image picked (list it before us in PLUGINS). Its text
alternative is ``Image_alt:`` (or ``Cover_alt:``, or featured-image's
``Alt:``); an empty ``Image_alt:`` marks the image decorative. Local files
give the ``width``/``height`` the page reserves. With pelican-image-process,
``FUKATSOFT_HERO_IMAGE_PROCESS``, ``_LEAD_`` and ``_CARD_`` name its
derivatives, and it writes the responsive ``srcset`` into every page.
"""

import warnings
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from PIL import Image, UnidentifiedImageError

from .checks import require_optional_text, warn
from .content_data import contents_of, data_of, shared_context
from .data_files import file_problem, shown
from .internals import content_source
from .plain_text import html_to_text
from .urls import WEB_SCHEMES, safe_url

DEFAULTS = {
    # pelican-image-process derivatives (IMAGE_PROCESS names) for the hero,
    # the lead card (wide, first on a list) and the other cards; None serves
    # the image as it is.
    "FUKATSOFT_HERO_IMAGE_PROCESS": None,
    "FUKATSOFT_LEAD_IMAGE_PROCESS": None,
    "FUKATSOFT_CARD_IMAGE_PROCESS": None,
}

IMAGE_KEYS = ("image", "cover")
# Pelican's link syntax in a metadata value: the file under PATH.
LINK_PREFIXES = ("{static}", "{attach}", "{filename}")


@dataclass(frozen=True)
class FeaturedImage:
    #: As the page links it: a path under SITEURL or an absolute URL.
    url: str
    #: The text alternative; "" only for an image marked decorative.
    alt: str
    #: Of the file, when it is local and readable; None otherwise.
    width: int | None = None
    height: int | None = None


def check_settings(settings):
    for name in (
        "FUKATSOFT_HERO_IMAGE_PROCESS",
        "FUKATSOFT_LEAD_IMAGE_PROCESS",
        "FUKATSOFT_CARD_IMAGE_PROCESS",
    ):
        require_optional_text(settings, name, "the name of an IMAGE_PROCESS entry")


def attach_images(generators):
    """``all_generators_finalized``: each item's featured image, if any."""
    if not generators:
        return
    settings = generators[0].settings
    any_image = False
    for content in contents_of(generators):
        image = featured_image(settings, content)
        data_of(content).image = image
        any_image = any_image or image is not None
    # Cards without an image keep the row's shape when others have one.
    shared_context(generators)["fukatsoft_site_has_images"] = any_image


def featured_image(settings, content):
    metadata = getattr(content, "metadata", {})
    key = next((k for k in IMAGE_KEYS if metadata.get(k)), None)
    value = metadata[key] if key else getattr(content, "featured_image", None)
    if not value or not isinstance(value, str):
        return None
    where = getattr(content, "source_path", "") or getattr(content, "slug", "")
    url = _site_url(value)
    if not safe_url(url, WEB_SCHEMES):
        warn(
            settings,
            "%s: %s: %r is not an http(s) URL or a path on the site; no featured image",
            where,
            key.capitalize() if key else "featured image",
            value,
        )
        return None
    alt = _alt_text(settings, content, key, value, where)
    size = None
    path, problem = local_file(settings, url)
    if path:
        size = image_size(path)
    elif problem:
        warn(
            settings,
            "%s: featured image %s is not a file under PATH "
            "or the theme (%s); shown without its size",
            where,
            shown(value),
            problem,
        )
    width, height = size or (None, None)
    return FeaturedImage(url=url, alt=alt, width=width, height=height)


def _site_url(value):
    """A metadata value as the page links it: ``{static}/images/a.png`` and
    ``/images/a.png`` are ``images/a.png`` under SITEURL."""
    value = value.strip()
    for prefix in LINK_PREFIXES:
        value = value.removeprefix(prefix)
    return value if "://" in value else value.lstrip("/")


def _alt_text(settings, content, key, value, where):
    metadata = getattr(content, "metadata", {})
    for name in (f"{key}_alt" if key else None, "image_alt", "cover_alt"):
        if name and name in metadata:
            return html_to_text(str(metadata[name]))
    featured_alt = getattr(content, "featured_alt", None)
    if featured_alt:
        return html_to_text(featured_alt)
    # The image pelican-featured-image found in the content: its own alt.
    alt = _alt_in_content(content_source(content) or "", value)
    if alt:
        return alt
    warn(
        settings,
        "%s: featured image %s has no Image_alt: (an empty "
        "one marks it decorative); the title stands in",
        where,
        value,
    )
    return html_to_text(getattr(content, "title", ""))


def _alt_in_content(html, src):
    if not html or "<img" not in html:
        return ""
    image = BeautifulSoup(html, "html.parser").find("img", src=src)
    return (image.get("alt") or "").strip() if image else ""


def local_file(settings, url):
    """``(path, None)`` for the file a URL under SITEURL is copied from (in
    the content folder or the theme's static folder); ``(None, why not)``
    when there is no such file; ``(None, None)`` for another host."""
    if not url or "://" in url or url.startswith("//"):
        return None, None
    relative = url.split("?")[0].split("#")[0].lstrip("/")
    theme_prefix = settings.get("THEME_STATIC_DIR", "theme").strip("/") + "/"
    candidates = [Path(settings["PATH"], relative)]
    if relative.startswith(theme_prefix):
        candidates.append(
            Path(settings["THEME"], "static", relative.removeprefix(theme_prefix))
        )
    first_problem = None
    for path in candidates:  # the content folder's file wins; no more stat
        problem = file_problem(path)
        if not problem:
            return path, None
        first_problem = first_problem or problem
    return None, first_problem


def image_size(path):
    """(width, height) of an image file, or None: raster formats through
    Pillow (which reads only the header), SVG from its width and height or
    its viewBox."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".svg":
            return _svg_size(path.read_text(encoding="utf-8", errors="replace"))
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None


def _svg_size(text):
    # Only the root element's attributes are read: the HTML parser is enough.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        svg = BeautifulSoup(text[:8192], "html.parser").find("svg")
    if svg is None:
        return None
    try:
        width = float(str(svg.get("width", "")).removesuffix("px"))
        height = float(str(svg.get("height", "")).removesuffix("px"))
    except ValueError:
        parts = str(svg.get("viewbox", "")).replace(",", " ").split()
        try:
            width, height = float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            return None
    if not (0 < width < 100_000 and 0 < height < 100_000):
        return None
    return round(width), round(height)
