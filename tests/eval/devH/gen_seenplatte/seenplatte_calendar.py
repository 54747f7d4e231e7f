"""Calendar helpers for the Seenplatte set: MV public holidays, the window template, cutoffs.

Used while writing the conversations (to list the bookable windows after a given `now`) and by
check.py. Usage as a script:

    python3 gen/seenplatte_calendar.py 2028-01-07T20:15:00+01:00 [delivery|pickup]

prints the next bookable windows of the catalog template after that moment.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

TZ = ZoneInfo("Europe/Berlin")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


def easter_sunday(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = ((h + l - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def holidays_mv(year: int) -> dict[dt.date, str]:
    """Public holidays of Mecklenburg-Vorpommern (Frauentag 8 March since 2023)."""
    e = easter_sunday(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        dt.date(year, 3, 8): "Internationaler Frauentag",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def load_catalog(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def windows_on(catalog: dict, kind: str, day: dt.date):
    """(start, end) aware datetimes of the template windows of `kind` on `day` (ignores holidays)."""
    tmpl = catalog["region"]["delivery" if kind == "delivery" else "pickup"]["windows"]
    out = []
    for w in tmpl:
        if DAYS[day.weekday()] in w["days"]:
            sh, sm = map(int, w["start"].split(":"))
            eh, em = map(int, w["end"].split(":"))
            out.append((dt.datetime(day.year, day.month, day.day, sh, sm, tzinfo=TZ),
                        dt.datetime(day.year, day.month, day.day, eh, em, tzinfo=TZ)))
    return sorted(out)


def cutoff_hours(catalog: dict, kind: str) -> int:
    return catalog["region"]["delivery" if kind == "delivery" else "pickup"]["cutoff_hours"]


def is_holiday(day: dt.date) -> str | None:
    return holidays_mv(day.year).get(day)


def bookable_after(catalog: dict, kind: str, now: dt.datetime, limit: int = 8):
    """The next `limit` template windows bookable at `now` (cutoff, Sundays and MV holidays
    respected; shops' closed days are not looked at here)."""
    res = []
    day = now.astimezone(TZ).date()
    cut = dt.timedelta(hours=cutoff_hours(catalog, kind))
    for _ in range(60):
        if day.weekday() != 6 and not is_holiday(day):
            for start, end in windows_on(catalog, kind, day):
                if start - cut >= now:
                    res.append((start, end))
                    if len(res) >= limit:
                        return res
        day += dt.timedelta(days=1)
    return res


def fmt(t: dt.datetime) -> str:
    t = t.astimezone(TZ)
    return f"{WEEKDAY_DE[t.weekday()]} {t:%d.%m.%Y %H:%M}"


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    cat = load_catalog(here / "seenplatte.yml")
    now = dt.datetime.fromisoformat(sys.argv[1])
    kinds = sys.argv[2:] or ["delivery", "pickup"]
    for kind in kinds:
        print(kind, "after", fmt(now))
        for s, e in bookable_after(cat, kind, now):
            print("   ", fmt(s), "-", f"{e.astimezone(TZ):%H:%M}", s.isoformat())
