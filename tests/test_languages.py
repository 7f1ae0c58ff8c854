"""Languages: right-to-left layout, the theme in each page's language,
dates and numbers from the locale data, reading time by script."""

import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale, localedata
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal
from conftest import (
    REPO,
    axe_violations,
    open_page,
    reach_comments,
    small_site_settings,
    validate,
)
from harness import IssoServer, StaticServer
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft.bylines import _WORD, count_words, reading_minutes
from pelican_fukatsoft.languages import (
    DateFormat,
    cldr_fields,
    compact_number,
    digits,
    exact_number,
    first_strong_direction,
    isolated,
    language_tag,
    numbering_system,
    parse_locale,
    text_direction,
)

TRANSLATIONS = REPO / "theme" / "translations"
# Every catalogue there is: a new language's folder is tested as it lands.
SHIPPED = sorted(
    po.parent.parent.name for po in TRANSLATIONS.glob("*/LC_MESSAGES/*.po")
)
URDU = "blog/urdu-on-our-blog/ur/"
URDU_URI = f"/{URDU}"
ENGLISH = "blog/urdu-on-our-blog/"
MULTILINGUAL = REPO / "tests" / "sites" / "multilingual"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def template_strings():
    """Every string the templates translate, as `make messages` finds them."""
    found = extract_from_dir(
        str(REPO),
        method_map=[("theme/templates/**.html", "jinja2")],
        options_map={"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"tr": None, "ntr": (1, 2)},
    )
    return {message for _file, _line, message, _comments, _context in found}


def catalogue(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


def untranslated_fragments(lang):
    """The theme's English words that *lang* says otherwise, without their
    placeholders ("Name (optional)" is German too)."""
    translations = catalogue(lang)
    fragments = set()
    for message in template_strings():
        ids = message if isinstance(message, tuple) else (message,)
        said = translations.get(message).string
        said = " ".join(said) if isinstance(said, tuple) else said
        for text in ids:
            for part in PLACEHOLDER.split(text)[::2]:
                words = part.strip(" .:,()…")
                if len(words) >= 3 and words not in said:
                    fragments.add(words)
    return fragments


# Catalogues


def test_the_template_of_catalogues_is_current():
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        listed = {message.id for message in read_po(pot) if message.id}
    assert listed == template_strings()


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_template_string_is_translated(lang):
    translations = catalogue(lang)
    for message_id in template_strings():
        message = translations.get(message_id)
        assert message is not None, f"{lang}: no entry for {message_id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message_id!r}"
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        forms = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        assert len(forms) == (translations.num_plurals if len(ids) > 1 else 1)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for form in forms:
            assert form.strip(), f"{lang}: empty translation of {message_id!r}"
            used = set(PLACEHOLDER.findall(form))
            # A name the page does not pass would fail the build; one left
            # out loses information (a plural form may say "one" for num).
            assert used <= wanted, f"{lang}: {form!r} uses {used - wanted}"
            assert wanted - {"num"} <= used, f"{lang}: {form!r} lacks {wanted}"
    assert list(translations.check()) == []


def test_the_languages_flex_ships_and_more_have_catalogues():
    flex = {"cs", "et", "fa", "fi", "hu", "id", "it", "nl", "pl", "pt_PT", "ro", "ru"}
    assert {"ur", "ar", "de", "fr", "es", "pt_BR", "zh", "ja", "tr"} < set(SHIPPED)
    assert flex | {"he", "ko", "hi", "uk"} < set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_forms_are_the_locales(lang):
    """Each catalogue has the plural forms Babel's CLDR rules give its
    locale (Czech three, Hebrew three, Arabic six), in the order of the
    plural expression `pybabel init` writes."""
    translations = catalogue(lang)
    expected = get_plural(lang)
    assert translations.num_plurals == expected.num_plurals
    assert translations.plural_expr == expected.plural_expr


@pytest.mark.parametrize("lang", SHIPPED)
def test_compiled_catalogues_are_current(lang):
    """The .mo files the wheel ships are the .po files compiled (`make messages`)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang))
    shipped = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    assert shipped.read_bytes() == compiled.getvalue()


def test_make_messages_changes_nothing_once_current(tmp_path):
    """`make messages` on the shipped catalogues leaves every file as it is:
    they are current, and a run stamps no new date into them."""
    for part in ("Makefile", "babel.cfg", "theme/templates", "theme/translations"):
        source, copy = REPO / part, tmp_path / part
        if source.is_dir():
            shutil.copytree(source, copy)
        else:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, copy)
    # The suite's own pybabel; -o: the copy has no venv to install.
    subprocess.run(
        [
            "make",
            "-s",
            "-o",
            ".venv/.dev-installed",
            "messages",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for made in sorted((tmp_path / "theme" / "translations").rglob("*")):
        if made.is_file():
            shipped = REPO / made.relative_to(tmp_path)
            assert made.read_bytes() == shipped.read_bytes(), shipped


# Locale data


@pytest.mark.parametrize(
    ("lang", "direction"),
    [
        *(
            (lang, "rtl")
            for lang in [
                "ur",
                "ar",
                "fa",
                "he",
                "ps",
                "sd",
                "ug",
                "yi",
                "ckb",
                "dv",
                "ar-EG",
            ]
        ),
        *(
            (lang, "ltr")
            for lang in ["en", "de", "pt-BR", "zh", "ja", "tr", "xx-unknown"]
        ),
    ],
)
def test_direction_comes_from_the_locale_data(lang, direction):
    assert text_direction(lang) == direction


SUPPORTED_DIRECTIVES = ["%a", "%A", "%b", "%B", "%d", "%-d", "%m", "%-m", "%y"]
SUPPORTED_DIRECTIVES += ["%Y", "%H", "%-H", "%I", "%-I", "%M", "%S", "%p", "%%"]
LITERAL_TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="%"),
    max_size=4,
)


def test_compact_counts_below_a_thousand_are_the_exact_text():
    """The compact filter skips Babel's compact format below 1,000: true of
    every locale Babel has, and 1,000 itself is shortened."""
    for name in localedata.locale_identifiers():
        locale = Locale.parse(name)
        for number in (0, 7, 45, 999, -999):
            compact = format_compact_decimal(
                number, locale=locale, fraction_digits=1, numbering_system="default"
            )
            assert compact == format_decimal(
                number, locale=locale, numbering_system="default"
            ), name
    assert compact_number(1000, "en") == "1K"
    assert compact_number(999, "ur") == "999"


@given(
    parts=st.lists(st.tuples(LITERAL_TEXT, st.sampled_from(SUPPORTED_DIRECTIVES))),
    tail=LITERAL_TEXT,
    when=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)
def test_english_dates_are_the_same_as_strftime(parts, tail, when):
    """Babel writes any DEFAULT_DATE_FORMAT exactly as Python's strftime
    does in English, quotes and letters in the literal text included."""
    date_format = "".join(text + directive for text, directive in parts) + tail
    assert cldr_fields(date_format) is not None
    dates = DateFormat({"DEFAULT_DATE_FORMAT": date_format})
    assert dates(when, "en", "en") == when.strftime(date_format)


def test_dates_in_the_pages_language_unless_the_site_set_a_format():
    when = datetime(2025, 3, 10, 15, 4, tzinfo=ZoneInfo("Asia/Karachi"))
    dates = DateFormat(
        {"DEFAULT_DATE_FORMAT": "%b %d %Y %I:%M %p", "DATE_FORMATS": {"de": "%d.%m.%Y"}}
    )
    assert dates(when, "en", "en") == "Mar 10 2025 03:04 PM"
    assert dates(when, "ur", "ur") == "مارچ 10 2025 03:04 PM"
    assert dates(when, "de", "de") == "10.03.2025"
    assert dates(when, "fr", "fr") == "mars 10 2025 03:04 PM"
    # Eastern Arabic digits only where the locale's numbers use them.
    assert dates(when, "ar", "ar") == "مارس 10 2025 03:04 م"
    assert dates(when, "ar", "ar_EG") == "مارس ١٠ ٢٠٢٥ ٠٣:٠٤ م"
    # A directive without a CLDR equal: Python's strftime, as Pelican.
    assert DateFormat({"DEFAULT_DATE_FORMAT": "%j"})(when, "ur", "ur") == "069"


# One digit system per page

# The numbering system each locale's pages use (languages.py): CLDR's default
# for the locale, as Babel has it. Babel's format_decimal and format_datetime
# write 0-9 whatever the locale; the plugin writes the system's own digits.
NUMBERING = {
    "en": ("latn", "0123456789"),
    "fa": ("arabext", "۰۱۲۳۴۵۶۷۸۹"),
    "ur_IN": ("arabext", "۰۱۲۳۴۵۶۷۸۹"),
    "ps": ("arabext", "۰۱۲۳۴۵۶۷۸۹"),
    "ar_EG": ("arab", "٠١٢٣٤٥٦٧٨٩"),
    "ckb": ("arab", "٠١٢٣٤٥٦٧٨٩"),
    "ar": ("latn", "0123456789"),
    "ur": ("latn", "0123456789"),
    "he": ("latn", "0123456789"),
    "bn": ("beng", "০১২৩৪৫৬৭৮৯"),
}


@pytest.mark.parametrize(("lang", "expected"), sorted(NUMBERING.items()))
def test_each_locale_has_one_numbering_system(lang, expected):
    locale = parse_locale(lang)
    assert (numbering_system(locale), digits("0123456789", lang)) == expected


def digit_systems(text):
    """The zero digit of each numbering system *text* writes in."""
    return {
        chr(ord(c) - unicodedata.digit(c))
        for c in text
        if unicodedata.decimal(c, None) is not None
    }


LOCALES = sorted(localedata.locale_identifiers())


@given(
    lang=st.sampled_from(LOCALES),
    number=st.integers(min_value=0, max_value=10**12),
    when=st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 1, 1)),
)
def test_property_numbers_and_dates_of_a_locale_share_its_digits(lang, number, when):
    """Whatever the locale, a count, its short form, a year and a date are
    written in the one system numbering_system names (the scripts take
    that name too), never 0-9 beside the locale's own digits."""
    zero = digits("0", lang)
    dates = DateFormat({"DEFAULT_DATE_FORMAT": "%a %d %B %Y %H:%M %p"})
    for text in (
        exact_number(number, lang),
        compact_number(number, lang),
        digits(when.year, lang),
        dates(when, lang, lang),
    ):
        assert digit_systems(text) <= {zero}, (lang, text)
    assert digit_systems(digits(number, lang)) == {zero}


@given(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=20),
    st.sampled_from(["ltr", "rtl"]),
)
def test_property_theme_strings_are_isolated_only_when_they_turn(text, direction):
    """A theme string is wrapped in an isolate exactly when its first strong
    letter reads the other way than the page; the text itself is kept."""
    shown = isolated(text, direction)
    own = first_strong_direction(re.sub(r"%\(\w+\)s", "", text))
    if own in (None, direction):
        assert shown == text
    else:
        assert shown == {"ltr": "\u2066", "rtl": "\u2067"}[own] + text + "\u2069"


# Text nodes of the page chrome (outside .post-content) with Latin letters,
# or with digits outside the site's own words, as Chromium lays them out.
CHROME_TEXT = """() => {
  const BLOCK = new Set(["P", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "DIV",
    "SECTION", "ARTICLE", "HEADER", "FOOTER", "NAV", "MAIN", "ASIDE", "UL", "OL",
    "BODY", "FORM", "FIELDSET", "TABLE", "TD", "TH", "DD", "DT", "DL", "FIGURE",
    "FIGCAPTION", "BLOCKQUOTE", "LABEL"]);
  // Isolated: an ancestor up to the nearest block (that block included) has
  // its own dir, or is a <bdi>.
  const root = document.documentElement;
  const isolated = (node) => {
    for (let e = node.parentElement; e && e !== root; e = e.parentElement) {
      if (e.tagName === "BDI" || e.hasAttribute("dir")) return true;
      if (BLOCK.has(e.tagName)) return false;
    }
    return false;
  };
  const unisolated = [], digits = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (parent.closest(".post-content, script, style, noscript, template, svg")) {
      continue;
    }
    const text = n.textContent;
    // Theme strings in isolates (U+2066-2069) are isolated in the text.
    const bare = text.replace(/[\u2066-\u2068][^\u2069]*\u2069/gu, "");
    if (/\\p{Script=Latin}/u.test(bare) && !isolated(n)) {
      unisolated.push(`${parent.tagName}.${parent.className}: ${text.trim()}`);
    }
    // The site's own words (titles, names) keep the digits they were typed
    // in; an item in another language (a card) writes that language's.
    if (parent.closest("bdi, [dir=auto]")) continue;
    if (parent.closest("[lang]").lang !== root.lang) continue;
    digits.push(...(text.match(/\\p{Nd}/gu) || []));
  }
  return { unisolated, digits: digits.join("") };
}"""

LATIN_SITE_PAGES = [
    "part-2.html",
    "index.html",
    "index2.html",
    "archives.html",
    "2024/02/",
    "tags.html",
    "tag/python.html",
    "categories.html",
    "category/engineering.html",
    "authors.html",
    "author/sana-malik.html",
]


@pytest.fixture(scope="module")
def latin_names_on_persian_site(tmp_path_factory):
    """A Persian site (DEFAULT_LANG 'fa') whose author, tags, category,
    titles, series, name, subtitle, LINKS and SOCIAL are in Latin script,
    with the plugins whose lists the theme shows; served on loopback."""
    from harness import run_pelican

    folder = tmp_path_factory.mktemp("latin-on-fa")
    content = folder / "content"
    content.mkdir()
    for n in (1, 2, 3):
        (content / f"part-{n}.md").write_text(
            f"Title: Static Sites Part {n}\nSlug: part-{n}\n"
            f"Date: 2024-0{n}-1{n} 10:30\nAuthor: Sana Malik\n"
            "Category: Engineering\nTags: Python, Jinja Templates\n"
            "Series: Building With Pelican\nSummary: یک خلاصه.\n\n"
            + "این یک نوشته است. " * 200
            + "\n",
            encoding="utf-8",
        )
    settings = small_site_settings(
        folder,
        SITENAME="Acme Engineering Blog",
        SITESUBTITLE="Notes from the build floor",
        DEFAULT_LANG="fa",
        DEFAULT_PAGINATION=2,
        LINKS=[("Pelican", "https://getpelican.com/")],
        SOCIAL=[("GitHub", "https://github.com/acme"), ("Write to us", "#")],
        PLUGINS=[
            "pelican_fukatsoft",
            "pelican.plugins.series",
            "pelican.plugins.neighbors",
            "pelican.plugins.related_posts",
            "pelican.plugins.tag_cloud",
        ],
        FUKATSOFT_ISSO_URL="http://127.0.0.1:9",
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        YEAR_ARCHIVE_URL="{date:%Y}/",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
        MONTH_ARCHIVE_URL="{date:%Y}/{date:%m}/",
    )
    output = run_pelican(settings, folder / "output", CACHE_PATH=str(folder / "cache"))
    server = StaticServer(output)
    yield server.origin
    server.stop()


@pytest.mark.browser
def test_latin_names_are_isolated_and_digits_persian_on_a_persian_site(
    browser, latin_names_on_persian_site
):
    """Issue 26: on a right-to-left page every piece of Latin text is
    isolated (<bdi>, dir), and every number and date the theme writes
    (counts, reading time, dates, years, page numbers, series parts) is in
    the one digit system of the locale: Persian's (arabext)."""
    page = browser.new_page()
    for path in LATIN_SITE_PAGES:
        page.goto(f"{latin_names_on_persian_site}/{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        found = page.evaluate(CHROME_TEXT)
        assert found["unisolated"] == [], path
        assert found["digits"], path
        assert digit_systems(found["digits"]) == {"۰"}, (path, found["digits"])
    page.close()


@pytest.mark.browser
def test_live_counts_keep_the_pages_digits(browser, tmp_path):
    """Pashto: the build writes Persian digits (CLDR's arabext) where Chromium's Intl
    would write 0-9; a count the script updates keeps the build's digits,
    and the theme's English (no Pashto catalogue) is isolated."""
    isso, output, port = example_beside_isso(tmp_path, DEFAULT_LANG="ps")
    uri = "/blog/afghanistan-crisis-us-pakistan-relations/"
    script = (output / "index.html").read_text(encoding="utf-8")
    assert 'data-numbering="arabext"' in script
    for n in range(3):
        assert isso.post(uri, text=f"Comment {n}.")[0] == 201
    server = StaticServer(output, port)
    try:
        page, problems = open_page(browser, server.origin, uri[1:], allowed=(isso.url,))
        value = page.locator(".post-header .count-comments .count-value")
        page.wait_for_function(
            "(e) => e.textContent === '۳'", arg=value.element_handle()
        )
        label = page.locator(".post-header .count-comments .visually-hidden")
        assert label.inner_text() == "\u2066۳ comments\u2069"
        found = page.evaluate(CHROME_TEXT)
        # The example's English titles, names and words are its own.
        assert digit_systems(found["digits"]) == {"۰"}
        assert problems == []
        page.close()
    finally:
        server.stop()
        isso.stop()


# Reading time

CHINESE_CHARACTERS = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))
LATIN_WORDS = st.lists(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True))


