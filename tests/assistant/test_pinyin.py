"""Names an English question gives in pinyin (Heimifeng, Zhongmao City) are found as the corpus writes them."""

from __future__ import annotations

import pytest

from assistant.pinyin import PinyinIndex, char_frequencies, parse_readings
from tests.assistant.synthetic_docs import assistant_fixture, doc

LINES = [
    "黑 黑 [hei1] /black/", "嘿 嘿 [hei1] /hey/",
    "米 米 [mi3] /rice/", "麋 麋 [mi2] /moose/", "迷 迷 [mi2] /to bewilder/",
    "峰 峰 [feng1] /peak/", "风 风 [feng1] /wind/",
    "九 九 [jiu3] /nine/", "二 二 [er4] /two/", "而 而 [er2] /and/",
    "驴 驴 [lu:2] /donkey/",
]
FREQ = {"黑": 50, "嘿": 1, "米": 80, "麋": 1, "迷": 30, "峰": 10, "风": 90, "九": 40, "二": 60, "而": 300}


@pytest.fixture
def index() -> PinyinIndex:
    return PinyinIndex(parse_readings(LINES, lambda c: FREQ.get(c, 0)), FREQ)


def test_a_word_is_read_as_syllables_an_apostrophe_marks_a_break(index):
    assert index.split("Heimifeng") == [["hei", "mi", "feng"]]
    assert index.split("Jiu'er") == [["jiu", "er"]]
    assert index.split("Ranibizumab") == []  # no pinyin
    assert index.split("Mi") == []  # one syllable names too many things


def test_u_with_umlaut_is_read_as_v_and_as_u(index):
    assert index.chars["lv"] == ["驴"] and index.chars["lu"] == ["驴"]


def test_only_strings_whose_bigrams_occur_are_candidates_the_most_name_like_first(index):
    # the corpus holds 黑麋峰 (a place) and the common 黑米 (black rice) and 米风 (across two words)
    counts = {"黑麋": 3, "麋峰": 3, "黑米": 40, "米风": 2, "迷风": 1}
    found = index.candidates("Heimifeng", lambda chars: counts.get(chars, 0))
    assert found[0] == "黑麋峰"
    assert "黑米峰" not in found  # 米峰 occurs nowhere
    assert set(found) <= {"黑麋峰", "黑米风"}
    assert index.candidates("Heimifeng", lambda chars: 0) == []


def test_character_frequency_counts_every_word_that_holds_the_character():
    assert char_frequencies({"威海": 10, "权威": 5, "海": 2}) == {"威": 15, "海": 12, "权": 5}


DOCS = [
    {"id": "msg-zhongmao", "title": "咨询中茂城项目进度", "date": "2019-03-02",
     "text": "留言：中茂城项目是停工了吗？\n答复：网友您好！中茂城项目由于开发商融资不到位，导致建设资金断裂，项目停工。"
             "目前县政府正在协调引进新的投资方。"},
    # the same story of another project: only the name tells them apart
    {"id": "msg-meilu", "title": "咨询美麓阳光项目进度", "date": "2019-05-10",
     "text": "留言：美麓阳光项目是停工了吗？\n答复：网友您好！美麓阳光项目由于开发商融资不到位，导致建设资金断裂，项目停工。"
             "目前县政府正在协调引进新的投资方。"},
    {"id": "msg-landfill", "title": "关于桥驿镇垃圾填埋场臭味的反映", "date": "2017-05-27",
     "text": "留言：桥驿镇黑麋峰垃圾填埋场臭味很大。\n答复：网友您好！黑麋峰垃圾填埋场已督促做好现场除臭工作，及时覆膜、喷洒药剂。"},
    {"id": "msg-rice", "title": "关于黑米种植补贴的咨询", "date": "2018-04-02",
     "text": "留言：种植黑米有没有补贴？垃圾处理费怎么收？\n答复：网友您好！黑米种植按照农业补贴政策执行，请联系镇农业站。"},
    # in a real corpus 项目, 建设, 施工 are everywhere and a name is rare: a few replies on other works say so
    # a swimmer whose given name is also a city's name (海阳市, Haiyang)
    {"id": "news-swim", "title": "覃海洋打破世界纪录", "date": "2023-07-28",
     "text": "福冈游泳世锦赛男子200米蛙泳决赛中，覃海洋以2分05秒48夺冠并打破世界纪录。"},
    {"id": "news-haiyang", "title": "海阳市举办游泳比赛", "date": "2023-07-01",
     "text": "海阳市举办全市游泳比赛，海阳市各界群众参加。"},
    *({"id": f"msg-works-{i}", "title": f"关于{place}建设项目的咨询", "date": "2019-06-01",
       "text": f"留言：{place}建设项目施工什么时候完成？\n答复：网友您好！{place}项目建设施工按计划推进，预计年底完工。"}
      for i, place in enumerate(("东湖公园", "南站广场", "西河大桥", "北山隧道", "文化中心"))),
]


named = assistant_fixture(DOCS, "pinyin")


def test_a_project_named_in_pinyin_finds_its_own_message(named):
    qa = named.retriever.analyse("Why was construction of the Zhongmao City project halted?")
    assert qa.names == ["中茂"]
    hits = named.search("Why was construction of the Zhongmao City project halted?", k=2)
    assert doc(hits[0]) == "msg-zhongmao"
    a = named.answer("Why was construction of the Zhongmao City project halted?")
    assert not a.abstained and "资金断裂" in a.answer and doc(a.citations[0].passage) == "msg-zhongmao"


def test_a_place_in_pinyin_is_read_with_the_characters_found_beside_the_question_words(named):
    qa = named.retriever.analyse("What has been done about the odour from the Heimifeng landfill in Qiaoyi town?")
    assert qa.names[0] == "黑麋峰" and "桥驿" in qa.names  # not 黑米 of the rice subsidy
    assert doc(named.search("What has been done about the odour from the Heimifeng landfill?", k=1)[0]) == "msg-landfill"


def test_words_the_dictionary_knows_are_not_read_as_pinyin(named):
    assert named.retriever.analyse("What subsidies are there for planting black rice?").names == []


def test_a_reading_counts_where_it_is_written_as_a_word_not_across_two():
    from assistant.retrieval import _written

    assert _written("中茂", "中茂城项目自2018年起停工")
    assert not _written("种矛", "要及时化解各种矛盾纠纷")  # the end of 各种 and the start of 矛盾
    assert _written("种矛", "各种矛盾之外，种矛是另一回事")  # a later occurrence stands alone


def test_a_surname_and_given_name_are_read_as_one_name_not_the_place_of_the_given_name(named):
    qa = named.retriever.analyse("What time did Qin Haiyang record in the 200m breaststroke final?")
    assert "覃海洋" in qa.names and qa.regions == []  # not 海阳市, Haiyang alone
    a = named.answer("What time did Qin Haiyang record in the 200m breaststroke final?")
    assert not a.abstained and "2分05秒48" in a.answer
    # alone, or after a place, the word still names the city
    assert named.retriever.analyse("What did the Haiyang swimming contest include?").regions == ["海阳市"]
