"""Region admin: outbox deliveries parked as failed, and sending them again."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field, model_validator

from bot.api.deps import AdminDep, ContainerDep, SessionDep
from bot.api.schemas import Model, error_responses
from bot.application import dead_letters

router = APIRouter(prefix="/api/admin/events", tags=["admin"], responses=error_responses(401, 403, 413, 422))
DeliveryId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class FailedDeliveryOut(Model):
    id: int = Field(description="the delivery: what `ids` of POST /api/admin/events/retry takes")
    event_id: int
    event: str
    order: str = Field(description="the order's reference")
    subscriber: str = Field(description="who was not told: the outbox handler's name")
    attempts: int
    last_error: str
    since: datetime = Field(description="the first failed attempt")
    parked_at: datetime


class RetryIn(Model):
    """Either ``ids`` (delivery ids) or ``all``: true."""

    ids: Annotated[list[DeliveryId], Field(max_length=1000)] | None = None
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> RetryIn:
        if (self.ids is None) == (not self.all):
            raise ValueError("give either ids or all: true")
        return self


class RetryOut(Model):
    retried: int = Field(description="deliveries put back in the queue; the worker sends them within seconds")


@router.get("/failed", response_model=list[FailedDeliveryOut])
def failed_deliveries(_: AdminDep, s: SessionDep) -> list[FailedDeliveryOut]:
    """Deliveries parked after their last attempt (the newest first): someone was not told."""
    return [FailedDeliveryOut(id=p.id, event_id=p.event_id, event=p.event, order=p.order_reference,
                              subscriber=p.subscriber, attempts=p.attempts, last_error=p.last_error,
                              since=p.since, parked_at=p.parked_at)
            for p in dead_letters.parked(s)]


@router.post("/retry", response_model=RetryOut)
def retry_deliveries(body: RetryIn, _: AdminDep, s: SessionDep, c: ContainerDep) -> RetryOut:
    """Send parked deliveries again: only the subscriber that failed runs, with fresh attempts."""
    retried = dead_letters.retry_parked(s, c.clock.now(), None if body.all else body.ids)
    s.commit()
    c.events.poke()  # a dispatcher in this process sends them now; others within their interval
    return RetryOut(retried=retried)