@given(words=LATIN_WORDS, characters=CHINESE_CHARACTERS)
def test_reading_time_counts_words_and_characters_apart(words, characters):
    minutes = reading_minutes(f"<p>{' '.join(words)}</p><p>{characters}</p>", 200, 255)
    expected = len(words) / 200 + len(characters) / 255
    assert minutes == (max(1, round(expected)))


@given(st.text(st.characters(max_codepoint=0x7F)), st.text())
def test_words_are_counted_alike_in_ascii_and_in_any_text(ascii_text, any_text):
    """The split that counts plain ASCII text gives what the regex does."""
    for text in (ascii_text, any_text):
        assert count_words(text) == len(_WORD.findall(text))


def test_a_chinese_article_is_timed_by_its_characters():
    # 5,000 characters are one "word" to a word count: "8 min read" before.
    assert reading_minutes("<p>" + "读书" * 2500 + "</p>", 200, 255) == 20
    assert reading_minutes("<p>" + "よむ" * 2500 + "</p>", 200, 357) == 14


# Built pages


# What the site's authors wrote, not the theme: content, titles, names,
# the site's own menu labels, code, featured images' text alternatives.
AUTHORED = (
    ".post-content, .post-title, .card-title, .card-summary, .latest-list a, "
    ".hero, .card-media, "
    ".comment-text, .comment-author, [rel=author], [rel=tag], .post-category, "
    "title, nav.site-nav, .brand-subtitle, .site-links li, pre, code, script, style"
)


