"""Memory and time of reading a large analytics export.

Generates a GoatCounter CSV export (one row per page view, as GoatCounter
writes them) of the given size with the given number of distinct paths,
seeded, then builds a 50-article site in a fresh process, once without the
views file and once with it, and prints each build's peak RSS and CPU time.
The target: peak memory grows with the number of distinct paths, not with
the file size (a 60 MB export with 30,000 paths adds at most 30 MB), nor
with the length of a line (``--long-line 400``: an export whose second line
is 400 MB long, as a corrupt file can be).

    python benchmarks/views_file_memory.py [--sizes 60 200] [--paths 30000]
    python benchmarks/views_file_memory.py --sizes --long-line 400
    python benchmarks/views_file_memory.py --package-root /path/to/old/checkout
"""

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work" / "views"
HEADER = (
    "2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,"
    "Referrer scheme,Screen size,Location,FirstVisit,Date\n"
)
ROW = (
    '{path},"{title}",false,"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/'
    '20100101 Firefox/133.0",Firefox 133,Linux,{session},0,'
    "https://news.example.org/item?id={session},h,1920,PK,true,"
    "2025-03-{day:02d} 10:{minute:02d}:00\n"
)
ARTICLES = 50

# Runs in a fresh interpreter: one build, then its own peak RSS and CPU.
PROBE = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from pelican import Pelican
from pelican.settings import read_settings
overrides = json.loads(sys.argv[3])
Pelican(read_settings(sys.argv[2], override=overrides)).run()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"peak_mb": usage.ru_maxrss / 1024,
                  "cpu_s": usage.ru_utime + usage.ru_stime}))
"""


def make_site(root):
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for number in range(ARTICLES):
        (content / f"post-{number}.md").write_text(
            f"Title: Post {number}\nDate: 2025-01-01\nAuthor: A\n"
            f"Slug: post-{number}\n\nText of post {number}.\n"
        )
    conf = root / "pelicanconf.py"
    conf.write_text(
        "import pelican_fukatsoft\nSITENAME = 'Views'\nPATH = 'content'\n"
        "TIMEZONE = 'UTC'\nTHEME = pelican_fukatsoft.get_theme_path()\n"
        "PLUGINS = ['pelican_fukatsoft']\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nTRANSLATION_FEED_ATOM = None\n"
    )
    return conf


def make_export(path, megabytes, paths, seed=20261129):
    """A GoatCounter export of about *megabytes* MB over *paths* paths."""
    if path.exists() and path.stat().st_size >= megabytes * 2**20:
        return
    rng = random.Random(seed)
    names = [f"/post-{n}/" for n in range(ARTICLES)]
    names += [f"/old/{n}/page-{rng.randrange(10**6)}/" for n in range(paths - ARTICLES)]
    target = megabytes * 2**20
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        written = len(HEADER)
        while written < target:
            row = ROW.format(
                path=rng.choice(names),
                title="A page, with a comma",
                session=rng.randrange(10**9),
                day=rng.randrange(1, 29),
                minute=rng.randrange(60),
            )
            out.write(row)
            written += len(row)


def make_long_line(path, megabytes):
    """A GoatCounter header, one line of *megabytes* MB, then one valid row."""
    if path.exists():
        return
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for _ in range(megabytes):
            out.write("x" * 2**20)
        out.write("\n/post-1/,T,false,UA,Firefox,Linux,s,0,,,1920,PK,true,2025-03-01\n")


def build(conf, package_root, views_file):
    overrides = {
        "OUTPUT_PATH": str(conf.parent / "output"),
        "FUKATSOFT_VIEWS_FILE": str(views_file) if views_file else None,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(package_root),
            str(conf),
            json.dumps(overrides),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=conf.parent,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[60, 200])
    parser.add_argument(
        "--long-line", type=int, metavar="MB", help="also an export with one such line"
    )
    parser.add_argument("--paths", type=int, default=30_000)
    parser.add_argument(
        "--package-root",
        type=Path,
        default=REPO,
        help="checkout whose pelican_fukatsoft to measure (default: this one)",
    )
    args = parser.parse_args()
    conf = make_site(WORK / "site")
    baseline = build(conf, args.package_root, None)
    peak, cpu = baseline["peak_mb"], baseline["cpu_s"]
    print(f"no views file: peak {peak:.0f} MB, CPU {cpu:.1f} s")
    print("| export | distinct paths | peak RSS | added to peak | CPU | added CPU |")
    print("|---:|---:|---:|---:|---:|---:|")
    for megabytes in args.sizes:
        export = WORK / f"goatcounter-{megabytes}mb-{args.paths}.csv"
        make_export(export, megabytes, args.paths)
        figures = build(conf, args.package_root, export)
        print(
            f"| {megabytes} MB | {args.paths:,} | {figures['peak_mb']:.0f} MB | "
            f"{figures['peak_mb'] - peak:+.0f} MB | "
            f"{figures['cpu_s']:.1f} s | {figures['cpu_s'] - cpu:+.1f} s |"
        )
    if args.long_line:
        export = WORK / f"goatcounter-line-{args.long_line}mb.csv"
        make_long_line(export, args.long_line)
        figures = build(conf, args.package_root, export)
        print(
            f"| one {args.long_line} MB line | 1 | {figures['peak_mb']:.0f} MB | "
            f"{figures['peak_mb'] - peak:+.0f} MB | "
            f"{figures['cpu_s']:.1f} s | {figures['cpu_s'] - cpu:+.1f} s |"
        )


if __name__ == "__main__":
    main()
