"""Users of the app: a JSON file of names, roles and salted scrypt hashes; roles grant actions; sign-in limits.

The file (`ASSISTANT_USERS_FILE`) is written atomically with owner-only permissions and never holds a
password in clear. Roles and the actions they grant are one table (`ROLE_ACTIONS`): the UI hides what a
role cannot do and every endpoint checks the same table server-side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ACTIONS",
    "ROLES",
    "ROLE_ACTIONS",
    "AccessDenied",
    "LoginLimiter",
    "UserError",
    "UserStore",
    "allowed",
    "hash_password",
    "verify_password",
]

READER_ACTIONS = frozenset({"ask", "search", "documents", "precedents", "feedback"})
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "reader": READER_ACTIONS,
    "editor": READER_ACTIONS | {"upload", "delete"},
    "evaluator": READER_ACTIONS | {"eval", "baseline"},
    "admin": READER_ACTIONS | {"upload", "delete", "eval", "baseline", "audit"},
}
ROLES = tuple(ROLE_ACTIONS)
ACTIONS = frozenset().union(*ROLE_ACTIONS.values())

# scrypt cost: n=2**14, r=8, p=1 (the interactive-login parameters recommended in RFC 7914 §2), 16 MiB, ~50 ms.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 8


class UserError(ValueError):
    """A user-management request that cannot be done (unknown user, bad name, bad role, short password)."""


class AccessDenied(PermissionError):
    """The signed-in user's role does not grant the action."""


def allowed(role: str | None, action: str) -> bool:
    """Whether `role` may perform `action` (unknown roles may do nothing)."""
    return action in ROLE_ACTIONS.get(role or "", frozenset())


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash`, a fresh 16-byte salt per password."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check of a password against `hash_password`'s output (False for anything malformed)."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(base64.b64decode(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass(frozen=True)
class User:
    name: str
    role: str


class UserStore:
    """The users file: {"users": {name: {"role", "password"}}}; reloaded when it changes on disk."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, dict[str, str]]] | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.is_file():
            return {}
        mtime = self.path.stat().st_mtime
        if self._cache and self._cache[0] == mtime:
            return self._cache[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
            assert isinstance(users, dict)
        except (OSError, ValueError, KeyError, AssertionError):
            raise UserError(f"{self.path}: not a users file (expected JSON with a 'users' object)") from None
        self._cache = (mtime, users)
        return users

    def _save(self, users: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"users": users}, f, ensure_ascii=False, indent=2)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._cache = None

    def list(self) -> list[User]:
        return [User(name, u.get("role", "")) for name, u in sorted(self._load().items())]

    def role_of(self, name: str | None) -> str | None:
        u = self._load().get(name or "")
        return u.get("role") if u else None

    def add(self, name: str, role: str, password: str) -> None:
        if not NAME_RE.match(name or ""):
            raise UserError(f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
        _check_role(role)
        _check_password(password)
        with self._lock:
            users = dict(self._load())
            if name in users:
                raise UserError(f"user {name!r} exists; use `users passwd` or remove it first")
            users[name] = {"role": role, "password": hash_password(password)}
            self._save(users)

    def passwd(self, name: str, password: str) -> None:
        _check_password(password)
        with self._lock:
            users = dict(self._load())
            if name not in users:
                raise UserError(f"no user {name!r}")
            users[name] = {**users[name], "password": hash_password(password)}
            self._save(users)

    def remove(self, name: str) -> None:
        with self._lock:
            users = dict(self._load())
            if users.pop(name, None) is None:
                raise UserError(f"no user {name!r}")
            self._save(users)

    def verify(self, name: str, password: str) -> str | None:
        """The user's role when the password matches, else None (a dummy hash keeps timing alike)."""
        u = self._load().get(name or "")
        encoded = u.get("password", "") if u else _DUMMY_HASH
        ok = verify_password(password or "", encoded)
        return u.get("role") if (u and ok) else None


_DUMMY_HASH = hash_password("dummy password", salt=b"\0" * 16)


def _check_role(role: str) -> None:
    if role not in ROLE_ACTIONS:
        raise UserError(f"role {role!r}: choose one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")


class LoginLimiter:
    """Failed sign-ins per key (a user name, a client address): after `limit` failures within `window_s`
    the key is refused until the oldest of them leaves the window."""

    def __init__(self, limit: int = 5, window_s: float = 300.0, clock=time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        now = self.clock()
        while q and now - q[0] > self.window_s:
            q.popleft()
        return q

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def failed(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(self.clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)
