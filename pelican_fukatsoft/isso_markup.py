"""Markdown that readers and data files supply, rendered as Isso renders a comment.

Comment texts (from Isso's database) and profile bios (from the authors
file) are untrusted Markdown. Both are rendered here, the way Isso 0.14
renders a comment for ``GET /?uri=``, so a comment reads the same live and
after the rebuild: mistune (the version Isso installs) with HTML typed by
the writer escaped, Isso's ``[markup.mistune]`` plugins and parameters
(``FUKATSOFT_ISSO_CONFIG``, else Isso's defaults), wrapped in ``<p>`` as
Isso wraps it, then the elements and attributes Isso's sanitiser keeps, by
nh3 with the project's URL schemes (``urls.clean_html``).

Rendering is bounded: nothing a text holds raises out of :func:`render`,
and its cost is at most linear in the text's length. A text over Isso's own
maximum, or with a paragraph that would make mistune's emphasis matching
quadratic, or that mistune or nh3 cannot handle, is shown as escaped text,
with the reason returned for the caller to warn with.
"""

import configparser
import html
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import mistune
from markupsafe import Markup
from mistune.plugins import import_plugin

from .checks import SettingError, require_optional_path, warn
from .content_memo import remembered
from .urls import clean_html

DEFAULTS = {
    # Isso's configuration file (PATH-relative or absolute): its [markup] and
    # [markup.mistune] sections say how comments are rendered. None: Isso's
    # defaults, as a server without those sections renders.
    "FUKATSOFT_ISSO_CONFIG": None,
}

#: Isso refuses a longer comment (``text is too long``); only a database
#: written otherwise holds one. Up to this, every comment Isso accepted is
#: rendered; beyond it the text is shown as text, still whole.
MAX_LENGTH = 65535
#: mistune 3.4 matches ``*``/``_`` emphasis in time proportional to the
#: marks that may open or close it times the paragraph's length: 16 KB of
#: ``"*" * k + "a*" * k`` took 3.8 s (64 KB, by the square, a minute). A
#: paragraph with more such marks (64 emphasised words) is shown as text;
#: with at most this many, the worst 64 KB comment found took 1.2 s, about
#: twice the same text without the marks.
MAX_EMPHASIS_MARKS = 128
# A mark that may open or close emphasis: "_" not inside a word, "*" not
# between spaces (snake_case and "a * b" can be neither).
_EMPHASIS_MARK = re.compile(r"(?<![^\W_])_|_(?![^\W_])|(?<!\s)\*|\*(?!\s)")

# Isso's sanitiser (isso/html/__init__.py): the elements Sundown's HTML
# writer makes, and only these attributes.
ISSO_ELEMENTS = (
    "a", "p", "hr", "br", "ol", "ul", "li", "pre", "code", "blockquote",
    "del", "ins", "strong", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "sub", "sup", "table", "thead", "tbody", "th", "td",
)  # fmt: skip
ISSO_ATTRIBUTES = {"table": {"align"}, "a": {"href"}, "code": {"class"}}
# Isso keeps a code element's class only when it names a language.
_CODE_LANGUAGE = re.compile(r"language-[a-zA-Z0-9]{1,20}")
# nh3 drops the content of these whatever it is told (never allowed).
_NEVER_ELEMENTS = {"script", "style"}
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Part of every memo key: another mistune or nh3 may render otherwise.
_ENGINE = f"mistune {mistune.__version__}, nh3 {metadata.version('nh3')}"


@dataclass(frozen=True)
class MarkupRules:
    """How a text is rendered: Isso's ``[markup]`` and ``[markup.mistune]``."""

    plugins: tuple = ("strikethrough", "subscript", "superscript")
    hard_wrap: bool = True
    #: Isso's ``allowed-elements`` and ``allowed-attributes``: added to its own.
    elements: tuple = ()
    attributes: tuple = ()
    engine: str = _ENGINE


#: What Isso 0.14 does without a ``[markup]`` section of the site's own.
ISSO_DEFAULTS = MarkupRules()


def check_settings(settings):
    markup_rules(settings)


