"""Structured data: the JSON-LD object for each article, page and author.

Built in Python (not in templates) so that every field is a real JSON value:
the theme renders it with ``|fukatsoft_json_ld`` (json_ld below).
"""

import functools
import json

from markupsafe import Markup
from pelican.contents import Article

from .checks import require_optional_text
from .content_data import contents_of, data_of, shared_context
from .languages import language_tag
from .plain_text import html_to_text

DEFAULTS = {
    # Organisation named as publisher; None uses SITENAME.
    "FUKATSOFT_PUBLISHER": None,
}


# What |tojson escapes too: no text can close the <script> element or
# start a comment in it, whatever it holds.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}
)


def json_ld(value):
    """*value* as the text of a ``<script type="application/ld+json">``:
    Jinja's ``|tojson`` without its spaces after separators, and with other
    scripts' letters as they are (an Urdu headline is a third of its
    ``\\u`` escapes' bytes). Pages are written as UTF-8."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.translate(_SCRIPT_SAFE))


def check_settings(settings):
    require_optional_text(settings, "FUKATSOFT_PUBLISHER", "the publisher's name")


def absolute_url(settings, url):
    if not url or "://" in url:
        return url
    return f"{settings.get('SITEURL', '').rstrip('/')}/{url.lstrip('/')}"


def person(settings, byline):
    entry = {"@type": "Person", "name": byline.name}
    if byline.url:
        entry["url"] = absolute_url(settings, byline.url)
    if byline.avatar_url:
        entry["image"] = absolute_url(settings, byline.avatar_url)
    if byline.role:
        entry["jobTitle"] = byline.role
    if byline.same_as:
        entry["sameAs"] = byline.same_as
    return entry


def profile_page(settings, byline):
    """``ProfilePage`` for an author's page."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(settings, byline.url),
        "mainEntity": person(settings, byline),
    }


def attach_structured_data(generators):
    """``all_generators_finalized``: JSON-LD everywhere, from the counts,
    bylines and images attached before."""
    if not generators:
        return
    settings = generators[0].settings
    # One builder for all: a partial per item cost 200 B each for the build.
    build_posting = functools.partial(_posting, settings)
    for content in contents_of(generators):
        data_of(content).structured_data_builder = build_posting
    for byline in shared_context(generators).get("fukatsoft_profiles", {}).values():
        byline.structured_data = profile_page(settings, byline)


def _posting(settings, content, data):
    is_article = isinstance(content, Article)
    url = absolute_url(settings, content.url)
    entry = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if is_article else "WebPage",
        ("headline" if is_article else "name"): html_to_text(content.title),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": language_tag(content.lang),
    }
    if getattr(content, "date", None) and is_article:
        entry["datePublished"] = content.date.isoformat()
        modified = getattr(content, "modified", None) or content.date
        entry["dateModified"] = modified.isoformat()
    if data.authors:
        entry["author"] = [person(settings, byline) for byline in data.authors]
    if data.image:
        entry["image"] = absolute_url(settings, data.image.url)
    summary = getattr(content, "summary", "")
    if summary:
        entry["description"] = html_to_text(summary)
    if is_article:
        entry["publisher"] = {
            "@type": "Organization",
            "name": html_to_text(
                settings["FUKATSOFT_PUBLISHER"] or settings.get("SITENAME", "")
            ),
        }
        keywords = [tag.name for tag in getattr(content, "tags", ())]
        if keywords:
            entry["keywords"] = keywords
        if getattr(content, "category", None):
            entry["articleSection"] = content.category.name
    statistics = []
    if data.views is not None:
        statistics.append(_counter("ViewAction", data.views))
    if data.comments is not None:
        entry["commentCount"] = data.comments
        statistics.append(_counter("CommentAction", data.comments))
    if statistics:
        entry["interactionStatistic"] = statistics
    return entry


def _counter(action, count):
    return {
        "@type": "InteractionCounter",
        "interactionType": {"@type": action},
        "userInteractionCount": count,
    }
