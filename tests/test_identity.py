"""Identity: the logo in both colour schemes, undistorted at every width; the
favicon and touch icon from one source; an accent colour checked for
contrast and applied to links, buttons and focus."""

import pytest
from conftest import open_page, small_site_settings
from harness import StaticServer
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from pelican_fukatsoft.identity import (
    BACKGROUNDS,
    MIN_CONTRAST,
    accent_stylesheet,
    contrast,
)

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_example_header_has_the_logo_with_its_size(example_site):
    brand = example_site.html("index.html").select_one("a.brand")
    logo = brand.select_one("img.brand-logo")
    assert logo["src"] == "/images/brand/logo.svg"
    assert (logo["width"], logo["height"]) == ("64", "64")
    assert logo["alt"] == ""  # the site's name follows it as text
    dark = brand.select_one("source")
    assert dark["srcset"] == "/images/brand/logo-dark.svg"
    assert dark["media"] == "(prefers-color-scheme: dark)"
    assert brand.select_one(".brand-name").get_text(strip=True) == "FukatSoft"


def test_icons_from_one_raster_source(example_site):
    head = example_site.html("index.html").head
    links = {link["rel"][0]: link for link in head.select("link[rel]")}
    assert links["icon"]["href"] == "/theme/icons/favicon-32.png"
    assert links["apple-touch-icon"]["sizes"] == "180x180"
    for name, size in [("favicon-32.png", 32), ("touch-icon-180.png", 180)]:
        with Image.open(example_site.output / "theme/icons" / name) as icon:
            assert icon.size == (size, size)
            # The mark is centred, not stretched: its corners are transparent
            # as the source's rounded corners are.
            assert icon.getpixel((0, 0))[3] == 0


def test_a_wide_raster_icon_is_centred_on_a_square(build, example_copy):
    Image.new("RGBA", (400, 200), (255, 0, 0, 255)).save(
        example_copy / "content/images/brand/wide.png"
    )
    site = build(
        settings_file=example_copy / "pelicanconf.py",
        FUKATSOFT_ICON="images/brand/wide.png",
    )
    with Image.open(site.output / "theme/icons/touch-icon-180.png") as icon:
        assert icon.size == (180, 180)
        assert icon.getpixel((90, 10))[3] == 0  # above the wide mark
        assert icon.getpixel((90, 90)) == (255, 0, 0, 255)
    assert not any("FUKATSOFT_ICON" in m for m in site.messages())


def test_an_svg_icon_is_the_favicon_and_says_what_it_lacks(build, example_copy):
    site = build(
        settings_file=example_copy / "pelicanconf.py",
        FUKATSOFT_ICON="images/brand/logo.svg",
    )
    links = site.html("index.html").head.select('link[rel="icon"]')
    assert [link["href"] for link in links] == ["/theme/icons/favicon.svg"]
    assert (site.output / "theme/icons/favicon.svg").read_bytes() == (
        example_copy / "content/images/brand/logo.svg"
    ).read_bytes()
    assert any("is an SVG" in m and "touch icon" in m for m in site.messages())


def test_without_icon_the_theme_favicon(build):
    site = build(FUKATSOFT_ICON=None)
    links = site.html("index.html").head.select('link[rel="icon"]')
    assert [link["href"] for link in links] == ["/theme/favicon.svg"]
    assert (site.output / "theme/favicon.svg").is_file()


def test_a_missing_icon_warns_and_the_build_goes_on(build):
    site = build(FUKATSOFT_ICON="images/brand/nowhere.png")
    assert any("FUKATSOFT_ICON images/brand/nowhere.png" in m for m in site.messages())


@given(colours, colours)
def test_property_contrast_is_symmetric_and_bounded(first, second):
    ratio = contrast(first, second)
    assert ratio == pytest.approx(contrast(second, first))
    assert 1 <= ratio <= 21


def test_contrast_matches_wcag_figures():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#fff", "#ffffff") == pytest.approx(1)
    # The well-known pair: #767676 is the lightest grey that passes on white
    # (4.54:1); #777777 fails (4.48:1).
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@given(colours)
def test_property_button_text_is_the_better_of_two(colour):
    css = accent_stylesheet({"FUKATSOFT_ACCENT": colour, "FUKATSOFT_ACCENT_DARK": None})
    text = css.split("--accent-text:")[1][:7]
    assert contrast(text, colour) >= max(
        contrast("#ffffff", colour), contrast("#0b1522", colour)
    )


