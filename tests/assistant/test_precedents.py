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


# A reply in sections: the pasted message dwells on its second matter, which the reply's second section answers.
SECTIONED_REPLY = [
    {"id": "reply-sections", "title": "反映A3区幸福小区的几个问题", "date": "2019-08-02",
     "text": "留言：幸福小区垃圾清运不及时，小区旁工地夜间施工噪音很大，居民无法休息。\n"
             "答复：网友您好！您的留言已收悉。现将有关情况回复如下：\n"
             "一、关于垃圾清运问题\n街道已督促物业公司每日清运小区生活垃圾两次，并增设分类垃圾桶十个。\n"
             "二、关于夜间施工噪音问题\n区城管执法大队已对工地夜间施工噪音进行查处，责令施工单位晚上十点后停止施工，"
             "夜间施工噪音扰民问题已得到解决，今后将加强夜间巡查。\n"
             "A3区城市管理和综合执法局\n2019年8月2日\n"},
]
NOISE_MESSAGE = ("反映A3区幸福小区的几个问题\n幸福小区旁边的工地夜间施工噪音非常大，每天晚上十点以后还在施工，"
                 "噪音扰民，老人孩子都无法休息，夜间施工噪音问题反映多次仍没有解决，希望城管执法大队查处夜间施工，"
                 "让施工单位晚上停止施工。另外小区垃圾清运也不太及时，希望一并解决夜间噪音扰民的问题。")


def test_a_pasted_message_gets_the_earlier_reply_from_its_opening(tmp_path):
    from tests.assistant.synthetic_docs import doc, indexed_assistant

    a = indexed_assistant(tmp_path, SECTIONED_REPLY)
    try:
        asked = a.search("幸福小区夜间施工噪音问题是怎么处理的？", k=3)
        assert "夜间施工噪音进行查处" in asked[0].text  # a question: the section that answers it first
        pasted = a.search(NOISE_MESSAGE, k=5)
        reply = [p for p in pasted if doc(p) == "reply-sections" and p.part not in ("request", "proposal")]
        assert len(reply) >= 2
        # a drafter reads the precedent from the reply's start, in its own order
        assert pasted[0].chunk_id == reply[0].chunk_id
        assert [p.ordinal for p in reply] == sorted(p.ordinal for p in reply)
        assert "夜间施工噪音进行查处" not in pasted[0].text
    finally:
        a.close()
