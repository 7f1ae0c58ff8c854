"""Where each tag of an HTML text starts and ends, to the character.

Content transforms splice their edits into the text Pelican wrote instead
of re-serialising a parsed tree, so everything they do not touch stays byte
for byte as it was. :func:`tokenize` gives them exact offsets, and tells
which tags a browser reads as text (inside a ``<textarea>``, say): no
transform edits those.
"""

import re
from html.parser import HTMLParser

VOID_TAGS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr",
    }
)  # fmt: skip
#: Elements whose content the browser never shows as page markup: raw text
#: (``<script>``, ``<style>``, ``<xmp>``, ``<iframe>``...), escapable text
#: (``<textarea>``, ``<title>``), everything after ``<plaintext>``, the inert
#: content of a ``<template>`` and ``<noscript>`` (text when scripts run). A
#: "copy this embed code" box is shown as typed: transforms never edit in them.
LITERAL_TEXT_ELEMENTS = frozenset(
    {
        "iframe", "noembed", "noframes", "noscript", "plaintext", "script",
        "style", "template", "textarea", "title", "xmp",
    }
)  # fmt: skip
HTML_SPACE = " \t\n\f\r"
_COMMENT_END = re.compile(r"--!?>")


class Token:
    """A tag, comment or declaration at ``start:end`` of the text; ``literal``
    when a browser reads it as the text of a literal-text element."""

    __slots__ = ("end", "kind", "literal", "name", "start")

    def __init__(self, start, end, kind, name):
        self.start, self.end, self.kind, self.name = start, end, kind, name
        self.literal = False


class _Tokenizer(HTMLParser):
    """Every tag, comment and declaration of a text, with exact offsets.

    The same tokenizer as BeautifulSoup's ``html.parser`` builder, so its
    offsets agree with the elements' ``sourceline``/``sourcepos``; quoted
    attribute values that hold ``>`` are read as the browser reads them.
    """

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.tokens = []
        self._length = len(text)
        self._ended = None
        self.feed(text)
        self.close()

    def _add(self, i, end, kind, name=""):
        if end >= 0:
            # rawdata is trimmed only between parsing passes.
            base = self._length - len(self.rawdata)
            if not self.tokens or self.tokens[-1].start != base + i:
                self.tokens.append(Token(base + i, base + end, kind, name))
        return end

    def parse_starttag(self, i):
        return self._add(i, super().parse_starttag(i), "start", self.lasttag)

    def handle_endtag(self, tag):
        self._ended = tag

    def parse_endtag(self, i):
        self._ended = None
        end = super().parse_endtag(i)
        # Inside <script> or <style>, "</b>" is text: no end tag was handled.
        return self._add(i, end, "end", self._ended) if self._ended else end

    def parse_comment(self, i, report=True):
        # Where a browser ends the comment: "<!-->" and "<!--->" are empty
        # comments, "--!>" ends one too, "-- >" does not (html.parser's own
        # rule differs on all three, and from one Python release to another).
        rawdata = self.rawdata
        for empty in ("<!-->", "<!--->"):
            if rawdata.startswith(empty, i):
                return self._add(i, i + len(empty), "other")
        match = _COMMENT_END.search(rawdata, i + 4)
        # Unclosed, it runs to the end of the text.
        return self._add(i, match.end() if match else len(rawdata), "other")

    def parse_html_declaration(self, i):
        return self._add(i, super().parse_html_declaration(i), "other")

    def parse_bogus_comment(self, i, report=True):
        return self._add(i, super().parse_bogus_comment(i, report), "other")

    def parse_pi(self, i):
        return self._add(i, super().parse_pi(i), "other")


def tokenize(html):
    """Every tag, comment and declaration of *html*, as :class:`Token` s."""
    tokens = _Tokenizer(html).tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.kind == "start" and token.name in LITERAL_TEXT_ELEMENTS:
            end = _literal_text_end(html, tokens, index - 1)
            while index < len(tokens) and tokens[index].start < end:
                tokens[index].literal = True
                index += 1
    return tokens


