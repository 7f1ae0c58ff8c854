"""Comments from a self-hosted Isso server, rendered into pages at build time.

The build opens Isso's SQLite database read-only (``FUKATSOFT_ISSO_DB``),
takes each thread's published comments (``mode`` 1) and renders them into
the article, so comments are readable without JavaScript and indexable.
Comment text is the commenter's raw Markdown: rendered as Isso renders it
(``isso_markup``), so a comment reads the same live and after the rebuild.
Emails and IP addresses are never selected.

Threads are matched to content by the URL path the theme's form posts
(``article.fukatsoft.path``), normalised like view-count paths.
"""

import html
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from .bylines import initials_avatar
from .checks import logger_for, require, require_count, require_optional_path, warn
from .content_data import contents_of, data_of
from .data_files import file_problem
from .isso_markup import markup_rules, render_remembered
from .urls import LINK_SCHEMES, WEB_SCHEMES, normalize_path, safe_url, site_path

logger = logger_for(__name__)

DEFAULTS = {
    # Public URL of the Isso server the comment form posts to (None: no form).
    "FUKATSOFT_ISSO_URL": None,
    # Isso's SQLite database, read at build time (None: no build-time comments).
    "FUKATSOFT_ISSO_DB": None,
    # "oldest" or "newest" first (replies always read oldest first).
    "FUKATSOFT_COMMENTS_ORDER": "oldest",
    # Seconds the comment form waits for Isso before it says so.
    "FUKATSOFT_ISSO_TIMEOUT": 15,
    # How many top-level comments (with their replies) go into the page; a
    # button loads the rest from Isso. None renders them all.
    "FUKATSOFT_COMMENTS_LIMIT": 50,
}

#: The Isso schema this module reads (``PRAGMA user_version`` of Isso 0.14).
ISSO_SCHEMA_VERSION = 5
PUBLISHED = 1
#: The longest FUKATSOFT_ISSO_TIMEOUT, in seconds (24.8 days): the longest
#: wait a browser timer holds (2**31 - 1 ms; a longer one fires at once), and
#: far below where the form's AbortSignal.timeout() throws (2**53 ms).
MAX_TIMEOUT = (2**31 - 1) // 1000
# Isso's rel for a commenter's link, and "ugc": the value search engines
# ask for on links in user-generated content.
COMMENT_LINK_REL = "nofollow ugc noopener"


@dataclass
class Comment:
    id: int
    author: str
    #: http(s) only, or "".
    website: str
    #: None when Isso's row holds no usable time.
    created: datetime | None
    #: Isso's ``created`` in full (the float its API answers with), for the
    #: script to compare with; read with ``created`` (whole seconds).
    timestamp: float | None
    text_html: Markup
    #: The generated initials avatar, as bylines have.
    avatar_svg: Markup
    #: Replies at any depth, oldest first, in one list (as Isso shows them).
    replies: list = field(default_factory=list)

    @property
    def size(self):
        """How many comments this one counts for: itself and its replies."""
        return 1 + len(self.replies)


def check_settings(settings):
    url = settings["FUKATSOFT_ISSO_URL"]
    require(
        settings,
        "FUKATSOFT_ISSO_URL",
        url is None or bool(safe_url(url, WEB_SCHEMES, relative=False)),
        "None or the http(s) URL of your Isso server",
    )
    require_optional_path(
        settings, "FUKATSOFT_ISSO_DB", "the path of Isso's SQLite database"
    )
    require_count(settings, "FUKATSOFT_ISSO_TIMEOUT", maximum=MAX_TIMEOUT)
    require_count(settings, "FUKATSOFT_COMMENTS_LIMIT", optional=True)
    require(
        settings,
        "FUKATSOFT_COMMENTS_ORDER",
        settings["FUKATSOFT_COMMENTS_ORDER"] in ("oldest", "newest"),
        "'oldest' or 'newest'",
    )


def prepare_environment(generator):
    """``generator_init``: how a comment's links are written, for the
    template's links and for the script that shows comments posted since
    the build (it marks and checks links as the build does)."""
    generator.env.globals["fukatsoft_comment_links"] = {
        "rel": COMMENT_LINK_REL,
        "schemes": " ".join(f"{scheme}:" for scheme in sorted(LINK_SCHEMES)),
    }


def attach_comments(generators):
    """``all_generators_finalized``: threads and counts; runs after counters."""
    if not generators:
        return
    settings = generators[0].settings
    prefix = site_path(settings)
    threads = _read_threads(settings, prefix) if settings["FUKATSOFT_ISSO_DB"] else None
    for content in contents_of(generators):
        data = data_of(content)
        if threads is not None:
            thread = threads.get(normalize_path(data.path, prefix), [])
            data.comment_thread = thread
            data.comments_until = max(
                (
                    comment.timestamp
                    for top in thread
                    for comment in (top, *top.replies)
                    if comment.created
                ),
                default=0,
            )
            published = sum(comment.size for comment in thread)
            data.comments = data.comments_baseline + published
        elif settings["FUKATSOFT_ISSO_URL"] and data.comments is None:
            # Comments are open: show the count, the live refresh fills it in.
            data.comments = 0


def _database_path(settings):
    # Not resolved: a symlink loop is told by file_problem, not raised here.
    return Path(settings["PATH"], settings["FUKATSOFT_ISSO_DB"]).absolute()


