"""Sign-in, roles on every endpoint, Host and sign-in guards, eval sets by name, inputs checked at the edge."""

from __future__ import annotations

import http.client
import json
import urllib.parse

import pytest

from assistant.audit import AuditLog
from assistant.config import Settings
from assistant.ui.access import Access
from assistant.ui.app import build_ui
from assistant.users import LoginLimiter, UserStore
from tests.ui.conftest import serve

gradio_client = pytest.importorskip("gradio_client")

PASSWORDS = {"reader1": "reader password", "editor1": "editor password", "eval1": "evaluator password",
             "admin1": "admin password"}
ROLES = {"reader1": "reader", "editor1": "editor", "eval1": "evaluator", "admin1": "admin"}
REFUSED = "无权"  # "your role does not allow this action"


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    """The app over the real Assistant with a hashing embedder, a users file, the guard middleware and a strict
    sign-in limit."""
    from tests.fakes import fake_assistant

    base = tmp_path_factory.mktemp("secured")
    users = UserStore(base / "users.json")
    for name, role in ROLES.items():
        users.add(name, role, PASSWORDS[name])
    evals = base / "evals"
    evals.mkdir()
    (evals / "tiny.jsonl").write_text(json.dumps({"id": "t1", "question": "电机产业规上企业有多少", "evidence": [
        "电机产业目前拥有规上企业35家"], "answerable": True}, ensure_ascii=False) + "\n", encoding="utf-8")
    settings = Settings(store=base / "store", feedback_file=base / "feedback.jsonl", users_file=base / "users.json",
                        audit_db=base / "audit.sqlite3")
    access = Access(UserStore(settings.users_file), AuditLog(settings.audit_db), LoginLimiter(limit=3, window_s=600))
    assistant = fake_assistant(base / "fake")
    demo = build_ui(assistant, settings, evals_dir=evals, access=access)
    url, demo = serve(demo, access)
    yield type("Secured", (), {"url": url, "settings": settings, "base": base, "evals": evals, "access": access})
    demo.close()
    assistant.close()


def client_for(secured, user: str):
    return gradio_client.Client(secured.url, auth=(user, PASSWORDS[user]), verbose=False)


def test_a_reader_can_ask_but_not_upload_or_run_evals(secured, tmp_path):
    c = client_for(secured, "reader1")
    result = c.predict("电机产业规上企业有多少", api_name="/ask")
    assert not result["abstained"]
    f = tmp_path / "new.txt"
    f.write_text("标题\n内容。\n", encoding="utf-8")
    with pytest.raises(Exception, match=REFUSED):
        c.predict([gradio_client.handle_file(str(f))], api_name="/upload")
    with pytest.raises(Exception, match=REFUSED):
        c.predict("tiny.jsonl", 5, api_name="/run_eval")
    assert not (secured.base / "uploads" / "new.txt").exists()


def test_an_editor_uploads_and_an_evaluator_runs_evals(secured, tmp_path):
    f = tmp_path / "harbor.txt"
    f.write_text("青石湾渔港答复\n青石湾数字渔港共建成智能泊位128个。\n", encoding="utf-8")
    report = client_for(secured, "editor1").predict([gradio_client.handle_file(str(f))], api_name="/upload")
    assert report["stored"] == ["harbor.txt"] and report["documents"] == 1
    with pytest.raises(Exception, match=REFUSED):
        client_for(secured, "editor1").predict("tiny.jsonl", 5, api_name="/run_eval")
    out = client_for(secured, "eval1").predict("tiny.jsonl", 3, api_name="/run_eval")
    assert out["n"] == 1


def test_only_an_editor_deletes_an_uploaded_document(secured, tmp_path):
    f = tmp_path / "old-note.txt"
    f.write_text("旧通知\n旧通知的内容。\n", encoding="utf-8")
    client_for(secured, "editor1").predict([gradio_client.handle_file(str(f))], api_name="/upload")
    with pytest.raises(Exception, match=REFUSED):
        client_for(secured, "reader1").predict("old-note.txt", api_name="/delete_document")
    with pytest.raises(Exception, match="只能删除通过上传添加的文档"):
        client_for(secured, "editor1").predict("weihai-motor.txt", api_name="/delete_document")
    out = client_for(secured, "editor1").predict("old-note.txt", api_name="/delete_document")
    assert out == {"doc_id": "old-note.txt", "file": "old-note.txt", "removed": 1}
    assert not (secured.base / "uploads" / "old-note.txt").exists()
    ids = {d["doc_id"] for d in client_for(secured, "reader1").predict(api_name="/documents")}
    assert "old-note.txt" not in ids and "weihai-motor.txt" in ids
    events = AuditLog(secured.settings.audit_db).events(user="editor1", action="delete")
    assert events[-1]["detail"]["doc_id"] == "old-note.txt"


def test_without_credentials_every_endpoint_refuses(secured):
    with pytest.raises(Exception):  # noqa: B017 (gradio_client raises different types for a 401)
        gradio_client.Client(secured.url, verbose=False).predict("q", api_name="/ask")
    for path in ("/gradio_api/info", "/config", "/gradio_api/queue/status"):
        assert _get(secured.url, path)[0] in (401, 403), path