def _literal_text_end(html, tokens, index):
    """Where the content of the literal-text element opened at *index* ends
    for a browser: at the first end tag of its name (the content is text),
    at the matching ``</template>``, never after ``<plaintext>``."""
    opening = tokens[index]
    if opening.name == "template":
        closing = closing_index(html, tokens, index)
        return len(html) if closing is None else tokens[closing].start
    if opening.name == "plaintext":
        return len(html)
    end = re.compile(rf"</{opening.name}[{HTML_SPACE}/>]", re.IGNORECASE).search(
        html, opening.end
    )
    if end is None or (
        # "<!--" in a script can hide its first "</script>" from the
        # browser (the spec's escaped states): no guess, all of it is text.
        opening.name == "script" and "<!--" in html[opening.end : end.start()]
    ):
        return len(html)
    return end.start()


def attribute_spans(tag):
    """``(name, start, end)`` for each attribute of the start tag *tag* (its
    text from ``<`` to ``>``), read by the HTML tokenizer's rules: *name* in
    lower case, ``start`` where the white space or ``/`` before it begins,
    ``end`` after its value."""
    length = len(tag)
    position = 1
    while position < length and tag[position] not in HTML_SPACE + "/>":
        position += 1
    spans = []
    previous_end = position
    while position < length:
        if tag[position] in HTML_SPACE + "/":
            position += 1
            continue
        if tag[position] == ">":
            break
        name_start = position
        position += 1  # a first "=" belongs to the name
        while position < length and tag[position] not in HTML_SPACE + "/>=":
            position += 1
        name = tag[name_start:position].lower()
        end = position
        while position < length and tag[position] in HTML_SPACE:
            position += 1
        if position < length and tag[position] == "=":
            position += 1
            while position < length and tag[position] in HTML_SPACE:
                position += 1
            if position < length and tag[position] in "\"'":
                close = tag.find(tag[position], position + 1)
                position = length if close < 0 else close + 1
            else:
                while position < length and tag[position] not in HTML_SPACE + ">":
                    position += 1
            end = position
        else:
            position = end
        spans.append((name, previous_end, end))
        previous_end = end
    return spans


def without_attributes(tag, unwanted):
    """The start tag *tag* without the attributes whose (lower-case) names
    *unwanted* accepts, every other one kept to the byte; None where cutting
    one would change another (``a=1 x=2/`` without ``x`` would give ``a``
    the value ``1/``)."""
    spans = attribute_spans(tag)
    pieces, cursor = [], 0
    for name, start, end in spans:
        if unwanted(name):
            pieces.append(tag[cursor:start])
            cursor = end
    pieces.append(tag[cursor:])
    edited = "".join(pieces)
    kept = [
        tag[start:end].lstrip(HTML_SPACE + "/")
        for name, start, end in spans
        if not unwanted(name)
    ]
    after = [
        edited[start:end].lstrip(HTML_SPACE + "/")
        for _, start, end in attribute_spans(edited)
    ]
    return edited if after == kept else None


def closing_index(html, tokens, index):
    """Index of the token that closes the element opened at *index* (itself
    for void and self-closed elements), or None when it never closes. Tags
    a browser reads as text do not count."""
    opening = tokens[index]
    if opening.name in VOID_TAGS or html[opening.end - 2] == "/":
        return index
    depth = 0
    for position in range(index, len(tokens)):
        token = tokens[position]
        if token.name == opening.name and not token.literal:
            depth += 1 if token.kind == "start" else -1
            if depth == 0:
                return position
    return None


def splice(html, edits):
    """*html* with each ``(start, end, replacement)`` span replaced and
    nothing else changed; applied from the end, so that every offset still
    points where it did in *html*."""
    for start, end, replacement in sorted(edits, reverse=True):
        html = html[:start] + replacement + html[end:]
    return html
