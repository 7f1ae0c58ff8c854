"""Templates compiled once per process and kept between processes
(compiled_templates.py)."""

import collections
import functools
import io
import logging
import marshal
import os
import pickle
import subprocess
import sys
import tempfile

import jinja2
import jinja2.ext
import pytest
from conftest import small_site_settings
from harness import run_pelican
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import (
    DictLoader,
    Environment,
    FileSystemBytecodeCache,
    make_logging_undefined,
)
from jinja2.bccache import bc_magic
from jinja2.sandbox import SandboxedEnvironment

from pelican_fukatsoft import compiled_templates
from pelican_fukatsoft.compiled_templates import COMPILED_TEMPLATES, CompiledTemplates


@pytest.fixture
def jinja_folder(tmp_path, monkeypatch):
    """The folder Jinja's file cache takes for this user, in a temporary
    folder of this test's own (the suite's other builds share the real one)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return temporary / f"_jinja2-cache-{os.getuid()}"


def new_process():
    """What a new process starts with: no template in memory."""
    COMPILED_TEMPLATES.clear()


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


def test_a_build_compiles_each_template_once_and_the_next_none(
    tmp_path, monkeypatch, jinja_folder
):
    conf = one_article_site(tmp_path)
    new_process()
    compiled = count_compiles(monkeypatch)
    first = pages_of(run_pelican(conf, tmp_path / "first"))
    # The articles' and the pages' generators share what either compiled.
    assert len(compiled) > 20
    assert set(compiled.values()) == {1}, compiled
    compiled.clear()
    second = pages_of(run_pelican(conf, tmp_path / "second"))
    assert not compiled
    assert second == first


def test_the_next_process_compiles_only_what_it_must(
    tmp_path, monkeypatch, jinja_folder
):
    """A new process finds the templates in Jinja's file cache; those where
    Jinja computed a filter at compile time are compiled again (their
    functions are this process's own)."""
    conf = one_article_site(tmp_path)
    new_process()
    compiled = count_compiles(monkeypatch)
    first = pages_of(run_pelican(conf, tmp_path / "first"))
    kept = sorted(jinja_folder.iterdir())
    assert len(kept) > 20
    assert all(oct(path.stat().st_mode)[-3:] == "600" for path in kept)
    all_compiled = set(compiled)
    compiled.clear()
    new_process()
    assert pages_of(run_pelican(conf, tmp_path / "second")) == first
    assert len(compiled) <= len(all_compiled) - len(kept)
    assert sorted(jinja_folder.iterdir()) == kept
    # A real new process finds them under the same keys: it adds no file.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "-s",
            str(conf),
            "-o",
            str(tmp_path / "third"),
        ],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(jinja_folder.parent)},
        check=True,
        capture_output=True,
    )
    assert pages_of(tmp_path / "third") == first
    assert sorted(jinja_folder.iterdir()) == kept


def test_without_the_file_cache_each_process_compiles_all(
    tmp_path, monkeypatch, jinja_folder
):
    conf = one_article_site(tmp_path, FUKATSOFT_TEMPLATE_CACHE=False)
    compiled = count_compiles(monkeypatch)
    for build in ("first", "second"):
        new_process()
        run_pelican(conf, tmp_path / build)
    assert len(compiled) > 20
    assert set(compiled.values()) == {2}
    assert not jinja_folder.exists()


@pytest.fixture(scope="module")
def kept_build(tmp_path_factory):
    """One build's pages and the files Jinja's cache kept of it, in a
    temporary folder of its own: each kind of damage is built against it."""
    folder = tmp_path_factory.mktemp("kept")
    temporary = folder / "tmp"
    temporary.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(temporary))
        new_process()
        pages = pages_of(run_pelican(one_article_site(folder), folder / "output"))
    kept = temporary / f"_jinja2-cache-{os.getuid()}"
    return pages, {path.name: path.read_bytes() for path in kept.iterdir()}


