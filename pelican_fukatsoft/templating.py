"""Template integration: our partials for any theme, escaping, filters.

The partials live in the theme's ``templates/fukatsoft/`` folder. Every
generator's Jinja loader gets them under the ``fukatsoft/`` (and explicit
``!fukatsoft/``) prefix, so another theme can ``{% include
"fukatsoft/byline.html" %}`` without copying files.
"""

import contextvars
import functools
import zlib
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    TemplateNotFound,
    pass_context,
)
from markupsafe import Markup
from pelican.generators import PelicanTemplateNotFound

from . import languages
from .checks import logger_for, require, require_count, require_flag
from .compiled_templates import COMPILED_TEMPLATES
from .content_data import contents_of
from .highlighting import STYLESHEET as CODE_STYLESHEET
from .internals import CheapImports, add_template_mixin
from .page_content import page_content
from .plain_text import text_filter
from .structured_data import json_ld
from .urls import WEB_SCHEMES, safe_url

logger = logger_for(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries the theme inside the package; a checkout keeps it beside it.
THEME_DIR = (
    PACKAGE_DIR / "theme"
    if (PACKAGE_DIR / "theme").is_dir()
    else PACKAGE_DIR.parent / "theme"
)
PARTIALS_DIR = THEME_DIR / "templates" / "fukatsoft"
TRANSLATIONS_DIR = THEME_DIR / "translations"

DEFAULTS = {
    # Theme: the original site's full-page "Loading" overlay (CSS only).
    "FUKATSOFT_LOADING_OVERLAY": False,
    # Theme: how many articles "Latest Blogs" lists.
    "FUKATSOFT_LATEST_COUNT": 5,
    # Theme, with pelican-neighbors: older/newer within the article's category.
    "FUKATSOFT_NEIGHBORS_IN_CATEGORY": False,
    # Theme, with pelican-tag-cloud: the cloud in the article sidebar too.
    "FUKATSOFT_TAG_CLOUD_SIDEBAR": False,
    # Render each shared fragment (a byline, the "Latest Blogs" list) once
    # per build and reuse it. Off renders everything on every page, with the
    # same result (tests compare both ways byte for byte): for debugging.
    "FUKATSOFT_REUSE_FRAGMENTS": True,
    # Keep compiled templates between builds in Jinja's file cache (its
    # per-user temporary folder), not only for the life of the process.
    "FUKATSOFT_TEMPLATE_CACHE": True,
}


def _require_links(settings, name):
    links = settings.get(name)
    require(
        settings,
        name,
        links is None or isinstance(links, list | tuple),
        "None or a list of (title, url) pairs",
    )
    for index, item in enumerate(links or ()):
        require(
            settings,
            name,
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and bool(safe_url(item[1])),
            f"a list of (title, url) pairs with http(s), mailto or relative "
            f"URLs (item {index})",
        )


def check_settings(settings):
    # Pelican's own settings that the theme writes as text.
    require(settings, "SITENAME", isinstance(settings.get("SITENAME"), str), "text")
    subtitle = settings.get("SITESUBTITLE")
    require(
        settings,
        "SITESUBTITLE",
        subtitle is None or isinstance(subtitle, str),
        "None or text",
    )
    # Pelican's own lists of links: the menu, the blogroll and SOCIAL.
    for name in ("MENUITEMS", "LINKS", "SOCIAL"):
        _require_links(settings, name)
    logo = settings.get("SITELOGO")
    require(
        settings,
        "SITELOGO",
        not logo or bool(safe_url(logo, WEB_SCHEMES)),
        "an http(s) URL or a path relative to SITEURL",
    )
    require_flag(settings, "FUKATSOFT_LOADING_OVERLAY")
    require_count(settings, "FUKATSOFT_LATEST_COUNT")
    require_flag(settings, "FUKATSOFT_NEIGHBORS_IN_CATEGORY")
    require_flag(settings, "FUKATSOFT_TAG_CLOUD_SIDEBAR")
    require_flag(settings, "FUKATSOFT_REUSE_FRAGMENTS")
    require_flag(settings, "FUKATSOFT_TEMPLATE_CACHE")


def prepare_environment(generator):
    env = generator.env
    # Pelican makes a new environment for every build (--autoreload too), so
    # no template changes under it: skip the file check on every include.
    env.auto_reload = False
    # Compiled once for every generator and build of this process (and
    # between processes); a bytecode cache the site set up itself is kept.
    if env.bytecode_cache is None:
        env.bytecode_cache = (
            COMPILED_TEMPLATES.kept_on_disk()
            if generator.settings["FUKATSOFT_TEMPLATE_CACHE"]
            else COMPILED_TEMPLATES
        )
    add_template_mixin(env, CheapImports)
    partials = FileSystemLoader(str(PARTIALS_DIR))
    env.loader = ChoiceLoader(
        [env.loader, PrefixLoader({"fukatsoft": partials, "!fukatsoft": partials})]
    )
    # Every value our templates write is escaped unless marked as HTML; the
    # templates also escape explicitly, so they are as safe without us.
    env.autoescape = _autoescape_theme_templates(env)
    env.filters["fukatsoft_text"] = text_filter
    # URLs other plugins compute (share links): the one scheme check.
    env.filters["fukatsoft_url"] = safe_url
    env.filters["fukatsoft_page_content"] = page_content
    env.filters["fukatsoft_json_ld"] = json_ld
    env.globals["fukatsoft_code_stylesheet"] = CODE_STYLESHEET
    env.globals["fukatsoft_render_once"] = render_once
    env.globals["fukatsoft_render_shared"] = render_shared
    # For fukatsoft/search_marks.html, whose macros are imported without context.
    env.globals["fukatsoft_indexing"] = generator.settings.get(
        "FUKATSOFT_SEARCH", False
    )
    # Per environment, so per build: a new build starts with none.
    env.fukatsoft_shared = {}
    env.fukatsoft_kept = KeptFragments()
    languages.install_filters(env, generator.settings)


def install_translations(generators):
    """``all_generators_finalized``: the theme's strings in each page's language."""
    languages.install_translations(generators, TRANSLATIONS_DIR)


def fall_back_templates(generators):
    """``all_generators_finalized``: an article or page whose ``Template:``
    names a template this theme lacks (the site's old theme had it) is
    written with the article or page template, with one warning naming its
    file, where Pelican would stop the build. ``Template: search`` while
    FUKATSOFT_SEARCH is off is such a page too: our search page would replace
    its title and content."""
    for generator in generators:
        for item in contents_of([generator]):
            if item.template == item.default_template:
                continue
            reason = _unusable_template(generator, item.template)
            if reason:
                logger.warning(
                    "%s: Template: %s %s; written with the %s template",
                    item.source_path,
                    item.template,
                    reason,
                    item.default_template,
                )
                item.template = item.default_template


def _unusable_template(generator, name):
    """Why the content template *name* cannot be used, or ``None``."""
    try:
        template = generator.get_template(name)
    except PelicanTemplateNotFound:
        return "is not in the theme"
    ours = template.filename and Path(template.filename).resolve() == (
        THEME_DIR / "templates" / "search.html"
    )
    if ours and not generator.settings["FUKATSOFT_SEARCH"]:
        return "is the theme's search page and FUKATSOFT_SEARCH is off"
    return None


def _autoescape_theme_templates(env):
    """Autoescape for templates read from our theme folder, whoever includes
    them; a site's own overrides and other themes keep their behaviour."""

    @functools.lru_cache(maxsize=256)
    def autoescape(name):
        if name is None:
            return False
        try:
            _, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            return False
        return bool(filename) and Path(filename).resolve().is_relative_to(THEME_DIR)

    return autoescape


# Set while render_once renders a fragment it keeps.
_KEEPING = contextvars.ContextVar("fukatsoft_keeping_fragment", default=False)


@pass_context
def render_once(context, template_name, item, **variables):
    """Render a per-item partial once per build and reuse it.

    An article's card shows on the index, its category, author and tag
    pages: thousands of identical renders on a large site. Keyed by SITEURL
    too, which differs per page with RELATIVE_URLS. A fragment inside one
    being kept (the compact byline inside a card) is not kept again: the
    card already holds its text.
    """
    if (
        getattr(item, "fukatsoft", None) is None
        or _KEEPING.get()
        or not context["FUKATSOFT_REUSE_FRAGMENTS"]
    ):
        return _render(context, template_name, item, variables)
    kept = context.environment.fukatsoft_kept
    kind = (template_name, context.get("SITEURL"), tuple(sorted(variables.items())))
    text = kept.get(kind, item)
    if text is not None:
        return Markup(text)
    token = _KEEPING.set(True)
    try:
        markup = _render(context, template_name, item, variables)
    finally:
        _KEEPING.reset(token)
    kept.keep(kind, item, markup)
    return markup


class KeptFragments:
    """The fragments render_once keeps for one build: per kind of fragment,
    each item's text deflated against the kind's first (zlib's preset
    dictionary). The cards of a site share most of their markup, so a 1.8 KB
    card keeps in about 0.3 KB and 10,000 articles' cards in 3 MB, not 18 MB.

    Items are keyed by identity: every article and page lives as long as
    the build, which is as long as this store (one per environment).
    """

    def __init__(self):
        self._kinds = {}  # kind: (preset dictionary, {id(item): deflated text})

    def keep(self, kind, item, text):
        encoded = str(text).encode()
        dictionary, blobs = self._kinds.setdefault(kind, (encoded, {}))
        deflate = zlib.compressobj(1, zdict=dictionary)
        blobs[id(item)] = deflate.compress(encoded) + deflate.flush()

    def get(self, kind, item):
        """The text kept for *item*, or None."""
        dictionary, blobs = self._kinds.get(kind, _NO_KIND)
        blob = blobs.get(id(item))
        if blob is None:
            return None
        return zlib.decompressobj(zdict=dictionary).decompress(blob).decode()


# What get() finds for a kind nothing was kept of yet: built once, not as a
# default argument on every lookup (one per card shown).
_NO_KIND = (b"", {})


@pass_context
def render_shared(context, template_name, *depends_on):
    """Render a partial that many pages show alike once per build and reuse
    it: "Latest Blogs" on every article page, "Most viewed" on every list,
    the footer.

    *depends_on* names what the partial's text depends on besides the
    template, SITEURL and the language it renders in (the page kind, the
    article it leaves out); objects by identity, as the partial sees them.
    """
    if not context["FUKATSOFT_REUSE_FRAGMENTS"]:
        return _render_page_part(context, template_name)
    key = (
        template_name,
        context.get("SITEURL"),
        languages.rendering_language(context),
        tuple(
            part if isinstance(part, str | None) else id(part) for part in depends_on
        ),
    )
    shared = context.environment.fukatsoft_shared
    if key not in shared:
        shared[key] = _render_page_part(context, template_name)
    return shared[key]


def _render_page_part(context, template_name):
    template = context.environment.get_template(template_name)
    return Markup(template.render(context.get_all()))


def _render(context, template_name, item, variables):
    template = context.environment.get_template(template_name)
    return Markup(template.render({**context.get_all(), **variables, "item": item}))
