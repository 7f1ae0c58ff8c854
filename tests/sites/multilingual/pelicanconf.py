"""A site published in three languages by the i18n_subsites plugin: English
at the root, German under /de/ and Urdu under /ur/."""

import pelican_fukatsoft

SITENAME = "Multilingual"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"
THEME = pelican_fukatsoft.get_theme_path()
PLUGINS = ["i18n_subsites", "pelican_fukatsoft"]
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}
I18N_SUBSITES = {"de": {"SITENAME": "Mehrsprachig"}, "ur": {"SITENAME": "کثیر لسانی"}}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
