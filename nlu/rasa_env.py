"""Manage the Rasa NLU server that Kiepe talks to over HTTP.

Rasa 3.6 needs Python 3.10 and pins libraries (SQLAlchemy 1.4, pydantic 1, TensorFlow 2.12)
that clash with Kiepe's own, so it lives in its own virtualenv `.venv-rasa/` in the repo root,
created on first use from `nlu/rasa-requirements.txt`.  Everything here works from a clean
clone: `ensure_venv()` installs, `train()` trains (skipping when a model for exactly this
config/domain/data already exists), `serve()` starts `rasa run --enable-api` as a subprocess.

Python 3.10 is found via $KIEPE_RASA_PYTHON, else `pyenv root`/versions/3.10.*, else
`python3.10` on PATH.  Logs go to var/rasa/.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Self

from ordering.errors import ConfigurationError

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = REPO_ROOT / "nlu"
PROJECT_DIR = NLU_DIR / "rasa_project"
CONFIG = PROJECT_DIR / "config.yml"
DOMAIN = PROJECT_DIR / "domain.yml"
DATA_DIR = PROJECT_DIR / "data"
MODELS_DIR = PROJECT_DIR / "models"
HOLDOUT = PROJECT_DIR / "eval" / "holdout.yml"
REQUIREMENTS = NLU_DIR / "rasa-requirements.txt"
VENV_DIR = REPO_ROOT / ".venv-rasa"
LOG_DIR = REPO_ROOT / "var" / "rasa"
DEFAULT_PORT = 5005
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"


class RasaEnvError(ConfigurationError):
    pass


# --------------------------------------------------------------------------------------------
# virtualenv
# --------------------------------------------------------------------------------------------
def find_python310() -> str:
    env = os.environ.get("KIEPE_RASA_PYTHON")
    if env:
        if not Path(env).exists() and not shutil.which(env):
            raise RasaEnvError(f"KIEPE_RASA_PYTHON={env} does not exist")
        return env
    candidates: list[str] = []
    pyenv = shutil.which("pyenv")
    roots = []
    if pyenv:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            roots.append(subprocess.run([pyenv, "root"], capture_output=True, text=True,
                                        timeout=10, check=True).stdout.strip())
    roots += [os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv")]
    for root in filter(None, roots):
        found = sorted(glob.glob(os.path.join(root, "versions", "3.10.*", "bin", "python")),
                       key=_version_key, reverse=True)
        candidates += found
    if shutil.which("python3.10"):
        candidates.append(shutil.which("python3.10"))  # type: ignore[arg-type]
    for c in candidates:
        if Path(c).exists():
            return c
    raise RasaEnvError("Rasa needs Python 3.10: set KIEPE_RASA_PYTHON, install it with pyenv "
                       "(pyenv install 3.10) or put python3.10 on PATH")


def _version_key(path: str) -> tuple[int, ...]:
    ver = Path(path).parent.parent.name  # .../versions/3.10.13/bin/python
    try:
        return tuple(int(p) for p in ver.split("."))
    except ValueError:
        return (0,)


def _requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]


def venv_bin(name: str) -> Path:
    return VENV_DIR / "bin" / name


def venv_ready() -> bool:
    marker = VENV_DIR / ".kiepe-requirements"
    return (marker.exists() and marker.read_text().strip() == _requirements_hash()
            and venv_bin("rasa").exists())


@contextlib.contextmanager
def _lock(name: str) -> Iterator[None]:
    """Serialise installs/trainings across processes (pytest-xdist workers, parallel CLIs)."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOG_DIR / f".{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_venv(verbose: bool = True) -> Path:
    """Create/refresh .venv-rasa/ when missing or when rasa-requirements.txt changed."""
    if venv_ready():
        return VENV_DIR
    with _lock("venv"):
        if venv_ready():
            return VENV_DIR
        python = find_python310()
        logfile = LOG_DIR / "venv-install.log"
        _say(verbose, f"creating {VENV_DIR.name}/ for Rasa with {python}: once, a few minutes "
                      f"(log: {_rel(logfile)})")
        t0 = time.monotonic()
        if VENV_DIR.exists():
            shutil.rmtree(VENV_DIR)
        with open(logfile, "w") as out:
            with step(verbose, "virtual environment", logfile):
                _run([python, "-m", "venv", str(VENV_DIR)], out)
            with step(verbose, "pip itself", logfile):
                _run([str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check",
                      "--upgrade", "pip"], out)
            with step(verbose, "Rasa and its packages (the long one)", logfile):
                _run([str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check",
                      "-r", str(REQUIREMENTS)], out)
        (VENV_DIR / ".kiepe-requirements").write_text(_requirements_hash() + "\n")
        _say(verbose, f"{VENV_DIR.name}/ ready in {time.monotonic() - t0:.0f} s")
    return VENV_DIR


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, get SIGTERM when the parent dies, so a
    training or server never outlives a killed pytest / CLI (no orphaned TensorFlow)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child_kwargs() -> dict:
    # PDEATHSIG fires when the spawning *thread* ends, so use it only from the main thread
    if sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread():
        return {"preexec_fn": _die_with_parent}
    return {}


def _run(cmd: list[str], out: IO[str], cwd: Path | None = None) -> None:
    out.write("$ " + " ".join(cmd) + "\n")
    out.flush()
    proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=rasa_environ(),
                          check=False, **_child_kwargs())
    if proc.returncode:
        raise RasaEnvError(f"command failed ({proc.returncode}): {' '.join(cmd)}; see {out.name}")


