"""Author bylines and profiles.

Profiles come from ``FUKATSOFT_AUTHORS`` in ``pelicanconf.py`` and/or a JSON
file in the content folder (``FUKATSOFT_AUTHORS_FILE``); the settings win
key by key. Every author gets a :class:`Byline`, profile or not.
"""

import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from .checks import (
    logger_for,
    require,
    require_count,
    require_flag,
    require_optional_path,
    warn,
)
from .content_data import contents_of, data_of, shared_context
from .content_memo import remembered
from .data_files import (
    DataFileError,
    FileWarnings,
    LongNumber,
    file_problem,
    read_json,
    shown,
)
from .internals import content_source
from .isso_markup import ISSO_DEFAULTS, render_remembered
from .urls import WEB_SCHEMES, safe_url

logger = logger_for(__name__)

DEFAULTS = {
    # {"Author Name": {"avatar": ..., "role": ..., "bio": ..., "links": {...}}}
    "FUKATSOFT_AUTHORS": {},
    # The same, as a JSON file relative to PATH (None: no file).
    "FUKATSOFT_AUTHORS_FILE": None,
    # Use Gravatar for profiles with an "email" and no "avatar" (off: no
    # request to another host unless the site owner asks for it).
    "FUKATSOFT_GRAVATAR": False,
    # Reading speed for "N min read" (0 hides reading time): words per
    # minute for scripts that separate words with spaces...
    "FUKATSOFT_WORDS_PER_MINUTE": 200,
    # ...and characters per minute for Chinese and Japanese, whose words are
    # not separated (255 is the mean for Chinese in the IReST study).
    "FUKATSOFT_CHARACTERS_PER_MINUTE": 255,
    # Per language, either speed: {"ja": {"characters": 357}, "ar": {"words": 138}}.
    "FUKATSOFT_READING_SPEEDS": {"ja": {"characters": 357}},
}

PROFILE_KEYS = {"avatar", "role", "bio", "links", "email"}
_TAG = re.compile(r"<[^>]*>")
# Han (with its extensions and compatibility forms), hiragana and katakana:
# scripts read character by character. Everything else is read in words.
_CHARACTER_READ = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
_CHARACTER = re.compile(f"[{_CHARACTER_READ}]")
_WORD = re.compile(f"[^\\W{_CHARACTER_READ}]+")
_ASCII_NON_WORD_TO_SPACE = {
    code: " " for code in range(128) if not re.fullmatch(r"\w", chr(code))
}


@dataclass
class Byline:
    name: str
    #: Author page URL, relative to SITEURL (as Pelican's ``author.url``).
    url: str = ""
    role: str = ""
    bio_html: Markup = field(default_factory=Markup)
    #: Image URL: relative to SITEURL for local files, or absolute.
    avatar_url: str = ""
    #: Generated initials avatar, used when there is no avatar_url.
    avatar_svg: Markup = field(default_factory=Markup)
    #: ``[(label, url), ...]``, each URL passed by ``urls.safe_url``.
    links: list = field(default_factory=list)
    #: The author page's ``ProfilePage`` JSON-LD (set by structured_data).
    structured_data: dict | None = None

    @property
    def same_as(self):
        return [url for _, url in self.links if urlsplit(url).scheme in WEB_SCHEMES]


def check_settings(settings):
    profiles = settings["FUKATSOFT_AUTHORS"]
    require(
        settings,
        "FUKATSOFT_AUTHORS",
        isinstance(profiles, dict)
        and all(isinstance(p, dict) for p in profiles.values()),
        'a dict of {"Author Name": {profile keys}}',
    )
    require_optional_path(settings, "FUKATSOFT_AUTHORS_FILE", "a path relative to PATH")
    require_flag(settings, "FUKATSOFT_GRAVATAR")
    require_count(settings, "FUKATSOFT_WORDS_PER_MINUTE")
    require_count(settings, "FUKATSOFT_CHARACTERS_PER_MINUTE")
    speeds = settings["FUKATSOFT_READING_SPEEDS"]
    require(
        settings,
        "FUKATSOFT_READING_SPEEDS",
        isinstance(speeds, dict)
        and all(
            isinstance(speed, dict)
            and set(speed) <= {"words", "characters"}
            and all(type(n) is int and n > 0 for n in speed.values())
            for speed in speeds.values()
        ),
        'a dict of {"lang": {"words": n, "characters": n}} with whole numbers above 0',
    )


