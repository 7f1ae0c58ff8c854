"""The example site: the FukatSoft blog with its Afghanistan article."""

import os
from pathlib import Path

import pelican_fukatsoft

AUTHOR = "FukatSoft"
SITENAME = "FukatSoft"
SITESUBTITLE = "Engineering, analysis and news from the FukatSoft team"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Karachi"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%b %d %Y %I:%M %p"

THEME = pelican_fukatsoft.get_theme_path()
# Beside ours, plugins from the pelican-plugins collection (the `example`
# extra): older/newer links, a series, related articles.
PLUGINS = ["neighbors", "series", "related_posts", "pelican_fukatsoft"]

ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
ARTICLE_LANG_URL = "blog/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "blog/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"

DEFAULT_PAGINATION = 4
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds need an absolute SITEURL: publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MENUITEMS = [("Archives", "/archives.html"), ("Authors", "/authors.html")]

# pelican-fukatsoft
SITELOGO = "images/brand/logo.svg"
FUKATSOFT_SITELOGO_DARK = "images/brand/logo-dark.svg"
FUKATSOFT_ICON = "images/brand/icon.png"
FUKATSOFT_SEARCH = True
FUKATSOFT_AUTHORS_FILE = "authors.json"
FUKATSOFT_VIEWS_FILE = "analytics/views.json"
# Comments: `make serve` runs Isso (isso.cfg) on port 8080 beside the site.
FUKATSOFT_ISSO_URL = os.environ.get("FUKATSOFT_ISSO_URL", "http://127.0.0.1:8080")
# Build-time comments once Isso has created its database (PATH-relative).
# Inside PATH, so that `pelican --autoreload` rebuilds when comments arrive.
_ISSO_DB = Path(__file__).parent / "content" / "comments" / "comments.db"
FUKATSOFT_ISSO_DB = "comments/comments.db" if _ISSO_DB.exists() else None
# The build renders comments with the [markup] rules of the Isso it runs with.
FUKATSOFT_ISSO_CONFIG = str(Path(__file__).parent / "isso.cfg")
FUKATSOFT_POWERED_BY = [
    ("Pelican", "https://getpelican.com/"),
    ("pelican-fukatsoft", "https://pypi.org/project/pelican-fukatsoft/"),
]

# Featured images in several widths (pelican-image-process, the `example`
# extra): phones never download the desktop size.
PLUGINS.insert(0, "image_process")
IMAGE_PROCESS = {
    "fukatsoft-hero": {
        "type": "responsive-image",
        "srcset": [
            ("480w", ["scale_in 480 270 True"]),
            ("800w", ["scale_in 800 450 True"]),
            ("1200w", ["scale_in 1200 675 True"]),
        ],
        "sizes": "(min-width: 64rem) 50rem, calc(100vw - 2rem)",
        "default": "800w",
    },
    "fukatsoft-lead": {
        "type": "responsive-image",
        "srcset": [
            ("400w", ["scale_in 400 225 True"]),
            ("800w", ["scale_in 800 450 True"]),
        ],
        "sizes": "(min-width: 64rem) 40rem, calc(100vw - 2rem)",
        "default": "800w",
    },
    "fukatsoft-card": {
        "type": "responsive-image",
        "srcset": [
            ("400w", ["scale_in 400 225 True"]),
            ("800w", ["scale_in 800 450 True"]),
        ],
        "sizes": (
            "(min-width: 64rem) 23rem, (min-width: 40rem) 50vw, calc(100vw - 2rem)"
        ),
        "default": "400w",
    },
}
FUKATSOFT_HERO_IMAGE_PROCESS = "fukatsoft-hero"
FUKATSOFT_LEAD_IMAGE_PROCESS = "fukatsoft-lead"
FUKATSOFT_CARD_IMAGE_PROCESS = "fukatsoft-card"
