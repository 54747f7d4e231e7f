"""TwiML for the phone: speech in a German voice, one ``<Gather>`` per question, never a bare hang-up.

Every question is a ``<Gather input="speech dtmf" language="de-DE">`` with the spoken text
inside it (callers may interrupt), a generous timeout and the catalog's hints. Should the
caller say nothing, Twilio goes on to the ``<Redirect>`` after the Gather, which asks again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twilio.twiml.voice_response import Gather, Say, VoiceResponse

from bot.channels.voice.keypad import keypad_prompt, speakable

MEDIA_TYPE = "application/xml"
# Twilio speaks at most a few thousand characters per <Say>; long read-backs go in several.
MAX_SAY_CHARS = 1500


@dataclass(frozen=True)
class Voice:
    """How this installation speaks and listens on the phone."""

    gather_url: str
    silence_url: str
    dial_url: str
    voice: str = "Polly.Marlene"
    language: str = "de-DE"
    timeout_seconds: int = 6
    hints: str = ""
    dial_timeout_seconds: int = 30
    # SSML <prosody rate>: a little slower than the voice's default ("90%"); None: as it comes.
    rate: str | None = None


def _chunks(text: str) -> list[str]:
    """``text`` in pieces of at most MAX_SAY_CHARS, cut after a sentence where possible."""
    pieces, current = [], ""
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        if len(sentence) > MAX_SAY_CHARS and current:
            pieces.append(current)
            current = ""
        while len(sentence) > MAX_SAY_CHARS:
            pieces.append(sentence[:MAX_SAY_CHARS])
            sentence = sentence[MAX_SAY_CHARS:]
        if current and len(current) + 1 + len(sentence) > MAX_SAY_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def _say(parent, text: str, voice: Voice) -> None:
    for piece in _chunks(text):
        say = Say(voice=voice.voice, language=voice.language)
        if voice.rate:
            say.prosody(piece, rate=voice.rate)
        else:
            say.value = piece
        parent.append(say)


def _say_all(parent, texts: list[str], voice: Voice) -> None:
    spoken = [t for t in (speakable(t) for t in texts) if t]
    for number, text in enumerate(spoken):
        if number:
            parent.pause(length=1)  # unhurried: a breath between two messages
        _say(parent, text, voice)


def ask(texts: list[str], keys: dict[str, dict[str, str]], voice: Voice, *, announce_keys: bool = True) -> str:
    """Say ``texts`` (and the keys on offer), then listen for speech or a key; silence asks again.

    ``announce_keys=False`` when the text already names the keys ("… 1 für Ja, 2 für Nein").
    """
    response = VoiceResponse()
    attributes = {
        "input": "speech dtmf", "language": voice.language, "action": voice.gather_url, "method": "POST",
        "speech_timeout": "auto", "timeout": voice.timeout_seconds,
    }
    if voice.hints:
        attributes["hints"] = voice.hints
    if keys:
        attributes["num_digits"] = 1  # keys 0–4 and *: one press is the whole answer
    gather = Gather(**attributes)
    prompt = keypad_prompt(keys) if announce_keys else ""
    _say_all(gather, [*texts, prompt] if prompt else texts, voice)
    response.append(gather)
    response.redirect(voice.silence_url, method="POST")
    return response.to_xml()


def dial(texts: list[str], number: str, voice: Voice) -> str:
    """Say ``texts``, then connect the caller to ``number``; what happens next goes to ``dial_url``."""
    response = VoiceResponse()
    _say_all(response, texts, voice)
    response.dial(number, action=voice.dial_url, method="POST", timeout=voice.dial_timeout_seconds)
    return response.to_xml()


def dial_then(texts: list[str], number: str, after: list[str], voice: Voice) -> str:
    """Say ``texts``, connect to ``number``; once that call ends, say ``after`` and hang up."""
    response = VoiceResponse()
    _say_all(response, texts, voice)
    response.dial(number, timeout=voice.dial_timeout_seconds)
    _say_all(response, after, voice)
    response.hangup()
    return response.to_xml()


def goodbye(texts: list[str], voice: Voice) -> str:
    """Say ``texts`` and end the call (only ever on purpose)."""
    response = VoiceResponse()
    _say_all(response, texts, voice)
    response.hangup()
    return response.to_xml()


def empty() -> str:
    return VoiceResponse().to_xml()
