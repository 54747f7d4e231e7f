"""Starts what the benchmark needs, runs every part ``runs`` times, collects the figures.

Order of a full run (each part in processes of its own, on 127.0.0.1):

1. catalog scale (``benchmarks.catalog_scale``), before anything else runs on the machine;
2. booking contention on PostgreSQL (``benchmarks.contention``);
3. the Rasa server (``nlu.rasa_env.serve`` on a free port, trained first when needed);
4. per run: a fresh database (SQLite file or PostgreSQL schema), the app under uvicorn
   (``benchmarks.appserver``), the latency client, then the load client at each concurrency
   while the app's memory (RSS) and CPU time are sampled from ``/proc``;
5. optionally (``--profile``) one more latency pass and one more load pass with py-spy
   attached to the app and to Rasa; the summaries go next to the raw results.

Every child has a deadline and watches its parent; the Rasa server gets a watchdog. Stopping
the benchmark (Ctrl-C, SIGTERM) stops all of them.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks import lifeline
from benchmarks.machine import load_average, machine, postgres_version, versions
from bot.settings import REPO_ROOT

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Options:
    runs: int = 3
    quick: bool = False
    db: str = "sqlite"
    postgres_url: str = field(default_factory=lambda: os.environ.get("KIEPE_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL)
    rasa_url: str | None = None  # an NLU server someone already runs; else one is started
    rasa_model: Path | None = None  # serve this model instead of the current one (trained when missing)
    only: tuple[str, ...] = ("latency", "load", "catalog", "contention")
    samples: int = 80  # timed turns per channel and run
    concurrency: tuple[int, ...] = (50, 200)
    load_seconds: float = 40.0
    load_warmup: float = 20.0
    think: tuple[float, float] = (2.0, 5.0)
    sizes: tuple[int, ...] = (1000, 10000, 100000)
    queries: int = 300
    clients: int = 100
    attempts: int = 3
    windows: int = 4
    capacity: int = 50
    profile: bool = False
    out_dir: Path | None = None
    verbose: bool = True

    @classmethod
    def quick_defaults(cls, **overrides: Any) -> Options:
        values: dict[str, Any] = dict(runs=1, quick=True, samples=12, concurrency=(10, 20), load_seconds=6.0,
                                      load_warmup=2.0, think=(0.5, 1.0), sizes=(1000, 10000), queries=60, clients=20, attempts=2,
                                      windows=2, capacity=10)
        values.update(overrides)
        return cls(**values)


class BenchError(RuntimeError):
    pass


def _say(opts: Options, msg: str) -> None:
    if opts.verbose:
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _free_port() -> int:
    from nlu.rasa_env import free_port

    return free_port()


def _get_json(url: str, timeout: float = 2.0) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    with opener.open(url, timeout=timeout) as resp:
        return json.loads(resp.read())


# ---------------------------------------------------------------- /proc


def proc_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def proc_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process (and its waited-for children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]), int(fields[12])
        return (utime + stime) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


class RssSampler:
    """Samples a process's RSS every ``interval`` seconds while a phase runs."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = proc_rss_mib(self.pid)
            if rss is not None:
                self.peak = max(self.peak, rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)


# ---------------------------------------------------------------- children


