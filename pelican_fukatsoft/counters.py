"""View and comment counters, rendered at build time.

A view count is the article's migrated baseline (``Views:`` metadata, the
figure it had on the old CMS) plus what the analytics snapshot files say.
A comment count starts from the ``Comments:`` baseline; the comments module
adds what Isso's database holds.

Snapshot paths are matched to content by :func:`normalize_path`: scheme,
host, query, fragment, the ``SITEURL`` path prefix, a trailing
``index.html`` or ``.html`` and surrounding slashes are dropped and
percent-escapes decoded, on both the exported path and the page's URL.
"""

import csv
import io
import json
import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .content_data import contents_of, data_of, shared_context
from .settings import require, require_count, require_optional_text, warn

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Analytics snapshot(s): a path or a list of paths, relative to PATH.
    "FUKATSOFT_VIEWS_FILE": None,
    # What to show for content without any view data: None hides the count.
    "FUKATSOFT_VIEWS_DEFAULT": None,
    # Same for comments when no baseline and no comment server is set up.
    "FUKATSOFT_COMMENTS_DEFAULT": None,
    # GoatCounter site code (or base URL) for the opt-in live refresh.
    "FUKATSOFT_GOATCOUNTER": None,
    # How many articles the "Most viewed" list holds (0 turns it off).
    "FUKATSOFT_MOST_VIEWED": 5,
}

# A count above this is a typo or an overflow, not a real figure.
MAX_COUNT = 10**12

GOATCOUNTER_HEADER_START = "2Path"
PLAUSIBLE_COLUMNS = {
    "date",
    "hostname",
    "page",
    "visits",
    "visitors",
    "pageviews",
    "exits",
    "time_on_page",
    "total_scroll_depth",
    "total_scroll_depth_visits",
    "total_time_on_page",
    "total_time_on_page_visits",
    "active_visitors",
}


def check_settings(settings):
    files = settings["FUKATSOFT_VIEWS_FILE"]
    require(
        settings,
        "FUKATSOFT_VIEWS_FILE",
        files is None
        or isinstance(files, str | os.PathLike)
        or (
            isinstance(files, list | tuple)
            and all(isinstance(f, str | os.PathLike) for f in files)
        ),
        "None, a path or a list of paths",
    )
    for name in ("FUKATSOFT_VIEWS_DEFAULT", "FUKATSOFT_COMMENTS_DEFAULT"):
        require_count(settings, name, optional=True)
    require_optional_text(
        settings, "FUKATSOFT_GOATCOUNTER", "a GoatCounter site code such as 'mysite'"
    )
    require_count(settings, "FUKATSOFT_MOST_VIEWED")


def site_path(settings):
    """The path part of SITEURL (``blog`` for ``https://example.org/blog``)."""
    return urlsplit(settings.get("SITEURL", "")).path.strip("/")


def page_path(prefix, content):
    """The URL path a browser shows for *content* (``/blog/post/``), given
    the :func:`site_path` *prefix*."""
    return f"/{prefix}/{content.url}" if prefix else f"/{content.url}"


