"""Editor watermarks: remove what WYSIWYG editors leave in saved HTML.

Runs on ``content_object_init`` against ``_content``, so summaries and feeds,
which Pelican derives from the content later, come out clean too.

BeautifulSoup finds what to remove; the edit itself is spliced into the
original text by source position, so everything else in the article comes
out byte for byte as it went in (re-serialising would rewrite entities,
quoting and void tags all over the document). An attribute goes by its
exact span in the start tag, as the HTML tokenizer reads the tag.

Python's ``html.parser`` (which gives those positions) and a browser do not
always agree on where an element ends: a ``<p>`` ends at a ``<div>`` for the
browser, a ``<textarea>`` holds text. So every edit is checked against the
article as a browser parses it (html5lib, the HTML standard's parsing
rules): the edited article must parse to the original with exactly the
watermark gone; an edit the two parsers disagree on is not made.
"""

import re
from html import unescape

from bs4 import BeautifulSoup, NavigableString, Tag

from .checks import logger_for, require
from .content_data import contents_of
from .content_memo import remembered
from .html_source import (
    HTML_SPACE,
    LITERAL_TEXT_ELEMENTS,
    closing_index,
    splice,
    tokenize,
    without_attributes,
)
from .internals import content_source, set_content_source

logger = logger_for(__name__)

RULES = ("froala", "redactor", "empty-trailing-paragraphs")
# What True turns on: the editors' own markers. Empty trailing paragraphs
# are no marker (a writer may want them), so that rule is opt-in.
DEFAULT_RULES = ("froala", "redactor")

DEFAULTS = {
    # True (the DEFAULT_RULES), False, or a list of names from RULES.
    "FUKATSOFT_STRIP_WATERMARKS": True,
    # Extra CSS selectors whose elements are removed from every article/page.
    "FUKATSOFT_WATERMARK_SELECTORS": [],
}

# Cheap substring tests (in lower case, entities read): an article that
# contains none of its rule's markers is never parsed.
_MARKERS = {
    "froala": ("pbf", "froala"),
    "redactor": ("redactor", "data-verified"),
}
_EMPTY_TRAILING_P = re.compile(
    r"<p\b[^>]*>(?:\s|&nbsp;|&#160;|\xa0|<br\s*/?>)*</p>\s*\Z", re.IGNORECASE
)
# Froala's paragraph after a CMS escaped it once more into visible text, as
# the reader sees that text (entities read). Only a text that holds it alone
# goes: one quoted in a sentence is the writer's.
_ESCAPED_FROALA = re.compile(
    r"<p\b[^<>]*?\sdata-f-id\s*=\s*[\"']?pbf\b[^<>]*>"
    r"(?:(?!</?p\b).)*?froala(?:(?!</?p\b).)*?</p\s*>",
    re.IGNORECASE | re.DOTALL,
)
_FROALA_LINK = re.compile(r"^https?://(?:www\.)?froala\.com(?:[/?#:]|$)", re.IGNORECASE)
_ZERO_WIDTH_SPACE = re.compile(
    r"\u200b|&#0*8203;|&#x0*200b;|&ZeroWidthSpace;", re.IGNORECASE
)
# A watermark quoted in these is an example, not a watermark: besides what
# the browser reads as text, code samples.
_QUOTING_CONTEXTS = LITERAL_TEXT_ELEMENTS | {"code", "kbd", "pre", "samp", "tt"}
# Never removed with a watermark they hold: removing a cell moves the
# others, an embed's fallback is no page content, the document is the page.
_NEVER_REMOVED = frozenset(
    {
        "body", "caption", "col", "colgroup", "embed", "frame", "frameset",
        "head", "html", "iframe", "object", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr",
    }
)  # fmt: skip
# Per-edit checks after the whole set disagreed with the browser's parse: at
# most this many (each is a parse), the rest is not made.
_SINGLE_CHECKS = 40
# html5lib parses to what a browser builds; attribute values kept whole.
_BROWSER = {"features": "html5lib", "multi_valued_attributes": None}
# An article is parsed where the theme puts it: in the body of a standards
# mode page (a leading comment is in the body, a <table> closes a <p>).
_PAGE_START = "<!DOCTYPE html><body>"
_SPACE_RUN = re.compile(f"[{HTML_SPACE}]+")


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
    rules = settings["FUKATSOFT_STRIP_WATERMARKS"]
    if rules is True:
        return DEFAULT_RULES
    return tuple(rules or ())


