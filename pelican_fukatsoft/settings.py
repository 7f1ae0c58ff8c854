"""Settings: one place that gathers each capability's defaults and checks.

Every capability module declares ``DEFAULTS`` (its ``FUKATSOFT_*`` settings)
and ``check_settings(settings)``; :func:`configure` applies them with
``setdefault`` when Pelican is initialised, so a site's own values always win
and Pelican's ``DEFAULT_CONFIG`` is never touched.
"""

import logging

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Turn every data warning (bad metadata, bad snapshot rows, ...) into a
    # failed build: for CI pipelines that must not publish wrong figures.
    "FUKATSOFT_STRICT": False,
}


class SettingError(SystemExit):
    """Stops the build with one line naming the setting; never a traceback."""

    def __init__(self, message):
        super().__init__(f"pelican-fukatsoft: {' '.join(message.split())}")


def configure(pelican):
    # Imported here, not at the top: each capability imports this module.
    from . import (
        assets,
        bylines,
        comments,
        counters,
        highlighting,
        structured_data,
        templating,
        watermarks,
    )

    capabilities = (
        templating,
        watermarks,
        counters,
        comments,
        bylines,
        structured_data,
        assets,
        highlighting,
    )
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    for capability in capabilities:
        for key, value in capability.DEFAULTS.items():
            pelican.settings.setdefault(key, value)
    require_flag(pelican.settings, "FUKATSOFT_STRICT")
    for capability in capabilities:
        capability.check_settings(pelican.settings)


def require(settings, name, condition, expected):
    """Stop the build unless *condition* holds for setting *name*."""
    if not condition:
        raise SettingError(f"{name} must be {expected}, got {settings[name]!r}")


def require_flag(settings, name):
    require(settings, name, isinstance(settings[name], bool), "True or False")


def require_count(settings, name, *, optional=False):
    """A whole number of 0 or more (or None when *optional*)."""
    value = settings[name]
    require(
        settings,
        name,
        (optional and value is None) or (type(value) is int and value >= 0),
        ("None or " if optional else "") + "a whole number of 0 or more",
    )


def require_optional_text(settings, name, expected):
    value = settings[name]
    require(
        settings,
        name,
        value is None or (isinstance(value, str) and value.strip()),
        f"None or {expected}",
    )


def warn(settings, message, *args):
    """A problem in the site's data: warn and go on, or fail when strict."""
    if settings.get("FUKATSOFT_STRICT"):
        text = (message % args if args else message).removeprefix("pelican-fukatsoft: ")
        raise SettingError(f"FUKATSOFT_STRICT is on and: {text}")
    logger.warning(message, *args)