def theme_words_left(soup, lang):
    """English theme strings in the parts of *soup* in *lang*: text and
    the attributes people hear, template contents included."""
    for foreign in soup.select(f'[lang]:not([lang="{lang}"])'):
        foreign.decompose()
    for authored in soup.select(AUTHORED):
        authored.decompose()
    said = [soup.get_text(" ")]
    for element in soup.find_all(True):
        said += [element.get(name, "") for name in ("aria-label", "title", "alt")]
    return english_in(" ".join(said), lang)


def english_in(text, lang):
    return sorted(
        words
        for words in untranslated_fragments(lang)
        if re.search(rf"\b{re.escape(words)}\b", text)
    )


def test_example_urdu_article_is_urdu_throughout(example_site):
    page = example_site.html(f"{URDU}index.html")
    assert (page.html["lang"], page.html["dir"]) == ("ur", "rtl")
    assert page.select_one("#latest-heading").get_text() == "تازہ ترین بلاگز"
    assert page.select_one(".post-header time").get_text() == "مارچ 06 2025 10:30 AM"
    assert page.select_one(".byline-reading").get_text(strip=True) == "1 منٹ کا مطالعہ"
    english = page.select_one('.translations a[hreflang="en"]')
    assert (english.get_text(), english["lang"], english["dir"]) == (
        "English",
        "en",
        "ltr",
    )
    assert theme_words_left(page, "ur") == []
    # The English page says so in English, and names Urdu in Urdu.
    translation = example_site.html(f"{ENGLISH}index.html")
    assert (translation.html["lang"], translation.html["dir"]) == ("en", "ltr")
    urdu = translation.select_one('.translations a[hreflang="ur"]')
    assert (urdu.get_text(), urdu["dir"]) == ("اردو", "rtl")


