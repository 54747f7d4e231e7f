"""``kiepe replay FILE [--catalog CATALOG] [--json]``: scripted conversations, checked."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    replay = subparsers.add_parser("replay", help="play a kiepe-conversations/1 file through the dialogue and NLU")
    replay.add_argument("file", type=Path, help="the conversations file")
    replay.add_argument("--catalog", type=Path, default=None, help="kiepe-catalog/1 file (default: the demo region)")
    replay.add_argument("--json", action="store_true", help="one JSON object per conversation and line")
    replay.add_argument("--no-nlu", action="store_true", help="do not start Rasa (rule-based understanding only)")
    replay.set_defaults(func=_replay)


def _replay(args: argparse.Namespace) -> int:
    from bot.replay import ReplayFileError, Replayer, dumps, load_scripts, render_text

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    try:
        scripts = load_scripts(args.file)
    except ReplayFileError as exc:
        print(f"kiepe replay: {exc}", file=sys.stderr)
        return 2
    server = None
    if settings.rasa_manage and not args.no_nlu:
        from nlu import rasa_env

        try:
            server = rasa_env.ensure_running(settings.rasa_url, timeout=900, verbose=False)
        except Exception as exc:  # noqa: BLE001 - replay still runs, on rule-based understanding
            print(f"kiepe replay: NLU server not available ({exc}); understanding without it", file=sys.stderr)
    try:
        return asyncio.run(_run(args, settings, scripts, Replayer, dumps, render_text))
    finally:
        if server is not None:
            server.stop()


async def _run(args, settings, scripts, replayer_cls, dumps, render_text) -> int:
    nlu = None
    if args.no_nlu:
        from nlu.offline import OfflineNlu

        nlu = OfflineNlu()
    replayer = replayer_cls(args.catalog or settings.region_file, settings, nlu=nlu)
    passed = failed = 0
    try:
        for script in scripts:
            outcome = await replayer.run(script)
            print(dumps(outcome) if args.json else render_text(outcome), flush=True)
            if outcome.passed is True:
                passed += 1
            elif outcome.passed is False:
                failed += 1
    finally:
        replayer.close()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
