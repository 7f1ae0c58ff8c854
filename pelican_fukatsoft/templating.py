"""Template integration: our partials for any theme, i18n, number filters.

The partials live in the theme's ``templates/fukatsoft/`` folder. Every
generator's Jinja loader gets them under the ``fukatsoft/`` (and explicit
``!fukatsoft/``) prefix, so another theme can ``{% include
"fukatsoft/byline.html" %}`` without copying files.
"""

import functools
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.numbers import format_compact_decimal, format_decimal
from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    TemplateNotFound,
    pass_context,
)
from markupsafe import Markup

from .checks import require, require_count, require_flag
from .highlighting import STYLESHEET as CODE_STYLESHEET
from .page_content import page_content
from .plain_text import text_filter
from .urls import WEB_SCHEMES, safe_url

PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries the theme inside the package; a checkout keeps it beside it.
THEME_DIR = (
    PACKAGE_DIR / "theme"
    if (PACKAGE_DIR / "theme").is_dir()
    else PACKAGE_DIR.parent / "theme"
)
PARTIALS_DIR = THEME_DIR / "templates" / "fukatsoft"

DEFAULTS = {
    # Babel locale for numbers; None follows DEFAULT_LANG (or an article's lang).
    "FUKATSOFT_LOCALE": None,
    # Theme: the original site's full-page "Loading" overlay (CSS only).
    "FUKATSOFT_LOADING_OVERLAY": False,
    # Theme: how many articles "Latest Blogs" lists.
    "FUKATSOFT_LATEST_COUNT": 5,
}


def check_settings(settings):
    for index, item in enumerate(settings.get("MENUITEMS") or ()):
        require(
            settings,
            "MENUITEMS",
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and bool(safe_url(item[1])),
            f"a list of (title, url) pairs with http(s), mailto or relative "
            f"URLs (item {index})",
        )
    logo = settings.get("SITELOGO")
    require(
        settings,
        "SITELOGO",
        not logo or bool(safe_url(logo, WEB_SCHEMES)),
        "an http(s) URL or a path relative to SITEURL",
    )
    require_flag(settings, "FUKATSOFT_LOADING_OVERLAY")
    require_count(settings, "FUKATSOFT_LATEST_COUNT")
    value = settings["FUKATSOFT_LOCALE"]
    require(
        settings,
        "FUKATSOFT_LOCALE",
        value is None or _parse_locale(value) is not None,
        "None or a locale name Babel knows (such as 'en' or 'de_DE')",
    )


def prepare_environment(generator):
    env = generator.env
    partials = FileSystemLoader(str(PARTIALS_DIR))
    env.loader = ChoiceLoader(
        [env.loader, PrefixLoader({"fukatsoft": partials, "!fukatsoft": partials})]
    )
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    if "gettext" not in env.globals:
        # The site has not installed translations (i18n_subsites would):
        # theme strings then show in English instead of failing.
        env.install_null_translations(newstyle=True)

    # Every value our templates write is escaped unless marked as HTML; the
    # templates also escape explicitly, so they are as safe without us.
    env.autoescape = _autoescape_theme_templates(env)
    env.filters["fukatsoft_text"] = text_filter
    env.filters["fukatsoft_page_content"] = page_content
    env.globals["fukatsoft_code_stylesheet"] = CODE_STYLESHEET
    env.globals["fukatsoft_render_once"] = render_once
    fixed_locale = generator.settings["FUKATSOFT_LOCALE"]
    default_lang = generator.settings.get("DEFAULT_LANG", "en")

    env.filters["fukatsoft_number"] = lambda n, lang=None: _exact(
        n, fixed_locale or lang or default_lang
    )
    env.filters["fukatsoft_compact"] = lambda n, lang=None: _compact(
        n, fixed_locale or lang or default_lang
    )


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


@pass_context
def render_once(context, template_name, item, **variables):
    """Render a per-item partial once per build and reuse it.

    An article's byline shows on every list and in every other article's
    "Latest Blogs": thousands of identical renders on a large site. Keyed by
    SITEURL too, which differs per page with RELATIVE_URLS.
    """
    data = getattr(item, "fukatsoft", None)
    if data is None:
        return _render(context, template_name, item, variables)
    key = (template_name, context.get("SITEURL"), tuple(sorted(variables.items())))
    if key not in data.rendered:
        data.rendered[key] = _render(context, template_name, item, variables)
    return data.rendered[key]


def _render(context, template_name, item, variables):
    template = context.environment.get_template(template_name)
    return Markup(template.render({**context.get_all(), **variables, "item": item}))


# Every list page formats the same few numbers again: Babel is slow enough
# per call for that to show in the build time of a large site.
@functools.lru_cache(maxsize=4096)
def _exact(number, locale_name):
    return format_decimal(number, locale=_locale_or_english(locale_name))


@functools.lru_cache(maxsize=4096)
def _compact(number, locale_name):
    return format_compact_decimal(
        number, locale=_locale_or_english(locale_name), fraction_digits=1
    )


@functools.lru_cache(maxsize=64)
def _parse_locale(name):
    try:
        return Locale.parse(str(name).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def _locale_or_english(name):
    return _parse_locale(name) or Locale("en")
