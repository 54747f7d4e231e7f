"""nlu.resolution.dates: German "when" phrases, window matching, formatting."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from nlu.resolution.dates import WhenRequest, format_euro, format_window, match_windows, parse_when

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)  # Monday, 23 November 2026, 10:00
MON = date(2026, 11, 23)


def d(day, month=11, year=2026):
    return date(year, month, day)


def when(text, now=NOW):
    r = parse_when(text, now)
    assert r is not None, text
    return r


# ---- days ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        ("heute", d(23)),
        ("morgen", d(24)),
        ("übermorgen", d(25)),
        ("uebermorgen", d(25)),
        ("am samstag", d(28)),
        ("samstag", d(28)),
        ("Samstag", d(28)),
        ("samstags", d(28)),
        ("am sonnabend", d(28)),
        ("sonntag", d(29)),
        ("dienstag", d(24)),
        ("nächste woche dienstag", d(1, 12)),
        ("dienstag nächste woche", d(1, 12)),
        ("kommende woche dienstag", d(1, 12)),
        ("übernächste woche dienstag", d(8, 12)),
        ("nächsten montag", d(30)),
        ("nächsten samstag", d(28)),
        ("kommenden freitag", d(27)),
        ("am 28.", d(28)),
        ("am 28", d(28)),
        ("am 28. november", d(28)),
        ("am 28 november", d(28)),
        ("28.11.", d(28)),
        ("28.11.2026", d(28)),
        ("28.11.26", d(28)),
        ("am achtundzwanzigsten", d(28)),
        ("am achtundzwanzigsten november", d(28)),
        ("am ersten dezember", d(1, 12)),
        ("am dritten", d(3, 12)),  # the 3rd of this month is past → next month
        ("am 5.1.", d(5, 1, 2027)),
        ("am 10. januar", d(10, 1, 2027)),
        ("am 23.", d(23)),  # today
        ("am 22.", d(22, 12)),  # yesterday → next month
        ("am 22. november", d(22, 11, 2027)),  # past this year → next year
        ("in drei tagen", d(26)),
        ("in zwei wochen", d(7, 12)),
    ],
)
def test_days(text, day):
    r = when(text)
    assert r.first_day == day and r.last_day == day and r.day == day


def test_weekday_today_has_next_week_as_fallback():
    r = when("montag")
    assert r.first_day == MON and r.fallback_days == (d(30), d(30))
    assert when("am samstag").fallback_days is None


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("nächste woche", d(30), d(6, 12)),
        ("am wochenende", d(28), d(29)),
        ("diese woche", d(23), d(29)),
        ("übernächste woche", d(7, 12), d(13, 12)),
    ],
)
def test_day_ranges(text, first, last):
    r = when(text)
    assert (r.first_day, r.last_day) == (first, last)
    assert r.day is None


def test_weekend_on_sunday_is_today():
    sunday = datetime(2026, 11, 29, 9, tzinfo=TZ)
    r = when("am wochenende", sunday)
    assert (r.first_day, r.last_day) == (d(29), d(29))


# ---- dayparts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day, part, start, end",
    [
        ("morgen vormittag", d(24), "vormittag", 8, 12),
        ("übermorgen früh", d(25), "früh", 6, (10, 30)),
        ("heute abend", d(23), "abend", 17, 21),
        ("heute morgen", d(23), "früh", 6, (10, 30)),
        ("morgen früh", d(24), "früh", 6, (10, 30)),
        ("samstag morgen", d(28), "früh", 6, (10, 30)),
        ("donnerstag nachmittag", d(26), "nachmittag", 13, 18),
        ("freitag mittag", d(27), "mittag", 11, 14),
        ("morgen abend", d(24), "abend", 17, 21),
        ("morgens", None, "früh", 6, (10, 30)),
        ("nachmittags", None, "nachmittag", 13, 18),
        ("am samstag vormittags", d(28), "vormittag", 8, 12),
    ],
)
def test_dayparts(text, day, part, start, end):
    r = when(text)
    assert r.first_day == day and r.daypart == part
    # "früh" runs to 10:30: a window from 10 is still the morning's first ("Samstag früh")
    assert (r.start, r.end, r.mode) == (time(start), time(*end) if isinstance(end, tuple) else time(end), "overlap")


# ---- clock times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, end, mode",
    [
        ("ab 15 uhr", time(15), None, "after"),
        ("ab 15", time(15), None, "after"),
        ("nach 15 uhr", time(15), None, "after"),
        ("erst ab 16 uhr", time(16), None, "after"),
        ("ab drei", time(15), None, "after"),  # bare 1–6 read as afternoon
        ("ab drei uhr", time(15), None, "after"),
        ("gegen 10", time(10), time(10), "around"),
        ("gegen zehn", time(10), time(10), "around"),
        ("um 10 uhr", time(10), time(10), "around"),
        ("um halb zehn", time(9, 30), time(9, 30), "around"),
        ("15:30", time(15, 30), time(15, 30), "around"),
        ("um 15.30 uhr", time(15, 30), time(15, 30), "around"),
        ("15 uhr", time(15), time(15), "around"),
        ("zwischen 9 und 12", time(9), time(12), "overlap"),
        ("zwischen neun und zwölf", time(9), time(12), "overlap"),
        ("zwischen 9 und 12 uhr", time(9), time(12), "overlap"),
        ("von 9 bis 13 uhr", time(9), time(13), "overlap"),
        ("zwischen 10 und 2", time(10), time(14), "overlap"),
        ("bis 12 uhr", None, time(12), "until"),
        ("vor 12", None, time(12), "until"),
        ("spätestens 11 uhr", None, time(11), "until"),
    ],
)
def test_clock_times(text, start, end, mode):
    r = when(text)
    assert (r.start, r.end, r.mode) == (start, end, mode)


def test_daypart_makes_small_hours_pm():
    r = when("morgen nachmittag ab 3")
    assert r.first_day == d(24) and (r.start, r.mode) == (time(15), "after")
    r = when("heute abend gegen 7")
    assert r.start == time(19)


def test_frueh_keeps_small_hours():
    assert when("morgen früh ab 6").start == time(6)


def test_day_and_time_combined():
    r = when("morgen zwischen neun und zwölf")
    assert (r.first_day, r.start, r.end) == (d(24), time(9), time(12))
    r = when("freitag gegen 16 uhr")
    assert (r.first_day, r.start, r.mode) == (d(27), time(16), "around")
    r = when("am 28. november ab 10 uhr")
    assert (r.first_day, r.start, r.mode) == (d(28), time(10), "after")


# ---- asap ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["so bald wie möglich", "so schnell wie möglich", "asap", "ASAP", "möglichst bald", "schnellstmöglich",
     "so früh wie möglich", "sobald wie möglich", "egal wann", "sofort", "den nächsten freien termin"],
)
def test_asap(text):
    r = when(text)
    assert r.asap


def test_asap_with_day():
    r = when("morgen so früh wie möglich")
    assert r.asap and r.first_day == d(24)


# ---- nothing understood -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", None, "hallo", "zwei liter milch", "ja bitte"])
def test_none(text):
    assert parse_when(text, NOW) is None


def test_naive_now_rejected():
    with pytest.raises(ValueError):
        parse_when("morgen", datetime(2026, 11, 23, 10))


def test_now_in_other_timezone_uses_berlin_date():
    late_utc = datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)  # already 24 Nov in Berlin
    assert when("morgen", late_utc).first_day == d(25)


# ---- match_windows -------------------------------------------------------------------------------


@dataclass
class W:
    start: datetime
    end: datetime
    open: bool = True


def w(day: date, h1: int, h2: int, open_=True) -> W:
    return W(datetime(day.year, day.month, day.day, h1, tzinfo=TZ), datetime(day.year, day.month, day.day, h2, tzinfo=TZ),
             open_)


def week_windows():
    ws = []
    for i in range(14):
        day = MON + timedelta(days=i)
        if day.weekday() < 5:
            ws += [w(day, 9, 12), w(day, 15, 18)]
        elif day.weekday() == 5:
            ws.append(w(day, 9, 13))
    return ws


WS = week_windows()


def starts(ws):
    return [(x.start.date(), x.start.hour) for x in ws]


def test_match_saturday():
    assert starts(match_windows(when("samstag"), WS, NOW)) == [(d(28), 9)]


def test_match_tomorrow_forenoon_overlap():
    assert starts(match_windows(when("morgen vormittag"), WS, NOW)) == [(d(24), 9)]


def test_match_afternoon_overlap():
    assert starts(match_windows(when("donnerstag nachmittag"), WS, NOW)) == [(d(26), 15)]


def test_match_evening_overlaps_15_to_18():
    assert starts(match_windows(when("morgen abend"), WS, NOW)) == [(d(24), 15)]


def test_match_ab_15():
    assert starts(match_windows(when("morgen ab 15 uhr"), WS, NOW)) == [(d(24), 15)]
    assert match_windows(when("morgen ab 16 uhr"), WS, NOW) == []


def test_match_bis_12():
    assert starts(match_windows(when("morgen bis 12"), WS, NOW)) == [(d(24), 9)]


def test_match_gegen_10():
    assert starts(match_windows(when("morgen gegen 10"), WS, NOW)) == [(d(24), 9)]
    assert starts(match_windows(when("morgen gegen 14 uhr"), WS, NOW)) == [(d(24), 15)]


def test_match_zwischen():
    assert starts(match_windows(when("mittwoch zwischen 9 und 12"), WS, NOW)) == [(d(25), 9)]


def test_match_asap_earliest_open():
    ws = week_windows()
    ws[2].open = False  # Tuesday morning full
    got = match_windows(when("so bald wie möglich"), ws, NOW)
    # Monday 9–12 is under way (still listed if its flag says bookable), then Monday 15–18 …
    assert starts(got) == [(d(23), 9), (d(23), 15), (d(24), 15)]
    assert len(match_windows(when("asap"), ws, NOW, limit=5)) == 5


def test_match_skips_closed_and_past():
    ws = [w(MON, 6, 9), w(MON, 15, 18, open_=False), w(d(24), 9, 12)]
    assert starts(match_windows(when("so schnell wie möglich"), ws, NOW)) == [(d(24), 9)]


def test_match_weekday_today_with_open_window_is_today():
    got = match_windows(when("montag nachmittag"), WS, NOW)
    assert starts(got) == [(d(23), 15)]


def test_match_weekday_today_without_open_window_is_next_week():
    ws = week_windows()
    ws[1] = w(MON, 15, 18, open_=False)
    got = match_windows(when("montag nachmittag"), ws, NOW)
    assert starts(got) == [(d(30), 15)]


def test_match_next_week_range_ordered():
    got = match_windows(when("nächste woche vormittags"), WS, NOW)
    assert [x.start.date() for x in got] == [d(30), d(1, 12), d(2, 12), d(3, 12), d(4, 12), d(5, 12)]
    assert got == sorted(got, key=lambda x: x.start)


def test_match_sunday_nothing():
    assert match_windows(when("sonntag"), WS, NOW) == []


def test_match_none_request_lists_all_open():
    assert len(match_windows(None, WS, NOW)) == len(WS)


def test_match_windows_in_utc_are_read_in_berlin_time():
    utc = timezone.utc
    ws = [W(datetime(2026, 11, 28, 8, tzinfo=utc), datetime(2026, 11, 28, 12, tzinfo=utc))]  # 9–13 local
    assert match_windows(when("samstag vormittag"), ws, NOW) == ws
    assert match_windows(when("samstag ab 9 uhr"), ws, NOW) == ws


def test_weekday_request_type():
    r = when("samstag")
    assert isinstance(r, WhenRequest) and r.tz == "Europe/Berlin" and r.text == "samstag"


# ---- formatting ----------------------------------------------------------------------------------


def test_format_window():
    s = datetime(2026, 11, 28, 9, tzinfo=TZ)
    assert format_window(s, s.replace(hour=13)) == "Samstag, 28. November, 9–13 Uhr"


def test_format_window_minutes_and_utc_input():
    s = datetime(2026, 3, 2, 8, 30, tzinfo=timezone.utc)  # 9:30 CET
    e = datetime(2026, 3, 2, 11, 0, tzinfo=timezone.utc)
    assert format_window(s, e) == "Montag, 2. März, 9:30–12 Uhr"


def test_format_window_summer_time():
    s = datetime(2026, 7, 1, 15, tzinfo=TZ)
    assert format_window(s, s.replace(hour=18)) == "Mittwoch, 1. Juli, 15–18 Uhr"


def test_format_window_until_midnight():
    s = datetime(2026, 12, 31, 20, tzinfo=TZ)
    assert format_window(s, datetime(2027, 1, 1, 0, tzinfo=TZ)) == "Donnerstag, 31. Dezember, 20–24 Uhr"


@pytest.mark.parametrize(
    "cents, text",
    [(1290, "12,90 €"), (129, "1,29 €"), (5, "0,05 €"), (0, "0,00 €"), (350, "3,50 €"), (123450, "1.234,50 €"),
     (100000000, "1.000.000,00 €"), (-350, "-3,50 €")],
)
def test_format_euro(cents, text):
    assert format_euro(cents) == text


@pytest.mark.parametrize(
    "text, day, start, mode",
    [
        ("halb drei", None, time(14, 30), "around"),
        ("am freitag den 27.", d(27), None, "overlap"),
        ("samstag den 28. november um 9 uhr", d(28), time(9), "around"),
        ("ich hätte es gern am samstag", d(28), None, "overlap"),
        ("zwischen halb neun und zehn", None, time(8, 30), "overlap"),
        ("nach dem mittag", None, time(13), "overlap"),
        ("morgen früh um 8", d(24), time(8), "around"),
        ("am dreißigsten", d(30), None, "overlap"),
    ],
)
def test_more_phrases(text, day, start, mode):
    r = when(text)
    assert (r.first_day, r.start, r.mode) == (day, start, mode)


def test_invalid_date_is_not_understood():
    assert parse_when("am 31. november", NOW) is None


def test_a_pick_up_after_an_hour_fits_a_window_that_runs_on_past_it():
    assert match_windows(when("morgen nach 16 uhr"), WS, NOW) == []
    assert starts(match_windows(when("morgen nach 16 uhr"), WS, NOW, pickup=True)) == [(d(24), 15)]
