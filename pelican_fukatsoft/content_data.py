"""The one attribute our capabilities add to articles and pages.

``article.fukatsoft`` is filled anew on every build (after Pelican has saved
its content cache), so counts always follow the current data files.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


# Slots: one per article and page, for the whole build.
@dataclass(slots=True)
class ContentData:
    #: The page's URL path (with SITEURL's path): the key for live counters
    #: and the ``uri`` of its Isso thread.
    path: str = ""
    #: Page views: migrated baseline plus analytics snapshots; None = no data.
    views: int | None = None
    #: The migrated ``Views:`` figure alone (a live refresh adds to it).
    views_baseline: int = 0
    #: Published comments: migrated baseline plus Isso's; None = no data.
    comments: int | None = None
    #: One :class:`pelican_fukatsoft.bylines.Byline` per author, in order.
    authors: tuple = ()
    #: The migrated ``Comments:`` figure alone (live counts add to it).
    comments_baseline: int = 0
    #: Published Isso comments, each with its ``replies``, in display order
    #: (the one empty tuple for the many articles without any).
    comment_thread: Sequence = ()
    #: When the newest comment in ``comment_thread`` was posted (Unix time):
    #: the page's script adds only comments newer than that by itself.
    comments_until: float = 0
    #: Estimated minutes to read the content (0 when turned off).
    reading_minutes: int = 0
    #: The featured image (:class:`pelican_fukatsoft.images.FeaturedImage`).
    image: object = None
    #: Builds the JSON-LD object of an item from the item and this data: one
    #: builder for the whole build (set by :mod:`pelican_fukatsoft.structured_data`).
    structured_data_builder: Callable[[object, "ContentData"], dict] | None = field(
        default=None, repr=False
    )
    #: The article or page this data belongs to (for the builder).
    item: object = field(default=None, repr=False)

    def live_data(self, kind):
        """The data-* attributes a live refresh of *kind* ("views" or
        "comments") reads on a count: the exact figure, and the baseline
        the live figure adds to where the figure is not that alone."""
        figure = getattr(self, kind)
        baseline = getattr(self, f"{kind}_baseline")
        data = {f"fukatsoft-{kind}": figure}
        if figure != baseline:
            data["baseline"] = baseline
        return data

    @property
    def structured_data(self):
        """The JSON-LD object for the page (a dict, rendered with ``|tojson``),
        built when asked: the page renders it once, and a 10,000-article
        site need not hold 10,000 of them for the whole build."""
        if self.structured_data_builder is None:
            return None
        return self.structured_data_builder(self.item, self)


def data_of(content):
    data = content.__dict__.get("fukatsoft")
    if not isinstance(data, ContentData):
        data = content.fukatsoft = ContentData(item=content)
    return data


CONTENT_LISTS = {
    "articles": (
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
    ),
    "pages": (
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    ),
}


def contents_of(generators):
    """Every article and page the generators hold, whatever its status."""
    seen = set()
    for generator in generators:
        for names in CONTENT_LISTS.values():
            for name in names:
                for content in getattr(generator, name, None) or ():
                    if id(content) not in seen:
                        seen.add(id(content))
                        yield content


def shared_context(generators):
    """The template context all generators share (Pelican passes one dict)."""
    return generators[0].context if generators else {}
