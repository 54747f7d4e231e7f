"""``kiepe serve --workers N``: several app processes on PostgreSQL (used by ``bot.cli_serve``).

What each process keeps in memory, and whether several of them are safe:

* conversations, carts, web sessions, call state, Telegram links: in the database: safe;
* the dialogue's catalog cache: checked against the catalog's revision every turn: safe;
* admission control (``KIEPE_MAX_TURNS_IN_FLIGHT``): per process, so N workers admit N times
  as many turns: intended (each worker has its own event loop to protect);
* rate limits: in each process's memory unless ``KIEPE_REDIS_URL`` is set; without Redis every
  limit is N times looser, so a warning is logged;
* Prometheus counters: per process; ``PROMETHEUS_MULTIPROC_DIR`` (set here to a fresh folder
  when it is not set) lets any worker's ``/metrics`` add them all up;
* the outbox dispatcher, shop reminders and the expiry job: *not* safe N times over (two
  processes could both write the same reminder). The app workers therefore run none of them;
  they run once, in this supervising process, beside uvicorn's workers, or in a separate
  ``kiepe worker`` (``--no-jobs``).

SQLite is refused: one file, one writer at a time, one machine; several processes only queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
import threading
from pathlib import Path

from bot.settings import REPO_ROOT, Settings

log = logging.getLogger("kiepe")


class WorkersRefused(SystemExit):
    pass


def refuse_unless_possible(settings: Settings, workers: int) -> None:
    if workers < 1:
        raise WorkersRefused("kiepe serve: --workers must be at least 1")
    if workers > 1 and not settings.database_url.startswith("postgresql"):
        raise WorkersRefused(
            f"kiepe serve: --workers {workers} needs PostgreSQL. SQLite (the embedded default, "
            f"{settings.database_url}) takes one writer at a time in one file, so several processes would "
            "only wait for each other. Set KIEPE_DATABASE_URL=postgresql+psycopg://user@host/db "
            "(then `kiepe db upgrade`), or serve with one worker.")


def prepare_environment(settings: Settings, host: str, port: int) -> Path | None:
    """Before any worker starts (and before prometheus-client is imported here): the settings
    every worker reads from the environment. Returns the metrics folder made here, if any."""
    os.environ["KIEPE_HOST"], os.environ["KIEPE_PORT"] = host, str(port)
    # the app processes run no worker: the outbox and the timed jobs run once, here or in `kiepe worker`
    os.environ["KIEPE_IN_PROCESS_WORKER"] = "false"
    if not settings.redis_url:
        log.warning("several workers without KIEPE_REDIS_URL: every rate limit counts per process, "
                    "so each is as many times looser as there are workers")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    if "prometheus_client" in sys.modules:
        log.warning("prometheus_client was imported before PROMETHEUS_MULTIPROC_DIR was set: this "
                    "process's own metrics (the jobs) are not in /metrics")
    folder = REPO_ROOT / "var" / "prometheus" / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)  # counters of a former run must not add up with ours
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def start_jobs(settings: Settings) -> threading.Thread:
    """The worker (outbox dispatch, reminders, expiry, reconcile, windows: ``bot.worker``), once,
    in a thread of this (supervising) process; daemonic, so it ends with ``kiepe serve``. Its
    claims are leases, so a `kiepe worker` beside it never runs a job twice."""

    def run() -> None:
        from bot.composition import build_container
        from bot.worker import Worker

        container = build_container(settings.model_copy(update={"in_process_worker": True}))
        asyncio.run(Worker(container, kind="serve").run())

    thread = threading.Thread(target=run, name="kiepe-jobs", daemon=True)
    thread.start()
    return thread


def create_worker_app():
    """uvicorn's factory in each worker process: Kiepe from the environment, logging as in ``kiepe serve``."""
    from bot.app import create_app
    from bot.logs import configure_logging
    from bot.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import atexit

        from prometheus_client import multiprocess

        # a worker that ends takes its live gauges (turns in flight, waiting) out of the sum
        atexit.register(multiprocess.mark_process_dead, os.getpid())
    return create_app()


def serve(settings: Settings, host: str, port: int, workers: int, *, jobs: bool,
          metrics_folder: Path | None) -> None:
    """uvicorn with ``workers`` processes (spawned, not forked), each building Kiepe from the
    environment ``prepare_environment`` set."""
    import uvicorn

    if jobs:
        start_jobs(settings)
        log.info("outbox, reminders and expiry run once, in this supervising process")
    else:
        log.info("outbox, reminders and expiry are left to a separate `kiepe worker`")
    try:
        uvicorn.run("bot.cli_serve_workers:create_worker_app", factory=True, host=host, port=port,
                    workers=workers, log_level=settings.log_level.lower(), log_config=None)
    finally:
        if metrics_folder is not None:
            shutil.rmtree(metrics_folder, ignore_errors=True)
