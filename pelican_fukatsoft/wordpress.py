"""Move a WordPress blog to Pelican: posts, URLs, comments, view counts, authors.

    pelican-fukatsoft-import wordpress EXPORT.xml --site DIR
        [--timezone ZONE] [--views-meta KEY] [--views-csv FILE]...
        [--users USERS.json] [--keep-personal-data]

Reads a WordPress export (WXR 1.0 to 1.2, either namespace spelling) with
the standard library's XML parser and writes a Pelican site into ``DIR``:
``pelicanconf.py`` (our plugin and theme, the URL settings the permalinks
in the export follow), ``content/posts`` and ``content/pages`` as HTML files
Pelican's HTML reader reads, Isso's database ``content/comments/comments.db``
(Isso 0.14's schema), the views file and the authors file our counters and
bylines read. A second run gives the same files and database: comments are
keyed on their WordPress id, and ``DIR/.wordpress-import.json`` remembers
what each written file held, so a file the owner edited since is kept, and
said. Every problem is one line naming the file and the item.
"""

import argparse
import csv
import hashlib
import html
import json
import logging
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .checks import logger_for
from .wordpress_content import MORE, clean, comment_markdown

logger = logger_for(__name__)
PREFIX = "pelican-fukatsoft-import:"
MANIFEST = ".wordpress-import.json"
ISSO_DB = "comments/comments.db"
VIEWS_FILE = "wordpress-views.json"
AUTHORS_FILE = "authors.json"
#: Post meta keys of view counters: WP-PostViews, Post Views Counter et al.
VIEWS_META = ("views", "post_views_count")
#: Isso's comment modes.
PUBLISHED, PENDING = 1, 2

# Isso 0.14's tables, as isso/db/{threads,comments,preferences}.py create them.
ISSO_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS threads ("
    "    id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256))",
    """
            CREATE TABLE IF NOT EXISTS comments (
                tid REFERENCES threads(id),
                id INTEGER PRIMARY KEY,
                parent INTEGER,
                created FLOAT NOT NULL,
                modified FLOAT,
                mode INTEGER,
                remote_addr VARCHAR,
                text VARCHAR NOT NULL,
                author VARCHAR,
                email VARCHAR,
                website VARCHAR,
                likes INTEGER DEFAULT 0,
                dislikes INTEGER DEFAULT 0,
                voters BLOB NOT NULL,
                notification INTEGER DEFAULT 0
            );
        """,
    "CREATE TABLE IF NOT EXISTS preferences (    key VARCHAR PRIMARY KEY,"
    " value VARCHAR );",
    "CREATE TRIGGER IF NOT EXISTS remove_stale_threads AFTER DELETE ON comments"
    " BEGIN     DELETE FROM threads WHERE id NOT IN (SELECT tid FROM comments);"
    " END",
)
ISSO_SCHEMA_VERSION = 5


class ImportError_(Exception):
    """What stops the import: said in one line."""


# --- reading the export --------------------------------------------------------


def _family(tag):
    """``(namespace family, local name)`` whatever the namespace's spelling:
    http or https, export 1.0, 1.1 or 1.2."""
    if tag[:1] != "{":
        return "", tag
    uri, _, name = tag[1:].partition("}")
    uri = uri.lower()
    if "wordpress.org/export/" in uri:
        return ("excerpt" if "excerpt" in uri else "wp"), name
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content", name
    if "purl.org/dc/elements" in uri:
        return "dc", name
    return uri, name


def _fields(element):
    """``{"wp:post_id": text, ...}`` of the first child of each name."""
    found = {}
    for child in element:
        family, name = _family(child.tag)
        key = f"{family}:{name}" if family else name
        found.setdefault(key, child.text or "")
    return found


@dataclass
class Attachment:
    id: str
    url: str
    alt: str = ""
    caption: str = ""
    parent: str = ""
    order: int = 0
    is_image: bool = True


@dataclass
class WPComment:
    id: str
    parent: str
    status: str  # "1", "0", "spam", "trash", ...
    type: str
    author: str
    email: str
    url: str
    ip: str
    created: float
    text: str


@dataclass
class Item:
    id: str
    type: str
    status: str
    title: str
    link: str
    slug: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None
    modified: datetime | None
    parent: str
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    #: Local time minus GMT as WordPress wrote both (None without both).
    offset: object = None


@dataclass
class Export:
    title: str = ""
    description: str = ""
    link: str = ""
    language: str = ""
    authors: dict = field(default_factory=dict)  # login -> {display_name, ...}
    items: list = field(default_factory=list)
    attachments: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # (item, message)
    left_out: dict = field(default_factory=dict)  # reason -> count


