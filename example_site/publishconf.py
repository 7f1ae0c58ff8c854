"""Production settings: absolute URLs and feeds."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = "https://blog.fukatsoft.example"
RELATIVE_URLS = False
MENUITEMS = [
    ("Archives", f"{SITEURL}/archives.html"),
    ("Authors", f"{SITEURL}/authors.html"),
]

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/author-{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
