"""The one table: every figure the median of the runs, its spread, and the target it is held to."""

from __future__ import annotations

from typing import Any

from benchmarks.stats import median, pct, ratio, summary

CHAT_TARGET = 2.0  # chat turn p95 ≤ 2 × floor p95
VOICE_TARGET = 3.0  # voice turn p95 ≤ 3 × floor p95
LOAD_P99_TARGET_MS = 500.0
LOAD_TARGET_CONCURRENCY = 200
CATALOG_P95_TARGET_MS = 20.0
CATALOG_TARGET_SIZE = 100_000


def _f(value: float | None, digits: int = 1, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}{suffix}"


def _spread(values: list[float | None], digits: int = 1) -> str:
    xs = [v for v in values if v is not None]
    if len(xs) < 2:
        return ""
    return f"[{min(xs):.{digits}f}–{max(xs):.{digits}f}]"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "MISSED")


def latency_rows(latency: list[dict[str, Any]]) -> tuple[list[list[str]], dict[str, Any]]:
    """Per channel: median over runs of each run's p50/p95/p99 (ms); ratio = median of per-run ratios."""
    per_run: dict[str, list[dict[str, Any]]] = {"floor": [], "chat": [], "chat_http": [], "voice": []}
    for run in latency:
        for key in per_run:
            per_run[key].append(summary(run["ms"].get(key, [])))
    figures: dict[str, Any] = {}
    for key, runs in per_run.items():
        figures[key] = {p: median(r[p] for r in runs) for p in ("p50", "p95", "p99")}
        figures[key]["spread95"] = _spread([r["p95"] for r in runs])
        figures[key]["n"] = sum(r["n"] for r in runs)
    for key in ("chat", "chat_http", "voice"):
        figures[key]["ratio"] = median(ratio(c["p95"], f["p95"]) for c, f in zip(per_run[key], per_run["floor"]))
    errors = {k: sum(run["errors"].get(k, 0) for run in latency) for k in ("floor", "chat", "voice")}
    rows = []
    labels = {
        "floor": "Floor: Rasa POST /model/parse (bare)",
        "chat": "Chat turn: Telegram webhook → reply sent",
        "voice": "Voice turn: signed Twilio Gather → TwiML",
    }
    targets = {"chat": CHAT_TARGET, "voice": VOICE_TARGET}
    for key in ("floor", "chat", "voice"):
        fig = figures[key]
        target = targets.get(key)
        ok = None if target is None or fig.get("ratio") is None else fig["ratio"] <= target
        rows.append([labels[key], str(fig["n"]), _f(fig["p50"]), _f(fig["p95"]), _f(fig["p99"]), fig["spread95"],
                     _f(fig.get("ratio"), 2, "×") if key != "floor" else "1.00×",
                     f"≤ {target:.0f}× floor p95" if target else "", _verdict(ok), str(errors[key])])
    return rows, figures