def strip_content(content):
    """``content_object_init`` handler."""
    html = content_source(content)
    if not html:
        return
    rules = enabled_rules(content.settings)
    selectors = tuple(content.settings["FUKATSOFT_WATERMARK_SELECTORS"])
    edits = remembered(content.settings, watermark_edits, html, rules, selectors)
    cleaned, removed = splice(html, edits), len(edits)
    if removed:
        set_content_source(content, cleaned)
        logger.debug(
            "removed %d watermark(s) from %s",
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
    return splice(html, edits), len(edits)


def watermark_edits(html, rules=DEFAULT_RULES, selectors=()):
    """What to cut or rewrite in *html*: ``(start, end, replacement)``
    spans that do not overlap, last first."""
    folded = unescape(html).lower()
    wanted = [
        rule
        for rule in rules
        if (rule == "empty-trailing-paragraphs" and _EMPTY_TRAILING_P.search(html))
        or any(marker in folded for marker in _MARKERS.get(rule, ()))
    ]
    if not wanted and not selectors:
        return ()

    source = _Source(html)
    soup = BeautifulSoup(html, "html.parser")
    removals, rewrites = [], []
    if "froala" in wanted:
        removals += [source.removal(el) for el in _froala_watermarks(soup)]
        removals += source.escaped_froala_removals()
    for selector in selectors:
        removals += [source.removal(el) for el in soup.select(selector)]
    if "redactor" in wanted:
        rewrites += _redactor_edits(soup, source)
    if "empty-trailing-paragraphs" in wanted:
        removals += [source.removal(el) for el in _empty_trailing_paragraphs(soup)]
    # One element may match two rules: each edit once.
    kept = dict.fromkeys(_without_nested([e for e in removals + rewrites if e]))
    if not kept:
        return ()
    browser = _BrowserCheck(html, wanted, selectors)
    edits = browser.confirmed(
        [edit for edit in kept if edit in removals],
        [edit for edit in kept if edit in rewrites],
    )
    return tuple(sorted(edits, reverse=True))


# Part of the content memo's key: the same HTML may get other edits now.
watermark_edits.memo_version = 2


def _froala_watermarks(soup):
    # find_all, not select(): soupsieve costs milliseconds per article here.
    for element in soup.find_all(attrs={"data-f-id": True}):
        if element.get("data-f-id").lower() == "pbf" and _outside_quotes(element):
            yield element
    for paragraph in soup.find_all("p"):
        if (
            " ".join(paragraph.get_text().lower().split()) == "powered by froala editor"
            and paragraph.find("a", href=_FROALA_LINK)
            and _is_trailing(paragraph)
            and _outside_quotes(paragraph)
        ):
            yield paragraph


def _outside_quotes(node, contexts=_QUOTING_CONTEXTS):
    # A walk up, not find_parent(): that builds a filter on every call.
    return not any(parent.name in contexts for parent in node.parents)


def _is_redactor_attribute(name):
    return name.startswith("data-redactor") or name == "data-verified"


def _is_invisible_space(element):
    return (
        element.name == "span"
        and "redactor-invisible-space" in (element.get("class") or "").split()
    )


def _redactor_edits(soup, source):
    edits = []
    for span in soup.find_all("span", class_="redactor-invisible-space"):
        if _outside_quotes(span, LITERAL_TEXT_ELEMENTS):
            edits.append(source.unwrap(span, drop=_ZERO_WIDTH_SPACE))
    for element in soup.find_all(True):
        if any(map(_is_redactor_attribute, element.attrs)) and _outside_quotes(
            element, LITERAL_TEXT_ELEMENTS
        ):
            edits.append(source.start_tag_edit(element, _is_redactor_attribute))
    return edits


def _empty_trailing_paragraphs(parent):
    found = []
    for element in reversed(parent.contents):
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
        self.token_at = {
            token.start: index
            for index, token in enumerate(self.tokens)
            if not token.literal
        }

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
        if not _outside_quotes(element):
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
                and opening.name not in _NEVER_REMOVED
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

    def start_tag_edit(self, element, unwanted):
        """The element's start tag without the attributes *unwanted* names."""
        first = self._start(element)
        if first is None:
            return None
        token = self.tokens[first]
        edited = without_attributes(self.html[token.start : token.end], unwanted)
        return None if edited is None else (token.start, token.end, edited)

    def escaped_froala_removals(self):
        """Froala's paragraph written as text on its own (all of a run of
        text between two tags, or lines of their own in it), outside code
        samples; the text read as the browser shows it."""
        removals = []
        quoted = 0
        previous_end = 0
        for index, token in enumerate([*self.tokens, None]):
            text_end = token.start if token else len(self.html)
            run = self.html[previous_end:text_end]
            shown = unescape(run) if not quoted else ""
            if "pbf" in shown.lower():
                if _ESCAPED_FROALA.fullmatch(shown.strip()):
                    removals.append(
                        self._escaped_removal(previous_end, text_end, index)
                    )
                else:
                    removals += [
                        self._line_removal(start, end)
                        for start, end in _escaped_lines(run, previous_end)
                    ]
            if token is None:
                break
            if token.literal:
                continue
            if token.name in _QUOTING_CONTEXTS:
                quoted += 1 if token.kind == "start" else -1
                quoted = max(quoted, 0)
            previous_end = token.end
        return removals

    def _escaped_removal(self, start, end, next_index):
        run = self.html[start:end]
        start += len(run) - len(run.lstrip())
        end -= len(run) - len(run.rstrip())
        if 0 < next_index < len(self.tokens):
            # The run is all an element holds: its wrappers may go too.
            first, last = next_index - 1, next_index
            if self.tokens[first].kind == "start" and self._end(first) == last:
                return self._widened(first, last)
        return self._line_removal(start, end)


def _escaped_lines(text, offset=0):
    """``(start, end)`` of each line of *text* (from *offset*) that holds an
    escaped Froala paragraph alone, white space around it left out."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        decoded = unescape(line)
        if "pbf" in decoded.lower() and _ESCAPED_FROALA.fullmatch(decoded.strip()):
            start = offset + match.start() + len(line) - len(line.lstrip())
            yield start, offset + match.end() - (len(line) - len(line.rstrip()))


class _BrowserCheck:
    """The article as a browser parses it, to check edits against.

    Each candidate edit comes from ``html.parser``'s view; the browser's
    view of the edited article must equal the browser's view of the
    original with exactly the watermarks it sees removed (and the Redactor
    attributes and spans it sees, gone). Text is compared with white space
    runs read as one space, as a browser lays it out, and without the white
    space at the very end (a removed last line takes its line break).
    """

    def __init__(self, html, wanted, selectors):
        self.html = html
        self.redactor = "redactor" in wanted
        self.tree = BeautifulSoup(_PAGE_START + html, **_BROWSER)
        found, self.lines = [], {}
        if "froala" in wanted:
            found += _froala_watermarks(self.tree)
            for text in self.tree.find_all(string=True):
                if (
                    type(text) is not NavigableString
                    or "pbf" not in text.lower()
                    or not _outside_quotes(text)
                ):
                    continue
                if _ESCAPED_FROALA.fullmatch(text.strip()):
                    found.append(text)
                else:  # lines of their own: each a removable of its own
                    for span in _escaped_lines(text):
                        self.lines[(id(text), span)] = text
        for selector in selectors:
            found += self.tree.select(selector)
        if "empty-trailing-paragraphs" in wanted:
            found += _empty_trailing_paragraphs(self.tree.body)
        # Each watermark alone, or with the wrappers that hold nothing else,
        # by key: id() of a node, (id(), span) of a line in a text.
        unique = {id(node): node for node in found}.values()
        self.removable = [(id(node), id(_widened(node))) for node in unique]
        self.removable += [(line, line) for line in self.lines]
        self._expected = {}

    def confirmed(self, removals, rewrites):
        """The edits the browser's parse agrees with."""
        everything = {wide for _, wide in self.removable}
        if self._agrees(removals + rewrites, everything):
            return removals + rewrites
        # Somewhere the two parsers disagree: each edit alone, then together.
        checks = iter(range(_SINGLE_CHECKS))
        kept, gone = [], set()
        for edit in removals:
            if next(checks, None) is None:
                break
            view = self._view_of([edit])
            for narrow, wide in self.removable:
                key = next(
                    (k for k in (wide, narrow) if view == self._expected_view({k})),
                    None,
                )
                if key is not None and key not in gone:
                    kept.append(edit)
                    gone.add(key)
                    break
        if self._agrees(rewrites, set()):
            kept += rewrites
        else:
            kept += [
                edit
                for edit, _ in zip(rewrites, checks, strict=False)
                if self._agrees([edit], set())
            ]
        if kept and self._agrees(kept, gone):
            return kept
        return []

    def _agrees(self, edits, gone):
        return bool(edits) and self._view_of(edits) == self._expected_view(gone)

    def _view_of(self, edits):
        edited = splice(self.html, edits)
        return self._view(BeautifulSoup(_PAGE_START + edited, **_BROWSER), set())

    def _expected_view(self, gone):
        key = frozenset(gone)
        if key not in self._expected:
            self._expected[key] = self._view(self.tree, key)
        return self._expected[key]

    def _view(self, tree, gone):
        """The document as a list of events, *gone* nodes (by id) and lines
        (by id and span) left out, Redactor's attributes and spans (when
        that rule runs) too."""
        events, text = [], []
        cuts = {}
        for key in gone:
            if key in self.lines:
                cuts.setdefault(key[0], []).append(key[1])

        def flush():
            joined = _SPACE_RUN.sub(" ", "".join(text))
            if events and events[-1][:2] == ("start", "body"):
                joined = joined.lstrip(" ")  # as the white space at the end
            if joined:
                events.append(("text", joined))
            text.clear()

        def walk(node, literal, invisible):
            for child in node.children:
                if id(child) in gone:
                    if isinstance(child, NavigableString):  # its spaces stay
                        stripped = child.strip(HTML_SPACE)
                        text.extend(child.partition(stripped)[:3:2])
                    continue
                if isinstance(child, Tag):
                    redactor = self.redactor and not literal
                    if redactor and _is_invisible_space(child):
                        walk(child, literal, True)
                        continue
                    flush()
                    attributes = sorted(
                        (name, value)
                        for name, value in child.attrs.items()
                        if not (redactor and _is_redactor_attribute(name))
                    )
                    events.append(("start", child.name, tuple(attributes)))
                    walk(
                        child, literal or child.name in LITERAL_TEXT_ELEMENTS, invisible
                    )
                    if child.name == "body":
                        text[:] = ["".join(text).rstrip(HTML_SPACE)]
                    flush()
                    events.append(("end", child.name))
                elif type(child) is NavigableString:
                    content = str(child)
                    for start, end in sorted(cuts.get(id(child), ()), reverse=True):
                        content = content[:start] + content[end:]
                    text.append(content.replace("\u200b", "") if invisible else content)
                else:  # comments, doctype, CDATA, processing instructions
                    flush()
                    events.append((type(child).__name__, str(child)))

        walk(tree, False, False)
        flush()
        return events


def _widened(node):
    """*node* with the wrappers that hold nothing else, in a parsed tree."""
    while (
        isinstance(node.parent, Tag)
        and node.parent.name not in _NEVER_REMOVED
        and all(
            sibling is node
            or (type(sibling) is NavigableString and not sibling.strip())
            for sibling in node.parent.children
        )
    ):
        node = node.parent
    return node


def report_removed(generators):
    """``all_generators_finalized``: one summary line per build."""
    per_file = {
        content.source_path: content.fukatsoft_watermarks_removed
        for content in contents_of(generators)
        if getattr(content, "fukatsoft_watermarks_removed", 0)
    }
    if per_file:
        logger.info(
            "removed %d editor watermark(s) from %d file(s)",
            sum(per_file.values()),
            len(per_file),
        )
