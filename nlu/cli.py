"""`kiepe nlu ...` commands: train, serve, evaluate.

bot/cli.py calls `register(subparsers)`; until then:  python -m nlu.cli nlu train|serve|evaluate
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu import rasa_env
from nlu.intents import Intent

CART_INTENTS = frozenset({Intent.ADD_ITEMS, Intent.CHANGE_ITEM, Intent.REMOVE_ITEM})
_MARKUP = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<ent>[^)]+)\)|(?P<meta>\{[^}]*\}))")


@dataclass(frozen=True)
class GoldEntity:
    entity: str
    start: int
    end: int
    group: str | None


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[GoldEntity, ...]


def parse_markup(line: str) -> tuple[str, tuple[GoldEntity, ...]]:
    """Rasa's inline annotation ([text](entity) / [text]{"entity": ..}) -> plain text + spans."""
    out: list[str] = []
    ents: list[GoldEntity] = []
    pos = 0
    length = 0
    for m in _MARKUP.finditer(line):
        plain = line[pos:m.start()]
        out.append(plain)
        length += len(plain)
        text = m.group("text")
        if m.group("ent"):
            entity, group = m.group("ent").split(":")[0], None
        else:
            meta = json.loads(m.group("meta"))
            entity, group = meta["entity"], meta.get("group")
        ents.append(GoldEntity(entity, length, length + len(text),
                               None if group is None else str(group)))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), tuple(ents)


def load_examples(path: Path) -> list[Example]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = []
    for block in doc.get("nlu", []):
        if "intent" not in block:
            continue
        for raw in block["examples"].splitlines():
            raw = raw.strip()
            if raw.startswith("- "):
                text, ents = parse_markup(raw[2:].strip())
                examples.append(Example(text, block["intent"], ents))
    return examples


@dataclass
class Scores:
    n: int
    intent_correct: int
    ent_tp: int
    ent_fp: int
    ent_fn: int
    grp_tp: int
    grp_fp: int
    grp_fn: int
    errors: list[str]
    item_n: int = 0
    item_correct: int = 0

    @staticmethod
    def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def intent_accuracy(self) -> float:
        return self.intent_correct / self.n if self.n else 0.0


async def score_holdout(url: str, examples: list[Example]) -> Scores:
    from nlu.client import RasaNluClient

    s = Scores(len(examples), 0, 0, 0, 0, 0, 0, 0, [])
    async with RasaNluClient(url, timeout=10.0, failure_threshold=1000) as client:
        for ex in examples:
            res = await client.parse(ex.text)
            if not res.available:
                raise SystemExit(f"NLU server at {url} did not answer: {res.intent}")
            if res.intent == ex.intent:
                s.intent_correct += 1
            else:
                s.errors.append(f"intent  {ex.intent:>14} -> {res.intent:<14} "
                                f"({res.confidence:.2f})  {ex.text}")
            gold = {(e.entity, e.start, e.end) for e in ex.entities}
            pred = {(e.entity, e.start, e.end) for e in res.entities}
            gold_g = {(e.entity, e.start, e.end, e.group) for e in ex.entities}
            pred_g = {(e.entity, e.start, e.end, e.group) for e in res.entities}
            s.ent_tp += len(gold & pred)
            s.ent_fp += len(pred - gold)
            s.ent_fn += len(gold - pred)
            s.grp_tp += len(gold_g & pred_g)
            s.grp_fp += len(pred_g - gold_g)
            s.grp_fn += len(gold_g - pred_g)
            gold_items = _gold_items(ex) if ex.intent in CART_INTENTS else []
            if gold_items:
                s.item_n += 1
                if res.item_groups() == gold_items:
                    s.item_correct += 1
                else:
                    s.errors.append(f"items   {_fmt_items(res.item_groups())} != "
                                    f"{_fmt_items(gold_items)}  {ex.text}")
            if gold_g != pred_g:
                missing = ", ".join(f"{ex.text[a:b]}={e}/{g}" for e, a, b, g in
                                    sorted(gold_g - pred_g, key=lambda t: t[1]))
                extra = ", ".join(f"{res.text[a:b]}={e}/{g}" for e, a, b, g in
                                  sorted(pred_g - gold_g, key=lambda t: t[1]))
                s.errors.append(f"entity  missing [{missing}] extra [{extra}]  {ex.text}")
    return s


def _gold_items(ex: Example) -> list[dict[str, str | None]]:
    from nlu.result import Entity, NluResult

    ents = tuple(Entity(e.entity, ex.text[e.start:e.end], e.start, e.end, group=e.group)
                 for e in ex.entities)
    return NluResult(ex.text, ex.intent, entities=ents).item_groups()


def _fmt_items(items: list[dict[str, str | None]]) -> str:
    return "[" + "; ".join(" ".join(v for v in it.values() if v) for it in items) + "]"


