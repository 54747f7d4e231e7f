"""A phone for the tests: signed Twilio webhooks against the app, TwiML parsed, SMS recorded.

``RecordingHttpClient`` stands in for Twilio's REST API under the real ``twilio`` client: it
keeps every request and answers like Twilio does (201 and a message resource), so nothing
leaves the machine. ``Phone`` plays one caller: it posts what Twilio would post, signed with
the test auth token over the exact public URL, and parses each answer with xml.etree.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi.testclient import TestClient
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator

from tests.support import secrets

PUBLIC_URL = "https://kiepe.example"
AUTH_TOKEN = secrets.TWILIO_AUTH_TOKEN
ACCOUNT_SID = "AC" + "0" * 32
FROM_NUMBER = "+4925419990000"


@dataclass
class SentRequest:
    method: str
    url: str
    data: dict
    auth: tuple | None


class RecordingHttpClient(HttpClient):
    """Twilio's HTTP client for tests: records requests, answers 201 with a message resource."""

    def __init__(self, *, fail: bool = False) -> None:
        super().__init__(logger=None, is_async=False)
        self.requests: list[SentRequest] = []
        self.fail = fail

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        body = dict(data or {})
        self.requests.append(SentRequest(method, uri, body, auth))
        if self.fail:
            return TwilioResponse(400, json.dumps({"code": 21211, "message": "The 'To' number is not valid.",
                                                   "status": 400}))
        sid = "SM" + uuid.uuid4().hex
        answer = {
            "sid": sid, "account_sid": ACCOUNT_SID, "to": body.get("To"), "from": body.get("From"),
            "body": body.get("Body"), "status": "queued", "num_segments": "1", "direction": "outbound-api",
            "api_version": "2010-04-01", "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }
        return TwilioResponse(201, json.dumps(answer))

    @property
    def messages(self) -> list[dict]:
        """The SMS sent: [{"To", "From", "Body"}]."""
        return [r.data for r in self.requests if r.url.endswith("/Messages.json")]


def sign(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def post_signed(client: TestClient, path: str, params: dict, *, token: str = AUTH_TOKEN):
    url = PUBLIC_URL + path
    return client.post(path, data=params, headers={"X-Twilio-Signature": sign(url, params, token)})


@dataclass
class Said:
    """One TwiML answer, parsed."""

    root: ET.Element
    raw: str

    @property
    def gather(self) -> ET.Element | None:
        return self.root.find("Gather")

    @property
    def text(self) -> str:
        """Everything spoken, in order."""
        return " ".join("".join(say.itertext()) for say in self.root.iter("Say"))

    @property
    def dial(self) -> ET.Element | None:
        return self.root.find("Dial")

    @property
    def hangs_up(self) -> bool:
        return self.root.find("Hangup") is not None

    @property
    def redirect(self) -> str | None:
        element = self.root.find("Redirect")
        return element.text if element is not None else None


@dataclass
class Phone:
    """One caller (``from_``) on one call (``call_sid``) at a time."""

    client: TestClient
    from_: str
    to: str = FROM_NUMBER
    call_sid: str = ""
    history: list[Said] = field(default_factory=list)

    def _params(self, **extra) -> dict:
        return {"CallSid": self.call_sid, "AccountSid": ACCOUNT_SID, "From": self.from_, "To": self.to,
                "Direction": "inbound", **{k: v for k, v in extra.items() if v is not None}}

    def _post(self, path: str, params: dict) -> Said:
        response = self.client.post(path, data=params,
                                    headers={"X-Twilio-Signature": sign(PUBLIC_URL + path, params)})
        assert response.status_code == 200, (response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/xml")
        said = Said(ET.fromstring(response.text), response.text)
        self.history.append(said)
        return said

    def call(self) -> Said:
        self.call_sid = "CA" + uuid.uuid4().hex
        return self._post("/voice/incoming", self._params(CallStatus="ringing"))

    def say(self, words: str, confidence: float = 0.9) -> Said:
        return self._post(self._action(), self._params(SpeechResult=words, Confidence=str(confidence),
                                                       CallStatus="in-progress"))

    def press(self, digits: str) -> Said:
        return self._post(self._action(), self._params(Digits=digits, CallStatus="in-progress"))

    def stay_silent(self) -> Said:
        """The Gather timed out: Twilio follows the <Redirect> after it."""
        last = self.history[-1]
        assert last.redirect, "the last answer has no <Redirect> for silence"
        return self._post(_path(last.redirect), self._params(CallStatus="in-progress"))

    def dial_ended(self, status: str) -> Said:
        dial = self.history[-1].dial
        assert dial is not None
        return self._post(_path(dial.get("action")), self._params(DialCallStatus=status, CallStatus="in-progress"))

    def status(self, status: str, duration: int | None = None) -> None:
        params = self._params(CallStatus=status, CallDuration=str(duration) if duration is not None else None,
                              SequenceNumber="0")
        response = self.client.post("/voice/status", data=params,
                                    headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/voice/status", params)})
        assert response.status_code == 200, response.text

    def hang_up(self, duration: int = 42) -> None:
        self.status("completed", duration)

    def _action(self) -> str:
        gather = self.history[-1].gather
        assert gather is not None, f"the call is not listening: {self.history[-1].raw}"
        return _path(gather.get("action"))


def _path(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url[len(PUBLIC_URL):]


def form_of(request: SentRequest) -> dict:
    return dict(parse_qsl(request.data)) if isinstance(request.data, str) else request.data
