"""Twilio voice webhooks: a phone call runs the dialogue, turn by turn, in German.

    POST /voice/incoming  a call comes in: greet (a known caller by name) and listen
    POST /voice/gather    what the caller said (SpeechResult) or pressed (Digits)
    POST /voice/silence   the Gather heard nothing: ask again, never hang up by accident
    POST /voice/dial      the hotline call ended (or nobody answered)
    POST /voice/status    Twilio's status callbacks, recorded in ``call_records``
    POST /voice/fallback  Twilio's fallback URL: when we failed, straight to a person

Should a webhook fail inside (the database away), the caller still gets TwiML: an apology
and the hotline (``KIEPE_VOICE_HOTLINE``), never Twilio's "application error".

Every request is signed (403 otherwise). The conversation, the cart included, lives in the
database under the caller's number, so a dropped call goes on where it stopped next time.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import anyio
from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from bot.application.container import Container
from bot.application.ports import TurnHandler
from bot.application.turns import Customer, Reply, Turn
from bot.channels.twilio_signature import TwilioForm, form_text, url_for
from bot.channels.voice import calls, guard, twiml
from bot.channels.voice.hints import catalog_hints
from bot.channels.voice.keypad import HOTLINE_KEY, choice_for, key_map
from bot.channels.voice.models import CallRecord
from bot.privacy.identifiers import mask_phone
from ordering.errors import ConfigurationError

log = logging.getLogger(__name__)
router = APIRouter(tags=["voice"], include_in_schema=False)

INCOMING_PATH = "/voice/incoming"
GATHER_PATH = "/voice/gather"
SILENCE_PATH = "/voice/silence"
DIAL_PATH = "/voice/dial"
STATUS_PATH = "/voice/status"
FALLBACK_PATH = "/voice/fallback"
# After this many silences in a row (the dialogue offers a person long before) the call ends kindly.
MAX_SILENCES = 6
DEFAULT_VOICE = "Polly.Marlene"

ASK_AGAIN = "Was darf ich für Sie notieren?"
NOBODY_THERE = ("Leider ist gerade niemand aus unserem Team erreichbar. Ihr Warenkorb bleibt gespeichert. "
                "Wir können gern hier weitermachen. Was darf ich für Sie tun?")
CANNOT_CONNECT = ("Leider kann ich Sie gerade nicht verbinden. Ihr Warenkorb bleibt gespeichert. "
                  "Wir können gern hier weitermachen. Was darf ich für Sie tun?")
AFTER_HOTLINE = "Vielen Dank für Ihren Anruf. Auf Wiederhören."
GIVE_UP = ("Ich höre Sie leider nicht. Ihr Warenkorb bleibt gespeichert, rufen Sie einfach wieder an. "
           "Auf Wiederhören.")
SMS_SENT = "Den Link zum Bezahlen schicke ich Ihnen per SMS."
SMS_FAILED = ("Die SMS mit dem Link konnte ich leider nicht verschicken. "
              "Sie können auch bei der Übergabe bezahlen.")
NO_NUMBER = ("Ihre Rufnummer ist unterdrückt, deshalb kann ich Ihnen keine SMS schicken. "
             "Sie können bei der Übergabe bezahlen.")
TROUBLE = "Entschuldigung, bei uns gibt es gerade eine technische Störung."
TROUBLE_CONNECT = "Ich verbinde Sie mit unserem Team."
TROUBLE_LATER = "Bitte rufen Sie später noch einmal an. Ihr Warenkorb bleibt gespeichert. Auf Wiederhören."
SORRY = "Entschuldigung, da ist etwas schiefgegangen. Bitte sagen Sie es noch einmal."


@dataclass
class Call:
    """One call as the webhooks see it (a snapshot of its ``call_records`` row)."""

    sid: str
    key: str
    phone: str | None
    state: calls.CallState


# ---------------------------------------------------------------- plumbing


def _container(request: Request) -> Container:
    return request.app.state.container


def dialogue_for(request: Request) -> TurnHandler:
    """The process's one dialogue (built by the composition root)."""
    dialogue = _container(request).dialogue
    if dialogue is None:
        raise ConfigurationError("the container has no dialogue")
    return dialogue


