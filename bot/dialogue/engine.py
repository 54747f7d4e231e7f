"""The dialogue core: one turn in, replies out, the same for the phone, Telegram and the web.

A turn is handled in one unit of work: the conversation row is locked (two members of a
family group typing at once queue up), the state is read, the resident's words change
the cart, the state is written back. The NLU is asked before, outside the transaction.

Pending question kinds: item (which product/shop), quantity, remove, reorder, clear_cart,
cancel_order, resume, fulfilment, station, postcode, town (of a postcode several municipalities
share), window, name, phone, street, payment, confirm_order, voucher.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import anyio
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.application import payloads
from bot.application.error_wording import resident_text
from bot.dialogue import (
    allergens,
    browse,
    caller_check,
    checkout_flow,
    corrections,
    rules,
    services,
    shopping,
    substitute_wish,
)
from bot.dialogue.catalog_cache import CatalogCache
from bot.dialogue.context import YES_NO, Ctx
from bot.dialogue.state import Pending, State
from bot.dialogue.steps import STEPS
from bot.dialogue.types import Action, Choice, Reply, Turn
from bot.dialogue.understanding import MAKE_IT, NO_FIRST, explicit_intent, keyword_intent, wants_pickup
from nlu.intents import Intent, intent_named
from nlu.reading import (
    SERVICE_QUESTION_ACTS,
    Act,
    QuestionKind,
    Reading,
    operation_clauses,
    read,
    standard_text,
    without_remarks,
)
from nlu.resolution.dates import parse_when
from nlu.resolution.items import ARTICLE_AMOUNTS
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import FILLERS, fold, normalize_product_text
from nlu.resolution.products import shop_dative
from nlu.resolution.quantity import find_quantity
from nlu.result import NluResult
from ordering import cart as carts
from ordering import residents
from ordering.errors import ConfigurationError, OrderingError
from ordering.models import Conversation, Region, Resident

if TYPE_CHECKING:
    from bot.application.container import Container

log = logging.getLogger(__name__)
TRANSCRIPT_KEEP = 200
CONFIDENT = 0.55  # below this the NLU's intent is only used when nothing else fits
PAYMENT_DATA_REMOVED = ("Bitte schicken Sie mir keine Kartennummer und keine Kontodaten: Ich habe sie nicht "
                        "gespeichert. Bezahlen können Sie bei der Übergabe oder über einen sicheren Link.")


# "noch", "mehr", "dazu": an apology with these adds ("Entschuldigung, noch zwei Brötchen"); without
# them it says the amount again ("sry 3 Roggenbrötchen" after "2 Roggenbrötchen")
# "statt de festkochenden doch liaba mehlige, i mach Knödl am Sonntag": goods for goods, the day in passing
_REPLACING = re.compile(r"(?<![\w])(?:statt|anstatt|sondern)(?![\w])")
# A turn that opens with a question about goods ("was kostet denn der Waldhonig?", "habt ihr auch
# Hecht?") answers no choice that waits; "frisch bitte, und habt ihr auch Hecht?" does.
_OPENS_WITH_A_QUESTION = re.compile(r"^(?:(?:und|ach|also|ah|aha|ok|okay|sag mal|sagen sie mal|ahm|hm|moment)\s+)*"
                                    r"(?:was|wie ?viel|haben sie|habt ihr|hend ihr|gibt es|gibts|ist|sind)\b")
_AN_AMOUNT = re.compile(r"(?<![\w])(?:\d+|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|nur (?:eine?n?|eins))"
                        r"(?![\w])")
# "Ach, den milden bitte 400 g": a second thought about goods in the cart says their amount again
_SECOND_THOUGHT = re.compile(r"^\s*(?:ach|och|oh|ah|achso|ach so|ach nee|ach ne|nee|ne)\b")
_MORE = re.compile(r"(?<![\w])(?:noch|mehr|dazu|zusatzlich|ausserdem|auch|und|u|plus)(?![\w])")

# ------------------------------------------------------------ intents: where each is taken up
# (None, no intent at all, goes wherever ADD_ITEMS goes: the checks say `intent is None or …`.)

# Read through the goods steps of `Turns._dispatch`: their words may name goods.
READS_GOODS: frozenset[Intent] = frozenset({
    Intent.ADD_ITEMS, Intent.BOOK_SERVICE, Intent.CHANGE_ITEM, Intent.NOT_UNDERSTOOD, Intent.OUT_OF_SCOPE,
    Intent.ASK_PRODUCT, Intent.AFFIRM, Intent.DENY, Intent.CHOOSE_DAY, Intent.GREET, Intent.CHOOSE_DELIVERY,
    Intent.CHOOSE_PICKUP})
# What the goods and correction steps act on themselves, with no handler of their own.
GOODS_STEPS: frozenset[Intent] = READS_GOODS | {Intent.REMOVE_ITEM}
# Goods found with these are added to the cart.
ADDS_GOODS: frozenset[Intent] = frozenset({
    Intent.ADD_ITEMS, Intent.BOOK_SERVICE, Intent.NOT_UNDERSTOOD, Intent.OUT_OF_SCOPE, Intent.GREET, Intent.AFFIRM,
    Intent.DENY, Intent.CHOOSE_DAY, Intent.CHANGE_ITEM})
CHOOSES_FULFILMENT: frozenset[Intent] = frozenset({Intent.CHOOSE_DELIVERY, Intent.CHOOSE_PICKUP})
# Say how or when: a shop named with them and no goods is no "Gern, bei …".
SAYS_HOW_OR_WHEN: frozenset[Intent] = CHOOSES_FULFILMENT | {Intent.CHOOSE_DAY}
# A day said with these stays theirs; with any other, a day and no goods choose the day.
KEEP_THEIR_DAY: frozenset[Intent] = frozenset({
    Intent.ORDER_STATUS, Intent.CANCEL, Intent.VOUCHER, Intent.CHOOSE_DELIVERY, Intent.CHOOSE_PICKUP})
# Plain ordering: a "Gutschein" said with these makes the turn a voucher.
ORDERS_PLAINLY: frozenset[Intent] = frozenset({
    Intent.ADD_ITEMS, Intent.BOOK_SERVICE, Intent.NOT_UNDERSTOOD, Intent.OUT_OF_SCOPE})
# The words decide over these: a question about goods asks about them ("Hallo, habt ihr Hecht?").
MAY_ASK_ABOUT_GOODS: frozenset[Intent] = frozenset({
    Intent.ADD_ITEMS, Intent.BOOK_SERVICE, Intent.CHECKOUT, Intent.NOT_UNDERSTOOD, Intent.OUT_OF_SCOPE, Intent.GREET,
    Intent.THANKS, Intent.AFFIRM, Intent.DENY})
# The words decide over these: a word that removes or corrects, and goods in the cart, change the cart.
YIELD_TO_A_CHANGE: frozenset[Intent] = frozenset({
    Intent.ADD_ITEMS, Intent.NOT_UNDERSTOOD, Intent.OUT_OF_SCOPE, Intent.AFFIRM, Intent.DENY})
CLEARS: frozenset[Intent] = frozenset({Intent.CLEAR_CART, Intent.CANCEL})
# Said with goods, these are shopping ("Hallo, zwei Brötchen"; out_of_scope stays itself).
SMALL_TALK: frozenset[Intent] = frozenset({
    Intent.GREET, Intent.THANKS, Intent.GOODBYE, Intent.AFFIRM, Intent.DENY, Intent.OUT_OF_SCOPE})

# Intents with a handler in INTENT_HANDLERS are taken up by it, at one of three places:
# answered at once, before the waiting question's rest, the acts and the goods (`Turns._text`);
ANSWERED_AT_ONCE: frozenset[Intent] = frozenset({Intent.HUMAN_HANDOFF, Intent.REPEAT, Intent.HELP})
# before the goods and corrections steps, right after "alles weg" said in so many words;
BEFORE_THE_GOODS: frozenset[Intent] = frozenset({Intent.CLEAR_CART})
# the rest after the goods steps, where a time said on its own ("am Samstag vormittag") wins over
# all but these.
OUTRANK_A_DAY: frozenset[Intent] = frozenset({
    Intent.GREET, Intent.SHOW_CART, Intent.CHECKOUT, Intent.CHOOSE_DELIVERY, Intent.CHOOSE_PICKUP, Intent.CHOOSE_DAY})

def _as_intent(name: str) -> Intent:
    """The NLU's intent; a name that is none of ours (a model trained on another domain.yml
    than `nlu.intents` lists, which tests/nlu/test_client.py rules out) is not understood."""
    return intent_named(name) or Intent.NOT_UNDERSTOOD


IntentHandler = Callable[["Turns", str], None]
INTENT_HANDLERS: dict[Intent, IntentHandler] = {}


def handles(*intents: Intent) -> Callable[[IntentHandler], IntentHandler]:
    """Register the decorated function as what the dialogue does for ``intents`` (one handler
    per intent); it gets the turn and the text of the clause."""
    def register(handler: IntentHandler) -> IntentHandler:
        for intent in intents:
            if intent in INTENT_HANDLERS:
                raise ValueError(f"{intent} has a handler already: {INTENT_HANDLERS[intent].__name__}")
            INTENT_HANDLERS[intent] = handler
        return handler
    return register


# An order, then a question about it: "… und ein Sack Grillkohle, was kostet bei der Kiste das Pfand"
_ORDER_BEFORE_A_QUESTION = re.compile(r"(?is)^(?P<order>.+?)[,.;]?\s+(?:was|wat|wie ?viel|wieviel)\s")


# "Torten auf Bestellung" read as goods leaves "torten auf": a preposition whose words were taken
_DANGLING = re.compile(r"(?:(?:^|\s+)(?:auf|mit|fur|für|zum|zur|nach|von|vom|in|im|aus|ohne))+$", re.IGNORECASE)


class Dialogue:
    """Channel-neutral conversation engine (see module docstring)."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.catalogs = CatalogCache()  # one dialogue per process (the composition root builds it)

    def warm_up(self) -> None:
        """Read the lexicon and build every region's catalog index now, not in the first turn."""
        lexicon()
        with self.container.database.read_session() as session:
            for region in session.scalars(select(Region)):
                self.catalogs.get(session, region.id, region.catalog_revision)

    async def handle(self, turn: Turn) -> list[Reply]:
        """Answer one turn; never raises for anything a resident can say or press."""
        nlu: NluResult | None = None
        if turn.text and turn.text.strip() and not turn.choice:
            nlu = await self.container.nlu.parse(turn.text)
        try:
            replies = await anyio.to_thread.run_sync(self._handle_sync, turn, nlu)
        except Exception:  # noqa: BLE001 - a bug must not end the call or chat; log it and apologise
            # Never the turn itself: its key is a phone number or a web session, its text personal.
            log.exception("dialogue failed on a %s turn", turn.channel)
            replies = [Reply("Entschuldigung, da ist bei mir etwas schiefgegangen. Bitte sagen Sie es noch einmal.")]
        self.container.events.nudge()
        if turn.payment_data_removed:
            replies = [Reply(PAYMENT_DATA_REMOVED), *replies]
        return replies

    # ------------------------------------------------------------ loading and saving

    def _handle_sync(self, turn: Turn, nlu: NluResult | None) -> list[Reply]:
        with self.container.database.session() as session:
            conversation = self._conversation(session, turn)
            state = State.from_json(conversation.state)
            region = self._region(session, state, turn)
            resident = self._resident(session, state, turn, region)
            cart = self._cart(session, state, turn, region, resident)
            ctx = Ctx(session=session, turn=turn, state=state, region=region, resident=resident, cart=cart,
                      catalog=self.catalogs.get(session, region.id, region.catalog_revision or 0),
                      settings=self.container.settings, steps=STEPS,
                      nlu_available=nlu is None or nlu.available, gateway=self.container.gateway,
                      container=self.container)
            Turns(self, ctx, nlu).run()
            state.cart_id = ctx.cart.id
            state.resident_id = ctx.resident.id if ctx.resident else state.resident_id
            if ctx.out:
                state.choices = [{"label": c.label, "value": c.value} for c in ctx.out[-1].choices]
                state.last_texts = [r.text for r in ctx.out]
                state.last_names_keys = any(r.names_keys for r in ctx.out)
            conversation.state = state.to_json()
            conversation.resident_id = state.resident_id
            conversation.cart_id = ctx.cart.id
            said = turn.text if turn.text is not None else (turn.choice or turn.dtmf or "")
            entry = {"at": turn.now.isoformat(), "user": said, "assistant": " ".join(r.text for r in ctx.out)}
            conversation.transcript = [*(conversation.transcript or [])[-(TRANSCRIPT_KEEP - 1):], entry]
            return list(ctx.out)

    @staticmethod
    def _conversation(session, turn: Turn) -> Conversation:
        query = select(Conversation).where(Conversation.channel == turn.channel,
                                           Conversation.external_id == turn.conversation_key)
        conversation = session.scalar(query.with_for_update())
        if conversation is None:
            # Two first turns at once (a family group): one insert wins, the other waits for it.
            try:
                with session.begin_nested():
                    session.add(Conversation(channel=turn.channel, external_id=turn.conversation_key, state={},
                                             transcript=[]))
            except IntegrityError:
                pass
            conversation = session.scalar(query.with_for_update())
        return conversation

    def _region(self, session, state: State, turn: Turn) -> Region:
        region = session.get(Region, state.region_id) if state.region_id else None
        if region is None:
            slug = self.container.settings.region_slug
            query = select(Region).where(Region.slug == slug) if slug else select(Region).order_by(Region.id)
            region = session.scalars(query).first()
            if region is None:
                raise ConfigurationError("no region imported yet: run `kiepe catalog import FILE`")
            state.region_id = region.id
        return region

    @staticmethod
    def _resident(session, state: State, turn: Turn, region: Region) -> Resident | None:
        resident = session.get(Resident, state.resident_id) if state.resident_id else None
        if resident is not None and resident.erased_at is None:
            return resident
        customer = turn.customer
        if customer.phone:
            resident = residents.find_by_phone(session, customer.phone)
        if resident is None and customer.telegram_id:
            resident = residents.find_by_telegram(session, customer.telegram_id)
        if resident is None and (customer.phone or customer.telegram_id):
            data = residents.ResidentData(name=customer.name, phone=customer.phone, telegram_id=customer.telegram_id)
            try:
                resident = residents.register_resident(session, region.id, data)
                if customer.phone:  # calling from the number proves it (the postcode guards the rest)
                    residents.mark_phone_verified(session, resident, turn.now)
            except Exception:  # noqa: BLE001 - an odd caller id must not block ordering
                log.warning("could not register a %s caller; ordering goes on without", turn.channel)
                resident = None
        if resident is not None:
            state.resident_id = resident.id
        return resident

    @staticmethod
    def _cart(session, state: State, turn: Turn, region: Region, resident: Resident | None):
        if turn.shared_cart_key:
            return carts.open_cart(session, region.id, owner_key=turn.shared_cart_key)
        if resident is not None:
            return carts.open_cart(session, region.id, resident_id=resident.id)
        return carts.open_cart(session, region.id, owner_key=f"{turn.channel}:{turn.conversation_key}")


