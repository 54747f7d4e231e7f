"""Rules written for dev part H (Mecklenburgische Seenplatte, Vogelsberg): a day taken back in the
same breath, days named instead of dates, the window put off in other words, Low German and
Hessian numbers and weights. Each test writes its own sentences, not the dev conversations."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from nlu.reading import Act, read
from nlu.resolution.catalog_index import CatalogIndex
from nlu.resolution.dates import _easter, parse_when
from nlu.resolution.quantity import parse_quantity
from tests.nlu.small_catalog import item as _item
from tests.nlu.small_catalog import resolved as _resolved

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2028, 1, 12, 10, 0, tzinfo=BERLIN)


def when(said: str, now: datetime = WEDNESDAY):
    request = parse_when(said, now)
    assert request is not None, said
    return request


# ---- a day taken back ------------------------------------------------------------------------

@pytest.mark.parametrize(("said", "day", "part"), [
    # the day said after "nee … dann" wins over the one ruled out, and over the days of the reason
    ("nächsten donnerstag äh nee da hat der imker urlaub dann lieber freitag", date(2028, 1, 14), None),
    ("am liebsten morgen, aber morgen ist ja Feiertag. Dann Montag", date(2028, 1, 17), None),
    ("am montag nee doch lieber dienstag nachmittags", date(2028, 1, 18), "nachmittag"),
    # the date a correction names, with its weekday beside it
    ("mittwoch aber nee die haben bis zum sechzehnten zu dann montag den siebzehnten", date(2028, 1, 17), None),
    # "mo 12.4.": the dots of a date end no clause
    ("oh die haben zu. dann fr 21.1. vormittags", date(2028, 1, 21), "vormittag"),
])
def test_a_day_taken_back_in_the_same_breath(said, day, part):
    request = when(said)
    assert (request.first_day, request.daypart) == (day, part)


def test_a_correction_of_the_time_of_day_keeps_the_day_and_the_reason_after_it_does_not_count():
    request = when("Lieferung nächsten Dienstag vormittag. Nein, doch lieber nachmittags, vormittags bin ich beim Arzt.")
    assert (request.first_day, request.daypart) == (date(2028, 1, 18), "nachmittag")
    request = when("Samstag, aber bitte erst ab 10")
    assert (request.first_day, request.start, request.mode) == (date(2028, 1, 15), time(10), "after")


def test_the_weekday_after_the_day_ruled_out():
    request = when("nächsten donnerstag, nee, da ist zu, dann am montag drauf")
    assert request.first_day == date(2028, 1, 17)  # the Monday after Thursday 13 January


def test_a_correction_without_a_day_leaves_the_day_said():
    assert when("am samstag, dann komme ich vorbei").first_day == date(2028, 1, 15)


# ---- days named instead of dates ------------------------------------------------------------

def test_easter_and_the_days_that_hang_on_it():
    assert [_easter(y) for y in (2025, 2026, 2027, 2028)] == [
        date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28), date(2028, 4, 16)]


@pytest.mark.parametrize(("said", "day"), [
    ("gründonnerstag nachmittag", date(2028, 4, 13)),
    ("am freitag, ach nee, karfreitag ist ja feiertag, denn gründonnerstag", date(2028, 4, 13)),
    ("an heiligabend vormittags", date(2028, 12, 24)),
    ("zum valentinstag", date(2028, 2, 14)),
    ("rosenmontag", date(2028, 2, 28)),
])
def test_days_named_instead_of_dates(said, day):
    assert when(said).first_day == day


def test_a_season_word_is_no_day():
    assert parse_when("zwölf kreppel, weil doch fastnacht ist", WEDNESDAY) is None


def test_after_work_is_the_evening():
    assert when("donnerstag nach der arbeit").daypart == "abend"


# ---- the window put off in other words -----------------------------------------------------

@pytest.mark.parametrize("said", [
    "das wärs erstmal, wann das kommen soll sag ich ihnen noch",
    "das wärs erstmal, wegen dem termin meld ich mich noch",
    "na denn dat wärs erstmal ick meld mi wegen dem termin",
    "Wann ich das abhole schreib ich später",
    "Termin schreib ich später",
])
def test_the_window_put_off_in_other_words(said):
    reading = read(said)
    assert reading.has(Act.LATER) and not reading.when


# ---- Low German and Hessian numbers and weights ----------------------------------------------

@pytest.mark.parametrize(("said", "amount"), [("ein halv pund", D("0.25")), ("e pond", D("0.5")), ("ein pund", D("0.5"))])
def test_weights_as_the_north_and_hesse_say_them(said, amount):
    quantity = parse_quantity(said)
    assert quantity is not None and quantity.as_tuple() == (amount, "kg")


SHOP = CatalogIndex([
    _item("kaeserei", "butter", "Süßrahmbutter 250 g", label="Stück", size="250 g"),
    _item("kaeserei", "gouda", "Gouda jung", unit="kg", label=None),
    _item("hof", "kartoffeln", "Kartoffeln festkochend 2,5 kg", label="Netz", size="2,5 kg"),
    _item("hof", "kohl", "Weißkohl", label="Kopf"),
])


@pytest.mark.parametrize(("said", "lines"), [
    ("n pund botter", [("butter", D("2"))]),
    ("n halv pund gouda", [("gouda", D("0.25"))]),
    ("ick bruk twei netze tüften", [("kartoffeln", D("2"))]),
    ("een kumst", [("kohl", D("1"))]),
])
def test_low_german_goods_and_numbers(said, lines):
    assert _resolved(said, SHOP) == lines
