"""Languages: the theme's strings, text direction, numbers and dates in the
language of each page.

Everything here comes from Babel's locale data (CLDR): which languages are
written right to left, a language's own name, digits, month names, plural
rules. The theme's translations are gettext catalogues in the theme's
``translations/`` folder (the folder ``i18n_subsites`` reads too); a page's
language picks its catalogue, so an Urdu article on an English site gets
Urdu strings, and so does its card on the English index.
"""

import contextvars
import functools
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from babel import localedata
from babel.core import Locale, UnknownLocaleError, get_global
from babel.core import parse_locale as parse_locale_identifier
from babel.dates import format_datetime
from babel.numbers import format_compact_decimal, format_decimal
from babel.support import NullTranslations, Translations
from pelican.utils import strftime

from .checks import require
from .internals import RootRenderWrapper, add_template_mixin

DEFAULTS = {
    # One Babel locale for every page's numbers, dates and theme strings;
    # None follows each page's language (DEFAULT_LANG or an article's Lang).
    "FUKATSOFT_LOCALE": None,
}

CATALOGUE_DOMAIN = "messages"


def check_settings(settings):
    value = settings["FUKATSOFT_LOCALE"]
    require(
        settings,
        "FUKATSOFT_LOCALE",
        value is None or (isinstance(value, str) and parse_locale(value) is not None),
        "None or a locale name Babel knows (such as 'en' or 'de_DE')",
    )


def locale_chooser(settings):
    """lang -> the locale name for the theme's words, numbers and dates: the
    site's one FUKATSOFT_LOCALE, else the language, else DEFAULT_LANG."""
    fixed = settings["FUKATSOFT_LOCALE"]
    default_lang = settings.get("DEFAULT_LANG") or "en"
    return lambda lang=None: fixed or lang or default_lang


def install_filters(env, settings):
    """Filters for numbers, dates, text direction and language names."""
    default_lang = settings.get("DEFAULT_LANG") or "en"
    locale_name = locale_chooser(settings)
    exact = _remembered(exact_number)
    compact = _remembered(compact_number)
    env.filters["fukatsoft_number"] = lambda n, lang=None: exact(n, locale_name(lang))
    env.filters["fukatsoft_compact"] = lambda n, lang=None: compact(
        n, locale_name(lang)
    )
    # A year or a page number as written, in the locale's digits ("۲۰۲۴").
    env.filters["fukatsoft_digits"] = lambda value, lang=None: digits(
        value, locale_name(lang)
    )
    # The numbering system of those digits ("arabext"), for the scripts'
    # Intl.NumberFormat: the browser's own default differs for some locales.
    env.filters["fukatsoft_numbering_system"] = lambda lang=None: numbering_system(
        locale_or_english(locale_name(lang))
    )
    # The text's own direction, whatever locale the theme's words are in.
    env.filters["fukatsoft_direction"] = lambda lang=None: text_direction(
        lang or default_lang
    )
    env.filters["fukatsoft_language_name"] = language_name
    env.filters["fukatsoft_language_tag"] = language_tag
    env.filters["fukatsoft_month"] = lambda value, lang=None: month_name(
        value.month, locale_name(lang)
    )
    env.filters["fukatsoft_plural_samples"] = lambda lang=None: plural_samples(
        locale_name(lang)
    )
    date_format = DateFormat(settings)
    env.filters["fukatsoft_date"] = lambda value, lang=None: date_format(
        value, lang or default_lang, locale_name(lang)
    )
    env.filters["fukatsoft_date_for_script"] = lambda lang=None: date_format.for_script(
        lang or default_lang, locale_name(lang)
    )


# The language of the page or partial being rendered: set as each template
# renders or is included (_LanguageTemplate), read by gettext. So the
# theme's translation macros need no context (an import "with context" is
# built anew on every include).
_RENDERING_LANGUAGE = contextvars.ContextVar("fukatsoft_language", default=None)


