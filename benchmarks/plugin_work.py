"""One Pelican build, reporting the CPU time spent in the plugin's own signal
receivers (its per-article work and the files it writes; not the rendering
of our partials, which Pelican's writer does for every page).

    python benchmarks/plugin_work.py SETTINGS OUTPUT

Prints ``{"receivers": seconds, "by receiver": {name: seconds}}`` as JSON.
build_overhead.py runs it in a fresh process for the cached-rebuild figure.
"""

import functools
import json
import sys
import time

import blinker

spent = {}


def timed(receiver):
    name = f"{receiver.__module__.rsplit('.', 1)[-1]}.{receiver.__name__}"

    @functools.wraps(receiver)
    def timed_receiver(*args, **kwargs):
        start = time.process_time()
        try:
            return receiver(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0) + time.process_time() - start

    return timed_receiver


_connect = blinker.NamedSignal.connect
_kept = []  # blinker holds receivers weakly


def connect(signal, receiver, *args, **kwargs):
    if getattr(receiver, "__module__", "").startswith("pelican_fukatsoft"):
        receiver = timed(receiver)
        _kept.append(receiver)
    return _connect(signal, receiver, *args, **kwargs)


def main():
    settings_file, output = sys.argv[1:3]
    blinker.NamedSignal.connect = connect
    from pelican import Pelican
    from pelican.settings import read_settings

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