def test_example_english_article_keeps_its_date_and_words(example_site):
    page = example_site.html("blog/afghanistan-crisis-us-pakistan-relations/index.html")
    assert page.select_one(".post-header time").get_text() == "Mar 10 2025 03:04 PM"
    assert page.select_one("#latest-heading").get_text() == "Latest Blogs"
    # The Urdu article in the English sidebar keeps its own language.
    item = page.select_one(f'.latest-list a[href="/{URDU}"]')
    assert item is None or item.find_parent("li")["dir"] == "rtl"


def test_an_rtl_card_on_an_ltr_index(example_site):
    index = example_site.html("index.html")
    assert (index.html["lang"], index.html["dir"]) == ("en", "ltr")
    card = index.select_one(f'.card:has(a[href="/{URDU}"])')
    assert (card["lang"], card["dir"]) == ("ur", "rtl")
    assert card.select_one(".card-title").get_text() == "ہمارا بلاگ اب اردو میں بھی"
    # The English cards inherit the page's language and direction.
    others = [c for c in index.select(".card") if c is not card]
    assert others
    assert not any(c.has_attr("lang") or c.has_attr("dir") for c in others)


def test_a_german_site_speaks_german(build):
    site = build(DEFAULT_LANG="de", FUKATSOFT_ISSO_URL="http://127.0.0.1:9")
    page = site.html("blog/afghanistan-crisis-us-pakistan-relations/index.html")
    assert page.html["lang"] == "de"
    assert page.select_one("#latest-heading").get_text() == "Neueste Beiträge"
    assert page.select_one("#comment-form-heading").get_text() == (
        "Schreiben Sie einen Kommentar"
    )
    assert page.select_one(".post-header time").get_text() == "März 10 2025 03:04 PM"
    assert theme_words_left(page, "de") == []
    index = site.html("index.html")
    assert index.select_one("h1").get_text() == "Neueste Beiträge"
    assert theme_words_left(index, "de") == []


