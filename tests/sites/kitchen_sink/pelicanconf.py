"""The kitchen sink: everything Python-Markdown's common extensions and
docutils write, long code lines, wide tables, embeds, figures, RTL text, a
very long title and word, and what the theme adds around an article with
other plugins and search on. The theme must show all of it on a 320 px phone."""

import pelican_fukatsoft

SITENAME = "Kitchen Sink"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["media"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = ["neighbors", "related_posts", "share_post", "pelican_fukatsoft"]
FUKATSOFT_SEARCH = True
DEFAULT_PAGINATION = 4
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DISPLAY_PAGES_ON_MENU = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": True},
        "markdown.extensions.admonition": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
