"""The one deterministic fake for tests above the store: a hashing embedder under the real Assistant.

`HashEmbedder` maps a text to a fixed-size vector of hashed words and CJK bigrams (md5, so the same
in every process), which gives the real hybrid retrieval a dense side without any model weights.
`fake_assistant` builds the real `Assistant` (real Qdrant Edge store in a temp folder, real indexing,
real extractive answers) over a few small documents written as files. The store goes to memory-backed
/dev/shm when there is one: the engine syncs every write to disk, which costs ten times the rest.
"""

from __future__ import annotations

import atexit
import hashlib
import math
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from assistant.api import Assistant
from assistant.config import Settings
from assistant.types import Answer, Citation, Passage, RetrievalMode
from index.store import open_store

__all__ = ["DOCS", "FakeStoreAssistant", "HashEmbedder", "fake_assistant", "write_docs"]

_TERMS = re.compile(r"[A-Za-z0-9]+|[\u4e00-\u9fff]+")


class HashEmbedder:
    """Deterministic bag-of-terms vectors (lower-cased words, CJK bigrams), hashed into `dim` buckets."""

    name = "hash-bigram"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for run in _TERMS.findall(text):
            terms = [run.lower()] if run.isascii() else [run[i:i + 2] for i in range(max(1, len(run) - 1))]
            for term in terms:
                v[int(hashlib.md5(term.encode("utf-8")).hexdigest(), 16) % self.dim] += 1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        return [self._vector(t) for t in texts]


# Two short replies in the layout of the seed corpus: header lines, salutation, numbered sections, date.
DOCS: dict[str, str] = {
    "weihai-motor.txt": (
        "关于市政协十四届三次会议第5号提案的答复\n"
        "主办单位: 威海市工业和信息化局\n"
        "答复时间: 2024-05-31\n\n"
        "王委员:\n\n"
        "您提出的《关于推动电机产业高质量发展的提案》收悉,现答复如下:\n\n"
        "一、产业基本情况\n\n"
        "威海市电机产业目前拥有规上企业35家。威海电机产品覆盖1500多个品种。\n\n"
        "二、下步工作措施\n\n"
        "(一)加强顶层规划。加快发展稀土永磁等高端电机,打造电机产业园。\n\n"
        "(二)加强创新引领。搭建行业研发平台,提升电机企业研发能力。\n\n"
        "威海市工业和信息化局\n2024年5月31日\n"
    ),
    "zhoucun-equipment.txt": (
        "区工业和信息化局对区政协十四届二次会议第142009号提案的答复(关于优化我区智能装备产业链的建议)\n"
        "主办单位: 淄博市周村区工业和信息化局\n"
        "答复时间: 2023-08-15\n\n"
        "九三学社周村区基层委员会:\n\n"
        "您提出的《关于优化我区智能装备产业链的建议》已收悉,现答复如下:\n\n"
        "一、工作进展情况\n\n"
        "周村区举办风机产业、电机产业供需对接活动,推动智能装备产业链上下游配套。\n\n"
        "二、下步打算\n\n"
        "一是着力抓好产业链项目,培育龙头企业。二是全力攻坚链式招商,完善产业链配套。\n"
    ),
}


def write_docs(folder: Path, docs: Mapping[str, str] = DOCS) -> Path:
    """Write `docs` (file name -> text) into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class FakeStoreAssistant(Assistant):
    """The real Assistant; closing it also removes its temporary store."""

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.settings.store.parent, ignore_errors=True)


def fake_assistant(base: Path, docs: Mapping[str, str] = DOCS) -> FakeStoreAssistant:
    """The real Assistant with `HashEmbedder` on a new store, `docs` indexed from `base/corpus`."""
    embedder = HashEmbedder()
    corpus = write_docs(base / "corpus", docs)
    shm = Path("/dev/shm")
    store_dir = Path(tempfile.mkdtemp(prefix="fake-store-", dir=shm if shm.is_dir() else base))
    atexit.register(shutil.rmtree, store_dir, ignore_errors=True)  # should a test end before closing it
    settings = Settings(store=store_dir / "store", corpus=corpus)
    store = open_store(settings.store, dense_dim=embedder.dim, create=True)
    assistant = FakeStoreAssistant(settings, store, embedder,
                                   RetrievalMode(True, f"Hybrid retrieval: BM25 + {embedder.name}."))
    report = assistant.index([corpus])
    if report.failed or report.documents != len(docs):
        raise AssertionError(f"the fake's documents did not index: {report.to_dict()}")
    return assistant


def voted_answer(question: str, abstained: bool = False) -> Answer:
    """An answer as the app shows it before a vote: one cited passage of a motor-industry reply, or an abstention."""
    p = Passage(1, 1.0, "weihai-motor.txt", "weihai-motor.txt#2", "答复", "一、情况",
                "电机产业目前拥有规上企业35家。产品覆盖1500多个品种。", "2024-05-31", "威海市工业和信息化局", "威海市")
    if abstained:
        return Answer(question, "The documents do not say.", True, [], [p], language="en")
    return Answer(question, "产品覆盖1500多个品种。[1]", False, [Citation(1, p, ["产品覆盖1500多个品种。"])], [p])
