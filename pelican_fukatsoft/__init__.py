"""pelican-fukatsoft: the FukatSoft blog layout and its plugin for Pelican.

This module only wires signals; each capability lives in its own module.
"""

from pelican import signals

from . import (
    assets,
    bylines,
    comments,
    content_memo,
    counters,
    highlighting,
    identity,
    images,
    isso_markup,
    languages,
    search,
    settings,
    structured_data,
    templating,
    watermarks,
)

__all__ = ["get_theme_path", "register"]


def get_theme_path() -> str:
    """Path of the FukatSoft theme, for ``THEME`` in ``pelicanconf.py``."""
    return str(templating.THEME_DIR)


# In the order their settings are checked.
CAPABILITIES = (
    templating,
    identity,
    languages,
    watermarks,
    images,
    counters,
    comments,
    isso_markup,
    bylines,
    structured_data,
    assets,
    highlighting,
    search,
)


def configure(pelican):
    """``initialized``: every capability's defaults and checks."""
    settings.configure(pelican, CAPABILITIES)


def register():
    signals.initialized.connect(configure)
    signals.initialized.connect(search.prepare)
    signals.initialized.connect(content_memo.open_memo)
    signals.generator_init.connect(templating.prepare_environment)
    signals.generator_init.connect(identity.prepare_environment)
    signals.generator_init.connect(counters.prepare_environment)
    signals.content_object_init.connect(watermarks.strip_content)
    # Once every article and page is read, before anything is written.
    # Order matters: counts, authors and images feed the structured data.
    signals.all_generators_finalized.connect(templating.install_translations)
    signals.all_generators_finalized.connect(counters.attach_counts)
    signals.all_generators_finalized.connect(comments.attach_comments)
    signals.all_generators_finalized.connect(bylines.attach_authors)
    signals.all_generators_finalized.connect(images.attach_images)
    signals.all_generators_finalized.connect(structured_data.attach_structured_data)
    signals.all_generators_finalized.connect(watermarks.report_removed)
    signals.finalized.connect(content_memo.save_memo)
    # After Pelican has copied the theme's static files into the output.
    signals.finalized.connect(assets.write_assets)
    signals.finalized.connect(highlighting.write_stylesheet)
    signals.finalized.connect(identity.write_icons)
    # Last: Pagefind indexes the site as written.
    signals.finalized.connect(search.index_site)
