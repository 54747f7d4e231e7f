"""From a full cart to a placed order: delivery or pick-up, the window, who and where,
how to pay, the final read-back and the confirmation."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy import select

from bot.application import payloads, payments
from bot.application.error_wording import resident_text
from bot.dialogue import caller_check, rules
from bot.dialogue.context import Ctx
from bot.dialogue.shopping import prompt_more
from bot.dialogue.state import Pending
from bot.dialogue.texts import PAYMENT_LABELS, cart_readback, money, window_button, window_text
from bot.dialogue.towns import town_said
from bot.dialogue.types import MAX_CHOICES, Choice
from bot.dialogue.understanding import digits_only, keyword_intent, pick_choice, yes_or_no
from nlu.reading import Act, read, without_remarks
from nlu.resolution.dates import match_windows, otherwise_when, parse_when
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import fold
from ordering import cart as carts
from ordering import catalog, residents, shop_rules, substitutes, windows
from ordering import checkout as checkouts
from ordering.errors import OrderingError, PostcodeAmbiguous
from ordering.models import Municipality, PickupStation, Resident, SlotHold
from ordering.windows import MONTH_NAMES, WEEKDAY_NAMES

log = logging.getLogger(__name__)


def ensure_resident(ctx: Ctx) -> Resident:
    """The resident this conversation orders for, created on first need and given the cart."""
    if ctx.resident is None:
        resident = Resident(region_id=ctx.region.id)
        ctx.session.add(resident)
        ctx.session.flush()
        ctx.resident = resident
        ctx.state.resident_id = resident.id
    if ctx.cart.resident_id is None and ctx.cart.owner_key and ctx.cart.owner_key.startswith("web:"):
        ctx.cart.resident_id = ctx.resident.id
    return ctx.resident


def release_and_clear(ctx: Ctx) -> None:
    """Empty the cart and give back its window."""
    checkouts.release_window(ctx.session, ctx.cart)
    carts.clear(ctx.session, ctx.cart)
    ctx.state.fulfilment = None
    ctx.state.payment_method = None
    ctx.state.checking_out = False


def start(ctx: Ctx) -> None:
    """The resident wants to order: go through whatever is still missing. An item still
    unclear is asked about first, never dropped without a word."""
    ctx.state.checking_out = True
    pending = ctx.state.pending
    if pending is not None and pending.kind in ("item", "quantity") and pending.data.get("asked"):
        ctx.say("Bevor wir abschließen, noch eine Frage: " + pending.data["asked"],
                [Choice(c["label"], c["value"]) for c in ctx.state.choices])
        return
    advance(ctx)


def goods_wait_for_an_answer(ctx: Ctx) -> bool:
    """An item or its amount asked about, and not answered yet."""
    pending = ctx.state.pending
    return pending is not None and pending.kind in ("item", "quantity") and bool(pending.data.get("asked"))


def ask_about_the_goods_first(ctx: Ctx) -> None:
    """The day comes once the goods are in the cart; their question again, never a silent drop."""
    assert ctx.state.pending is not None
    ctx.say("Gern, den Termin machen wir gleich. Vorher noch: " + ctx.state.pending.data["asked"],
            [Choice(c["label"], c["value"]) for c in ctx.state.choices])


def advance(ctx: Ctx) -> None:
    """Ask for the next missing piece, or read back the whole order for confirmation."""
    summary = ctx.summary()
    if summary.is_empty and goods_wait_for_an_answer(ctx):
        ask_about_the_goods_first(ctx)
        return
    if summary.is_empty:
        ctx.say("Ihr Warenkorb ist noch leer. Was darf ich für Sie notieren?")
        return
    if ctx.state.pending is not None and ctx.state.pending.kind == TOWN:
        # the town of a postcode several municipalities share is asked first (again, if the turn
        # said nothing else: "Bestellen" gets the question, never an empty reply); its answer goes on
        if not ctx.out:
            ctx.say(ctx.state.pending.data.get("asked") or "In welchem Ort wohnen Sie?",
                    [Choice(c["label"], c["value"]) for c in ctx.state.choices])
        return
    if rules.ask_min_order(ctx):
        return
    hold = _valid_hold(ctx)
    if hold is not None and rules.held_window_unsuitable(ctx):
        offer_windows(ctx, None)
        return
    if hold is None:
        ask_fulfilment_or_window(ctx)
        return
    resident = ensure_resident(ctx)
    if caller_check.guard(ctx, "checkout"):
        return
    if rules.ask_age(ctx):
        return
    if not resident.name:
        ctx.ask("name", "Auf welchen Namen darf ich bestellen?")
        return
    if not resident.phone:
        ctx.ask("phone", "Unter welcher Telefonnummer erreichen wir Sie?")
        return
    if ctx.cart.fulfilment == "delivery" and not resident.street:
        ctx.ask("street", "Wie lautet Ihre Straße mit Hausnummer?")
        return
    if ctx.state.payment_method is None:
        methods = payment_methods(ctx)
        if not methods:
            ctx.say("Gutscheine können wir im Moment nur mit Online-Bezahlung verkaufen, und die ist hier "
                    "noch nicht eingerichtet. Bitte nehmen Sie den Gutschein aus dem Warenkorb.",
                    [Choice("Warenkorb ansehen", str(payloads.CART))])
            return
        if len(methods) == 1:
            ctx.state.payment_method = methods[0]
        else:
            choices = [Choice(PAYMENT_LABELS[m], str(payloads.Pay(m))) for m in methods]
            spoken = " Eine Kreditkarte nehmen wir am Telefon nicht an." if ctx.voice else ""
            ctx.ask("payment", "Wie möchten Sie bezahlen?" + spoken, choices)
            return
    _final_readback(ctx, resident, hold, ctx.state.payment_method)


def _valid_hold(ctx: Ctx) -> SlotHold | None:
    """The cart's window, while it is still held for it."""
    hold = ctx.cart.hold
    if hold is not None and hold.status == "held" and hold.expires_at is not None and hold.expires_at > ctx.now:
        return hold
    return None