def test_a_low_contrast_accent_warns_for_each_background(build):
    site = build(FUKATSOFT_ACCENT="#ffcc00")
    warnings = [m for m in site.messages() if "FUKATSOFT_ACCENT #ffcc00" in m]
    # Too light for both light backgrounds; fine on the dark ones.
    assert len(warnings) == 2
    assert all("light scheme" in m and ":1, below 4.5:1" in m for m in warnings)


def test_a_light_only_accent_tells_how_to_fix_the_dark_scheme(build):
    site = build(FUKATSOFT_ACCENT="#0b3d91")
    warnings = [m for m in site.messages() if "#0b3d91" in m]
    assert warnings
    assert all("dark scheme" in m for m in warnings)
    assert all("set FUKATSOFT_ACCENT_DARK" in m for m in warnings)


def test_strict_mode_stops_on_a_low_contrast_accent(build):
    with pytest.raises(SystemExit, match="FUKATSOFT_STRICT is on"):
        build(FUKATSOFT_ACCENT="#ffcc00", FUKATSOFT_STRICT=True)


@pytest.mark.parametrize("value", ["blue", "#12345", "rgb(0,0,0)", 12])
def test_an_accent_must_be_a_hex_colour(build, value):
    with pytest.raises(SystemExit, match="FUKATSOFT_ACCENT must be"):
        build(FUKATSOFT_ACCENT=value)


def test_every_theme_background_is_checked():
    assert set(BACKGROUNDS) == {"light", "dark"}
    assert MIN_CONTRAST == 4.5


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_accent_recolours_links_buttons_and_focus(browser, build, scheme):
    site = build(
        FUKATSOFT_ACCENT="#8a1c4a",
        FUKATSOFT_ACCENT_DARK="#ff9ec4",
        FUKATSOFT_ISSO_URL=None,
    )
    assert not any("FUKATSOFT_ACCENT" in m for m in site.messages())
    server = StaticServer(site.output)
    page, problems = open_page(
        browser,
        server.origin,
        "blog/afghanistan-crisis-us-pakistan-relations/",
        1280,
        scheme,
    )
    expected = "rgb(138, 28, 74)" if scheme == "light" else "rgb(255, 158, 196)"
    link = page.locator(".post-category a")
    assert link.evaluate("a => getComputedStyle(a).color") == expected
    button = page.locator(".search-form .button")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == expected
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert link.evaluate("a => getComputedStyle(a).outlineColor") == expected
    assert problems == []
    page.close()
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 360, 768, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_logo_shows_undistorted_in_both_schemes(browser, example_site, width, scheme):
    server = StaticServer(example_site.output)
    page, problems = open_page(browser, server.origin, "", width, scheme)
    logo = page.locator(".brand-logo")
    logo.evaluate("img => img.decode()")
    shown = logo.evaluate(
        "img => [img.currentSrc, img.naturalWidth, img.naturalHeight,"
        " img.getBoundingClientRect().width, img.getBoundingClientRect().height]"
    )
    src, natural_w, natural_h, width_shown, height_shown = shown
    assert src.endswith("logo-dark.svg" if scheme == "dark" else "/logo.svg")
    assert height_shown == pytest.approx(32, abs=1)
    assert width_shown / height_shown == pytest.approx(natural_w / natural_h, rel=0.02)
    assert page.locator(".brand-name").is_visible()
    assert problems == []
    page.close()
    server.stop()


@pytest.mark.parametrize(
    ("logo", "reason"),
    [
        ("x" * 300 + ".svg", "File name too long"),
        ("nowhere.svg", "No such file or directory"),
    ],
)
def test_a_logo_that_is_no_file_warns_once(build, tmp_path, logo, reason):
    # A name over 255 bytes used to stop the build with ENAMETOOLONG.
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("Title: A\nDate: 2025-01-01\n\nText.\n")
    conf = small_site_settings(tmp_path, SITENAME="Logo", SITELOGO=logo)
    site = build(settings_file=conf)
    (warning,) = site.messages()
    assert warning.startswith(f"pelican-fukatsoft: SITELOGO {logo[:10]!r}"[:-1])
    assert warning.endswith(
        f"is not a file under PATH or the theme ({reason}); shown without its size"
    )
    logo_image = site.html("index.html").select_one("img.brand-logo")
    assert not logo_image.get("width")
