"""``kiepe serve``: prepare the database, start the NLU server if needed, serve the app."""

from __future__ import annotations

import argparse
import logging

from bot.settings import get_settings

log = logging.getLogger("kiepe")


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="run Kiepe (API, channels, web chat) on embedded defaults")
    serve.add_argument("--host", default=None, help="default: KIEPE_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: KIEPE_PORT or 8000")
    serve.add_argument("--no-nlu", action="store_true", help="do not start the Rasa server (buttons only)")
    serve.add_argument("--workers", type=int, default=1,
                       help="app processes (PostgreSQL only; see bot/serve_workers.py for what runs where)")
    serve.add_argument("--no-jobs", action="store_true",
                       help="with --workers: leave the outbox, reminders and expiry to a separate `kiepe worker`")
    serve.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from bot import cli_serve_workers as several
    from bot.logs import configure_logging
    from bot.production import check_safe_to_serve

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    host, port = args.host or settings.host, args.port or settings.port
    settings = settings.model_copy(update={"host": host, "port": port})
    check_safe_to_serve(settings)  # before touching the database: weak secrets never go online
    several.refuse_unless_possible(settings, args.workers)  # SystemExit: several need PostgreSQL
    metrics_folder = several.prepare_environment(settings, host, port) if args.workers > 1 else None

    import uvicorn

    from bot.app import create_app  # after prepare_environment: PROMETHEUS_MULTIPROC_DIR is read on import
    from bot.bootstrap import prepare
    from bot.composition import build_container

    container = build_container(settings)
    for line in prepare(container):
        log.info(line)
    rasa = _start_nlu(settings.rasa_url) if settings.rasa_manage and not args.no_nlu else None
    print(f"\nKiepe läuft: http://{host}:{port}/  (API: http://{host}:{port}/docs)\n", flush=True)
    try:
        if args.workers > 1:
            several.serve(settings, host, port, args.workers, jobs=not args.no_jobs, metrics_folder=metrics_folder)
            return 0
        # log_config=None: uvicorn's own loggers go through the structured, redacting root handler.
        uvicorn.run(create_app(container), host=host, port=port, log_level=settings.log_level.lower(), log_config=None)
    finally:
        if rasa is not None:
            rasa.stop()  # the Rasa server we started goes with us
    return 0


def _start_nlu(url: str):
    """Start Rasa when none answers (first time: its venv and model, a few minutes);
    Kiepe still runs, with buttons and simple sentences, if that fails."""
    if "," in url:
        log.info("several Rasa servers configured (%s): they are started elsewhere, not by kiepe serve", url)
        return None
    try:
        from nlu import rasa_env

        log.info("starting the NLU server (Rasa) at %s …", url)
        return rasa_env.ensure_running(url, timeout=900)
    except Exception as exc:  # noqa: BLE001 - the dialogue degrades to buttons without NLU
        log.warning("NLU server not available (%s); the dialogue will offer buttons only", exc)
        return None
