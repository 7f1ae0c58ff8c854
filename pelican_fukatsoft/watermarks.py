"""Editor watermarks: remove what WYSIWYG editors leave in saved HTML.

Runs on ``content_object_init`` against ``_content``, so summaries and feeds,
which Pelican derives from the content later, come out clean too.

BeautifulSoup finds what to remove; the edit itself is spliced into the
original text by source position, so everything else in the article comes
out byte for byte as it went in (re-serialising would rewrite entities,
quoting and void tags all over the document).
"""

import logging
import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup, Tag

from .content_data import contents_of
from .settings import require
from .urls import clean_html, safe_url

logger = logging.getLogger(__name__)

RULES = ("froala", "redactor", "empty-trailing-paragraphs")

DEFAULTS = {
    # True (every built-in rule), False, or a list of names from RULES.
    "FUKATSOFT_STRIP_WATERMARKS": True,
    # Extra CSS selectors whose elements are removed from every article/page.
    "FUKATSOFT_WATERMARK_SELECTORS": [],
    # The footer credit (theme): True, False, an HTML string ("{year}" is
    # replaced) or a list of (name, url) pairs.
    "FUKATSOFT_POWERED_BY": True,
}

# Cheap substring tests: an article that contains none of its rule's markers
# is never parsed.
_MARKERS = {
    "froala": ("pbf", "Froala"),
    "redactor": ("redactor", "data-verified"),
}
_EMPTY_TRAILING_P = re.compile(
    r"<p\b[^>]*>(?:\s|&nbsp;|&#160;|\xa0|<br\s*/?>)*</p>\s*\Z", re.IGNORECASE
)
# Froala's paragraph after a CMS escaped it once more into visible text.
_ESCAPED_FROALA = re.compile(
    r"&lt;p\b(?:(?!&lt;/p&gt;).)*?data-f-id=(?:&quot;|&#34;|\"|')?pbf"
    r"(?:(?!&lt;/p&gt;).)*&lt;/p&gt;",
    re.IGNORECASE | re.DOTALL,
)
_CODE_BLOCK = re.compile(r"<(pre|code)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_REDACTOR_ATTRIBUTE = re.compile(
    r"\s+data-(?:redactor-[\w-]*|verified)"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?",
    re.IGNORECASE,
)
_ZERO_WIDTH_SPACE = re.compile(
    r"\u200b|&#8203;|&#x200b;|&ZeroWidthSpace;", re.IGNORECASE
)
_VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


