"""Checks of settings and data: one line naming the problem, never a
traceback. Imports nothing of ours, so every capability can use it."""

import logging
import math
import reprlib

#: What every message of ours starts with: added here, and only here.
PREFIX = "pelican-fukatsoft: "


class _Prefixed(logging.LoggerAdapter):
    def process(self, msg, kwargs):
        return PREFIX + msg, kwargs


def logger_for(name):
    """The logger of module *name*; its messages carry :data:`PREFIX`."""
    return _Prefixed(logging.getLogger(name), {})


logger = logger_for(__name__)

#: A count above this is a typo or an overflow, not a real figure; Babel
#: formats every count up to it (10**100 raises ``decimal.InvalidOperation``).
MAX_COUNT = 10**12


class SettingError(SystemExit):
    """Stops the build with one line naming the setting; never a traceback."""

    def __init__(self, message):
        super().__init__(PREFIX + " ".join(message.split()))


# What a message shows of a wrong value: its start, not a megabyte of it.
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 80


def shown_value(value):
    try:
        return _SHORT_REPR.repr(value)
    except ValueError:  # an int of more digits than Python converts to text
        return f"a number of about {round(value.bit_length() * math.log10(2))} digits"


def require(settings, name, condition, expected):
    """Stop the build unless *condition* holds for setting *name*."""
    if not condition:
        value = shown_value(settings.get(name))
        raise SettingError(f"{name} must be {expected}, got {value}")


def require_flag(settings, name):
    require(settings, name, isinstance(settings[name], bool), "True or False")


def require_count(settings, name, *, optional=False, maximum=MAX_COUNT):
    """A whole number from 0 to *maximum* (or None when *optional*)."""
    value = settings[name]
    require(
        settings,
        name,
        (optional and value is None) or (type(value) is int and 0 <= value <= maximum),
        ("None or " if optional else "") + f"a whole number from 0 to {maximum}",
    )


def is_path(value):
    """A file name as text that the OS can take: not blank, no NUL."""
    return isinstance(value, str) and bool(value.strip()) and "\0" not in value


def require_optional_path(settings, name, expected):
    value = settings[name]
    require(settings, name, value is None or is_path(value), f"None or {expected}")


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
        text = message % args if args else message
        raise SettingError(f"FUKATSOFT_STRICT is on and: {text}")
    logger.warning(message, *args)
