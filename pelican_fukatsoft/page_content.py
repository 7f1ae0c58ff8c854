"""An article's content as the page shows it: nothing wider than the screen,
nothing a browser has dropped.

The stylesheet keeps a long code line or a wide table from widening the page
on a phone: they scroll inside their own box. A box that scrolls must be
reachable by keyboard (WCAG 2.1.1, axe's ``scrollable-region-focusable``); a
frame shrunk to a phone's width must keep its shape, which CSS cannot read
from its ``width``/``height`` attributes; and the HTML that docutils' writer
gives Pelican's reST reader uses elements and attributes HTML5 dropped
(``<tt>``, ``border``, ``frame``, ``rules``, ``valign``, ``<col width>``). So
where the theme writes an article's content, ``fukatsoft_page_content``

- gives every ``<pre>`` a ``tabindex``;
- wraps every outermost table (not footnotes, citations, field lists or
  line-numbered code) in a focusable scroll region labelled by the table's
  ``<caption>``, else "Table 1", "Table 2"… (regions need unique names);
- gives every ``<iframe>``, ``<object>`` and ``<embed>`` with a numeric
  width and height its ratio (``--fukatsoft-ratio``, for ``aspect-ratio``);
- names an ``<object>`` by its fallback text (``role="img"``), as docutils
  writes an SVG image with its alt text inside;
- writes ``<tt>`` as ``<code>`` and drops the presentational attributes.

Nothing inside a literal-text element (a ``<textarea>`` of embed code to
copy, an ``<xmp>`` sample, a ``<script>``) is touched: it is text there.
The edits are spliced into the text (nothing else changes) and only into the
page: ``article.content`` and the feeds stay as Pelican wrote them.
"""

import re

from markupsafe import Markup, escape

from .html_source import closing_index, splice, tokenize
from .plain_text import html_to_text

FRAMES = frozenset({"iframe", "object", "embed"})
#: Attributes HTML5 made obsolete, by element, as docutils writes them.
OBSOLETE_ATTRIBUTES = {
    "table": ("border", "frame", "rules"),
    "col": ("width",),
    "thead": ("valign",),
    "tbody": ("valign",),
    "tr": ("valign",),
    "td": ("valign",),
    "th": ("valign",),
}
_MARKERS = ("<pre", "<table", "<iframe", "<object", "<embed", "<tt")
_SIZE = re.compile(r"""\s(width|height)\s*=\s*["']?(\d+)(?:px)?["'\s/>]""", re.I)
_UNWRAPPED_TABLE = re.compile(
    r"""\sclass\s*=\s*["'][^"']*\b(footnote|citation|field-list|highlighttable)""",
    re.I,
)


def page_content(html, table_label="Table"):
    """*html* with focusable code and tables, frames that keep their shape
    and no obsolete markup."""
    html = str(html)
    if not any(marker in html for marker in _MARKERS):
        return Markup(html)
    tokens = tokenize(html)
    edits = []  # (start, end, replacement)
    open_table_end = None  # token index where the outermost open table closes
    labels = set()  # of the table regions so far: each needs its own
    for index, token in enumerate(tokens):
        if index == open_table_end:
            open_table_end = None
        if token.literal:
            continue
        edits += _tag_edits(html, token)
        if token.kind == "start" and token.name == "object":
            edits += _object_label(html, tokens, index)
        if (
            token.kind == "start"
            and token.name == "table"
            and open_table_end is None
            and not _UNWRAPPED_TABLE.search(html, token.start, token.end)
        ):
            end = closing_index(html, tokens, index)
            if end is None or end == index:
                continue
            open_table_end = end
            label = _region_label(html, tokens, index, table_label, labels)
            region = (
                '<div class="table-scroll" tabindex="0" role="region" '
                f'aria-label="{escape(label)}">'
            )
            edits.append((token.start, token.start, region))
            edits.append((tokens[end].end, tokens[end].end, "</div>"))
    return Markup(splice(html, edits))


def _tag_edits(html, token):
    """The edits one tag needs on its own."""
    if token.name == "tt":
        name_start = token.start + (2 if token.kind == "end" else 1)
        return [(name_start, name_start + 2, "code")]
    if token.kind != "start":
        return []
    tag = html[token.start : token.end]
    after_name = token.start + 1 + len(token.name)
    if token.name in _OBSOLETE:
        cleaned = _OBSOLETE[token.name].sub("", tag)
        return [(token.start, token.end, cleaned)] if cleaned != tag else []
    if token.name == "pre" and "tabindex" not in tag:
        return [(after_name, after_name, ' tabindex="0"')]
    if token.name in FRAMES and "style" not in tag:
        size = {name.lower(): int(value) for name, value in _SIZE.findall(tag)}
        if size.get("width") and size.get("height"):
            ratio = f' style="--fukatsoft-ratio: {size["width"]} / {size["height"]}"'
            return [(after_name, after_name, ratio)]
    return []


def _region_label(html, tokens, index, table_label, labels):
    """A name for the scroll region of the table opened at *index* that no
    earlier region in *labels* has (axe's ``landmark-unique``); added to them."""
    number = len(labels) + 1
    label = base = _caption(html, tokens, index) or f"{table_label} {number}"
    while label in labels:
        label = f"{base} ({number})"
        number += 1
    labels.add(label)
    return label


def _caption(html, tokens, index):
    """The text of the ``<caption>`` of the table opened at *index* (its
    first child, if it has one), else ``""``."""
    if index + 1 >= len(tokens):
        return ""
    first = tokens[index + 1]
    if first.kind != "start" or first.name != "caption":
        return ""
    end = closing_index(html, tokens, index + 1)
    if end is None or end == index + 1:
        return ""
    return html_to_text(html[first.end : tokens[end].start])


def _object_label(html, tokens, index):
    """An ``<object>`` is named by its fallback content for screen readers
    only if it says so (docutils writes an image's alt text there)."""
    token = tokens[index]
    tag = html[token.start : token.end]
    end = closing_index(html, tokens, index)
    if end is None or end == index or re.search(r"\s(aria-label|title)=", tag):
        return []
    fallback = html_to_text(html[token.end : tokens[end].start])
    if not fallback:
        return []
    label = f' role="img" aria-label="{escape(fallback)}"'
    return [(token.start + len("<object"), token.start + len("<object"), label)]


_OBSOLETE = {
    name: re.compile(
        r"""\s(?:{})\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""".format("|".join(attributes)),
        re.I,
    )
    for name, attributes in OBSOLETE_ATTRIBUTES.items()
}