def with_checksum(data, code):
    """A kept template's file with Jinja's magic and the source's checksum
    as they were, and *code* (bytes) after them."""
    rest = io.BytesIO(data[len(bc_magic) :])
    pickle.load(rest)
    return data[: len(bc_magic) + rest.tell()] + code


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: b"\x00" * len(data),
        lambda data: data.replace(b"j2", b"k3", 1),
        # Jinja checks its magic; what follows it is read unchecked.
        lambda data: bc_magic,
        lambda data: bc_magic + b"\x80\x02garbage",
        lambda data: data[: len(bc_magic) + 3],
        lambda data: with_checksum(data, b""),
        lambda data: with_checksum(data, data[-40:]),
        lambda data: with_checksum(data, marshal.dumps(5)),
        lambda data: with_checksum(data, marshal.dumps("code")),
    ],
    ids=[
        "empty",
        "half",
        "zeros",
        "other-magic",
        "magic-only",
        "garbage-after-magic",
        "checksum-cut",
        "no-code",
        "code-cut",
        "a-number",
        "a-string",
    ],
)
def test_a_damaged_kept_template_is_compiled_anew(
    tmp_path, monkeypatch, jinja_folder, kept_build, damage
):
    pages, kept = kept_build
    jinja_folder.mkdir(mode=0o700)
    for name, data in kept.items():
        (jinja_folder / name).write_bytes(damage(data))
    new_process()
    compiled = count_compiles(monkeypatch)
    output = run_pelican(one_article_site(tmp_path), tmp_path / "output")
    assert pages_of(output) == pages
    assert len(compiled) > 20


