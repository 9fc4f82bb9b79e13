"""Security: service tokens that carry a principal between services."""

from __future__ import annotations

from symphainy.security._principal import Principal
from symphainy.security._service_tokens import (
    Secret,
    load_or_create_service_secret,
    mint_service_token,
    verify_service_token,
)

__all__ = [
    "Principal",
    "Secret",
    "load_or_create_service_secret",
    "mint_service_token",
    "verify_service_token",
]
