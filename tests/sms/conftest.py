"""The SMS tests use the phone tests' app: the small region, Anna, Twilio recorded, clock frozen."""

from tests.voice.conftest import phone_app, world  # noqa: F401 - fixtures
