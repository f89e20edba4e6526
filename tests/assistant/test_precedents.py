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


# A citizen's message pasted whole: its own subject is the title of the earlier reply to it, while another
# reply shares more of its many everyday words.
PRECEDENT_DOCS = [
    {"id": "reply-etc", "title": "反映L市高速办理ETC的问题", "date": "2019-12-20",
     "text": "答复：网友您好！关于高速收费站办理ETC的问题，省高速公路集团已要求各收费站规范推广工作，不得强制办理。"},
    {"id": "reply-games", "title": "希望C市教育局管管玩手游成瘾的孩子", "date": "2019-11-02",
     "text": "答复：网友您好！晚上孩子在家玩手机，家长知道了很愤怒，工作人员为了服务群众，"
             "我们将加强宣传，晚上八点后引导学生合理使用手机，家长和学校共同做好监督，不要让孩子忍不住玩到深夜。"},
]
MESSAGE = ("反映L市高速办理ETC的问题\n12月10日晚上8点左右，L市北站一片汽笛声，知道的人才发现原来是收费站的工作人员"
           "穿着马甲拦车，要装ETC才放行，司机们忍不住按喇叭，家长带着孩子在车上等了很久，大家都很愤怒。"
           "他们是为了服务群众，还是为了完成任务？这种人为添堵的做法希望有关部门管一管，晚上回家的人都很着急。")


def test_a_pasted_message_finds_the_reply_titled_with_its_subject(tmp_path):
    from tests.assistant.synthetic_docs import doc, indexed_assistant

    a = indexed_assistant(tmp_path, PRECEDENT_DOCS)
    try:
        assert doc(a.search(MESSAGE, k=1)[0]) == "reply-etc"
        assert a.precedents(MESSAGE, k=2)[0]["doc_id"].endswith("reply-etc")
    finally:
        a.close()
