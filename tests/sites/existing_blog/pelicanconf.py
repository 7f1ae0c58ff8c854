"""A site as other people's Pelican blogs are (issue 26): what
pelican-quickstart writes (LINKS, SOCIAL), a subtitle and every kind of
feed, a 21-character name beside the Menu button, 30 categories on the menu,
and content migrated from WordPress and written in Markdown's idioms."""

import pelican_fukatsoft

SITENAME = "Acme Engineering Blog"
SITESUBTITLE = "Notes from the build floor"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = ["pelican_fukatsoft"]
DEFAULT_PAGINATION = 10

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"
TRANSLATION_FEED_RSS = "feeds/all-{lang}.rss.xml"

# As pelican-quickstart writes them, with a few real services.
LINKS = (
    ("Pelican", "https://getpelican.com/"),
    ("Python.org", "https://www.python.org/"),
    ("Jinja2", "https://palletsprojects.com/p/jinja/"),
)
SOCIAL = (
    ("GitHub", "https://github.com/acme"),
    ("GitLab", "https://gitlab.com/acme"),
    ("Mastodon", "https://fosstodon.org/@acme"),
    ("LinkedIn", "https://www.linkedin.com/company/acme"),
    ("Twitter", "https://twitter.com/acme"),
    ("YouTube", "https://www.youtube.com/@acme"),
    ("RSS", "/feeds/all.rss.xml"),
    ("Write to us", "mailto:team@example.org"),
    ("You can add links in your config file", "#"),
)