def ask_fulfilment_or_window(ctx: Ctx) -> None:
    if ctx.state.fulfilment is None:
        stations = _stations(ctx)
        if not stations:
            ctx.state.fulfilment = "delivery"
        else:
            ctx.ask("fulfilment", "Sollen wir liefern, oder holen Sie an einer Abholstation ab?",
                    [Choice("Liefern lassen", str(payloads.Fulfil("delivery"))),
                     Choice("Selbst abholen", str(payloads.Fulfil("pickup")))])
            return
    offer_windows(ctx, None)


def _stations(ctx: Ctx) -> list[PickupStation]:
    query = select(PickupStation).where(PickupStation.region_id == ctx.region.id, PickupStation.active.is_(True))
    return list(ctx.session.scalars(query.order_by(PickupStation.name)))


def station_names(ctx: Ctx) -> list[str]:
    return [s.name for s in _stations(ctx)]


def choose_fulfilment(ctx: Ctx, kind: str, when_text: str | None = None) -> None:
    ctx.state.fulfilment = kind
    ctx.state.pending = None
    if kind == "pickup" and when_text:
        _station_from_text(ctx, when_text)  # "ich hol das morgen am Markt ab"
    offer_windows(ctx, when_text)


def _station_from_text(ctx: Ctx, text: str) -> bool:
    """A station named in passing ("am Markt", "in Lette") becomes the resident's station."""
    stations = _stations(ctx)
    words_of = [set(re.findall(r"\w+", fold(f"{s.name} {s.municipality.name}"))) - _STATION_NOISE for s in stations]
    said = [w for w in re.findall(r"\w+", fold(text)) if len(w) > 3 and w not in _STATION_NOISE]
    # each word said counts for the station it fits best ("in Lübben am Markt": Lübben Markt, not
    # Lübbenau Bahnhof, which "Lübben" only resembles)
    scores = [sum(max((_word_fits(w, t) for t in words), default=0) for w in said) for words in words_of]
    best = max(scores, default=0)
    hits = [i for i, score in enumerate(scores) if score == best and best > 0]
    if len(hits) != 1:
        return False
    resident = ensure_resident(ctx)
    residents.update_resident(ctx.session, resident, residents.ResidentData(preferred_station=stations[hits[0]].slug))
    return True


def _word_fits(said: str, word: str) -> float:
    """How well a word said fits a word of a station's name: alike, or its start ("am Markt" of
    the "Marktstraße")."""
    ratio = fuzz.ratio(said, word)
    if ratio >= 85:
        return ratio
    return 85.0 if len(said) >= 5 and word.startswith(said) else 0.0


_STATION_NOISE = frozenset({"abholstation", "station", "abholung", "abholen", "am", "an", "der", "die", "das", "im",
                            "in", "beim", "bei", "zum", "zur", "und"})


def _place_for_windows(ctx: Ctx) -> tuple[int | None, int | None] | None:
    """(municipality id, station id) whose windows apply, or None after asking for what is missing."""
    resident = ctx.resident
    if ctx.state.fulfilment != "pickup" and caller_check.guard(ctx, "windows"):
        return None  # the windows follow from the stored address
    if ctx.state.fulfilment == "pickup":
        station_id = resident.preferred_station_id if resident else None
        if station_id is None:
            stations = _stations(ctx)
            if resident is not None and resident.municipality_id:
                near = [s for s in stations if s.municipality_id == resident.municipality_id]
                stations = near or stations
            if len(stations) == 1:
                return None, stations[0].id
            ctx.ask("station", "An welcher Abholstation möchten Sie abholen?",
                    [Choice(s.name if len(s.name) < 40 else s.name[:39], str(payloads.Station(s.slug)))
                     for s in stations[:MAX_CHOICES]],
                    stations=[s.slug for s in stations])
            return None
        return None, station_id
    pending = ctx.state.pending
    if pending is not None and pending.kind == TOWN:
        pending.data["windows"] = True  # the town of the postcode just said first; the windows follow
        return None
    if resident is None or resident.municipality_id is None:
        ctx.ask("postcode", "Wohin sollen wir liefern? Nennen Sie mir bitte Ihre Postleitzahl.")
        return None
    return resident.municipality_id, None