def normalize_path(path, prefix=""):
    """A comparable key for a URL path: without the :func:`site_path`
    *prefix*, slashes at either end, ``index.html`` or ``.html``."""
    parts = urlsplit(path.strip())
    path = unquote(parts.path).strip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :].strip("/")
    for suffix in ("index.html", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return path.strip("/")


def parse_count(value, where, settings):
    """A count from metadata or a data file, or None with a warning."""
    text = str(value).strip()
    try:
        count = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        warn(settings, "pelican-fukatsoft: %s: %r is not a whole number", where, text)
        return None
    if count < 0 or count > MAX_COUNT:
        warn(
            settings,
            "pelican-fukatsoft: %s: %d is out of range (0 to %d)",
            where,
            count,
            MAX_COUNT,
        )
        return None
    return count


def attach_counts(generators):
    """``all_generators_finalized``: views and comment baselines everywhere."""
    if not generators:
        return
    settings = generators[0].settings
    contents = list(contents_of(generators))
    prefix = site_path(settings)
    snapshot = _snapshot_views(settings, contents, prefix)
    for content in contents:
        data = data_of(content)
        data.path = page_path(prefix, content)
        views = _baseline(content, "views", settings)
        data.views_baseline = views or 0
        extra = snapshot.get(id(content))
        if extra is not None:
            views = (views or 0) + extra
        data.views = views if views is not None else settings["FUKATSOFT_VIEWS_DEFAULT"]
        comments = _baseline(content, "comments", settings)
        data.comments_baseline = comments or 0
        data.comments = (
            comments if comments is not None else settings["FUKATSOFT_COMMENTS_DEFAULT"]
        )
    _publish_most_viewed(generators, settings["FUKATSOFT_MOST_VIEWED"])


def _publish_most_viewed(generators, size):
    """``fukatsoft_most_viewed`` for templates: published articles by views."""
    articles = [a for g in generators for a in getattr(g, "articles", ())]
    viewed = [a for a in articles if data_of(a).views]
    viewed.sort(key=lambda a: (-data_of(a).views, a.title))
    shared_context(generators)["fukatsoft_most_viewed"] = viewed[:size]


def _baseline(content, key, settings):
    if key not in content.metadata:
        return None
    return parse_count(
        content.metadata[key], f"{content.source_path}: metadata '{key}'", settings
    )


def _snapshot_views(settings, contents, prefix):
    """Sum every snapshot file into ``{id(content): views}``."""
    files = settings["FUKATSOFT_VIEWS_FILE"]
    if not files:
        return {}
    if isinstance(files, str | os.PathLike):
        files = [files]
    by_key = {}
    slugs = {}
    for content in contents:
        by_key.setdefault(normalize_path(content.url, prefix), content)
        slugs.setdefault(content.slug, []).append(content)
    for slug, owners in slugs.items():
        # A slug shared by translations is ambiguous: only URLs match those.
        if len(owners) == 1:
            by_key.setdefault(slug, owners[0])

    totals = {}
    for name in files:
        path = Path(settings["PATH"], name)
        unmatched = []
        for key, views in _read_snapshot(path, settings):
            content = by_key.get(normalize_path(key, prefix))
            if content is None:
                if normalize_path(key, prefix):  # the home page is no article
                    unmatched.append(key)
                continue
            totals[id(content)] = totals.get(id(content), 0) + views
        if unmatched:
            warn(
                settings,
                "pelican-fukatsoft: %s: %d path(s) match no article or page "
                "(first: %s)",
                path,
                len(unmatched),
                ", ".join(sorted(set(unmatched))[:3]),
            )
    return totals


def _read_snapshot(path, settings):
    """Yield ``(path, views)`` for each valid entry of one file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        warn(
            settings,
            "pelican-fukatsoft: %s: cannot read views file (%s)",
            path,
            error.strerror or error,
        )
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        warn(
            settings,
            "pelican-fukatsoft: %s: not UTF-8 (byte %d); file skipped",
            path,
            error.start,
        )
        return
    if not text.strip():
        warn(settings, "pelican-fukatsoft: %s: views file is empty", path)
        return
    if text.lstrip().startswith(("{", "[")):
        yield from _read_json(path, text, settings)
        return
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows)
    except csv.Error as error:
        warn(settings, "pelican-fukatsoft: %s: not a CSV file (%s)", path, error)
        return
    if header and header[0] == GOATCOUNTER_HEADER_START:
        yield from _read_goatcounter(path, header, rows, settings)
    elif "page" in header and "pageviews" in header:
        yield from _read_plausible(path, header, rows, settings)
    else:
        warn(
            settings,
            "pelican-fukatsoft: %s: unknown format; expected a GoatCounter export "
            "(header starting with '2Path'), a Plausible pages export (columns "
            "'page' and 'pageviews') or a JSON object",
            path,
        )


def _csv_rows(path, header, rows, settings):
    """Rows as dicts keyed by header, with a warning for malformed lines."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            warn(
                settings,
                "pelican-fukatsoft: %s:%d: %s; row skipped",
                path,
                rows.line_num,
                error,
            )
            continue
        if not row:
            continue
        if len(row) != len(header):
            warn(
                settings,
                "pelican-fukatsoft: %s:%d: %d fields where the header has %d; "
                "row skipped (truncated file?)",
                path,
                rows.line_num,
                len(row),
                len(header),
            )
            continue
        yield rows.line_num, dict(zip(header, row, strict=True))


def _read_goatcounter(path, header, rows, settings):
    missing = {"Event", "Bot"} - set(header)
    if missing:
        warn(
            settings,
            "pelican-fukatsoft: %s: GoatCounter export lacks column(s) %s",
            path,
            ", ".join(sorted(missing)),
        )
        return
    for _, row in _csv_rows(path, header, rows, settings):
        if row["Event"].strip().lower() == "true":
            continue
        if row["Bot"].strip() not in ("", "0"):
            continue
        yield row[GOATCOUNTER_HEADER_START], 1


def _read_plausible(path, header, rows, settings):
    unknown = set(header) - PLAUSIBLE_COLUMNS
    if unknown:
        warn(
            settings,
            "pelican-fukatsoft: %s: unknown column(s) %s ignored",
            path,
            ", ".join(sorted(unknown)),
        )
    for line, row in _csv_rows(path, header, rows, settings):
        views = parse_count(row["pageviews"], f"{path}:{line}: pageviews", settings)
        if views is not None:
            yield row["page"], views


def _read_json(path, text, settings):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        warn(
            settings,
            "pelican-fukatsoft: %s:%d: invalid JSON (%s)",
            path,
            error.lineno,
            error.msg,
        )
        return
    if not isinstance(data, dict):
        warn(
            settings,
            'pelican-fukatsoft: %s: expected a JSON object of {"path or slug": views}',
            path,
        )
        return
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | str):
            warn(
                settings,
                "pelican-fukatsoft: %s: %r: %r is not a whole number",
                path,
                key,
                value,
            )
            continue
        views = parse_count(value, f"{path}: {key!r}", settings)
        if views is not None:
            yield key, views
