"""Quality gates over whole built sites: valid HTML, JSON-LD, links, feeds,
reproducible output; and over the project's Markdown: links that resolve, a
test table that names every test file."""

import filecmp
import json
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_SITE, REPO, validate
from harness import run_pelican

PUBLISHED_URL = "https://blog.fukatsoft.example"


@pytest.fixture
def published(published_example):
    return published_example.output


def pages(output):
    return sorted(output.rglob("*.html"))


def test_every_page_is_valid_html(published):
    result = validate(published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(pages(published)) > 30


def test_validator_does_report_errors(tmp_path):
    (tmp_path / "broken.html").write_text("<!DOCTYPE html><html><body><foo></body>")
    assert validate(tmp_path).returncode != 0


def test_varied_site_is_valid_html(build):
    site = build(settings_file=REPO / "tests/sites/varied/pelicanconf.py")
    result = validate(site.output)
    assert result.returncode == 0, result.stdout + result.stderr


def test_structured_data_on_every_page(published):
    types = {}
    for path in pages(published):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in html.select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            assert data["@context"] == "https://schema.org"
            types.setdefault(data["@type"], []).append(path.relative_to(published))
            if data["@type"] == "BlogPosting":
                assert data["headline"] == html.find("h1").get_text()
                assert data["url"].startswith(PUBLISHED_URL)
                assert data["datePublished"].endswith("+05:00")
                assert all(a["@type"] == "Person" for a in data["author"])
                assert data["publisher"] == {
                    "@type": "Organization",
                    "name": "FukatSoft",
                }
            if data["@type"] == "ProfilePage":
                assert data["mainEntity"]["@type"] == "Person"
    # Six articles, and the English translation of the Urdu one.
    assert len(types["BlogPosting"]) == 7
    assert len(types["ProfilePage"]) == 3
    assert len(types["WebPage"]) == 1


def local_target(output, url, page):
    """The file an internal URL points to, or None for another host."""
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    if parts.netloc:
        if f"{parts.scheme}://{parts.netloc}" != PUBLISHED_URL:
            return None
        path = unquote(parts.path)
    elif parts.path.startswith("/"):
        path = unquote(parts.path)
    elif not parts.path:
        return page  # a fragment on the same page
    else:
        path = "/" + str((page.parent / unquote(parts.path)).relative_to(output))
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_every_internal_link_resolves(published):
    checked = 0
    for page in pages(published):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in html.select("a[href], link[href], script[src], img[src]"):
            url = element.get("href") or element.get("src")
            target = local_target(published, url, page)
            if target is None:
                continue
            checked += 1
            assert target.is_file(), f"{page.relative_to(published)}: {url}"
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                linked = BeautifulSoup(
                    target.read_text(encoding="utf-8"), "html.parser"
                )
                assert linked.find(id=fragment), f"{page}: {url}"
    assert checked > 300


def test_feeds_parse(published):
    feeds = sorted((published / "feeds").glob("*.xml"))
    assert feeds
    for feed_file in feeds:
        feed = feedparser.parse(feed_file.read_bytes())
        assert not feed.bozo, (feed_file, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith(PUBLISHED_URL)
            assert "Froala" not in entry.get("summary", "")


def test_two_builds_are_byte_identical(published, tmp_path):
    again = run_pelican(EXAMPLE_SITE / "publishconf.py", tmp_path / "again")

    def built(output):
        # Pagefind names its index files by hashes that differ from one run
        # to the next on the same pages: its files are not ours to compare.
        return sorted(
            p.relative_to(output)
            for p in output.rglob("*")
            if p.is_file() and p.relative_to(output).parts[0] != "pagefind"
        )

    first, second = built(published), built(again)
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(published, again, first, shallow=False)
    assert mismatch == []
    assert errors == []


# The project's own Markdown: its relative links and anchors.
MARKDOWN_DOCUMENTS = ["README.md", "benchmarks/README.md"]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def prose_lines(text):
    """The lines outside fenced code blocks (indented fences too)."""
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            yield line


def heading_anchors(text):
    """The anchors GitHub gives the headings: lower case, punctuation
    dropped, spaces as hyphens, `-1`, `-2`... on repeats."""
    anchors, seen = set(), Counter()
    for line in prose_lines(text):
        heading = re.match(r"#{1,6} (.+)", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower())
            slug = slug.replace(" ", "-")
            anchors.add(f"{slug}-{seen[slug]}" if seen[slug] else slug)
            seen[slug] += 1
    return anchors


def broken_links(document):
    """Each relative link of a Markdown file whose file is missing, or whose
    `#anchor` is no heading of the file it points to."""
    text = document.read_text(encoding="utf-8")
    broken = []
    for line in prose_lines(text):
        for target in MARKDOWN_LINK.findall(line):
            if urlsplit(target).scheme:
                continue
            path, _, anchor = target.partition("#")
            linked = (document.parent / unquote(path)).resolve() if path else document
            if not linked.exists():
                broken.append(f"{target}: no such file")
            elif anchor and anchor not in heading_anchors(
                linked.read_text(encoding="utf-8")
            ):
                broken.append(f"{target}: no such heading")
    return broken


@pytest.mark.parametrize("name", MARKDOWN_DOCUMENTS)
def test_markdown_links_resolve(name):
    assert broken_links(REPO / name) == []


def test_broken_markdown_links_are_found(tmp_path):
    (tmp_path / "other.md").write_text("## Some `code`, here\n")
    document = tmp_path / "doc.md"
    document.write_text(
        "# Title\n\n## Title\n\n[a](#title) [b](#title-1) [c](other.md#some-code-here)"
        " [d](https://example.org/x) [e](missing.md) [f](#nowhere)"
        " [g](other.md#title)\n\n```\n[h](inside-code.md)\n```\n"
    )
    assert broken_links(document) == [
        "missing.md: no such file",
        "#nowhere: no such heading",
        "other.md#title: no such heading",
    ]


def test_readme_test_table_names_every_test_file():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| file | what it proves |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`(test_\w+\.py)`", table))
    assert named == {path.name for path in (REPO / "tests").glob("test_*.py")}
