"""Settings: the one frozen configuration object, and the only reader of the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Platform configuration, read from `SYMPHAINY_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SYMPHAINY_", frozen=True, extra="forbid")

    home: Path = Path(".symphainy")
    """Directory for the embedded store and local blobs."""
    database_url: str = ""
    """Store location; empty means SQLite in `home`; `postgresql://…` selects PostgreSQL."""
    blob_dir: Path | None = None
    """Where artifact bytes go; defaults to `home/blobs`."""
    worker_concurrency: int = 64
    """How many executions one worker process runs at once."""
    workers_enabled: bool = True
    """Whether this process runs workers (a pure API node can turn them off)."""
    gc_young_threshold: int = Field(default=10_000, ge=0)
    """Net container allocations between the garbage collector's young collections while a
    runtime runs in the process (default 10,000; the interpreter's is 700, which promotes a
    burst's in-flight objects and sets off full collections). 0 leaves the interpreter's."""
    submit_lane_depth: int = Field(default=256, ge=1)
    """How many of one tenant's submissions may wait on this process's store writer at once
    (default 256); more wait in the tenant's own lane, so a burst does not hold back others."""
    claim_window: int = Field(default=256, ge=1)
    """How many queued executions one claim looks at (default 256; at least the free slots):
    the depth it searches past work held back by a running limit for work it may start."""
    lease_seconds: float = 15.0
    """How long a claimed execution stays owned without a heartbeat."""
    poll_seconds: float = 0.5
    """Longest a worker's claim loop sleeps: a safety net, since it otherwise sleeps until the
    store's next due time (delayed start, retry, lease expiry) or a submit wakes it. On SQLite
    it is also how soon another process's submission is noticed (SQLite has no NOTIFY)."""
    max_not_before_seconds: float = 366 * 86_400.0
    """How far ahead a submit's `not_before` may be (a year and a day); later is a 422."""
    event_page_max: int = 1000
    """Most events one `execution_events` page returns: a larger `limit` (the wire allows up to
    1000) is served this many, with `next_after` pointing at the rest."""
    default_timeout_seconds: float = 300.0
    """Handler timeout when an intent declares none."""
    runtime_host: str = "127.0.0.1"
    """Interface the Runtime API binds."""
    runtime_port: int = 8000
    """Runtime API port."""
    experience_host: str = "127.0.0.1"
    """Interface the Experience service binds."""
    experience_port: int = 8001
    """Experience service port."""
    runtime_url: str = "http://127.0.0.1:8000"
    """Where the Experience service finds the Runtime API."""
    service_api_key: str = ""
    """Service credential the Experience service presents to the Runtime."""
    service_secret: SecretStr = SecretStr("")
    """Shared HMAC secret for service tokens; empty: generated into `home/service_secret`."""
    service_token_ttl_seconds: float = 300.0
    """Lifetime of the service tokens a service mints for the Runtime API."""
    sse_keepalive_seconds: float = 15.0
    """How often an idle event stream (an execution's, the pending intents') sends a keep-alive
    comment."""
    pending_stream_limit: int = Field(default=100, ge=1, le=1000)
    """Most pending intents one snapshot of the pending-intents stream (`watch_pending`) carries,
    newest first; its `total` says how many match."""
    max_wait_seconds: float = 60.0
    """Longest long-poll a status request may ask for (`?wait=`)."""
    max_bulk_retry: int = 100
    """Most failed executions one bulk retry (`retry_failed`) re-runs; a request may ask fewer."""
    max_submit_batch: int = Field(default=500, ge=1, le=10_000)
    """Most intents one batch submit (`invoke_intents`) takes; each is recorded as one submit."""
    max_body_bytes: int = 1_048_576
    """Largest JSON body the APIs accept."""
    signal_max_payload_bytes: int = 65_536
    """Largest signal payload (its JSON encoding) `POST /api/execution/{id}/signal` accepts."""
    max_upload_bytes: int = 200 * 1_048_576
    """Largest file `ingest_file` accepts, however its bytes arrive (upload or inline)."""
    max_upload_filename_bytes: int = 255
    """Longest upload file name (UTF-8 bytes) the Experience service accepts, as most
    filesystems allow; a longer one is refused (422) before any byte is stored."""
    parse_max_inflated_bytes: int = 256 * 1_048_576
    """Most bytes one parse may inflate in total: the members of a zip-based file (xlsx,
    docx), the page contents of a PDF. Checked from the zip directory before reading."""
    parse_max_member_bytes: int = 128 * 1_048_576
    """Most bytes one zip member (a sheet, a document part) may inflate to."""
    parse_max_compression_ratio: int = 100
    """Highest inflated/compressed ratio of a zip member over 1 MiB (text zips 5-20:1;
    a decompression bomb, 200-1000:1)."""
    parse_max_rows: int = 1_048_576
    """Most rows one parse may read into tables (Excel's own sheet limit by default)."""
    parse_max_cells: int = 10_000_000
    """Most cells (rows x columns) one parse may read into tables; bounds parser memory."""
    parse_max_pdf_pages: int = 5000
    """Most pages a PDF may have to be parsed."""
    parse_max_pdf_page_bytes: int = 16 * 1_048_576
    """Most bytes one PDF page's content streams may inflate to (text extraction is slow
    on huge pages, so they are refused before it starts)."""
    parse_invalid_value_locations: int = 5
    """Lenient mainframe parses (`invalid_values` `null`): how many locations (record,
    offset) of invalid values the result keeps per column, beside the full counts."""
    tesseract_cmd: str = ""
    """The OCR program the image parser runs; empty: `tesseract` found on PATH. Only
    server configuration names it, never a request."""
    ocr_max_timeout_seconds: int = 600
    """Longest OCR run a request may ask for (`timeout_s`)."""
    auto_migrate: bool = True
    """Apply pending migrations at boot (turn off to require `symphainy db migrate`)."""
    experience_url: str = "http://127.0.0.1:8001"
    """Where CLI commands find the Experience service."""
    token: SecretStr = SecretStr("")
    """Access token or API key the CLI presents (SYMPHAINY_TOKEN)."""
    redis_url: str = ""
    """When set, TrafficCop shares rate limits through Redis."""
    access_token_ttl_seconds: float = 3600.0
    """How long an access token stays valid."""
    refresh_token_ttl_seconds: float = 30 * 86400.0
    """How long a refresh token stays valid (each refresh issues a new one)."""
    anonymous_token_ttl_seconds: float = 86400.0
    """How long an anonymous session token stays valid."""
    invitation_ttl_seconds: float = 7 * 86400.0
    """Default lifetime of an invitation code."""
    password_hash_time_cost: int = 3
    """Argon2id iterations; raising it rehashes each password at its next login."""
    password_hash_memory_kib: int = 65536
    """Argon2id memory in KiB; raising it rehashes each password at its next login."""
    password_hash_parallelism: int = 4
    """Argon2id lanes."""
    rate_limit_per_ip_per_minute: int = 600
    """Requests one client IP may make per minute (bursts up to this many)."""
    rate_limit_per_tenant_per_minute: int = 3000
    """Requests one tenant may make per minute, across all its clients."""
    rate_limit_auth_per_ip_per_minute: int = 10
    """Login and registration attempts one client IP may make per minute."""
    login_failures_before_throttle: int = 5
    """Wrong passwords one email (an account or not), from any number of addresses, may take
    before its sign-ins are refused for a while (429 `rate-limited` with `Retry-After`)."""
    login_throttle_base_seconds: float = 2.0
    """How long an account is refused after its `login_failures_before_throttle`-th wrong
    password; each further wrong password doubles the delay."""
    login_throttle_max_seconds: float = 900.0
    """Cap on that delay: however many failures, the account can be tried again after this
    long (a soft lockout, OWASP ASVS 2.2.1, never a hard one)."""
    login_failure_window_seconds: float = 3600.0
    """An account's failure count is forgotten after this long without a failure (at least
    `login_throttle_max_seconds`); a successful sign-in forgets it at once."""
    login_known_source_ttl_seconds: float = 30 * 86400.0
    """How long a source that signed in to an account (a client address; for the
    `authenticate_user` intent, the submitting tenant) keeps its own failure count for that
    account, so attempts from elsewhere cannot lock its owner out."""
    trusted_proxies: tuple[str, ...] = ()
    """CIDRs of reverse proxies whose `X-Forwarded-For` is believed (JSON list in the env)."""
    metrics_token: SecretStr = SecretStr("")
    """When set, `/metrics` on both services needs `Authorization: Bearer <token>`. Empty:
    open, as Prometheus scrapes usually are; it shows platform volumes, never tenant ids."""
    otlp_endpoint: str = ""
    """OTLP/HTTP traces URL (e.g. `http://127.0.0.1:4318/v1/traces`); empty: tracing off.
    Needs `pip install 'symphainy[otel]'`."""
    operator_tenants: tuple[str, ...] = ()
    """Tenants whose admins operate the platform: only they see platform-wide Control Tower
    figures (JSON list in the env). Every other admin sees their own tenant only."""

    quota_max_queued: int | None = None
    """Default per-tenant quota: executions waiting to run (`created` or `scheduled`) at once;
    None (the default): no limit. Admins override it per tenant (`symphainy quota set`)."""
    quota_max_running: int | None = None
    """Default per-tenant quota: executions running at once across every worker; work past it
    waits in the queue (never refused). None (the default): no limit."""
    quota_max_submits_per_minute: int | None = None
    """Default per-tenant quota: submissions per UTC clock minute. None (the default): no limit."""
    quota_storage_bytes: int | None = None
    """Default per-tenant quota: bytes of blobs (uploads, artifact content) held at once.
    None (the default): no limit."""
    quota_reasoning_tokens_per_day: int | None = None
    """Default per-tenant quota: reasoning tokens per UTC day. None (the default): no limit."""

    schedules_per_tenant: int = 1000
    """Schedules one tenant may hold at once (paused and completed ones count)."""
    schedule_min_every_seconds: int = 1
    """The shortest `every_seconds` a schedule may take."""
    schedule_max_catchup_runs: int = 100
    """With `catchup: all`, the most missed due times one schedule makes up (the latest ones)."""
    schedule_misfire_grace_seconds: float = 2.0
    """A due time reached later than this after it counts as missed (its catch-up policy
    decides), so a scheduler merely busy for a moment still runs it."""
    schedule_claim_batch: int = 200
    """Due schedules one scheduler claims per store transaction."""
    schedule_idle_recheck_seconds: float = 30.0
    """The longest the scheduler sleeps without a wake-up; it covers changes another process
    made to a SQLite store (PostgreSQL notifies, and local changes wake it at once)."""

    composed_solutions_per_tenant: int = 200
    """Composed solutions one tenant may hold at once (archived ones count; deleting frees)."""
    composed_solution_max_versions: int = 1000
    """Versions one composed solution may reach; past it, compose a new solution instead."""
    solution_metrics_max_runs: int = 10000
    """Top-level runs of one composed solution `get_solution_metrics` reads per window (newest
    first); when more ran, its answer says so (`truncated`) and covers the newest ones."""

    reasoning_base_url: str = ""
    """OpenAI-compatible endpoint root (ending in `/v1`); empty: no reasoning provider."""
    reasoning_model: str = ""
    """Model name sent with every chat completion (required once a base URL is set)."""
    reasoning_api_key: SecretStr = SecretStr("")
    """Bearer key for the reasoning endpoint (empty for local servers that need none)."""
    reasoning_timeout_seconds: float = 60.0
    """Longest wait for one chat completion (read timeout)."""
    reasoning_connect_timeout_seconds: float = 5.0
    """Longest wait to connect to the reasoning endpoint."""
    reasoning_max_retries: int = 3
    """Retries after a timeout, a connection error, a 429 or a 5xx (0: try once)."""
    reasoning_backoff_seconds: float = 0.5
    """First retry delay; doubles per retry (a `Retry-After` header overrides it)."""
    reasoning_max_backoff_seconds: float = 20.0
    """Cap on any single retry delay, including one a `Retry-After` header asks for."""
    reasoning_max_tokens: int = 1024
    """Completion token limit per call."""
    reasoning_temperature: float = 0.2
    """Sampling temperature per call."""
    retention_execution_days: int = 90
    """Days a finished execution (and its events) is kept, for tenants without a policy of
    their own (default 90)."""
    retention_artifact_days: int = 365
    """Days an artifact whose boundary contract names no `retention_days` stays READY before it
    is archived, for tenants without a policy (default 365, the ingest default)."""
    retention_wal_days: int = 365
    """Days WAL entries are kept before compaction may remove them, for tenants without a
    policy (default 365); the events of executions still stored are always kept."""
    retention_grace_days: int = 30
    """Days an archived artifact stays restorable before it is deleted and its blobs removed
    (default 30)."""
    retention_batch_size: int = 500
    """Rows one retention transaction removes at most (default 500): each batch commits on its
    own, so no write lock is held for long and a killed run loses at most one batch."""

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite inside `home`."""
        return self.database_url or f"sqlite:///{self.home / 'symphainy.db'}"

    @property
    def resolved_blob_dir(self) -> Path:
        """The blob directory, defaulting to `home/blobs`."""
        return self.blob_dir or self.home / "blobs"


__all__ = ["Settings"]
