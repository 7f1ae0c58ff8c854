"""Rebuild the site when its data changed: for a timer or a CI schedule.

    pelican-fukatsoft-rebuild [-s publishconf.py] [--force]

Comments, view counts and author profiles reach the static pages when the
site is built. This command builds (as ``pelican -s SETTINGS`` would) only
when a data file the plugin reads changed since the last build it made:
Isso's database (with its journal files), the views snapshots, the authors
file. It is cheap to run every few minutes. What it saw is kept in Pelican's
``CACHE_PATH``, never in the published output.
"""

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

STAMP = "fukatsoft-data.json"
# SQLite writes beside the database; Isso may run in either journal mode.
SQLITE_COMPANIONS = ("", "-wal", "-journal")


def data_files(settings):
    """Every data file the plugin reads for this site, as absolute paths."""
    root = Path(settings["PATH"])
    views = settings.get("FUKATSOFT_VIEWS_FILE") or []
    if isinstance(views, str | os.PathLike):
        views = [views]
    files = [root / name for name in views]
    if settings.get("FUKATSOFT_AUTHORS_FILE"):
        files.append(root / settings["FUKATSOFT_AUTHORS_FILE"])
    if settings.get("FUKATSOFT_ISSO_DB"):
        database = root / settings["FUKATSOFT_ISSO_DB"]
        files += [Path(f"{database}{suffix}") for suffix in SQLITE_COMPANIONS]
    return [path.resolve() for path in files]


def fingerprint(paths):
    """Size and modification time of each file (None where there is none)."""
    seen = {}
    for path in paths:
        try:
            status = path.stat()
            seen[str(path)] = [status.st_size, status.st_mtime_ns]
        except OSError:
            seen[str(path)] = None
    return seen


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="pelican-fukatsoft-rebuild",
        description="Build the site when its comments, views or profiles changed.",
    )
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--force", action="store_true", help="build in any case")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")

    settings = read_settings(args.settings)
    stamp = Path(settings["CACHE_PATH"], STAMP)
    current = fingerprint(data_files(settings))
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if previous == current and not args.force:
        print("pelican-fukatsoft: data unchanged since the last build; nothing to do")
        return 0
    changed = sorted(
        name for name in current if (previous or {}).get(name) != current[name]
    )
    Pelican(settings).run()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(current), encoding="utf-8")
    print(f"pelican-fukatsoft: rebuilt ({', '.join(changed) or 'forced'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