def check_settings(settings):
    rules = settings["FUKATSOFT_STRIP_WATERMARKS"]
    require(
        settings,
        "FUKATSOFT_STRIP_WATERMARKS",
        isinstance(rules, bool)
        or (isinstance(rules, list | tuple) and set(rules) <= set(RULES)),
        f"True, False or a list of rule names from {list(RULES)}",
    )
    selectors = settings["FUKATSOFT_WATERMARK_SELECTORS"]
    require(
        settings,
        "FUKATSOFT_WATERMARK_SELECTORS",
        isinstance(selectors, list | tuple)
        and all(isinstance(s, str) and s.strip() for s in selectors),
        "a list of CSS selectors",
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
    elif isinstance(credit, str):
        # The site's own HTML, kept to text-level markup and safe links.
        settings["FUKATSOFT_POWERED_BY"] = clean_html(credit)
    probe = BeautifulSoup("<p></p>", "html.parser")
    for selector in selectors:
        try:
            probe.select(selector)
        except Exception as error:  # soupsieve raises its own SelectorSyntaxError
            require(
                settings,
                "FUKATSOFT_WATERMARK_SELECTORS",
                False,
                f"valid CSS selectors ({selector!r}: {str(error).splitlines()[0]})",
            )


def enabled_rules(settings):
    rules = settings.get("FUKATSOFT_STRIP_WATERMARKS", True)
    if rules is True:
        return RULES
    return tuple(rules or ())


def strip_content(content):
    """``content_object_init`` handler."""
    html = getattr(content, "_content", None)
    if not html:
        return
    cleaned, removed = strip_watermarks(
        html,
        enabled_rules(content.settings),
        content.settings.get("FUKATSOFT_WATERMARK_SELECTORS", ()),
    )
    if removed:
        content._content = cleaned
        logger.debug(
            "pelican-fukatsoft: removed %d watermark(s) from %s",
            removed,
            content.source_path,
        )
    # Kept on the object so the build report also counts cached articles.
    content.fukatsoft_watermarks_removed = removed


def strip_watermarks(html, rules=RULES, selectors=()):
    """Return ``(cleaned_html, number_of_things_removed)``."""
    removed = 0
    if "froala" in rules and "pbf" in html:
        html, escaped = _strip_escaped_froala(html)
        removed += escaped
    wanted = [
        rule
        for rule in rules
        if (rule == "empty-trailing-paragraphs" and _EMPTY_TRAILING_P.search(html))
        or any(marker in html for marker in _MARKERS.get(rule, ()))
    ]
    if not wanted and not selectors:
        return html, removed

    soup = BeautifulSoup(html, "html.parser")
    source = _Source(html)
    edits = []
    if "froala" in wanted:
        edits += [source.removal(el) for el in _froala_watermarks(soup)]
    for selector in selectors:
        edits += [
            source.removal(_outermost_empty_wrapper(el)) for el in soup.select(selector)
        ]
    if "redactor" in wanted:
        edits += _redactor_edits(soup, source)
    if "empty-trailing-paragraphs" in wanted:
        edits += [source.removal(el) for el in _empty_trailing_paragraphs(soup)]
    edits = _without_nested([edit for edit in edits if edit is not None])
    for start, end, replacement in sorted(edits, reverse=True):
        html = html[:start] + replacement + html[end:]
    return html, removed + len(edits)


def _strip_escaped_froala(html):
    """Remove Froala paragraphs shown as text, except in code samples."""
    code = [m.span() for m in _CODE_BLOCK.finditer(html)]
    matches = [
        m.span()
        for m in _ESCAPED_FROALA.finditer(html)
        if not any(start <= m.start() < end for start, end in code)
    ]
    for start, end in reversed(matches):
        html = html[:start] + html[end:]
    return html, len(matches)


def _froala_watermarks(soup):
    # find_all, not select(): soupsieve costs milliseconds per article here.
    for element in soup.find_all(attrs={"data-f-id": "pbf"}):
        yield _outermost_empty_wrapper(element)
    for paragraph in soup.find_all("p"):
        if (
            " ".join(paragraph.get_text().split()) == "Powered by Froala Editor"
            and paragraph.find("a", href=re.compile(r"^https?://(www\.)?froala\.com"))
            and _is_trailing(paragraph)
        ):
            yield _outermost_empty_wrapper(paragraph)


def _redactor_edits(soup, source):
    edits = []
    for span in soup.select("span.redactor-invisible-space"):
        edit = source.unwrap(span, drop=_ZERO_WIDTH_SPACE)
        if edit:
            edits.append(edit)
    for element in soup.find_all(True):
        if any(
            name.startswith("data-redactor") or name == "data-verified"
            for name in element.attrs
        ):
            edit = source.start_tag_edit(
                element, lambda tag: _REDACTOR_ATTRIBUTE.sub("", tag)
            )
            if edit:
                edits.append(edit)
    return edits


def _empty_trailing_paragraphs(soup):
    found = []
    for element in reversed(soup.contents):
        if isinstance(element, Tag):
            if element.name == "p" and _is_blank(element):
                found.append(element)
                continue
            break
        if element.strip():
            break
    return found


def _is_blank(element):
    return not element.get_text().replace("\xa0", "").strip() and all(
        child.name == "br" for child in element.find_all(True)
    )


def _is_trailing(element):
    """Nothing but whitespace follows *element*, up to the end of the document."""
    node = element
    while node is not None and node.parent is not None:
        for sibling in node.next_siblings:
            if isinstance(sibling, Tag) or sibling.strip():
                return False
        node = node.parent
    return True


def _outermost_empty_wrapper(element):
    """Widen a removal to wrappers that hold nothing but *element*."""
    while (
        isinstance(element.parent, Tag)
        and element.parent.name not in ("[document]", "body")
        and all(
            child is element or (not isinstance(child, Tag) and not child.strip())
            for child in element.parent.contents
        )
    ):
        element = element.parent
    return element


def _without_nested(edits):
    """Drop edits that fall inside another edit's span (the outer one wins)."""
    kept = []
    for edit in sorted(edits, key=lambda e: (e[0], -e[1])):
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    return kept


class _Source:
    """Maps parsed elements back to character offsets in the original HTML."""

    def __init__(self, html):
        self.html = html
        self.line_starts = _line_starts(html)

    def _start(self, element):
        if element.sourceline is None:
            return None
        return self.line_starts[element.sourceline - 1] + element.sourcepos

    def _start_tag_end(self, start):
        end = self.html.find(">", start)
        return None if end < 0 else end + 1

    def _end(self, element, start):
        if element.name in _VOID_TAGS:
            return self._start_tag_end(start)
        end = _EndTagFinder(element.name).find(self.html[start:])
        return None if end is None else start + end

    def removal(self, element):
        start = self._start(element)
        end = None if start is None else self._end(element, start)
        # Never guess: an element whose extent is unclear stays in the page.
        return None if end is None else (start, end, "")

    def unwrap(self, element, drop=None):
        start = self._start(element)
        end = None if start is None else self._end(element, start)
        inner_start = None if start is None else self._start_tag_end(start)
        if end is None or inner_start is None:
            return None
        inner_end = self.html.rfind("</", inner_start, end)
        inner = self.html[inner_start:inner_end]
        return (start, end, drop.sub("", inner) if drop else inner)

    def start_tag_edit(self, element, rewrite):
        start = self._start(element)
        end = None if start is None else self._start_tag_end(start)
        if end is None:
            return None
        return (start, end, rewrite(self.html[start:end]))


def _line_starts(text):
    """Offset of the first character of each line (HTMLParser counts lines)."""
    return [0] + [match.end() for match in re.finditer("\n", text)]


class _Closed(Exception):
    """Raised from inside the parser: the end is found, read no further."""


class _EndTagFinder(HTMLParser):
    """Finds where the element opened at offset 0 of a text closes."""

    def __init__(self, name):
        super().__init__(convert_charrefs=False)
        self.name = name
        self.depth = 0

    def find(self, text):
        """Offset just past the matching end tag, or None."""
        self._text = text
        self._line_starts = _line_starts(text)
        try:
            self.feed(text)
        except _Closed as closed:
            return closed.args[0]
        return None

    def handle_starttag(self, tag, attrs):
        if tag == self.name:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag != self.name:
            return
        self.depth -= 1
        if self.depth == 0:
            line, column = self.getpos()
            offset = self._line_starts[line - 1] + column
            raise _Closed(self._text.index(">", offset) + 1)


def report_removed(generators):
    """``all_generators_finalized``: one summary line per build."""
    per_file = {
        content.source_path: content.fukatsoft_watermarks_removed
        for content in contents_of(generators)
        if getattr(content, "fukatsoft_watermarks_removed", 0)
    }
    if per_file:
        logger.info(
            "pelican-fukatsoft: removed %d editor watermark(s) from %d file(s)",
            sum(per_file.values()),
            len(per_file),
        )
