"""A day said to be closed is no wish ("Mittwoch abend, Donnerstag is ja Feiertag"), a pick-up
"ab 17" fits a window until 18, Low German "lütt" is small. Written for dev part I; own sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.reading import read
from nlu.resolution.dates import match_windows, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2028, 5, 22, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(("said", "day"), [
    ("liefern am Mittwoch abend, Donnerstag is ja Feiertag", date(2028, 5, 24)),
    ("abholen di in dannenberg, mo is ja feiertag", date(2028, 5, 23)),
    ("Freitag bitte, Samstag haben die ja zu", date(2028, 5, 26)),
])
def test_the_day_said_to_be_closed_is_not_the_day_asked_for(said, day):
    request = parse_when(said, MONDAY)
    assert request is not None and request.first_day == day


def test_a_closed_day_said_alone_is_still_read():
    request = parse_when("Donnerstag ist ja Feiertag", MONDAY)
    assert request is not None and request.first_day == date(2028, 5, 25)  # the dialogue says it is a holiday


@dataclass
class Window:
    start: datetime
    end: datetime


def test_a_pick_up_from_an_hour_fits_a_window_open_an_hour_after_it():
    windows = [Window(datetime(2028, 5, 23, 15, tzinfo=BERLIN), datetime(2028, 5, 23, 18, tzinfo=BERLIN))]
    asked = parse_when("morgen ab 17 Uhr", MONDAY)
    assert match_windows(asked, windows, MONDAY, pickup=True) == windows
    assert match_windows(asked, windows, MONDAY, pickup=False) == []  # a delivery must not come before 17
    assert match_windows(parse_when("morgen ab 17:30", MONDAY), windows, MONDAY, pickup=True) == []


def test_luett_is_small():
    assert read("und einmal den heidehonig das lütte glas").content == "und einmal den heidehonig das kleine glas"


def test_early_from_nine_is_the_morning_window_from_nine():
    day = datetime(2028, 5, 11, tzinfo=BERLIN)
    windows = [Window(day.replace(hour=9), day.replace(hour=12)), Window(day.replace(hour=16), day.replace(hour=19))]
    asked = parse_when("bringe bitte übermorge früh so ab neun wenn des geht", datetime(2028, 5, 9, 10, tzinfo=BERLIN))
    assert match_windows(asked, windows, datetime(2028, 5, 9, 10, tzinfo=BERLIN)) == windows[:1]