def rasa_environ() -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "RASA_TELEMETRY_ENABLED": "false",   # no calls home
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore",
        "PYTHONUNBUFFERED": "1",
    })
    for var in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"):  # Kiepe's 3.11 venv must not leak
        env.pop(var, None)
    return env


def rasa_cmd(*args: str) -> list[str]:
    return [str(venv_bin("rasa")), *args]


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------
def training_files() -> list[Path]:
    files = [CONFIG, DOMAIN] + sorted(p for p in DATA_DIR.rglob("*")
                                      if p.is_file() and p.suffix in (".yml", ".yaml"))
    return files


def model_hash() -> str:
    """Hash over config, domain, training data and the Rasa pin set."""
    h = hashlib.sha256()
    for p in training_files() + [REQUIREMENTS]:
        h.update(str(p.relative_to(PROJECT_DIR.parent)).encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def model_path(digest: str | None = None) -> Path:
    return MODELS_DIR / f"kiepe-nlu-{digest or model_hash()}.tar.gz"


def train(force: bool = False, verbose: bool = True) -> Path:
    """Train the NLU model unless one for exactly these inputs exists; return its path."""
    target = model_path()
    if target.exists() and not force:
        _say(verbose, f"model up to date: {_rel(target)}")
        return target
    ensure_venv(verbose)
    with _lock("train"):
        if target.exists() and not force:
            return target
        MODELS_DIR.mkdir(parents=True, exist_ok=True)
        logfile = LOG_DIR / "train.log"
        _say(verbose, f"training {_rel(target)} (log: {_rel(logfile)}) ...")
        t0 = time.monotonic()
        # train into a scratch folder and move the finished file in: a killed training must
        # never leave a half-written model under the name that says "up to date"
        scratch = MODELS_DIR / f".training-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            with open(logfile, "w") as out, step(verbose, "training the NLU model", logfile):
                _run(rasa_cmd("train", "nlu", "--config", str(CONFIG), "--domain", str(DOMAIN),
                              "--nlu", str(DATA_DIR), "--out", str(scratch),
                              "--fixed-model-name", target.name.removesuffix(".tar.gz")),
                     out, cwd=PROJECT_DIR)
            built = scratch / target.name
            if not built.exists():
                raise RasaEnvError(f"training finished but {built} is missing; see {logfile}")
            os.replace(built, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        _prune_models(keep=target)
        _say(verbose, f"trained in {time.monotonic() - t0:.0f} s")
    return target


def _prune_models(keep: Path, newest: int = 3) -> None:
    """Drop old models, keeping `keep` and the newest few (other checkouts may still use them)."""
    models = sorted(MODELS_DIR.glob("kiepe-nlu-*.tar.gz"), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    for old in models[newest:]:
        if old != keep:
            old.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# serving
# --------------------------------------------------------------------------------------------
@dataclass
class RasaServer:
    """A `rasa run` subprocess started by `serve()`.  Stop it with `stop()` or `with`."""

    process: subprocess.Popen[bytes]
    url: str
    model: Path
    log_path: Path

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def serve(port: int = DEFAULT_PORT, host: str = "127.0.0.1", model: Path | None = None,
          verbose: bool = True) -> RasaServer:
    """Start `rasa run --enable-api` on host:port with the current model (trained if needed).

    Returns at once; call `wait_until_ready(server.url)` before sending requests.
    """
    model = model or train(verbose=verbose)
    ensure_venv(verbose)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"server-{port}.log"
    cmd = rasa_cmd("run", "--enable-api", "--model", str(model), "--port", str(port),
                   "--interface", host)
    with open(log_path, "w") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_DIR,
                                env=rasa_environ(), start_new_session=True, **_child_kwargs())
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"
    _say(verbose, f"started rasa (pid {proc.pid}) on {url}, log: {_rel(log_path)}")
    return RasaServer(process=proc, url=url, model=model, log_path=log_path)


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with opener.open(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def is_ready(url: str) -> bool:
    """True when a Rasa server answers at url with a model loaded."""
    try:
        status, body = _get(url.rstrip("/") + "/status")
    except (OSError, ValueError):
        return False
    if status != 200:
        return False
    try:
        return bool(json.loads(body).get("model_file"))
    except ValueError:
        return False


def wait_until_ready(url: str, timeout: float = 120.0, server: RasaServer | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_ready(url):
            return
        if server is not None and not server.running:
            raise RasaEnvError(f"rasa exited with {server.process.returncode}; "
                               f"see {server.log_path}:\n{_tail(server.log_path)}")
        time.sleep(0.5)
    raise RasaEnvError(f"rasa at {url} not ready after {timeout:.0f} s"
                       + (f"; see {server.log_path}:\n{_tail(server.log_path)}" if server else ""))


def ensure_running(url: str = DEFAULT_URL, timeout: float = 180.0,
                   verbose: bool = True) -> RasaServer | None:
    """Make sure a Rasa server answers at url.  Returns the server it started, or None when
    one was already running (the caller does not own that one)."""
    if is_ready(url):
        return None
    plan = ([f"create {VENV_DIR.name}/ (a few minutes)"] if not venv_ready() else []) \
        + (["train the model (a few minutes)"] if not model_path().exists() else []) + ["start Rasa"]
    if len(plan) > 1:
        _say(verbose, "first start of the NLU: " + ", then ".join(plan))
    t0 = time.monotonic()
    parts = urllib.parse.urlsplit(url)
    server = serve(port=parts.port or DEFAULT_PORT, host=parts.hostname or "127.0.0.1",
                   verbose=verbose)
    try:
        with step(verbose, "loading the model", server.log_path):
            wait_until_ready(server.url, timeout, server)
    except BaseException:
        server.stop()
        raise
    _say(verbose, f"NLU ready at {server.url} after {time.monotonic() - t0:.0f} s")
    return server


class step:  # noqa: N801 - used as a statement: ``with step(...)``
    """A step of the NLU's set-up, said when it starts and with the time it took when it ends.

    While it runs, every ``every`` seconds a line says how long it has run so far and the last
    line of its log (pip's "Collecting …", Rasa's epochs), so a first start is never minutes
    of silence.
    """

    def __init__(self, verbose: bool, title: str, logfile: Path | None = None, every: float = 15.0) -> None:
        self.verbose, self.title, self.logfile, self.every = verbose, title, logfile, every
        self._done = threading.Event()
        self._t0 = 0.0

    def __enter__(self) -> step:
        self._t0 = time.monotonic()
        _say(self.verbose, f"{self.title} ...")
        if self.verbose:
            threading.Thread(target=self._tick, name="rasa-progress", daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self._done.set()
        took = time.monotonic() - self._t0
        _say(self.verbose, f"{self.title}: {'done' if kind is None else 'failed'} in {_duration(took)}")

    def _tick(self) -> None:
        while not self._done.wait(self.every):
            last = last_log_line(self.logfile) if self.logfile else ""
            _say(self.verbose, f"  ... {self.title}: {_duration(time.monotonic() - self._t0)} so far"
                               + (f" ({last})" if last else ""))


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


def last_log_line(path: Path, width: int = 100) -> str:
    """The last non-empty line of a log (progress bars end theirs with "\\r"), shortened."""
    try:
        with open(path, "rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - 4096))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [x.strip() for x in tail.replace("\r", "\n").split("\n") if x.strip()]
    last = lines[-1] if lines else ""
    return last if len(last) <= width else last[: width - 1] + "…"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _say(verbose: bool, msg: str) -> None:
    log.info(msg)
    if verbose:
        print(f"[rasa] {msg}", file=sys.stderr, flush=True)