def offer_windows(ctx: Ctx, when_text: str | None) -> None:
    """Hold the window the resident asked for, or offer the matching ones (at most four)."""
    if ctx.state.fulfilment is None:
        ctx.state.fulfilment = "delivery"
    if ctx.state.fulfilment == "pickup" and when_text:
        _station_from_text(ctx, when_text)  # "Gardelegen. … morgen nach 16 Uhr": the station named
    place = _place_for_windows(ctx)
    if place is None:
        if when_text:
            ctx.question.data["when"] = when_text  # _place_for_windows asked for the place
        return
    municipality_id, station_id = place
    all_views = windows.open_windows(ctx.session, ctx.region.id, ctx.state.fulfilment, municipality_id,
                                     station_id, now=ctx.now, limit=200)
    open_views = rules.suitable(ctx, all_views)[:60]  # days when every shop of the cart is open
    if not open_views:
        ctx.say("Leider ist in den nächsten Tagen kein Zeitfenster mehr frei. "
                "Bitte versuchen Sie es später noch einmal.")
        return
    request = parse_when(without_remarks(when_text), ctx.now, ctx.region.timezone) if when_text else None
    asked_day = request.first_day if request and request.last_day in (None, request.first_day) else None
    closed = rules.closed_lead(ctx, asked_day)
    if request is not None and request.fallback_days and closed \
            and not rules.closed_lead(ctx, request.fallback_days[0]):
        # "dann Montag" said on a Monday the shop is closed: the Monday after, as the resident knows
        asked_day, closed = request.fallback_days[0], None
        request = dataclasses.replace(request, first_day=asked_day, last_day=asked_day, fallback_days=None)
    if closed and asked_day is not None:  # a holiday or a shop's closing day: said plainly, with the days after it
        later = rules.after_day(ctx, all_views, asked_day)
        if later:
            _ask_window(ctx, closed, later[:3], more=len(later) > 3)
            return
    matching = match_windows(request, open_views, ctx.now, ctx.region.timezone,
                             pickup=ctx.state.fulfilment == "pickup") if request else []
    if request and not matching and (otherwise := otherwise_when(when_text, ctx.now, ctx.region.timezone)):
        # "heute ab 16 Uhr, und wenn das nicht mehr klappt, morgen Vormittag": the second choice
        request, matching = otherwise, match_windows(otherwise, open_views, ctx.now, ctx.region.timezone,
                                                     pickup=ctx.state.fulfilment == "pickup")
        asked_day = request.first_day if request.last_day in (None, request.first_day) else None
    if request and (len(matching) == 1 or (matching and request.asap)):
        hold(ctx, matching[0].slot_id)  # "so bald wie möglich": the earliest, no question
        return
    if request and not matching:
        later = [v for v in open_views if v.start.date() > asked_day] if asked_day is not None else []
        if later and asked_day is not None and not any(v.start.date() == asked_day for v in open_views):
            # "für Sonntag": nothing that day at all; the times after it, not the earliest from now
            lead = (f"Am {shop_rules.format_day(asked_day, weekday=True)}, ist leider nichts frei. "
                    "Die nächsten freien Zeiten danach:")
            options = later[:3]
        else:
            lead = "Zu dieser Zeit ist leider nichts mehr frei. Die nächsten freien Zeiten:"
            options = open_views[:3]
    elif matching:
        lead = "Dafür gibt es mehrere Zeitfenster. Welches passt Ihnen?"
        options = matching[:MAX_CHOICES]
    else:
        lead = "Wann passt es Ihnen? Die nächsten freien Zeiten:" if ctx.state.fulfilment == "delivery" \
            else "Wann möchten Sie abholen? Die nächsten freien Zeiten:"
        options = open_views[:3]
    _ask_window(ctx, lead, options, more=len(options) < MAX_CHOICES and len(open_views) > len(options))
    if request and ctx.state.pending is not None:
        ctx.state.pending.data["when"] = when_text  # "… für morgen", then "abholen am Marienplatz": still tomorrow


def _ask_window(ctx: Ctx, lead: str, options: list, *, more: bool) -> None:
    spoken = ""
    if ctx.voice:
        spoken = " " + "; ".join(window_text(v.start, v.end, True) for v in options) + "."
    choices = [Choice(window_button(v.start, v.end), str(payloads.Slot(v.slot_id))) for v in options]
    if more:
        choices.append(Choice("Andere Tage", str(payloads.Days(0))))
    ctx.ask("window", lead + spoken, choices, slots=[v.slot_id for v in options])


