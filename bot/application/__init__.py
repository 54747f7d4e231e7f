"""The application layer: what Kiepe does, between the channels and the domain.

Use cases here receive the ports they use (a database, a clock, a notifier, a payment gateway)
and know no channel, no SDK and not the composition root. The outbox (``events``) hands order
events to the handlers the composition root lists in its one table; ``reminders`` reminds
shops whatever channel they answer on; ``payments`` opens payment links and reacts to shops'
decisions; ``container`` is the typed bundle the HTTP edges and channels are handed.
"""
