"""UI fixtures: a deterministic fake Assistant, a seed-indexed writable Assistant, and a served app."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.precedents import group_precedents
from assistant.types import Answer, Citation, Filters, Passage

ROOT = Path(__file__).resolve().parents[2]
# Debian's chromium, kept off the network (Playwright's own browser download cannot work offline).
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

XSS_TEXT = (
    "关于跨站脚本测试的答复\n\n"
    "一、基本情况\n\n"
    "蓝鲸湾示范园区共有测试企业8家。<script>window.__xss=1</script>"
    "<img src=x onerror=\"window.__xss=2\">蓝鲸湾示范园区的联系方式见[click](javascript:window.__xss=3)。\n"
)


# --- a fake with the Assistant's methods ----------------------------------------------------------
@dataclass
class FakeIndexingError:
    source: str
    reason: str


@dataclass
class FakeReport:
    documents: int = 0
    chunks: int = 0
    skipped: int = 0
    removed: int = 0
    failed: list[FakeIndexingError] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "chunks": self.chunks, "skipped": self.skipped,
                "removed": self.removed, "failed": [{"source": e.source, "reason": e.reason} for e in self.failed],
                "duplicates": self.duplicates}


GLOSSARY = {"weihai": "威海", "motor": "电机产业", "measures": "工作措施", "promise": "下步"}


def _terms(text: str) -> set[str]:
    """Words and CJK bigrams (English words through a tiny glossary): enough overlap scoring for a fake."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]
    text += "".join(GLOSSARY.get(w, "") for w in words)
    out = set(words)
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out |= {run[i:i + 2] for i in range(len(run) - 1)}
    return out


class FakeAssistant:
    """In-memory documents, overlap search, first-sentence answers; `index` reads *.txt files."""

    def __init__(self, docs: dict[str, dict[str, Any]] | None = None) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, list[tuple[str, str]]] = {}
        self.mode = SimpleNamespace(dense=False, note="Lexical retrieval only (BM25): fake assistant.")
        for doc_id, d in (docs or {}).items():
            self.add(doc_id, d, d.pop("chunks"))

    def add(self, doc_id: str, meta: dict[str, Any], chunks: list[tuple[str, str]], root: str = "") -> None:
        self.docs[doc_id] = {"doc_id": doc_id, "title": doc_id, "doc_type": "其他", "agency": None, "region": None,
                             "city": None, "date": None, "proposal_no": None, "outline": [], **meta,
                             "n_chunks": len(chunks), "root": root}
        self.texts[doc_id] = chunks

    def precedents(self, text: str, k: int = 5) -> list[dict[str, Any]]:
        return group_precedents(self.search(text[:2000], None, k=50), self.document, k)

    def documents(self) -> list[dict[str, Any]]:
        return sorted(self.docs.values(), key=lambda d: (d.get("date") or "", d["title"]), reverse=True)

    def document(self, doc_id: str) -> dict[str, Any]:
        return self.docs[doc_id]

    def chunks(self, doc_id: str) -> list[Passage]:
        d = self.docs[doc_id]
        return [self._passage(d, i, h, t, 0.0, i + 1) for i, (h, t) in enumerate(self.texts[doc_id])]

    @staticmethod
    def _passage(d, i, heading, text, score, rank) -> Passage:
        return Passage(rank=rank, score=score, doc_id=d["doc_id"], chunk_id=f"{d['doc_id']}#{i}", title=d["title"],
                       heading=heading, text=text, date=d.get("date"), agency=d.get("agency"),
                       region=d.get("region"), city=d.get("city"), doc_type=d.get("doc_type"), ordinal=i)

    def _allowed(self, d: dict[str, Any], f: Filters | None) -> bool:
        if f is None:
            return True
        year = int(d["date"][:4]) if (d.get("date") or "")[:4].isdigit() else None
        return not (
            (f.region and f.region not in (d.get("region"), d.get("city")))
            or (f.agency and f.agency != d.get("agency"))
            or (f.doc_type and f.doc_type != d.get("doc_type"))
            or (f.year_from and (year is None or year < f.year_from))
            or (f.year_to and (year is None or year > f.year_to))
        )

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]:
        q = _terms(query)
        hits = []
        for doc_id, d in self.docs.items():
            if not self._allowed(d, filters):
                continue
            for i, (h, t) in enumerate(self.texts[doc_id]):
                score = len(q & _terms(h + t))
                if score:
                    hits.append((score, doc_id, i, h, t))
        hits.sort(key=lambda x: (-x[0], x[1], x[2]))
        return [self._passage(self.docs[doc_id], i, h, t, float(s), r)
                for r, (s, doc_id, i, h, t) in enumerate(hits[:k], 1)]

    def answer(self, question: str, filters: Filters | None = None, k: int = 5) -> Answer:
        passages = self.search(question, filters, k=max(k, 10))
        language = "en" if re.search(r"[A-Za-z]{3}", question) and not re.search(r"[\u4e00-\u9fff]", question) else "zh"
        if not passages or passages[0].score < 2:
            return Answer(question, "The documents do not say.", True, [], passages, 3.0, language)
        cites, parts = [], []
        for n, p in enumerate(passages[:2], 1):
            sentence = re.split(r"(?<=[。！？])", p.text)[0]
            cites.append(Citation(n, p, [sentence]))
            parts.append(f"{sentence}[{n}]")
        return Answer(question, "".join(parts), False, cites, passages, 3.0, language)

    def index(self, paths, rebuild: bool = False, on_progress=None, guard=None) -> FakeReport:
        report = FakeReport()
        for folder in paths:
            folder = Path(folder)
            root = str(folder.resolve())
            seen = set()
            for f in sorted(folder.glob("*.txt")):
                if on_progress:
                    on_progress(f.name)
                text = f.read_text(encoding="utf-8")
                if text.startswith("BAD"):
                    report.failed.append(FakeIndexingError(f.name, "cannot parse: not a document"))
                    continue
                seen.add(f.name)
                if self.docs.get(f.name, {}).get("text") == text:
                    report.skipped += 1
                    continue
                lines = [x for x in text.splitlines() if x.strip()]
                chunks = [("", x) for x in lines[1:]] or [("", lines[0])]
                self.add(f.name, {"title": lines[0], "source": f.name, "text": text}, chunks, root)
                report.documents += 1
                report.chunks += len(chunks)
            for doc_id in [d for d, r in self.docs.items() if r.get("root") == root and d not in seen]:
                del self.docs[doc_id]
                report.removed += 1
        return report

    def close(self) -> None:
        pass


