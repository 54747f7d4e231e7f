"""Every Twilio webhook is signed: ``X-Twilio-Signature`` over the public URL and the form.

Twilio signs the address it called (the installation's ``public_url`` plus path and query,
not whatever host name a proxy hands us) and the POST parameters. A request that does not
verify, or arrives while no auth token is configured, is refused with 403.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData, ImmutableMultiDict
from twilio.request_validator import RequestValidator

from bot.application.container import Container

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Twilio-Signature"
# A turn that waited too long under overload is answered "Einen Moment bitte" and a <Redirect>
# back (bot.api.overload); Twilio's redirect does not post these again, so they ride in the
# query of the redirect's address, which Twilio signs. (Keep alike with VOICE_TURN_FIELDS there.)
REDIRECTED_TURN_FIELDS = ("SpeechResult", "Digits", "Confidence")


def public_url_of(request: Request, container: Container) -> str:
    """The address Twilio requested: ``public_url`` + path (+ query), else the request's own URL."""
    base = container.settings.public_url
    if not base:
        return str(request.url)
    url = base.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    return url


def url_for(container: Container, path: str) -> str:
    """An absolute address of one of our webhooks (for TwiML ``action`` and ``Redirect``)."""
    base = container.settings.public_url
    return base.rstrip("/") + path if base else path


async def twilio_form(request: Request) -> FormData:
    """FastAPI dependency: the request's form, after checking Twilio's signature (403 otherwise)."""
    container: Container = request.app.state.container
    token = container.settings.twilio_auth_token
    form = await request.form()
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not token:
        log.error("Twilio webhook %s refused: KIEPE_TWILIO_AUTH_TOKEN is not set", request.url.path)
        raise HTTPException(status_code=403, detail="webhook signature cannot be checked")
    if not signature or not RequestValidator(token).validate(public_url_of(request, container), form, signature):
        log.warning("Twilio webhook %s refused: bad signature", request.url.path)
        raise HTTPException(status_code=403, detail="invalid Twilio signature")
    carried = [(k, v) for k, v in request.query_params.multi_items()
               if k in REDIRECTED_TURN_FIELDS and k not in form]
    if carried:  # the URL was signed, so these are Twilio's too
        return FormData(ImmutableMultiDict([*form.multi_items(), *carried]))
    return form


# Use as a parameter type: ``form: TwilioForm`` (the handler runs only for a verified request).
TwilioForm = Annotated[FormData, Depends(twilio_form)]


def form_text(form: FormData, name: str) -> str:
    """A text field of Twilio's form, "" when missing (a file upload in its place counts as missing)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""