def _wp_time(value, zone):
    """A WordPress ``Y-m-d H:i:s`` in *zone* as an aware datetime, or None."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        return None


def _item_time(local, gmt, zone):
    """The GMT time when there is one (a published item), else the local one."""
    when = _wp_time(gmt, UTC)
    return when.astimezone(zone) if when else _wp_time(local, zone)


def read_export(path, zone):
    """The export at *path*, or :class:`ImportError_` in one line."""
    try:
        tree = ET.parse(path)
    except ET.ParseError as error:
        line, column = error.position
        raise ImportError_(
            f"{path}: not well-formed XML (line {line}, column {column}: "
            f"{str(error).split(':')[0]}); nothing imported"
        ) from error
    except OSError as error:
        raise ImportError_(f"{path}: cannot read ({error.strerror})") from error
    channel = tree.getroot().find("channel")
    if channel is None or not any(_family(e.tag)[0] == "wp" for e in channel):
        raise ImportError_(
            f"{path}: not a WordPress export (no <channel> with the "
            "wordpress.org/export namespace); nothing imported"
        )
    export = Export()
    top = _fields(channel)
    export.title = top.get("title", "").strip()
    export.description = top.get("description", "").strip()
    export.link = top.get("link", "").strip()
    export.language = top.get("language", "").strip()
    for child in channel:
        if _family(child.tag) == ("wp", "author"):
            author = _fields(child)
            login = author.get("wp:author_login", "").strip()
            if login:
                export.authors[login] = {
                    "display_name": author.get("wp:author_display_name", "").strip()
                    or login,
                    "email": author.get("wp:author_email", "").strip(),
                }
    for number, element in enumerate(channel.iter("item"), 1):
        try:
            item = _read_item(element, zone)
        except (ValueError, TypeError, AttributeError) as error:
            export.problems.append((f"item {number}", f"unreadable ({error}); skipped"))
            continue
        if item.type == "attachment":
            export.attachments[item.id] = Attachment(
                id=item.id,
                url=item.meta.get("attachment_url", "") or item.link,
                alt=item.meta.get("_wp_attachment_image_alt", ""),
                caption=item.excerpt.strip(),
                parent=item.parent,
                order=item.meta.get("menu_order", 0),
                is_image=bool(
                    re.search(
                        r"\.(?:jpe?g|png|gif|webp|avif|svg)$",
                        item.meta.get("attachment_url", ""),
                        re.I,
                    )
                ),
            )
        elif item.type in ("post", "page"):
            export.items.append(item)
        else:
            reason = f"{item.type or 'untyped'} items"
            export.left_out[reason] = export.left_out.get(reason, 0) + 1
    return export


def _offset(local, gmt):
    local, gmt = _wp_time(local, UTC), _wp_time(gmt, UTC)
    return local - gmt if local and gmt else None


def _zone_hint(items):
    """What to say when the export's times show a blog that was not on
    UTC and no --timezone was given."""
    offsets = sorted({i.offset for i in items if i.offset is not None})
    if not offsets or offsets == [timedelta(0)]:
        return None
    shown = ", ".join(
        f"{'+' if o >= timedelta(0) else '-'}{abs(o) // timedelta(hours=1):02d}:"
        f"{abs(o) % timedelta(hours=1) // timedelta(minutes=1):02d}"
        for o in offsets[:4]
    )
    return (
        f"the posts' times are {shown} from GMT: the blog was not on UTC; give its "
        "zone with --timezone (WordPress: Settings > General), dates and URLs "
        "are in UTC now"
    )


def _rss_time(value, zone):
    """RSS's ``pubDate`` (RFC 822), or None."""
    try:
        when = parsedate_to_datetime((value or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.year < 1971:  # WordPress writes 1970 for none
        return None
    return when.astimezone(zone) if when.tzinfo else when.replace(tzinfo=zone)


def _read_item(element, zone):
    fields = _fields(element)
    meta = {}
    categories, tags = [], []
    comments = []
    for child in element:
        family, name = _family(child.tag)
        if (family, name) == ("wp", "postmeta"):
            pair = _fields(child)
            key = pair.get("wp:meta_key", "")
            meta.setdefault(key, pair.get("wp:meta_value", ""))
        elif (family, name) == ("", "category"):
            text = (child.text or "").strip()
            if not text:
                continue
            if child.get("domain") == "category":
                categories.append(text)
            elif child.get("domain") == "post_tag":
                tags.append(text)
        elif (family, name) == ("wp", "comment"):
            comments.append(_read_comment(_fields(child), zone))
    meta["attachment_url"] = fields.get("wp:attachment_url", "").strip()
    try:
        meta["menu_order"] = int(fields.get("wp:menu_order", "0") or 0)
    except ValueError:
        meta["menu_order"] = 0
    return Item(
        id=fields.get("wp:post_id", "").strip(),
        type=fields.get("wp:post_type", "").strip(),
        status=fields.get("wp:status", "").strip(),
        title=fields.get("title", "").strip(),
        link=fields.get("link", "").strip(),
        slug=unquote(fields.get("wp:post_name", "").strip()),
        creator=fields.get("dc:creator", "").strip(),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        date=_item_time(
            fields.get("wp:post_date"), fields.get("wp:post_date_gmt"), zone
        )
        or _rss_time(fields.get("pubDate"), zone),
        modified=_item_time(
            fields.get("wp:post_modified"), fields.get("wp:post_modified_gmt"), zone
        ),
        parent=fields.get("wp:post_parent", "0").strip(),
        categories=list(dict.fromkeys(categories)),
        tags=list(dict.fromkeys(tags)),
        meta=meta,
        comments=comments,
        offset=_offset(fields.get("wp:post_date"), fields.get("wp:post_date_gmt")),
    )


def _read_comment(fields, zone):
    created = _item_time(
        fields.get("wp:comment_date"), fields.get("wp:comment_date_gmt"), zone
    )
    return WPComment(
        id=fields.get("wp:comment_id", "").strip(),
        parent=fields.get("wp:comment_parent", "0").strip() or "0",
        status=fields.get("wp:comment_approved", "0").strip(),
        type=fields.get("wp:comment_type", "").strip(),
        author=fields.get("wp:comment_author", "").strip(),
        email=fields.get("wp:comment_author_email", "").strip(),
        url=fields.get("wp:comment_author_url", "").strip(),
        ip=fields.get("wp:comment_author_IP", "").strip(),
        created=created.timestamp() if created else 0.0,
        text=fields.get("wp:comment_content", ""),
    )


# --- URLs ----------------------------------------------------------------------

#: WordPress permalink structures, as Pelican URL patterns.
STRUCTURES = (
    "{date:%Y}/{date:%m}/{date:%d}/{slug}/",
    "{date:%Y}/{date:%m}/{slug}/",
    "{date:%Y}/{slug}/",
    "{slug}/",
    "{slug}.html",
    "archives/{id}/",
)


def site_prefix(export):
    """The path the blog lived under (``/blog``), without its trailing slash."""
    return urlsplit(export.link).path.rstrip("/")


def old_path(item, prefix):
    """The item's permalink path below the blog, e.g. ``2020/01/02/hello/``;
    None for one a static site cannot answer (a query such as ``?p=12``)."""
    parts = urlsplit(item.link)
    if parts.query or not parts.path:
        return None
    path = unquote(parts.path)
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    path = path.lstrip("/")
    return path or None


def expand(structure, item):
    return (
        structure.replace("{date:%Y}", f"{item.date:%Y}")
        .replace("{date:%m}", f"{item.date:%m}")
        .replace("{date:%d}", f"{item.date:%d}")
        .replace("{slug}", item.slug)
        .replace("{id}", item.id)
    )


def choose_structure(items, prefix, default):
    """The structure most items' permalinks follow (ties: the first listed)."""
    scores = {s: 0 for s in STRUCTURES}
    for item in items:
        path = old_path(item, prefix)
        if path and item.date and item.slug:
            for structure in STRUCTURES:
                if expand(structure, item) == path:
                    scores[structure] += 1
    best = max(STRUCTURES, key=lambda s: scores[s])
    return best if scores[best] else default


def save_as(url):
    return url + "index.html" if url.endswith("/") or not url else url


# --- writing -------------------------------------------------------------------


class Writer:
    """Writes files under the site folder; keeps a file the owner edited."""

    def __init__(self, site):
        self.site = site
        self.path = site / MANIFEST
        try:
            self.manifest = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.manifest, dict):
                raise ValueError
        except (OSError, ValueError):
            self.manifest = {}
        self.before = dict(self.manifest.get("files", {}))
        self.files = {}
        self.kept = []
        self.written = 0

    def write(self, relative, text):
        target = self.site / relative
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        known = self.before.get(relative)
        if target.exists():
            current = hashlib.sha256(target.read_bytes()).hexdigest()
            if current not in (known, digest):
                self.kept.append(relative)
                logger.warning(
                    "%s: %s since the last import; kept as it is (the export's "
                    "version is not written)",
                    target,
                    "edited" if known else "not written by this import",
                )
                self.files[relative] = known or current
                return
        elif known:
            logger.warning(
                "%s: deleted since the last import; not written again", target
            )
            self.files[relative] = known
            return
        self.files[relative] = digest
        if target.exists() and target.read_bytes() == data:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written += 1

    def save(self, comments):
        self.manifest = {
            "files": dict(sorted(self.files.items())),
            "comments": comments,
        }
        self.path.write_text(
            json.dumps(self.manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


def _meta(name, value):
    return f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'


def item_html(item, *, author, body, summary, image, url):
    head = [f"<title>{html.escape(item.title)}</title>\n"]
    if item.date:
        head.append(_meta("date", item.date.isoformat()))
    if item.modified and item.date and item.modified > item.date:
        head.append(_meta("modified", item.modified.isoformat()))
    if author:
        head.append(_meta("author", author))
    if item.slug:
        head.append(_meta("slug", item.slug))
    if item.type == "post":
        if item.categories:
            head.append(_meta("category", item.categories[0]))
        # Pelican holds one category: the others become tags.
        tags = list(dict.fromkeys(item.tags + item.categories[1:]))
        if tags:
            head.append(_meta("tags", ", ".join(t.replace(",", " ") for t in tags)))
    if summary:
        head.append(_meta("summary", summary))
    if image:
        head.append(_meta("image", image.url))
        head.append(_meta("image_alt", image.alt))
    if url:
        head.append(_meta("url", url))
        head.append(_meta("save_as", save_as(url)))
    if item.status != "publish":
        head.append(_meta("status", "draft"))
    head.append(_meta("wordpress_id", item.id))
    return (
        "<html>\n<head>\n"
        + "".join(head)
        + "</head>\n<body>\n"
        + body
        + ("" if body.endswith("\n") else "\n")
        + "</body>\n</html>\n"
    )


def _file_name(item, used):
    stem = re.sub(r"[^\w.-]+", "-", item.slug).strip("-.") or f"{item.type}-{item.id}"
    name = f"{stem}.html"
    if name in used:
        name = f"{stem}-{item.id}.html"
    used.add(name)
    return name


PUBLIC = {"publish"}
DRAFTS = {"draft", "pending", "future"}


def import_wordpress(args):
    try:
        zone = ZoneInfo(args.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImportError_(
            f"--timezone {args.timezone!r} is no IANA time zone name"
        ) from error
    export = read_export(Path(args.export), zone)
    # Every file the owner named is read before anything is written.
    csv_rows = [row for path in args.views_csv for row in read_views_csv(path)]
    users = read_users(args.users) if args.users else {}
    site = Path(args.site)
    try:
        site.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImportError_(f"cannot make {site}: {error.strerror}") from error
    writer = Writer(site)
    summary = Summary(problems=list(export.problems), left_out=dict(export.left_out))
    items = _kept_items(export, zone, summary)
    hint = None if args.timezone else _zone_hint(items)
    if hint:
        summary.notes.append(hint)
    published = [i for i in items if i.status in PUBLIC]
    prefix = site_prefix(export)
    article_url = choose_structure(
        [i for i in published if i.type == "post"],
        prefix,
        "{date:%Y}/{date:%m}/{slug}/",
    )
    page_url = choose_structure(
        [i for i in published if i.type == "page"], prefix, "{slug}/"
    )
    urls = _write_items(
        items, export, {"post": article_url, "page": page_url}, writer, summary
    )
    redirects = query_redirects(published, urls, site_prefix(export), summary)
    if redirects:
        writer.write(
            "content/wordpress/redirects.json", json.dumps(redirects, indent=1) + "\n"
        )
        writer.write("content/wordpress/redirects.js", REDIRECTS_SCRIPT)
        writer.write("templates/index.html", REDIRECTS_TEMPLATE)
    views = _views(published, urls, args.views_meta, csv_rows, summary)
    writer.write(f"content/{VIEWS_FILE}", json.dumps(views, indent=1) + "\n")
    authors = _authors(export, items, args.keep_personal_data, users)
    summary.authors = len(authors)
    writer.write(
        f"content/{AUTHORS_FILE}",
        json.dumps(authors, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
    )
    writer.write(
        "pelicanconf.py",
        pelicanconf(
            export,
            article_url,
            page_url,
            args.timezone or "UTC",
            redirects=bool(redirects),
        ),
    )
    mapping = import_comments(
        site / "content" / ISSO_DB,
        # The path the theme's comment form posts: under the blog's folder.
        [(item, f"{site_prefix(export)}/{urls[item.id]}") for item in published],
        writer.manifest.get("comments", {}),
        summary,
        personal=args.keep_personal_data,
    )
    writer.save(mapping)
    summary.kept = writer.kept
    return summary


def _kept_items(export, zone, summary):
    """Published posts and pages and drafts, each with a date and a slug."""
    kept = []
    for item in export.items:
        if item.status not in PUBLIC | DRAFTS:
            reason = f"{item.type}s with status {item.status!r}"
            summary.left_out[reason] = summary.left_out.get(reason, 0) + 1
            continue
        if item.date is None:
            summary.problems.append((_name(item), "no date in the export; left out"))
            continue
        if not item.slug:
            slug = re.sub(r"[^\w]+", "-", item.title.lower()).strip("-")
            item.slug = slug or f"{item.type}-{item.id}"
        kept.append(item)
    return kept


def _new_url(item, structures, prefix, summary):
    """``(URL, override)``: the structure's URL, or the old permalink's path
    when the structure does not give it (then written into the item)."""
    new = expand(structures[item.type], item)
    if item.status not in PUBLIC:
        return new, None
    old = old_path(item, prefix)
    if old and old != new:
        override = old if old.endswith(("/", ".html", ".htm")) else old + "/"
        return override, override
    return new, None


#: WordPress's plain permalinks: ``/?p=12`` (a post), ``/?page_id=2`` (a page).
PLAIN_PERMALINK = re.compile(r"^(p|page_id)=(\d+)$")
REDIRECTS_SCRIPT = """\
// Written by pelican-fukatsoft-import: a WordPress link such as /?p=12 lands
// on the home page of a static site; this sends it on to the post's new URL.
(function () {
  var query = /[?&](p|page_id)=(\\d+)(?:&|$)/.exec(location.search);
  var script = document.currentScript;
  if (!query || !script || !window.fetch) return;
  fetch(script.getAttribute("data-map"))
    .then(function (answer) { return answer.ok ? answer.json() : {}; })
    .then(function (map) {
      var to = map[query[1] + "=" + query[2]];
      if (typeof to === "string" && to.charAt(0) === "/") location.replace(to);
    })
    .catch(function () {});
})();
"""
REDIRECTS_TEMPLATE = """\
{#- Written by pelican-fukatsoft-import: the theme's home page, and the
    script that sends WordPress's /?p=12 links on to the posts' new URLs. -#}
{% extends "!theme/index.html" %}
{% block extra_head %}{{ super() }}
<script src="{{ SITEURL }}/wordpress/redirects.js" \
data-map="{{ SITEURL }}/wordpress/redirects.json" defer></script>
{% endblock extra_head %}
"""


def query_redirects(published, urls, prefix, summary):
    """``{"p=12": "/2020/05/06/post/"}`` for the plain permalinks; a
    permalink of another query is said (no static site answers it)."""
    redirects = {}
    for item in published:
        parts = urlsplit(item.link)
        if not parts.query:
            continue
        plain = PLAIN_PERMALINK.match(parts.query)
        if plain:
            redirects[parts.query] = f"{prefix}/{urls[item.id]}"
        else:
            summary.problems.append(
                (
                    _name(item),
                    f"permalink {item.link} has a query a static site cannot "
                    f"answer; the post is at /{urls[item.id]}",
                )
            )
    summary.redirects = len(redirects)
    return dict(sorted(redirects.items()))


def _summary(item, attachments):
    """The excerpt, else what comes before ``<!--more-->`` (what WordPress
    showed on its lists), else none (Pelican summarises)."""
    if item.excerpt.strip():
        return clean(item.excerpt).html.strip()
    before = MORE.split(item.content, maxsplit=1)
    if len(before) == 2 and before[0].strip():
        return clean(before[0], attachments, item.id).html.strip()
    return ""


def _write_items(items, export, structures, writer, summary):
    """Each item's HTML file; returns ``{item id: its URL}``."""
    prefix = site_prefix(export)
    urls = {}
    used = {"post": set(), "page": set()}
    for item in items:
        urls[item.id], override = _new_url(item, structures, prefix, summary)
        author = _author(export, item.creator)
        cleaned = clean(item.content, export.attachments, item.id)
        for name, count in cleaned.converted.items():
            summary.converted[name] = summary.converted.get(name, 0) + count
        summary.problems.extend((_name(item), left) for left in cleaned.left)
        folder = "posts" if item.type == "post" else "pages"
        writer.write(
            f"content/{folder}/{_file_name(item, used[item.type])}",
            item_html(
                item,
                author=author,
                body=cleaned.html,
                summary=_summary(item, export.attachments),
                image=export.attachments.get(
                    item.meta.get("_thumbnail_id", "").strip()
                ),
                url=override,
            ),
        )
        if item.type == "post":
            summary.posts += 1
            summary.drafts += item.status not in PUBLIC
        else:
            summary.pages += 1
    return urls


def _name(item):
    return f"{item.type} {item.id} {item.title[:60]!r}"


def _views(published, urls, extra_key, csv_rows, summary):
    """``{new URL path: views}``: per post the largest of its view-count
    post meta and the CSV rows that name it (two plugins count the same
    readers: their figures are not added)."""
    keys = (*VIEWS_META, *([extra_key] if extra_key else []))
    from_csv = _match_csv_views(published, csv_rows, summary)
    views = {}
    for item in published:
        total = from_csv.get(item.id)
        for key in keys:
            value = item.meta.get(key, "").strip()
            if not value:
                continue
            if not value.isdigit():
                summary.problems.append(
                    (_name(item), f"view count {key}={value[:20]!r} is no number")
                )
                continue
            total = max(total or 0, int(value))
        if total is not None:
            views[f"/{urls[item.id]}"] = total
            summary.views += total
            summary.viewed += 1
    return dict(sorted(views.items()))


#: Column names (lower case) of view-count CSV exports: what names the post...
CSV_ID = ("post_id", "post id", "postid", "id")
CSV_URL = ("url", "link", "permalink", "page", "path", "post_url")
CSV_TITLE = ("title", "post title", "post_title", "name")
#: ...and what holds its views.
CSV_VIEWS = ("views", "post_views", "total views", "total_views", "count", "hits")


def read_views_csv(path):
    """``[(line, {"id"|"url"|"title": text}, views)]`` of a CSV export of
    Post Views Counter, Jetpack or the like: a header naming the post (ID,
    URL or title) and its views; :class:`ImportError_` when it has neither."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ImportError_(f"{path}: cannot read as a CSV file ({error})") from error
    header = [name.strip().lower() for name in (records[0] if records else [])]

    def column(names):
        return next((header.index(n) for n in names if n in header), None)

    views = column(CSV_VIEWS)
    keys = {
        kind: index
        for kind, index in (
            ("id", column(CSV_ID)),
            ("url", column(CSV_URL)),
            ("title", column(CSV_TITLE)),
        )
        if index is not None
    }
    if views is None or not keys:
        raise ImportError_(
            f"{path}: expected a header with a views column ({', '.join(CSV_VIEWS)}) "
            "and a column naming the post (ID, URL or title)"
        )
    rows = []
    for line, record in enumerate(records[1:], 2):
        if len(record) != len(header):
            continue
        count = record[views].strip().replace(",", "")
        if count.isdigit():
            rows.append(
                (f"{path}:{line}", {k: record[i] for k, i in keys.items()}, int(count))
            )
    return rows


def _match_csv_views(published, rows, summary):
    """``{item id: views}`` from the CSV rows, by ID, URL path or title."""
    by_id = {item.id: item for item in published}
    by_path = {}
    by_title = {}
    for item in published:
        path = old_path(item, "")
        if path:
            by_path[path.strip("/")] = item
        by_title.setdefault(item.title, []).append(item)
    found = {}
    unmatched = []
    for where, keys, count in rows:
        item = by_id.get(keys.get("id", "").strip())
        if item is None and keys.get("url"):
            path = unquote(urlsplit(keys["url"].strip()).path).strip("/")
            item = by_path.get(path)
        if item is None and len(by_title.get(keys.get("title", "").strip(), [])) == 1:
            item = by_title[keys["title"].strip()][0]
        if item is None:
            unmatched.append(where)
            continue
        found[item.id] = max(found.get(item.id, 0), count)
    if unmatched:
        summary.problems.append(
            (
                "--views-csv",
                f"{len(unmatched)} row(s) name no published post or page "
                f"(first: {unmatched[0]})",
            )
        )
    return found


def read_users(path):
    """The WordPress REST API's ``/wp/v2/users`` answer saved as JSON:
    ``{slug or name: user}``; :class:`ImportError_` when it is not that."""
    try:
        users = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ImportError_(f"{path}: cannot read as JSON ({error})") from error
    if not isinstance(users, list) or not all(isinstance(u, dict) for u in users):
        raise ImportError_(
            f"{path}: expected the JSON list of users /wp-json/wp/v2/users answers"
        )
    found = {}
    for user in users:
        for key in (user.get("slug"), user.get("name")):
            if isinstance(key, str) and key.strip():
                found.setdefault(key.strip().lower(), user)
    return found


def _user_profile(user):
    """What the authors file keeps of a REST API user: bio, website, avatar."""
    profile = {}
    if isinstance(user.get("description"), str) and user["description"].strip():
        profile["bio"] = user["description"].strip()
    if isinstance(user.get("url"), str) and user["url"].strip():
        profile["links"] = {"Website": user["url"].strip()}
    avatars = user.get("avatar_urls")
    if isinstance(avatars, dict) and avatars:
        largest = max(avatars, key=lambda size: int(size) if size.isdigit() else 0)
        if isinstance(avatars[largest], str):
            profile["avatar"] = avatars[largest]
    return profile


def _author(export, login):
    """The display name of the author with *login* (WordPress matches
    logins whatever their case), or the login when the export has none."""
    author = export.authors.get(login) or next(
        (a for k, a in export.authors.items() if k.lower() == login.lower()), None
    )
    return author["display_name"] if author else login


def _authors(export, items, personal, users):
    """``{display name: profile}`` for every author of an imported item,
    with bio, website and avatar where *users* (the REST API's) has them."""
    profiles = {}
    for login in sorted({i.creator for i in items if i.creator}):
        name = _author(export, login)
        profile = profiles.setdefault(name, {})
        user = users.get(login.lower()) or users.get(name.lower())
        if user:
            profile.update(_user_profile(user))
        author = export.authors.get(login) or {}
        if personal and author.get("email"):
            profile["email"] = author["email"]
    return dict(sorted(profiles.items()))


def pelicanconf(export, article_url, page_url, zone, *, redirects=False):
    language = (export.language or "en").split("-")[0] or "en"
    lines = [
        '"""Written by pelican-fukatsoft-import from a WordPress export; yours to',
        'edit (a later import keeps an edited file and says so)."""',
        "",
        "from pathlib import Path",
        "",
        "import pelican_fukatsoft",
        "",
        f"SITENAME = {export.title or 'My blog'!r}",
        f"SITESUBTITLE = {html.unescape(export.description)!r}",
        "# The blog's address without its host (the folder it lived in), so that",
        "# every link and comment thread stays where it was; publishconf.py can",
        '# give it whole, e.g. "https://example.org/blog".',
        f"SITEURL = {site_prefix(export)!r}",
        'PATH = "content"',
        'ARTICLE_PATHS = ["posts"]',
        'PAGE_PATHS = ["pages"]',
        f"TIMEZONE = {zone!r}",
        f"DEFAULT_LANG = {language!r}",
        "THEME = pelican_fukatsoft.get_theme_path()",
        'PLUGINS = ["pelican_fukatsoft"]',
        "",
        "# The WordPress permalinks: every old link keeps working.",
        f"ARTICLE_URL = {article_url!r}",
        f"ARTICLE_SAVE_AS = {save_as(article_url)!r}",
        f"PAGE_URL = {page_url!r}",
        f"PAGE_SAVE_AS = {save_as(page_url)!r}",
        'CATEGORY_URL = "category/{slug}/"',
        'CATEGORY_SAVE_AS = "category/{slug}/index.html"',
        'TAG_URL = "tag/{slug}/"',
        'TAG_SAVE_AS = "tag/{slug}/index.html"',
        'AUTHOR_URL = "author/{slug}/"',
        'AUTHOR_SAVE_AS = "author/{slug}/index.html"',
        "",
        "# Feeds need an absolute SITEURL: turn them on in publishconf.py.",
        "FEED_ALL_ATOM = None",
        "CATEGORY_FEED_ATOM = None",
        "TRANSLATION_FEED_ATOM = None",
        "AUTHOR_FEED_ATOM = None",
        "AUTHOR_FEED_RSS = None",
        "",
        "# pelican-fukatsoft: what the import wrote beside the posts.",
        f"FUKATSOFT_AUTHORS_FILE = {AUTHORS_FILE!r}",
        f"FUKATSOFT_VIEWS_FILE = {VIEWS_FILE!r}",
        f"FUKATSOFT_ISSO_DB = {ISSO_DB!r}",
        "# The public URL of the Isso server that serves comments/comments.db:",
        "FUKATSOFT_ISSO_URL = None",
        "",
    ]
    if redirects:
        lines += [
            "# WordPress's /?p=12 links: the home page sends them on",
            "# (templates/index.html, content/wordpress/redirects.*).",
            'STATIC_PATHS = ["images", "wordpress"]',
            "# (Pelican reads this one from the folder it runs in: made absolute.)",
            'THEME_TEMPLATES_OVERRIDES = [str(Path(__file__).parent / "templates")]',
            "",
        ]
    return "\n".join(lines)


# --- comments --------------------------------------------------------------------


def _bloom(value):
    """Isso's ``Bloomfilter(iterable=[value]).array``: 256 bytes, 11 probes."""
    array = bytearray(256)
    h = int(hashlib.sha256(value.encode()).hexdigest(), 16)
    for _ in range(11):
        probe = h & 2047
        array[probe // 8] |= 2 ** (probe % 8)
        h >>= 11
    return bytes(array)


def _anonymize(address):
    """Isso's ``anonymize``: IPv4 to /24, IPv6 to /48, anything else 0.0.0.0."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "0.0.0.0"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 4:
        return ip.exploded.rsplit(".", 1)[0] + ".0"
    return ip.exploded.rsplit(":", 5)[0] + ":" + ":".join(["0000"] * 5)


def open_isso(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    if {"threads", "comments"} <= tables:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != ISSO_SCHEMA_VERSION:
            connection.close()
            raise ImportError_(
                f"{path}: Isso database schema {version}, not the "
                f"{ISSO_SCHEMA_VERSION} of Isso 0.14; comments not imported"
            )
    else:
        with connection:
            for statement in ISSO_SCHEMA:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {ISSO_SCHEMA_VERSION}")
    return connection


def _wanted_comments(threads, summary):
    """``[(item, uri, comment, mode, root id or None)]``: the comments Isso
    gets. Isso keeps one level of replies: a reply's parent is the top-level
    comment its chain starts from, as ``isso/db/comments.py`` stores it."""
    wanted = []
    for item, uri in threads:
        by_id = {}
        for comment in item.comments:
            if not comment.created and comment.type in ("", "comment"):
                comment.created = item.date.timestamp()
                summary.problems.append(
                    (
                        _name(item),
                        f"comment {comment.id} has no date; dated as the post",
                    )
                )
            if comment.type not in ("", "comment"):
                summary.comments_out += 1  # pingbacks and trackbacks
            elif comment.status in ("1", "approve"):
                by_id[comment.id] = (comment, PUBLISHED)
            elif comment.status in ("0", "hold"):
                by_id[comment.id] = (comment, PENDING)
            else:  # spam, trash, post-trashed
                summary.comments_out += 1
        for comment, mode in by_id.values():
            root, seen = comment, {comment.id}
            while root.parent in by_id and root.parent not in seen:
                root = by_id[root.parent][0]
                seen.add(root.id)
            wanted.append(
                (item, uri, comment, mode, None if root is comment else root.id)
            )
    # Top-level comments first: a reply needs its parent's Isso id.
    wanted.sort(key=lambda w: (w[4] is not None, w[2].created, _number(w[2].id)))
    return wanted


def import_comments(path, threads, known, summary, *, personal=False):
    """The comments of *threads* (``[(item, uri)]``) into Isso's database
    at *path*, each once: a comment of an earlier run (its id in *known*, or
    the same thread, time and text) is not added again. Returns
    ``{"post id/comment id": Isso id}`` for the next run."""
    wanted = _wanted_comments(threads, summary)
    try:
        connection = open_isso(path)
    except sqlite3.Error as error:
        raise ImportError_(f"{path}: cannot use as Isso database ({error})") from error
    mapping = {}
    try:
        with connection:
            existing = {
                row[0]: tuple(row[1:])
                for row in connection.execute(
                    "SELECT comments.id, threads.uri, comments.created, comments.text"
                    " FROM comments JOIN threads ON comments.tid = threads.id"
                )
            }
            same = {value: key for key, value in existing.items()}
            for item, uri, comment, mode, root in wanted:
                key = f"{item.id}/{comment.id}"
                isso_id = known.get(key)
                if isso_id not in existing:
                    isso_id = same.get(
                        (uri, comment.created, comment_markdown(comment.text))
                    )
                if isso_id is None:
                    parent = mapping.get(f"{item.id}/{root}") if root else None
                    isso_id = _insert(
                        connection,
                        uri,
                        comment,
                        title=item.title,
                        mode=mode,
                        parent=parent,
                        personal=personal,
                    )
                mapping[key] = isso_id
                if mode == PUBLISHED:
                    summary.comments_published += 1
                else:
                    summary.comments_held += 1
    except sqlite3.Error as error:
        raise ImportError_(f"{path}: cannot write comments ({error})") from error
    finally:
        connection.close()
    # Kept: a comment a later export no longer holds still maps to its row.
    return dict(sorted({**known, **mapping}.items()))


def _insert(connection, uri, comment, *, title, mode, parent, personal):
    """One comment, as Isso's ``Comments.add`` writes it (author and website
    escaped, the voters' Bloom filter of the address); returns its id."""
    connection.execute(
        "INSERT OR IGNORE INTO threads (uri, title) VALUES (?, ?)", (uri, title)
    )
    address = _anonymize(comment.ip) if personal else "0.0.0.0"
    cursor = connection.execute(
        "INSERT INTO comments (tid, parent, created, modified, mode,"
        " remote_addr, text, author, email, website, voters,"
        " notification) SELECT threads.id, ?, ?, NULL, ?, ?, ?, ?,"
        " ?, ?, ?, 0 FROM threads WHERE threads.uri = ?",
        (
            parent,
            comment.created,
            mode,
            address,
            comment_markdown(comment.text),
            html.escape(comment.author, quote=False) or None,
            (comment.email or None) if personal else None,
            html.escape(comment.url, quote=True) or None,
            _bloom(address),
            uri,
        ),
    )
    return cursor.lastrowid


def _number(text):
    return int(text) if text.isdigit() else 0


# --- the summary and the command -------------------------------------------------


@dataclass
class Summary:
    posts: int = 0
    drafts: int = 0
    pages: int = 0
    comments_published: int = 0
    comments_held: int = 0
    comments_out: int = 0
    views: int = 0
    viewed: int = 0
    redirects: int = 0
    authors: int = 0
    converted: dict = field(default_factory=dict)
    left_out: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def lines(self):
        converted = ", ".join(f"{k} {v}" for k, v in sorted(self.converted.items()))
        yield (
            f"{self.posts} posts ({self.drafts} drafts), {self.pages} pages; comments: "
            f"{self.comments_published} published, {self.comments_held} held, "
            f"{self.comments_out} left out (spam, trash, pingbacks); "
            f"{self.views} views on {self.viewed} posts and pages; "
            f"{self.authors} authors; {self.redirects} ?p= links sent on; "
            f"converted: {converted or 'nothing'}"
        )
        for note in self.notes:
            yield f"note: {note}"
        for reason, count in sorted(self.left_out.items()):
            yield f"left out: {count} {reason}"
        for where, message in self.problems:
            yield f"not converted: {where}: {message}"
        for relative in self.kept:
            yield f"kept as edited: {relative}"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="pelican-fukatsoft-import",
        description="Make a Pelican site of a blog exported from another CMS.",
    )
    sources = parser.add_subparsers(dest="source", required=True)
    wordpress = sources.add_parser(
        "wordpress", help="a WordPress export (Tools > Export, WXR)"
    )
    wordpress.add_argument("export", help="the export's .xml file")
    wordpress.add_argument("--site", required=True, help="the site folder to write")
    wordpress.add_argument(
        "--timezone", help="the blog's IANA time zone (Settings > General); UTC if not"
    )
    wordpress.add_argument(
        "--views-meta", metavar="KEY", help="another post meta key holding view counts"
    )
    wordpress.add_argument(
        "--views-csv",
        metavar="FILE",
        action="append",
        default=[],
        help="a CSV of view counts (Post Views Counter, Jetpack): a column naming "
        "the post (ID, URL or title) and a views column; may be given again",
    )
    wordpress.add_argument(
        "--users",
        metavar="FILE",
        help="the JSON of /wp-json/wp/v2/users: authors' bios, websites, avatars",
    )
    wordpress.add_argument(
        "--keep-personal-data",
        action="store_true",
        help="keep commenters' e-mail addresses and (anonymised) IPs, authors' e-mails",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        summary = import_wordpress(args)
    except ImportError_ as error:
        print(f"{PREFIX} {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    for line in summary.lines():
        print(f"{PREFIX} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