_STALE = "Diese Auswahl ist nicht mehr aktuell. "
_REPEAT_PREFIXES = ("Sind Sie noch da? ", "Diese Taste ist gerade nicht belegt. ", _STALE)


def _without_prefix(text: str) -> str:
    """What was asked, without the "are you still there" a repetition put in front of it."""
    changed = True
    while changed:
        changed = False
        for prefix in _REPEAT_PREFIXES:
            if text.startswith(prefix):
                text, changed = text[len(prefix):], True
    return text


# Words of a time phrase besides the days: "Freitag ab 15 Uhr", "zwischen 9 und 12".
_TIME_WORDS = frozenset("am um für zum bitte dann lieber ja ab bis gegen zwischen und von uhr halb vor nach "
                        "viertel lieferung liefern abholung den der".split())


_TO_A_PLACE = frozenset({"nach", "in", "im", "am", "an", "bei", "beim", "zum", "zur", "richtung"})


def _is_place(word: str, places: frozenset[str]) -> bool:
    """A station's or town's word, or its start ("gero" for Gerolzhofen)."""
    return word in places or (len(word) >= 4 and any(p.startswith(word) for p in places))


class Turns:
    """Works out what one turn means and does it."""

    def __init__(self, dialogue: Dialogue, ctx: Ctx, nlu: NluResult | None) -> None:
        self.dialogue = dialogue
        self.ctx = ctx
        self.nlu = nlu
        self.misunderstood_now = False
        self.added_before: list[list[str]] | None = None  # State.last_added as the turn began
        self.reading: Reading = read(None)
        self.goods = ""
        self.goods_taken = False  # the turn's goods were added already (before a waiting question)

    def run(self) -> None:
        ctx, turn = self.ctx, self.ctx.turn
        if turn.silence:
            return self._silence()
        if turn.dtmf:
            return self._keys(turn.dtmf)
        if turn.choice:
            return self._choice(turn.choice)
        if not turn.text or not turn.text.strip():
            ctx.state.misunderstood = 0  # a new call or chat starts with a clean slate
            ctx.state.caller_confirmed = False
            return self._greet()
        if self.nlu is not None and not self.nlu.available and not ctx.state.told_nlu_down:
            ctx.state.told_nlu_down = True
            ctx.say("Ich verstehe gerade nur einfache Sätze. Sie können auch die Knöpfe nutzen"
                    + (" oder die Tasten drücken." if ctx.voice else "."))
        clauses = operation_clauses(turn.text)
        if len(clauses) > 1:
            # "Die Gurke raus bitte. Und statt Wirsing lieber einen Weißkohl": each change in turn,
            # read by the rules (the model's reading covers the whole turn, not a clause of it)
            whole = self.nlu
            self.nlu = None
            try:
                for number, clause in enumerate(clauses, 1):
                    start = len(ctx.out)
                    self._text(clause)
                    if number < len(clauses):  # "Darf es noch etwas sein?" once, after the last change
                        ctx.out[start:] = [r for r in ctx.out[start:] if not r.text.startswith(shopping.MORE)]
            finally:
                self.nlu = whole
            return
        self._text(turn.text)

    # ------------------------------------------------------------ keys, buttons, silence

    def _silence(self) -> None:
        ctx = self.ctx
        ctx.state.misunderstood += 1
        if ctx.state.misunderstood >= 3:
            return self._offer_person()
        self._say_last_again("Sind Sie noch da? ", "Was darf ich für Sie notieren?")

    def _keys(self, keys: str) -> None:
        ctx = self.ctx
        key = keys.strip()[:1]
        if key == "0":
            return self._handoff()
        if key.isdigit() and 1 <= int(key) <= len(ctx.state.choices):
            return self._choice(ctx.state.choices[int(key) - 1]["value"])
        if key == "*":
            return self._repeat()
        self._say_last_again("Diese Taste ist gerade nicht belegt. ")

    def _choice(self, value: str) -> None:
        ctx = self.ctx
        ctx.state.misunderstood = 0
        payload = payloads.parse_payload(value)
        if payload is None:  # an old button, a forged callback: no error, the question again
            return self._stale_choice()
        pending = ctx.state.pending.kind if ctx.state.pending else None
        if pending and self._answer_pending(pending, None, payload):
            return
        match payload:
            case payloads.Command(word):
                return self._command(word)
            case payloads.Answer(yes):
                return self._text("ja" if yes else "nein")
            case payloads.Step(line_id, up):
                return shopping.step_line(ctx, line_id, +1 if up else -1)
            case payloads.Remove(line_id):
                return shopping.remove_line(ctx, line_id)
            case payloads.Slot(slot_id):
                checkout_flow.hold(ctx, slot_id)
                return checkout_flow.advance_if_checking_out(ctx)
            case payloads.Days(page):
                return checkout_flow.offer_days(ctx, page)
            case payloads.Day(day):
                return checkout_flow.offer_day(ctx, day)
            case payloads.Fulfil(how):
                checkout_flow.choose_fulfilment(ctx, how)
                return checkout_flow.advance_if_checking_out(ctx)
            case payloads.Browse() | payloads.Town() | payloads.ShopPage() | payloads.Category() | payloads.Add():
                return browse.handle(ctx, payload)
        self._stale_choice()  # the answer to a question no longer asked ("pay:…", "qty:…" after it)

    def _command(self, word: payloads.Word) -> None:
        ctx = self.ctx
        commands: dict[payloads.Word, Callable[[], object]] = {
            "cart": lambda: shopping.show_cart(ctx),
            "checkout": lambda: checkout_flow.start(ctx),
            "more": lambda: ctx.say("Was darf ich noch für Sie notieren?", browse.start_choices(ctx)),
            "help": self._help,
            "handoff": self._handoff,
            "repeat": self._repeat,
            "windows": lambda: checkout_flow.offer_windows(ctx, None),
            "reorder": lambda: services.offer_reorder(ctx),
            "status": lambda: services.order_status(ctx),
        }
        commands[word]()

    def _stale_choice(self) -> None:
        """A button of an earlier question, or a value no button has: what is asked now, asked again."""
        self._say_last_again(_STALE)

    def _say_last_again(self, prefix: str, otherwise: str = "") -> None:
        """What was said last, with its buttons, after ``prefix`` (one of ``_REPEAT_PREFIXES``)."""
        ctx = self.ctx
        last = _without_prefix(" ".join(ctx.state.last_texts)) or otherwise
        ctx.say(prefix + last, [Choice(c["label"], c["value"]) for c in ctx.state.choices],
                names_keys=ctx.state.last_names_keys and bool(ctx.state.last_texts))

    # ------------------------------------------------------------ text

    def _said_again(self, reading: Reading) -> bool:
        """"sry 3 Roggenbrötchen", "ach, den milden bitte 400 g": an amount of goods in the cart said again."""
        said = fold(reading.text)
        make = MAKE_IT.search(said) if _SECOND_THOUGHT.match(said) else None
        if make is not None and not _MORE.search(make.group("rest")) and find_quantity(make.group("rest")) \
                and shopping.names_cart_line(self.ctx, make.group("rest")):
            return True  # "nee warten se mal, die Kinder kommen ja auch mit, machen se sechs Weckmänner"
        return (reading.has(Act.APOLOGY) or _SECOND_THOUGHT.match(said) is not None) and not _MORE.search(said) \
            and find_quantity(self.goods) is not None and shopping.names_goods_in_cart(self.ctx, self.goods)

    def _text(self, text: str) -> None:
        """Act on everything the turn says, in a fixed order: an explicit wish (a person, help,
        cancel), the waiting question, who is speaking and where they live, then goods,
        fulfilment and day, and last the closing words ("ja, passt so", "das wars")."""
        ctx = self.ctx
        reading = self.reading = read(text)
        self.goods = self._goods_words(reading)
        intent = self._intent(text)
        explicit = explicit_intent(text)
        if explicit == Intent.HELP and self.goods and find_quantity(self.goods) is not None:
            # "Hilfe, es hat geschneit! 1x Streusalz 25 kg, 1 Schneeschaufel": an order, not a question
            explicit = None
            intent = None if intent == Intent.HELP else intent
        if reading.has(Act.REPEAT_ITEM) and ctx.state.last_added:
            # "dasselbe nochmal für meine Oma" orders again; it does not ask to hear the reply again
            explicit = None if explicit == Intent.REPEAT else explicit
            intent = None if intent in (Intent.REPEAT, Intent.REORDER) else intent
        if intent == Intent.REPEAT and explicit != Intent.REPEAT and reading.when:
            intent = None  # "Samstag früh, wie gesagt": a day said again is that day, not "say it again"
        asked = ctx.state.pending
        self.added_before = ctx.state.last_added
        took = self._take_personal_details(reading)
        if (took or (not reading.address.empty and ctx.state.pending is None)) and not self.goods \
                and not reading.acts \
                and not reading.fulfilment and not reading.when:
            if not took:  # an address said on its own, with no question waiting for it
                street = ctx.resident.street if ctx.resident else None
                ctx.say(f"Danke, notiert: {street}." if street else "Danke, notiert.")
                if ctx.state.checking_out:
                    checkout_flow.advance(ctx)
            return
        pending = ctx.state.pending.kind if ctx.state.pending else None
        if reading.age is not None and self.goods and pending != rules.AGE:
            rules.note_age(ctx, reading.age)  # "… ne Kiste Pils, ich bin vierzig, und ein Sack Grillkohle"
        ordered_first = _ORDER_BEFORE_A_QUESTION.match(text) if reading.has(Act.DEPOSIT_QUESTION) else None
        if ordered_first is not None and explicit is None and self.goods \
                and find_quantity(read(ordered_first.group("order")).content):
            # "… eine Kiste Pils und ein Sack Grillkohle, was kostet bei der Kiste das Pfand?": the
            # goods ordered before the question first, so that the Pfand said is that of the cart
            # with them (not "Wie viel Pfand ist bei einem Kasten Pils?": asked, nothing ordered)
            goods = [r for r in shopping.groups_from(ctx, None, read(ordered_first.group("order")).content,
                                                     from_resident=True) if r.resolved or r.candidates]
            if goods:
                shopping.add_resolutions(ctx, goods)
                self.goods, self.goods_taken = "", True
        if reading.has(*SERVICE_QUESTION_ACTS) and explicit is None:
            services.answer_service_question(ctx, reading)
            if self.goods and find_quantity(self.goods) is None and not any(
                    r.resolved or r.candidates for r in shopping.groups_from(ctx, None, self.goods)):
                self.goods = ""  # "… oder erst ab 18? frag nur wegen meinem Neffen": talk, no change of the cart
            if not self.goods and not reading.fulfilment and not reading.when:
                if ctx.state.pending is None:
                    if ctx.cart.lines:
                        shopping.prompt_more(ctx)
                    else:
                        ctx.say("Was darf ich für Sie notieren?")
                return self._ask_again(asked)  # the question answered; a waiting one is asked again
        if reading.age is not None and not self.goods and explicit is None and pending != rules.AGE \
                and not reading.fulfilment and not reading.when:
            # "Ich bin 44.", "bin 34 🙂": said in passing, before the question; kept, and whatever
            # was waiting is asked again
            rules.note_age(ctx, reading.age)
            ctx.say("Danke, notiert.")
            if ctx.state.pending is None and not ctx.state.checking_out:
                if ctx.cart.lines:
                    shopping.prompt_more(ctx)
                else:
                    ctx.say("Was darf ich für Sie notieren?")
            elif ctx.state.checking_out and ctx.state.pending is None:
                checkout_flow.advance(ctx)
            return self._ask_again(asked)
        if reading.has(Act.ALLERGEN_QUESTION) and explicit is None:
            allergens.answer(ctx, reading)  # answered from the catalog; a waiting question is asked again
            return self._ask_again(asked)
        if substitute_wish.note(ctx, text):  # "bitte keinen Ersatz" on its own (issue 17)
            return self._ask_again(asked)
        if reading.has(Act.LATER) and explicit is None:
            # "Termin mach ich später": no window now; the goods said with it are still taken
            self._window_later()
            if ctx.state.pending is None:
                asked, pending = None, None  # the window question is off
            if not self.goods:
                return self._ask_again(asked)
        # A question waiting for an answer gets first go, unless the resident says in so many
        # words that they want something else ("Mitarbeiter", "wie bitte", "abbrechen").
        if explicit is None and pending in (None, QuestionKind.ITEM) and corrections.instead_if_missing(ctx, text):
            return self._ask_again(None)  # "falls es keine Franzbrötchen gibt, dann 2 Nussschnecken"
        if pending == QuestionKind.ITEM and explicit is None and NO_FIRST.match(fold(text)) \
                and (len(_AN_AMOUNT.findall(fold(self.goods))) > 1 or _AN_AMOUNT.search(fold(self.goods))
                     and shopping.names_goods_in_cart(ctx, self.goods)):  # not "nein, den 1 Liter": an answer
            # "Meinten Sie Vanillesoße oder Hofeis?" … "ach nee, 2 Eis, 1 Vanille 1 Erdbeer": said anew
            ctx.state.pending, asked, pending = None, None, None
        if pending in (QuestionKind.FULFILMENT, QuestionKind.STATION, QuestionKind.WINDOW) and explicit is None \
                and self.goods and not ctx.cart.lines:
            # "Schade. Dann Samstag. 2 Kästen Bitburger …" after "Sonntag ist nichts frei": the goods
            # first, so that the window answered has an order to hold it for
            goods = [r for r in shopping.groups_from(ctx, self.nlu, self.goods, from_resident=True)
                     if r.resolved or r.candidates]
            if goods:
                shopping.add_resolutions(ctx, goods)
                self.goods, self.goods_taken = "", True
        if pending and explicit is None and not (pending == QuestionKind.ITEM and _OPENS_WITH_A_QUESTION.match(fold(text))) \
                and self._answer_pending(pending, text, None):  # "was kostet der Waldhonig?" chooses nothing
            ctx.state.misunderstood = 0
            self._rest_after_answer(reading, text, pending)
            return
        intent = explicit or self._checked_intent(intent, reading)
        if intent in ANSWERED_AT_ONCE:
            return INTENT_HANDLERS[intent](self, text)
        if not self.goods and self._acts_only(reading, text, intent):
            ctx.state.misunderstood = 0
            return self._ask_again(asked)
        handled = self._dispatch(intent, text)
        if handled:
            if not self.misunderstood_now:
                ctx.state.misunderstood = 0
            if self.goods and reading.has(Act.DONE) and not reading.has(Act.LATER) and ctx.state.pending is None \
                    and not ctx.summary().is_empty:
                checkout_flow.start(ctx)  # "… und zwei Brezen, das wärs": the list is complete
            return self._ask_again(asked)
        self._not_understood()

    def _window_later(self) -> None:
        """The resident puts the window off: no question about it now, nothing to check out; a
        question about an item still waiting is asked again (by ``_ask_again``)."""
        ctx = self.ctx
        ctx.state.checking_out = False
        pending = ctx.state.pending
        if pending is not None and pending.kind in (QuestionKind.FULFILMENT, QuestionKind.STATION,
                                                    QuestionKind.WINDOW, QuestionKind.STREET,
                                                    QuestionKind.POSTCODE, checkout_flow.TOWN):
            ctx.state.pending = None
        if ctx.summary().is_empty and not self.goods:
            ctx.say("Gern. Was darf ich für Sie notieren?")
            return
        ctx.say("Gern, den Termin können Sie später wählen. Ihr Warenkorb bleibt gespeichert."
                + ("" if self.goods or ctx.state.pending is not None or ctx.state.queue else
                   " Sagen Sie einfach Bescheid, wenn Sie bestellen möchten." if ctx.voice else
                   " Schreiben Sie einfach, wenn Sie bestellen möchten."))
        if ctx.state.pending is None and not self.goods:
            shopping.ask_next_question(ctx)  # an item still unclear is asked about, never dropped

    def _goods_words(self, reading: Reading) -> str:
        """The reading's content without the names of pick-up stations and towns said with a
        fulfilment or a time ("Abholung Samstag am Marienplatz" names no goods)."""
        content = reading.content
        if not content or not (reading.fulfilment or reading.when or not reading.address.empty):
            return content
        places = self.ctx.catalog.place_words
        kept: list[str] = []
        for word in content.split():
            if _is_place(fold(word), places):
                if kept and fold(kept[-1]) in _TO_A_PLACE:
                    kept.pop()  # "nach Kleve, 2 kg Boskoop": the preposition went with the town
                continue
            kept.append(word)
        rest = " ".join(kept)
        return "" if not read(rest).content else rest

    def _rest_after_answer(self, reading: Reading, text: str, answered: str) -> None:
        """An answer about an item may come with the rest of the order: "nein, sonst nix, ich
        hol's am Kurpark heute Nachmittag ab" also says when and where, and that the list is done."""
        ctx = self.ctx
        if answered in (QuestionKind.FULFILMENT, QuestionKind.STATION, QuestionKind.WINDOW, checkout_flow.TOWN) \
                and self.goods \
                and ctx.state.pending is None:
            # "Zwiefalten passt. 2 Stück Bienenstich, …": the place answered, the goods still to add
            goods = [r for r in shopping.groups_from(ctx, self.nlu, self.goods, from_resident=True)
                     if r.resolved or r.candidates]
            if goods:
                shopping.add_resolutions(ctx, goods)
            return
        if answered not in (QuestionKind.ITEM, QuestionKind.QUANTITY, QuestionKind.REMOVE, QuestionKind.EDIT,
                            QuestionKind.RESUME, QuestionKind.REORDER) or ctx.state.pending is not None:
            return
        done = reading.has(Act.DONE)
        if reading.fulfilment or (reading.when and self._mentions_day(text)):
            self._fulfilment_and_day(reading, text, done)
        elif done and not ctx.summary().is_empty:
            checkout_flow.start(ctx)

    def _fulfilment_and_day(self, reading: Reading, text: str, done: bool) -> None:
        ctx = self.ctx
        if ctx.summary().is_empty and checkout_flow.goods_wait_for_an_answer(ctx):
            # "Karpfen … wie viel?" — "liefern Samstag früh, Kirchstraße 22": nothing to book yet;
            # how it comes is kept, the question about the goods asked again
            ctx.state.fulfilment = reading.fulfilment or ctx.state.fulfilment
            checkout_flow.ask_about_the_goods_first(ctx)
            return
        if done and not ctx.summary().is_empty:
            ctx.state.checking_out = True
        if reading.fulfilment:
            checkout_flow.choose_fulfilment(ctx, reading.fulfilment, text)
        elif wants_pickup(text):
            checkout_flow.choose_fulfilment(ctx, "pickup", text)
        else:
            checkout_flow.offer_windows(ctx, text)
        checkout_flow.advance_if_checking_out(ctx)

    def _checked_intent(self, intent: Intent | None, reading: Reading) -> Intent | None:
        """Rasa's intent, unless the words say otherwise: a removal needs a word that removes
        ("Strauß" holds no "raus"), a change a word that changes; greetings and thanks that
        come with goods are shopping."""
        if intent == Intent.REMOVE_ITEM and not reading.has(Act.REMOVAL):
            return Intent.ADD_ITEMS if reading.content else None
        if intent == Intent.ASK_PRODUCT and not reading.has(Act.PRODUCT_QUESTION):
            # "Jagdwurst raus bitte" asks nothing: the words decide
            return Intent.REMOVE_ITEM if reading.has(Act.REMOVAL) else Intent.ADD_ITEMS if reading.content else None
        if (intent is None or intent in MAY_ASK_ABOUT_GOODS) \
                and reading.has(Act.PRODUCT_QUESTION) and reading.content and not _counted(reading.content):
            return Intent.ASK_PRODUCT  # "habet Sie au Fleischkäs?", "Hallo, habt ihr schon Quetschekuche?": asked about
        if intent == Intent.CHANGE_ITEM and not reading.has(Act.CORRECTION, Act.REMOVAL) and reading.content:
            return Intent.ADD_ITEMS
        if intent in CLEARS and not reading.has(Act.CLEAR) and keyword_intent(reading.text) not in CLEARS:
            return Intent.ADD_ITEMS if reading.content else None
        if (reading.has(Act.REMOVAL) and not reading.has(Act.CORRECTION) and self.goods and self.ctx.cart.lines
                and (intent is None or intent in YIELD_TO_A_CHANGE)
                and shopping.names_cart_line(self.ctx, self.goods)):
            return Intent.REMOVE_ITEM  # "Das Roggenbrot bitte wieder weg": a word that removes, and goods in the cart
        if (self.goods and self.ctx.cart.lines
                and (intent is None or intent in YIELD_TO_A_CHANGE)
                and (reading.has(Act.CORRECTION) or self._said_again(reading))
                and shopping.names_cart_line(self.ctx, self.goods)):
            return Intent.CHANGE_ITEM  # "ach nee, nur vier Bratwürste", "Tulpen doch 2 Bund"
        if intent == Intent.VOUCHER and "gutschein" not in reading.text.lower() and self.goods:
            return Intent.ADD_ITEMS  # "… eine Streuselschnecke für meine Frau" is no voucher
        if intent in (Intent.ORDER_STATUS, Intent.ASK_PRODUCT) and self.goods and find_quantity(self.goods) is not None \
                and (intent == Intent.ORDER_STATUS or reading.has(Act.DELIVERY_QUESTION)):
            # "meine Bestellung für die Woche: …", "… und was kostet eigentlich die Lieferung?": goods
            # ordered in so many words, with a question about the service answered beside them
            return Intent.ADD_ITEMS
        if intent == Intent.CHECKOUT and self.goods:
            return Intent.ADD_ITEMS  # "Ich möchte bestellen: 400 g Bergkäse …": the goods first, then the rest
        if intent in SMALL_TALK and reading.content:
            return intent if intent == Intent.OUT_OF_SCOPE else Intent.ADD_ITEMS
        return intent

    def _unclear_goods(self, pending: Pending) -> str | None:
        """What an item or amount question was about, as the resident may hear it."""
        if pending.kind == QuestionKind.ITEM:
            said = (pending.data.get("group") or {}).get("product")
            return said[:1].upper() + said[1:] if said else None
        if pending.kind == QuestionKind.QUANTITY:
            item = self.ctx.catalog.index.get(pending.data.get("shop") or "", pending.data.get("product") or "")
            return item.name if item is not None else None
        return None

    def _take_personal_details(self, reading: Reading) -> bool:
        """A street, postcode or name said in passing is kept, whatever else the turn says.
        True when that answered the waiting question (the street, the postcode)."""
        ctx = self.ctx
        address = reading.address
        if address.empty and not reading.name:
            return False
        if caller_check.needed(ctx):
            return False  # a caller id proves little: nothing of the account changes before its postcode
        resident = checkout_flow.ensure_resident(ctx)
        if reading.name and not resident.name:
            self._update(resident, residents.ResidentData(name=reading.name))
        # the town said with it decides a postcode several municipalities share; else it is asked
        asked_town = address.postcode is not None and \
            checkout_flow.take_postcode(ctx, address.postcode, reading.text) == checkout_flow.ASKED
        if address.street:
            self._update(resident, residents.ResidentData(street=address.street))
        if asked_town:
            return True
        pending = ctx.state.pending
        if pending is not None and (pending.kind == QuestionKind.STREET and resident.street
                                    or pending.kind == QuestionKind.POSTCODE and resident.municipality_id):
            when = pending.data.get("when")
            ctx.state.pending = None
            if pending.kind == QuestionKind.POSTCODE:
                checkout_flow.offer_windows(ctx, when)
            if ctx.state.pending is None and ctx.state.checking_out and not reading.content:
                checkout_flow.advance(ctx)
            return True
        return False

    def _update(self, resident: Resident, data: residents.ResidentData) -> None:
        try:
            with self.ctx.session.begin_nested():
                residents.update_resident(self.ctx.session, resident, data)
        except OrderingError as exc:
            self.ctx.say(resident_text(exc))

    def _acts_only(self, reading: Reading, text: str, intent: Intent | None) -> bool:
        """A turn of dialogue acts and no goods: yes, no, that's all, thanks, hello, a name,
        a day or a place. Handled here so that no such word is ever looked up as goods."""
        ctx = self.ctx
        acts = reading.acts
        has_goods = not ctx.summary().is_empty
        if reading.has(Act.CLEAR):
            if ctx.cart.lines:
                checkout_flow.release_and_clear(ctx)
                ctx.state.pending = None
                ctx.state.queue.clear()
                ctx.say("Gut, ich habe alles gestrichen. Was darf ich für Sie notieren?")
            else:
                services.cancel(ctx)
            return True
        if reading.has(Act.SHOW_CART):
            shopping.show_cart(ctx)
            return True
        done = reading.has(Act.DONE) or (has_goods and reading.has(Act.CONFIRM, Act.DENY)
                                         and not reading.has(Act.GREETING))
        if reading.fulfilment or (reading.when and self._mentions_day(text)):
            self._fulfilment_and_day(reading, text, done)
            return True
        if done:
            if has_goods:
                checkout_flow.start(ctx)
            else:
                ctx.say("Ihr Warenkorb ist noch leer. Was darf ich für Sie notieren?", browse.start_choices(ctx))
            return True
        if reading.has(Act.GOODBYE):
            ctx.say("Gern geschehen! Auf Wiederhören." if ctx.voice else "Gern geschehen! Bis bald.",
                    action="end" if ctx.summary().is_empty or ctx.state.last_order_id else "continue")
            return True
        if acts & {Act.GREETING, Act.INTRODUCTION, Act.THANKS, Act.APOLOGY, Act.SMALLTALK, Act.CONFIRM, Act.DENY}:
            if ctx.state.pending is not None:
                return True  # the question is asked again right after
            if not ctx.state.greeted and acts & {Act.GREETING, Act.INTRODUCTION}:
                self._greet()
                return True
            lead = "Gern geschehen!" if Act.THANKS in acts else "Gern."
            ctx.say(f"{lead} Was darf ich für Sie notieren?", browse.start_choices(ctx))
            return True
        return False

    def _ask_again(self, asked) -> None:
        """A question that was waiting and was not answered is asked again after the rest,
        at most twice; an unclear item is never dropped without a word."""
        ctx = self.ctx
        pending = ctx.state.pending
        if asked is None or pending is None or pending is not asked or pending.kind != asked.kind:
            return
        if self._said_meanwhile(pending):
            # "Meinten Sie Alb-Linsen?" — "zwoi päckle linsen …": the goods were ordered in so many words
            ctx.state.pending = None
            if not shopping.ask_next_question(ctx):
                shopping.prompt_more(ctx)
            return
        times = int(pending.data.get("asked_again", 0))
        if times >= 2:
            # asked three times and talked past: let it go, but say so (an item is never dropped unsaid)
            ctx.state.pending = None
            what = self._unclear_goods(pending)
            if what:
                ctx.say(f"{what} habe ich nicht notiert. Sagen Sie es gern noch einmal, wenn Sie es möchten.")
            shopping.ask_next_question(ctx)
            return
        pending.data["asked_again"] = times + 1
        question = pending.data.get("asked", "")
        if question and not any(question in r.text for r in ctx.out):
            ctx.say(question, [Choice(c["label"], c["value"]) for c in ctx.state.choices])

    def _said_meanwhile(self, pending) -> bool:
        """An item question one of whose goods this turn added."""
        added = self.ctx.state.last_added
        if pending.kind != QuestionKind.ITEM or added is self.added_before:
            return False
        offered = {tuple(c) for c in pending.data.get("candidates", [])}
        return any((shop, product) in offered for shop, product, *_ in added)

    def _intent(self, text: str) -> Intent | None:
        nlu = self.nlu
        if nlu is not None and nlu.available and nlu.intent != Intent.NLU_UNAVAILABLE and nlu.confidence >= CONFIDENT:
            return _as_intent(nlu.intent)
        return keyword_intent(text) or (_as_intent(nlu.intent) if nlu is not None and nlu.available else None)

    def _dispatch(self, intent: Intent | None, text: str) -> bool:
        """The goods and correction steps, in their order, then the intent's handler."""
        ctx = self.ctx
        if intent != Intent.VOUCHER and services.another_voucher(ctx, self.reading.standard):
            intent = Intent.VOUCHER  # "und einen vom Bäcker Wedekind über zwanzig": no goods, no shop alone
        if intent is None or intent in READS_GOODS:
            content = self.goods if self.reading.text == text else text
            named_before = list(ctx.state.shops_named)
            resolutions = shopping.groups_from(ctx, self.nlu, content, from_resident=True) if content else []
            if not resolutions and ctx.state.shops_named != named_before and ctx.state.pending is None \
                    and intent not in SAYS_HOW_OR_WHEN and not self.reading.when:
                # "ich wollt mal wat bestellen beim Hoffmann aufm Hof": the shop, no goods yet
                shop = ctx.catalog.index.shop_name(ctx.state.shops_named[-1])
                ctx.say(f"Gern, {shop_dative(shop)}. Was darf ich für Sie notieren?")
                return True
        else:
            resolutions = []
        if self.reading.has(Act.CLEAR) and ctx.cart.lines:
            # "vergessen Sie das alles, meine Frau hat schon eingekauft": said in so many words, done
            carts.clear(ctx.session, ctx.cart)
            ctx.state.pending, ctx.state.queue, ctx.state.last_added = None, [], []
            ctx.say("Gut, ich habe alles aus dem Warenkorb genommen.")
            if resolutions and any(r.resolved for r in resolutions):
                shopping.add_resolutions(ctx, resolutions)  # "… vergiss das alles, nur zwei Brötchen"
            if ctx.state.pending is None:
                shopping.prompt_more(ctx)
            return True
        if intent in BEFORE_THE_GOODS:
            INTENT_HANDLERS[intent](self, text)
            return True
        if self.reading.when and not any(r.resolved or r.candidates for r in resolutions) \
                and intent not in KEEP_THEIR_DAY \
                and not (intent == Intent.CHANGE_ITEM and _REPLACING.search(fold(text))) and self._mentions_day(text):
            intent = Intent.CHOOSE_DAY  # "Ach nein, doch lieber Samstag früh": another day, not another amount
        if intent != Intent.VOUCHER and "gutschein" in self.reading.standard.lower() and (intent is None or intent in ORDERS_PLAINLY):
            intent = Intent.VOUCHER  # "2 Flaschen Prosecco und einen Gutschein über 50 Euro": voucher() splits it
        if ctx.cart.lines and corrections.voucher_amount(ctx, text, self.goods):
            return True  # "nee doch lieber dreißig Euro" after a voucher
        if ctx.cart.lines and shopping.keeps_only(ctx, text):
            return True  # "Primeln doch lieber nicht, nur die Stiefmütterchen": no swap, the Primeln go
        if intent != Intent.CHOOSE_DAY and ctx.cart.lines and self.reading.has(Act.CORRECTION, Act.REMOVAL) and (
                corrections.replace(ctx, text) or corrections.other_shop(ctx, text, resolutions)
                or corrections.restated(ctx, text) or corrections.split_line(ctx, text)
                or corrections.other_variant_of_last(ctx, text)):
            return True  # "die Eier doch lieber vom Hofladen": the shop named before any variant
        if intent != Intent.CHOOSE_DAY and ctx.cart.lines and corrections.relative(ctx, text):
            return True
        if ctx.cart.lines and corrections.withdrawn(ctx, text):
            return True
        if self.reading.has(Act.REPEAT_ALL) and not (self.goods and shopping.names_goods_in_a_list(ctx, self.goods)) \
                and corrections.repeat_all(ctx):
            return True
        if self.reading.has(Act.REPEAT_ITEM) and corrections.repeat_last(ctx, text):
            return True
        if ctx.cart.lines and corrections.other_shop(ctx, text, resolutions):
            return True
        if intent == Intent.CHANGE_ITEM and ctx.cart.lines:
            shopping.change_item(ctx, self.nlu, text, resolutions)
            return True
        if ctx.cart.lines and corrections.refined_last(ctx, self.goods, resolutions):
            return True  # "Sprudel" … "6 Flaschen, das kleine Glas bitte, keinen Kasten"
        if ctx.cart.lines and corrections.each_of_the_last(ctx, text):
            return True  # "Erdbeeren und Himbeeren" … "je 2 Schalen"
        if ctx.cart.lines and shopping.is_bare_quantity(ctx, text, resolutions):
            shopping.change_quantity(ctx, self.nlu, text)  # "ach, nehmen Sie zwei"
            return True
        if intent == Intent.REMOVE_ITEM:
            shopping.remove_item(ctx, self.nlu, text)
            return True
        if intent == Intent.ASK_PRODUCT and resolutions:
            if not services.answer_question_and_order(ctx, text):
                services.answer_product_question(ctx, resolutions)
            return True
        if intent == Intent.ASK_PRODUCT and self.reading.has(Act.PRODUCT_QUESTION) \
                and (asked := _DANGLING.sub("", normalize_product_text(self.goods.split("?")[0]))):
            # "Habt ihr auch Glückwunschkarten?": asked about by name, so goods, even where no word
            # of the catalog or the lexicon knows them
            ctx.say(f"{asked[:1].upper()}{asked[1:]} habe ich leider nicht im Angebot.")
            if ctx.state.pending is None and ctx.cart.lines:
                shopping.prompt_more(ctx)
            elif ctx.state.pending is None:
                ctx.say("Was darf ich für Sie notieren?")
            return True
        if resolutions and ((intent is None or intent in ADDS_GOODS)
                            and any(r.resolved or r.reason not in ("not_found", "no_product") for r in resolutions)
                            or intent in CHOOSES_FULFILMENT
                            # goods only the shop is unclear for are goods ("… liefern: 6 Brötchen")
                            and any(r.resolved or r.reason == "ambiguous_shop" for r in resolutions)):
            if self.reading.has(Act.REMOVAL) and not self.reading.has(Act.CORRECTION) \
                    and shopping.not_in_cart(ctx, resolutions):
                return True  # "dann lassen wir die Butter weg": never added for being named
            if shopping.named_again(ctx, self.goods, resolutions):
                return True  # "die Weizenbrötchen", nothing asked: the ones in the cart, not one more
            if intent == Intent.GREET and not ctx.state.greeted:
                self._greet(quiet=True)
            shopping.add_resolutions(ctx, resolutions)
            if ctx.state.pending is None:
                self._after_items(text)
            return True
        handler = INTENT_HANDLERS.get(intent) if intent is not None else None
        if handler is not None and (intent in OUTRANK_A_DAY or not self._is_day_phrase(text)):
            handler(self, text)
            return True
        if self._is_day_phrase(text):  # "am Samstag vormittag", whatever the intent
            self._on_a_day(text, pickup_first=False)
            return True
        if resolutions and any(r.candidates for r in resolutions):  # suggestions for what sounded like products
            if ctx.state.misunderstood >= 1:  # noise twice in a row: offer keys/buttons instead
                self._not_understood(heard=resolutions[0].question)
                return True
            self.misunderstood_now = True
            ctx.state.misunderstood += 1
            shopping.add_resolutions(ctx, resolutions)
            return True
        if resolutions and resolutions[0].question:
            self._not_understood(heard=resolutions[0].question)
            return True
        return False

    def _after_items(self, text: str) -> None:
        """Items may come with a time ("… für Samstag vormittag"): offer the window too."""
        if self._mentions_day(text):
            if wants_pickup(text):
                checkout_flow.choose_fulfilment(self.ctx, "pickup", text)
            else:
                checkout_flow.offer_windows(self.ctx, text)
            if self.ctx.state.pending is None:
                shopping.prompt_more(self.ctx)
            return
        shopping.prompt_more(self.ctx)

    def _on_a_day(self, text: str, pickup_first: bool) -> None:
        """A time said: the pick-up or the windows of that day. Before any goods, a day said in
        passing ("heut isch ja schmotziger Dunschtig") asks for no window; with ``pickup_first``
        (the intent was choose_day) a pick-up said with it is chosen even then."""
        ctx = self.ctx
        if pickup_first and wants_pickup(text):
            checkout_flow.choose_fulfilment(ctx, "pickup", text)
            checkout_flow.advance_if_checking_out(ctx)
            return
        if not ctx.cart.lines and not self.reading.fulfilment and ctx.state.pending is None:
            ctx.say("Gern. Was darf ich für Sie notieren?")
            return
        if wants_pickup(text):
            checkout_flow.choose_fulfilment(ctx, "pickup", text)
        else:
            checkout_flow.offer_windows(ctx, text)
        checkout_flow.advance_if_checking_out(ctx)

    def _is_day_phrase(self, text: str) -> bool:
        """Only a time ("am Samstag vormittag"), not a sentence that happens to say "morgen"."""
        if not self._mentions_day(text):
            return False
        rest = [w for w in shopping.without_when_words(text).lower().split()
                if w not in FILLERS and w not in _TIME_WORDS and not w.rstrip(".:").replace(".", "").isdigit()]
        return len(rest) <= 1 or wants_pickup(text)

    def _mentions_day(self, text: str) -> bool:
        return parse_when(without_remarks(text), self.ctx.now, self.ctx.region.timezone) is not None

    def _answer_pending(self, kind: str, text: str | None, choice: payloads.Payload | None) -> bool:
        ctx = self.ctx
        flow = checkout_flow
        handlers = {
            "item": lambda: shopping.answer_item(ctx, text, choice),
            "quantity": lambda: shopping.answer_quantity(ctx, text, choice),
            "remove": lambda: shopping.answer_remove(ctx, text, choice),
            "edit": lambda: shopping.answer_edit(ctx, text, choice),
            "fulfilment": lambda: flow.answer_fulfilment(ctx, text, choice),
            "station": lambda: flow.answer_station(ctx, text, choice),
            "postcode": lambda: flow.answer_postcode(ctx, text) if text else False,
            flow.TOWN: lambda: flow.answer_town(ctx, text, choice),
            "window": lambda: flow.answer_window(ctx, text, choice),
            "name": lambda: flow.answer_detail(ctx, "name", text),
            "phone": lambda: flow.answer_detail(ctx, "phone", text),
            "street": lambda: flow.answer_detail(ctx, "street", text),
            "payment": lambda: flow.answer_payment(ctx, text, choice),
            "link_to": lambda: flow.answer_link_to(ctx, text, choice),
            "confirm_order": lambda: flow.answer_confirm(ctx, text, choice),
            caller_check.PENDING: lambda: caller_check.answer(ctx, text),
            rules.MIN_ORDER: lambda: rules.answer_min_order(ctx, text, choice, checkout_flow.advance),
            rules.AGE: lambda: rules.answer_age(ctx, text, choice, checkout_flow.advance),
        }
        if kind in handlers:
            return handlers[kind]()
        return services.answer_pending(ctx, kind, text, choice)

    # ------------------------------------------------------------ small talk and safety nets

    def _greet(self, quiet: bool = False) -> None:
        ctx = self.ctx
        ctx.state.greeted = True
        resident = ctx.resident
        name = f", {resident.name}" if resident and resident.name and not ctx.voice else ""  # a caller id proves little
        hello = f"Guten Tag{name}! Hier ist Kiepe, Ihr Einkaufsdienst für die Geschäfte in Ihrer Nähe."
        if quiet:
            ctx.say(hello)
            return
        if not ctx.summary().is_empty:
            count = len(ctx.cart.lines)
            ctx.ask("resume", f"{hello} Sie haben noch {count} {'Artikel' if count != 1 else 'Artikel'} im Warenkorb. "
                    "Möchten Sie damit weitermachen?", list(YES_NO))
            return
        if services.offer_reorder(ctx, greeting=hello):
            return
        prompt = ("Was darf ich für Sie notieren? Sagen Sie zum Beispiel: zwei Liter Milch vom Hof und sechs Brötchen."
                  if ctx.voice else "Was darf ich für Sie notieren? Schreiben Sie einfach Ihre Einkaufsliste, "
                  "zum Beispiel: „2 Liter Milch und 6 Brötchen“.")
        ctx.say(f"{hello} {prompt}", browse.start_choices(ctx))

    def _repeat(self) -> None:
        ctx = self.ctx
        texts = ctx.state.last_texts or ["Was darf ich für Sie notieren?"]
        ctx.say(" ".join(texts), [Choice(c["label"], c["value"]) for c in ctx.state.choices],
                names_keys=ctx.state.last_names_keys and bool(ctx.state.last_texts))

    def _help(self) -> None:
        ctx = self.ctx
        text = ("Sie können mir einfach sagen, was Sie brauchen, auch von mehreren Geschäften. Zum Beispiel: "
                "„zwei Liter Milch vom Hof Schulze und sechs Brötchen“. Mit „Warenkorb“ höre ich Ihnen vor, "
                "was notiert ist, mit „Bestellen“ schließen wir ab.")
        if ctx.voice:
            text += " Mit der Null verbinde ich Sie mit einem Menschen."
        ctx.say(text, [Choice("Warenkorb ansehen", str(payloads.CART)), Choice("Bestellen", str(payloads.CHECKOUT)),
                       Choice("Geschäfte ansehen", str(payloads.Browse())),
                       Choice("Mit einem Menschen sprechen", str(payloads.HANDOFF))])

    def _handoff(self) -> None:
        ctx = self.ctx
        number = ctx.region.hotline
        if ctx.voice:
            ctx.say("Einen Moment bitte, ich verbinde Sie mit einem Menschen aus unserem Team. "
                    "Ihr Warenkorb bleibt gespeichert.", action="handoff")
        else:
            tail = f" Sie erreichen uns unter {number}." if number else ""
            ctx.say("Ich gebe Ihr Anliegen an unser Team weiter, jemand meldet sich bei Ihnen." + tail
                    + " Ihr Warenkorb bleibt gespeichert.", action="handoff")

    def _offer_person(self) -> None:
        ctx = self.ctx
        ctx.state.misunderstood = 0
        if ctx.voice:
            return self._handoff()
        ctx.say("Es tut mir leid, ich verstehe Sie gerade nicht. Hier ein paar Möglichkeiten:",
                [Choice("Geschäfte ansehen", str(payloads.Browse())), Choice("Warenkorb ansehen", str(payloads.CART)),
                 Choice("Hilfe", str(payloads.HELP)), Choice("Mit einem Menschen sprechen", str(payloads.HANDOFF))])

    def _not_understood(self, heard: str | None = None) -> None:
        """Count a misunderstanding: ask again, then offer keys or buttons, then a person.

        ``heard`` replaces the plain "not understood" when we know what we did not find.
        """
        self.misunderstood_now = True
        ctx = self.ctx
        ctx.state.misunderstood += 1
        if ctx.state.misunderstood >= 3:
            return self._offer_person()
        pending = ctx.state.pending
        if ctx.state.misunderstood == 2:
            if ctx.voice:
                choices = [Choice(c["label"], c["value"]) for c in ctx.state.choices] or \
                    [Choice("Warenkorb", str(payloads.CART)), Choice("Bestellen", str(payloads.CHECKOUT)),
                     Choice("Hilfe", str(payloads.HELP))]
                keys = ", ".join(f"{i} für {c.label}" for i, c in enumerate(choices, 1))
                ctx.say(f"Entschuldigung, das habe ich wieder nicht verstanden. Sie können auch Tasten drücken: "
                        f"{keys}. Mit der Null erreichen Sie einen Menschen.", choices, names_keys=True)
                return
            ctx.say("Entschuldigung, das habe ich nicht verstanden. Wählen Sie gern aus:",
                    [Choice(c["label"], c["value"]) for c in ctx.state.choices] or browse.start_choices(ctx))
            return
        again = " ".join(ctx.state.last_texts) if pending and ctx.state.last_texts else \
            "Was darf ich für Sie notieren?"
        lead = heard or "Entschuldigung, das habe ich nicht verstanden."
        ctx.say(f"{lead} {again}", [Choice(c["label"], c["value"]) for c in ctx.state.choices],
                names_keys=bool(pending and ctx.state.last_texts and ctx.state.last_names_keys))