def markup_rules(settings):
    """The site's :class:`MarkupRules`; a setting or file that cannot be
    used stops the build with one line."""
    require_optional_path(
        settings, "FUKATSOFT_ISSO_CONFIG", "the path of Isso's configuration file"
    )
    name = settings["FUKATSOFT_ISSO_CONFIG"]
    if name is None:
        return ISSO_DEFAULTS
    path = Path(settings["PATH"], name)
    # As Isso reads it (isso/config.py): INI, then $VARIABLES expanded.
    parser = configparser.ConfigParser()
    try:
        with path.open(encoding="utf-8") as file:
            parser.read_file(file)
        section = parser["markup"] if parser.has_section("markup") else {}
        mistune_section = (
            parser["markup.mistune"] if parser.has_section("markup.mistune") else {}
        )
        renderer = _value(section, "renderer", "mistune")
        plugins = _names(mistune_section, "plugins", ",".join(ISSO_DEFAULTS.plugins))
        parameters = _names(mistune_section, "parameters", "escape, hard_wrap")
        elements = _names(section, "allowed-elements", "")
        attributes = _names(section, "allowed-attributes", "")
    except (OSError, UnicodeDecodeError, configparser.Error) as error:
        raise SettingError(
            f"FUKATSOFT_ISSO_CONFIG names a file that cannot be read: {path}: {error}"
        ) from None
    if renderer != "mistune":
        raise SettingError(
            f"FUKATSOFT_ISSO_CONFIG names {path}, where [markup] renderer = "
            f"{renderer}; only mistune (Isso's default) is supported"
        )
    for plugin in plugins:
        try:
            import_plugin(plugin)
        except (ImportError, ValueError, AttributeError):
            raise SettingError(
                f"FUKATSOFT_ISSO_CONFIG names {path}, where [markup.mistune] plugin "
                f"{plugin!r} is not a mistune plugin"
            ) from None
    if _NEVER_ELEMENTS & set(elements):
        raise SettingError(
            f"FUKATSOFT_ISSO_CONFIG names {path}, where [markup] allowed-elements "
            "may not hold script or style"
        )
    if "img" in elements and "src" not in attributes:
        attributes += ("src",)  # as Isso adds it
    return MarkupRules(
        plugins=plugins,
        hard_wrap="hard_wrap" in parameters,
        elements=elements,
        attributes=attributes,
    )


def _value(section, key, default):
    return os.path.expandvars(section.get(key, default))


def _names(section, key, default):
    """A comma-separated list of Isso's, without empty names."""
    names = map(str.strip, _value(section, key, default).split(","))
    return tuple(name for name in names if name)


def render_remembered(settings, text, rules, link_rel, what):
    """:func:`render` once across builds (``content_memo``); a text it can
    only show as text gives a warning naming *what* it is."""
    rendered, problem = remembered(settings, render, text, rules, link_rel)
    if problem:
        warn(settings, "%s %s; shown as text", what, problem)
    return rendered


def render(text, rules, link_rel):
    """``(html, problem)``: *text* rendered as Isso renders a comment and
    cleaned, with ``problem`` None; or, when that cannot be done within the
    bounds, the text escaped in paragraphs and the reason (for a warning)."""
    if len(text) > MAX_LENGTH:
        return _as_text(text), (
            f"is {len(text):,} characters long, more than the {MAX_LENGTH:,} "
            "rendered as Markdown"
        )
    try:
        rendered = _markdown(rules)(text).rstrip("\n")
        # Isso (isso/html/markdown.py) wraps what is not a paragraph in one.
        if not (rendered.startswith("<p>") or rendered.endswith("</p>")):
            rendered = f"<p>{rendered}</p>"
        return clean(rendered, rules, link_rel), None
    except _TooCostly as costly:
        return _as_text(text), str(costly)
    except Exception as error:  # no text may stop the build
        return _as_text(text), (
            f"cannot be rendered as Markdown ({type(error).__name__}: "
            f"{str(error)[:80]})"
        )


# One mistune parser per set of rules (a site has one or two), reused.
_PARSERS = {}


def _markdown(rules):
    parser = _PARSERS.get(rules)
    if parser is None:
        # As mistune.create_markdown(escape=True, ...) builds it for Isso,
        # with the inline parser that refuses a too costly paragraph.
        parser = _PARSERS[rules] = mistune.Markdown(
            renderer=mistune.HTMLRenderer(escape=True),
            inline=_BoundedInlineParser(hard_wrap=rules.hard_wrap),
            plugins=[import_plugin(name) for name in rules.plugins if name != "speedup"]
            or None,
        )
    return parser


class _TooCostly(Exception):
    pass


class _BoundedInlineParser(mistune.InlineParser):
    """mistune's inline parser, for paragraphs it renders in linear time."""

    def __call__(self, s, env):
        marks = len(_EMPHASIS_MARK.findall(s))
        if marks > MAX_EMPHASIS_MARKS:
            raise _TooCostly(
                f"has a paragraph with {marks:,} emphasis marks (* or _), more "
                f"than the {MAX_EMPHASIS_MARKS} rendered as Markdown"
            )
        return super().__call__(s, env)


def clean(rendered, rules, link_rel):
    """HTML cleaned as Isso's sanitiser cleans a comment, by nh3."""
    attributes = {tag: set(names) for tag, names in ISSO_ATTRIBUTES.items()}
    # On any element: none but the site's (nh3 would keep lang and title);
    # nh3 sets rel itself (link_rel) and refuses to be told to keep it.
    attributes["*"] = set(rules.attributes) - {"rel"}
    return clean_html(
        rendered,
        tags=set(ISSO_ELEMENTS) | set(rules.elements),
        attributes=attributes,
        attribute_filter=None if "class" in rules.attributes else _code_language,
        link_rel=link_rel,
    )


def _code_language(element, attribute, value):
    if element == "code" and attribute == "class":
        return value if _CODE_LANGUAGE.fullmatch(value) else None
    return value


def _as_text(text):
    """*text* escaped, its blank lines as paragraphs and its other line
    breaks kept, as a reader would read it typed."""
    text = _LONE_SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").strip())
    return Markup(
        "".join(
            f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>"
            for paragraph in _BLANK_LINES.split(text)
        )
    )