@pytest.mark.parametrize(
    ("lang", "direction", "heading"),
    [
        ("cs", "ltr", "Nejnovější články"),
        ("fa", "rtl", "تازه‌ترین نوشته‌ها"),
        ("he", "rtl", "המאמרים האחרונים"),
    ],
)
def test_czech_persian_and_hebrew_sites_get_their_own_words(
    build, lang, direction, heading
):
    """Sites of the issue's users read English before their catalogues."""
    site = build(DEFAULT_LANG=lang, FUKATSOFT_ISSO_URL="http://127.0.0.1:9")
    article = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
    for path, heading_selector in (("index.html", "h1"), (article, "#latest-heading")):
        page = site.html(path)
        assert (page.html["lang"], page.html["dir"]) == (lang, direction)
        assert page.select_one(heading_selector).get_text() == heading
        assert theme_words_left(page, lang) == []


def test_one_locale_for_the_whole_site(build):
    site = build(FUKATSOFT_LOCALE="de")
    page = site.html(f"{URDU}index.html")
    # German words on an Urdu page: isolated, left to right.
    assert (
        page.select_one("#latest-heading").get_text() == "\u2066Neueste Beiträge\u2069"
    )
    # The Urdu text still reads right to left.
    assert page.html["dir"] == "rtl"


def test_a_chinese_article_reads_in_minutes_of_characters(build, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "chinese.md").write_text(
        "Title: 中文文章\nSlug: chinese\nDate: 2025-01-01\nLang: zh\n\n"
        + "读书使人进步。" * 715
        + "\n",
        encoding="utf-8",
    )
    settings = small_site_settings(tmp_path, DEFAULT_LANG="zh")
    page = build(settings_file=settings).html("chinese.html")
    # 5,005 characters (the full stops are punctuation, not read as text).
    assert page.select_one(".byline-reading").get_text(strip=True) == "阅读需 17 分钟"


def test_i18n_subsites_get_their_strings_and_a_switcher(build):
    site = build(settings_file=MULTILINGUAL / "pelicanconf.py")
    # Pelican's reST reader has no Urdu labels; nothing else is said.
    assert [m for m in site.messages() if "Docutils" not in m] == []
    expected = {
        "": ("en", "ltr", "Latest Blogs"),
        "de/": ("de", "ltr", "Neueste Beiträge"),
        "ur/": ("ur", "rtl", "تازہ ترین بلاگز"),
    }
    for prefix, (lang, direction, heading) in expected.items():
        index = site.html(f"{prefix}index.html")
        assert (index.html["lang"], index.html["dir"]) == (lang, direction)
        assert index.select_one("h1").get_text() == heading
        switcher = index.select_one("nav.language-switcher")
        links = {a["hreflang"]: a for a in switcher.select("a")}
        assert {k: a.get_text() for k, a in links.items()} == {
            "en": "English",
            "de": "Deutsch",
            "ur": "اردو",
        }
        assert links[lang]["aria-current"] == "true"
        assert links["ur"]["dir"] == "rtl"
        if lang != "en":
            assert theme_words_left(index, lang) == []
        article = site.html(f"{prefix}welcome.html")
        assert article.html["lang"] == lang
    assert validate(site.output).returncode == 0


# BCP 47 as Unicode writes it (unicode_language_id): what Intl takes.
WELL_FORMED_TAG = re.compile(
    r"(?:[a-z]{2,3}|[a-z]{5,8})(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2}|-[0-9]{3})?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
)


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("en_US", "en-US"),
        ("en_us", "en-US"),  # as Pelican hands DEFAULT_LANG over
        ("pt_BR", "pt-BR"),
        ("zh_Hant_TW", "zh-Hant-TW"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("sr_Latn", "sr-Latn"),
        ("es_419", "es-419"),
        ("ca_ES_VALENCIA", "ca-ES-valencia"),
        ("de_DE.UTF-8@euro", "de-DE"),  # a POSIX locale name
        ("en_US@euro", "en-US"),
        # Not Babel's to read: its leading well-formed subtags, else "und".
        ("en-US-x-private", "en-US"),
        ("de-DE-1996-1996", "de-DE-1996"),
        ("tlh", "tlh"),
        ("x_bad", "und"),
        ("", "und"),
        # No language of that name (real sites' "cn", "jp", "zhs" for
        # Chinese and Japanese): undetermined, not a tag axe refuses.
        ("cn", "und"),
        ("jp", "und"),
        ("zhs", "und"),
        ("jp_JP", "und"),
        # Never what the author did not write (Babel's Locale.parse would
        # make these "zh-Hant-TW", "he-IL" and "en-US").
        ("zh_TW", "zh-TW"),
        ("iw", "iw"),
        ("und", "und"),
    ],
)
def test_language_tags_are_bcp47(name, tag):
    assert language_tag(name) == tag


