"""``kiepe bench``: latency per turn, load, catalog scale and booking contention in one table.

Starts what it needs (the Rasa server, a fresh SQLite or PostgreSQL database, the app under
uvicorn in a process of its own) on 127.0.0.1, runs every part ``--runs`` times, prints one
table of medians and stops everything again. See :mod:`benchmarks`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import REPO_ROOT

PARTS = ("latency", "load", "catalog", "contention")


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def _think(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    return float(lo), float(hi or lo)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bench", help="benchmarks: latency per turn, load, catalog scale, booking contention",
        description="Measure Kiepe on this machine and print one table (medians of --runs runs). "
                    "Traffic goes to 127.0.0.1 only; everything started is stopped again.")
    p.add_argument("--runs", type=int, default=None, help="runs per figure (default 3; 1 with --quick)")
    p.add_argument("--quick", action="store_true", help="a small smoke run: few turns, small load and catalogs")
    p.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite", help="the app's database")
    p.add_argument("--postgres-url", default=None,
                   help="PostgreSQL server for --db postgresql and the contention part "
                        "(default KIEPE_TEST_POSTGRES_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test); "
                        "every run uses a fresh schema, dropped afterwards")
    p.add_argument("--rasa-url", default=None, help="use this running Rasa server (127.0.0.1) instead of starting one")
    p.add_argument("--rasa-model", type=Path, default=None,
                   help="serve this model (a .tar.gz) rather than the current one, which is trained when missing")
    p.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts ({','.join(PARTS)})")
    p.add_argument("--samples", type=int, default=None, help="timed turns per channel and run (default 80)")
    p.add_argument("--concurrency", type=_ints, default=None, help="load levels (default 50,200)")
    p.add_argument("--load-seconds", type=float, default=None,
                   help="measured seconds per load level, after the warm-up (default 40)")
    p.add_argument("--load-warmup", type=float, default=None,
                   help="seconds over which the residents arrive, not measured (default 20)")
    p.add_argument("--think", type=_think, default=None,
                   help="a resident's think time between turns, uniform LO-HI seconds (default 2-5)")
    p.add_argument("--sizes", type=_ints, default=None, help="catalog sizes (default 1000,10000,100000)")
    p.add_argument("--clients", type=int, default=None, help="contention clients (default 100)")
    p.add_argument("--profile", action="store_true",
                   help="afterwards one more latency and load pass with py-spy on the app and Rasa")
    p.add_argument("--save", type=Path, default=None,
                   help="also write the table here (default var/bench/latest.txt, with --quick latest-quick.txt)")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=_bench)


def _from_checkout() -> None:
    """The benchmarks are not part of the installed package: they are loaded from the checkout."""
    if not (REPO_ROOT / "benchmarks" / "__init__.py").is_file():
        raise SystemExit(f"kiepe bench: no benchmarks/ folder in {REPO_ROOT}; run it from a checkout of Kiepe")
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))


def options_from(args: argparse.Namespace):
    _from_checkout()
    from benchmarks.runner import Options

    only = tuple(x.strip() for x in args.only.split(",") if x.strip())
    unknown = set(only) - set(PARTS)
    if unknown:
        raise SystemExit(f"kiepe bench: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    overrides = {k: v for k, v in {
        "runs": args.runs, "db": args.db, "postgres_url": args.postgres_url, "rasa_url": args.rasa_url,
        "rasa_model": args.rasa_model,
        "only": only, "samples": args.samples, "concurrency": args.concurrency, "load_seconds": args.load_seconds,
        "load_warmup": args.load_warmup,
        "think": args.think, "sizes": args.sizes, "clients": args.clients, "profile": args.profile,
        "verbose": not args.quiet,
    }.items() if v is not None}
    if args.rasa_url and not args.rasa_url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("kiepe bench: --rasa-url must be on 127.0.0.1")
    return Options.quick_defaults(**overrides) if args.quick else Options(**overrides)


def _bench(args: argparse.Namespace) -> int:
    _from_checkout()
    from benchmarks import report, runner

    opts = options_from(args)
    try:
        results, directory = runner.run(opts)
    except runner.BenchError as exc:
        print(f"kiepe bench: {exc}", file=sys.stderr)
        return 1
    if args.save is None:
        args.save = REPO_ROOT / "var" / "bench" / ("latest-quick.txt" if opts.quick else "latest.txt")
    table = report.render(results)
    sys.stdout.write(table)
    (directory / "table.txt").write_text(table)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(table)
    print(f"\nraw results: {directory}/results.json" + (f"; table: {args.save}" if args.save else ""),
          file=sys.stderr)
    for name, _text in results.get("profile", {}).items():
        print(f"profile summaries ({name}): {directory}/profile-{name}-*-summary.txt", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.cli_bench …`` — the same as ``kiepe bench …``."""
    parser = argparse.ArgumentParser(prog="kiepe")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["bench", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
