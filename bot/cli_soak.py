"""``kiepe soak [--quick]``: two apps and two workers on PostgreSQL under faults, one table (``benchmarks.soak``).

A command, not a test: it measures and prints; nothing is asserted. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import sys

from bot.settings import REPO_ROOT

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("soak", help="faults survived: apps, workers and Rasa on PostgreSQL, SIGKILLs, "
                                         "an SMS and Telegram outage",
                              description="Run 2 app processes, 2 workers and 2 Rasa servers on a fresh PostgreSQL "
                                          "schema while residents order by the REST API and the web chat; kill a Rasa "
                                          "server, a worker mid-dispatch and an app with SIGKILL, let the SMS "
                                          "provider and Telegram fail for a while; print one table.")
    p.add_argument("--quick", action="store_true", help="about three minutes (default: about eight)")
    p.add_argument("--postgres-url", default=None,
                   help=f"PostgreSQL server (default KIEPE_TEST_POSTGRES_URL or {DEFAULT_POSTGRES}); "
                        "the run uses a schema of its own, dropped afterwards")
    p.add_argument("--residents", type=int, default=None,
                   help="residents ordering by the REST API (default 12, 20 without --quick)")
    p.add_argument("--chatters", type=int, default=None,
                   help="residents in the web chat (default 6, 12 without --quick)")
    p.add_argument("--no-rasa", action="store_true",
                   help="no Rasa servers: the chat runs on rule-based understanding (and no Rasa kill)")
    p.set_defaults(func=_soak)


def _soak(args: argparse.Namespace) -> int:
    if not (REPO_ROOT / "benchmarks" / "soak.py").is_file():
        raise SystemExit(f"kiepe soak: no benchmarks/ folder in {REPO_ROOT}; run it from a checkout of Kiepe")
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from benchmarks import soak

    url = args.postgres_url or os.environ.get("KIEPE_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    table = soak.run(url, quick=args.quick, residents=args.residents, chatters=args.chatters, rasa=not args.no_rasa,
                     say=lambda line: print(f"[soak] {line}", file=sys.stderr, flush=True))
    print(table)
    return 0
