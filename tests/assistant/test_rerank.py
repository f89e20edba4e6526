"""The rerank features and the fitted model's file."""

import json

from assistant.glossary import load_glossary
from assistant.query import analyse
from assistant.rerank import LEARNED, MODEL_FILE, features, learned_features, load_model, title_similarity
from index.tokenize import get_tokenizer


def qa(question):
    return analyse(question, get_tokenizer(), load_glossary())


def test_year_in_the_title_beats_a_date_of_that_year_and_a_wrong_title_year_is_penalised():
    q = qa("2019年政府工作报告提出的就业目标是多少？")
    assert features(q, {"title": "2019年政府工作报告", "date": "2019-03-05"})["year"] == 1.0
    assert features(q, {"title": "2020年政府工作报告", "date": "2020-05-22"})["year"] == -1.0
    assert features(q, {"title": "关于就业的通知", "date": "2019-06-01"})["year"] == 0.5
    assert features(qa("就业目标是多少？"), {"title": "2020年政府工作报告"})["year"] == 0.0


def test_article_number_matches_the_heading_not_a_mention_inside_the_text():
    q = qa("《上海市养老服务条例》第十六条规定了什么？")
    under = {"heading_path": ["第二章 设施规划", "第十六条"], "text": "第十六条 市民政部门……", "title": "上海市养老服务条例"}
    other = {"heading_path": ["第二章 设施规划", "第十八条"], "text": "第十八条 违反本条例第十六条规定的……"}
    assert features(q, under)["article"] == 1.0 and features(q, under)["title"] == 1.0
    assert features(q, other)["article"] == -0.5


def test_title_similarity_is_the_share_of_the_quoted_titles_bigrams():
    assert title_similarity("上海市养老服务条例", "上海市养老服务条例") == 1.0
    assert title_similarity("上海市养老服务条例", "北京市居家养老服务条例") < 0.7


def test_a_response_question_penalises_the_request_part_only():
    q = qa("区城管局将如何处理噪音问题？")
    assert q.wants_response
    assert features(q, {"part": "request"})["part"] == -1.0
    assert features(q, {"part": "body"})["part"] == 0.0


def test_learned_features_describe_each_candidate_and_its_document():
    q = qa("威海市支持外贸企业的政策有多少条？")
    payloads = [{"doc_id": "a", "title": "威海市支持外贸企业稳定发展的十二条政策意见", "text": "支持外贸企业。"},
                {"doc_id": "a", "title": "威海市支持外贸企业稳定发展的十二条政策意见", "text": "其他。"},
                {"doc_id": "b", "title": "新闻", "text": "无关的内容，很长很长。"}]
    f = learned_features(q, payloads, [10.0, 5.0, 8.0])
    assert [round(x["engine"], 2) for x in f] == [1.0, 0.5, 0.8]
    assert f[0]["doc_best"] == f[1]["doc_best"] == 1.0 and f[2]["doc_share"] == 0.2
    assert f[0]["region_named"] == 1.0 and f[2]["region_named"] == -1.0
    assert f[0]["cover_title"] > f[2]["cover_title"]
    assert set(f[0]) == set(LEARNED)


def test_the_shipped_model_names_known_features_and_how_it_was_made(tmp_path):
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) <= set(LEARNED) and data["command"].startswith("python -m assistant.rerank_train")
    m = load_model()
    assert m.weights["engine"] == 1.0
    # the blend scales every fitted weight but the engine's
    raw = data["weights"]
    k = next(x for x in raw if x != "engine")
    assert abs(m.weights[k] - data["blend"] * raw[k] / raw["engine"]) < 1e-9
    # without a file the rerank is the engine score alone
    assert load_model(tmp_path / "missing.json").weights == {"engine": 1.0}
