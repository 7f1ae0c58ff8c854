"""A site running the pelican-plugins people already use with this theme:
neighbors, series, related posts, share links, tag cloud, sitemap and math.
tests/test_plugins.py builds it with them and with PLUGINS reduced to ours."""

import pelican_fukatsoft

SITENAME = "Plugins"
SITEURL = ""

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = [
    "neighbors",
    "series",
    "related_posts",
    "share_post",
    "tag_cloud",
    "sitemap",
    "render_math",
    "pelican_fukatsoft",
]
DEFAULT_PAGINATION = 4
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SITEMAP = {"format": "xml"}
TAG_CLOUD_STEPS = 4
TAG_CLOUD_SORTING = "alphabetically"
RELATED_POSTS_MAX = 3
# MathJax from the site itself (tests/test_plugins.py puts it there), not
# from render_math's default CDN: the theme makes no request to another host.
# Without its "Loading…" box, which MathJax adds outside the page's landmarks.
MATH_JAX = {
    "source": "'/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML'",
    "message_style": None,
}
