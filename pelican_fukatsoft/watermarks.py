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

from bs4 import BeautifulSoup, Tag

from .checks import require
from .content_data import contents_of
from .content_memo import remembered
from .html_source import closing_index, tokenize
from .urls import clean_html, safe_url

logger = logging.getLogger(__name__)

RULES = ("froala", "redactor", "empty-trailing-paragraphs")
# What True turns on: the editors' own markers. Empty trailing paragraphs
# are no marker (a writer may want them), so that rule is opt-in.
DEFAULT_RULES = ("froala", "redactor")

DEFAULTS = {
    # True (the DEFAULT_RULES), False, or a list of names from RULES.
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
# Froala's paragraph after a CMS escaped it once more into visible text. It
# is looked for inside one run of text only (between two real tags), so it
# can never reach across elements or into attribute values.
_ESCAPED_FROALA = re.compile(
    r"&lt;p\b(?:(?!&gt;|&lt;).)*?data-f-id=(?:&quot;|&#34;|&#x22;|\"|')?pbf"
    r"(?:(?!&gt;|&lt;).)*&gt;"
    r"(?:(?!&lt;/?p\b).)*?Froala(?:(?!&lt;/?p\b).)*?&lt;/p&gt;",
    re.IGNORECASE | re.DOTALL,
)
_REDACTOR_ATTRIBUTE = re.compile(
    r"\s+data-(?:redactor-[\w-]*|verified)"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?",
    re.IGNORECASE,
)
_ZERO_WIDTH_SPACE = re.compile(
    r"\u200b|&#8203;|&#x200b;|&ZeroWidthSpace;", re.IGNORECASE
)
# Browsers show the content of these as text or code, never as page markup:
# a watermark quoted there is an example, not a watermark.
_LITERAL_CONTEXTS = frozenset(
    {
        "code", "kbd", "noscript", "plaintext", "pre", "samp", "script",
        "style", "template", "textarea", "title", "tt", "xmp",
    }
)  # fmt: skip


def check_settings(settings):
    rules = settings["FUKATSOFT_STRIP_WATERMARKS"]
    require(
        settings,
        "FUKATSOFT_STRIP_WATERMARKS",
        isinstance(rules, bool)
        or (isinstance(rules, list | tuple) and all(rule in RULES for rule in rules)),
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
        return DEFAULT_RULES
    return tuple(rules or ())


def strip_content(content):
    """``content_object_init`` handler."""
    html = getattr(content, "_content", None)
    if not html:
        return
    rules = enabled_rules(content.settings)
    selectors = tuple(content.settings.get("FUKATSOFT_WATERMARK_SELECTORS", ()))
    edits = remembered(content.settings, watermark_edits, html, rules, selectors)
    cleaned, removed = apply_edits(html, edits), len(edits)
    if removed:
        content._content = cleaned
        logger.debug(
            "pelican-fukatsoft: removed %d watermark(s) from %s",
            removed,
            content.source_path,
        )
    # Kept on the object so the build report also counts cached articles.
    content.fukatsoft_watermarks_removed = removed


def strip_watermarks(html, rules=DEFAULT_RULES, selectors=()):
    """Return ``(cleaned_html, number_of_things_removed)``.

    Only what a rule matches changes: an article without any editor marker
    comes back as it went in, byte for byte.
    """
    edits = watermark_edits(html, rules, selectors)
    return apply_edits(html, edits), len(edits)


def watermark_edits(html, rules=DEFAULT_RULES, selectors=()):
    """What to cut or rewrite in *html*: ``(start, end, replacement)``
    spans that do not overlap, last first."""
    wanted = [
        rule
        for rule in rules
        if (rule == "empty-trailing-paragraphs" and _EMPTY_TRAILING_P.search(html))
        or any(marker in html for marker in _MARKERS.get(rule, ()))
    ]
    if not wanted and not selectors:
        return ()

    source = _Source(html)
    soup = BeautifulSoup(html, "html.parser")
    edits = []
    if "froala" in wanted:
        edits += [source.removal(el) for el in _froala_watermarks(soup)]
        edits += source.escaped_froala_removals()
    for selector in selectors:
        edits += [source.removal(el) for el in soup.select(selector)]
    if "redactor" in wanted:
        edits += _redactor_edits(soup, source)
    if "empty-trailing-paragraphs" in wanted:
        edits += [source.removal(el) for el in _empty_trailing_paragraphs(soup)]
    edits = _without_nested([edit for edit in edits if edit is not None])
    return tuple(sorted(edits, reverse=True))


def apply_edits(html, edits):
    """*html* with the :func:`watermark_edits` spans replaced."""
    for start, end, replacement in edits:
        html = html[:start] + replacement + html[end:]
    return html


def _froala_watermarks(soup):
    # find_all, not select(): soupsieve costs milliseconds per article here.
    yield from soup.find_all(attrs={"data-f-id": "pbf"})
    for paragraph in soup.find_all("p"):
        if (
            " ".join(paragraph.get_text().split()) == "Powered by Froala Editor"
            and paragraph.find("a", href=re.compile(r"^https?://(www\.)?froala\.com"))
            and _is_trailing(paragraph)
        ):
            yield paragraph


def _redactor_edits(soup, source):
    edits = []
    for span in soup.select("span.redactor-invisible-space"):
        edits.append(source.unwrap(span, drop=_ZERO_WIDTH_SPACE))
    for element in soup.find_all(True):
        if any(
            name.startswith("data-redactor") or name == "data-verified"
            for name in element.attrs
        ):
            edits.append(
                source.start_tag_edit(
                    element, lambda tag: _REDACTOR_ATTRIBUTE.sub("", tag)
                )
            )
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
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.tokens = tokenize(html)
        self.token_at = {token.start: index for index, token in enumerate(self.tokens)}

    def _start(self, element):
        if element.sourceline is None:
            return None
        return self.token_at.get(
            self.line_starts[element.sourceline - 1] + element.sourcepos
        )

    def _end(self, index):
        """Index of the token that closes the element opened at *index*."""
        return closing_index(self.html, self.tokens, index)

    def removal(self, element):
        if element.find_parent(_LITERAL_CONTEXTS):
            return None
        first = self._start(element)
        last = None if first is None else self._end(first)
        # Never guess: an element whose extent is unclear stays in the page.
        if last is None:
            return None
        return self._widened(first, last)

    def _widened(self, first, last):
        """The removal of tokens *first*..*last*, widened to wrappers that
        hold nothing else and to the whole line when it holds nothing else."""
        while first > 0 and last + 1 < len(self.tokens):
            opening, closing = self.tokens[first - 1], self.tokens[last + 1]
            if not (
                opening.kind == "start"
                and opening.name not in ("html", "body")
                and self._blank(opening.end, self.tokens[first].start)
                and self._blank(self.tokens[last].end, closing.start)
                and self._end(first - 1) == last + 1
            ):
                break
            first, last = first - 1, last + 1
        return self._line_removal(self.tokens[first].start, self.tokens[last].end)

    def _blank(self, start, end):
        return not self.html[start:end].strip()

    def _line_removal(self, start, end):
        """Remove *start*..*end*, with its line when nothing else is on it:
        with the blank line after it (Python-Markdown writes one after a raw
        HTML block), or, on the last line, with the line break (and blank
        line) before it."""
        line_start = self.html.rfind("\n", 0, start) + 1
        line_end = self.html.find("\n", end)
        if line_end < 0:
            line_end = len(self.html)
            line_start = max(line_start - 1, 0)
            if self.html.endswith("\n", 0, line_start):
                line_start -= 1
        else:
            line_end += 1
        if not (self._blank(line_start, start) and self._blank(end, line_end)):
            return (start, end, "")
        if self.html.startswith("\n", line_end):
            line_end += 1
        return (line_start, line_end, "")

    def unwrap(self, element, drop=None):
        first = self._start(element)
        last = None if first is None else self._end(first)
        if last is None or last == first:
            return None
        start, end = self.tokens[first].start, self.tokens[last].end
        inner = self.html[self.tokens[first].end : self.tokens[last].start]
        return (start, end, drop.sub("", inner) if drop else inner)

    def start_tag_edit(self, element, rewrite):
        first = self._start(element)
        if first is None:
            return None
        token = self.tokens[first]
        return (token.start, token.end, rewrite(self.html[token.start : token.end]))

    def escaped_froala_removals(self):
        """Froala's paragraph written as text, outside code samples."""
        removals = []
        literal = 0
        previous_end = 0
        for index, token in enumerate([*self.tokens, None]):
            text_end = token.start if token else len(self.html)
            if not literal and "pbf" in self.html[previous_end:text_end]:
                removals += self._escaped_in_run(previous_end, text_end, index)
            if token is None:
                break
            if token.name in _LITERAL_CONTEXTS:
                literal += 1 if token.kind == "start" else -1
                literal = max(literal, 0)
            previous_end = token.end
        return removals

    def _escaped_in_run(self, start, end, next_index):
        matches = list(_ESCAPED_FROALA.finditer(self.html, start, end))
        if (
            len(matches) == 1
            and 0 < next_index < len(self.tokens)
            and self._blank(start, matches[0].start())
            and self._blank(matches[0].end(), end)
        ):
            # The run holds the watermark alone: its wrappers may go too.
            first, last = next_index - 1, next_index
            if self._end(first) == last and self.tokens[first].kind == "start":
                return [self._widened(first, last)]
        return [self._line_removal(*match.span()) for match in matches]


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