@pytest.mark.parametrize("unsafe", ["a file", "a link"])
def test_a_folder_jinja_finds_unsafe_warns_once_and_the_build_goes_on(
    tmp_path, monkeypatch, jinja_folder, caplog, unsafe
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    if unsafe == "a file":
        jinja_folder.write_text("not a folder")
    else:  # Jinja's chmod would follow it
        jinja_folder.symlink_to(elsewhere)
    monkeypatch.setattr(compiled_templates, "_warned", set())
    conf = one_article_site(tmp_path)
    with caplog.at_level(logging.WARNING):
        for build in ("first", "second"):
            new_process()
            run_pelican(conf, tmp_path / build)
    said = [r.getMessage() for r in caplog.records if "compiled" in r.getMessage()]
    assert len(said) == 1
    assert "no folder for compiled templates" in said[0]
    assert pages_of(tmp_path / "first") == pages_of(tmp_path / "second")
    assert oct(elsewhere.stat().st_mode)[-3:] == "755"
    assert not list(elsewhere.iterdir())


def test_sites_in_other_languages_and_settings_get_their_own_pages(
    tmp_path, jinja_folder
):
    """Builds in one process with a warm cache write what builds in fresh
    ones write: other digits (a filter Jinja calls while compiling when
    given a constant), whitespace rules and escaping; a fresh process reads
    the other sites' templates from the file cache."""
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
    new_process()
    for name, conf in sites.items():
        warm[name] = pages_of(run_pelican(conf, tmp_path / name / "warm"))
    for name, conf in reversed(sites.items()):
        new_process()
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


def test_what_jinja_computed_while_compiling_is_not_read_by_another_process(
    tmp_path,
):
    """``{{ 12|digits }}`` is computed with this process's filter: a process
    with other digits compiles it again; one without constants reads it."""
    disk = FileSystemBytecodeCache(str(tmp_path))
    templates = {"t.html": "{{ 12|digits }}", "plain.html": "{{ n|digits }}"}

    def build(digits):
        env = Environment(
            loader=DictLoader(templates), bytecode_cache=CompiledTemplates(disk)
        )
        env.filters["digits"] = digits
        return [env.get_template(name).render(n=7) for name in templates]

    assert build(str) == ["12", "7"]
    assert len(list(tmp_path.iterdir())) == 1
    assert build(persian) == [persian(12), persian(7)]


@pytest.mark.parametrize(
    "source",
    [
        "{{ ('x' if true else n)|mark }}",
        "{{ ('x' or n)|mark }}",
        "{{ (n and 'x')|mark }}",
        "{{ (1 > 2 > n)|mark }}",
    ],
)
@pytest.mark.parametrize("across_processes", [False, True])
def test_a_variable_in_a_branch_jinja_skips_is_no_variable(
    tmp_path, source, across_processes
):
    """Jinja computes ``('x' if true else n)|mark`` while compiling: the
    variable is in the branch it skips."""
    disk = FileSystemBytecodeCache(str(tmp_path))
    cache = CompiledTemplates(disk)
    pages = []
    for mark in ("A", "B"):
        env = Environment(loader=DictLoader({"t.html": source}), bytecode_cache=cache)
        env.filters["mark"] = lambda value, mark=mark: f"{value}{mark}"
        pages.append(env.get_template("t.html").render(n="x"))
        if across_processes:
            cache = CompiledTemplates(disk)
    assert pages == [fresh_render(source, mark) for mark in ("A", "B")]
    assert pages[0] != pages[1]


def fresh_render(source, mark):
    env = Environment(loader=DictLoader({"t.html": source}))
    env.filters["mark"] = lambda value: f"{value}{mark}"
    return env.get_template("t.html").render(n="x")


def stamping(text):
    """A Jinja extension class that writes *text* for ``@@STAMP@@``, of the
    same name and module whatever *text* is (as a site's settings file
    defines its own anew in every process)."""

    class Stamp(jinja2.ext.Extension):
        def preprocess(self, source, name, filename=None):
            return source.replace("@@STAMP@@", text)

    return Stamp


@pytest.mark.parametrize("across_processes", [False, True])
def test_a_site_extension_compiles_its_own_templates(tmp_path, across_processes):
    disk = FileSystemBytecodeCache(str(tmp_path))
    cache = CompiledTemplates(disk)
    pages = []
    for text in ("built by A", "built by B"):
        env = Environment(
            loader=DictLoader({"t.html": "@@STAMP@@"}),
            bytecode_cache=cache,
            extensions=[stamping(text)],
        )
        pages.append(env.get_template("t.html").render())
        if across_processes:
            cache = CompiledTemplates(disk)
    assert pages == ["built by A", "built by B"]
    assert not list(tmp_path.iterdir())


def brackets(value, **kwargs):
    return f"[{value}]"


@pytest.mark.parametrize(
    "policy",
    [
        ("json.dumps_function", brackets),
        ("json.dumps_kwargs", {"default": brackets}),
    ],
    ids=["a-function", "a-function-in-a-dict"],
)
def test_a_policy_function_keeps_templates_in_memory(tmp_path, policy):
    """Its repr in the key differs in every process: on disk, each build
    would add files and read none."""
    env = Environment(
        loader=DictLoader({"t.html": "{{ n|tojson }}"}),
        bytecode_cache=CompiledTemplates(FileSystemBytecodeCache(str(tmp_path))),
    )
    name, value = policy
    env.policies[name] = value
    assert env.get_template("t.html").render(n=1)
    assert not list(tmp_path.iterdir())


def environment_of_class(text):
    """An environment class of the same name and module whatever *text*
    is, whose attribute lookup Jinja calls while compiling ``{}.x``."""

    class SiteEnvironment(Environment):
        def getattr(self, obj, attribute):
            return text

    return SiteEnvironment


def undefined_saying(text):
    """An undefined class of the same name whatever *text* it shows (a
    site's settings define it anew in every process)."""

    class SiteUndefined(jinja2.Undefined):
        def __str__(self):
            return text

    return functools.partial(Environment, undefined=SiteUndefined)


def looking_up_x():
    env = Environment()
    env.getattr = env.getitem = lambda obj, name: "X"
    return env


class AddingIntercepted(SandboxedEnvironment):
    def call_binop(self, context, operator, left, right):
        return "intercepted"


def intercepting_addition():
    env = AddingIntercepted()
    env.intercepted_binops = frozenset(["+"])
    return env


# Pairs of environments that compile one source differently, with no filter.
UNLIKE = {
    "undefined": (
        "[{{ {}.missing ~ '' }}]",
        Environment,
        functools.partial(Environment, undefined=jinja2.DebugUndefined),
    ),
    "site-undefined": (
        "[{{ {}.missing ~ '' }}]",
        undefined_saying("one"),
        undefined_saying("two"),
    ),
    "logging-undefined": (
        "a{{ 'abc'.missing }}b",
        functools.partial(
            Environment, undefined=make_logging_undefined(base=jinja2.DebugUndefined)
        ),
        functools.partial(
            Environment, undefined=make_logging_undefined(base=jinja2.Undefined)
        ),
    ),
    "lookup-on-the-instance": (
        "{{ 'abc'.missing }}|{{ {'a': 1}.a }}",
        looking_up_x,
        Environment,
    ),
    "environment-class": (
        "{{ {}.x }}",
        environment_of_class("v1"),
        environment_of_class("v2"),
    ),
    "sandbox-operators": (
        "{{ 1 + 2 }}",
        AddingIntercepted,
        intercepting_addition,
    ),
}


@pytest.mark.parametrize("case", UNLIKE, ids=list(UNLIKE))
@pytest.mark.parametrize("across_processes", [False, True])
def test_environments_unlike_jinjas_own_compile_their_own(
    tmp_path, case, across_processes
):
    source, *makers = UNLIKE[case]
    disk = FileSystemBytecodeCache(str(tmp_path))
    cache = CompiledTemplates(disk)
    pages, fresh = [], []
    for make in makers:
        env = make()
        env.loader = DictLoader({"t.html": source})
        fresh.append(env.get_template("t.html").render())
        env = make()
        env.loader = DictLoader({"t.html": source})
        env.bytecode_cache = cache
        pages.append(env.get_template("t.html").render())
        if across_processes:
            cache = CompiledTemplates(disk)
    assert pages == fresh
    assert fresh[0] != fresh[1]


@jinja2.pass_environment
def site_link(env, path):
    return f"{env.globals['site']}/{path}"


def test_a_filter_passed_the_environment_is_computed_in_each():
    """The same function in two environments, passed each of them while
    compiling ``{{ 'feed.xml'|site_link }}``."""
    cache = CompiledTemplates()
    pages = []
    for site in ("https://a.example", "https://b.example"):
        env = Environment(
            loader=DictLoader({"t.html": "{{ 'feed.xml'|site_link }}"}),
            bytecode_cache=cache,
        )
        env.filters["site_link"] = site_link
        env.globals["site"] = site
        pages.append(env.get_template("t.html").render())
    assert pages == ["https://a.example/feed.xml", "https://b.example/feed.xml"]


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
    "{{ (12 if true else n)|digits }}",
    "{{ (13 or n)|digits }}",
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
    across_processes=st.booleans(),
)
def test_property_a_warm_cache_renders_as_a_fresh_compile(
    pieces, earlier, options, same_functions, across_processes
):
    """In one process, or in one process after another sharing Jinja's
    file cache (each with nothing in memory)."""
    templates = {"t.html": "".join(pieces)}
    with tempfile.TemporaryDirectory() as folder:
        disk = FileSystemBytecodeCache(folder) if across_processes else None
        cache = CompiledTemplates(disk)
        for other in earlier:
            render(environment(cache, templates, other))
            if across_processes:
                cache = CompiledTemplates(disk)
        if same_functions and earlier:
            # The same function objects as a warm environment: the code is reused.
            options = {**options, "digits": earlier[-1]["digits"]}
        warm = render(environment(cache, templates, options))
    fresh = render(environment(None, templates, options))
    assert warm == fresh
