"""The private parts of Jinja and Pelican the plugin relies on, in one place.

No public API offers what these give:

- Jinja has no hook around a template's render that also runs for an
  ``{% include %}``: :class:`RootRenderWrapper` wraps the root render
  function Jinja calls for both (the theme speaks a card's language inside
  a list page of another language).
- Jinja checks on every ``{% import %}`` whether the importing template sees
  globals the imported one lacks, with a set difference:
  :class:`CheapImports` answers with a lookup when it sees none (a tenth of
  the render time of a 1,000-article site).
- Jinja's file cache of compiled templates makes its default folder
  (``_jinja2-cache-UID`` in the temporary folder) with a ``chmod`` that
  follows a symbolic link in its place: :func:`jinja_cache_folder` names
  that folder without making it, so the plugin can refuse a link first.
- Jinja decides how to call a filter or test by the mark its decorators
  (``pass_context``...) leave on it, ``jinja_pass_arg``, and compiles that
  call into the template: :func:`pass_arg` reads it for the compiled
  templates' key.
- Pelican keeps an item's HTML as read in ``_content`` (``content`` is
  derived from it): at ``content_object_init`` it is the one field safe to
  read and edit (``content_source``), and ``FileDataCacher`` keeps its data
  in ``_cache`` (the content memo subclasses it).

:func:`problems` checks each of them on a tiny template environment and a
tiny Pelican item; the plugin runs it once per build (a warning naming what
changed, instead of wrong pages) and ``tests/test_internals.py`` fails with
the same message. ``pyproject.toml`` bounds Jinja and Pelican to the
versions it was tested with.
"""

import os
import tempfile
import types
from importlib.metadata import version
from pathlib import Path

from jinja2 import DictLoader, Environment, pass_context
from jinja2.bccache import FileSystemBytecodeCache
from pelican.cache import FileDataCacher
from pelican.contents import Content

from .checks import logger_for

logger = logger_for(__name__)


def add_template_mixin(env, mixin):
    """Make every template *env* loads from now on also a *mixin* (once)."""
    if not issubclass(env.template_class, mixin):
        env.template_class = type(
            f"{mixin.__name__}Template", (mixin, env.template_class), {}
        )
        if env.cache is not None:  # a template loaded before stays as it was
            env.cache.clear()


class CheapImports:
    """A template whose imports cost a lookup, not a set difference.

    On every ``{% import %}``/``{% from %}`` Jinja checks whether the
    importing template sees globals the imported one lacks (then it makes a
    fresh module) with a set difference through a ChainMap. Every template's
    globals include the environment's, so when the importer sees no others
    the module Jinja keeps serves as is.
    """

    def _get_default_module(self, ctx=None):
        if ctx is not None and ctx.globals_keys <= self.environment.globals.keys():
            ctx = None
        return super()._get_default_module(ctx)


class RootRenderWrapper:
    """A template whose root render function (what Jinja calls for
    ``render()`` and for an ``{% include %}``) passes through
    ``self.wrap_root(root)``; subclasses define ``wrap_root``."""

    @property
    def root_render_func(self):
        return self._wrapped_root

    @root_render_func.setter
    def root_render_func(self, root):
        self._wrapped_root = self.wrap_root(root)


_JINJA_CACHE_FOLDER = "_jinja2-cache-"


def jinja_cache_folder():
    """The folder a ``FileSystemBytecodeCache()`` makes by default, without
    making it; None where Jinja takes the temporary folder itself (no user
    ids: Windows)."""
    if not hasattr(os, "getuid"):
        return None
    return Path(tempfile.gettempdir(), f"{_JINJA_CACHE_FOLDER}{os.getuid()}")


def _strings_in(code):
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _strings_in(constant)
        elif isinstance(constant, str):
            yield constant


def pass_arg(function):
    """How Jinja passes *function*, a filter or test, what it needs: its
    decorator's name ("context", "eval_context", "environment") or None."""
    mark = getattr(function, "jinja_pass_arg", None)
    return getattr(mark, "name", None)


def content_source(content):
    """The HTML Pelican's reader gave *content* (None for a static file)."""
    return getattr(content, "_content", None)


def set_content_source(content, html):
    content._content = html


def report_problems(pelican):
    """``initialized``: a warning for each internal that changed."""
    for problem in problems():
        logger.warning(
            "%s (Jinja %s, Pelican %s: pelican-fukatsoft "
            "was tested with the versions its package requires)",
            problem,
            version("jinja2"),
            version("pelican"),
        )


def cacher_data(cacher):
    """What a Pelican ``FileDataCacher`` loaded (and will save)."""
    return cacher._cache


def set_cacher_data(cacher, data):
    cacher._cache = data


def problems():
    """What no longer works as this module expects, one sentence each."""
    found = []
    seen = {"imports": 0, "roots": 0}

    class Counting(CheapImports):
        def _get_default_module(self, ctx=None):
            seen["imports"] += 1
            return super()._get_default_module(ctx)

    class Wrapping(RootRenderWrapper):
        def wrap_root(self, root):
            def counted(context):
                seen["roots"] += 1
                return root(context)

            return counted

    env = Environment(
        loader=DictLoader(
            {
                "page.html": "{% from 'macros.html' import m %}{{ m() }}"
                "{% include 'part.html' %}",
                "macros.html": "{% macro m() %}M{% endmacro %}",
                "part.html": "P",
            }
        )
    )
    add_template_mixin(env, Counting)
    add_template_mixin(env, Wrapping)
    try:
        rendered = env.get_template("page.html").render()
    except Exception as error:  # whatever a changed Jinja raises is the news
        return [f"Jinja's templates no longer take our mixins ({error!r})"]
    if rendered != "MP":
        found.append(f"a template with our mixins renders {rendered!r}, not 'MP'")
    if not seen["imports"]:
        found.append(
            "Jinja no longer calls Template._get_default_module for an import "
            "(CheapImports does nothing)"
        )
    if seen["roots"] < 2:
        found.append(
            "Jinja no longer renders pages and includes through "
            "Template.root_render_func (items in lists lose their language)"
        )
    if pass_arg(pass_context(lambda context, value: value)) != "context":
        found.append(
            "Jinja no longer marks a pass_context filter with jinja_pass_arg "
            "(compiled templates would be shared between filters it calls "
            "differently)"
        )
    # Not by calling it: that would make the folder.
    default_folder = FileSystemBytecodeCache._get_default_cache_dir.__code__
    if _JINJA_CACHE_FOLDER not in _strings_in(default_folder):
        found.append(
            "Jinja's file cache no longer names its folder _jinja2-cache-UID "
            "(a symbolic link in its place is no longer refused)"
        )
    # Not by making an item: that would send content_object_init to every
    # plugin's receivers.
    if "_content" not in Content.__init__.__code__.co_names:
        found.append("Pelican's content objects no longer keep their HTML in _content")
    cacher = FileDataCacher(
        {"CACHE_PATH": "", "GZIP_CACHE": False}, "unused", True, False
    )
    cacher.cache_data("key", "value")
    if getattr(cacher, "_cache", None) != {"key": "value"}:  # cacher_data
        found.append("Pelican's FileDataCacher no longer keeps its data in _cache")
    return found
