"""The private parts of Jinja and Pelican the plugin relies on
(pelican_fukatsoft/internals.py): each still works as it expects, and a
build says so in one warning the day one does not."""

import logging

import pelican
import pelican.cache

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