def _open_views(ctx: Ctx) -> list:
    place = _place_for_windows(ctx)
    if place is None:
        return []
    return rules.suitable(ctx, windows.open_windows(ctx.session, ctx.region.id, ctx.state.fulfilment or "delivery",
                                                    place[0], place[1], now=ctx.now, limit=200))


def offer_days(ctx: Ctx, page: int) -> None:
    """Buttons for the days that still have a free window, three at a time."""
    days = list(dict.fromkeys(v.start.date() for v in _open_views(ctx)))
    if ctx.state.pending is not None and ctx.state.pending.kind != "window":
        return  # a question about the place (postcode, station) came first
    shown = days[page * 3:page * 3 + 3]
    choices = [Choice(f"{WEEKDAY_NAMES[d.weekday()]}, {d.day}. {MONTH_NAMES[d.month - 1]}", str(payloads.Day(d)))
               for d in shown]
    if len(days) > page * 3 + 3:
        choices.append(Choice("Weitere Tage", str(payloads.Days(page + 1))))
    ctx.ask("window", "An welchem Tag?", choices, slots=[])


def offer_day(ctx: Ctx, day: date) -> None:
    views = [v for v in _open_views(ctx) if v.start.date() == day]
    if not views:
        ctx.say("An diesem Tag ist leider nichts mehr frei.")
        offer_days(ctx, 0)
        return
    _ask_window(ctx, "Welche Zeit passt Ihnen?", views[:MAX_CHOICES], more=False)


def _unverified_share(ctx: Ctx) -> float | None:
    """Anonymous web sessions together hold only a share of a window (issue 13, finding 5);
    a caller's number and a Telegram account say who is ordering."""
    return ctx.settings.unverified_hold_share if ctx.turn.channel == "web" else None


def hold(ctx: Ctx, slot_id: int) -> None:
    try:
        checkouts.choose_window(ctx.session, ctx.cart, slot_id, now=ctx.now, hold_minutes=ctx.hold_minutes,
                                unverified_share=_unverified_share(ctx))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        ctx.state.pending = None
        if ctx.cart.lines:  # an empty cart holds no window: shopping comes first
            offer_windows(ctx, None)
        return
    ctx.state.pending = None
    ctx.state.fulfilment = ctx.cart.fulfilment
    view = windows.get_window(ctx.session, slot_id, now=ctx.now)
    where = "Lieferung" if view.kind == "delivery" else f"Abholung an der Station {view.station_name}"
    minutes = ctx.hold_minutes
    ctx.say(f"{where} am {window_text(view.start, view.end, ctx.voice)}. "
            f"Ich halte Ihnen den Platz {minutes} Minuten frei.")


