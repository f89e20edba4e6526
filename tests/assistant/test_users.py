"""Users file: salted slow hashes, never a clear password; roles grant actions; sign-in limits."""

from __future__ import annotations

import json
import os
import stat

import pytest

from assistant.users import (
    ROLE_ACTIONS,
    LoginLimiter,
    UserError,
    UserStore,
    allowed,
    hash_password,
    verify_password,
)


def test_password_is_stored_as_a_salted_scrypt_hash(tmp_path):
    store = UserStore(tmp_path / "users.json")
    store.add("li", "editor", "correct horse battery")
    store.add("wang", "reader", "correct horse battery")
    raw = (tmp_path / "users.json").read_text(encoding="utf-8")
    assert "correct horse" not in raw
    users = json.loads(raw)["users"]
    assert users["li"]["password"].startswith("scrypt$") and users["li"]["password"] != users["wang"]["password"]
    assert stat.S_IMODE(os.stat(tmp_path / "users.json").st_mode) == 0o600
    assert store.verify("li", "correct horse battery") == "editor"
    assert store.verify("li", "correct horse batter") is None and store.verify("nobody", "x" * 10) is None


def test_users_are_added_listed_changed_and_removed(tmp_path):
    store = UserStore(tmp_path / "users.json")
    store.add("zhao", "evaluator", "first password")
    with pytest.raises(UserError, match="exists"):
        store.add("zhao", "reader", "other password")
    with pytest.raises(UserError, match="role"):
        store.add("qian", "boss", "some password")
    with pytest.raises(UserError, match="too short"):
        store.add("qian", "reader", "short")
    with pytest.raises(UserError, match="name"):
        store.add("../x", "reader", "some password")
    store.passwd("zhao", "second password")
    assert store.verify("zhao", "first password") is None and store.verify("zhao", "second password") == "evaluator"
    assert [(u.name, u.role) for u in store.list()] == [("zhao", "evaluator")]
    store.remove("zhao")
    assert store.list() == [] and store.role_of("zhao") is None
    with pytest.raises(UserError):
        store.remove("zhao")


def test_roles_grant_what_the_issue_lists():
    assert allowed("reader", "ask") and not allowed("reader", "upload") and not allowed("reader", "eval")
    assert allowed("editor", "upload") and allowed("editor", "delete") and not allowed("editor", "eval")
    assert allowed("evaluator", "eval") and allowed("evaluator", "baseline") and not allowed("evaluator", "upload")
    assert all(allowed("admin", a) for a in set().union(*ROLE_ACTIONS.values())) and allowed("admin", "audit")
    assert not any(allowed(r, "audit") for r in ("reader", "editor", "evaluator"))
    assert not allowed(None, "ask") and not allowed("", "ask")


def test_malformed_hashes_never_verify():
    assert verify_password("pw", hash_password("pw")) and not verify_password("pw", "plain:pw")
    assert not verify_password("pw", "scrypt$1$2$3$!!$!!")


def test_limiter_blocks_after_the_limit_and_forgets_after_the_window():
    now = [0.0]
    lim = LoginLimiter(limit=3, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert not lim.blocked("user:a")
        lim.failed("user:a")
    assert lim.blocked("user:a") and not lim.blocked("user:b")
    now[0] = 61
    assert not lim.blocked("user:a")
