"""The worker: outbox dispatch, the timed jobs, and a heartbeat; as many as you like.

``kiepe worker`` runs it as its own process; ``kiepe serve`` runs it beside the requests while
``KIEPE_IN_PROCESS_WORKER`` is true (the default, so ``make run`` stays one command). Any
number may run against one PostgreSQL database:

- the outbox dispatcher claims deliveries row by row (``FOR UPDATE SKIP LOCKED``, leases that
  run out: ``bot.application.events``), so workers share the work and never deliver twice;
- each timed job is claimed through its row in ``job_leases`` (``bot.application.jobs``), so
  it runs once per interval however many workers run; one that dies mid-job is replaced when
  its lease runs out;
- each worker updates its row in ``worker_heartbeats`` every ``worker_heartbeat_seconds``
  (``bot.application.jobs.latest_beat`` is what a readiness check asks).

The jobs: shop reminders and escalation (events, so every channel gets them: Telegram, SMS),
the expiry of holds, idle carts and unused web sessions, the deletion of delivered outbox
deliveries past their retention (``bot.application.outbox_retention``), the payment reconcile
(where Stripe is set up) and the generation of windows for the coming days.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import anyio
from sqlalchemy import select

from bot import housekeeping
from bot.application.container import Container
from bot.application.jobs import Heartbeat, JobLeases, worker_id
from bot.application.loop_failures import LoopFailures
from bot.application.outbox_retention import prune_delivered
from ordering import windows
from ordering.models import Region

log = logging.getLogger(__name__)
TICK_SECONDS = 10.0  # how often a worker looks for a due job (a read; the claim only when due)


@dataclass(frozen=True)
class Job:
    name: str
    interval: timedelta
    run: Callable[[], object]  # synchronous: run in a worker thread
    first_after_interval: bool = True  # a job never run before waits one interval


class Worker:
    """The dispatcher, the timed jobs and the heartbeat of one process."""

    def __init__(self, container: Container, *, kind: str = "worker") -> None:
        self.container = container
        self.kind = kind
        self.id = worker_id()
        settings = container.settings
        self.leases = JobLeases(container.database, self.id, timedelta(seconds=settings.worker_job_lease_seconds))
        self.heartbeat = Heartbeat(container.database, self.id, kind)

    def jobs(self) -> list[Job]:
        """The timed jobs these settings switch on (an interval of 0 switches one off)."""
        c, settings = self.container, self.container.settings
        jobs = []
        if settings.dispatch_events:  # reminders are events: without a dispatcher nobody sends them
            jobs.append(Job("shop_reminders", timedelta(seconds=max(settings.telegram_reminder_interval_seconds, 10)),
                            lambda: c.reminders.write_due(c.clock.now()), first_after_interval=False))
        if settings.housekeeping_interval_seconds > 0:
            jobs.append(Job("expiry", timedelta(seconds=max(settings.housekeeping_interval_seconds, 10)),
                            lambda: housekeeping.run_once(c)))
        if settings.outbox_retention_days > 0 and settings.housekeeping_interval_seconds > 0:
            jobs.append(Job("outbox_prune", timedelta(seconds=max(settings.housekeeping_interval_seconds, 10)),
                            self._prune_outbox))
        if settings.payments_reconcile_interval_seconds > 0 and c.gateway is not None:
            jobs.append(Job("payments_reconcile", timedelta(seconds=settings.payments_reconcile_interval_seconds),
                            self._reconcile))
        if settings.windows_generate_interval_seconds > 0:
            jobs.append(Job("windows_generate", timedelta(seconds=settings.windows_generate_interval_seconds),
                            self._generate_windows))
        return jobs

    async def run(self) -> None:
        """Until cancelled: dispatch, run due jobs every few seconds, beat."""
        tasks = [asyncio.create_task(self._beat_loop()), asyncio.create_task(self._job_loop())]
        if self.container.settings.dispatch_events:
            tasks.append(asyncio.create_task(self.container.events.run()))
        log.info("worker %s (%s) runs: %s", self.id, self.kind,
                 ", ".join(["outbox"] * self.container.settings.dispatch_events + [j.name for j in self.jobs()]))
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            with anyio.CancelScope(shield=True):  # a cancelled worker still tidies up
                for task in tasks:
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
                with contextlib.suppress(Exception):
                    await anyio.to_thread.run_sync(self.heartbeat.stop)

    async def run_due_jobs(self) -> list[str]:
        """Run every job that is due and not running elsewhere; returns the names run."""
        ran = []
        for job in self.jobs():
            now = self.container.clock.now()
            if not await anyio.to_thread.run_sync(self.leases.is_due, job.name, job.interval, now):
                continue
            claim = await anyio.to_thread.run_sync(
                functools.partial(self.leases.claim, job.name, job.interval, now,
                                  first_after_interval=job.first_after_interval))
            if claim is None:
                continue  # another worker has it
            error = None
            try:
                await anyio.to_thread.run_sync(job.run)
            except Exception as exc:  # noqa: BLE001 - a failed job runs again at its next interval
                log.exception("job %s failed", job.name)
                error = f"{type(exc).__name__}: {exc}"
            await anyio.to_thread.run_sync(self.leases.finish, claim, self.container.clock.now(), error)
            ran.append(job.name)  # reminder events it wrote wake the dispatcher by their commit
        return ran

    async def _job_loop(self) -> None:
        failures = LoopFailures(log, "worker job round")
        while True:
            await asyncio.sleep(TICK_SECONDS)  # the first round after a tick: a starting app comes first
            try:
                await self.run_due_jobs()
            except Exception:  # noqa: BLE001 - a broken database moment; the next tick tries again
                failures.failed()
            else:
                failures.succeeded()

    async def _beat_loop(self) -> None:
        interval = self.container.settings.worker_heartbeat_seconds
        failures = LoopFailures(log, "worker heartbeat")
        while True:
            try:
                await anyio.to_thread.run_sync(self.heartbeat.beat, self.container.clock.now())
            except Exception:  # noqa: BLE001 - the next beat tries again; readiness sees the gap
                failures.failed()
            else:
                failures.succeeded()
            await asyncio.sleep(interval)

    def _prune_outbox(self) -> None:
        c = self.container
        pruned = prune_delivered(c.database, c.clock.now(), timedelta(days=c.settings.outbox_retention_days))
        if pruned:
            log.info("outbox: %d delivered deliveries older than %g days deleted", pruned,
                     c.settings.outbox_retention_days)

    def _reconcile(self) -> None:
        from ordering.payments.reconcile import reconcile

        gateway = self.container.gateway
        if gateway is None:
            return
        with self.container.database.session() as s:
            report = reconcile(s, gateway)
        for line in report.fixed:
            log.info("reconcile fixed: %s", line)
        for line in report.problems:
            log.error("reconcile problem: %s", line)

    def _generate_windows(self) -> None:
        c = self.container
        now = c.clock.now()
        with c.database.session() as s:
            for region in s.scalars(select(Region)):
                today = now.astimezone(ZoneInfo(region.timezone)).date() - timedelta(days=1)
                created = windows.generate_slots(s, region, today, c.settings.slot_horizon_days + 1, now=now)
                if created:
                    log.info("%s: %d windows generated", region.slug, created)