def data_files(settings):
    """Isso's database and the journals that hold its latest writes (the
    rebuild command watches them); not ``-shm``, an index that readers
    rewrite too."""
    if not settings["FUKATSOFT_ISSO_DB"]:
        return []
    database = _database_path(settings)
    return [database, *(Path(f"{database}{suffix}") for suffix in ("-wal", "-journal"))]


def _read_threads(settings, prefix):
    """``{normalised uri: [Comment, ...]}`` or None when the database is unusable."""
    path = _database_path(settings)
    problem = file_problem(path)
    if problem:
        warn(
            settings,
            "%s: cannot use Isso database (%s); building without comments",
            path,
            problem,
        )
        return None
    path = path.resolve()
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as error:
        warn(
            settings,
            "%s: cannot open Isso database (%s); building without comments",
            path,
            error,
        )
        return None
    try:
        with connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > ISSO_SCHEMA_VERSION:
                warn(
                    settings,
                    "%s: Isso database schema %d is "
                    "newer than the %d this version reads; building without "
                    "comments",
                    path,
                    version,
                    ISSO_SCHEMA_VERSION,
                )
                return None
            rows = connection.execute(
                "SELECT threads.uri, comments.id, comments.parent, comments.created,"
                " comments.text, comments.author, comments.website"
                " FROM comments JOIN threads ON comments.tid = threads.id"
                " WHERE comments.mode = ? ORDER BY comments.created, comments.id",
                (PUBLISHED,),
            ).fetchall()
    except sqlite3.Error as error:
        warn(
            settings,
            "%s: cannot read Isso database (%s); building without comments",
            path,
            error,
        )
        return None
    finally:
        connection.close()
    return _threads(rows, settings, prefix, path)


def _threads(rows, settings, prefix, path):
    """Group published rows into threads of top-level comments, each with
    its replies in one flat list, as Isso's own embed shows them."""
    rules = markup_rules(settings)
    timezone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    comments = {}
    parents = {}
    uris = {}
    for uri, comment_id, parent, created, text, author, website in rows:
        where = f"{path}: comment {comment_id}"
        # Isso stores author and website HTML-escaped; the theme escapes.
        name = html.unescape(_text(author, where, "author", settings)).strip()
        comments[comment_id] = Comment(
            id=comment_id,
            author=name,
            timestamp=_timestamp(created),
            avatar_svg=initials_avatar(name),
            website=safe_url(
                html.unescape(_text(website, where, "website", settings)),
                WEB_SCHEMES,
                relative=False,
            ),
            created=_created(created, timezone, where, settings),
            text_html=render_remembered(
                settings,
                _text(text, where, "text", settings),
                rules,
                COMMENT_LINK_REL,
                f"{where}: text",
            ),
        )
        parents[comment_id] = parent
        uris[comment_id] = uri
    threads = {}
    roots = _roots(parents, comments)
    for comment_id, comment in comments.items():
        root = roots[comment_id]
        if root != comment_id:
            comments[root].replies.append(comment)
            continue
        uri = uris[comment_id]
        if not isinstance(uri, str):
            warn(
                settings,
                "%s: comment %s: thread uri %r is not a path; comment not shown",
                path,
                comment_id,
                uri,
            )
            continue
        threads.setdefault(normalize_path(uri, prefix), []).append(comment)
    if settings["FUKATSOFT_COMMENTS_ORDER"] == "newest":
        for thread in threads.values():
            thread.reverse()
    return threads


def _roots(parents, comments):
    """``{comment id: id of the top-level comment it belongs to}``.

    Chains of any depth take one walk each, shared by every comment on
    them; in a loop, which a broken database can hold, the loop's smallest
    id stands at the top."""
    roots = {}
    for comment_id in comments:
        walk = [comment_id]
        position = {comment_id: 0}
        parent = parents.get(comment_id)
        while parent in comments and parent not in roots:
            if parent in position:  # a loop
                root = min(walk[position[parent] :])
                break
            position[parent] = len(walk)
            walk.append(parent)
            parent = parents.get(parent)
        else:
            root = roots[parent] if parent in roots else walk[-1]
        for member in walk:
            roots[member] = root
    return roots


def _text(value, where, column, settings):
    """A text column as text, whatever SQLite holds in it."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bytes):
        decoded = value.decode("utf-8", errors="replace")
    else:
        decoded = str(value)
    warn(
        settings,
        "%s: %s is %s, not text; shown as %r",
        where,
        column,
        type(value).__name__,
        decoded[:40],
    )
    return decoded


def _created(value, timezone, where, settings):
    """The comment's time in the site's zone, or None (shown without one)."""
    try:
        # Whole seconds: HTML's datetime takes at most three decimals.
        created = datetime.fromtimestamp(int(float(value)), tz=timezone)
        if created.year < 1970:
            raise ValueError("before 1970")
        return created
    except (TypeError, ValueError, OverflowError, OSError):
        warn(
            settings,
            "%s: created %r is not a time; shown without a date",
            where,
            value if not isinstance(value, bytes) else value[:40],
        )
        return None


def _timestamp(value):
    """Isso's ``created`` as the float it stores, or None (``_created`` warns)."""
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None