class Bench:
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.dir = opts.out_dir or (REPO_ROOT / "var" / "bench" / stamp)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.deadline = 3 * 3600.0 if not opts.quick else 1800.0  # nothing we start outlives this
        self._started = time.monotonic()
        self._procs: list[subprocess.Popen] = []
        self._rasa = None
        self._rasa_guard: subprocess.Popen | None = None
        self.results: dict[str, Any] = {"catalog": [], "contention": [], "latency": [], "load": {},
                                        "app": [], "profile": {}, "notes": []}

    def remaining(self) -> float:
        return max(30.0, self.deadline - (time.monotonic() - self._started))

    def child(self, module: str, config: dict[str, Any], timeout: float, name: str) -> dict[str, Any]:
        cfg, out, log = self.dir / f"{name}.config.json", self.dir / f"{name}.json", self.dir / f"{name}.log"
        config = {**config, "deadline_seconds": timeout + 30}
        cfg.write_text(json.dumps(config, indent=1))
        out.unlink(missing_ok=True)
        with open(log, "w") as fh:
            proc = subprocess.Popen([sys.executable, "-m", module, str(cfg), str(out)], cwd=REPO_ROOT,
                                    stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
            self._procs.append(proc)
            try:
                code = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._stop_proc(proc)
                raise BenchError(f"{module} did not finish within {timeout:.0f} s; see {log}") from None
            finally:
                self._procs.remove(proc)
        if code != 0 or not out.exists():
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            raise BenchError(f"{module} failed ({code}); see {log}:\n{tail}")
        return json.loads(out.read_text())

    @staticmethod
    def _stop_proc(proc: subprocess.Popen, timeout: float = 15.0) -> None:
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: the group is ours alone
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def close(self) -> None:
        for proc in list(self._procs):
            self._stop_proc(proc)
        if self._rasa is not None:
            self._rasa.stop()
            self._rasa = None
        if self._rasa_guard is not None and self._rasa_guard.poll() is None:
            self._rasa_guard.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._rasa_guard.wait(5)

    # ------------------------------------------------------------ Rasa

    def start_rasa(self) -> str:
        if self.opts.rasa_url:
            from nlu import rasa_env

            rasa_env.wait_until_ready(self.opts.rasa_url, timeout=120)
            self.results["notes"].append(f"NLU: the Rasa server already running at {self.opts.rasa_url}")
            return self.opts.rasa_url
        from nlu import rasa_env

        if self.opts.rasa_model:
            model = Path(self.opts.rasa_model)
            if not model.exists():
                raise BenchError(f"no Rasa model at {model}")
            if model != rasa_env.model_path():
                self.results["notes"].append(f"NLU model {model.name} given with --rasa-model (the current "
                                             f"training data would make {rasa_env.model_path().name})")
        else:
            _say(self.opts, f"Rasa: model {rasa_env.model_path().name} (trained first when missing) ...")
            model = rasa_env.train(verbose=self.opts.verbose)
        self._rasa = rasa_env.serve(port=_free_port(), model=model, verbose=self.opts.verbose)
        self._rasa_guard = lifeline.guard_group(self._rasa.process.pid, self.remaining())
        rasa_env.wait_until_ready(self._rasa.url, timeout=600, server=self._rasa)
        _say(self.opts, f"Rasa ready at {self._rasa.url} (pid {self._rasa.process.pid})")
        return self._rasa.url

    @property
    def rasa_pid(self) -> int | None:
        return self._rasa.process.pid if self._rasa is not None else None

    # ------------------------------------------------------------ the app

    def _database(self, run: int) -> tuple[str, str | None]:
        if self.opts.db == "sqlite":
            path = self.dir / f"run{run}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}", None
        from sqlalchemy import create_engine, text

        url = _pg_url(self.opts.postgres_url)
        schema = f"bench_app_{uuid.uuid4().hex[:10]}"
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}options=-csearch_path%3D{schema}", schema

    def _drop_schema(self, schema: str | None) -> None:
        if not schema:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(_pg_url(self.opts.postgres_url))
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()

    @contextlib.contextmanager
    def app(self, run: int, rasa_url: str, secrets_: dict[str, str]):
        db_url, schema = self._database(run)
        port = _free_port()
        config = {"database_url": db_url, "port": port, "rasa_url": rasa_url,
                  "telegram_secret": secrets_["telegram"], "twilio_token": secrets_["twilio"],
                  "deadline_seconds": self.remaining()}
        cfg, log = self.dir / f"app-run{run}.config.json", self.dir / f"app-run{run}.log"
        cfg.write_text(json.dumps(config, indent=1))
        fh = open(log, "w")
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.appserver", str(cfg)], cwd=REPO_ROOT,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        self._procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        try:
            t0 = time.monotonic()
            while True:
                if proc.poll() is not None:
                    raise BenchError(f"the app exited with {proc.returncode}; see {log}:\n"
                                     + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
                with contextlib.suppress(OSError, ValueError):
                    if _get_json(f"{url}/healthz").get("status") == "ok":
                        _get_json(f"{url}/_bench/telegram/sent?chat_id=0")
                        break
                if time.monotonic() - t0 > 240:
                    raise BenchError(f"the app did not answer within 240 s; see {log}")
                time.sleep(0.25)
            _say(self.opts, f"app ready at {url} (pid {proc.pid}, {self.opts.db}) in {time.monotonic() - t0:.1f} s")
            yield url, proc.pid
        finally:
            self._stop_proc(proc)
            self._procs.remove(proc)
            fh.close()
            self._drop_schema(schema)

    # ------------------------------------------------------------ parts

    def catalog(self) -> None:
        o = self.opts
        for run in range(o.runs):
            _say(o, f"catalog scale, run {run + 1}/{o.runs}: sizes {', '.join(map(str, o.sizes))} ...")
            r = self.child("benchmarks.catalog_scale", {"sizes": list(o.sizes), "queries": o.queries},
                           timeout=900, name=f"catalog-run{run}")
            self.results["catalog"].append(r)

    def contention(self) -> None:
        o = self.opts
        pg = postgres_version(_pg_url(o.postgres_url))
        if pg is None:
            self.results["notes"].append(f"contention skipped: PostgreSQL not reachable at {o.postgres_url}")
            _say(o, self.results["notes"][-1])
            return
        for run in range(o.runs):
            _say(o, f"contention, run {run + 1}/{o.runs}: {o.clients} clients × {o.attempts} bookings, "
                    f"{o.windows} windows × {o.capacity} places ...")
            r = self.child("benchmarks.contention",
                           {"postgres_url": _pg_url(o.postgres_url), "clients": o.clients, "attempts": o.attempts,
                            "windows": o.windows, "capacity": o.capacity}, timeout=600, name=f"contention-run{run}")
            self.results["contention"].append(r)

    def served(self, rasa_url: str) -> None:
        o = self.opts
        secrets_ = {"telegram": secrets.token_urlsafe(24), "twilio": secrets.token_hex(16)}
        for run in range(o.runs):
            with self.app(run, rasa_url, secrets_) as (url, pid):
                app_info: dict[str, Any] = {"run": run, "rss_start_mib": proc_rss_mib(pid)}
                if "latency" in o.only:
                    _say(o, f"latency, run {run + 1}/{o.runs}: {o.samples} turns per channel ...")
                    cpu0, rasa0, sql0 = proc_cpu_s(pid), self._rasa_cpu(), _statements(url)
                    r = self.child("benchmarks.driver", self._latency_config(url, rasa_url, secrets_, run),
                                   timeout=120 + o.samples * 20, name=f"latency-run{run}")
                    r["app_cpu_s"] = _delta(proc_cpu_s(pid), cpu0)
                    r["rasa_cpu_s"] = _delta(self._rasa_cpu(), rasa0)
                    r["sql_statements"] = _delta(_statements(url), sql0)
                    self.results["latency"].append(r)
                if "load" in o.only:
                    for n in o.concurrency:
                        _say(o, f"load, run {run + 1}/{o.runs}: {n} concurrent conversations for "
                                f"{o.load_warmup:.0f} + {o.load_seconds:.0f} s ...")
                        cpu0, rasa0, sql0 = proc_cpu_s(pid), self._rasa_cpu(), _statements(url)
                        with RssSampler(pid) as rss:
                            r = self.child("benchmarks.driver", self._load_config(url, n, run),
                                           timeout=o.load_warmup + o.load_seconds + 240, name=f"load{n}-run{run}")
                        r["rss_peak_mib"] = round(rss.peak, 1)
                        r["rss_after_mib"] = proc_rss_mib(pid)
                        r["app_cpu_s"] = _delta(proc_cpu_s(pid), cpu0)
                        r["rasa_cpu_s"] = _delta(self._rasa_cpu(), rasa0)
                        r["sql_statements"] = _delta(_statements(url), sql0)
                        r["load_average"] = round(load_average(), 2)
                        self.results["load"].setdefault(str(n), []).append(r)
                app_info["rss_end_mib"] = proc_rss_mib(pid)
                self.results["app"].append(app_info)
        if o.profile:
            self.profile(rasa_url, secrets_)

    def _rasa_cpu(self) -> float | None:
        return proc_cpu_s(self.rasa_pid) if self.rasa_pid else None

    def _latency_config(self, url: str, rasa_url: str, secrets_: dict[str, str], run: int) -> dict[str, Any]:
        return {"mode": "latency", "app_url": url, "rasa_url": rasa_url, "telegram_secret": secrets_["telegram"],
                "twilio_token": secrets_["twilio"], "samples": self.opts.samples, "warmup": 3,
                "turns_per_conversation": 4, "id_base": 1_000_000 * (run + 1)}

    def _load_config(self, url: str, n: int, run: int) -> dict[str, Any]:
        o = self.opts
        return {"mode": "load", "app_url": url, "concurrency": n, "duration": o.load_seconds,
                "think_min": o.think[0], "think_max": o.think[1], "warmup": o.load_warmup, "seed": run * 1000 + n,
                "request_timeout": 30.0}

    # ------------------------------------------------------------ profile

    def profile(self, rasa_url: str, secrets_: dict[str, str]) -> None:
        """One more latency pass and one more load pass at the highest concurrency, with py-spy."""
        from benchmarks import profiling

        o = self.opts
        if not profiling.available():
            self.results["notes"].append("profile skipped: py-spy is not installed (pip install py-spy)")
            return
        with self.app(o.runs, rasa_url, secrets_) as (url, pid):
            targets = {"app-wall": (pid, False), "app-cpu": (pid, True),
                       **({"rasa-cpu": (self.rasa_pid, True)} if self.rasa_pid else {})}
            _say(o, "profile: latency pass with py-spy on the app and Rasa ...")
            with profiling.record(targets, self.dir, "latency") as prof:
                self.child("benchmarks.driver", self._latency_config(url, rasa_url, secrets_, o.runs + 1),
                           timeout=120 + o.samples * 20, name="latency-profiled")
            self.results["profile"]["latency"] = prof.summaries
            n = max(o.concurrency)
            _say(o, f"profile: load pass ({n} conversations) with py-spy ...")
            with profiling.record(targets, self.dir, f"load{n}") as prof:
                self.child("benchmarks.driver", self._load_config(url, n, o.runs + 1),
                           timeout=o.load_warmup + o.load_seconds + 240, name=f"load{n}-profiled")
            self.results["profile"][f"load{n}"] = prof.summaries

    # ------------------------------------------------------------ all

    def run(self) -> dict[str, Any]:
        o = self.opts
        info = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
                "load_average_start": round(load_average(), 2)}
        from nlu import rasa_env

        info["versions"] = versions(rasa_env.venv_bin("python"))
        info["versions"]["PostgreSQL"] = postgres_version(_pg_url(o.postgres_url))
        self.results["info"] = info
        self.results["options"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(o).items()}
        if "catalog" in o.only:
            self.catalog()
        if "contention" in o.only:
            self.contention()
        if {"latency", "load"} & set(o.only):
            rasa_url = self.start_rasa()
            with contextlib.suppress(Exception):
                info["rasa_server_version"] = _get_json(f"{rasa_url}/version").get("version")
            self.served(rasa_url)
        info["load_average_end"] = round(load_average(), 2)
        info["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        (self.dir / "results.json").write_text(json.dumps(self.results, indent=1))
        return self.results


def _statements(url: str) -> float | None:
    try:
        return float(_get_json(f"{url}/_bench/stats")["statements"])
    except (OSError, ValueError, KeyError):
        return None


def _delta(a: float | None, b: float | None) -> float | None:
    return round(a - b, 3) if a is not None and b is not None else None


def _pg_url(url: str) -> str:
    return "postgresql+psycopg://" + url[len("postgresql://"):] if url.startswith("postgresql://") else url


def run(opts: Options) -> tuple[dict[str, Any], Path]:
    """Run the benchmark; returns the raw results and the directory they were written to."""
    bench = Bench(opts)
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        return bench.run(), bench.dir
    finally:
        bench.close()
        signal.signal(signal.SIGTERM, previous)


def _raise_exit(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)
