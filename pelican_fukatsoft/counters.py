"""View and comment counters, rendered at build time.

A view count is the article's migrated baseline (``Views:`` metadata, the
figure it had on the old CMS) plus what the analytics snapshot files say.
A comment count starts from the ``Comments:`` baseline; the comments module
adds what Isso's database holds.

Snapshot paths are matched to content by :func:`.urls.normalize_path`: scheme,
host, query, fragment, the ``SITEURL`` path prefix, a trailing
``index.html`` or ``.html`` and surrounding slashes are dropped and
percent-escapes decoded, on both the exported path and the page's URL.
"""

import os
import re
from pathlib import Path

from .checks import (
    MAX_COUNT,
    is_path,
    logger_for,
    require,
    require_count,
    warn,
)
from .content_data import contents_of, data_of, shared_context
from .data_files import (
    DataFileError,
    FileWarnings,
    LongNumber,
    csv_records,
    peek,
    read_json,
    shown,
)
from .urls import WEB_SCHEMES, normalize_path, page_path, safe_url, site_path

logger = logger_for(__name__)

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
    # Counts below these stay off the page ("3 views" can look worse than
    # none); the structured data keeps the exact figures.
    "FUKATSOFT_MIN_VIEWS_SHOWN": 0,
    "FUKATSOFT_MIN_COMMENTS_SHOWN": 0,
}

GOATCOUNTER_HEADER_START = "2Path"
# A site code is the first label of the counter's host name.
GOATCOUNTER_CODE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
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
        or is_path(files)
        or isinstance(files, os.PathLike)
        or (
            isinstance(files, list | tuple)
            and all(is_path(f) or isinstance(f, os.PathLike) for f in files)
        ),
        "None, a path or a list of paths",
    )
    for name in ("FUKATSOFT_VIEWS_DEFAULT", "FUKATSOFT_COMMENTS_DEFAULT"):
        require_count(settings, name, optional=True)
    code = settings["FUKATSOFT_GOATCOUNTER"]
    url = goatcounter_url(code)
    require(
        settings,
        "FUKATSOFT_GOATCOUNTER",
        code is None or url,
        "None, a GoatCounter site code such as 'mysite' or the http(s) URL of "
        "a self-hosted GoatCounter",
    )
    require_count(settings, "FUKATSOFT_MOST_VIEWED")
    require_count(settings, "FUKATSOFT_MIN_VIEWS_SHOWN")
    require_count(settings, "FUKATSOFT_MIN_COMMENTS_SHOWN")


def normalize_settings(settings):
    # The page is given the URL it asks, as the one URL check wrote it.
    if settings["FUKATSOFT_GOATCOUNTER"] is not None:
        settings["FUKATSOFT_GOATCOUNTER"] = goatcounter_url(
            settings["FUKATSOFT_GOATCOUNTER"]
        )


def goatcounter_url(code):
    """The counter's base URL for a site code ("mysite") or a self-hosted
    GoatCounter's http(s) URL; ``""`` for anything else."""
    if not isinstance(code, str):
        return ""
    if "://" in code:
        return safe_url(code.strip(), WEB_SCHEMES, relative=False)
    if GOATCOUNTER_CODE.fullmatch(code.strip()):
        return f"https://{code.strip().lower()}.goatcounter.com"
    return ""


def prepare_environment(generator):
    """``generator_init``: which counts a page shows, for the partials that
    show them (the byline's counters, the archive line)."""
    min_views = generator.settings["FUKATSOFT_MIN_VIEWS_SHOWN"]
    min_comments = generator.settings["FUKATSOFT_MIN_COMMENTS_SHOWN"]

    def counts_shown(data):
        """(views shown, comments shown): counts below the minimums stay off
        the page ("3 views" can look worse than none); JSON-LD keeps them."""
        return (
            data.views is not None and data.views >= min_views,
            data.comments is not None and data.comments >= min_comments,
        )

    generator.env.globals["fukatsoft_counts_shown"] = counts_shown


def parse_count(value, report):
    """A count from metadata or a data file, or None after ``report(reason)``."""
    text = str(value).strip()
    try:
        count = int(text.replace(",", "").replace("_", ""))
    except ValueError:  # also for more digits than Python converts
        report(f"{shown(text)} is not a whole number")
        return None
    if count < 0 or count > MAX_COUNT:
        report(f"{count} is out of range (0 to {MAX_COUNT})")
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
        content.metadata[key],
        lambda reason: warn(
            settings,
            "%s: metadata '%s': %s",
            content.source_path,
            key,
            reason,
        ),
    )


