"""Templates compiled once per process (compiled_templates.py)."""

import collections
import functools

import jinja2
from conftest import small_site_settings
from harness import run_pelican
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache

from pelican_fukatsoft.compiled_templates import COMPILED_TEMPLATES, CompiledTemplates


def count_compiles(monkeypatch):
    """A Counter of the template files Jinja compiles from now on (the
    plugin's self-check compiles templates of no file, left out)."""
    compiled = collections.Counter()
    compile_source = Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        if filename is not None:
            compiled[filename] += 1
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    return compiled


def one_article_site(folder, **settings):
    (folder / "content").mkdir()
    (folder / "content" / "post.md").write_text(
        "Title: A post\nDate: 2024-01-02\nViews: 1234\n\nSome *text*.\n"
    )
    (folder / "content" / "pages").mkdir()
    (folder / "content" / "pages" / "about.md").write_text("Title: About\n\nUs.\n")
    return small_site_settings(folder, **settings)


def pages_of(output):
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*.html"))
    }


def test_a_build_compiles_each_template_once_and_the_next_none(tmp_path, monkeypatch):
    conf = one_article_site(tmp_path)
    COMPILED_TEMPLATES.clear()
    compiled = count_compiles(monkeypatch)
    first = pages_of(run_pelican(conf, tmp_path / "first"))
    # The articles' and the pages' generators share what either compiled.
    assert len(compiled) > 20
    assert set(compiled.values()) == {1}, compiled
    compiled.clear()
    second = pages_of(run_pelican(conf, tmp_path / "second"))
    assert not compiled
    assert second == first


def test_sites_in_other_languages_and_settings_get_their_own_pages(tmp_path):
    """Builds in one process with a warm cache write what builds in fresh
    ones write: other digits (a filter Jinja calls while compiling when
    given a constant), whitespace rules and escaping."""
    variants = {
        "en": {},
        "fa": {"DEFAULT_LANG": "fa"},
        "no-trim": {"JINJA_ENVIRONMENT": {"trim_blocks": False}},
        "ps": {"DEFAULT_LANG": "ps", "PLUGINS": []},
    }
    sites = {}
    for name, settings in variants.items():
        (tmp_path / name).mkdir()
        sites[name] = one_article_site(tmp_path / name, **settings)
    warm = {}
    COMPILED_TEMPLATES.clear()
    for name, conf in sites.items():
        warm[name] = pages_of(run_pelican(conf, tmp_path / name / "warm"))
    for name, conf in reversed(sites.items()):
        COMPILED_TEMPLATES.clear()
        assert pages_of(run_pelican(conf, tmp_path / name / "cold")) == warm[name]
    assert warm["en"] != warm["fa"] != warm["no-trim"]


def test_a_site_keeps_the_bytecode_cache_it_set_up(tmp_path):
    kept = tmp_path / "jinja-cache"
    kept.mkdir()
    conf = one_article_site(tmp_path)
    run_pelican(
        conf,
        tmp_path / "output",
        JINJA_ENVIRONMENT={
            "trim_blocks": True,
            "lstrip_blocks": True,
            "bytecode_cache": FileSystemBytecodeCache(str(kept)),
        },
    )
    assert len(list(kept.iterdir())) > 20


def test_an_edited_template_is_compiled_anew():
    cache = CompiledTemplates()
    templates = {"page.html": "{{ 'one' }}"}
    env = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    assert env.get_template("page.html").render() == "one"
    templates["page.html"] = "{{ 'two' }}"
    again = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    assert again.get_template("page.html").render() == "two"


# Template pieces whose compiled code depends on the environment: constant
# filter and test calls (computed while compiling), whitespace control,
# escaping, a filter or test only some environments have.
PIECES = [
    "{{ 12|digits }}",
    "{{ n|digits }}",
    "{{ (3|digits)|upper }}",
    "{% if 4 is lucky %}L{% endif %}",
    "{% if n is lucky %}N{% endif %}",
    "{{ '<b>' }}",
    "{{ markup }}",
    "\n  {% if true %}\n  x\n  {% endif %}\n",
    "{{ 5|extra }}",
    "{{ 'a' ~ 'b' }}",
    " text ",
]


def environment(cache, templates, options):
    env = Environment(
        loader=DictLoader(templates),
        bytecode_cache=cache,
        trim_blocks=options["trim"],
        lstrip_blocks=options["lstrip"],
        autoescape=options["escape"],
    )
    env.filters["digits"] = options["digits"]
    env.tests["lucky"] = options["lucky"]
    if options["extra"]:
        env.filters["extra"] = options["digits"]
    return env


def persian(value):
    return str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def render(env):
    try:
        return env.get_template("t.html").render(n=7, markup="<i>")
    except jinja2.TemplateError as error:
        return type(error).__name__


OPTIONS = st.fixed_dictionaries(
    {
        "trim": st.booleans(),
        "lstrip": st.booleans(),
        "escape": st.booleans(),
        "extra": st.booleans(),
        # A new function object each time, as a new build's filters are.
        "digits": st.sampled_from([str, persian]).map(functools.partial),
        "lucky": st.sampled_from([lambda v: v == 4, lambda v: v == 7]),
    }
)


@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    earlier=st.lists(OPTIONS, max_size=3),
    options=OPTIONS,
    same_functions=st.booleans(),
)
def test_property_a_warm_cache_renders_as_a_fresh_compile(
    pieces, earlier, options, same_functions
):
    templates = {"t.html": "".join(pieces)}
    cache = CompiledTemplates()
    for other in earlier:
        render(environment(cache, templates, other))
    if same_functions and earlier:
        # The same function objects as a warm environment: the code is reused.
        options = {**options, "digits": earlier[-1]["digits"]}
    warm = render(environment(cache, templates, options))
    fresh = render(environment(None, templates, options))
    assert warm == fresh
