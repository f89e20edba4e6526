"""The app's named endpoints through gradio_client, over the seed corpus."""

from __future__ import annotations

import pytest

gradio_client = pytest.importorskip("gradio_client")

MOTOR_DOC = "weihai-motor-industry-reply-2024-05-31.txt"


@pytest.fixture(scope="module")
def client(seed_app):
    return gradio_client.Client(seed_app.url, verbose=False)


def test_named_endpoints_are_documented(client):
    named = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/search", "/precedents", "/precedents_markdown", "/documents", "/document", "/feedback",
            "/run_eval", "/upload", "/delete_document"} <= named


def test_ask_returns_a_cited_answer(client):
    result = client.predict("What motor-industry measures did Weihai promise?", api_name="/ask")
    assert result["abstained"] is False and result["language"] == "en"
    assert MOTOR_DOC in {c["doc_id"] for c in result["citations"]}
    assert all(f"[{c['n']}]" in result["answer"] for c in result["citations"])
    assert all(c["supporting"] for c in result["citations"])


def test_ask_applies_the_region_filter(client):
    docs = {d["doc_id"]: d for d in client.predict(api_name="/documents")}
    result = client.predict("智能装备产业链下一步有什么打算？", "淄博市", None, None, None, None, api_name="/ask")
    assert result["filters"] == {"region": "淄博市"}
    assert result["citations"], result["answer"]
    assert all(docs[c["doc_id"]]["city"] == "淄博市" for c in result["citations"])


def test_search_returns_ranked_passages(client):
    passages = client.predict("电机产业 规上企业", api_name="/search")
    assert [p["rank"] for p in passages] == list(range(1, len(passages) + 1))
    assert passages[0]["doc_id"] == MOTOR_DOC


def test_precedents_are_one_row_per_document(client):
    draft = "关于推动我市电机产业高质量发展的提案：建议加强产学研合作，搭建研发平台，培育龙头企业，完善产业链配套。"
    rows = client.predict(draft, 5, api_name="/precedents")
    ids = [r["doc_id"] for r in rows]
    assert ids and len(ids) == len(set(ids)) and ids[0] == MOTOR_DOC
    for r in rows:
        assert isinstance(r["outline"], list) and 1 <= len(r["passages"]) <= 3
        assert {p["doc_id"] for p in r["passages"]} == {r["doc_id"]}
    md = client.predict(draft, 3, api_name="/precedents_markdown")
    assert md.startswith("# Precedents") and "[1.1]" in md and MOTOR_DOC in md


def test_document_gives_record_outline_and_passages(client):
    doc = client.predict(MOTOR_DOC, api_name="/document")
    assert "第5号" in doc["title"] and doc["outline"] and len(doc["passages"]) == doc["n_chunks"]


def test_feedback_is_kept_in_the_audit_database(client, seed_app):
    from assistant.audit import AuditLog

    answer = client.predict("威海市5G基站有多少座？", api_name="/ask")
    rec = client.predict(answer, "down", "wrong city", api_name="/feedback")
    assert rec["vote"] == "down"
    last = AuditLog(seed_app.settings.audit_db).feedback()[-1]
    assert last["question"] == "威海市5G基站有多少座？" and last["comment"] == "wrong city"
    assert not seed_app.settings.feedback_file.exists()  # no longer a JSONL file anyone can read


def test_eval_runs_the_seed_set(client):
    report = client.predict("seeds.jsonl", 5, api_name="/run_eval")
    assert report["n"] == len(report["per_question"]) > 50
    assert 0 <= report["hit@5"] <= 1


def test_upload_indexes_a_file_that_ask_then_finds(client, seed_app, tmp_path):
    f = tmp_path / "qingshiwan-fishing-port.txt"
    f.write_text("关于青石湾数字渔港建设情况的答复\n\n一、基本情况\n\n青石湾数字渔港共建成智能泊位128个。\n",
                 encoding="utf-8")
    report = client.predict([gradio_client.handle_file(str(f))], api_name="/upload")
    assert report["documents"] == 1 and not report["failed"], report
    assert report["stored"] == ["qingshiwan-fishing-port.txt"]
    assert (seed_app.base / "uploads" / "qingshiwan-fishing-port.txt").is_file()
    again = client.predict([gradio_client.handle_file(str(f))], api_name="/upload")
    assert "qingshiwan-fishing-port.txt" in again["error"] and "替换同名文件" in again["error"]  # never silently
    assert sorted(p.name for p in (seed_app.base / "uploads").iterdir()) == ["qingshiwan-fishing-port.txt"]
    result = client.predict("青石湾数字渔港建成了多少智能泊位？", api_name="/ask")
    assert not result["abstained"] and "128" in result["answer"]
    assert result["citations"][0]["doc_id"].startswith("qingshiwan-fishing-port")


def test_records_and_citations_name_files_not_server_folders(client):
    docs = client.predict(api_name="/documents")
    assert docs and all(d["source"] and "/" not in d["source"] for d in docs)
    answer = client.predict("威海市5G基站有多少座？", api_name="/ask")
    assert all("/" not in (c.get("source") or "") for c in answer["citations"])
