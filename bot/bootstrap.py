"""Getting a database ready to serve: schema, the seeded region, windows ahead."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.application.container import Container
from bot.migrate import upgrade
from ordering import windows
from ordering.catalog_file import read_catalog
from ordering.catalog_import import import_catalog
from ordering.models import Region


def prepare(container: Container, *, seed: bool = True) -> list[str]:
    """Migrate, import the region file when no region exists yet, and generate windows.

    Returns human-readable lines about what was done (for ``kiepe serve``'s start-up).
    """
    done = []
    upgrade(container.database.engine)
    with container.database.session() as s:
        has_region = s.scalar(select(Region.id).limit(1)) is not None
    if seed and not has_region:
        spec = read_catalog(container.settings.region_file)
        with container.database.session() as s:
            import_catalog(s, spec)
        done.append(f"imported {container.settings.region_file}")
    now = container.clock.now()
    with container.database.session() as s:
        for region in s.scalars(select(Region)):
            today = now.astimezone(ZoneInfo(region.timezone)).date() - timedelta(days=1)
            created = windows.generate_slots(s, region, today, container.settings.slot_horizon_days + 1)
            if created:
                done.append(f"{region.slug}: {created} windows generated")
    return done
