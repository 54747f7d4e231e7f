"""For operators: ``/healthz`` (alive), ``/readyz`` (ready to serve) and ``/metrics`` (Prometheus).

``/healthz`` and ``/readyz`` are open: a load balancer asks them, and they tell nothing
about anyone (no counts, no names). ``/metrics`` needs a bearer token, ``KIEPE_METRICS_TOKEN``
(Prometheus' ``authorization`` scrape setting) or the admin token, like every other admin
endpoint: it shows how busy the installation is and how full each window is, which is
nobody else's business, and the app may well be reachable from outside.
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from bot.api.deps import ContainerDep, require_metrics_reader
from bot.api.schemas import error_responses
from bot.observability import health, metrics

router = APIRouter(tags=["meta"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Alive: the process answers. Asks no dependency."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "not ready: the database (or an expected worker) is away"}})
async def readyz(request: Request, c: ContainerDep) -> JSONResponse:
    """Ready: the database answers; the NLU is reported (degraded mode is still ready)."""
    heartbeat: health.HeartbeatSource | None = getattr(request.app.state, "worker_heartbeat", None)
    result = await health.readiness(c.settings, c.database, heartbeat)
    return JSONResponse(result.body(), status_code=200 if result.ready else 503,
                        headers={"Cache-Control": "no-store"})


@router.get("/metrics", dependencies=[Depends(require_metrics_reader)],
            responses={**error_responses(401, 403), 200: {"content": {"text/plain": {}}}})
async def metrics_page(c: ContainerDep) -> Response:
    """Prometheus text format: counters of this process (of every worker with
    PROMETHEUS_MULTIPROC_DIR) and figures read from the database."""
    body, content_type = await anyio.to_thread.run_sync(metrics.exposition, c.database, c.clock.now)
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})