def translated_site(folder, default_lang, articles, **settings):
    """A site of one article ("hello") in *default_lang* and its
    translations: *articles* are (lang or None for the default, title,
    text). Returns its settings file."""
    content = folder / "content"
    content.mkdir()
    for lang, title, words in articles:
        header = f"Lang: {lang}\n" if lang else ""
        (content / f"{lang or default_lang}.md").write_text(
            f"Title: {title}\nSlug: hello\nDate: 2025-01-01\n{header}\n{words}\n",
            encoding="utf-8",
        )
    return small_site_settings(
        folder,
        DEFAULT_LANG=default_lang,
        ARTICLE_LANG_URL="{slug}-{lang}.html",
        ARTICLE_LANG_SAVE_AS="{slug}-{lang}.html",
        **settings,
    )


def test_a_language_no_one_has_is_undetermined_on_every_page(build, tmp_path):
    """Real sites (the real-site audit's turbidsoul and farseerfc) name
    Chinese "cn" and Japanese "jp": pages say "und", which axe takes, not
    "cn" (its html-lang-valid and valid-lang refused 28 times)."""
    site = build(
        settings_file=translated_site(
            tmp_path, "cn", [(None, "你好", "你好"), ("jp", "こんにちは", "こんにちは")]
        )
    )
    for page_file in ("index.html", "archives.html", "hello.html", "hello-jp.html"):
        page = site.html(page_file)
        assert page.html["lang"] == "und"
        assert {e["lang"] for e in page.select("[lang]")} == {"und"}
        assert {e["hreflang"] for e in page.select("[hreflang]")} <= {"und"}


@given(
    st.one_of(
        st.sampled_from(sorted(localedata.locale_identifiers())),
        st.text(max_size=30),
        st.lists(
            st.text("abcdefghijklmnopqrstuvwxyzABCZ0123456789", max_size=9),
            max_size=5,
        ).map("_".join),
    )
)
def test_property_any_name_gives_a_well_formed_tag(name):
    tag = language_tag(name)
    assert WELL_FORMED_TAG.fullmatch(tag), (name, tag)
    assert language_tag(tag) == tag
    if name in localedata.locale_identifiers():
        # Babel's own locales keep every subtag: the same locale.
        assert tag.lower() == name.replace("_", "-").lower()
        assert parse_locale(tag) == Locale.parse(name)


def test_language_tags_are_bcp47_in_every_attribute(build, tmp_path):
    """DEFAULT_LANG "en_US" and an article in "pt_BR": HTML's lang and
    hreflang, and JSON-LD, say "en-US" and "pt-BR" (Pelican's names stop
    the browser's Intl, and with it the page's scripts)."""
    articles = [
        (None, "Hello", "Hello world."),
        ("pt_BR", "Olá", "Olá mundo."),
        ("zh_Hant_TW", "你好", "你好，世界。"),
        ("sr_Latn", "Zdravo", "Zdravo svete."),
    ]
    site = build(
        settings_file=translated_site(
            tmp_path, "en_US", articles, SITEURL="https://example.org"
        )
    )
    expected = {
        "hello.html": "en-US",
        "hello-pt_BR.html": "pt-BR",
        "hello-zh_Hant_TW.html": "zh-Hant-TW",
        "hello-sr_Latn.html": "sr-Latn",
    }
    tags = set(expected.values())
    for page_file, tag in expected.items():
        page = site.html(page_file)
        assert page.html["lang"] == tag
        (data,) = page.select('script[type="application/ld+json"]')
        assert json.loads(data.string)["inLanguage"] == tag
        alternates = {link["hreflang"] for link in page.select("link[hreflang]")}
        assert alternates == tags
        links = {a["hreflang"] for a in page.select(".translations a[hreflang]")}
        assert links == tags - {tag}
    for page_file in ("index.html", "archives.html", "hello.html"):
        page = site.html(page_file)
        assert {e["lang"] for e in page.select("[lang]")} <= tags
    assert site.html("index.html").html["lang"] == "en-US"
    archive = site.html("archives.html").select(".archive-list li")
    assert len(archive) == 1
    assert not archive[0].has_attr("lang")  # the page's, inherited


# In the browser


