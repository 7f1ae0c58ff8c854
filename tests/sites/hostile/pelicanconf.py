"""A site whose every text field tries to run script or break the page.

Each payload sets ``window.__xss`` or calls ``alert``: a browser test loads
every page and fails on either. Titles, summaries, categories, tags, author
names, profile fields, menu items and the footer credit all carry one.
"""

import pelican_fukatsoft

SITENAME = 'Hostile <script>window.__xss="sitename"</script> & Co'
SITESUBTITLE = '"><img src=x onerror=window.__xss="subtitle">'
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = ["pelican_fukatsoft"]
DEFAULT_PAGINATION = 2
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MENUITEMS = [('<img src=x onerror=window.__xss="menu">', "/archives.html")]
FUKATSOFT_AUTHORS_FILE = "authors.json"
FUKATSOFT_POWERED_BY = (
    "<a href=\"javascript:window.__xss='credit-link'\">Us</a>"
    "<script>window.__xss='credit-script'</script>"
    "<img src=x onerror=\"window.__xss='credit-img'\"> in {year}"
)
