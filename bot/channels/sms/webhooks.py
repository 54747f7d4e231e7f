"""``POST /sms/inbound``: Twilio's incoming-SMS webhook (signed). Shops answer their orders here.

Wrong answer codes count per sender like wrong bearer tokens (``KIEPE_RATE_LIMIT_WRONG_TOKENS``):
a faked shop number cannot try codes until one fits."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from starlette.datastructures import FormData
from twilio.twiml.messaging_response import MessagingResponse

from bot.application.container import Container
from bot.channels.sms.shop_answers import handle_shop_sms
from bot.channels.sms.substitutes import handle_substitute_sms
from bot.channels.sms.texts import TOO_MANY_WRONG, TRY_AGAIN
from bot.channels.twilio_signature import TwilioForm
from bot.privacy.identifiers import mask_phone
from bot.privacy.payment_data import mask_payment_data
from bot.ratelimit import TooManyRequests

log = logging.getLogger(__name__)
router = APIRouter(tags=["sms"], include_in_schema=False)


def _text(form: FormData, name: str) -> str | None:
    """A text field of Twilio's form (a file upload in its place counts as missing)."""
    value = form.get(name)
    return value if isinstance(value, str) else None


@router.post("/sms/inbound")
def inbound(request: Request, form: TwilioForm) -> Response:
    container: Container = request.app.state.container
    sid, sender_number = _text(form, "MessageSid") or _text(form, "SmsSid"), _text(form, "From")
    limits, sender = container.rate_limits, f"sms:{sender_number}"
    try:
        limits.before_token(sender)  # a number that sent too many wrong codes waits
        with container.database.session() as s:
            body, now = mask_payment_data(_text(form, "Body")), container.clock.now()
            reply = handle_shop_sms(
                s, message_sid=sid, from_number=sender_number, body=body, now=now,
                wrong_code=lambda: limits.wrong_token(sender),
                first=lambda: handle_substitute_sms(  # issue 17: ERSATZ from shops, JA/NEIN from residents
                    s, from_number=sender_number, body=body, now=now,
                    answer_hours=container.settings.substitute_answer_hours,
                    wrong_code=lambda: limits.wrong_token(sender)),
            )
    except TooManyRequests:
        reply = TOO_MANY_WRONG
    except Exception:  # the shop hears that it did not work, rather than nothing at all
        log.exception("SMS %s from %s could not be handled", _text(form, "MessageSid"), mask_phone(sender_number))
        reply = TRY_AGAIN
    log.info("SMS %s from %s answered", _text(form, "MessageSid"), mask_phone(sender_number))
    answer = MessagingResponse()
    if reply:
        answer.message(reply)
    return Response(answer.to_xml(), media_type="application/xml")
