"""Credential policy and Argon2id password hashing (with rehash when parameters change)."""

from __future__ import annotations

import re
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from symphainy.config import Settings
from symphainy.errors import InvalidRequest

PASSWORD_MIN = 8
PASSWORD_MAX = 128
EMAIL_MAX = 254
NAME_MAX = 256
BAD_LOGIN = "Wrong email or password."
"""The one answer to a failed login: it never says which of the two was wrong."""
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def normalise_email(email: str) -> str:
    """Trim, NFKC-normalise and lowercase an address; InvalidRequest if it is not one."""
    value = unicodedata.normalize("NFKC", email).strip().lower()
    if len(value) > EMAIL_MAX or not _EMAIL.fullmatch(value):
        raise InvalidRequest("email is not a valid address")
    return value


def check_password(password: str) -> None:
    """Enforce the password policy: 8 to 128 characters."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidRequest(f"password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long")


def clean_name(name: str, what: str = "name") -> str:
    """Trim a display name; InvalidRequest if empty, too long or holding control characters."""
    value = unicodedata.normalize("NFKC", name).strip()
    if not value or len(value) > NAME_MAX:
        raise InvalidRequest(f"{what} must be 1 to {NAME_MAX} characters long")
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise InvalidRequest(f"{what} must not contain control characters")
    return value


class Passwords:
    """Argon2id hashing with the cost parameters from Settings.

    `verify_or_dummy(None, password)` verifies against a throwaway hash, so an unknown account
    costs the same time as a wrong password.
    """

    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.password_hash_time_cost,
            memory_cost=settings.password_hash_memory_kib,
            parallelism=settings.password_hash_parallelism,
        )
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        """Hash a password (CPU-heavy: call from a worker thread)."""
        return self._hasher.hash(password)

    def verify_or_dummy(self, stored: str | None, password: str) -> bool:
        """Whether `password` matches `stored`; with no hash, burn the same work and say no."""
        if stored is None:
            self._verify(self._dummy_hash(), password)
            return False
        return self._verify(stored, password)

    def needs_rehash(self, stored: str) -> bool:
        """Whether `stored` was made with parameters other than the current ones."""
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password[: PASSWORD_MAX * 4])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        return self._dummy


__all__ = [
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "Passwords",
    "check_password",
    "clean_name",
    "normalise_email",
]
