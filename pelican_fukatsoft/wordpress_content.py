"""A WordPress post's content as its readers saw it, as HTML Pelican reads.

What WordPress does to ``post_content`` when it shows a post, and only that:
Gutenberg block comments removed; for classic-editor posts (no blocks),
``wpautop``'s paragraphs and line breaks, ported from WordPress 6.x
(``wp-includes/formatting.php``) rule by rule, and ``shortcode_unautop``;
bare YouTube and Vimeo URLs on a line of their own (WordPress's
``autoembed``) as an iframe, other such URLs as a link, as WordPress falls
back to; the ``[caption]``, ``[gallery]``, ``[audio]``,
``[video]`` and ``[embed]`` shortcodes as HTML5 elements. Everything else is
left byte for byte (``wptexturize``'s curly quotes too: the source keeps
what the author typed). What is not converted is returned, not guessed.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

# Gutenberg's block delimiters: <!-- wp:name {"json"} --> ... <!-- /wp:name -->
# (JSON in a delimiter never holds "--": the editor escapes it as \u002d).
BLOCK_COMMENT = re.compile(
    r"<!--\s+/?wp:[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?\s+(?:\{.*?\}\s+)?/?-->\n?",
    re.DOTALL,
)
MORE = re.compile(r"<!--more(?:\s[^>]*)?-->")
CONVERTED = ("caption", "wp_caption", "gallery", "audio", "video", "embed")


@dataclass
class Cleaned:
    html: str
    #: {"caption": 2, ...}: shortcodes and embeds converted.
    converted: dict = field(default_factory=dict)
    #: ["[playlist]", ...]: what is left as it was, for the summary.
    left: list = field(default_factory=list)


def has_blocks(text):
    return "<!-- wp:" in text


def clean(text, attachments=None, post_id=None):
    """*text* as WordPress shows it. *attachments* is ``{id: Attachment}``
    (``url``, ``alt``, ``parent``, ``order``) for galleries and captions."""
    attachments = attachments or {}
    result = Cleaned("")
    blocks = has_blocks(text)
    if blocks:
        text = BLOCK_COMMENT.sub("", text)
    if post_id:
        # The single post's page: the more tag becomes its anchor, as
        # WordPress writes it (old links to "#more-12" still land there).
        text = MORE.sub(f'<span id="more-{post_id}"></span>', text, count=1)
    text = autoembed(text, result)
    if not blocks:
        text = shortcode_unautop(wpautop(text))
    text = do_shortcodes(text, attachments, post_id, result)
    result.html = text
    return result


# --- wpautop -----------------------------------------------------------------

ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol"
    r"|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend"
    r"|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details"
    r"|menu|summary)"
)
# wp_html_split's pieces that are markup: comments, CDATA and tags.
_HTML_MARKUP = re.compile(r"<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)|<[^>]*>?", re.S)


def _replace_in_html_tags(text, old, new):
    return _HTML_MARKUP.sub(lambda m: m.group(0).replace(old, new), text)


def wpautop(text, br=True):
    """WordPress's ``wpautop``: double line breaks become paragraphs, single
    ones ``<br />``, nothing inside ``<pre>``, ``<script>``, ``<style>`` touched."""
    if not text.strip():
        return ""
    text, pre_tags = _hold_pre(text + "\n")
    text = _autop_paragraphs(_autop_block_breaks(text))
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, pre in pre_tags.items():
        text = text.replace(name, pre)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text


def _hold_pre(text):
    """Each ``<pre>`` replaced by a placeholder, as wpautop keeps them."""
    pre_tags = {}
    if "<pre" not in text:
        return text, pre_tags
    parts = text.split("</pre>")
    last = parts.pop()
    text = ""
    for i, part in enumerate(parts):
        start = part.find("<pre")
        if start == -1:
            text += part
            continue
        name = f"<pre wp-pre-tag-{i}></pre>"
        pre_tags[name] = part[start:] + "</pre>"
        text += part[:start] + name
    return text + last, pre_tags


def _autop_block_breaks(text):
    """Blank lines around block elements; none inside tags or media."""
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALLBLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALLBLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_in_html_tags(text, "\n", " <!-- wpnl --> ")
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "</object>" in text:
        text = re.sub(r"(<object[^>]*>)\s*", r"\1", text)
        text = re.sub(r"\s*</object>", "</object>", text)
        text = re.sub(r"\s*(</?(?:param|embed)[^>]*>)\s*", r"\1", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", r"\1", text)
        text = re.sub(r"\s*([<\[]/(?:audio|video)[>\]])", r"\1", text)
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    return re.sub(r"\n\n+", "\n\n", text)


def _autop_paragraphs(text):
    """Each run of text between blank lines a ``<p>``, unless it is a block."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALLBLOCKS}[^>]*>)", r"\1", text)
    return re.sub(rf"(</?{ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text)


def shortcode_unautop(text):
    """A paragraph holding nothing but a shortcode is the shortcode."""
    names = "|".join(CONVERTED)
    return re.sub(
        rf"<p>\s*(\[({names})\b[^\]]*\](?:.*?\[/\2\])?)\s*</p>\n?",
        r"\1\n",
        text,
        flags=re.S,
    )


# --- embeds ------------------------------------------------------------------

_OWN_LINE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.M | re.I)


