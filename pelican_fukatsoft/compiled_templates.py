"""Each template compiled once per process, and kept between processes.

Pelican gives every generator a Jinja environment of its own and makes new
ones for every build, so a build compiled our base template and partials for
the articles and again for the pages, ``--autoreload`` compiled all of them
again on every change, and a process building several sites (i18n_subsites)
compiled them for each: about a fifth of a small site's build. This is a
Jinja bytecode cache that keeps the compiled code in memory and, with
``FUKATSOFT_TEMPLATE_CACHE`` (on by default), also in Jinja's own file cache
in its per-user temporary folder: the next build, a new process, compiles
none (about 6 % of a 1,000-article build's CPU).

Jinja's own caches key a template by its name, file and source, which is
enough only while every environment compiles alike. Ours need not (another
site's settings or plugins, a build without the theme), so the key also
holds each option Jinja reads while compiling. And Jinja computes a filter
or test applied to constants (``{{ 12|fukatsoft_digits }}``) at compile
time, with the environment's function: such a template is reused only where
those functions are the very same objects (a site in another language has
other ones, or where it is passed the environment, the same environment),
so such a template stays in memory only: another process has other
objects. So does every template of an environment that is not Jinja's
own (a class, undefined class, code generator, extension or attribute
lookup of the site's own, a sandbox, a ``finalize`` function, a function
among its policies): that code is a new object in every process. An edited
template has another checksum and is compiled anew; a file Jinja cannot
read back (another Python, a damaged file) is compiled anew too.
"""

import hashlib
from dataclasses import dataclass
from types import CodeType

import jinja2
import jinja2.tests
from jinja2 import Environment, nodes
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from jinja2.compiler import CodeGenerator

from .checks import logger_for
from .internals import jinja_cache_folder, pass_arg

logger = logger_for(__name__)

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
            jinja2.__version__,
            type(env).__module__,
            type(env).__qualname__,
            env.undefined.__module__,
            env.undefined.__qualname__,
            env.code_generator_class.__module__,
            env.code_generator_class.__qualname__,
            # A sandbox's: sorted, as a set's order differs between processes.
            sorted(getattr(env, "intercepted_binops", ())),
            sorted(getattr(env, "intercepted_unops", ())),
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


# Jinja folds these without evaluating every part: a variable in the part
# it skips (``12 if true else n``, ``13 or n``, ``1 > 2 > n``) does not
# stop the fold.
_SHORT_CIRCUITS = (nodes.CondExpr, nodes.And, nodes.Or)


def _may_skip(node):
    return next(node.find_all(_SHORT_CIRCUITS), None) is not None or any(
        len(compare.ops) > 1 for compare in node.find_all(nodes.Compare)
    )


def constant_calls(tree):
    """The filters and tests that template *tree* applies to constants
    only, as ``("filter", name)``/``("test", name)`` pairs: Jinja may call
    them while compiling. A call with a variable in it waits for the
    render, unless the variable is in a part Jinja may skip (counting more
    is safe: it only keeps fewer templates)."""
    calls = set()
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        if next(node.find_all(nodes.Name), None) is None or _may_skip(node):
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            calls.add((kind, node.name))
    return tuple(sorted(calls))


# Jinja's ``is filter`` and ``is test``: passed the environment, they read
# only which names it has, which the key holds.
_NAME_TESTS = (jinja2.tests.test_filter, jinja2.tests.test_test)


def _functions(env, calls):
    """What compiling in *env* may run, each compared by identity: the
    finalize function Jinja applies to constant output, the filters and
    tests of *calls*, *env* itself where one of them is passed it, the
    classes of the environment, its undefined values and its code
    generator, attribute and item lookups set on *env* itself, and the
    extensions' classes (their code rewrites the source)."""
    found = {"filter": env.filters, "test": env.tests}
    functions = (env.finalize, *(found[kind].get(name) for kind, name in calls))
    passed_env = any(
        pass_arg(function) in ("environment", "eval_context")
        for function in functions
        if function is not None and function not in _NAME_TESTS
    )
    extensions = (type(extension) for _, extension in sorted(env.extensions.items()))
    classes = (type(env), env.undefined, env.code_generator_class)
    # Jinja looks up attributes and items of constants while compiling.
    lookups = (vars(env).get("getattr"), vars(env).get("getitem"))
    return (env if passed_env else None, *classes, *lookups, *functions, *extensions)


