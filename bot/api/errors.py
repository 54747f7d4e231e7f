"""Every error the API returns is a 4xx with a clear message, never a 500 for bad input.

The body names the error's type, says it precisely in English (``message``) and, for a domain
error, in German for residents (``resident_message``, from ``bot.application.error_wording``).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from bot.application.error_wording import resident_text
from ordering.errors import (
    Conflict,
    Forbidden,
    Invalid,
    MunicipalityNotOfPostcode,
    NotFound,
    OrderingError,
    PostcodeAmbiguous,
)

log = logging.getLogger(__name__)

# What the domain's errors mean over HTTP: the status belongs to this edge, not to ``ordering``.
DOMAIN_STATUS: dict[type[OrderingError], int] = {NotFound: 404, Invalid: 422, Conflict: 409, Forbidden: 403}


def status_of(exc: OrderingError) -> int:
    """The HTTP status of an error: an edge's own error class says it (``status``: 401, 429,
    503), a domain error is looked up in ``DOMAIN_STATUS`` by its nearest class; else 400."""
    for cls in type(exc).__mro__:
        if cls in DOMAIN_STATUS:
            return DOMAIN_STATUS[cls]
        own = cls.__dict__.get("status")
        if isinstance(own, int):
            return own
    return 400


def _body(kind: str, message: str, field: str | None = None, resident_message: str | None = None) -> dict:
    body = {"error": kind, "message": message}
    if field:
        body["field"] = field
    if resident_message:
        body["resident_message"] = resident_message
    return body


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        if getattr(route, "methods", None) and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(OrderingError)
    async def ordering_error(_request: Request, exc: OrderingError) -> JSONResponse:
        retry_after = getattr(exc, "retry_after", None)  # 429: when it is worth trying again
        body = _body(type(exc).__name__, exc.message, exc.field, resident_text(exc))
        if isinstance(exc, PostcodeAmbiguous | MunicipalityNotOfPostcode):
            # the municipalities the postcode belongs to, for the app to offer: send one back as `municipality`
            body["candidates"] = [{"municipality": slug, "name": name} for slug, name in zip(exc.ids, exc.names,
                                                                                            strict=True)]
        return JSONResponse(body, status_code=status_of(exc),
                            headers={"Retry-After": str(retry_after)} if retry_after else None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        body = _body("Invalid", f"{first['field']}: {first['message']}", first["field"])
        body["problems"] = problems
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
                413: "ContentTooLarge"}.get(
            exc.status_code, "HTTPError")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # name every method the path has, not just the first route's
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(_body(kind, str(exc.detail)), status_code=exc.status_code, headers=headers)

    # Defence in depth: the schemas should stop such values first; if one slips
    # through, the database refusing it is still the client's error, not ours.
    @app.exception_handler(DataError)
    async def data_error(_request: Request, exc: DataError) -> JSONResponse:
        log.warning("database refused a value: %s", exc.orig)
        return JSONResponse(_body("Invalid", "a value is out of range or malformed"), status_code=422)

    @app.exception_handler(IntegrityError)
    async def integrity_error(_request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", exc.orig)
        return JSONResponse(_body("Conflict", "this conflicts with existing data"), status_code=409)
