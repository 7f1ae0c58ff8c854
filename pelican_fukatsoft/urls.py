"""The one scheme check for every URL the theme writes from settings or data.

A URL that a site's settings, a data file or a commenter supplies ends up in
an ``href`` or ``src``: ``javascript:`` or ``data:`` there runs script when
clicked. :func:`safe_url` keeps web, mail and relative URLs and nothing else;
HTML that can carry links (comments, profile bios, the footer credit) goes
through :func:`clean_html`, which applies the same schemes with nh3.

The site's own URL paths are read here too: :func:`normalize_path` gives one
key for each page however a data file or Isso writes its path.
"""

import html
import re
from urllib.parse import quote, unquote, urlsplit

import nh3
from bs4 import BeautifulSoup
from markupsafe import Markup

#: Schemes a link may use; a URL without a scheme is relative and kept.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes of an image (``src``), a server or a commenter's website.
WEB_SCHEMES = frozenset({"http", "https"})
# Reserved and unreserved URL characters, and "%" of existing escapes.
_URL_CHARACTERS = "!#$%&'()*+,/:;=?@[]~"
# Browsers drop these before they read a scheme ("java\tscript:" runs).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")

#: Tags and attributes kept in HTML from settings (the footer credit).
INLINE_HTML_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em",
        "i", "ins", "kbd", "li", "mark", "ol", "p", "q", "s", "small", "span",
        "strong", "sub", "sup", "u", "ul",
    }
)  # fmt: skip
INLINE_HTML_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}


def safe_url(url, schemes=LINK_SCHEMES, *, relative=True):
    """*url* if it uses one of *schemes* or, when *relative*, none at all;
    otherwise ``""``. Entities are decoded once, then every character a URL
    may not hold (quotes, spaces, ``<``, non-ASCII) is percent-encoded, so the
    result is also a valid attribute value."""
    if not isinstance(url, str):
        return ""
    decoded = html.unescape(url).strip()
    probe = _IGNORED_IN_URL.sub("", decoded)
    try:
        scheme = urlsplit(probe).scheme.lower()
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""
    if scheme:
        allowed = scheme in schemes
    else:
        # No scheme, yet a colon before any "/", "?" or "#": a browser could
        # still read one ("1:x", or what an odd parser makes of it).
        allowed = relative and ":" not in re.split(r"[/?#]", probe, maxsplit=1)[0]
    return quote(decoded, safe=_URL_CHARACTERS) if allowed else ""


def clean_html(
    text,
    *,
    tags=INLINE_HTML_TAGS,
    attributes=INLINE_HTML_ATTRIBUTES,
    attribute_filter=None,
    link_rel="noopener",
):
    """HTML from settings or data: only *tags* and *attributes* (nh3's
    ``attribute_filter`` may drop more), links with :data:`LINK_SCHEMES` and
    a ``rel``; everything else dropped by nh3."""
    clean = nh3.clean(
        text,
        tags=set(tags),
        attributes=attributes,
        attribute_filter=attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel=link_rel,
    )
    if "<a " in clean:
        # nh3 drops a javascript: href but keeps <a rel=...>, which is
        # invalid HTML without it: keep just the link text.
        soup = BeautifulSoup(clean, "html.parser")
        bare = soup.select("a:not([href])")
        if bare:
            for anchor in bare:
                anchor.unwrap()
            clean = str(soup)
    return Markup(clean)


def site_path(settings):
    """The path part of SITEURL (``blog`` for ``https://example.org/blog``)."""
    return urlsplit(settings.get("SITEURL", "")).path.strip("/")


def page_path(prefix, content):
    """The URL path a browser shows for *content* (``/blog/post/``), given
    the :func:`site_path` *prefix*."""
    return f"/{prefix}/{content.url}" if prefix else f"/{content.url}"


def normalize_path(path, prefix=""):
    """A comparable key for a URL path: without the :func:`site_path`
    *prefix*, slashes at either end, ``index.html`` or ``.html``."""
    parts = urlsplit(path.strip())
    path = unquote(parts.path).strip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :].strip("/")
    head, _, last = path.rpartition("/")
    if last == "index.html":
        path = head
    elif last.endswith(".html"):
        path = path.removesuffix(".html")
    return path.strip("/")
