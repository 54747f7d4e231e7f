"""Every module that defines tables, imported once so the metadata (and Alembic) sees them all.

The composition root owns the application's whole schema: the domain's tables and the
few that channels keep (phone call records) and the installation's generated secrets.
"""

from bot import installation_keys  # noqa: F401 - locally generated signing secrets
from bot.application import outbox_tables  # noqa: F401 - deliveries per subscriber, job leases, heartbeats
from bot.channels.voice import models as voice_models  # noqa: F401
from bot.console import models as console_models  # noqa: F401 - console accounts and sessions
from ordering import (
    deposits,  # noqa: F401 - empties returned
    listing,  # noqa: F401 - product photos listed by chat
    models,  # noqa: F401
    substitutes,  # noqa: F401 - substitutes proposed by shops
)
from ordering.payments import models as payment_models  # noqa: F401
