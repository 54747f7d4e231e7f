"""The machine and the versions a table was measured with."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def _first(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.lower().startswith(key.lower()):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine() -> dict[str, str | int | float | None]:
    mem_kb = _first("/proc/meminfo", "MemTotal")
    mem_gib = round(int(mem_kb.split()[0]) / 1024 / 1024, 1) if mem_kb else None
    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores": affinity, "cpu": cpu, "memory_gib": mem_gib, "os": platform.platform(terse=True)}


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _dist(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def versions(rasa_python: Path | None = None) -> dict[str, str | None]:
    out: dict[str, str | None] = {
        "Python": platform.python_version(),
        "SQLAlchemy": _dist("SQLAlchemy"),
        "FastAPI": _dist("fastapi"),
        "uvicorn": _dist("uvicorn"),
        "httpx": _dist("httpx"),
        "python-telegram-bot": _dist("python-telegram-bot"),
        "Rasa": None,
        "PostgreSQL": None,
        "SQLite": None,
    }
    import sqlite3

    out["SQLite"] = sqlite3.sqlite_version
    if rasa_python is not None and rasa_python.exists():
        try:
            out["Rasa"] = subprocess.run(
                [str(rasa_python), "-c", "from importlib.metadata import version; print(version('rasa'))"],
                capture_output=True, text=True, timeout=60, check=True).stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            out["Rasa"] = None
    return out


def postgres_version(url: str) -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            value = conn.execute(text("show server_version")).scalar()
        engine.dispose()
        return str(value).split()[0]
    except Exception:  # noqa: BLE001 - no server: the table says so
        return None


if __name__ == "__main__":  # pragma: no cover - a quick look
    print(machine(), versions(), sys.executable)
