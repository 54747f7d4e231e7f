"""py-spy around a phase of the benchmark, summarised to the functions where the time goes.

``record({"app-cpu": (pid, True), "app-wall": (pid, False)}, dir, "load200")`` attaches ``py-spy record`` (raw
collapsed stacks, ``--nonblocking`` so the target is not paused, idle frames left out) to each
process while the block runs; afterwards ``summaries[name]`` holds the top functions by
"self" samples and by "total" samples (the frame anywhere on the stack) as text.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

TOP = 25
OURS = ("bot/", "nlu/", "ordering/", "integrations/")


def py_spy() -> str | None:
    candidate = Path(sys.executable).parent / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def available() -> bool:
    return py_spy() is not None


class Recording:
    def __init__(self) -> None:
        self.files: dict[str, Path] = {}
        self.summaries: dict[str, str] = {}


@contextlib.contextmanager
def record(targets: dict[str, tuple[int, bool]], directory: Path, phase: str, rate: int = 97) -> Iterator[Recording]:
    """``targets``: name -> (pid, gil). With gil only the thread holding the GIL is sampled (where
    the CPU goes); without, every thread that is not idle (where a request waits, too)."""
    rec = Recording()
    procs: dict[str, subprocess.Popen] = {}
    exe = py_spy()
    for name, (pid, gil) in targets.items():
        out = directory / f"profile-{phase}-{name}.txt"
        rec.files[name] = out
        log = open(directory / f"profile-{phase}-{name}.log", "w")
        procs[name] = subprocess.Popen([exe, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw",
                                        "--nonblocking", *(["--gil"] if gil else []), "--output", str(out)],
                                       stdout=log, stderr=subprocess.STDOUT)
    try:
        yield rec
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        for proc in procs.values():
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        for name, path in rec.files.items():
            summary = summarise(path) if path.exists() else f"(no profile written; see {path.with_suffix('.log')})"
            rec.summaries[name] = summary
            path.with_name(path.stem + "-summary.txt").write_text(summary)


def _frame(frame: str) -> str:
    """'resolve_items (nlu/resolution/items.py:120)' -> 'resolve_items (nlu/resolution/items.py)'."""
    if "(" in frame and ":" in frame:
        head, _, place = frame.partition(" (")
        path = place.rstrip(")").rsplit(":", 1)[0]
        for marker in ("site-packages/", "/work/main/", "lib/python3"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        return f"{head} ({path})"
    return frame


def summarise(path: Path, top: int = TOP) -> str:
    """Top functions by self and by total samples from py-spy's raw (collapsed) output."""
    own: Counter = Counter()
    total: Counter = Counter()
    samples = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_frame(f) for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        samples += n
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    if not samples:
        return "(no samples: the process was idle)"
    lines = [f"{samples} samples (busy stacks only)", "", "self %   function"]
    lines += [f"{100 * n / samples:6.1f}   {f}" for f, n in own.most_common(top)]
    lines += ["", "total %  function (anywhere on the stack)"]
    lines += [f"{100 * n / samples:6.1f}   {f}" for f, n in total.most_common(top)]
    ours = [(f, n) for f, n in total.most_common()
            if f.split(" (", 1)[-1].startswith(OURS) and not f.split(" (", 1)[-1].startswith("benchmarks/")]
    lines += ["", "total %  Kiepe's own functions (bot/, nlu/, ordering/, integrations/)"]
    lines += [f"{100 * n / samples:6.1f}   {f}" for f, n in ours[:top]]
    return "\n".join(lines) + "\n"
