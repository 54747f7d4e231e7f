"""``POST /sms/inbound``: Twilio's incoming-SMS webhook (signed). Shops answer their orders here.

Wrong answer codes count per sender like wrong bearer tokens (``KIEPE_RATE_LIMIT_WRONG_TOKENS``):
a faked shop number cannot try codes until one fits."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from twilio.twiml.messaging_response import MessagingResponse

from bot.application.container import Container
from bot.channels.sms.shop_answers import handle_shop_sms
from bot.channels.sms.texts import TOO_MANY_WRONG, TRY_AGAIN
from bot.channels.twilio_signature import TwilioForm
from bot.privacy.identifiers import mask_phone
from bot.privacy.payment_data import mask_payment_data
from bot.ratelimit import TooManyRequests

log = logging.getLogger(__name__)
router = APIRouter(tags=["sms"], include_in_schema=False)


@router.post("/sms/inbound")
def inbound(request: Request, form: TwilioForm) -> Response:
    container: Container = request.app.state.container
    limits, sender = container.rate_limits, f"sms:{form.get('From')}"
    try:
        limits.before_token(sender)  # a number that sent too many wrong codes waits
        with container.database.session() as s:
            reply = handle_shop_sms(
                s, message_sid=form.get("MessageSid") or form.get("SmsSid"), from_number=form.get("From"),
                body=mask_payment_data(form.get("Body")), now=container.clock.now(),
                wrong_code=lambda: limits.wrong_token(sender),
            )
    except TooManyRequests:
        reply = TOO_MANY_WRONG
    except Exception:  # the shop hears that it did not work, rather than nothing at all
        log.exception("SMS %s from %s could not be handled", form.get("MessageSid"), mask_phone(form.get("From")))
        reply = TRY_AGAIN
    log.info("SMS %s from %s answered", form.get("MessageSid"), mask_phone(form.get("From")))
    answer = MessagingResponse()
    if reply:
        answer.message(reply)
    return Response(answer.to_xml(), media_type="application/xml")
