"""Secrets long enough for an app with a public address (bot.production refuses weak ones).

Test values, not secrets: they only have to pass the length rule, as real ones would.
"""

ADMIN_TOKEN = "test-admin-token-long-enough-for-production"
LINK_SECRET = "test-link-secret-long-enough-for-production"
TELEGRAM_SECRET_TOKEN = "test-telegram-secret-token-long-enough-0001"
TWILIO_AUTH_TOKEN = "test-twilio-auth-token-long-enough-00000001"
STRIPE_WEBHOOK_SECRET = "whsec_test_kiepe_long_enough_for_production_01"