def initials_avatar(name):
    """A deterministic SVG avatar: the name's initials on a colour of its own.

    The theme's script draws the same one for a comment it adds
    (``initialsAvatar`` in comments.js); a property test holds the two equal."""
    # Letters only: a nickname in quotes or a "(team)" is not a word of it.
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w and w[0].isalpha()]
    initials = "".join(_capital(w[0]) for w in words[:2]) or "?"
    hue = _fnv1a(name.encode("utf-8")) % 360
    # Lightness 32% keeps white initials above 4.5:1 contrast on every hue.
    # Inline in HTML: no xmlns needed, and no focusable="false" (only
    # Internet Explorer put an <svg> in the tab order).
    return Markup(
        '<svg class="avatar avatar-generated" '
        'viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">'
        f'<rect width="40" height="40" rx="20" fill="hsl({hue} 55% 32%)"/>'
        '<text x="20" y="20" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui,sans-serif" font-size="16" font-weight="600">'
        f"{html.escape(initials)}</text></svg>"
    )


def _capital(letter):
    """*letter* in capitals, unless that is not letters alone ("ΐ" gives
    "Ϊ" and a combining accent)."""
    upper = letter.upper()
    return upper if upper.isalpha() else letter


def _fnv1a(data):
    """32-bit FNV-1a: a hash small enough to write the same in JavaScript."""
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def reading_minutes(content_html, words_per_minute, characters_per_minute):
    """Minutes to read: words at one speed, Chinese and Japanese characters
    at another, so a 5,000-character Chinese article is not "8 min read"."""
    if not words_per_minute or not content_html:
        return 0
    text = _TAG.sub(" ", content_html)
    minutes = count_words(text) / words_per_minute
    if characters_per_minute and not text.isascii():
        minutes += len(_CHARACTER.findall(text)) / characters_per_minute
    return max(1, round(minutes))


def count_words(text):
    """The words of *text*: runs of letters, digits and ``_`` outside the
    scripts read by character."""
    if text.isascii():
        # Most articles: split instead of a regex match per word (a sixth
        # of the time; the same count, tests/test_languages.py checks).
        return len(text.translate(_ASCII_NON_WORD_TO_SPACE).split())
    return len(_WORD.findall(text))


def reading_speeds(settings, lang):
    """(words, characters) per minute for a language."""
    speed = settings["FUKATSOFT_READING_SPEEDS"].get(lang) or {}
    if not speed and lang:  # pt_BR falls back to pt
        speed = (
            settings["FUKATSOFT_READING_SPEEDS"].get(re.split("[-_]", lang)[0]) or {}
        )
    return (
        speed.get("words", settings["FUKATSOFT_WORDS_PER_MINUTE"]),
        speed.get("characters", settings["FUKATSOFT_CHARACTERS_PER_MINUTE"]),
    )


def attach_authors(generators):
    """``all_generators_finalized``: bylines everywhere, profiles in context."""
    if not generators:
        return
    settings = generators[0].settings
    profiles = _load_profiles(generators, settings)
    shared_context(generators)["fukatsoft_profiles"] = profiles
    for content in contents_of(generators):
        data = data_of(content)
        # Every author has an entry: profiles are built from these very articles.
        data.authors = tuple(
            profiles[author.name] for author in getattr(content, "authors", ())
        )
        speeds = reading_speeds(settings, getattr(content, "lang", None))
        data.reading_minutes = remembered(
            settings, reading_minutes, content_source(content), *speeds
        )


def _load_profiles(generators, settings):
    """Every author's byline, keyed by name."""
    raw = dict(_profiles_file(settings))
    for name, profile in settings["FUKATSOFT_AUTHORS"].items():
        raw[name] = {**raw.get(name, {}), **profile}

    authors = {}
    for content in contents_of(generators):
        for author in getattr(content, "authors", ()):
            authors.setdefault(author.name, author)
    for name in sorted(set(raw) - set(authors)):
        warn(
            settings,
            "%s: profile for %r, who has no article",
            _profile_origin(name, settings),
            name,
        )
    return {
        name: _byline(name, author.url, raw.get(name, {}), settings)
        for name, author in authors.items()
    }