# ------------------------------------------------------------ what each intent does
# One handler per intent that needs no goods steps (see INTENT_HANDLERS and the sets above
# for where each is taken up); tests/dialogue/test_intent_handlers.py checks none is missing.


@handles(Intent.HUMAN_HANDOFF)
def _human_handoff(turns: Turns, text: str) -> None:
    turns._handoff()


@handles(Intent.REPEAT)
def _repeat(turns: Turns, text: str) -> None:
    turns._repeat()


@handles(Intent.HELP)
def _help(turns: Turns, text: str) -> None:
    turns._help()


@handles(Intent.CLEAR_CART, Intent.CANCEL)
def _cancel(turns: Turns, text: str) -> None:
    services.cancel(turns.ctx)


@handles(Intent.GREET)
def _greet(turns: Turns, text: str) -> None:
    turns._greet()


@handles(Intent.SHOW_CART)
def _show_cart(turns: Turns, text: str) -> None:
    shopping.show_cart(turns.ctx)


@handles(Intent.CHECKOUT)
def _checkout(turns: Turns, text: str) -> None:
    checkout_flow.start(turns.ctx)


@handles(Intent.CHOOSE_DELIVERY)
def _choose_delivery(turns: Turns, text: str) -> None:
    _choose_fulfilment(turns, "pickup" if wants_pickup(text) else "delivery", text)  # a pick-up said wins


