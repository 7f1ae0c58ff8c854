"""A varied site: reST and Markdown, translations, drafts, hidden content,
several authors, pagination, static files and a template page."""

import pelican_fukatsoft

SITENAME = "Varied & <Test> Site"
SITEURL = "https://example.org/blog"
RELATIVE_URLS = False
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = ["pelican_fukatsoft"]
STATIC_PATHS = ["images"]
TEMPLATE_PAGES = {"extra/special.html": "special/index.html"}
DEFAULT_PAGINATION = 3
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FUKATSOFT_VIEWS_FILE = ["goatcounter.csv", "plausible.csv"]
FUKATSOFT_AUTHORS = {"Alice Martin": {"role": "Editor", "bio": "Alice *edits*."}}
