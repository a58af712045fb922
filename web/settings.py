"""The one settings object. Built once (by the CLI or the worker factory) and passed down."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, NonNegativeInt, PositiveInt, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """DATABASE_URL and REDIS_URL keep the names platforms use; everything else takes the ONE111_ prefix."""

    model_config = SettingsConfigDict(env_prefix="ONE111_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="sqlite:///var/one111.db",
        validation_alias=AliasChoices("DATABASE_URL", "ONE111_DATABASE_URL"),
    )
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("REDIS_URL", "ONE111_REDIS_URL"))
    redis_prefix: str = "one111:"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: PositiveInt = 1
    log_level: str = "INFO"
    max_body_bytes: PositiveInt = 64 * 1024
    data_dir: Path = ROOT / "data" / "reference"
    triage_artifacts: Path = ROOT / "triage" / "artifacts"
    staleness_hours: float = Field(default=4.0, gt=0)
    hold_seconds: PositiveInt = 120
    hold_sweep_seconds: float = Field(default=5.0, gt=0)  # how often a worker expires holds nobody touched
    db_pool_size: PositiveInt = 10
    board_queue_frames: PositiveInt = 256  # frames a console may fall behind before it is told to reconnect
    board_check_seconds: float = Field(default=5.0, gt=0)  # how often a worker checks the board was not lost
    max_frame_bytes: PositiveInt = 16 * 1024
    ops_refresh_seconds: float = Field(default=5.0, gt=0)  # how often /ws/ops sends each dashboard a fresh summary
    # Overload protection, per worker: requests beyond the budget get 503 at once rather than a queue.
    max_in_flight: PositiveInt = 256
    max_in_flight_priority: PositiveInt = 32  # health, metrics and provider capacity updates: their own budget
    retry_after_seconds: PositiveInt = 1
    rate_limit_requests: NonNegativeInt = 6000  # per client per window; 0 turns rate limiting off
    rate_limit_window_seconds: PositiveInt = 60
    body_timeout_seconds: float = Field(default=10.0, gt=0)  # a body that takes longer to arrive gets 408
    header_timeout_seconds: float = Field(default=10.0, gt=0)  # a request line and headers must arrive within this
    max_header_bytes: PositiveInt = 16 * 1024
    max_connections: PositiveInt = 2048  # per worker; beyond it uvicorn answers 503 itself
    login_attempts: PositiveInt = 10  # per account per window (5x that per address): slows password guessing
    login_window_seconds: PositiveInt = 15 * 60
    # Peers whose X-Forwarded-For is believed (the TLS proxy in front): addresses or CIDR blocks, comma-separated.
    trusted_proxies: Annotated[tuple[IPv4Network | IPv6Network, ...], NoDecode] = ()
    session_hours: float = Field(default=8.0, gt=0)  # a staff browser login lasts one shift
    staff_token_days: float = Field(default=90.0, gt=0)
    chat_minutes: float = Field(default=120.0, gt=0)  # an anonymous patient conversation's life
    # Each worker remembers accepted credentials this long (0: never); revocations reach it over Redis at once.
    credential_cache_seconds: float = Field(default=30.0, ge=0)
    credential_cache_entries: PositiveInt = 10_000
    audit_retention_days: PositiveInt = 8 * 366  # NHS records guidance: 111 call records are kept 8 years
    # The audit chain's HMAC key: the same on every host. Unset, it is made once and kept in `audit_key_file`.
    audit_key: SecretStr | None = Field(default=None, min_length=32)
    audit_key_file: Path | None = None  # default: audit.key beside the SQLite file, or var/audit.key
    audit_checkpoints: Path | None = None  # default: audit-checkpoints.jsonl beside the SQLite file, or in var/
    audit_seal_seconds: float = Field(default=1.0, gt=0)  # how often a worker seals new audit events
    # Patient data is sealed with AES-256-GCM under this keyring (lines `<id> <64 hex>`, `;` may separate them; the
    # first is current, `lookup` keys the lookup hashes): the same on every host. Unset, a file is made once.
    data_keyring: SecretStr | None = None
    data_keyring_file: Path | None = None  # default: data.keyring beside the SQLite file, or var/data.keyring
    claim_lease_seconds: PositiveInt = 300  # a clinician's claim on a callback lapses after this long without action
    clinical_poll_seconds: float = Field(default=2.0, gt=0)  # how often /ws/clinical re-reads the queue
    clinical_queue_frames: PositiveInt = 64  # frames a clinician's socket may fall behind before it is closed
    # Messages to patients (notify/): embedded keeps them in the database for the console; smtp or govuk_notify send.
    notify_channel: Literal["embedded", "smtp", "govuk_notify"] = "embedded"
    notify_dispatch_seconds: float = Field(default=1.0, gt=0)  # how often each worker sends what is due
    notify_max_attempts: PositiveInt = 6
    notify_retry_seconds: float = Field(default=30.0, gt=0)  # the first retry's wait; each next one doubles
    disruption_sweep_seconds: float = Field(default=10.0, gt=0)  # how often a worker looks for missed disruptions
    public_url: str = "http://127.0.0.1:8000"  # the patient's links in messages start with this
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "NHS 111 <no-reply@one111.invalid>"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    govuk_notify_api_key: SecretStr | None = None
    govuk_notify_url: str = "https://api.notifications.service.gov.uk"
    govuk_notify_email_template: str = ""  # a template whose subject is ((subject)) and body ((body))
    govuk_notify_sms_template: str = ""  # a template whose body is ((body))

    @field_validator("audit_key", "data_keyring", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if value == "" else value  # ONE111_AUDIT_KEY= (empty) means the key file, as unset does

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())
        return value

    @property
    def board_url(self) -> str:
        """Which capacity board backend to use, by scheme: memory:// by default, redis:// when configured."""
        return self.redis_url or "memory://"

    @property
    def credential_ttl_seconds(self) -> float:
        """Without Redis no notice can reach the worker from the CLI, so a second bounds what it may miss."""
        return self.credential_cache_seconds if self.redis_url else min(self.credential_cache_seconds, 1.0)

    @property
    def rate_limit_url(self) -> str:
        """Which rate limiter backend: shared through Redis when configured, else per worker in memory."""
        return self.redis_url or "memory://"