@pytest.fixture(scope="module")
def urdu_with_comments(tmp_path_factory):
    """The example site with a comment and a reply on the Urdu article."""
    from harness import free_port, run_pelican

    folder = tmp_path_factory.mktemp("urdu")
    port = free_port()
    isso = IssoServer(folder, f"http://127.0.0.1:{port}")
    status, first = isso.post(URDU_URI, text="بہت اچھا مضمون۔", author="عائشہ")
    assert status == 201
    assert (
        isso.post(URDU_URI, text="شکریہ!", author="Sana Malik", parent=first["id"])[0]
        == 201
    )
    output = folder / "site"
    run_pelican(
        REPO / "example_site" / "pelicanconf.py",
        output,
        FUKATSOFT_ISSO_URL=isso.url,
        FUKATSOFT_ISSO_DB=str(isso.db),
        CACHE_PATH=str(folder / "cache"),
    )
    server = StaticServer(output, port)
    yield server.origin, isso
    server.stop()
    isso.stop()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def style(page, selector, name):
    return page.locator(selector).first.evaluate(f"(e) => getComputedStyle(e).{name}")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_urdu_page_mirrors_in_chromium(browser, urdu_with_comments, width):
    origin, isso = urdu_with_comments
    page, problems = open_page(browser, origin, URDU, width, allowed=(isso.url,))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert style(page, "main", "direction") == "rtl"
    # The quote's bar on the right.
    assert style(page, ".post-content blockquote", "borderRightWidth") == "4px"
    assert style(page, ".post-content blockquote", "borderLeftWidth") == "0px"
    # List markers in the right-hand margin: the items are indented from it.
    content, item = box(page, ".post-content"), box(page, ".post-content ul li")
    right_gap = content["x"] + content["width"] - (item["x"] + item["width"])
    assert right_gap > 10
    assert abs(item["x"] - content["x"]) < 1
    # Replies indented from the right, their rule on the right.
    parent, reply = (
        box(page, ".comments > ol > .comment"),
        box(page, ".comment .comment"),
    )
    assert parent["x"] + parent["width"] - (reply["x"] + reply["width"]) > 10
    assert style(page, ".comment .comment-list", "borderRightWidth") == "2px"
    # Code keeps reading left to right.
    assert style(page, ".post-content pre", "direction") == "ltr"
    code = box(page, ".post-content pre code")
    pre = box(page, ".post-content pre")
    assert code["x"] - pre["x"] < 20  # starts at the left
    # The header's brand starts on the right.
    header, brand = box(page, ".header-inner"), box(page, ".brand")
    assert header["x"] + header["width"] - (brand["x"] + brand["width"]) < 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # What a reader sees of the theme is Urdu (the form shown by the script too).
    reach_comments(page)
    seen = page.evaluate(
        "(authored) => { const body = document.body.cloneNode(true);"
        "  body.querySelectorAll('[lang]:not([lang=ur]), ' + authored)"
        "    .forEach((e) => e.remove());"
        "  document.documentElement.append(body);"  # innerText needs layout
        "  const text = body.innerText; body.remove(); return text; }",
        AUTHORED,
    )
    assert "Leave Your Comment" not in seen
    assert english_in(seen, "ur") == []
    assert axe_violations(page) == []
    assert problems == []
    page.close()


@pytest.mark.browser
def test_urdu_comment_form_speaks_urdu_and_dates_match(browser, urdu_with_comments):
    origin, isso = urdu_with_comments
    page, problems = open_page(browser, origin, URDU, allowed=(isso.url,))
    reach_comments(page)
    form = page.locator("form[data-comment-form]")
    form.wait_for()
    assert form.locator("button[type=submit]").inner_text() == "تبصرہ بھیجیں"
    form.locator("textarea[name=text]").fill("ایک نیا تبصرہ۔")
    form.locator("button[type=submit]").click()
    page.locator("[data-form-status]").filter(has_text="شائع").wait_for()
    mine = page.locator(".comments [data-comment-list] > .comment").last
    shown = mine.locator("time").inner_text()
    posted = datetime.fromisoformat(mine.locator("time").get_attribute("datetime"))
    expected = DateFormat({"DEFAULT_DATE_FORMAT": "%b %d %Y %I:%M %p"})(
        posted.astimezone(ZoneInfo("Asia/Karachi")), "ur", "ur"
    )
    assert shown == expected
    assert "مارچ" in shown or not shown.startswith(tuple("JFMASOND"))
    assert problems == []
    page.close()


@pytest.mark.browser
def test_latin_fields_and_english_items_stay_latin_on_the_urdu_page(
    browser, urdu_with_comments
):
    origin, isso = urdu_with_comments
    page, problems = open_page(browser, origin, URDU, allowed=(isso.url,))
    reach_comments(page)
    # "https://" reads as typed, not "//:https".
    for name in ("website", "email"):
        assert style(page, f"input[name={name}]", "direction") == "ltr"
    # An English article's date in "Latest Blogs": Latin fonts, not Nastaliq.
    date = '.latest-list li[lang="en"] time'
    assert page.locator(date).count() > 0
    assert style(page, date, "fontFamily").startswith("system-ui")
    assert style(page, "main h1", "fontFamily").startswith('"Noto Nastaliq Urdu"')
    assert problems == []
    page.close()


LANGUAGES_TO_COMPARE = [
    "en",
    "ur",
    "ar",
    "ar-EG",
    "fa",
    "de",
    "fr",
    "es",
    "pt-BR",
    "zh",
    "ja",
    "tr",
    "ru",
    "bn",
]


