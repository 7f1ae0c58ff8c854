"""The private parts of Jinja and Pelican the plugin relies on
(pelican_fukatsoft/internals.py): each still works as it expects, and a
build says so in one warning the day one does not."""

import logging
import tempfile
from pathlib import Path

import pelican
import pelican.cache
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache

from pelican_fukatsoft import internals


def test_every_internal_the_plugin_uses_still_works():
    assert internals.problems() == []


def test_a_changed_internal_is_named_and_the_build_warns(monkeypatch, caplog):
    """As if a Pelican release kept a cacher's data under another name."""

    def cache_data(self, filename, data):
        self.__dict__.setdefault("_data", {})[filename] = data

    monkeypatch.setattr(pelican.cache.FileDataCacher, "cache_data", cache_data)
    (problem,) = internals.problems()
    assert "FileDataCacher" in problem
    with caplog.at_level(logging.WARNING):
        internals.report_problems(None)
    (record,) = caplog.records
    assert "FileDataCacher no longer keeps its data in _cache" in record.getMessage()
    assert f"Pelican {pelican.__version__}" in record.getMessage()


def test_a_cache_folder_jinja_names_otherwise_is_named(monkeypatch, tmp_path):
    """As if a Jinja release named its file cache's folder another way: the
    plugin would look for a link at the wrong place."""

    def default_folder(self):
        return str(tmp_path / "jinja-elsewhere")

    monkeypatch.setattr(
        internals.FileSystemBytecodeCache, "_get_default_cache_dir", default_folder
    )
    (problem,) = internals.problems()
    assert "_jinja2-cache-UID" in problem


def test_the_cache_folder_is_where_jinja_makes_it(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert internals.jinja_cache_folder() == Path(FileSystemBytecodeCache().directory)


def test_imports_still_see_the_importers_own_globals():
    """The cheap import path applies only where Jinja's own would keep the
    module: a template given globals of its own still lends them to what it
    imports."""
    env = Environment(
        loader=DictLoader(
            {
                "helpers.html": "{% macro show() %}{{ own|default('none') }}"
                "{% endmacro %}",
                "page.html": '{% from "helpers.html" import show %}{{ show() }}',
                "other.html": '{% from "helpers.html" import show %}{{ show() }}',
            }
        )
    )
    internals.add_template_mixin(env, internals.CheapImports)
    assert env.get_template("page.html").render() == "none"
    given_own = env.get_template("other.html", globals={"own": "its own"})
    assert given_own.render() == "its own"
    assert env.get_template("page.html").render() == "none"


def test_a_filter_mark_jinja_no_longer_leaves_is_named(monkeypatch):
    """As if a Jinja release marked pass_context filters another way: the
    compiled templates' key would no longer tell such filters apart."""

    def pass_context(function):
        function.jinja_pass_kind = "context"
        return function

    monkeypatch.setattr(internals, "pass_context", pass_context)
    (problem,) = internals.problems()
    assert "jinja_pass_arg" in problem