@handles(Intent.CHOOSE_PICKUP)
def _choose_pickup(turns: Turns, text: str) -> None:
    _choose_fulfilment(turns, "pickup", text)


def _choose_fulfilment(turns: Turns, kind: str, text: str) -> None:
    checkout_flow.choose_fulfilment(turns.ctx, kind, text)
    checkout_flow.advance_if_checking_out(turns.ctx)


@handles(Intent.CHOOSE_DAY)
def _choose_day(turns: Turns, text: str) -> None:
    turns._on_a_day(text, pickup_first=True)


@handles(Intent.ORDER_STATUS)
def _order_status(turns: Turns, text: str) -> None:
    services.order_status(turns.ctx)


@handles(Intent.REORDER)
def _reorder(turns: Turns, text: str) -> None:
    services.offer_reorder(turns.ctx)


def _counted(content: str) -> bool:
    """A number said with the goods, not only an article: "kann man auch ne Torte bestellen"
    asks; "kann ich auch 2 Torten bestellen", "noch eine Flasche Rotwein. Gibt es auch Klöße?" order."""
    found = find_quantity(content)
    return found is not None and (bool(found.unit_text) or fold(found.quantity_text) not in ARTICLE_AMOUNTS)


@handles(Intent.VOUCHER)
def _voucher(turns: Turns, text: str) -> None:
    # the goods beside the voucher may have gone in already, before the question that waited
    # read in standard words: "n jutschein über dreißich euro"
    services.voucher(turns.ctx, turns.nlu, standard_text(text), with_goods=not turns.goods_taken)


@handles(Intent.GOODBYE)
def _goodbye(turns: Turns, text: str) -> None:
    _you_are_welcome(turns.ctx, "end")


@handles(Intent.THANKS)
def _thanks(turns: Turns, text: str) -> None:
    _you_are_welcome(turns.ctx, "continue")


def _you_are_welcome(ctx: Ctx, action: Action) -> None:
    ctx.say("Gern geschehen! Auf Wiederhören." if ctx.voice else "Gern geschehen! Bis bald.", action=action)


@handles(Intent.ASK_SHOP)
def _ask_shop(turns: Turns, text: str) -> None:
    browse.list_shops(turns.ctx, text)