def _print_scores(s: Scores, examples: list[Example], seconds: float) -> None:
    per_intent = Counter(e.intent for e in examples)
    wrong = Counter(line.split()[1] for line in s.errors if line.startswith("intent"))
    print(f"\nHeld-out set: {rasa_env._rel(rasa_env.HOLDOUT)}  ({s.n} utterances, "
          f"{len(per_intent)} intents, {sum(len(e.entities) for e in examples)} entities; "
          f"{seconds / max(s.n, 1) * 1000:.0f} ms per parse)")
    print(f"  intent accuracy        {s.intent_accuracy:7.2%}  ({s.intent_correct}/{s.n})")
    p, r, f = s.f1(s.ent_tp, s.ent_fp, s.ent_fn)
    print(f"  entity micro-F1        {f:7.2%}  (precision {p:.2%}, recall {r:.2%}; "
          "type + exact span)")
    p, r, f = s.f1(s.grp_tp, s.grp_fp, s.grp_fn)
    print(f"  entity+group micro-F1  {f:7.2%}  (precision {p:.2%}, recall {r:.2%}; "
          "type + span + group)")
    if s.item_n:
        print(f"  cart items exact       {s.item_correct / s.item_n:7.2%}  ({s.item_correct}/"
              f"{s.item_n} add/change/remove utterances: item_groups() equals the annotation)")
    if wrong:
        print("  intents with errors:   " + ", ".join(f"{k} {v}/{per_intent[k]}"
                                                       for k, v in wrong.most_common()))
    if s.errors:
        print("\nErrors:")
        for line in s.errors:
            print("  " + line)


def cmd_train(args: argparse.Namespace) -> int:
    t0 = time.monotonic()
    path = rasa_env.train(force=args.force)
    print(f"model: {rasa_env._rel(path)}  ({time.monotonic() - t0:.0f} s)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    server = rasa_env.serve(port=args.port, host=args.host)
    try:
        t0 = time.monotonic()
        with rasa_env.step(True, "loading the model", server.log_path):
            rasa_env.wait_until_ready(server.url, timeout=300, server=server)
        print(f"rasa ready at {server.url} after {time.monotonic() - t0:.0f} s "
              "(POST /model/parse); Ctrl-C stops it", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        server.process.wait()
        return server.process.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


def cmd_evaluate(args: argparse.Namespace) -> int:
    examples = load_examples(rasa_env.HOLDOUT)
    server = None
    url = args.url
    if url is None or not rasa_env.is_ready(url):
        rasa_env.train()
        server = rasa_env.serve(port=rasa_env.free_port())
        url = server.url
    try:
        if server is not None:
            rasa_env.wait_until_ready(url, timeout=300, server=server)
        t0 = time.monotonic()
        scores = asyncio.run(score_holdout(url, examples))
        _print_scores(scores, examples, time.monotonic() - t0)
    finally:
        if server is not None:
            server.stop()
    ok = scores.intent_accuracy >= args.min_intent_accuracy
    if args.folds > 1:
        ok = run_cross_validation(args.folds) and ok
    return 0 if ok else 1


def run_cross_validation(folds: int) -> bool:
    rasa_env.ensure_venv()
    out_dir = rasa_env.LOG_DIR / "cross-validation"
    logfile = rasa_env.LOG_DIR / "cross-validation.log"
    print(f"\nCross-validation on the training data ({folds} folds, log: "
          f"{rasa_env._rel(logfile)}) ...", flush=True)
    t0 = time.monotonic()
    with open(logfile, "w") as fh:
        proc = subprocess.run(
            rasa_env.rasa_cmd("test", "nlu", "--nlu", str(rasa_env.DATA_DIR), "--config",
                              str(rasa_env.CONFIG), "--domain", str(rasa_env.DOMAIN),
                              "--cross-validation", "--folds", str(folds), "--out", str(out_dir),
                              "--no-plot"),
            stdout=fh, stderr=subprocess.STDOUT, cwd=rasa_env.PROJECT_DIR,
            env=rasa_env.rasa_environ(), check=False)
    summary = [line.split(" - ", 1)[-1].strip() for line in
               logfile.read_text(errors="replace").splitlines()
               if re.search(r"\b(train|test) (Accuracy|F1-score|Precision)\b|evaluation results"
                            r"|Entity extractor:|CV evaluation", line)]
    print(f"  finished in {time.monotonic() - t0:.0f} s, exit {proc.returncode}")
    for line in summary:
        print("  " + line)
    return proc.returncode == 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    nlu = subparsers.add_parser("nlu", help="train, serve and evaluate the Rasa NLU")
    sub = nlu.add_subparsers(dest="nlu_command", required=True)

    p = sub.add_parser("train", help="train the model (skipped when up to date)")
    p.add_argument("--force", action="store_true", help="train even if the model is current")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("serve", help="run the Rasa HTTP server (rasa run --enable-api)")
    p.add_argument("--port", type=int, default=rasa_env.DEFAULT_PORT)
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("evaluate", help="held-out intent accuracy / entity F1 and "
                                        "cross-validation")
    p.add_argument("--url", help="use this running server instead of starting one")
    p.add_argument("--folds", type=int, default=3,
                   help="cross-validation folds; 0 or 1 skips cross-validation (default 3)")
    p.add_argument("--min-intent-accuracy", type=float, default=0.0,
                   help="exit 1 when held-out intent accuracy is below this (e.g. 0.95)")
    p.set_defaults(func=cmd_evaluate)
    return nlu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlu.cli")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
