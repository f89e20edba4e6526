"""Eval fixtures: a scripted eval target whose metrics are worked out by hand (the runner's seam: search
and answer), and the real Assistant over a hashing embedder (tests/fakes.py) for the eval command."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.types import Answer, Citation, Filters, Passage
from evals.dataset import EvalItem
from tests.fakes import DOCS, fake_assistant


def passage(text: str, rank: int = 1, *, chunk_id: str | None = None, title: str = "", heading: str = "") -> Passage:
    return Passage(
        rank=rank, score=1.0 / rank, doc_id="doc", chunk_id=chunk_id or f"doc::{rank:04d}", title=title,
        heading=heading, text=text, date=None, agency=None, region=None,
    )


@dataclass
class Scripted:
    """What the fake returns for one question: search texts (ranked), the answer and which ranks it cites."""

    search: list[str]
    answer: str = ""
    abstained: bool = False
    cites: list[int] = field(default_factory=list)  # 1-based positions in `search`
    latency_ms: float = 0.0


class ScriptedTarget:
    """An `evals.runner.EvalTarget` that answers from a script keyed by question, so that every rank and
    metric is known by construction; unknown questions retrieve nothing and abstain."""

    def __init__(self, script: dict[str, Scripted]) -> None:
        self.script = script
        self.calls: list[tuple[str, str, Filters | None, int]] = []

    def _passages(self, question: str) -> list[Passage]:
        s = self.script.get(question)
        texts = s.search if s else []
        return [passage(t, i, title=f"标题{i}", heading=f"一、第{i}节") for i, t in enumerate(texts, start=1)]

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]:
        self.calls.append(("search", query, filters, k))
        return self._passages(query)[:k]

    def answer(self, question: str, filters: Filters | None = None, k: int = 5) -> Answer:
        self.calls.append(("answer", question, filters, k))
        s = self.script.get(question) or Scripted(search=[], answer="现有文件中没有找到。", abstained=True)
        passages = self._passages(question)
        cites = [Citation(n, passages[i - 1]) for n, i in enumerate(s.cites, start=1)]
        return Answer(question=question, answer=s.answer, abstained=s.abstained, citations=cites,
                      passages=passages[:k], latency_ms=s.latency_ms)


class RealFactory:
    """The eval command's assistant factory in tests: the real Assistant over the hashing embedder and
    `docs` (tests/fakes.py), one per call; remembers the stores asked for and whether each was closed."""

    def __init__(self, base: Path, docs: dict[str, str] | None = None) -> None:
        self.base = base
        self.docs = DOCS if docs is None else docs
        self.stores: list[Path | None] = []
        self.built: list[Assistant] = []
        self.closed: list[bool] = []

    def __call__(self, store: Path | None, answerer: str | None = None) -> Assistant:
        self.stores.append(store)
        assistant = fake_assistant(self.base / f"assistant-{len(self.built)}", self.docs)
        slot = len(self.closed)
        self.closed.append(False)
        close = assistant.close

        def closing() -> None:
            self.closed[slot] = True
            close()

        assistant.close = closing  # type: ignore[method-assign]
        self.built.append(assistant)
        return assistant


NOISE = "威海市召开新闻发布会，介绍全市新型工业化推进情况。"

# Five questions whose metrics are computed by hand in test_metrics.py.
ITEMS = [
    EvalItem("q1", "威海电机产业有多少家规上企业？", evidence=("电机产业目前拥有规上企业35家",),
             answer_contains=("35家",), tags=("facts", "zh")),
    EvalItem("q2", "一季度营收和利润？", evidence=("实现营业收入7.6亿元", "利润总额3600万元"),
             answer_contains=("7.6亿元", "3600万元"), tags=("figures", "zh")),
    EvalItem("q3", "电机产业获得了哪些国家级荣誉？", evidence=("国家级专精特新", ),
             answer_contains=("4家",), tags=("facts",)),
    EvalItem("q4", "威海市2030年的GDP是多少？", answerable=False, tags=("unanswerable", "zh")),
    EvalItem("q5", "淄博市的地铁规划是什么？", answerable=False, tags=("unanswerable",)),
]

SCRIPT = {
    # first relevant at rank 2 (full-width digits and a line break in the passage); answer and citation good
    "威海电机产业有多少家规上企业？": Scripted(
        search=[NOISE, "电机产业目前拥有规上企业\n３５家，产值百亿。", NOISE],
        answer="威海电机产业目前拥有规上企业35家[1]。", cites=[2], latency_ms=10.0),
    # snippet 1 at rank 1, snippet 2 only at rank 7; one of two facts; one of two citations has evidence
    "一季度营收和利润？": Scripted(
        search=["2024年一季度实现营业收入7.6亿元。", NOISE, NOISE, NOISE, NOISE, NOISE, "利润总额3600万元。"],
        answer="一季度实现营业收入7.6亿元[1]，发展势头良好[2]。", cites=[1, 2], latency_ms=20.0),
    # nothing relevant in the top 10; abstains although answerable
    "电机产业获得了哪些国家级荣誉？": Scripted(
        search=[NOISE] * 10, answer="现有文件中没有找到能回答这个问题的内容。", abstained=True, latency_ms=30.0),
    # unanswerable, abstains: correct
    "威海市2030年的GDP是多少？": Scripted(
        search=[NOISE], answer="现有文件中没有找到能回答这个问题的内容。", abstained=True, latency_ms=40.0),
    # unanswerable, answers anyway: wrong
    "淄博市的地铁规划是什么？": Scripted(
        search=[NOISE], answer="淄博市正在推进新型工业化[1]。", cites=[1], latency_ms=50.0),
}


@pytest.fixture
def fake() -> ScriptedTarget:
    return ScriptedTarget(SCRIPT)


@pytest.fixture
def items() -> list[EvalItem]:
    return list(ITEMS)


# Questions on the documents of tests/fakes.py, asked of the real Assistant: m3 expects a figure the
# documents do not hold (1600), so it fails; the others pass.
DOC_ITEMS = [
    EvalItem("m1", "威海市电机产业有多少家规上企业？", evidence=("电机产业目前拥有规上企业35家",),
             answer_contains=("35家",), tags=("facts",)),
    EvalItem("m2", "周村区智能装备产业链下一步有什么打算？", evidence=("着力抓好产业链项目", "全力攻坚链式招商"),
             tags=("commitments",)),
    EvalItem("m3", "威海电机产品覆盖多少个品种？", evidence=("1500多个品种",), answer_contains=("1600多个",),
             tags=("facts",)),
    EvalItem("m4", "熊猫基地在哪里？", answerable=False, tags=("unanswerable",)),
]


@pytest.fixture
def doc_set(tmp_path) -> Path:
    """DOC_ITEMS as an eval-set file."""
    path = tmp_path / "doc-set.jsonl"
    path.write_text("".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in DOC_ITEMS), encoding="utf-8")
    return path


@pytest.fixture
def factory(tmp_path) -> RealFactory:
    return RealFactory(tmp_path / "assistants")


@pytest.fixture
def dataset_file(tmp_path) -> Path:
    """ITEMS as an eval-set file in the contract's format."""
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8")
    return path


