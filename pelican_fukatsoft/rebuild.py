"""Rebuild the site when its data changed: for a timer or a CI schedule.

    pelican-fukatsoft-rebuild [-s publishconf.py] [--force] [--publish LINK]

Comments, view counts and author profiles reach the static pages when the
site is built. This command builds (as ``pelican -s SETTINGS`` would) only
when a data file the plugin reads changed since the last build it made:
Isso's database (with its journal files), the views snapshots, the authors
file. It is cheap to run every few minutes. What it saw is kept in Pelican's
``CACHE_PATH``, never in the published output, beside a lock that makes a
second run wait for the first.

With ``--publish /var/www/blog`` each build goes into a new folder beside
it (``blog.builds/``) and the symbolic link ``blog`` is then pointed at it in
one rename: a reader gets the old site or the new one, never a page missing
halfway. The build before stays until the next one (a request that began on
it can end), older ones are removed.

Every problem is one line and a non-zero exit, never a traceback: the
settings pass the plugin's own checks first, and each capability names the
data files it reads (``data_files(settings)``).
"""

import argparse
import fcntl
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from pelican import Pelican
from pelican.settings import read_settings

from . import CAPABILITIES
from . import configure as configure_plugin

STAMP = "fukatsoft-data.json"
LOCK = "fukatsoft-rebuild.lock"
PREFIX = "pelican-fukatsoft-rebuild:"


class RebuildError(Exception):
    """What stops the command: said in one line."""


def data_files(settings):
    """Every data file the plugin reads for this site, as absolute paths."""
    return [
        path.absolute()  # not resolved: a symlink loop is told, not raised
        for capability in CAPABILITIES
        if hasattr(capability, "data_files")
        for path in capability.data_files(settings)
    ]


def fingerprint(paths):
    """Size and modification time of each file (None where there is none).

    An empty file counts as none: it holds no data, and an empty ``-wal`` is
    what reading a WAL-mode database read-only leaves beside it (with the
    ``-shm`` index, which is not watched), so a build would otherwise make
    the next run build again for nothing."""
    seen = {}
    for path in paths:
        try:
            status = path.stat()
        except (OSError, ValueError):
            seen[str(path)] = None
            continue
        seen[str(path)] = (
            [status.st_size, status.st_mtime_ns] if status.st_size else None
        )
    return seen


def checked_settings(settings_file):
    """Pelican's settings from *settings_file*, after the plugin's checks (a
    bad value stops here with the plugin's one line)."""
    path = Path(settings_file)
    if not path.is_file():
        raise RebuildError(
            f"settings file {settings_file} not found (give one with -s SETTINGS)"
        )
    try:
        settings = read_settings(str(path))
    except Exception as error:  # the site's own Python: whatever it raises
        raise RebuildError(
            f"cannot read {settings_file}: {type(error).__name__}: {error}"
        ) from error
    # The checks fill in defaults and may normalise values: on a copy, so
    # the build gets the settings as written and checks them itself.
    checked = dict(settings)
    configure_plugin(SimpleNamespace(settings=checked))
    return settings, checked


def locked(cache):
    """The lock file in CACHE_PATH, held: a second run waits for the first
    (Pelican's own cache there must not be read half written)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        lock = open(cache / LOCK, "a+b")  # noqa: SIM115 (held until exit)
    except OSError as error:
        raise RebuildError(
            f"CACHE_PATH {cache} must be a folder this command can write ({error})"
        ) from error
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(
            f"{PREFIX} another rebuild of this site is running; waiting for it",
            flush=True,
        )
        fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def read_stamp(stamp):
    """What the last build saw, or None when there is no usable stamp."""
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return previous if isinstance(previous, dict) else None


def write_stamp(stamp, current):
    # Whole or not at all: a run stopped halfway leaves the old stamp.
    partial = stamp.with_name(f"{stamp.name}.partial")
    partial.write_text(json.dumps(current), encoding="utf-8")
    os.replace(partial, stamp)


def new_build_folder(link):
    """An empty folder beside the symbolic link *link* for the next build."""
    if link.exists() and not link.is_symlink():
        raise RebuildError(
            f"--publish {link} is a folder, not a symbolic link: move it away "
            "once (the command then keeps a link there)"
        )
    builds = link.with_name(f"{link.name}.builds")
    folder = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        raise RebuildError(f"cannot make {folder}: {error}") from error
    return folder


def publish(link, folder):
    """Point *link* at *folder* in one rename; keep the build before."""
    previous = link.resolve() if link.is_symlink() else None
    swap = link.with_name(f".{link.name}.swap")
    swap.unlink(missing_ok=True)
    swap.symlink_to(os.path.relpath(folder, link.parent))
    os.replace(swap, link)  # rename(2): atomic for everyone reading
    for old in folder.parent.iterdir():
        if old not in (folder, previous):
            shutil.rmtree(old, ignore_errors=True)


def rebuild(args):
    settings, checked = checked_settings(args.settings)
    cache = Path(checked["CACHE_PATH"])
    lock = locked(cache)
    try:
        stamp = cache / STAMP
        current = fingerprint(data_files(checked))
        previous = read_stamp(stamp)
        if previous == current and not args.force:
            print(f"{PREFIX} data unchanged since the last build; nothing to do")
            return
        changed = sorted(
            name for name in current if (previous or {}).get(name) != current[name]
        )
        link = Path(args.publish).absolute() if args.publish else None
        if link:
            folder = new_build_folder(link)
            settings["OUTPUT_PATH"] = str(folder)
        try:
            Pelican(settings).run()
        except BaseException as error:
            if link:  # never published: gone
                shutil.rmtree(folder, ignore_errors=True)
            if isinstance(error, Exception):  # as `pelican` says it: one line
                raise RebuildError(
                    f"the build failed: {type(error).__name__}: {error}"
                ) from error
            raise
        if link:
            publish(link, folder)
        try:
            write_stamp(stamp, current)
        except OSError as error:
            raise RebuildError(f"cannot write {stamp}: {error}") from error
        print(f"{PREFIX} rebuilt ({', '.join(changed) or 'forced'})")
    finally:
        lock.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="pelican-fukatsoft-rebuild",
        description="Build the site when its comments, views or profiles changed.",
    )
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--force", action="store_true", help="build in any case")
    parser.add_argument(
        "--publish",
        metavar="LINK",
        help="build into a new folder, then point the symbolic link LINK at it "
        "in one step (serve LINK)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        rebuild(args)
    except RebuildError as error:
        print(f"{PREFIX} {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