def _xml(body: str) -> Response:
    return Response(body, media_type=twiml.MEDIA_TYPE)


def emergency(container: Container) -> str:
    """TwiML that needs neither the database nor the dialogue: apologise, connect or say goodbye."""
    settings = container.settings
    voice = twiml.Voice(gather_url=GATHER_PATH, silence_url=SILENCE_PATH, dial_url=DIAL_PATH,
                        voice=settings.voice_tts_voice or DEFAULT_VOICE, rate=settings.voice_speaking_rate)
    if settings.voice_hotline:
        return twiml.dial_then([TROUBLE, TROUBLE_CONNECT], settings.voice_hotline, [TROUBLE_LATER], voice)
    return twiml.goodbye([TROUBLE, TROUBLE_LATER], voice)


def guarded(handler):
    """Whatever fails inside a webhook, Twilio gets TwiML the caller can live with."""

    @functools.wraps(handler)
    async def run(request: Request, form: TwilioForm) -> Response:
        try:
            result = handler(request, form)
            return await result if hasattr(result, "__await__") else result
        except Exception:
            log.exception("voice webhook %s failed", request.url.path)
            return _xml(emergency(_container(request)))

    return run


def _load(container: Container, form: FormData) -> Call:
    with container.database.session() as s:
        record = calls.get_or_start(s, form, container.clock.now())
        return Call(record.call_sid, record.conversation_key, record.caller_phone, calls.CallState.of(record.state))


async def _load_call(container: Container, form: FormData) -> Call:
    return await anyio.to_thread.run_sync(_load, container, form)


def _save(container: Container, call: Call, *, turn: bool = False, session: Session | None = None) -> None:
    if session is None:
        with container.database.session() as s:
            return _save(container, call, turn=turn, session=s)
    record = session.scalar(select(CallRecord).where(CallRecord.call_sid == call.sid))
    if record is None:
        return
    record.state = call.state.to_json()
    record.updated_at = container.clock.now()
    if turn:
        record.turns = (record.turns or 0) + 1


def _voice(container: Container, call: Call, session: Session | None = None) -> tuple[twiml.Voice, str | None]:
    """How to speak to this caller, and the hotline of their region."""
    if session is None:
        with container.database.session() as s:
            return _voice(container, call, s)
    settings = container.settings
    region = calls.region_of(session, call.key, settings.region_slug)
    hints = catalog_hints(session, region.id if region else None)
    hotline = (region.hotline if region else None) or settings.voice_hotline
    voice = twiml.Voice(
        gather_url=url_for(container, GATHER_PATH),
        silence_url=url_for(container, SILENCE_PATH),
        dial_url=url_for(container, DIAL_PATH),
        voice=settings.voice_tts_voice or DEFAULT_VOICE,
        timeout_seconds=settings.voice_gather_timeout_seconds or 6,
        hints=hints,
        rate=settings.voice_speaking_rate,
    )
    return voice, hotline


def _question(texts: list[str], keys: dict, voice: twiml.Voice, *, names_keys: bool) -> Response:
    # The dialogue may name the keys itself ("Sie können auch Tasten drücken: 1 für …", a reply
    # with ``names_keys``): say them once.
    return _xml(twiml.ask(texts, keys, voice, announce_keys=not names_keys))


def _ask(container: Container, call: Call, texts: list[str], keys: dict, names_keys: bool = False) -> Response:
    """Ask (and remember) a question outside the dialogue: one unit of work."""
    with container.database.session() as s:
        voice = _voice(container, call, s)[0]
        call.state.say, call.state.keys, call.state.names_keys = texts, keys, names_keys
        _save(container, call, session=s)
    return _question(texts, keys, voice, names_keys=names_keys)


async def _ask_async(container: Container, call: Call, texts: list[str], keys: dict,
                     names_keys: bool = False) -> Response:
    return await anyio.to_thread.run_sync(_ask, container, call, texts, keys, names_keys)