BOILERPLATE = "现将网友在平台栏目留言反映的问题调查核实情况答复如下您好首先感谢您对我们工作的信任和支持"
LONG_ANSWER = "如年内继续在京举办且参展中小微企业数量超过参展企业总数50%的，按照不超过实际缴纳场租费用50%的标准给予支持"


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def bench(tmp_path, monkeypatch) -> Path:
    """A miniature copy of the shared benchmarks folder, with ASSISTANT_BENCHMARKS pointing at it."""
    root = tmp_path / "benchmarks"
    _jsonl(root / "ncpqa" / "docs.jsonl", [
        {"docid": "d1", "text": "工业和信息化部组织开展督导检查 赴北京北铃专用汽车有限公司检查。"},
        {"docid": "d2", "text": f"北京市支持展会项目。{LONG_ANSWER}，补助金额不超过50万元。"},
    ])
    _jsonl(root / "ncpqa" / "qa.jsonl", [
        {"qid": "a1", "question": "工业和信息化部到哪家企业进行督导检查？", "answer": "北京北铃专用汽车有限公司",
         "gold_docid": "d1"},
        {"qid": "a2", "question": "北京市对暂停举办的展会有何支持政策？", "answer": LONG_ANSWER, "gold_docid": "d2"},
        {"qid": "a3", "question": "没有答案的行", "answer": " ", "gold_docid": "d2"},
    ])
    _jsonl(root / "teddy2020" / "replies.jsonl", [
        {"msg_id": "11", "subject": "A2区物业管理有问题", "message": "小区物业乱收停车费。",
         "reply": f"{BOILERPLATE}。经调查，景蓉华苑业委会已暂停停车收费方案并重新征求业主意见。谢谢！",
         "reply_time": "2019/5/10 14:56:53"},
        {"msg_id": "12", "subject": "A7县道路破损", "message": "县道多处坑洼。",
         "reply": f"{BOILERPLATE}。县交通运输局已安排养护中心于六月底前完成路面修补工作。",
         "reply_time": "2019/6/3 9:01:00"},
    ])
    _jsonl(root / "crud_news" / "docs.jsonl.gz", [
        {"id": "crud-aa", "text": "新闻一", "date": "2023-07-28 16:40"},
        {"id": "bb", "text": "新闻二", "date": "2023-08-11 15:10"},
        {"id": "crud-cc", "text": "新闻三", "date": "2023-08-17 17:40"},
    ])
    monkeypatch.setenv("ASSISTANT_BENCHMARKS", str(root))
    return root