def answer_window(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    if isinstance(choice, payloads.Slot):
        hold(ctx, choice.slot_id)
        advance_if_checking_out(ctx)
        return True
    if not text:
        return False
    said = read(text)
    if said.fulfilment and said.fulfilment != ctx.state.fulfilment:
        # "Abholen heute am Bahnhof" while delivery windows were offered: the other way, the same day
        # (the day said before where none is said now: "für morgen …", "abholen am Marienplatz")
        earlier = ctx.question.data.get("when")
        if earlier and parse_when(without_remarks(text), ctx.now, ctx.region.timezone) is None:
            text = f"{earlier} {text}"
        choose_fulfilment(ctx, said.fulfilment, text)
        advance_if_checking_out(ctx)
        return True
    slots = ctx.question.data.get("slots", [])
    labels = [c["label"] for c in ctx.state.choices]
    index = pick_choice(text, labels) if labels else None
    if index is not None and index < len(slots) and not _other_day(ctx, text, slots[index]):
        hold(ctx, slots[index])
        advance_if_checking_out(ctx)
        return True
    if parse_when(without_remarks(text), ctx.now, ctx.region.timezone) is not None:
        offer_windows(ctx, text)
        if ctx.state.pending is None:
            advance_if_checking_out(ctx)
        return True
    return False


def _other_day(ctx: Ctx, text: str, slot_id: int) -> bool:
    """"Am 25. Dezember" is no pick of the button "Mittwoch, 25. November": a date said names its day."""
    request = parse_when(without_remarks(text), ctx.now, ctx.region.timezone)
    if request is None or request.first_day is None or request.last_day not in (None, request.first_day):
        return False
    return windows.get_window(ctx.session, slot_id, now=ctx.now).start.date() != request.first_day


def advance_if_checking_out(ctx: Ctx) -> None:
    """After an answer: on to the next checkout step, or back to shopping."""
    if ctx.state.pending is not None or ctx.summary().is_empty:
        return
    if ctx.state.checking_out:
        advance(ctx)
    else:
        prompt_more(ctx)


def answer_postcode(ctx: Ctx, text: str | None) -> bool:
    code = digits_only(text)
    if len(code) != 5:
        code = read(text).address.postcode or code  # "Kirchstraße 4, 36115": the house number is no part of it
    if not code:
        return False  # the resident said something else; let the rest of the dialogue hear it
    if len(code) != 5:
        ctx.say("Die Postleitzahl hat fünf Ziffern, zum Beispiel 48653. Wie ist Ihre Postleitzahl?")
        return True
    if take_postcode(ctx, code, text, confirm=True, offer_pickup=True) not in (SET, UNCHANGED):
        return True  # refused (said why), or the town is asked first
    ctx.state.caller_confirmed = True  # said in this call: nothing stored to guard
    when = ctx.question.data.get("when")
    ctx.state.pending = None
    offer_windows(ctx, when)
    advance_if_checking_out(ctx)
    return True


# ---------------------------------------------------------------- a postcode several municipalities share

# The question "In welchem Ort wohnen Sie?" after a postcode that several municipalities share
# (Hilders and Ehrenberg share 36115). A pending kind of its own, like caller_check.PENDING.
TOWN = "town"
# What take_postcode did with a postcode said.
SET, UNCHANGED, ASKED, WAITING, REFUSED = "set", "unchanged", "asked", "waiting", "refused"
# Pending questions after which the windows are offered (again) once the place is known.
_FOR_WINDOWS = ("postcode", "window")
# Pending questions that the town question does not come back to: answered by the address itself
# (the street), or by the checkout going on (advance asks for what is still missing).
_ADDRESS_QUESTIONS = ("street", TOWN, caller_check.PENDING)


def take_postcode(ctx: Ctx, code: str, text: str | None, *, confirm: bool | None = None,
                  offer_pickup: bool = False) -> str:
    """A postcode said, in answer or in passing ("Kirchstraße 4, 36115 Hilders"), becomes the
    resident's. Where several municipalities share it, the town said with it decides; where none
    was said, the resident is asked (never guessed). Returns SET, UNCHANGED, ASKED (the town
    question waits now), WAITING (it waited already for this postcode and hears this turn) or
    REFUSED (said why; with ``offer_pickup`` the pick-up is offered instead). ``confirm``: the
    caller counts as confirmed once it is set (default: when the resident had no postcode)."""
    pending = ctx.state.pending
    if pending is not None and pending.kind == TOWN and pending.data.get("postcode") == code:
        return WAITING
    resident = ensure_resident(ctx)
    candidates = catalog.municipalities_for_postcode(ctx.session, ctx.region.id, code)
    named = town_said(text, candidates) if len(candidates) > 1 else None
    if code == resident.postcode and resident.municipality_id is not None \
            and (named is None or named.id == resident.municipality_id):
        return UNCHANGED
    confirm = resident.postcode is None if confirm is None else confirm
    try:
        with ctx.session.begin_nested():
            residents.update_resident(ctx.session, resident, residents.ResidentData(
                postcode=code, municipality=named.slug if named is not None else None))
    except PostcodeAmbiguous as exc:
        then: dict = {"confirm": confirm}
        if pending is not None and pending.kind in _FOR_WINDOWS:
            then.update(windows=True, when=pending.data.get("when"))
        elif pending is not None and pending.kind not in _ADDRESS_QUESTIONS:
            # an item question waiting: asked again once the town is known, never dropped
            then["resume"] = {"kind": pending.kind, "data": pending.data, "choices": list(ctx.state.choices)}
        ask_town(ctx, exc, **then)
        return ASKED
    except OrderingError as exc:
        if offer_pickup:
            ctx.say(resident_text(exc) + " Sie können aber an einer Abholstation abholen.",
                    [Choice("Selbst abholen", str(payloads.Fulfil("pickup")))])
        else:
            ctx.say(resident_text(exc))
        return REFUSED
    if confirm:
        ctx.state.caller_confirmed = True  # said in this call: nothing stored to guard
    return SET


def ask_town(ctx: Ctx, error: PostcodeAmbiguous, **data) -> None:
    """"Die Postleitzahl 36115 gilt für Hilders und Ehrenberg. In welchem Ort wohnen Sie?", with a
    button (a key on the phone) per town. ``data`` says how to go on once it is answered."""
    choices = [Choice(name, str(payloads.Place(slug))) for slug, name in zip(error.ids, error.names, strict=True)]
    ctx.ask(TOWN, resident_text(error), choices if len(choices) <= MAX_CHOICES else [],
            postcode=error.postcode, ids=list(error.ids), names=list(error.names),
            asked_at=ctx.turn.now.isoformat(), **data)


def answer_town(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    """The town of a postcode several municipalities share: a button, or its name said or typed
    ("Ehrenberg", "ehrenberg", "in Ehrenberg, Kirchstraße 4"). Words that name none of them and
    no goods are asked about once more, then let go kindly (the cart stays)."""
    data = ctx.question.data
    if data.get("asked_at") == ctx.turn.now.isoformat():
        return False  # asked in this very turn ("2 Brötchen, liefern an Kirchstraße 4, 36115"): the next answers it
    ids = data.get("ids", [])
    candidates = [m for m in catalog.municipalities_for_postcode(ctx.session, ctx.region.id, data.get("postcode", ""))
                  if m.slug in ids]
    if isinstance(choice, payloads.Place):
        chosen = next((m for m in candidates if m.slug == choice.slug), None)
    else:
        chosen = town_said(text, candidates) if text and choice is None else None
    if chosen is not None:
        _town_decided(ctx, data, chosen, text)
        return True
    if choice is not None or not text or _names_goods_or_a_wish(ctx, text):
        return False  # another button, goods, "Warenkorb": the rest of the dialogue hears it
    names = data.get("names", [])
    missed = int(data.get("missed", 0)) + 1
    if missed >= 2 or not candidates:
        ctx.state.pending = None
        _town_not_understood(ctx)
        return True
    data["missed"] = missed
    question = f"Entschuldigung, den Ort habe ich nicht verstanden. Wohnen Sie in {_either(names)}?"
    ctx.say(question, [Choice(m.name, str(payloads.Place(m.slug))) for m in candidates][:MAX_CHOICES])
    data["asked"] = question
    return True


def _either(names: Sequence[str]) -> str:
    """"Hilders oder Ehrenberg", "Hilders, Ehrenberg oder Tann"."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " oder " + names[-1]


def _names_goods_or_a_wish(ctx: Ctx, text: str) -> bool:
    """Words that are no answer to "In welchem Ort wohnen Sie?": goods the catalog or the lexicon
    knows, or a wish ("Warenkorb", "bestellen", "dann hole ich es ab", "Termin mach ich später")."""
    words = [w for w in fold(text).split() if not w.isdigit()]
    said = read(text)
    return (keyword_intent(text) is not None or said.fulfilment is not None or said.when
            or said.has(Act.LATER, Act.SHOW_CART, Act.CLEAR, Act.HELP, Act.PERSON)
            or any(w in ctx.catalog.vocabulary for w in words) or lexicon().is_goods(" ".join(words)))


def _town_not_understood(ctx: Ctx) -> None:
    """Asked twice and no town understood: no guess, no third time. The resident may pick up, or
    a person helps; the postcode is asked again when a delivery needs it."""
    choices = [Choice("Selbst abholen", str(payloads.Fulfil("pickup")))] if _stations(ctx) else []
    choices.append(Choice("Mit einem Menschen sprechen", str(payloads.HANDOFF)))
    ctx.say("Den Ort kann ich leider nicht zuordnen. Sie können an einer Abholstation abholen, oder jemand aus "
            "unserem Team hilft Ihnen weiter. Ihr Warenkorb bleibt gespeichert.", choices)


def _town_decided(ctx: Ctx, data: dict, chosen: Municipality, text: str | None) -> None:
    """The postcode and its town become the resident's; then on where the question came from."""
    ctx.state.pending = None
    if data.get("origin") == caller_check.PENDING:
        caller_check.town_decided(ctx, data, chosen.slug)
        return
    resident = ensure_resident(ctx)
    street = read(text).address.street if text else None  # "Ehrenberg, Kirchstraße 4"
    try:
        with ctx.session.begin_nested():
            residents.update_resident(ctx.session, resident, residents.ResidentData(
                postcode=data.get("postcode"), municipality=chosen.slug, street=street))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return
    if data.get("confirm"):
        ctx.state.caller_confirmed = True  # said in this call: nothing stored to guard
    resume = data.get("resume")
    noted = _address(resident) if resident.street else f"{resident.postcode} {chosen.name}"
    if data.get("windows"):
        ctx.say(f"Gut, {chosen.name}.")
        offer_windows(ctx, data.get("when"))
    elif resume:  # the question the address came in between, asked again
        ctx.say(f"Danke, notiert: {noted}.")
        ctx.state.pending = Pending(resume["kind"], resume["data"])
        question = resume["data"].get("asked")
        if question:
            ctx.say(question, [Choice(c["label"], c["value"]) for c in resume.get("choices", [])])
        return
    else:
        ctx.say(f"Danke, notiert: {noted}.")
    advance_if_checking_out(ctx)


def answer_station(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    slug = choice.slug if isinstance(choice, payloads.Station) else None
    if slug is None and text:
        stations = ctx.question.data.get("stations", [])
        names = [s.name for s in _stations(ctx) if s.slug in stations]
        index = pick_choice(text, names)
        if index is not None:
            slug = [s.slug for s in _stations(ctx) if s.name == names[index]][0]
    if slug is None:
        return False
    resident = ensure_resident(ctx)
    try:
        residents.update_resident(ctx.session, resident, residents.ResidentData(preferred_station=slug))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return True
    when = ctx.question.data.get("when")
    ctx.state.pending = None
    offer_windows(ctx, when)
    advance_if_checking_out(ctx)
    return True


def answer_detail(ctx: Ctx, kind: str, text: str | None) -> bool:
    """Name, phone or street, typed or spoken."""
    if not text or not text.strip():
        return False
    value = text.strip()
    if kind == "phone" and not digits_only(value):
        return False
    if kind in ("name", "street") and (keyword_intent(value) or len(value.split()) > 6):
        return False  # "wo bleibt meine Bestellung" is not a name
    resident = ensure_resident(ctx)
    if kind == "name":
        for lead in ("ich heiße ", "ich heisse ", "mein name ist ", "auf den namen ", "name "):
            if value.lower().startswith(lead):
                value = value[len(lead):]
        value = " ".join(w[:1].upper() + w[1:] for w in value.split())
        data = residents.ResidentData(name=value)
    elif kind == "phone":
        data = residents.ResidentData(phone=digits_only(value) if not value.startswith("+") else value)
    else:
        said = read(value).address.street  # "Kirchstraße 4, 48727 Billerbeck": the street part
        data = residents.ResidentData(street=said or value)
    try:
        residents.update_resident(ctx.session, resident, data)
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return True
    ctx.state.pending = None
    advance(ctx)
    return True


def payment_methods(ctx: Ctx) -> list[str]:
    """What the region offers; online only where a payment provider is set up, and only
    online when the cart holds a voucher to buy (a voucher is paid before it is issued)."""
    offered = [m for m in (ctx.region.payment_methods or []) if m in PAYMENT_LABELS]
    offered = [m for m in offered if m != "online" or ctx.gateway is not None] or ["on_delivery"]
    if any(line.voucher_cents is not None for line in ctx.cart.lines):
        return [m for m in offered if m == "online"]
    return offered


def answer_payment(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    methods = payment_methods(ctx)
    method = choice.method if isinstance(choice, payloads.Pay) else None
    if method is None and text:
        lowered = text.lower()
        if "karte" in lowered and ctx.voice:
            ctx.say("Bitte nennen Sie am Telefon keine Kartennummer. Sie können bei der Übergabe bezahlen, "
                    "oder wir schicken Ihnen einen Link per SMS.")
        if any(w in lowered for w in ("bar", "übergabe", "lieferung", "tür", "abholung")):
            method = "on_delivery"
        elif any(w in lowered for w in ("online", "link", "sms", "paypal", "überweis")):
            method = "online"
        elif "rechnung" in lowered:
            method = "invoice"
        else:
            index = pick_choice(text, [PAYMENT_LABELS[m] for m in methods])
            method = methods[index] if index is not None else None
    if method not in methods:
        return False
    ctx.state.payment_method = method
    ctx.state.pending = None
    if method == "online" and ctx.voice:
        # On the phone the link goes by SMS: to this phone, or to someone who pays for the caller.
        ctx.ask("link_to", "Soll ich den Link zum Bezahlen an diese Telefonnummer schicken, "
                "oder an eine andere, zum Beispiel von Ihrer Tochter?",
                [Choice("An diese Nummer", str(payloads.LinkTo("self"))),
                 Choice("An eine andere Nummer", str(payloads.LinkTo("other")))])
        return True
    advance(ctx)
    return True


def answer_link_to(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    """Where the payment link goes: "an diese Nummer", or a number said or keyed in."""
    data = ctx.question.data
    number = digits_only(text) if text else ""
    if choice == payloads.LinkTo("self") or (not number and yes_or_no(text) is True) \
            or (text and "diese" in text.lower()):
        ctx.state.link_to = None
    elif len(number) >= 7:
        try:
            ctx.state.link_to = residents.normalize_phone(number)
        except OrderingError as exc:
            ctx.say(resident_text(exc))
            return True
    elif choice == payloads.LinkTo("other") or (text and "andere" in text.lower()) or data.get("asked_number"):
        ctx.ask("link_to", "Bitte sagen oder tippen Sie die Nummer mit Vorwahl.", asked_number=True)
        return True
    else:
        return False
    ctx.state.pending = None
    advance(ctx)
    return True


def _final_readback(ctx: Ctx, resident: Resident, hold: SlotHold, method: str) -> None:
    summary = ctx.summary()
    view = windows.get_window(ctx.session, hold.slot_id, now=ctx.now)
    where = f"Lieferung an {_address(resident)}" if view.kind == "delivery" \
        else f"Abholung an der Station {view.station_name}"
    sms_to = "an die genannte Nummer" if ctx.state.link_to else "per SMS"
    pay = {"online": "Sie bezahlen online über einen Link" + (f", den wir {sms_to} schicken" if ctx.voice else ""),
           "on_delivery": "Sie bezahlen bei der Übergabe",
           "invoice": "Sie bekommen eine Rechnung"}[method]
    gap = " " if ctx.voice else "\n"
    text = (f"Ich fasse zusammen.{gap}{cart_readback(summary, ctx.voice)}{gap}{where} am "
            f"{window_text(view.start, view.end, ctx.voice)}. {pay}. Soll ich so bestellen?")
    ctx.ask("confirm_order", text, [Choice("Ja, bestellen", str(payloads.YES)),
                                    Choice("Nein, noch ändern", str(payloads.NO))])


def _address(resident: Resident) -> str:
    """"Markt 3, 48653 Coesfeld": where the order goes, read back once before it is placed."""
    return f"{resident.street}, {resident.postcode or ''} {resident.town or ''}".replace(" ,", ",").strip(" ,")


def answer_confirm(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    answer = choice.yes if isinstance(choice, payloads.Answer) else yes_or_no(text)
    if answer is None:
        return False
    ctx.state.pending = None
    if not answer:
        ctx.say("Gut. Was möchten Sie ändern?",
                [Choice("Warenkorb ansehen", str(payloads.CART)), Choice("Anderes Zeitfenster", str(payloads.WINDOWS))])
        return True
    place_order(ctx)
    return True


def place_order(ctx: Ctx) -> None:
    """Checkout, vouchers and the payment link; a refusal rolls the checkout back, nothing half-done."""
    method = ctx.state.payment_method or "on_delivery"
    resident = ctx.resident
    if resident is None:  # the account is gone since the read-back: ask again for what is missing
        advance(ctx)
        return
    if ctx.cart.resident_id is None:
        ctx.cart.resident_id = resident.id  # a family group's cart: the member who checks out orders
    try:
        with ctx.session.begin_nested():
            order = checkouts.checkout(ctx.session, ctx.cart, now=ctx.now, payment_method=method,
                                       actor=f"resident:{resident.id}", channel=ctx.turn.channel)
            payments.settle_checkout(ctx.session, order, ctx.state.voucher_codes)
            if ctx.state.substitutes:  # issue 17: said once while ordering
                substitutes.set_preference(ctx.session, order.id, ctx.state.substitutes,
                                           actor=f"resident:{resident.id}", now=ctx.now)
    except OrderingError as exc:
        ctx.session.refresh(ctx.cart)
        ctx.say(resident_text(exc))
        ctx.state.payment_method = None
        advance(ctx)
        return
    ctx.state.voucher_codes = []
    ctx.state.substitutes = None
    link = payments.open_payment(ctx.gateway, ctx.settings, ctx.session, order)
    ctx.state.last_order_id = order.id
    ctx.state.payment_method = None
    ctx.state.fulfilment = None
    ctx.state.checking_out = False
    shops = len(order.sub_orders)
    text = (f"Vielen Dank! Ihre Bestellung ist aufgegeben, die Nummer ist {_spell(order.reference, ctx.voice)}. "
            f"{'Die Geschäfte bekommen' if shops > 1 else 'Das Geschäft bekommt'} sie jetzt.")
    if method == "online" and link is None and order.total_cents:
        text += " Den Link zum Bezahlen schicken wir Ihnen gleich."
    if link:
        to = " an die genannte Nummer" if ctx.state.link_to else ""
        text += (f" Den Link zum Bezahlen schicke ich per SMS{to}." if ctx.voice
                 else f" Bitte bezahlen Sie {money(order.total_cents, False)} über diesen Link.")
    if ctx.turn.channel == "web":
        text += " Wie es um Ihre Bestellung steht, sagt Ihnen hier jederzeit: „Wo ist meine Bestellung?“"
    else:
        text += " Ich melde mich, sobald sich etwas tut."
    ctx.say(text, link=link, link_to=ctx.state.link_to if link else None)
    ctx.state.link_to = None
    # A fresh cart for whatever comes next.
    ctx.cart = carts.open_cart(ctx.session, ctx.region.id, resident_id=resident.id,
                               owner_key=ctx.turn.shared_cart_key)
    ctx.state.cart_id = ctx.cart.id


def _spell(reference: str, voice: bool) -> str:
    """On the phone only the last digits are said: "zwölf" is easier than "K-2611-000012"."""
    if not voice:
        return reference
    return str(int(reference.rsplit("-", 1)[-1]))


def answer_fulfilment(ctx: Ctx, text: str | None, choice: payloads.Payload | None) -> bool:
    kind = choice.how if isinstance(choice, payloads.Fulfil) else None
    if kind is None and text:
        lowered = text.lower()
        kind = "pickup" if "abhol" in lowered or "selbst" in lowered else "delivery" if "liefer" in lowered or "bring" in lowered else None
    if kind is None:
        return False
    when = text if text and parse_when(without_remarks(text), ctx.now, ctx.region.timezone) is not None else None
    choose_fulfilment(ctx, kind, when or (ctx.state.pending.data.get("when") if ctx.state.pending else None))
    advance_if_checking_out(ctx)
    return True