def _profile_origin(name, settings):
    """Where a profile came from, for messages; the setting wins over the file."""
    if name in settings["FUKATSOFT_AUTHORS"] or not settings["FUKATSOFT_AUTHORS_FILE"]:
        return f"FUKATSOFT_AUTHORS[{name!r}]"
    return f"{_profiles_path(settings)} [{name!r}]"


def data_files(settings):
    """The authors file, if any (the rebuild command watches it)."""
    return [_profiles_path(settings)] if settings["FUKATSOFT_AUTHORS_FILE"] else []


def _profiles_path(settings):
    return Path(settings["PATH"], settings["FUKATSOFT_AUTHORS_FILE"])


def _profiles_file(settings):
    if not settings["FUKATSOFT_AUTHORS_FILE"]:
        return {}
    path = _profiles_path(settings)
    with FileWarnings(settings, path) as warn_file:
        try:
            data = read_json(path, warn_file)
        except DataFileError as error:
            warn_file(f"{error.reason}; authors file skipped", error.line)
            return {}
        if not isinstance(data, dict):
            warn_file('expected {"Author Name": {...}}')
            return {}
        profiles = {}
        for name, profile in data.items():
            if isinstance(profile, dict):
                profiles[name] = profile
            else:
                warn_file(
                    f"[{shown(name)}]: a profile must be an object, got "
                    f"{_type_name(profile)}; ignored"
                )
    return profiles


def _type_name(value):
    """What a JSON value is, for messages (a :class:`LongNumber` is an int)."""
    return "int" if isinstance(value, LongNumber) else type(value).__name__


def _byline(name, url, profile, settings):
    where = _profile_origin(name, settings)
    unknown = set(profile) - PROFILE_KEYS
    if unknown:
        warn(
            settings,
            "%s: unknown key(s) %s ignored (known: %s)",
            where,
            ", ".join(sorted(map(str, unknown))),
            ", ".join(sorted(PROFILE_KEYS)),
        )
    byline = Byline(
        name=name,
        url=url,
        role=_profile_text(profile, "role", where, settings),
        bio_html=_bio(_profile_text(profile, "bio", where, settings), where, settings),
        links=_links(profile.get("links") or {}, where, settings),
    )
    byline.avatar_url = _avatar_url(profile, where, settings)
    if not byline.avatar_url:
        byline.avatar_svg = initials_avatar(name)
    return byline


def _profile_text(profile, key, where, settings):
    """A text field of a profile; anything else is reported and left out."""
    value = profile.get(key)
    if value is None or isinstance(value, str):
        return (value or "").strip()
    warn(
        settings,
        '%s: "%s" must be text, got %s; left out',
        where,
        key,
        _type_name(value),
    )
    return ""


def _bio(text, where, settings):
    """A bio is data, not the site's content: rendered like a comment with
    Isso's default rules (typed HTML shown as text), within the same
    bounds. Its links are the author's own: no "nofollow"."""
    if not text:
        return Markup("")
    return render_remembered(
        settings, text, ISSO_DEFAULTS, "noopener", f'{where}: "bio"'
    )


def _links(links, where, settings):
    if not isinstance(links, dict):
        warn(settings, '%s: "links" must be {"label": "url"}', where)
        return []
    kept = []
    for label, url in links.items():
        safe = safe_url(url)
        if not safe or not isinstance(label, str):
            warn(
                settings,
                "%s: link %s dropped: only text labels with "
                "http(s), mailto or relative URLs are allowed",
                where,
                shown(label),
            )
            continue
        kept.append((label, safe))
    return kept


def _avatar_url(profile, where, settings):
    avatar = profile.get("avatar")
    if avatar:
        url = safe_url(avatar, WEB_SCHEMES)
        if not url:
            warn(
                settings,
                "%s: avatar %s is not an http(s) URL or a "
                "file; using generated initials",
                where,
                shown(avatar),
            )
            return ""
        if urlsplit(url).scheme:
            return url
        relative = url.lstrip("/")
        problem = file_problem(Path(settings["PATH"], relative))
        if not problem:
            return relative
        warn(
            settings,
            "%s: avatar file %s in the content folder "
            "cannot be used (%s); using generated initials",
            where,
            shown(relative),
            problem,
        )
    email = profile.get("email")
    if email and settings["FUKATSOFT_GRAVATAR"]:
        digest = hashlib.sha256(str(email).strip().lower().encode()).hexdigest()
        return f"https://www.gravatar.com/avatar/{digest}?s=96&d=identicon"
    return ""