def data_files(settings):
    """The views snapshots this site reads (the rebuild command watches them)."""
    files = settings["FUKATSOFT_VIEWS_FILE"] or []
    if isinstance(files, str | os.PathLike):
        files = [files]
    return [Path(settings["PATH"], name) for name in files]


def _snapshot_views(settings, contents, prefix):
    """Sum every snapshot file into ``{id(content): views}``."""
    paths = data_files(settings)
    if not paths:
        return {}
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
    for path in paths:
        unmatched = set()
        # One lookup per distinct exported path: memory follows the number
        # of paths, not of rows (a GoatCounter export has one per view).
        owners = {}
        with FileWarnings(settings, path) as warn_file:
            for key, views in _read_snapshot(path, warn_file):
                if key not in owners:
                    normalized = normalize_path(key, prefix)
                    # The home page ("") is no article: neither matched nor missing.
                    owners[key] = by_key.get(normalized, None if normalized else False)
                content = owners[key]
                if content is None:
                    unmatched.add(key)
                    continue
                if content is False:
                    continue
                totals[id(content)] = totals.get(id(content), 0) + views
            if unmatched:
                # Cut and quoted: a path may be long or hold a line break.
                first = ", ".join(shown(key) for key in sorted(unmatched)[:3])
                warn_file(
                    f"{len(unmatched)} path(s) match no article or page (first: "
                    f"{first})"
                )
    return totals


def _read_snapshot(path, warn_file):
    """Yield ``(path, views)`` for each valid entry of one file."""
    try:
        head = peek(path)
        if not head:
            warn_file("views file is empty")
            return
        if head.startswith(("{", "[")):
            yield from _read_json(read_json(path, warn_file), warn_file)
            return
        yield from _read_csv(path, warn_file)
    except DataFileError as error:
        warn_file(f"{error.reason}; file skipped", error.line)


def _read_csv(path, warn_file):
    records = csv_records(path, warn_file)
    _, header = next(records, (0, []))
    if header and header[0] == GOATCOUNTER_HEADER_START:
        yield from _read_goatcounter(header, records, warn_file)
    elif "page" in header and "pageviews" in header:
        yield from _read_plausible(header, records, warn_file)
    else:
        warn_file(
            "unknown format; expected a GoatCounter export (header starting "
            "with '2Path'), a Plausible pages export (columns 'page' and "
            "'pageviews') or a JSON object"
        )


def _rows(header, records, warn_file):
    """Records as dicts keyed by header; a record of another width is
    reported and skipped."""
    for line, fields in records:
        if len(fields) != len(header):
            warn_file(
                f"{len(fields)} fields where the header has {len(header)}; "
                "row skipped (truncated file?)",
                line,
            )
            continue
        yield line, dict(zip(header, fields, strict=True))


def _read_goatcounter(header, records, warn_file):
    missing = {"Event", "Bot"} - set(header)
    if missing:
        warn_file(f"GoatCounter export lacks column(s) {', '.join(sorted(missing))}")
        return
    for _, row in _rows(header, records, warn_file):
        if row["Event"].strip().lower() == "true":
            continue
        if row["Bot"].strip() not in ("", "0"):
            continue
        yield row[GOATCOUNTER_HEADER_START], 1


def _read_plausible(header, records, warn_file):
    unknown = set(header) - PLAUSIBLE_COLUMNS
    if unknown:
        warn_file(f"unknown column(s) {', '.join(sorted(unknown))} ignored")
    for line, row in _rows(header, records, warn_file):
        views = parse_count(
            row["pageviews"],
            lambda reason, line=line: warn_file(f"pageviews: {reason}", line),
        )
        if views is not None:
            yield row["page"], views


def _read_json(data, warn_file):
    if not isinstance(data, dict):
        warn_file('expected a JSON object of {"path or slug": views}')
        return
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | str | LongNumber):
            warn_file(f"{shown(key)}: {shown(value)} is not a whole number")
            continue
        views = parse_count(
            value, lambda reason, key=key: warn_file(f"{shown(key)}: {reason}")
        )
        if views is not None:
            yield key, views
