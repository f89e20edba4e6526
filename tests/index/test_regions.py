"""The Shandong gazetteer: canonical names, parent cities, short forms, mentions in running text."""

from __future__ import annotations

import json

import pytest

from index.regions import _DATA_FILE, city_of, districts_of, mentioned_regions, normalise_region, province_of

SHANDONG_CITIES = ["济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市", "威海市",
                   "日照市", "临沂市", "德州市", "聊城市", "滨州市", "菏泽市"]


def test_all_sixteen_cities_are_known_and_are_their_own_city():
    for city in SHANDONG_CITIES:
        assert city_of(city) == city
        assert districts_of(city), city


def test_weihai_and_zibo_districts_are_complete():
    assert districts_of("威海市") == ["环翠区", "文登区", "荣成市", "乳山市"]
    assert districts_of("淄博市") == ["张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"]


@pytest.mark.parametrize(
    ("region", "city"),
    [("周村区", "淄博市"), ("张店区", "淄博市"), ("荣成市", "威海市"), ("威海市", "威海市"), ("周村", "淄博市"),
     ("崂山区", "青岛市"), ("莒县", "日照市"), ("山东省", None), ("北京市", "北京市"), ("纽约市", None), ("", None)],
)
def test_city_of(region, city):
    assert city_of(region) == city


@pytest.mark.parametrize(
    ("region", "province"),
    [("周村区", "山东省"), ("威海市", "山东省"), ("山东省", "山东省"), ("成都市", "四川省"), ("成都", "四川省"),
     ("雄安新区", "河北省"), ("乌鲁木齐市", "新疆维吾尔自治区"), ("上海市", "上海市"), ("纽约市", None), ("", None)],
)
def test_province_of(region, province):
    assert province_of(region) == province


def test_every_city_outside_shandong_has_a_province():
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    cities = [c for c in data["elsewhere"] if province_of(c) != c]  # provinces and municipalities are their own
    assert cities and all(province_of(c) in data["elsewhere"] for c in cities), cities


def test_a_district_name_two_cities_share_has_no_single_city():
    assert normalise_region("市中区") == "市中区"
    assert city_of("市中区") is None


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("威海", "威海市"), ("周村", "周村区"), ("淄博", "淄博市"), ("山东", "山东省"), ("荣成", "荣成市"),
     ("东营", "东营市"), ("淄博市周村区", "周村区"), ("威海市工业和信息化局", "威海市"), ("北京", "北京市"), ("纽约", None), ("", None)],
)
def test_normalise_region(name, canonical):
    assert normalise_region(name) == canonical


def test_districts_of_accepts_a_short_form_and_unknown_gives_empty():
    assert districts_of("威海") == districts_of("威海市")
    assert districts_of("火星市") == []


def test_mentioned_regions_in_order_of_first_mention_longest_match_first():
    text = "荣成市正在加快建设，支持文登区、荣成市发展，山东省淄博市周村区，“威海电机”品牌。"
    assert mentioned_regions(text) == ["荣成市", "文登区", "山东省", "淄博市", "周村区", "威海市"]


def test_mentioned_regions_skips_short_forms_inside_common_words():
    assert mentioned_regions("浦林成山光荣成为首家企业，登上泰山，华北平原，惠民政策，经济南部") == []


def test_mentioned_regions_in_seed_press_report(corpus_dir):
    text = (corpus_dir / "weihai-new-industrialisation-press-conference.txt").read_text(encoding="utf-8")
    assert mentioned_regions(text)[0] == "威海市"


def test_an_addressee_list_is_no_place_of_the_text():
    from index.regions import without_addressees

    text = "各省、自治区、直辖市及新疆生产建设兵团人力资源社会保障厅（局）：为减轻疫情对企业的影响，现通知如下。"
    assert mentioned_regions(text) == ["新疆维吾尔自治区"]
    assert mentioned_regions(without_addressees(text)) == []
    assert mentioned_regions(without_addressees("威海市各区市人民政府：威海市将加快电机产业发展。")) == ["威海市"]


def test_a_national_body_is_told_from_a_regional_branch():
    from index.regions import is_national

    assert is_national("人力资源社会保障部财政部税务总局")
    assert is_national("国家税务总局关于开展2020年“便民办税春风行动”的意见")
    assert not is_national("国家税务总局山东省税务局")  # it names its province
    assert not is_national("威海市工业和信息化局") and not is_national("")
