"""Rebuilds: with Pelican's content cache on, the plugin's per-article work
(watermark edits, reading time) is done again only for what changed, and a
rebuild writes what a fresh build writes."""

import functools
import gzip
import pickle

import pytest
from conftest import small_site_settings
from harness import run_pelican
from hypothesis import given
from hypothesis import strategies as st

from pelican_fukatsoft import bylines, watermarks
from pelican_fukatsoft.content_memo import ContentMemo

WATERMARK = (
    '<p data-f-id="pbf" style="text-align: center;">Powered by '
    '<a href="https://www.froala.com/wysiwyg-editor?pb=1">Froala Editor</a></p>'
)


def memo_settings(folder):
    return {
        "CACHE_PATH": str(folder),
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "GZIP_CACHE": True,
    }


class Counted:
    """A function that counts the texts it was called with."""

    def __init__(self, function):
        self.function = function
        self.texts = []
        functools.update_wrapper(self, function)

    def __call__(self, text, *args):
        self.texts.append(text)
        return self.function(text, *args)


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


@given(st.lists(st.tuples(texts, st.integers(0, 3)), min_size=1, max_size=8), texts)
def test_a_result_comes_back_for_the_same_text_and_arguments_only(
    tmp_path_factory, calls, other
):
    folder = tmp_path_factory.mktemp("memo")
    length = Counted(lambda text, offset: len(text) + offset)
    first = ContentMemo(memo_settings(folder))
    assert [first.get(length, text, (n,)) for text, n in calls] == [
        len(text) + n for text, n in calls
    ]
    # Once per distinct text and arguments within a build.
    assert len(length.texts) == len(set(calls))
    first.save()

    length.texts.clear()
    second = ContentMemo(memo_settings(folder))
    assert [second.get(length, text, (n,)) for text, n in calls] == [
        len(text) + n for text, n in calls
    ]
    assert length.texts == []  # all read back from the saved memo
    # Another text, or the same text with other arguments, is computed.
    novel = {(other, 0), (calls[0][0], calls[0][1] + 10)} - set(calls)
    for text, n in novel:
        assert second.get(length, text, (n,)) == len(text) + n
    assert len(length.texts) == len(novel)


def test_a_new_memo_version_is_computed_again(tmp_path):
    def edits(text):
        return len(text)

    memo = ContentMemo(memo_settings(tmp_path))
    assert memo.get(edits, "abc", ()) == 3
    memo.save()
    edits.memo_version = 2  # the same text would now give another result
    counted = Counted(edits)
    assert ContentMemo(memo_settings(tmp_path)).get(counted, "abc", ()) == 3
    assert counted.texts == ["abc"]


def test_only_what_a_build_used_is_kept(tmp_path):
    double = Counted(lambda text: text * 2)
    memo = ContentMemo(memo_settings(tmp_path))
    for text in ("a", "b", "c"):
        memo.get(double, text, ())
    memo.save()
    memo = ContentMemo(memo_settings(tmp_path))
    memo.get(double, "a", ())
    memo.save()
    double.texts.clear()
    memo = ContentMemo(memo_settings(tmp_path))
    for text in ("a", "b", "c"):
        memo.get(double, text, ())
    assert double.texts == ["b", "c"]


def test_a_result_of_none_is_remembered_too(tmp_path):
    nothing = Counted(lambda text: None)
    memo = ContentMemo(memo_settings(tmp_path))
    assert memo.get(nothing, "a", ()) is None
    assert memo.get(nothing, "a", ()) is None
    memo.save()
    assert ContentMemo(memo_settings(tmp_path)).get(nothing, "a", ()) is None
    assert nothing.texts == ["a"]


def test_a_cache_file_not_written_here_is_a_fresh_start(tmp_path):
    path = tmp_path / "fukatsoft-memo"
    for data in (b"not a pickle", gzip.compress(pickle.dumps(["a", "list"]))):
        path.write_bytes(data)
        assert ContentMemo(memo_settings(tmp_path)).get(len, "abc", ()) == 3


def write_articles(content, count):
    """*count* articles of 300, 600, ... words; every third ends in a watermark."""
    content.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        words = "Words to read. " * (100 * (number + 1))
        ending = f"\n\n{WATERMARK}\n" if number % 3 == 0 else "\n"
        (content / f"post-{number}.md").write_text(
            f"Title: Post {number}\nDate: 2024-01-{number + 1:02d}\n"
            f"Author: Sana Malik\n\n{words}{ending}"
        )


@pytest.fixture
def counted_work(monkeypatch):
    """The two per-article computations, counted as the plugin calls them."""
    counted = {
        "watermark edits": Counted(watermarks.watermark_edits),
        "reading minutes": Counted(bylines.reading_minutes),
    }
    monkeypatch.setattr(watermarks, "watermark_edits", counted["watermark edits"])
    monkeypatch.setattr(bylines, "reading_minutes", counted["reading minutes"])

    def calls():
        numbers = {name: len(work.texts) for name, work in counted.items()}
        for work in counted.values():
            work.texts.clear()
        return numbers

    return calls


def site_pages(output):
    return {
        path.relative_to(output): path.read_bytes()
        for path in sorted(output.rglob("*.html"))
    }


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_cached_rebuild_redoes_the_work_of_the_changed_article_only(
    tmp_path, counted_work, layer
):
    write_articles(tmp_path / "content", 6)
    conf = small_site_settings(
        tmp_path,
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER=layer,
        CACHE_PATH=str(tmp_path / "cache"),
    )
    run_pelican(conf, tmp_path / "output")
    assert counted_work() == {"watermark edits": 6, "reading minutes": 6}

    changed = tmp_path / "content" / "post-3.md"
    changed.write_text(changed.read_text().replace("Words", "Some more words", 1))
    run_pelican(conf, tmp_path / "output")
    work = counted_work()
    # The reader layer hands Pelican's every article to the plugin again;
    # the generator layer only the one it read again.
    assert work == {"watermark edits": 1, "reading minutes": 1}

    fresh = run_pelican(conf, tmp_path / "fresh", LOAD_CONTENT_CACHE=False)
    assert counted_work() == {"watermark edits": 6, "reading minutes": 6}
    assert site_pages(tmp_path / "output") == site_pages(fresh)
    page = (tmp_path / "output" / "post-3.html").read_text()
    assert "Froala" not in page


def test_a_changed_setting_is_never_answered_from_the_memo(tmp_path, counted_work):
    write_articles(tmp_path / "content", 3)
    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    conf = small_site_settings(tmp_path, **cached)
    run_pelican(conf, tmp_path / "output")
    counted_work()
    run_pelican(conf, tmp_path / "output", FUKATSOFT_WORDS_PER_MINUTE=50)
    assert counted_work()["reading minutes"] == 3
    # 300 words at 50 a minute: the first post's byline says 6 minutes.
    assert "6 min read" in (tmp_path / "output" / "post-0.html").read_text()


def test_without_the_content_cache_nothing_is_kept(tmp_path, counted_work):
    write_articles(tmp_path / "content", 2)
    conf = small_site_settings(tmp_path, CACHE_PATH=str(tmp_path / "cache"))
    run_pelican(conf, tmp_path / "output")
    run_pelican(conf, tmp_path / "output")
    assert counted_work() == {"watermark edits": 4, "reading minutes": 4}
    assert not (tmp_path / "cache" / "fukatsoft-memo").exists()
