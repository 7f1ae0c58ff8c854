"""Theme assets: minified in the output, readable in the theme, and the
script of fukatsoft/scripts.html present with any theme."""

import shutil

import rcssmin
import rjsmin
from bs4 import BeautifulSoup
from conftest import REPO, simple_theme_including

ARTICLE = "blog/afghanistan-crisis-us-pakistan-relations/index.html"
SOURCES = {
    "theme/css/fukatsoft.css": (
        REPO / "theme/static/css/fukatsoft.css",
        rcssmin.cssmin,
    ),
    "theme/js/fukatsoft.js": (REPO / "theme/static/js/fukatsoft.js", rjsmin.jsmin),
    # Linked by list pages only, and loaded by fukatsoft.js near the comments.
    "theme/css/lists.css": (REPO / "theme/static/css/lists.css", rcssmin.cssmin),
    "theme/js/comments.js": (REPO / "theme/static/js/comments.js", rjsmin.jsmin),
}
LINKED_BY_ARTICLE = ["theme/css/fukatsoft.css", "theme/js/fukatsoft.js"]


def test_theme_css_and_js_are_minified_in_the_output(example_build):
    site = example_build  # the example: comment form on, so the script is linked
    page = site.html(ARTICLE)
    linked = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    linked += [script["src"] for script in page.select("script[src]")]
    assert sorted(linked) == sorted(f"/{path}" for path in LINKED_BY_ARTICLE)
    index = site.html("index.html")
    assert "/theme/css/lists.css" in [
        link["href"] for link in index.select('link[rel="stylesheet"]')
    ]
    for output_path, (source, minify) in SOURCES.items():
        written = site.text(output_path)
        readable = source.read_text(encoding="utf-8")
        assert written == minify(readable)
        assert len(written) < 0.9 * len(readable)
        assert "\n  " not in written
    assert site.messages() == []


def test_every_icon_is_a_symbol_of_the_sprite_the_site_ships(example_build):
    """Icons are <use> of the sprites the theme ships (theme/icons.svg, and
    icons-links.svg for the links' services: one cached request each), not
    their drawing inline on every card and byline: each names a symbol a
    sprite has, and keeps its size (16 px until the stylesheet sizes it), its
    colour (currentColor strokes) and aria-hidden."""
    site = example_build
    symbols = {}
    for sheet in ("icons.svg", "icons-links.svg"):
        sprite = BeautifulSoup(site.text(f"theme/{sheet}"), "html.parser")
        symbols |= {s["id"]: (sheet, s) for s in sprite.find_all("symbol")}
    used = set()
    for path in ("index.html", ARTICLE, "search.html"):
        for icon in site.html(path).select("svg.icon"):
            (use,) = icon.find_all(True)  # nothing drawn inline
            assert use.name == "use"
            url, name = use["href"].split("#")
            assert url == f"/theme/{symbols[name][0]}"
            assert icon["class"] == ["icon", f"icon-{name}"]
            assert (icon["width"], icon["height"]) == ("16", "16")
            assert icon["aria-hidden"] == "true"
            used.add(name)
    assert {"views", "comments", "calendar", "clock", "menu"} <= used
    for name, (_, symbol) in symbols.items():
        assert symbol["viewbox"] == "0 0 24 24", name
        (group,) = symbol.find_all(recursive=False)
        assert (group["fill"], group["stroke"]) == ("none", "currentColor"), name
        assert group.find_all(True), name
    assert used <= set(symbols)


def test_minifying_is_optional_and_rebuilds_are_stable(build, tmp_path):
    plain = build(FUKATSOFT_MINIFY_ASSETS=False)
    for output_path, (source, _) in SOURCES.items():
        assert (plain.output / output_path).read_bytes() == source.read_bytes()

    # A second build into the same output (autoreload, `make build` twice).
    output = tmp_path / "same-output"
    first = build(OUTPUT_PATH=output)
    minified = {path: first.text(path) for path in SOURCES}
    second = build(OUTPUT_PATH=output)
    assert {path: second.text(path) for path in SOURCES} == minified


def test_another_theme_gets_the_script_its_partial_links(build, tmp_path):
    theme = simple_theme_including(
        tmp_path, "fukatsoft/comments.html", "fukatsoft/scripts.html"
    )
    site = build(**theme)
    (script,) = site.html(ARTICLE).select("script[src]")
    assert script["src"].endswith("/theme/js/fukatsoft.js")
    for name in ("theme/js/fukatsoft.js", "theme/js/comments.js"):
        source, minify = SOURCES[name]
        assert site.text(name) == minify(source.read_text())
    assert not (site.output / "theme/css/fukatsoft.css").exists()

    # Without comments or live counts the partial links nothing: no file.
    quiet = build(**theme, FUKATSOFT_ISSO_URL=None)
    assert not quiet.html(ARTICLE).select("script[src]")
    assert not (quiet.output / "theme/js").exists()


def test_a_stylesheet_that_is_not_utf8_is_left_as_copied(build, tmp_path):
    theme = tmp_path / "my-theme"
    shutil.copytree(REPO / "theme", theme)
    latin1 = "/* caf\xe9 */ body { color: red; }\n".encode("latin-1")
    (theme / "static/css/fukatsoft.css").write_bytes(latin1)
    site = build(THEME=str(theme))
    (message,) = site.messages()
    assert "theme/css/fukatsoft.css: cannot minify or copy" in message
    assert "utf-8" in message
    assert (site.output / "theme/css/fukatsoft.css").read_bytes() == latin1
    assert site.text("theme/js/fukatsoft.js") == rjsmin.jsmin(
        (theme / "static/js/fukatsoft.js").read_text()
    )
