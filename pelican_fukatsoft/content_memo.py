"""Rebuilds: the plugin's per-article work done again only where the article
changed.

With Pelican's content cache on, a rebuild reads only the changed files
again; the plugin's own per-article work (cutting editor watermarks out of
an article's HTML, counting its words for the reading time) would still run
over every article, because Pelican hands every article to the plugin on
every build. Its results are remembered here, keyed by a digest of the
HTML they were computed from and of the settings they depend on: a changed
article or setting is a new key, so nothing stale is ever read back.

They are kept with Pelican's own cacher, in ``CACHE_PATH`` beside Pelican's
caches and under the same settings: saved with ``CACHE_CONTENT``, loaded
with ``LOAD_CONTENT_CACHE`` (``--ignore-cache`` starts afresh). Only what
the build used is saved, so the file holds the site as it is now; the
plugin's release is part of every key. With both off (Pelican's default)
nothing is digested or kept.
"""

import hashlib
from importlib import metadata

from pelican.cache import FileDataCacher

from .internals import cacher_data, set_cacher_data

CACHE_NAME = "fukatsoft-memo"
# Part of every key: another release may compute otherwise.
try:
    _RELEASE = metadata.version("pelican-fukatsoft")
except metadata.PackageNotFoundError:  # run from a checkout, not installed
    _RELEASE = "checkout"
# What get() finds for a key it has no result for (a result may be None).
_MISSING = object()


class ContentMemo(FileDataCacher):
    """Results by digest of (function, what it depends on, the input text).

    Kept in the data Pelican's FileDataCacher loads and saves
    (``internals.cacher_data``)."""

    def __init__(self, settings):
        super().__init__(
            settings,
            CACHE_NAME,
            settings.get("CACHE_CONTENT", False),
            settings.get("LOAD_CONTENT_CACHE", False),
        )
        loaded = cacher_data(self)
        # Not a dictionary: not a memo this module wrote.
        self._loaded = loaded if isinstance(loaded, dict) else {}
        self._used = {}

    def get(self, compute, text, args):
        # A function's memo_version changes when it computes otherwise
        # between releases (a checkout's release never changes).
        version = getattr(compute, "memo_version", 0)
        key = hashlib.blake2b(
            f"{_RELEASE}\0{compute.__module__}.{compute.__qualname__}\0{version}\0"
            f"{args!r}\0{text}".encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).digest()
        value = self._used.get(key, _MISSING)
        if value is _MISSING:
            # Moved, not copied: what is left in _loaded was not used.
            value = self._loaded.pop(key, _MISSING)
            if value is _MISSING:
                value = compute(text, *args)
            self._used[key] = value
        return value

    def save(self):
        """Keep what this build used, for the next one (an --autoreload
        run of the same site reads it from memory)."""
        self._loaded, self._used = self._used, {}
        set_cacher_data(self, self._loaded)
        self.save_cache()


# One memo per Pelican instance whose settings cache content, found by its
# settings (what the signal handlers see): i18n_subsites builds its sites
# one inside the other's run, each with its own settings. Keyed by id: a
# memo holds its settings, so no other dictionary can take that id.
_MEMOS = {}


def open_memo(pelican):
    """``initialized``: the memo this site's builds read and save."""
    settings = pelican.settings
    if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"):
        _MEMOS[id(settings)] = ContentMemo(settings)


def remembered(settings, compute, text, *args):
    """``compute(text, *args)``, or what it gave for the same *text* and
    *args* in this build or the cached one before it. *args* are what the
    result depends on besides the text (settings values): their ``repr`` is
    part of the key."""
    memo = _MEMOS.get(id(settings))
    if memo is None:
        return compute(text, *args)
    return memo.get(compute, text, args)


def save_memo(pelican):
    """``finalized``: what this build used, kept for the next."""
    memo = _MEMOS.get(id(pelican.settings))
    if memo is not None:
        memo.save()