def install_translations(generators, translations_dir):
    """A gettext that answers in the language of the page being rendered.

    Installed once every generator exists, so it replaces the single-language
    one ``i18n_subsites`` installs whatever the order of ``PLUGINS``."""
    if not generators:
        return
    settings = generators[0].settings
    locale_name = locale_chooser(settings)
    catalogues = Catalogues(translations_dir, settings)

    default_lang = settings.get("DEFAULT_LANG") or "en"

    def translations():
        return catalogues.get(locale_name(_RENDERING_LANGUAGE.get()))

    def direction():
        return text_direction(_RENDERING_LANGUAGE.get() or default_lang)

    def gettext(message):
        return isolated(translations().gettext(message), direction())

    def ngettext(singular, plural, number):
        return isolated(translations().ngettext(singular, plural, number), direction())

    for generator in generators:
        env = getattr(generator, "env", None)
        if env is None:
            continue
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(gettext, ngettext, newstyle=True)
        add_template_mixin(env, _LanguageTemplate)


# Unicode's directional isolates: the text between reads in its own
# direction without reordering what is around it, as <bdi> does, in text and
# in attributes (aria-label, title) alike.
_ISOLATE = {"ltr": "\u2066", "rtl": "\u2067"}
_POP_ISOLATE = "\u2069"
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}


@functools.lru_cache(maxsize=4096)
def isolated(text, direction):
    """A theme string as the page in *direction* shows it: isolated when it
    starts in the other direction (the English a catalogue lacks, on an
    Urdu or Pashto page; German words with FUKATSOFT_LOCALE on an Arabic
    one), else as it is. The placeholders' names are not its text."""
    own = first_strong_direction(_PLACEHOLDER.sub("", text))
    if own is None or own == direction:
        return text
    return _ISOLATE[own] + text + _POP_ISOLATE


def first_strong_direction(text):
    """ "ltr" or "rtl" from the first letter with a direction (the rule of
    dir="auto"), or None for text without one (numbers, punctuation)."""
    for character in text:
        found = _STRONG.get(unicodedata.bidirectional(character))
        if found:
            return found
    return None


class _LanguageTemplate(RootRenderWrapper):
    """A template that renders in the language of what it shows: a partial
    included in a list (a card, an archive line) speaks its item's
    language, not only a page Pelican renders."""

    def wrap_root(self, root):
        def root_in_own_language(context):
            lang = page_language(context)
            if not lang or lang == _RENDERING_LANGUAGE.get():
                return root(context)
            return _events_in_language(lang, root(context))

        return root_in_own_language


def _events_in_language(lang, events):
    # Jinja consumes an included template's events as they come, running
    # nothing of the including template in between.
    token = _RENDERING_LANGUAGE.set(lang)
    try:
        yield from events
    finally:
        _RENDERING_LANGUAGE.reset(token)


def rendering_language(context):
    """The language a template rendering with Jinja's *context* speaks: its
    own item's, else that of the template including it."""
    return page_language(context) or _RENDERING_LANGUAGE.get()


def page_language(context):
    """The language of what a template shows, from its Jinja context: the
    item a partial shows (a card of an Urdu article is Urdu), else the
    article or page; None when it shows none of them."""
    # resolve_or_missing: a miss costs no KeyError (a lookup per include).
    for name in ("item", "article", "page"):
        lang = getattr(context.resolve_or_missing(name), "lang", None)
        if lang:
            return lang
    return None


