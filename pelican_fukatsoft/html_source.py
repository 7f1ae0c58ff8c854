"""Where each tag of an HTML text starts and ends, to the character.

Content transforms splice their edits into the text Pelican wrote instead
of re-serialising a parsed tree, so everything they do not touch stays byte
for byte as it was. :func:`tokenize` gives them exact offsets.
"""

from html.parser import HTMLParser

VOID_TAGS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr",
    }
)  # fmt: skip


class Token:
    __slots__ = ("end", "kind", "name", "start")

    def __init__(self, start, end, kind, name):
        self.start, self.end, self.kind, self.name = start, end, kind, name


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
        return self._add(i, super().parse_comment(i, report), "other")

    def parse_html_declaration(self, i):
        return self._add(i, super().parse_html_declaration(i), "other")

    def parse_bogus_comment(self, i, report=True):
        return self._add(i, super().parse_bogus_comment(i, report), "other")

    def parse_pi(self, i):
        return self._add(i, super().parse_pi(i), "other")


def tokenize(html):
    """Every tag, comment and declaration of *html*, as :class:`Token` s."""
    return _Tokenizer(html).tokens


def closing_index(html, tokens, index):
    """Index of the token that closes the element opened at *index* (itself
    for void and self-closed elements), or None when it never closes."""
    opening = tokens[index]
    if opening.name in VOID_TAGS or html[opening.end - 2] == "/":
        return index
    depth = 0
    for position in range(index, len(tokens)):
        token = tokens[position]
        if token.name == opening.name:
            depth += 1 if token.kind == "start" else -1
            if depth == 0:
                return position
    return None