_JINJA_UNDEFINED = (
    jinja2.Undefined,
    jinja2.ChainableUndefined,
    jinja2.DebugUndefined,
    jinja2.StrictUndefined,
)


def _plain(value):
    """Whether *value*'s repr, in the key, is the same in every process (a
    function's holds its address: a new file every build)."""
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    return isinstance(value, (str, int, float, bool, type(None)))


def _portable(env):
    """Whether templates compiled in *env* may serve another process: Jinja's
    own environment, undefined values and code generator, no finalize
    function, no extension but Jinja's own (code a site's settings define
    is another class in every process), plain policies. Anything else
    Jinja may run while compiling stays in memory, compared by identity."""
    return (
        type(env) is Environment
        and not {"getattr", "getitem"} & vars(env).keys()
        # By identity: make_logging_undefined's classes share one name.
        and env.undefined in _JINJA_UNDEFINED
        and env.code_generator_class is CodeGenerator
        and env.finalize is None
        and all(
            type(extension).__module__.startswith("jinja2.")
            for extension in env.extensions.values()
        )
        and _plain(env.policies)
    )


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
    """Compiled templates kept in memory for the life of the process and,
    with *disk* (a Jinja file cache), between processes."""

    def __init__(self, disk=None, kept=None):
        self._disk = disk
        self._kept = {} if kept is None else kept

    def kept_on_disk(self):
        """This cache, also keeping templates in Jinja's file cache in its
        per-user temporary folder (the memory is shared); itself alone when
        Jinja finds that folder unsafe or cannot make it."""
        # Jinja makes its folder 0700 with chmod, which follows a symbolic
        # link someone may have put in its place.
        folder = jinja_cache_folder()
        if folder is not None and folder.is_symlink():
            _warn_once("no folder for compiled templates", f"{folder} is a link")
            return self
        try:
            disk = FileSystemBytecodeCache(pattern="fukatsoft-%s.cache")
        except (OSError, RuntimeError) as error:
            _warn_once("no folder for compiled templates", error)
            return self
        return CompiledTemplates(disk, self._kept)

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
        elif self._disk is not None and _portable(bucket.environment):
            # Only templates without constant calls are written there.
            try:
                self._disk.load_bytecode(bucket)
            except Exception:
                # Jinja's bucket checks the file's Python and the source's
                # checksum, not that the rest is whole: damaged, compile anew.
                bucket.reset()
            if isinstance(bucket.code, CodeType):
                self._keep(bucket, ())
            else:
                bucket.reset()

    def dump_bytecode(self, bucket):
        env = bucket.environment
        calls = constant_calls(env.parse(*bucket.template))
        self._keep(bucket, calls)
        if self._disk is not None and not calls and _portable(env):
            try:
                self._disk.dump_bytecode(bucket)
            except OSError as error:
                folder = self._disk.directory
                _warn_once(f"compiled templates not kept in {folder}", error)

    def _keep(self, bucket, calls):
        if len(self._kept) >= LIMIT:
            self._kept.pop(next(iter(self._kept)))
        self._kept[bucket.key] = _Compiled(
            bucket.checksum, calls, _functions(bucket.environment, calls), bucket.code
        )

    def clear(self):
        self._kept.clear()


_warned = set()


def _warn_once(problem, error):
    """A folder problem costs compile time, not pages: said once a process."""
    if problem not in _warned:
        _warned.add(problem)
        logger.warning("%s (%s): templates are compiled in every build", problem, error)


COMPILED_TEMPLATES = CompiledTemplates()
