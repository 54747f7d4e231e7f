"""Everything the benchmark starts stops by itself: when its parent is gone, or at a deadline.

``hold(deadline)`` runs in a child (the app, the client, the booking race): a daemon thread
watches the parent process and the deadline and ends this process (SIGTERM, then exit) if
either goes. ``guard_group(pgid, deadline)`` does the same from outside for a process group we
cannot change (the Rasa server): a tiny watchdog process kills that group when the benchmark
ends without stopping it, or at the deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time


def hold(deadline_seconds: float, *, poll: float = 1.0) -> None:
    parent = os.getppid()
    until = time.monotonic() + deadline_seconds

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent or time.monotonic() > until:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(10)
                os._exit(3)

    threading.Thread(target=watch, name="bench-lifeline", daemon=True).start()


def guard_group(pgid: int, deadline_seconds: float) -> subprocess.Popen:
    """Start a watchdog that kills process group ``pgid`` once we are gone or the deadline passed.

    Stop the watchdog with ``.terminate()`` after stopping the group normally.
    """
    code = (
        "import os, signal, sys, time\n"
        "parent, pgid, until = int(sys.argv[1]), int(sys.argv[2]), time.monotonic() + float(sys.argv[3])\n"
        "def alive(pid):\n"
        "    try:\n"
        "        os.kill(pid, 0)\n"
        "        return True\n"
        "    except OSError:\n"
        "        return False\n"
        "signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n"
        "while alive(parent) and time.monotonic() < until:\n"
        "    time.sleep(1)\n"
        "for sig in (signal.SIGTERM, signal.SIGKILL):\n"
        "    try:\n"
        "        os.killpg(pgid, sig)\n"
        "    except OSError:\n"
        "        break\n"
        "    time.sleep(10)\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), str(pgid), str(deadline_seconds)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
