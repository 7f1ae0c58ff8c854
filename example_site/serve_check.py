"""What `make serve` (serve.py) checks before and after it starts anything.

check_free(["HOST:PORT", ...])
    1, naming each port that something already listens on;
wait_for_isso(URL, LOG)
    wait up to 20 s for Isso to answer at URL; 1, pointing at LOG, if it
    does not.
"""

import socket
import sys
import time
import urllib.error
import urllib.request


def busy(address):
    host, port = address.rsplit(":", 1)
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, int(port))) == 0


def check_free(addresses):
    taken = [address for address in addresses if busy(address)]
    for address in taken:
        print(
            f"make serve: {address} is already in use (another `make serve`?); "
            "nothing was started and the site was not touched.",
            file=sys.stderr,
        )
    return 1 if taken else 0


def wait_for_isso(url, log):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/count", data=b"[]", timeout=1)
            return 0
        except urllib.error.HTTPError:
            return 0  # it answers, if not to this request
        except OSError:
            time.sleep(0.2)
    print(f"make serve: Isso did not answer at {url}; see {log}", file=sys.stderr)
    return 1