# ---------------------------------------------------------------- a turn of the dialogue


async def _converse(request: Request, call: Call, turn: Turn) -> Response:
    container = _container(request)
    try:
        replies = list(await dialogue_for(request).handle(turn))
    except Exception:
        log.exception("dialogue failed in call %s", call.sid)
        replies = [Reply(SORRY)]
    if not replies:  # nothing to say: ask the last question again rather than fall silent
        replies = [Reply(" ".join(call.state.say) or ASK_AGAIN, names_keys=call.state.names_keys and bool(call.state.say))]
    texts = [r.text for r in replies]
    texts += await _send_links(container, call, replies)
    return await anyio.to_thread.run_sync(_answer, container, call, turn, replies, texts)


def _answer(container: Container, call: Call, turn: Turn, replies: list[Reply], texts: list[str]) -> Response:
    """The TwiML for the dialogue's replies; the call's state is saved in the same unit of work."""
    keys = key_map(replies[-1].choices)
    action = "handoff" if any(r.action == "handoff" for r in replies) else replies[-1].action
    if turn.dtmf == HOTLINE_KEY:
        action = "handoff"  # 0 is a person, whatever the dialogue made of it
    if turn.silence and action == "end":
        action = "continue"  # silence never ends a call
    with container.database.session() as s:
        voice, hotline = _voice(container, call, s)
        if action == "handoff" and hotline:
            call.state.say, call.state.keys, call.state.names_keys = texts, {}, False
            _save(container, call, turn=True, session=s)
            log.info("call %s handed over to %s", call.sid, hotline)
            return _xml(twiml.dial(texts, hotline, voice))
        if action == "handoff":
            log.error("call %s wants a person, but neither the region nor KIEPE_VOICE_HOTLINE has a number",
                      call.sid)
            # Not "ich verbinde Sie" when nobody can be reached: say so, and go on listening.
            texts, keys = [r.text for r in replies if r.action != "handoff"] + [CANNOT_CONNECT], {}
        if action == "end":
            _save(container, call, turn=True, session=s)
            return _xml(twiml.goodbye(texts, voice))
        names_keys = any(r.names_keys for r in replies)
        call.state.say, call.state.keys, call.state.names_keys = texts, keys, names_keys
        _save(container, call, turn=True, session=s)
    return _question(texts, keys, voice, names_keys=names_keys)


def _resident_phone(container: Container, call: Call) -> str | None:
    with container.database.session() as s:
        return calls.resident_phone(s, call.key)


async def _send_links(container: Container, call: Call, replies: list[Reply]) -> list[str]:
    """Send each reply's link by SMS (once per call); returns what to add to the spoken text."""
    extra: list[str] = []
    for reply in replies:
        if not reply.link or reply.link in call.state.links_sent:
            continue
        # A relative's number when the dialogue names one, else the caller's, else the number they gave us.
        to = reply.link_to or call.phone or _resident_phone(container, call)
        notifier = container.sms
        if not to:
            extra.append(NO_NUMBER)
            continue
        if notifier is None:
            extra.append(SMS_FAILED)
            continue
        text = f"Kiepe: Hier können Sie Ihre Bestellung bezahlen: {reply.link}"
        try:
            await anyio.to_thread.run_sync(notifier.send_text, to, text)
        except Exception:
            log.exception("payment link SMS in call %s failed", call.sid)
            extra.append(SMS_FAILED)
            continue
        call.state.links_sent.append(reply.link)
        if "sms" not in reply.text.lower():
            extra.append(SMS_SENT)
    return extra


# ---------------------------------------------------------------- webhooks


@router.post(INCOMING_PATH)
@guarded
async def incoming(request: Request, form: TwilioForm) -> Response:
    container = _container(request)
    call = await _load_call(container, form)
    call.state.silences = 0
    log.info("call %s from %s", call.sid, mask_phone(call.phone) if call.phone else "a withheld number")
    turn = Turn(channel="voice", conversation_key=call.key, now=container.clock.now(),
                customer=Customer(phone=call.phone))
    return await _converse(request, call, turn)


