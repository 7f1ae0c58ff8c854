"""One Pelican build, reporting the CPU time spent in the plugin's own steps
(those its signal receivers run: its per-article work and the files it
writes; not the rendering of our partials, which Pelican's writer does for
every page).

    python benchmarks/plugin_work.py SETTINGS OUTPUT

Prints ``{"receivers": seconds, "by receiver": {name: seconds}}`` as JSON.
build_overhead.py runs it in a fresh process for the cached-rebuild figure.
"""

import functools
import json
import sys
import time

from pelican import Pelican
from pelican.settings import read_settings

import pelican_fukatsoft

spent = {}


def timed(step):
    name = f"{step.__module__.rsplit('.', 1)[-1]}.{step.__name__}"

    @functools.wraps(step)
    def timed_step(*args, **kwargs):
        start = time.process_time()
        try:
            return step(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0) + time.process_time() - start

    return timed_step


def main():
    settings_file, output = sys.argv[1:3]
    # The plugin's receivers run their steps from this table: time each one.
    for signal, steps in pelican_fukatsoft.STEPS.items():
        pelican_fukatsoft.STEPS[signal] = tuple(map(timed, steps))
    settings = read_settings(settings_file, override={"OUTPUT_PATH": output})
    Pelican(settings).run()
    print(
        json.dumps(
            {
                "receivers": sum(spent.values()),
                "by receiver": dict(sorted(spent.items(), key=lambda kv: -kv[1])),
            }
        )
    )


if __name__ == "__main__":
    main()