def load_rows(load: dict[str, list[dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for n in sorted(load, key=int):
        runs = load[n]
        tps = median(r["turns_per_s"] for r in runs)
        p50 = median(pct(r["ms"], 50) for r in runs)
        p99 = median(pct(r["ms"], 99) for r in runs)
        errors = [r["http_errors"] + r["timeouts"] for r in runs]
        broken = [r["broken_turns"] for r in runs]
        # turned away with a quick 503 (admission control), as a share of all answers
        busy = median(r.get("overloaded", 0) / max(1, r["turns"] + r.get("overloaded", 0)) for r in runs)
        p99_busy = median(pct(r.get("overloaded_ms") or [], 99) for r in runs)
        p99_retried = median(pct(r.get("ms_with_retries") or [], 99) for r in runs)
        client_lag = median(pct(r.get("client_loop_lag_ms") or [], 99) for r in runs)
        placed = median(r["conversations"]["placed"] for r in runs)
        started = median(r["conversations"]["started"] for r in runs)
        rss = median(r.get("rss_peak_mib") for r in runs)
        turns = median(r["turns"] for r in runs)
        app_cpu = median(_per_turn_ms(r.get("app_cpu_s"), r["turns"]) for r in runs)
        sql = median(r["sql_statements"] / (r["turns"] + r.get("turns_outside_window", 0))
                     for r in runs if r.get("sql_statements") is not None and r["turns"])
        rasa_cpu = median(_per_turn_ms(r.get("rasa_cpu_s"), r["turns"]) for r in runs)
        client_cpu = median(_per_turn_ms(r.get("client_cpu_s"), r["turns"]) for r in runs)
        target = int(n) >= LOAD_TARGET_CONCURRENCY
        ok = None
        if target and p99 is not None:
            ok = p99 < LOAD_P99_TARGET_MS and max(errors) == 0 and max(broken) == 0
        rows.append([f"{n} conversations", _f(turns, 0), _f(tps, 1), _spread([r["turns_per_s"] for r in runs]),
                     _f(p50), _f(p99), _spread([pct(r["ms"], 99) for r in runs]), f"{max(errors)}/{max(broken)}",
                     f"{_f(busy * 100 if busy is not None else None, 1)} %", _f(p99_busy), _f(p99_retried), _f(client_lag),
                     f"{_f(placed, 0)}/{_f(started, 0)}", _f(rss, 0),
                     f"{_f(app_cpu, 0)}/{_f(rasa_cpu, 0)}/{_f(client_cpu, 0)}", _f(sql, 0),
                     "p99 < 500 ms, 0 errors" if target else "", _verdict(ok)])
    return rows


def _turns(run: dict[str, Any]) -> int:
    return int(run.get("warmup", 3)) + len(run["ms"]["floor"]) + int(run["errors"].get("floor", 0))


def _app_requests(run: dict[str, Any]) -> int:
    turns, per = _turns(run), int(run.get("turns_per_conversation", 4))
    return 2 * turns + 2 * -(-turns // per)  # timed turns plus /start and /voice/incoming


def _per_turn_ms(cpu_s: float | None, turns: int) -> float | None:
    return cpu_s * 1000 / turns if cpu_s is not None and turns else None


def catalog_rows(catalog: list[list[dict[str, Any]]]) -> list[list[str]]:
    if not catalog:
        return []
    rows = []
    base95 = None
    for i, first in enumerate(catalog[0]):
        runs = [run[i] for run in catalog if i < len(run)]
        p50 = median(r["wall_ms"]["p50"] for r in runs)
        p95 = median(r["wall_ms"]["p95"] for r in runs)
        cpu95 = median(r["cpu_ms"]["p95"] for r in runs)
        build = median(r["build_s"] for r in runs)
        if base95 is None:
            base95 = p95
        growth = ratio(p95, base95)
        target = first["items"] >= CATALOG_TARGET_SIZE
        ok = None if not target or p95 is None else p95 < CATALOG_P95_TARGET_MS
        rows.append([f"{first['items']:,} products".replace(",", " "), str(first["names"]), _f(build, 2),
                     _f(p50, 2), _f(p95, 2), _spread([r["wall_ms"]["p95"] for r in runs], 2), _f(cpu95, 2),
                     _f(growth, 1, "×"), "p95 < 20 ms" if target else "", _verdict(ok)])
    return rows


def contention_rows(contention: list[dict[str, Any]]) -> list[list[str]]:
    if not contention:
        return []
    first = contention[0]
    bps = median(r["bookings_per_s"] for r in contention)
    aps = median(r["attempts_per_s"] for r in contention)
    p95 = median(r["attempt_ms"]["p95"] for r in contention)
    over = sum(r["overbookings"] for r in contention)
    inconsistent = sum(r["inconsistent_windows"] for r in contention)
    errors = sum(r["errors"] + r["hung"] for r in contention)
    booked = median(r["booked"] for r in contention)
    return [[f"{first['clients']} clients, {first['windows']} windows × {first['capacity']}",
             f"{_f(booked, 0)}/{first['attempts']}", _f(bps, 1), _spread([r["bookings_per_s"] for r in contention]),
             _f(aps, 1), _f(p95), str(over), str(inconsistent), str(errors), "0 overbookings", _verdict(over == 0)]]


def _table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda row: indent + "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
    return [fmt(header), indent + "  ".join("-" * w for w in widths), *[fmt(r) for r in rows]]


def render(results: dict[str, Any]) -> str:
    info, opts = results.get("info", {}), results.get("options", {})
    m, v = info.get("machine", {}), info.get("versions", {})
    runs = opts.get("runs")
    lines = [
        f"Kiepe bench — {info.get('started', '?')} → {info.get('finished', '?')}"
        f"{'  (QUICK smoke run: small numbers, not the targets)' if opts.get('quick') else ''}",
        f"Every figure: the median of {runs} run(s); [min–max] over runs where there are several. "
        f"App database: {opts.get('db')}.",
        f"Machine: {m.get('cores')} cores, {m.get('cpu')}, {m.get('memory_gib')} GiB, {m.get('os')}; "
        f"load average {info.get('load_average_start')} at start, {info.get('load_average_end')} at end",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val)
        + (f" (Rasa server says {info['rasa_server_version']})" if info.get("rasa_server_version") else ""),
        "",
    ]
    if results.get("latency"):
        rows, figures = latency_rows(results["latency"])
        lines.append(f"Latency per turn, ms (one client, the same {len(results['latency'][0]['ms']['floor'])} "
                     "utterances interleaved per channel, after 3 warm-up turns each)")
        lines += _table(["", "n", "p50", "p95", "p99", "p95 runs", "p95 ratio", "target", "verdict", "errors"], rows)
        http = figures["chat_http"]
        lines.append(f"  (Telegram webhook HTTP answer: p50 {_f(http['p50'])}, p95 {_f(http['p95'])} ms — "
                     "the reply is sent before the webhook answers)")
        sql = {k: median((run.get("sql_per_turn") or {}).get(k) for run in results["latency"]) for k in ("chat", "voice")}
        cpu = [(_per_turn_ms(run.get("app_cpu_s"), _app_requests(run)),
                _per_turn_ms(run.get("rasa_cpu_s"), 3 * _turns(run))) for run in results["latency"]]
        lines.append(f"  SQL statements per turn: chat {_f(sql['chat'], 0)}, voice {_f(sql['voice'], 0)}; "
                     f"CPU per request: app {_f(median(c[0] for c in cpu), 1)} ms (chat and voice turns and their "
                     f"conversation starts together), Rasa {_f(median(c[1] for c in cpu), 1)} ms per parse")
        lines.append("")
    if results.get("load"):
        think = opts.get("think") or ("?", "?")
        lines.append(f"Load: concurrent web-chat conversations (POST /chat/turn), each greeting → 2–3 shopping "
                     f"lists → bestellen → delivery, postcode, window, name, phone, street → ja; think time "
                     f"{think[0]}–{think[1]} s between turns; residents arrive over {opts.get('load_warmup')} s, then "
                     f"every turn sent in the next {opts.get('load_seconds')} s is counted; client in its own process")
        lines += _table(["", "turns", "turns/s", "runs", "p50", "p99", "p99 runs", "err/broken", "503 share", "p99 503",
                         "p99 with retries", "client lag p99", "orders/conv",
                         "RSS MiB", "CPU ms/turn app/rasa/client", "SQL/turn", "target", "verdict"], load_rows(results["load"]))
        lines.append("  err = HTTP errors + timeouts; broken = turns the dialogue answered with its apology; "
                     "RSS = peak of the app process during the level")
        lines.append("  p50/p99 = answered turns; 503 share = answers that were a quick 503 (turned away under "
                     "overload, sent again after Retry-After like the chat page); p99 503 = how quick those were; "
                     "p99 with retries = from a turn's first attempt to its answer; client lag = how late the load "
                     "client's own event loop ran (when high, the latencies above are the client's queueing too)")
        lines.append("")
    if results.get("catalog"):
        lines.append("Catalog scale: resolve_items per shopping-list utterance (benchmarks.resolution catalogs and "
                     f"utterances, cold score cache), {opts.get('queries')} utterances; wall ms, cpu ms")
        lines += _table(["", "names", "build s", "p50", "p95", "p95 runs", "cpu p95", "p95 growth", "target",
                         "verdict"], catalog_rows(results["catalog"]))
        lines.append("")
    if results.get("contention"):
        lines.append("Contention on PostgreSQL: clients released together, each booking (hold_slot, then "
                     "confirm_hold) random windows among a few, through the app's connection pool "
                     f"({results['contention'][0].get('pool')})")
        lines += _table(["", "booked/attempts", "bookings/s", "runs", "attempts/s", "attempt p95 ms",
                         "overbooked", "inconsistent", "errors", "target", "verdict"],
                        contention_rows(results["contention"]))
        lines.append("")
    verdicts = targets(results)
    if verdicts:
        lines.append("Targets: " + "; ".join(f"{name} {_verdict(ok)}" for name, ok in verdicts))
    for note in results.get("notes", []):
        lines.append(f"Note: {note}")
    return "\n".join(lines).rstrip() + "\n"


def targets(results: dict[str, Any]) -> list[tuple[str, bool | None]]:
    """(target, met?) for every target the results can be held to."""
    out: list[tuple[str, bool | None]] = []
    if results.get("latency"):
        _, fig = latency_rows(results["latency"])
        for key, limit in (("chat", CHAT_TARGET), ("voice", VOICE_TARGET)):
            r = fig[key].get("ratio")
            out.append((f"{key} p95 ≤ {limit:.0f}× floor", None if r is None else r <= limit))
    for row in load_rows(results.get("load") or {}):
        if row[-1] != "–":
            out.append((f"{row[0]}: p99 < 500 ms, no errors", row[-1] == "met"))
    for row in catalog_rows(results.get("catalog") or []):
        if row[-1] != "–":
            out.append((f"resolution at {row[0]}: p95 < 20 ms", row[-1] == "met"))
    for row in contention_rows(results.get("contention") or []):
        out.append(("no overbooking", row[-1] == "met"))
    return out
