"""Small synthetic documents, one per failure shape of a realistic corpus (written for the tests)."""

import json
from pathlib import Path

REPORT = (
    "{year}年政府工作报告\n"
    "一、{prev}年工作回顾\n"
    "过去一年，国内生产总值增长{gdp}%，城镇新增就业{jobs}万人，居民消费价格上涨{cpi}%。\n"
    "二、{year}年经济社会发展总体要求和主要预期目标\n"
    "今年发展主要预期目标是：国内生产总值增长{target}左右；城镇新增就业{jobs_target}万人以上；城镇调查失业率5.5%左右。\n"
    "三、{year}年政府工作任务\n"
    "（一）实施乡村振兴战略。加强农田水利建设，稳定粮食产量。\n"
    "（二）推进养老服务体系建设。发展社区养老服务，新增养老床位{beds}万张。\n"
    "展望{next}年，我们将继续实施就业优先政策，稳定城镇就业。\n"
    "{extra}"
)
# Some years say more about elderly-care beds than others: their words must not outrank the year asked for.
EXTRA = "养老床位建设稳步推进，政府工作报告提出的养老床位目标全面完成，新增养老床位成效明显。\n"
YEARS = {2015: ("7", 1322, "1.4", 1000, 10), 2016: ("6.9", 1312, "2", 1000, 12), 2017: ("6.7", 1314, "2", 1100, 15),
         2018: ("6.9", 1351, "1.6", 1100, 18), 2019: ("6.6", 1361, "2.1", 1100, 20), 2020: ("6.1", 1352, "2.9", 900, 25)}

DOCS = [
    *({"id": f"report-{y}", "title": f"{y}年政府工作报告", "date": f"{y}-03-05", "doc_type": "政策文件",
       "text": REPORT.format(year=y, prev=y - 1, next=y + 1, gdp=g, jobs=j, cpi=c, target="6%左右", jobs_target=t,
                             beds=b, extra=EXTRA if y in (2015, 2018, 2020) else "")}
      for y, (g, j, c, t, b) in YEARS.items()),
    {"id": "reg-sh", "title": "上海市养老服务条例", "date": "2021-03-01",
     "text": "上海市养老服务条例\n第一章 总则\n第一条 为了规范养老服务，制定本条例。\n"
             "第二章 设施规划\n第十五条 区人民政府应当按照每千名老年人不少于四十张的标准配置养老床位。\n"
             "第十六条 市民政部门会同市规划资源部门编制养老服务设施布局专项规划，报市人民政府批准。\n"
             "第十七条 新建住宅小区应当按照规划配套建设社区养老服务设施。\n"},
    *({"id": f"reg-{city}", "title": f"{name}养老服务设施规划条例", "date": "2018-01-01",
       "text": f"{name}养老服务设施规划条例\n第一章 总则\n第十五条 养老服务设施规划应当与国土空间规划相衔接。\n"
               f"第十六条 {name}养老服务设施布局专项规划由{name}人民政府组织编制，养老服务设施布局规划每五年评估一次。\n"
               "第十七条 养老服务设施布局专项规划应当向社会公布。\n"}
      for city, name in (("gz", "广州市"), ("sz", "深圳市"), ("hz", "杭州市"))),
    {"id": "reg-bj", "title": "北京市居家养老服务条例", "date": "2015-05-01",
     "text": "北京市居家养老服务条例\n第一章 总则\n第十五条 居家养老服务应当以社区为依托。\n"
             "第十六条 区人民政府负责统筹社区养老服务设施的规划和建设，街道办事处组织实施。\n"
             "第十七条 鼓励社会力量参与居家养老服务。\n"},
    {"id": "msg-noise", "title": "关于某工地夜间施工噪音扰民的问题", "date": "2019-01-09",
     "text": "留言时间：2019-01-02\n答复时间：2019-01-09\n"
             "留言：我们小区旁边的工地每天晚上施工到凌晨，噪音很大，严重影响居民休息，希望有关部门尽快处理工地夜间施工噪音问题。\n"
             "答复：网友您好！您反映的工地夜间施工噪音问题已收悉。经调查，该工地未办理夜间施工许可。"
             "区城市管理局将于2019年1月15日前约谈施工单位，责令其每晚22时后停止施工，并加强夜间巡查。感谢您的监督。"},
    {"id": "charging", "title": "市发展改革委关于充电基础设施建设情况的答复", "date": "2024-04-10", "agency": "市发展改革委",
     "text": "关于充电基础设施建设情况的答复\n张明委员：\n您提出的《关于加快新能源汽车充电桩建设的建议》收悉，现答复如下：\n"
             "一、工作开展情况\n截至2023年6月，全市已建成公共充电桩1200个。截至2024年3月，全市已建成公共充电桩2100个，覆盖所有街道。\n"
             "二、下一步工作打算\n（一）完善规划布局。编制全市充电基础设施专项规划，明确建设目标。\n"
             "（二）加快设施建设。由市交通运输局牵头，2024年底前在公交场站新建充电桩300个。\n"
             "（三）强化运营管理。建立充电设施运营监测平台，提升服务质量。\n"
             "市发展改革委\n2024年4月10日\n"},
    {"id": "proposal-ma", "title": "关于第5号提案的答复", "date": "2024-05-31", "agency": "威海市工业和信息化局",
     "proposer": "马跃华", "proposal_no": "5",
     "text": "关于第5号提案的答复\n马跃华委员：\n您提出的《关于加快培育新能源汽车零部件产业集群的建议》收悉，现答复如下：\n"
             "一、基本情况\n全市新能源汽车零部件企业达到35家。\n二、下一步工作措施\n（一）加强招商引资。引进一批零部件龙头企业。\n"
             "（二）强化要素保障。设立产业发展基金。\n威海市工业和信息化局\n2024年5月31日\n"},
]


def indexed_assistant(root: Path, docs: list[dict]):
    """The real Assistant over `docs` written as one JSONL corpus under `root` and indexed into a store there."""
    from assistant.api import build_assistant
    from assistant.config import Settings

    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "docs.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    a = build_assistant(Settings(store=root / "store", corpus=corpus))
    report = a.index([corpus])
    assert report.documents == len(docs) and not report.failed
    return a


def assistant_fixture(docs: list[dict], name: str):
    """A module-scoped pytest fixture: the real Assistant over `docs`, indexed once for the module."""
    import pytest

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory):
        a = indexed_assistant(tmp_path_factory.mktemp(name), docs)
        yield a
        a.close()

    return fixture


def doc(p) -> str:
    """A passage's document by its record id (docs.jsonl#reg-sh -> reg-sh)."""
    return p.doc_id.split("#")[-1]