@router.post(GATHER_PATH)
@guarded
async def gathered(request: Request, form: TwilioForm) -> Response:
    container = _container(request)
    call = await _load_call(container, form)
    raw_digits = form_text(form, "Digits").strip()
    digits = raw_digits.rstrip("#")
    speech = form_text(form, "SpeechResult").strip()
    if not digits and not speech:
        if raw_digits:  # only "#": not silence, not a choice; the question once more
            return await _ask_async(container, call, call.state.say or [ASK_AGAIN], call.state.keys,
                                    call.state.names_keys and bool(call.state.say))
        return await _silent(request, call)
    call.state.silences = 0
    now = container.clock.now()
    customer = Customer(phone=call.phone)
    if guard.has_payment_data(speech) or guard.keyed_payment_data(digits):
        log.warning("call %s: payment data was said or keyed and dropped", call.sid)
        question = [t for t in call.state.say if t != guard.WARNING]
        return await _ask_async(container, call, [guard.WARNING, *question], call.state.keys, call.state.names_keys)
    if digits:
        value = choice_for(digits, call.state.keys)
        if value is not None:  # the key means what was offered
            turn = Turn(channel="voice", conversation_key=call.key, now=now, choice=value, customer=customer)
        elif len(digits) > 1 and digits.isdigit():  # a number typed in: a postcode, a phone number
            turn = Turn(channel="voice", conversation_key=call.key, now=now, text=digits, customer=customer)
        else:  # 0 (a person), * (again), or a key nothing was offered for
            turn = Turn(channel="voice", conversation_key=call.key, now=now, dtmf=digits, customer=customer)
    else:
        try:
            said_confidence = form_text(form, "Confidence")
            confidence = float(said_confidence) if said_confidence else None
        except ValueError:
            confidence = None
        turn = Turn(channel="voice", conversation_key=call.key, now=now, text=speech[:500], customer=customer,
                    confidence=confidence)
    return await _converse(request, call, turn)


@router.post(SILENCE_PATH)
@guarded
async def silence(request: Request, form: TwilioForm) -> Response:
    container = _container(request)
    return await _silent(request, await _load_call(container, form))


async def _silent(request: Request, call: Call) -> Response:
    container = _container(request)
    call.state.silences += 1
    if call.state.silences >= MAX_SILENCES:
        log.info("call %s: %s silences in a row, ending kindly", call.sid, call.state.silences)
        return await anyio.to_thread.run_sync(_goodbye, container, call, [GIVE_UP])
    turn = Turn(channel="voice", conversation_key=call.key, now=container.clock.now(), silence=True,
                customer=Customer(phone=call.phone))
    return await _converse(request, call, turn)


@router.post(DIAL_PATH)
@guarded
async def dial_done(request: Request, form: TwilioForm) -> Response:
    container = _container(request)
    call = await _load_call(container, form)
    status = form_text(form, "DialCallStatus").strip()
    if status in ("completed", "answered"):
        return await anyio.to_thread.run_sync(_goodbye, container, call, [AFTER_HOTLINE])
    log.warning("call %s: hotline not reached (%s)", call.sid, status or "no status")
    return await _ask_async(container, call, [NOBODY_THERE], {})


def _goodbye(container: Container, call: Call, texts: list[str]) -> Response:
    with container.database.session() as s:
        voice = _voice(container, call, s)[0]
        _save(container, call, session=s)
    return _xml(twiml.goodbye(texts, voice))


@router.post(FALLBACK_PATH)
def fallback(request: Request, form: TwilioForm) -> Response:
    """Twilio's fallback URL (set it on the number): our voice URL failed or timed out."""
    log.error("Twilio used the fallback for call %s (%s)", form.get("CallSid"), form.get("ErrorCode"))
    return _xml(emergency(_container(request)))


@router.post(STATUS_PATH)
def status_callback(request: Request, form: TwilioForm) -> Response:
    container = _container(request)
    with container.database.session() as s:
        record = calls.record_status(s, form, container.clock.now())
        log.info("call %s is %s", record.call_sid, record.status)
    return _xml(twiml.empty())
