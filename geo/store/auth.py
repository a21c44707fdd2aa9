"""The reviewer credential: one password hash that the deployer configures.

The hash comes from the environment (``ATLAS_REVIEWER_HASH``) or Streamlit secrets (the UI passes
it in; geo/ never imports Streamlit). It is compared in constant time, and after
``MAX_FAILURES`` failed logins in a row the credential is locked for ``LOCKOUT_SECONDS``, counted
in the store so that every app server behind a load balancer sees the same count. Neither the
password nor the hash is ever logged or put in an error message.

Create a hash with ``python -m geo review hash-password``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from geo.store.errors import StoreError

HASH_SETTING = "ATLAS_REVIEWER_HASH"
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
DEFAULT_ITERATIONS = 600_000
_TOKEN = object()


class AuthError(StoreError, PermissionError):
    """Wrong password, no credential configured, or a malformed hash setting."""


class LockedOutError(AuthError):
    """Too many failed logins in a row: the credential is locked for a while."""


class AttemptLog(Protocol):
    """Where login attempts are counted (the store implements it)."""

    def record_login(self, ok: bool) -> None:
        """Count one login attempt, successful or not."""
        ...

    def failures_since(self, since: float) -> int:
        """Failed attempts after ``since`` (epoch seconds) and after the last success."""
        ...


@dataclass
class MemoryAttempts:
    """An attempt log for one process, used when no store is reachable."""

    events: list[tuple[float, bool]] = field(default_factory=list)
    clock: Callable[[], float] = time.time

    def record_login(self, ok: bool) -> None:
        """Count one login attempt, successful or not."""
        self.events.append((self.clock(), ok))

    def failures_since(self, since: float) -> int:
        """Failed attempts after ``since`` and after the last success."""
        count = 0
        for at, ok in reversed(self.events):
            if ok or at < since:
                break
            count += 1
        return count


@dataclass(frozen=True)
class Reviewer:
    """Proof that someone passed the reviewer check (or runs the CLI with database access).

    Only ``ReviewerGate.login`` and ``operator`` make one.
    """

    name: str
    via: str
    _token: object = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._token is not _TOKEN:
            raise AuthError("a Reviewer is made only by logging in with the reviewer credential")
        if not self.name.strip():
            raise AuthError("a reviewer needs a name (it is recorded with every decision)")


def operator(name: str) -> Reviewer:
    """The CLI's reviewer: whoever can run ``python -m geo`` against the database already has
    its credentials, so the password adds nothing there."""
    return Reviewer(name.strip(), "command line", _TOKEN)


def is_reviewer(value: object) -> bool:
    """Whether ``value`` is a Reviewer made by a login or ``operator``."""
    return isinstance(value, Reviewer) and value._token is _TOKEN


def hash_password(
    password: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None
) -> str:
    """``pbkdf2_sha256$ITERATIONS$SALT$HASH`` (base64), the value for ``ATLAS_REVIEWER_HASH``."""
    if not password:
        raise AuthError("the reviewer password must not be empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${_b64(salt)}${_b64(digest)}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _parse(encoded: str) -> Callable[[str], bool]:
    parts = encoded.strip().split("$")
    try:
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations, salt, expected = int(parts[1]), base64.b64decode(parts[2]), parts[3]
            expected_bytes = base64.b64decode(expected)

            def check(password: str) -> bool:
                got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
                return hmac.compare_digest(got, expected_bytes)

            return check
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt, expected_bytes = base64.b64decode(parts[4]), base64.b64decode(parts[5])

            def check_scrypt(password: str) -> bool:
                got = hashlib.scrypt(
                    password.encode("utf-8"),
                    salt=salt,
                    n=n,
                    r=r,
                    p=p,
                    maxmem=256 * 1024 * 1024,
                    dklen=len(expected_bytes),
                )
                return hmac.compare_digest(got, expected_bytes)

            return check_scrypt
    except ValueError:
        pass
    # The setting's value is a secret: the message says what is wrong, never what it holds.
    raise AuthError(
        f"{HASH_SETTING} is set but is not a hash this atlas reads; expected "
        "pbkdf2_sha256$ITERATIONS$SALT$HASH or scrypt$N$R$P$SALT$HASH "
        "(make one with `python -m geo review hash-password`)"
    )


def configured_hash(secrets_value: str | None = None) -> str | None:
    """The reviewer hash from the environment, else from the caller's secrets; None if unset."""
    value = os.environ.get(HASH_SETTING, "").strip() or (secrets_value or "").strip()
    return value or None


class ReviewerGate:
    """Checks reviewer logins against the configured hash, with a lock-out."""

    def __init__(
        self,
        encoded_hash: str | None,
        attempts: AttemptLog,
        *,
        clock: Callable[[], float] = time.time,
    ):
        self._check = _parse(encoded_hash) if encoded_hash else None
        self._attempts = attempts
        self._clock = clock

    @property
    def configured(self) -> bool:
        """Whether a reviewer hash is configured at all."""
        return self._check is not None

    def locked_for(self) -> float:
        """Seconds until a locked credential accepts logins again (0 when not locked)."""
        now = self._clock()
        failures = self._attempts.failures_since(now - LOCKOUT_SECONDS)
        return float(LOCKOUT_SECONDS) if failures >= MAX_FAILURES else 0.0

    def login(self, name: str, password: str) -> Reviewer:
        """A Reviewer for the right password; AuthError (LockedOutError) otherwise."""
        if self._check is None:
            raise AuthError(
                "no reviewer credential is configured; review with "
                "`python -m geo review list|accept|reject`"
            )
        if not name.strip():
            raise AuthError("give your name: it is recorded with every review decision")
        if self.locked_for():
            raise LockedOutError(
                f"{MAX_FAILURES} wrong passwords in a row: reviewer login is locked for "
                f"{LOCKOUT_SECONDS // 60} minutes"
            )
        ok = self._check(password)
        self._attempts.record_login(ok)
        if not ok:
            raise AuthError("wrong reviewer password")
        return Reviewer(name.strip(), "reviewer password", _TOKEN)
