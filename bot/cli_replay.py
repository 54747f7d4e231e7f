"""``kiepe replay PATH… [--catalog CATALOG] [--json] [--failures]``: scripted conversations, checked.

A PATH is a conversations file or a folder of them. A file may name its own catalog
(top-level ``catalog:``, relative to the file); ``--catalog`` overrides it, and without
either the configured region file is used."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    replay = subparsers.add_parser("replay", help="play kiepe-conversations/1 files through the dialogue and NLU")
    replay.add_argument("files", type=Path, nargs="+", metavar="PATH",
                        help="conversation files, or folders of them")
    replay.add_argument("--catalog", type=Path, default=None,
                        help="kiepe-catalog/1 file (default: the file's own `catalog:`, else the demo region)")
    replay.add_argument("--json", action="store_true", help="one JSON object per conversation and line")
    replay.add_argument("--failures", action="store_true",
                        help="print only the conversations that failed (and the counts)")
    replay.add_argument("--no-nlu", action="store_true", help="do not start Rasa (rule-based understanding only)")
    replay.set_defaults(func=_replay)


def _replay(args: argparse.Namespace) -> int:
    from bot.replay import ReplayFileError, conversation_files, load_file

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    try:
        files = [(path, *load_file(path)) for path in conversation_files(args.files)]
    except ReplayFileError as exc:
        print(f"kiepe replay: {exc}", file=sys.stderr)
        return 2
    if not files:
        print("kiepe replay: no conversation files found", file=sys.stderr)
        return 2
    server = None
    if settings.rasa_manage and not args.no_nlu:
        from nlu import rasa_env

        try:
            server = rasa_env.ensure_running(settings.rasa_url, timeout=900, verbose=False)
        except Exception as exc:  # noqa: BLE001 - replay still runs, on rule-based understanding
            print(f"kiepe replay: NLU server not available ({exc}); understanding without it", file=sys.stderr)
    try:
        return asyncio.run(_run(args, settings, files))
    finally:
        if server is not None:
            server.stop()


async def _run(args, settings, files) -> int:
    from bot.composition import build_container
    from bot.replay import Replayer, dumps, render_text

    nlu = None
    if args.no_nlu:
        from nlu.offline import OfflineNlu

        nlu = OfflineNlu()
    passed = failed = 0
    replayers: dict[Path, Replayer] = {}
    try:
        for path, scripts, own_catalog in files:
            catalog = Path(args.catalog or own_catalog or settings.region_file)
            if catalog not in replayers:
                replayers[catalog] = Replayer(catalog, settings, build_container, nlu=nlu)
            file_passed = file_failed = 0
            for script in scripts:
                outcome = await replayers[catalog].run(script)
                if not args.failures or outcome.passed is False:
                    print(dumps(outcome) if args.json else render_text(outcome), flush=True)
                file_passed += outcome.passed is True
                file_failed += outcome.passed is False
            if len(files) > 1 and not args.json:
                print(f"{path}: {file_passed} passed, {file_failed} failed", flush=True)
            passed, failed = passed + file_passed, failed + file_failed
    finally:
        for replayer in replayers.values():
            replayer.close()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
