"""Who may use the app and how: sign-in against the users file, roles per request, Host and login guards.

`Access` is built once at start from the settings. With a users file, Gradio's login form checks names
and passwords through `Access.check_password`; every handler and endpoint calls `Access.require` with
the signed-in user (`gr.Request.username`) and the action, so the API enforces what the UI shows.
Without a users file everyone acts as `admin` (the app then binds loopback only, see `host_refusal`).
`GuardMiddleware` (an ASGI middleware on Gradio's FastAPI app) refuses requests whose Host header is
not the configured one (DNS rebinding) and rate-limits failed sign-ins per user and per client address.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from assistant.audit import Actor, AuditLog
from assistant.users import LoginLimiter, UserStore, allowed, hash_password, verify_password

if TYPE_CHECKING:
    from assistant.config import Settings

__all__ = ["LOOPBACK_NAMES", "Access", "GuardMiddleware", "allowed_hosts", "host_refusal", "is_loopback"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
ANONYMOUS_ROLE = "admin"


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_refusal(host: str, has_users: bool, allow_anonymous: bool) -> str | None:
    """Why the app must not start on `host` (None when it may)."""
    if has_users or allow_anonymous or is_loopback(host):
        return None
    return (f"refusing to serve {host} without sign-in: anyone reaching the port could upload, delete and read "
            "the audit log. Add users (`assistant users add NAME --role admin`) or pass --allow-anonymous.")


class Access:
    """Users, roles, the audit log and the sign-in limiter of one running app."""

    def __init__(self, users: UserStore | None, audit: AuditLog, limiter: LoginLimiter | None = None,
                 *, single_user: tuple[str, str] | None = None) -> None:
        self.users = users if users is not None and users.exists() else None
        self.audit = audit
        self.limiter = limiter or LoginLimiter()
        # The older one-login setting (auth_user / auth_password): one admin, hashed in memory.
        self._single = (single_user[0], hash_password(single_user[1])) if single_user and not self.users else None

    @classmethod
    def from_settings(cls, settings: Settings) -> Access:
        single = (settings.auth_user, settings.auth_password) if settings.auth_user and settings.auth_password else None
        return cls(UserStore(settings.users_file), AuditLog(settings.audit_db),
                   LoginLimiter(settings.login_attempts, settings.login_window_s), single_user=single)

    @property
    def signs_in(self) -> bool:
        return self.users is not None or self._single is not None

    def check_password(self, username: str, password: str) -> bool:
        """Gradio's `auth` callable (the rate limits are applied before, in `GuardMiddleware`)."""
        if self._single is not None:
            return username == self._single[0] and verify_password(password, self._single[1])
        return self.users is not None and self.users.verify(username, password) is not None

    def role_of(self, username: str | None) -> str | None:
        if not self.signs_in:
            return ANONYMOUS_ROLE
        if self._single is not None:
            return "admin" if username == self._single[0] else None
        return self.users.role_of(username) if self.users and username else None

    def actor(self, request: Any) -> Actor:
        """The request's user, role and client address (role "" when signed out or unknown)."""
        username = getattr(request, "username", None) if request is not None else None
        client = getattr(request, "client", None) if request is not None else None
        address = getattr(client, "host", None)
        return Actor(username, self.role_of(username) or "", address)

    def can(self, request: Any, action: str) -> bool:
        return allowed(self.actor(request).role, action)

    def require(self, request: Any, action: str) -> Actor:
        """The actor when its role grants `action`; else AccessDenied (audited)."""
        from assistant.users import AccessDenied

        actor = self.actor(request)
        if not allowed(actor.role, action):
            self.audit.record(actor, "denied", attempted=action)
            raise AccessDenied(action)
        return actor

    def launch_kwargs(self, allowed_hosts: Iterable[str], login_path: str = "/login") -> dict[str, Any]:
        """`auth` and the guard middleware for `Blocks.launch`."""
        from starlette.middleware import Middleware

        return {
            "auth": self.check_password if self.signs_in else None,
            "auth_message": "请使用您的账号登录。 · Sign in with your account." if self.signs_in else None,
            "app_kwargs": {"middleware": [Middleware(GuardMiddleware, allowed_hosts=list(allowed_hosts),
                                                     limiter=self.limiter, login_path=login_path)]},
        }


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """Names a request's Host header may carry: the bound host, loopback names, configured extras."""
    names = {host, *extra}
    if is_loopback(host) or host in ("0.0.0.0", "::"):
        names |= set(LOOPBACK_NAMES)
    return sorted(n for n in names if n not in ("0.0.0.0", "::"))



def _hostname(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:7860
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class GuardMiddleware:
    """Pure ASGI: a wrong Host gets 421; a sign-in from a user or address over its failure limit gets 429."""

    def __init__(self, app, allowed_hosts: list[str], limiter: LoginLimiter, login_path: str = "/login") -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.limiter = limiter
        self.login_paths = {login_path, login_path + "/"}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        if _hostname(headers.get("host", "")) not in self.allowed:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await _plain(send, 421, "Host not allowed / 不接受此主机名")
        if scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path") in self.login_paths:
            return await self._login(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _login(self, scope, receive, send):
        body, more = b"", True
        while more:
            msg = await receive()
            body += msg.get("body", b"")
            more = msg.get("more_body", False)
        form = parse_qs(body.decode("utf-8", "replace"))
        user = (form.get("username") or [""])[0].strip()
        address = (scope.get("client") or ("?", 0))[0]
        keys = [f"addr:{address}", f"user:{user}"]
        if any(self.limiter.blocked(k) for k in keys):
            return await _plain(send, 429, "Too many failed sign-ins; wait a few minutes. / 登录失败次数过多，请稍后再试。")
        status: list[int] = []

        replayed = [False]

        async def replay():
            if replayed[0]:
                return await receive()
            replayed[0] = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, replay, watch)
        if status and status[0] >= 400:
            for k in keys:
                self.limiter.failed(k)
        elif status and status[0] < 300:
            self.limiter.succeeded(f"user:{user}")


async def _plain(send, status: int, text: str) -> None:
    payload = json.dumps({"detail": text}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
