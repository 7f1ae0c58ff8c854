"""Each template compiled once per process, not once per environment.

Pelican gives every generator a Jinja environment of its own and makes new
ones for every build, so a build compiled our base template and partials for
the articles and again for the pages, ``--autoreload`` compiled all of them
again on every change, and a process building several sites (i18n_subsites)
compiled them for each: about a fifth of a small site's build. This is a
Jinja bytecode cache that keeps the compiled code in memory.

Jinja's own caches key a template by its name, file and source, which is
enough only while every environment compiles alike. Ours need not (another
site's settings or plugins, a build without the theme), so the key also
holds each option Jinja reads while compiling. And Jinja computes a filter
or test applied to constants (``{{ 12|fukatsoft_digits }}``) at compile
time, with the environment's function: such a template is reused only where
those functions are the very same objects (a site in another language has
other ones). An edited template has another checksum and is compiled anew.
"""

import hashlib
from dataclasses import dataclass
from types import CodeType

from jinja2 import nodes
from jinja2.bccache import Bucket, BytecodeCache

from .internals import pass_arg

# Compiled templates kept at most: a few hundred per site and set of options
# (a template of ours compiles to 10-100 KB of code).
LIMIT = 2000


def compile_options(env, name):
    """What Jinja's lexer and code generator read from *env* when compiling
    template *name*: syntax, whitespace and escaping rules, extensions and
    policies, and which filters and tests exist and what they are passed."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape

    def pass_args(functions):
        return sorted((key, pass_arg(function)) for key, function in functions.items())

    return repr(
        (
            type(env).__module__,
            type(env).__qualname__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            bool(autoescape),
            sorted(env.extensions),
            getattr(env, "newstyle_gettext", None),
            sorted(env.policies.items()),
            pass_args(env.filters),
            pass_args(env.tests),
        )
    )


def constant_calls(tree):
    """The filters and tests that template *tree* applies to constants
    only, as ``("filter", name)``/``("test", name)`` pairs: Jinja may call
    them while compiling. A call with any variable in it waits for the
    render (counting more is safe: it only keeps fewer templates)."""
    calls = set()
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        if next(node.find_all(nodes.Name), None) is None:
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            calls.add((kind, node.name))
    return tuple(sorted(calls))


def _functions(env, calls):
    """The objects Jinja would call for *calls* while compiling in *env*,
    and the finalize function it applies to constant output."""
    found = {"filter": env.filters, "test": env.tests}
    return (env.finalize, *(found[kind].get(name) for kind, name in calls))


@dataclass(frozen=True)
class _Compiled:
    checksum: str
    constant_calls: tuple
    functions: tuple
    code: CodeType


class _Bucket(Bucket):
    """Jinja's bucket, holding the source until the compiled code is kept."""

    def __init__(self, environment, key, checksum, template):
        super().__init__(environment, key, checksum)
        self.template = template  # (source, name, filename)


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process."""

    def __init__(self):
        self._kept = {}

    def get_bucket(self, environment, name, filename, source):
        options = hashlib.sha1(compile_options(environment, name).encode())
        key = self.get_cache_key(f"{name}|{options.hexdigest()}", filename)
        bucket = _Bucket(
            environment,
            key,
            self.get_source_checksum(source),
            (source, name, filename),
        )
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        kept = self._kept.get(bucket.key)
        if (
            kept is not None
            and kept.checksum == bucket.checksum
            and all(
                now is then
                for now, then in zip(
                    _functions(bucket.environment, kept.constant_calls),
                    kept.functions,
                    strict=True,
                )
            )
        ):
            bucket.code = kept.code

    def dump_bytecode(self, bucket):
        env = bucket.environment
        calls = constant_calls(env.parse(*bucket.template))
        if len(self._kept) >= LIMIT:
            self._kept.pop(next(iter(self._kept)))
        self._kept[bucket.key] = _Compiled(
            bucket.checksum, calls, _functions(env, calls), bucket.code
        )

    def clear(self):
        self._kept.clear()


COMPILED_TEMPLATES = CompiledTemplates()