def test_each_call_is_in_the_audit_log(secured):
    c = client_for(secured, "reader1")
    c.predict("周村区智能装备产业链下一步有什么打算", "淄博市", None, None, 2023, None, api_name="/ask")
    events = AuditLog(secured.settings.audit_db).events(user="reader1")
    ask = [e for e in events if e["action"] == "ask"][-1]
    assert ask["role"] == "reader" and ask["address"] == "127.0.0.1"
    assert ask["detail"]["filters"] == {"region": "淄博市", "year_from": 2023}
    assert ask["detail"]["citations"] and "answer" in ask["detail"] and ask["detail"]["abstained"] is False
    assert any(e["action"] == "denied" and e["detail"]["attempted"] == "upload" for e in events)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../etc/passwd", "/proc/self/environ", "feedback.jsonl",
                                  "../feedback.jsonl", "missing.jsonl", ".", "..", "", "evals"])
def test_run_eval_takes_only_a_listed_set_and_reveals_nothing(secured, name):
    (secured.base / "feedback.jsonl").write_text('{"question": "secret question of another user"}\n')
    with pytest.raises(Exception) as e:
        client_for(secured, "admin1").predict(name, 5, api_name="/run_eval")
    msg = str(e.value)
    assert "没有这个评测集" in msg and "secret" not in msg and "/" not in msg.split("没有这个评测集")[1]


def test_a_symlink_in_evals_is_not_a_set(secured):
    link = secured.evals / "passwd.jsonl"
    link.symlink_to("/etc/passwd")
    try:
        with pytest.raises(Exception, match="没有这个评测集"):
            client_for(secured, "admin1").predict("passwd.jsonl", 5, api_name="/run_eval")
    finally:
        link.unlink()


@pytest.mark.parametrize(("args", "message"), [
    (("q", None, None, None, 1e30, None, 5), "年份"),
    (("q", None, None, None, "1e30", None, 5), "年份"),
    (("q", None, None, None, 2025, 2020, 5), "晚于"),
    (("q", None, None, None, None, None, 0), "1 到 50"),
    (("q", None, None, None, None, None, -3), "1 到 50"),
    (("q", None, None, None, None, None, 10**9), "1 到 50"),
    (("   ", None, None, None, None, None, 5), "请输入问题"),
    (("问" * 3000, None, None, None, None, None, 5), "问题过长"),
])
def test_bad_inputs_get_one_readable_line(secured, args, message):
    with pytest.raises(Exception, match=message) as e:
        client_for(secured, "reader1").predict(*args, api_name="/ask")
    assert "Error:" not in str(e.value).split(message)[0][-40:] and "Traceback" not in str(e.value)


def test_bidi_and_control_characters_are_stripped_from_questions(secured):
    result = client_for(secured, "reader1").predict("电机产业\u202e规上企业\x07有多少\u2066", api_name="/ask")
    assert result["question"] == "电机产业规上企业有多少"


def test_a_year_from_alone_filters(secured):
    result = client_for(secured, "reader1").predict("产业链 下一步", None, None, None, 2024, None, api_name="/ask")
    assert result["filters"] == {"year_from": 2024}
    assert {c["doc_id"] for c in result["citations"]} <= {"weihai-motor.txt"}


def test_a_foreign_host_header_is_refused(secured):
    status, _ = _get(secured.url, "/", host="evil.example:80")
    assert status == 421
    assert _get(secured.url, "/")[0] == 200


def test_failed_sign_ins_are_limited_per_user_and_per_address(secured):
    codes = [_login(secured.url, "admin1", f"wrong {i}") for i in range(4)]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429
    assert _login(secured.url, "admin1", PASSWORDS["admin1"]) == 429  # even the right password waits
    secured.access.limiter.succeeded("addr:127.0.0.1")
    assert _login(secured.url, "editor1", PASSWORDS["editor1"]) == 200  # another user from a fresh address
    secured.access.limiter.succeeded("user:admin1")


def _get(url: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", path, headers={"Host": host} if host else {})
    r = conn.getresponse()
    return r.status, r.read()


def _login(url: str, user: str, password: str) -> int:
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    body = urllib.parse.urlencode({"username": user, "password": password})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    r.read()
    return r.status



def test_an_evaluator_saved_set_is_listed_by_name_and_never_replaced(tmp_path):
    from assistant.ui.evals import eval_sets, resolve_eval_set, save_eval_set
    from assistant.ui.inputs import InputError
    from evals.dataset import DatasetError

    folder = tmp_path / "evals"
    folder.mkdir()
    good = tmp_path / "mine.jsonl"
    good.write_text(json.dumps({"id": "m1", "question": "问？", "evidence": ["证据"]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert save_eval_set(folder, good) == "mine.jsonl" and eval_sets(folder) == ["mine.jsonl"]
    assert resolve_eval_set(folder, "mine.jsonl") == (folder / "mine.jsonl").resolve()
    with pytest.raises(InputError, match="exists"):
        save_eval_set(folder, good)
    with pytest.raises(InputError):
        save_eval_set(folder, good, name="../escape.jsonl".replace("/", "\\\\"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        save_eval_set(folder, bad)
    assert eval_sets(folder) == ["mine.jsonl"]


def test_a_year_alone_is_kept_when_the_other_is_any():
    from assistant.types import Filters
    from assistant.ui.inputs import check_filters

    assert check_filters(None, "(any)", None, "2024", "(any)") == Filters(year_from=2024)
    assert check_filters("(any)", None, None, "不限", 2023.0) == Filters(year_to=2023)