def embed_html(url):
    """An iframe for a YouTube or Vimeo URL, or None."""
    parts = urlsplit(html.unescape(url))
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [None])[0]
        elif parts.path.startswith(("/embed/", "/shorts/")):
            video = parts.path.split("/")[2]
    elif host == "youtu.be":
        video = parts.path.lstrip("/").split("/")[0]
    if video and re.fullmatch(r"[\w-]{6,20}", video):
        return (
            f'<iframe src="https://www.youtube-nocookie.com/embed/{video}" '
            'width="560" height="315" title="YouTube video" loading="lazy" '
            'allow="encrypted-media; picture-in-picture; fullscreen"></iframe>'
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        number = re.search(r"/(\d+)(?:/|$)", parts.path)
        if number:
            return (
                f'<iframe src="https://player.vimeo.com/video/{number.group(1)}" '
                'width="640" height="360" title="Vimeo video" loading="lazy" '
                'allow="fullscreen; picture-in-picture"></iframe>'
            )
    return None


def autoembed(text, result):
    """WordPress's ``autoembed``: a URL alone on its line, outside tags."""

    def replace(match):
        url = match.group(2)
        code = embed_html(url)
        if code is None:
            # No provider we embed: a link, as WordPress's maybe_make_link.
            result.left.append(f"{url[:80]} (no embed for it: a link)")
            code = f'<a href="{_attr(url)}">{url}</a>'
        else:
            _count(result, "embed")
        return match.group(1) + code + match.group(3)

    # Not inside <pre>/<code>, as WordPress leaves code alone.
    pieces = re.split(r"(<pre[\s>].*?</pre>|<code[\s>].*?</code>)", text, flags=re.S)
    return "".join(
        piece if i % 2 else _OWN_LINE_URL.sub(replace, piece)
        for i, piece in enumerate(pieces)
    )


# --- shortcodes ----------------------------------------------------------------


def shortcode_regex(names):
    """WordPress's ``get_shortcode_regex``: [[escaped]], [self /], [open]...[/open]."""
    return re.compile(
        r"\[(\[?)(" + "|".join(map(re.escape, names)) + r")(?![\w-])"
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
        r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)(\]?)",
        re.S,
    )


_SHORTCODES = shortcode_regex(CONVERTED)
_ANY_SHORTCODE = re.compile(r"\[([a-zA-Z][\w-]*)(?=[\s\]/])[^\[\]]*\]")
_ATTRIBUTE = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*\'([^\']*)\'(?:\s|$)'
    r'|([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|\'([^\']*)\'(?:\s|$)'
    r"|(\S+)(?:\s|$)"
)


