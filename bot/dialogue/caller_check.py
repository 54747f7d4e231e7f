"""On the phone the caller id picks the account, but a caller id can be faked. So a call hears
nothing the account holds (past orders, "das Gleiche wie letztes Mal", the stored address) until
the caller has said the account's postcode in this call. A caller who says another postcode is
served as a new customer at that postcode; the account stays untouched.

Kept apart from the dialogue's flow: the flow calls ``guard`` where stored data would be said,
and the engine hands the answer to ``answer``.
"""

from __future__ import annotations

from bot.application.error_wording import resident_text
from bot.dialogue.context import Ctx
from bot.dialogue.towns import town_said
from bot.dialogue.understanding import digits_only
from nlu.reading import read
from ordering import catalog, residents
from ordering.errors import OrderingError, PostcodeAmbiguous
from ordering.models import Resident

PENDING = "caller_postcode"
QUESTION = "Zur Sicherheit: Wie lautet Ihre Postleitzahl?"
NOTHING_FOUND = "Unter dieser Postleitzahl finde ich nichts von Ihnen. Was darf ich für Sie notieren?"


def needed(ctx: Ctx) -> bool:
    """A call, an account with stored data, and its postcode not yet said in this call."""
    resident = ctx.resident
    return ctx.voice and resident is not None and resident.postcode is not None and not ctx.state.caller_confirmed


def guard(ctx: Ctx, then: str, lead: str | None = None, **data) -> bool:
    """Ask for the postcode first when needed (True); ``then`` says what to go on with."""
    if not needed(ctx):
        return False
    ctx.ask(PENDING, f"{lead} {QUESTION}" if lead else QUESTION, then=then, **data)
    return True


def answer(ctx: Ctx, text: str | None) -> bool:
    """The caller's postcode; False when they said something else (the dialogue hears it then)."""
    code = digits_only(text)
    if len(code) != 5:
        code = read(text).address.postcode or ""  # "kirchstraße vier sechsunddreißig eins eins fünf"
    if len(code) != 5:
        return False
    data = ctx.question.data
    ctx.state.pending = None
    known = ctx.resident is not None and code == ctx.resident.postcode
    if not known and not _as_new_customer(ctx, code, text=text, data=data):
        return True
    ctx.state.caller_confirmed = True
    _go_on(ctx, data.get("then"), data, known=known)
    return True


def town_decided(ctx: Ctx, data: dict, municipality: str) -> None:
    """The town the caller named for a postcode several municipalities share (asked by
    ``_as_new_customer``): served as a new customer there, then on as the question said."""
    if not _as_new_customer(ctx, data["postcode"], municipality=municipality, data=data):
        return
    ctx.state.caller_confirmed = True
    _go_on(ctx, data.get("then"), data, known=False)


def _as_new_customer(ctx: Ctx, postcode: str, *, text: str | None = None, municipality: str | None = None,
                     data: dict | None = None) -> bool:
    """Serve this call as a new customer at ``postcode`` (the caller's own words); False if refused,
    or if the postcode is shared by several municipalities and ``text`` names none: then the town
    is asked first (``Steps.ask_town``), and ``town_decided`` goes on."""
    caller = ctx.resident  # the account the caller id picked (None: it is gone since the question)
    try:  # the place first: nobody new is made for a postcode that is refused or still ambiguous
        if municipality is None:
            named = town_said(text, catalog.municipalities_for_postcode(ctx.session, ctx.region.id,
                                                                                     postcode))
            municipality = named.slug if named is not None else None
        place = residents.municipality_for_postcode(ctx.session, ctx.region.id, postcode, municipality=municipality)
    except PostcodeAmbiguous as exc:
        kept = {k: v for k, v in (data or {}).items() if k in ("then", "when")}
        ctx.steps.ask_town(ctx, exc, origin=PENDING, **kept)
        return False
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return False
    fresh = Resident(region_id=ctx.region.id, phone=caller.phone if caller else ctx.turn.customer.phone)
    ctx.session.add(fresh)
    ctx.session.flush()
    try:
        residents.update_resident(ctx.session, fresh, residents.ResidentData(postcode=postcode,
                                                                             municipality=place.slug))
    except OrderingError as exc:
        ctx.say(resident_text(exc))
        return False
    if caller is not None and ctx.cart.resident_id == caller.id:
        ctx.cart.resident_id = fresh.id  # what was put in the cart in this call goes with the caller
    ctx.resident, ctx.state.resident_id = fresh, fresh.id
    return True


def _go_on(ctx: Ctx, then: str | None, data: dict, *, known: bool) -> None:
    # the checkout and the services call guard(): they are reached through ctx.steps
    if then in ("reorder", "status", "cancel") and not known:
        ctx.say(NOTHING_FOUND)
    elif then == "reorder":
        ctx.steps.offer_reorder(ctx)
    elif then == "status":
        ctx.steps.order_status(ctx)
    elif then == "cancel":
        ctx.steps.cancel(ctx)
    elif then == "windows":
        ctx.steps.offer_windows(ctx, data.get("when"))
        ctx.steps.advance_if_checking_out(ctx)
    else:
        ctx.steps.advance(ctx)
