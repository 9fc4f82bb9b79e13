"""Settings: the one frozen configuration object, and the only reader of the environment."""

from __future__ import annotations

from pathlib import Path

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
    lease_seconds: float = 15.0
    """How long a claimed execution stays owned without a heartbeat."""
    poll_seconds: float = 0.5
    """Scheduler tick: how often workers look for delayed retries and expired leases."""
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
    max_body_bytes: int = 1_048_576
    """Largest JSON body the APIs accept."""
    max_upload_bytes: int = 200 * 1_048_576
    """Largest upload the Experience service accepts."""
    redis_url: str = ""
    """When set, TrafficCop shares rate limits through Redis."""

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite inside `home`."""
        return self.database_url or f"sqlite:///{self.home / 'symphainy.db'}"

    @property
    def resolved_blob_dir(self) -> Path:
        """The blob directory, defaulting to `home/blobs`."""
        return self.blob_dir or self.home / "blobs"


__all__ = ["Settings"]