def parse_attributes(text):
    """WordPress's ``shortcode_parse_atts``: names lower-cased; values
    without a name under "0", "1"..."""
    text = re.sub(r"[\u00a0\u200b]", " ", text)
    attributes = {}
    positional = 0
    for m in _ATTRIBUTE.finditer(text):
        if m.group(1):
            attributes[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            attributes[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            attributes[m.group(5).lower()] = m.group(6)
        else:
            value = next(g for g in m.groups()[6:] if g is not None)
            attributes[str(positional)] = value
            positional += 1
    return attributes


def _count(result, name):
    result.converted[name] = result.converted.get(name, 0) + 1


def do_shortcodes(text, attachments, post_id, result):
    def replace(match):
        if match.group(1) == "[" and match.group(6) == "]":  # [[escaped]]
            return match.group(0)[1:-1]
        name = match.group(2)
        attributes = parse_attributes(match.group(3))
        content = match.group(5) or ""
        converter = {
            "caption": _caption,
            "wp_caption": _caption,
            "gallery": _gallery,
            "audio": _audio,
            "video": _video,
            "embed": _embed,
        }[name]
        code = converter(attributes, content, attachments, post_id)
        if code is None:
            result.left.append(f"[{name}] left as it is")
            return match.group(0)
        _count(result, "caption" if name == "wp_caption" else name)
        return match.group(1) + code + match.group(6)

    text = _SHORTCODES.sub(replace, text)
    # Any other shortcode-looking text is left, and said.
    for m in _ANY_SHORTCODE.finditer(re.sub(r"<[^>]*>", "", text)):
        if m.group(1).lower() not in ("caption", "gallery", "audio", "video", "embed"):
            result.left.append(
                f"[{m.group(1)}] left as it is (a plugin's shortcode, or text)"
            )
    return text


def _attr(value):
    return html.escape(html.unescape(value), quote=True)


def _caption(attributes, content, attachments, post_id):
    caption = attributes.get("caption")
    content = content.strip()
    if caption is None:
        # The caption is the text after the image (or its link).
        m = re.match(
            r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$", content, re.S | re.I
        )
        if not m:
            return None
        content, caption = m.group(1), m.group(2).strip()
    classes = " ".join(
        c
        for c in ("wp-caption", attributes.get("align", ""), attributes.get("class"))
        if c
    )
    ident = attributes.get("id", "")
    ident = f' id="{_attr(ident)}"' if ident else ""
    return (
        f'<figure{ident} class="{_attr(classes)}">{content}'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>'
    )


def _gallery(attributes, content, attachments, post_id):
    if attributes.get("ids"):
        ids = [part.strip() for part in attributes["ids"].split(",")]
        items = [attachments[i] for i in ids if i in attachments]
    elif attributes.get("include"):
        ids = [part.strip() for part in attributes["include"].split(",")]
        items = [attachments[i] for i in ids if i in attachments]
    else:
        parent = attributes.get("id") or post_id
        exclude = {part.strip() for part in attributes.get("exclude", "").split(",")}
        items = sorted(
            (
                a
                for i, a in attachments.items()
                if a.parent == parent and a.is_image and i not in exclude
            ),
            key=lambda a: (a.order, int(a.id) if a.id.isdigit() else 0),
        )
    if not items:
        return None
    try:
        columns = max(0, min(9, int(attributes.get("columns", "3"))))
    except ValueError:
        columns = 3
    figures = "".join(
        f'<figure class="gallery-item"><a href="{_attr(a.url)}">'
        f'<img src="{_attr(a.url)}" alt="{_attr(a.alt)}" loading="lazy"></a>'
        + (
            f'<figcaption class="wp-caption-text gallery-caption">'
            f"{html.escape(a.caption)}</figcaption>"
            if a.caption
            else ""
        )
        + "</figure>"
        for a in items
    )
    return f'<figure class="gallery gallery-columns-{columns}">{figures}</figure>'


def _media_source(attributes, content, extensions, attachments, post_id):
    """``src``, a source per format, a URL given without a name, the
    shortcode's content, or (as WordPress does) the post's first attached
    file of the kind."""
    candidates = [
        attributes.get("src"),
        *(attributes.get(extension) for extension in extensions),
        *(attributes.get(str(i)) for i in range(3)),
        content.strip(),
    ]
    for candidate in candidates:
        if candidate and candidate.startswith(("http://", "https://", "/")):
            return candidate
    attached = sorted(
        (
            a
            for a in attachments.values()
            if a.parent == post_id and a.url.lower().rsplit(".", 1)[-1] in extensions
        ),
        key=lambda a: (a.order, int(a.id) if a.id.isdigit() else 0),
    )
    return attached[0].url if attached else None


def _audio(attributes, content, attachments, post_id):
    src = _media_source(
        attributes,
        content,
        ("mp3", "ogg", "oga", "wav", "m4a", "wma"),
        attachments,
        post_id,
    )
    if not src:
        return None
    flags = "".join(f" {f}" for f in ("loop", "autoplay") if attributes.get(f))
    return (
        f'<audio class="wp-audio-shortcode" controls{flags} src="{_attr(src)}"></audio>'
    )


def _video(attributes, content, attachments, post_id):
    src = _media_source(
        attributes,
        "",
        ("mp4", "m4v", "webm", "ogv", "flv", "wmv"),
        attachments,
        post_id,
    )
    if not src:
        return None
    extra = ""
    if attributes.get("poster"):
        extra += f' poster="{_attr(attributes["poster"])}"'
    for size in ("width", "height"):
        if attributes.get(size, "").isdigit():
            extra += f' {size}="{attributes[size]}"'
    return (
        f'<video class="wp-video-shortcode" controls preload="metadata"{extra} '
        f'src="{_attr(src)}"></video>'
    )


def _embed(attributes, content, attachments, post_id):
    url = content.strip()
    if not url:
        return None
    code = embed_html(url)
    if code is None:  # no provider we know: a link, as WordPress falls back to
        return f'<a href="{_attr(url)}">{html.escape(html.unescape(url))}</a>'
    return code


# --- comments ------------------------------------------------------------------

# What WordPress lets a commenter write (kses' allowed tags), as Isso's
# Markdown writes it; any other tag is dropped and its text kept.
_COMMENT_INLINE = {
    "strong": "**",
    "b": "**",
    "em": "*",
    "i": "*",
    "cite": "*",
    "code": "`",
    "del": "~~",
    "s": "~~",
    "strike": "~~",
    "q": '"',
}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_HREF = re.compile(r"href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*)([#+-])(?=\s)", re.M)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s)", re.M)


def _escaped(text):
    """Text as Markdown that shows it as it is (entities decoded, as the
    browser decoded them on WordPress)."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.unescape(text))
    text = _LINE_START.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def _safe_href(tag):
    match = _HREF.search(tag)
    href = html.unescape(next((g for g in match.groups() if g), "")) if match else ""
    href = href.strip()
    if not href.startswith(("http://", "https://", "mailto:")):
        return None
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group(0)):02X}", href)


def comment_markdown(text):
    """A WordPress comment (text with the few HTML tags WordPress allows) as
    Markdown that Isso renders the way WordPress showed it: each tag as its
    Markdown, any other tag dropped (its text kept), and what Markdown would
    read as markup escaped."""
    out = []
    links = []  # the href of each open <a>, None when it is not kept
    quotes = []  # where each open <blockquote> starts in out
    code = False  # inside <code>: text as it is, Markdown reads none of it
    for i, piece in enumerate(_TAG.split(text)):
        if i % 2 == 0:
            out.append(html.unescape(piece) if code else _escaped(piece))
            continue
        match = _TAG_NAME.match(piece)
        if not match:
            out.append(_escaped(piece))
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name == "a":
            if not closing:
                links.append(_safe_href(piece))
                out.append("[" if links[-1] else "")
            elif links:
                href = links.pop()
                out.append(f"]({href})" if href else "")
        elif name == "blockquote":
            if not closing:
                quotes.append(len(out))
            elif quotes:
                start = quotes.pop()
                inner = "".join(out[start:]).strip("\n")
                out[start:] = [
                    "\n\n"
                    + "\n".join(f"> {line}" for line in inner.split("\n"))
                    + "\n\n"
                ]
        else:
            if name == "code":
                code = not closing
            out.append(_COMMENT_INLINE.get(name, ""))
    out.extend(f"]({href})" if href else "" for href in reversed(links))
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip("\n")
