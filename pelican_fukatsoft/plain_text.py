"""Plain text from HTML: the one way the theme turns HTML into text.

Card summaries, ``<title>``, meta descriptions, the Isso thread title and the
JSON-LD headline all need the text of some HTML. Jinja's ``striptags`` is not
fit for that: it decodes entities (so ``&lt;script&gt;`` written as text
comes back as markup) and runs blocks together (``<p>expand</p><p>Hidden</p>``
becomes "expandHidden"). :func:`html_to_text` returns text: decoded, with a
space between blocks, without footnote markers, and always to be escaped by
whoever writes it into HTML
(the theme's ``fukatsoft/text.html`` macros do).
"""

import functools
import re
from html.parser import HTMLParser

# Elements whose boundaries separate words: everything that is not inline.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "img", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements whose content is never text a reader sees.
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "iframe"})
# Footnote markers (Python-Markdown's and docutils'): in a summary or a
# description their number would read as part of the word before ("word1").
FOOTNOTE_MARKER = re.compile(r"(?:^|\s)footnote-ref(?:erence)?(?:\s|$)")
_SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0
        self.in_marker = False  # inside a footnote marker's <a> (they never nest)

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "a" and FOOTNOTE_MARKER.search(dict(attrs).get("class") or ""):
            self.in_marker = True
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "a":
            self.in_marker = False
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden and not self.in_marker:
            self.parts.append(data)


# A page asks for the same texts a few times as it renders (its summary for
# the meta description and the JSON-LD, its title in <title> and the
# headline); a small cache serves those without holding every summary.
@functools.lru_cache(maxsize=256)
def html_to_text(html):
    """The text a reader sees in *html*, whitespace collapsed; not escaped."""
    if not html:
        return ""
    html = str(html)
    if "<" not in html and "&" not in html:
        return _SPACES.sub(" ", html).strip()
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return _SPACES.sub(" ", "".join(collector.parts)).strip()


def excerpt(text, length):
    """*text* cut at a word boundary to at most *length* characters + "…"."""
    if not length or len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def text_filter(html, length=0):
    """Jinja filter ``fukatsoft_text``: plain text of *html*, optionally cut."""
    return excerpt(html_to_text(html), length)