@pytest.mark.browser
def test_the_script_writes_dates_as_the_build_does(browser, example_origin):
    """The comment script's dates (``dateFormatter`` in comments.js) equal
    Babel's, in every language and zone."""
    date_format = "%a %A %b %B %d %-d %m %-m %y %Y %H %-H %I %-I %M %S %p %%"
    dates = DateFormat({"DEFAULT_DATE_FORMAT": date_format})
    page = browser.new_page()
    page.goto(f"{example_origin}/404.html")
    # Every month, weekday and both halves of the day.
    start = datetime(2025, 3, 10, 10, 4, 5, tzinfo=UTC)
    moments = [start + timedelta(days=37 * n, hours=5 * n) for n in range(12)]
    for lang in LANGUAGES_TO_COMPARE:
        for zone in ("Asia/Karachi", "America/New_York"):
            spec = dates.for_script(lang, lang)
            written = page.evaluate(
                "async ([zone, spec, times]) => {"
                "  const { dateFormatter } = await import('./theme/js/comments.js');"
                "  const format = dateFormatter({dataset: {timezone: zone,"
                "    dateFormat: spec.format, dateNames: JSON.stringify(spec)}});"
                "  return times.map((t) => format(new Date(t * 1000)));"
                "}",
                [zone, spec, [m.timestamp() for m in moments]],
            )
            built = [dates(m.astimezone(ZoneInfo(zone)), lang, lang) for m in moments]
            assert written == built, (lang, zone)
    page.close()


def example_beside_isso(tmp_path, **settings):
    """A real Isso, and the example site built with *settings* to be served
    on the port Isso's `host` names: (isso, output folder, port). The caller
    stops Isso."""
    from harness import free_port, run_pelican

    port = free_port()
    isso = IssoServer(tmp_path, f"http://127.0.0.1:{port}")
    output = run_pelican(
        REPO / "example_site" / "pelicanconf.py",
        tmp_path / "site",
        FUKATSOFT_ISSO_URL=isso.url,
        CACHE_PATH=str(tmp_path / "cache"),
        **settings,
    )
    return isso, output, port


@pytest.mark.browser
def test_live_counts_take_the_languages_plural_forms(browser, tmp_path):
    """Arabic has six plural categories: a live count of 3 reads "3 تعليقات"
    (few), not the one/other pair of English."""
    isso, output, port = example_beside_isso(tmp_path, DEFAULT_LANG="ar")
    script = (output / "index.html").read_text(encoding="utf-8")
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f"data-comments-{category}=" in script
    uri = "/blog/afghanistan-crisis-us-pakistan-relations/"
    for n in range(3):
        assert isso.post(uri, text=f"تعليق رقم {n}.")[0] == 201
    server = StaticServer(output, port)
    try:
        page, problems = open_page(browser, server.origin, "", allowed=(isso.url,))
        label = page.locator(
            f'.card:has(a[href="{uri}"]) .count-comments .visually-hidden'
        )
        page.wait_for_function(
            "(e) => e.textContent.startsWith('3 ')", arg=label.element_handle()
        )
        assert label.inner_text() == "3 تعليقات"
        assert problems == []
        page.close()
    finally:
        server.stop()
        isso.stop()


@pytest.mark.browser
def test_a_lang_the_browser_refuses_stops_no_script(browser, tmp_path):
    """DEFAULT_LANG "en_US": the pages say "en-US", and the comment form,
    the live counts and search work. With a lang Intl refuses forced into
    the pages (what older builds wrote, or a hand edit), they still do."""
    isso, output, port = example_beside_isso(tmp_path, DEFAULT_LANG="en_US")
    article = "blog/afghanistan-crisis-us-pakistan-relations/"
    assert isso.post(f"/{article}", text="Posted after the build.")[0] == 201
    server = StaticServer(output, port)
    pages = [output / article / "index.html", output / "search.html"]
    html_lang = re.compile(r'(<html [^>]*\blang=")([^"]*)"')
    try:
        for lang in ("en-US", "en_us", "x_bad", "en-US-u-nu-bogus-"):
            for page_file in pages:
                html = page_file.read_text(encoding="utf-8")
                if lang == "en-US":  # as built
                    assert html_lang.search(html)[2] == "en-US"
                start, end = html_lang.search(html).span(2)
                page_file.write_text(html[:start] + lang + html[end:], encoding="utf-8")
            page, problems = open_page(
                browser, server.origin, article, allowed=(isso.url,)
            )
            refused = page.evaluate(
                "(lang) => { try { new Intl.NumberFormat(lang); return false; }"
                " catch { return true; } }",
                lang,
            )
            assert refused == (lang != "en-US"), lang
            reach_comments(page)
            assert page.locator("form[data-comment-form]").is_visible()
            # The comment posted since the build: shown, and counted live.
            page.locator(".comments .comment").first.wait_for()
            page.wait_for_function(
                "document.querySelector('.post-header .count-comments .count-value')"
                ".textContent === '1'"
            )
            assert problems == [], lang
            page.close()

            page, problems = open_page(browser, server.origin, "search.html?q=Bokhari")
            page.locator(".search-result").first.wait_for()
            assert problems == [], lang
            page.close()
    finally:
        server.stop()
        isso.stop()


@pytest.mark.browser
def test_the_browser_takes_every_tag_the_build_writes(browser):
    """Every locale Babel has, and odd names, as tags Chromium's Intl takes."""
    names = sorted(localedata.locale_identifiers())
    names += ["en_us", "x_bad", "de_DE.UTF-8@euro", "en-US-x-private", "", "ü"]
    tags = sorted({language_tag(name) for name in names})
    page = browser.new_page()
    refused = page.evaluate(
        "(tags) => tags.filter((tag) => { try { Intl.getCanonicalLocales(tag);"
        " new Intl.NumberFormat(tag); return false; } catch { return true; } })",
        tags,
    )
    page.close()
    assert refused == []
