"""Checks of settings and data: one line naming the problem, never a
traceback. Imports nothing of ours, so every capability can use it."""

import logging

logger = logging.getLogger(__name__)


class SettingError(SystemExit):
    """Stops the build with one line naming the setting; never a traceback."""

    def __init__(self, message):
        super().__init__(f"pelican-fukatsoft: {' '.join(message.split())}")


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