@functools.lru_cache(maxsize=64)
def parse_locale(name):
    try:
        return Locale.parse(str(name).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


# BCP 47's subtags as the browser's Intl takes them (Unicode's
# unicode_language_id): a language of 2-3 or 5-8 letters, then a script,
# a region, variants.
_LANGUAGE_SUBTAG = re.compile(r"[A-Za-z]{2,3}|[A-Za-z]{5,8}")
_SCRIPT_SUBTAG = re.compile(r"[A-Za-z]{4}")
_REGION_SUBTAG = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_VARIANT_SUBTAG = re.compile(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}")


@functools.lru_cache(maxsize=64)
def language_tag(lang):
    """*lang* as a BCP 47 language tag ("pt-BR", "zh-Hant-TW", "sr-Latn"),
    the form HTML's lang and hreflang, JSON-LD and the browser's Intl take,
    from the POSIX-style names Pelican and gettext use ("pt_BR", "en_us",
    "de_DE.UTF-8@euro").

    Babel reads the name (separators, case, encoding, modifier); not its
    ``Locale.parse``, which would also write what the author did not (it
    makes "zh_TW" "zh_Hant_TW", "iw" "he_IL", "und" "en_US"). What Babel
    cannot read keeps its leading subtags that are well formed ("en-US-x!"
    gives "en-US"), and a name that starts with none is "und"
    (undetermined): a page never carries a tag that stops its scripts. A
    language no one has ("cn", "jp", "zhs": CLDR names none such and Babel
    has no alias for it) is "und" too: no reader, search engine or
    accessibility checker takes it for Chinese or Japanese."""
    name = str(lang).strip().replace("-", "_")
    try:
        language, territory, script, variant, *_ = parse_locale_identifier(name)
        subtags = [language, script, territory, variant]
    except ValueError:
        subtags = re.split(r"[_.@]", name)
    return _well_formed_tag([subtag for subtag in subtags if subtag])


@functools.lru_cache(maxsize=1)
def _languages():
    """The language subtags CLDR names, Babel's locales ("hrx") and its
    aliases ("iw", "in")."""
    return (
        frozenset(Locale("en").languages)
        | {name.split("_")[0] for name in localedata.locale_identifiers()}
        | frozenset(get_global("language_aliases"))
    )


def _well_formed_tag(subtags):
    """The leading subtags that make a well-formed tag, in BCP 47's case;
    "und" when the language is none that exists."""
    if (
        not subtags
        or not _LANGUAGE_SUBTAG.fullmatch(subtags[0])
        or subtags[0].lower() not in _languages()
    ):
        return "und"
    tag = [subtags.pop(0).lower()]
    if subtags and _SCRIPT_SUBTAG.fullmatch(subtags[0]):
        tag.append(subtags.pop(0).title())
    if subtags and _REGION_SUBTAG.fullmatch(subtags[0]):
        tag.append(subtags.pop(0).upper())
    # A variant at most once (a repeated one makes the tag invalid).
    while (
        subtags
        and _VARIANT_SUBTAG.fullmatch(subtags[0])
        and subtags[0].lower() not in tag
    ):
        tag.append(subtags.pop(0).lower())
    return "-".join(tag)


def locale_or_english(name):
    return parse_locale(name) or Locale("en")


@functools.lru_cache(maxsize=64)
def text_direction(lang):
    """Right to left ("rtl") or left to right ("ltr"), from the locale data."""
    return locale_or_english(lang).text_direction


@functools.lru_cache(maxsize=64)
def language_name(lang):
    """A language named in itself ("اردو", "Deutsch"); the code when Babel
    does not know it."""
    locale = parse_locale(lang)
    return locale.display_name if locale else str(lang)


@functools.lru_cache(maxsize=256)
def month_name(month, locale_name):
    """A month's name as a heading says it ("March", "مارچ", "März")."""
    months = locale_or_english(locale_name).months
    return months["stand-alone"]["wide"][month]


@functools.lru_cache(maxsize=64)
def plural_samples(lang):
    """One number for each CLDR plural category of the locale, as
    {"one": 1, "other": 0, ...}: the script picks a count's label by the
    category ``Intl.PluralRules`` gives it (Arabic has six)."""
    locale = locale_or_english(lang)
    samples = {}
    for number in (*range(1001), 10**6):
        samples.setdefault(locale.plural_form(number), number)
    return samples


def exact_number(number, locale_name):
    """*number* in full, as the locale writes it ("1,234"; "1.234" in German)."""
    locale = locale_or_english(locale_name)
    text = format_decimal(number, locale=locale, numbering_system="default")
    return text.translate(_digits(locale))


def compact_number(number, locale_name):
    """*number* shortened as the locale does ("1.2K"); below a thousand no
    CLDR locale shortens (tested over all of Babel's): its exact text."""
    if -1000 < number < 1000:
        return exact_number(number, locale_name)
    locale = locale_or_english(locale_name)
    text = format_compact_decimal(
        number, locale=locale, fraction_digits=1, numbering_system="default"
    )
    return text.translate(_digits(locale))


def digits(value, locale_name):
    """*value*'s text with its digits in the locale's own ("2024" is "۲۰۲۴"
    in Persian): no grouping, for a year or the like."""
    return str(value).translate(_digits(locale_or_english(locale_name)))


def _remembered(format_text):
    """``format_text(value, *group)`` remembered for one build (the filters
    are made anew with each build's environment, --autoreload too). A count
    or date shows on its article, its card and in the archive, pages apart,
    and Babel is slow enough per call for that to show; a dictionary per
    group (locale, date format) costs half what an lru_cache entry does."""
    texts = {}

    def remembered(value, *group):
        by_value = texts.get(group)
        if by_value is None:
            by_value = texts[group] = {}
        text = by_value.get(value)
        if text is None:
            text = by_value[value] = format_text(value, *group)
        return text

    return remembered


class Catalogues:
    """The theme's gettext catalogue for each locale, loaded once. With
    ``I18N_GETTEXT_LOCALEDIR`` (i18n_subsites' setting), the site's own
    catalogue comes first: its wording wins, ours fills the gaps."""

    def __init__(self, translations_dir, settings):
        self.directory = str(translations_dir)
        self.site_directory = settings.get("I18N_GETTEXT_LOCALEDIR")
        self.site_domain = settings.get("I18N_GETTEXT_DOMAIN", CATALOGUE_DOMAIN)
        pattern = f"*/LC_MESSAGES/{CATALOGUE_DOMAIN}.mo"
        self.available = {
            path.parent.parent.name for path in Path(self.directory).glob(pattern)
        }
        self._loaded = {}

    def get(self, name):
        if name not in self._loaded:
            self._loaded[name] = self._load(name)
        return self._loaded[name]

    def _load(self, name):
        locale = parse_locale(name)
        if locale is None:
            return NullTranslations()
        # The most specific catalogue there is (pt_BR, then pt), else another
        # of the same language (pt_BR for pt) rather than none.
        candidates = [str(locale)]
        if locale.script:
            candidates.append(f"{locale.language}_{locale.script}")
        candidates.append(locale.language)
        candidates += sorted(
            name for name in self.available if name.partition("_")[0] == locale.language
        )
        ours = Translations.load(self.directory, candidates, CATALOGUE_DOMAIN)
        if self.site_directory:
            site = Translations.load(self.site_directory, candidates, self.site_domain)
            if isinstance(site, Translations):  # the site has this language
                site.add_fallback(ours)
                return site
        return ours


# strftime directives and the CLDR pattern fields that say the same thing in
# any locale ("%b" is "MMM": "Mar", "مارچ", "3月").
_CLDR_FIELDS = {
    "a": "EEE",
    "A": "EEEE",
    "b": "MMM",
    "B": "MMMM",
    "d": "dd",
    "-d": "d",
    "m": "MM",
    "-m": "M",
    "y": "yy",
    "Y": "yyyy",
    "H": "HH",
    "-H": "H",
    "I": "hh",
    "-I": "h",
    "M": "mm",
    "S": "ss",
    "p": "a",
}
_DIRECTIVE = re.compile(r"%(-?[a-zA-Z%])")


@functools.lru_cache(maxsize=64)
def cldr_fields(strftime_format):
    """A strftime format as (literal text, CLDR field) pairs, or None when it
    uses a directive without a CLDR equal. Fields are formatted one by one:
    two fields side by side ("%a%a") would be one field in a CLDR pattern."""
    fields = []
    position = 0
    for match in _DIRECTIVE.finditer(strftime_format):
        literal = strftime_format[position : match.start()]
        position = match.end()
        code = match.group(1)
        if code == "%":
            fields.append((literal + "%", None))
        elif code in _CLDR_FIELDS:
            fields.append((literal, _CLDR_FIELDS[code]))
        else:
            return None
    fields.append((strftime_format[position:], None))
    return tuple(fields)


class DateFormat:
    """The theme's dates: a language in ``DATE_FORMATS`` keeps the site's
    format as Pelican writes it; any other gets ``DEFAULT_DATE_FORMAT`` in
    its own month names, day periods and digits."""

    def __init__(self, settings):
        self.site_formats = settings.get("DATE_FORMATS") or {}
        # Pelican's own default, for settings that did not come through it.
        self.default_format = settings.get("DEFAULT_DATE_FORMAT", "%a %d %B %Y")
        self._babel_date = _remembered(babel_date)

    def resolve(self, lang, locale_name):
        """(strftime format, Babel locale or None for Python's strftime)."""
        site_format = self.site_formats.get(lang)
        if isinstance(site_format, tuple | list):  # (C locale, format)
            # Babel's data instead of switching the process's C locale.
            locale_name, site_format = site_format[0].split(".")[0], site_format[1]
        elif site_format is not None:
            return site_format, None
        date_format = self.default_format if site_format is None else site_format
        locale = parse_locale(locale_name)
        if cldr_fields(date_format) is None:
            locale = None
        return date_format, locale

    def __call__(self, value, lang, locale_name):
        date_format, locale = self.resolve(lang, locale_name)
        if locale is None:
            return strftime(value, date_format)
        # Keyed by the wall-clock time: aware datetimes of one instant in two
        # zones are equal, and would share a remembered text.
        return self._babel_date(value.replace(tzinfo=None), date_format, locale)

    def for_script(self, lang, locale_name):
        """What the comment script needs to write a date as the build does:
        the format, and (with Babel) the names and digits of the locale."""
        date_format, locale = self.resolve(lang, locale_name)
        if locale is None:
            return {"format": date_format}
        return {"format": date_format, **_names_for_script(date_format, locale)}


def babel_date(value, date_format, locale):
    """*value* in a strftime format whose every directive has a CLDR field,
    in the locale's names and digits."""
    text = "".join(
        literal + (format_datetime(value, field, locale=locale) if field else "")
        for literal, field in cldr_fields(date_format)
    )
    return text.translate(_digits(locale))


@functools.lru_cache(maxsize=64)
def _names_for_script(date_format, locale):
    """Month and day names in their in-date form, day periods and digits,
    by Babel itself, so the script's dates equal the build's."""

    def names(pattern, dates):
        return [format_datetime(date, pattern, locale=locale) for date in dates]

    months = [datetime(2001, month, 15, 12) for month in range(1, 13)]
    # Sunday first, as JavaScript's getDay() counts.
    weekdays = [datetime(2001, 1, 7 + day, 12) for day in range(7)]
    fields = {
        "b": lambda: names("MMM", months),
        "B": lambda: names("MMMM", months),
        "a": lambda: names("EEE", weekdays),
        "A": lambda: names("EEEE", weekdays),
        "p": lambda: names("a", [datetime(2001, 1, 1, 9), datetime(2001, 1, 1, 15)]),
    }
    used = {code[-1] for code in _DIRECTIVE.findall(date_format)}
    data = {key: make() for key, make in fields.items() if key in used}
    digits = "0123456789".translate(_digits(locale))
    if digits != "0123456789":
        data["digits"] = digits
    return data


# Babel formats in Western digits; a locale whose numbering system is another
# (ar_EG, fa, bn, mr...) gets its own. Unicode names the ten digits of each
# numbering system CLDR gives a locale by default (all of Babel 2.19's).
#
# Which digits a page uses: its locale's default numbering system in CLDR
# (Babel's Locale.default_numbering_system), for every number and date the
# theme writes: counts, reading time, dates, years, page numbers, and the
# numbers the scripts write (they get the system's name from the page,
# numbering_system). So Persian (fa) and Urdu in India (ur_IN) write
# "۰۱۲۳۴۵۶۷۸۹" (arabext), Egyptian and Saudi Arabic (ar_EG, ar_SA) and
# Sorani (ckb) "٠١٢٣٤٥٦٧٨٩" (arab); Arabic (ar), Urdu (ur) and Hebrew (he)
# are "latn" in CLDR, so 0-9. Text an author wrote keeps the digits typed.
_NUMBERING_SYSTEM_ZEROS = {
    "adlm": "ADLAM DIGIT ZERO",
    "arab": "ARABIC-INDIC DIGIT ZERO",
    "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",
    "beng": "BENGALI DIGIT ZERO",
    "cakm": "CHAKMA DIGIT ZERO",
    "deva": "DEVANAGARI DIGIT ZERO",
    "hmnp": "NYIAKENG PUACHUE HMONG DIGIT ZERO",
    "mtei": "MEETEI MAYEK DIGIT ZERO",
    "mymr": "MYANMAR DIGIT ZERO",
    "nkoo": "NKO DIGIT ZERO",
    "olck": "OL CHIKI DIGIT ZERO",
    "tibt": "TIBETAN DIGIT ZERO",
}


@functools.lru_cache(maxsize=64)
def numbering_system(locale):
    """The CLDR numbering system whose digits the theme writes for *locale*:
    its default one, or "latn" (0-9) for one without a table here."""
    system = locale.default_numbering_system
    return system if system in _NUMBERING_SYSTEM_ZEROS else "latn"


@functools.lru_cache(maxsize=64)
def _digits(locale):
    """A str.translate table from 0-9 to the locale's own digits."""
    zero_name = _NUMBERING_SYSTEM_ZEROS.get(numbering_system(locale))
    if zero_name is None:
        return {}
    zero = ord(unicodedata.lookup(zero_name))
    return {ord("0") + n: chr(zero + n) for n in range(10)}
