"""The CLI's JSON contracts and exit codes, run as a user runs it (a real process over a real store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, SEED_FILES

ASK_KEYS = {"question", "answer", "abstained", "citations", "latency_ms"}
CITATION_KEYS = {"n", "doc_id", "chunk_id", "title", "heading", "text", "date", "agency", "region", "score"}
SEARCH_KEYS = {"rank", "score", "doc_id", "chunk_id", "title", "heading", "text", "date", "agency", "region"}
DOC_KEYS = {"doc_id", "title", "doc_type", "agency", "region", "city", "date", "proposal_no", "session",
            "proposer", "source", "n_chunks"}


def run(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], check=False, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, cwd=cwd)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    proc = run("index", str(CORPUS), "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "indexed 5 documents" in proc.stdout and "docs/s" in proc.stdout
    return path


def test_docs_json_lists_every_seed_with_its_metadata(store):
    proc = run("docs", "--json", "--store", str(store))
    docs = json.loads(proc.stdout)
    assert {d["doc_id"] for d in docs} == set(SEED_FILES.values())
    assert all(set(d) >= DOC_KEYS for d in docs)
    motor = next(d for d in docs if d["doc_id"] == SEED_FILES["000"])
    assert (motor["agency"], motor["date"], motor["proposal_no"], motor["proposer"]) == (
        "威海市工业和信息化局", "2024-05-31", "5", "马跃华")


def test_search_json_ranks_the_forward_looking_passage_of_seed_000_first(store):
    proc = run("search", "威海 电机 下步工作措施", "--json", "--store", str(store))
    rows = json.loads(proc.stdout)
    assert set(rows[0]) >= SEARCH_KEYS
    assert rows[0]["doc_id"] == SEED_FILES["000"] and "下步工作措施" in rows[0]["heading"]
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_search_filters_reach_the_store(store):
    rows = json.loads(run("search", "产业链", "--region", "淄博市", "--json", "--store", str(store)).stdout)
    assert rows and {r["region"] for r in rows} <= {"周村区", "张店区"}
    rows = json.loads(run("search", "产业链", "--year", "2023", "--json", "--store", str(store)).stdout)
    assert rows and {r["date"][:4] for r in rows} == {"2023"}


def test_ask_json_contract_and_citation_integrity(store):
    proc = run("ask", "What motor-industry measures did Weihai promise?", "--json", "--store", str(store))
    out = json.loads(proc.stdout)
    assert set(out) >= ASK_KEYS
    assert out["abstained"] is False and out["latency_ms"] >= 0
    assert all(set(c) >= CITATION_KEYS for c in out["citations"])
    import re

    refs = {int(n) for n in re.findall(r"\[(\d+)\]", out["answer"])}
    assert refs == {c["n"] for c in out["citations"]}
    assert {c["doc_id"] for c in out["citations"]} == {SEED_FILES["000"]}


def test_ask_json_abstention_cites_nothing(store):
    out = json.loads(run("ask", "周村区电机产业有多少家规上企业？", "--json", "--store", str(store)).stdout)
    assert out["abstained"] is True and out["citations"] == []


def test_store_path_from_the_environment(store):
    proc = run("docs", "--json", env={"ASSISTANT_STORE": str(store)})
    assert len(json.loads(proc.stdout)) == 5


def test_missing_store_is_a_one_line_error_not_a_traceback(tmp_path):
    proc = run("search", "电机", "--store", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "run `assistant index` first" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "nowhere").exists()  # reading never creates an index


def test_index_exits_1_naming_the_broken_file_and_indexes_the_rest(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("威海市工业和信息化局关于电机产业的通知。推动电机产业发展。", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    proc = run("index", str(corpus), "--store", str(tmp_path / "s"))
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0]
    assert "indexed 1 documents" in proc.stdout


def test_feedback_export_writes_eval_questions_and_never_overwrites_silently(tmp_path, seed_assistant):
    from assistant.ui.feedback import FeedbackStore, feedback_record
    from evals.dataset import load_dataset

    fb = FeedbackStore(tmp_path / "feedback.jsonl")
    fb.append(feedback_record(seed_assistant.answer("威海市5G基站有多少座？"), "up", "good"))
    fb.append(feedback_record(seed_assistant.answer("周村区电机产业有多少家规上企业？"), "down"))
    out = tmp_path / "from-feedback.jsonl"
    proc = run("feedback", "export", "--feedback-file", str(fb.path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    items = load_dataset(out)
    assert [i.question for i in items] == ["威海市5G基站有多少座？", "周村区电机产业有多少家规上企业？"]
    assert items[0].evidence and "feedback" in items[0].tags
    again = run("feedback", "export", "--feedback-file", str(fb.path), "--out", str(out))
    assert again.returncode == 2 and "--force" in again.stderr


def test_feedback_export_with_a_store_leaves_out_evidence_from_documents_it_lacks(tmp_path, store, capsys):
    from assistant.cli import main
    from assistant.ui.feedback import FeedbackStore, feedback_record

    fb = FeedbackStore(tmp_path / "feedback.jsonl")
    cited = {"n": 1, "chunk_id": "x::0001", "title": "t", "text": "威海市5G基站共有8200座。",
             "supporting": ["威海市5G基站共有8200座。"]}
    for doc_id in (SEED_FILES["001"], "gone-since.txt"):
        fb.append(feedback_record({"question": f"{doc_id} 有多少基站？", "answer": "…", "abstained": False,
                                   "citations": [{**cited, "doc_id": doc_id}]}, "up"))
    assert main(["feedback", "export", "--feedback-file", str(fb.path), "--store", str(store)]) == 0
    out, err = capsys.readouterr()
    kept, gone = (json.loads(line) for line in out.splitlines())
    assert kept["evidence"] == ["威海市5G基站共有8200座。"] and gone["evidence"] == []
    assert "gone-since.txt left out" in err and SEED_FILES["001"] not in err
    assert main(["feedback", "export", "--feedback-file", str(fb.path), "--store", str(tmp_path / "no-store")]) == 2
    assert "no-store" in capsys.readouterr().err


@pytest.mark.slow
def test_users_commands_add_list_passwd_remove_and_audit_export(tmp_path):
    env = {"ASSISTANT_USERS_FILE": str(tmp_path / "users.json"), "ASSISTANT_AUDIT_DB": str(tmp_path / "audit.sqlite3")}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", "users", "add", "wang", "--role", "reader",
                           "--password-stdin"], input="a long password\n", capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env}, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "a long password" not in (tmp_path / "users.json").read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "assistant.cli", "users", "add", "li", "--role", "chief",
                          "--password-stdin"], input="a long password\n", capture_output=True, text=True,
                         timeout=120, env={**os.environ, **env}, check=False)
    assert bad.returncode == 2 and "reader, editor, evaluator, admin" in bad.stderr and "Traceback" not in bad.stderr
    assert run("users", "list", env=env).stdout.split() == ["wang", "reader"]
    from assistant.users import UserStore

    subprocess.run([sys.executable, "-m", "assistant.cli", "users", "passwd", "wang", "--password-stdin"],
                   input="another password\n", text=True, timeout=120, env={**os.environ, **env}, check=True)
    assert UserStore(tmp_path / "users.json").verify("wang", "another password") == "reader"
    assert run("users", "remove", "wang", env=env).returncode == 0
    assert run("users", "list", env=env).stdout.strip() == ""

    from assistant.audit import Actor, AuditLog

    log = AuditLog(tmp_path / "audit.sqlite3")
    log.record(Actor("wang", "reader", "127.0.0.1"), "ask", question="威海？")
    log.add_feedback(Actor("wang", "reader"), {"question": "威海？", "answer": "…", "vote": "up", "citations": []})
    out = run("audit", "export", "--since", "2000-01-01", env=env)
    assert out.returncode == 0 and out.stdout.splitlines()[0].startswith("id,time,user,role,address,action")
    assert "威海？" in out.stdout and "wang" in out.stdout
    assert run("audit", "export", "--since", "2999-01-01", env=env).stdout.count("\n") == 1
    assert run("audit", "export", "--since", "soon", env=env).returncode == 2
    fb = run("feedback", "export", env={**env, "ASSISTANT_FEEDBACK_FILE": str(tmp_path / "none.jsonl")})
    assert fb.returncode == 0 and json.loads(fb.stdout.splitlines()[0])["question"] == "威海？"


def test_assistant_alone_prints_help_and_version_is_known():
    proc = run()
    assert proc.returncode == 0 and "usage: assistant" in proc.stdout and "COMMAND" in proc.stdout
    version = run("--version")
    import tomllib

    from tests.conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert version.returncode == 0 and version.stdout.split() == ["assistant", declared]


def test_every_argument_of_index_search_and_ask_has_help():
    import argparse

    from assistant.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in ("index", "docs", "search", "ask"):
        for action in sub.choices[name]._actions:
            assert action.help, f"{name} {action.dest} has no help"
    assert sub.choices["index"].description


def test_a_hand_edited_cue_file_with_a_word_twice_is_one_line_naming_the_file(tmp_path, store):
    """prompts/ is data users edit: a duplicate stop word stops the command with the file and the word, not a
    traceback (the project's code is copied so that its prompts/ can be broken without touching the repo's)."""
    import shutil

    from tests.conftest import ROOT

    for part in ("assistant", "index", "evals", "prompts"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    stopwords = tmp_path / "prompts" / "en_stopwords.txt"
    stopwords.write_text(stopwords.read_text(encoding="utf-8") + "\nafter\nafter\n", encoding="utf-8")
    proc = run("ask", "What will Weihai do after this?", "--store", str(store),
               env={"PYTHONPATH": str(tmp_path)}, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == f"assistant: {stopwords}: 'after' is listed twice"