FAKE_DOCS = {
    "weihai-motor.txt": {
        "title": "关于市政协十四届三次会议第5号提案的答复", "agency": "威海市工业和信息化局", "date": "2024-05-31",
        "region": "威海市", "city": "威海市", "doc_type": "提案答复", "proposal_no": "第5号",
        "outline": [{"title": "一、产业基本情况", "level": 1, "children": []},
                    {"title": "三、下步工作措施", "level": 1,
                     "children": [{"title": "（一）加强顶层规划", "level": 2, "children": []}]}],
        "chunks": [("一、产业基本情况", "电机产业目前拥有规上企业35家。威海电机产品覆盖1500多个品种。"),
                   ("三、下步工作措施 > （一）加强顶层规划", "加快发展稀土永磁等高端电机。加强创新引领，搭建行业研发平台。")],
    },
    "zhoucun-equipment.txt": {
        "title": "周村区智能装备产业链答复", "agency": "淄博市周村区工业和信息化局", "date": "2023-08-15",
        "region": "周村区", "city": "淄博市", "doc_type": "建议答复",
        "chunks": [("三、下一步打算", "周村区智能装备产业链下一步将培育龙头企业。完善产业链配套。")],
    },
}


@pytest.fixture
def fake_assistant() -> FakeAssistant:
    import copy

    return FakeAssistant(copy.deepcopy(FAKE_DOCS))


# --- serving ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(demo, access=None) -> tuple[str, Any]:
    """Launch `demo` in a thread on a free local port, with the app's own launch options (and, given an
    `Access`, its sign-in and the Host and sign-in guards)."""
    from assistant.ui.access import allowed_hosts
    from assistant.ui.app import launch_options

    port = free_port()
    demo.queue()
    guard = access.launch_kwargs(allowed_hosts("127.0.0.1")) if access is not None else {}
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, **guard,
                **launch_options())
    return f"http://127.0.0.1:{port}/", demo


@pytest.fixture(scope="module")
def seed_app(tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The app over a writable seed-indexed store (uploads and baseline go to its own temp folders)."""
    import shutil

    from assistant.api import build_assistant
    from assistant.config import Settings
    from assistant.ui.app import build_ui

    base = tmp_path_factory.mktemp("uiapp")
    settings = Settings(store=base / "store", corpus=ROOT / "corpus", feedback_file=base / "feedback.jsonl",
                        users_file=base / "users.json", audit_db=base / "audit.sqlite3")
    assistant = build_assistant(settings)
    report = assistant.index([ROOT / "corpus"])
    assert report.documents == 5 and not report.failed
    evals_dir = base / "evals"
    evals_dir.mkdir()
    shutil.copy(ROOT / "evals" / "seeds.jsonl", evals_dir / "seeds.jsonl")
    demo = build_ui(assistant, settings, evals_dir=evals_dir)
    url, demo = serve(demo)
    yield SimpleNamespace(url=url, demo=demo, assistant=assistant, settings=settings, base=base, evals_dir=evals_dir)
    demo.close()
    assistant.close()


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module of browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
