from __future__ import annotations

DRAFT = """关于加快我区电机产业链高质量发展的建议：我区电机企业规模小、配套能力弱，建议搭建政产学研合作平台，
推动企业智能化改造，加强产业链招商和人才引进。"""


def test_precedents_are_one_row_per_document_with_outline_and_best_passages(seed_assistant):
    rows = seed_assistant.precedents(DRAFT, k=3)
    assert len(rows) == 3
    assert len({r["doc_id"] for r in rows}) == 3
    assert rows[0]["doc_id"] == "weihai-motor-industry-reply-2024-05-31.txt"
    for r in rows:
        assert 1 <= len(r["passages"]) <= 3
        assert all(p["doc_id"] == r["doc_id"] for p in r["passages"])
        assert r["outline"] and r["agency"] and r["date"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    motor = rows[0]
    assert [s["title"] for s in motor["outline"]] == ["一、产业基本情况", "二、工作开展情况", "三、下步工作措施"]
