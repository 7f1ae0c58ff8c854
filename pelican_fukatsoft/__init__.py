"""pelican-fukatsoft: the FukatSoft blog layout and its plugin for Pelican.

This module only wires signals; each capability lives in its own module.

Blinker calls a signal's receivers in an undefined order (blinker 1.9
iterates a set of ids), so the plugin connects one receiver per signal and
that receiver runs our steps from one ordered tuple: the order below is the
order of the build, whatever blinker does.
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
    internals,
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
    """Every capability's defaults and checks."""
    settings.configure(pelican, CAPABILITIES)


# Each signal's steps, in the order they run.
STEPS = {
    # Settings first: every later step reads the defaults configure sets.
    signals.initialized: (
        configure,
        internals.report_problems,
        search.prepare,
        content_memo.open_memo,
    ),
    signals.generator_init: (
        templating.prepare_environment,
        identity.prepare_environment,
        counters.prepare_environment,
        comments.prepare_environment,
    ),
    signals.content_object_init: (watermarks.strip_content,),
    # Once every article and page is read, before anything is written:
    # counts (which also give each item its data and path), comments, authors
    # and images all feed the structured data; the removal report comes last.
    signals.all_generators_finalized: (
        templating.install_translations,
        templating.fall_back_templates,
        counters.attach_counts,
        comments.attach_comments,
        bylines.attach_authors,
        images.attach_images,
        structured_data.attach_structured_data,
        watermarks.report_removed,
    ),
    # After Pelican has copied the theme's static files into the output;
    # Pagefind last, so it indexes the site as written.
    signals.finalized: (
        content_memo.save_memo,
        assets.write_assets,
        highlighting.write_stylesheet,
        identity.write_icons,
        search.index_site,
    ),
}


def _receiver(signal):
    def run_steps(sender):
        for step in STEPS[signal]:
            step(sender)

    run_steps.__name__ = f"run_{signal.name}_steps"
    return run_steps


# Blinker holds receivers weakly: the receivers live here, as long as the module.
RECEIVERS = {signal: _receiver(signal) for signal in STEPS}


def register():
    for signal, receiver in RECEIVERS.items():
        signal.connect(receiver)
