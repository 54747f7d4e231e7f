"""Typed settings from the environment (``KIEPE_*``) with embedded defaults for local use."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
# Only for local use: an app reachable from outside refuses to start with it (bot.production).
DEFAULT_ADMIN_TOKEN = "kiepe-admin-dev"


class Settings(BaseSettings):
    """Everything configurable. Defaults run the demo region on SQLite on this machine."""

    model_config = SettingsConfigDict(env_prefix="KIEPE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{REPO_ROOT / 'var' / 'kiepe.db'}",
        description="SQLAlchemy URL; postgresql://… for production",
    )
    region_slug: str | None = Field(default=None, description="the region the assistant serves; None: the first")
    region_file: Path = Field(default=REPO_ROOT / "data" / "muensterland.yml", description="catalog seeded on first start")
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(default=None, description="public https address (webhooks); None for local use")
    admin_token: str = Field(default=DEFAULT_ADMIN_TOKEN, description="bearer token of the region admin API")
    link_secret: str | None = Field(
        default=None, description="signs Telegram link codes; required in production, "
                                  "locally generated once and kept in the database when unset")
    max_body_bytes: int = Field(default=64 * 1024, description="largest request body of chat, API and webhooks")
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, description="largest body where catalogs are uploaded")
    rasa_url: str = Field(default="http://127.0.0.1:5005",
                          description="the Rasa server, or several comma-separated: parses are spread over them")
    rasa_manage: bool = Field(default=True, description="start the Rasa server when none answers (one URL only)")
    nlu_timeout_seconds: float = 2.0
    hold_minutes: int = 15
    hold_minutes_phone: int = 30
    slot_horizon_days: int = 14
    substitute_answer_hours: int = Field(default=2, ge=0, le=72, description=(
        "a substitute a shop proposes must be answered this many hours before the window; "
        "then the preference said at ordering applies, else no substitute"))
    dispatch_events: bool = Field(default=True, description="run the outbox dispatcher inside the app")
    # Nothing dropped (issue 15): a failing subscriber is retried with exponential backoff and
    # jitter (30 s, 1 min, 2 min … capped at 2 h: 12 attempts over about 8 hours), then parked.
    event_retry_first_seconds: float = Field(default=30.0, gt=0, description="delay before the second attempt")
    event_retry_max_seconds: float = Field(default=7200.0, gt=0, description="the longest delay between attempts")
    event_retry_jitter: float = Field(default=0.2, ge=0.0, lt=1.0,
                                      description="each delay is stretched or shrunk by up to this share at random")
    event_max_attempts: int = Field(default=12, ge=1, description="attempts before a delivery is parked as failed")
    event_lease_seconds: float = Field(default=120.0, gt=0,
                                       description="how long a dispatcher holds a claimed delivery before "
                                                   "another may take it over (a killed process)")
    outbox_retention_days: float = Field(default=14.0, ge=0,
                                         description="delivered outbox deliveries older than this are deleted by "
                                                     "the worker (failed and pending ones never); 0: kept")
    admin_phone: str | None = Field(default=None, description="the region admin's mobile: SMS when a message "
                                                              "is parked as failed, and escalations")
    # The worker: outbox dispatch and timed jobs (``kiepe worker``, or inside ``kiepe serve``).
    in_process_worker: bool = Field(default=True, description="kiepe serve runs the worker's jobs itself; "
                                                              "false when `kiepe worker` runs beside it")
    worker_heartbeat_seconds: float = Field(default=15.0, gt=0, description="how often a worker says it is alive")
    worker_job_lease_seconds: float = Field(default=900.0, gt=0,
                                            description="how long a timed job may run before another worker "
                                                        "may start it again")
    payments_reconcile_interval_seconds: int = Field(default=3600, description="payment reconcile job; 0: off")
    windows_generate_interval_seconds: int = Field(default=6 * 3600, description="window generation job; 0: off")
    # Running it like production (issue 15): health, metrics, several processes, overload.
    expect_worker: bool = Field(default=False, description="a separate `kiepe worker` runs the outbox and the timed "
                                "jobs: /readyz then needs its recent heartbeat")
    worker_heartbeat_max_age_seconds: int = Field(default=120, description="oldest worker heartbeat /readyz accepts")
    metrics_token: str | None = Field(default=None, description="bearer token Prometheus sends to /metrics "
                                      "(the admin token is accepted too); keeps the admin token off the scraper")
    max_turns_in_flight: int = Field(default=32, ge=1, description="turns one process works on at once; "
                                     "more wait (Telegram, phone) or get a quick 503 (web chat)")
    max_turns_waiting: int = Field(default=256, ge=0, description="Telegram updates and phone turns that may "
                                   "wait for a place per process; past that Telegram gets a 503 and retries")
    chat_admission_wait_seconds: float = Field(default=0.25, ge=0, description="how long a web chat turn may "
                                               "wait for a place before the quick 503 with Retry-After")
    voice_admission_wait_seconds: float = Field(default=5.0, ge=0, description="how long a phone turn may wait "
                                                "before 'Einen Moment bitte.' and a retry (Twilio waits 15 s)")
    telegram_admission_wait_seconds: float = Field(default=20.0, ge=0, description="how long a Telegram update "
                                                   "may wait for a place before a 503 (Telegram retries)")

    stripe_api_key: str | None = None
    stripe_api_base: str | None = Field(default=None, description="e.g. a localstripe address in tests")
    stripe_webhook_secret: str | None = None
    stripe_key_prefix: str = Field(default="", description="names this installation in Stripe idempotency keys")
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from_number: str | None = None
    voice_tts_voice: str = Field(default="Polly.Marlene", description="Twilio <Say> voice for the phone (de-DE)")
    voice_hotline: str | None = Field(default=None, description="phone hand-over number when the region has no hotline")
    voice_gather_timeout_seconds: int = Field(default=6, description="seconds of silence before the phone asks again")
    voice_speaking_rate: str | None = Field(default="90%", description="SSML speaking rate on the phone")
    telegram_token: str | None = None
    telegram_secret_token: str | None = None
    telegram_admin_chat_id: int | None = Field(default=None, description="the region admin's chat: escalations, parked messages")
    telegram_link_code_hours: int = 48
    telegram_remind_after_minutes: int = Field(default=30, description="remind a shop of an unanswered order")
    telegram_escalate_after_minutes: int = Field(default=90, description="tell the admin about an unanswered order")
    telegram_reminder_interval_seconds: int = 300

    # Privacy and abuse (issue 13): holds of anonymous sessions, structured logs.
    unverified_hold_share: float = Field(
        default=0.5, ge=0.0, le=1.0,
        description="share of a window's places that unverified web sessions (and API residents) may hold "
                    "together; rounded down, but at least one place while the share is above 0")
    log_level: str = Field(default="INFO", description="root log level of `kiepe serve`")
    log_format: Literal["kv", "json"] = Field(default="kv", description="log lines as key=value or JSON")
    # Abuse limits (``limits`` notation: "10/hour", "10 per 15 minutes"). Counters live in Redis
    # when KIEPE_REDIS_URL is set (shared by every process), else in this process's memory.
    redis_url: str | None = Field(default=None, description="redis://… for rate-limit counters shared by processes")
    trusted_proxies: str = Field(default="", description="comma-separated addresses or networks of reverse "
                                 "proxies whose X-Forwarded-For names the client; empty: none")
    rate_limit_key_prefix: str = Field(default="kiepe", description="prefix of the rate-limit keys in Redis")
    rate_limit_per_client: str = Field(default="600/minute", description="API and chat requests per client address")
    rate_limit_per_token: str = Field(default="300/minute", description="requests per bearer token")
    rate_limit_wrong_tokens: str = Field(default="10 per 15 minutes",
                                         description="wrong bearer tokens per client before it is locked out")
    rate_limit_registrations: str = Field(default="10/hour", description="resident registrations per client")
    rate_limit_chat_sessions: str = Field(default="30/hour", description="new web chat sessions per client")
    rate_limit_phone_codes: str = Field(default="5/hour", description="SMS codes sent to prove a number, per resident")
    # Forgetting what nobody uses: web chat sessions (their key is the visitor's credential) and carts.
    web_session_empty_hours: int = Field(default=24, description="a web session with no cart and no resident")
    web_session_idle_days: int = Field(default=30, description="any web session not used for this long")
    cart_idle_days: int = Field(default=14, description="an open cart not touched for this long is abandoned")
    housekeeping_interval_seconds: int = Field(default=3600, description="how often the expiry job runs; 0: not in this process")

    @field_validator("rate_limit_per_client", "rate_limit_per_token", "rate_limit_wrong_tokens",
                     "rate_limit_registrations", "rate_limit_chat_sessions", "rate_limit_phone_codes")
    @classmethod
    def _is_rate_limit(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate limit such as '10/hour' or '10 per 15 minutes'") from exc
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _are_networks(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ip_network(part, strict=False)
            except ValueError as exc:
                raise ValueError(f"trusted proxy {part!r} is not an IP address or network") from exc
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
