"""The broad corpus: a realistic mixed set of real government documents, assembled on the fly.

Read in place from the shared benchmarks folder (see `evals.benchmarks.benchmarks_dir`) and written
as JSONL files (the loader's format: text, id, title, date, agency, region, doc_type) into a folder
git does not track (`<store>/bench-corpus/`, the store under data/ or elsewhere), one file per source:

- gov_reports.jsonl: every national government work report (1954–2025) and NPC resolution on one;
- teddy2020.jsonl: every citizen message with the bureau's reply as ONE document, message first
  (`留言：…`), then the reply (`答复：…`), with its subject as title, the reply date as date, the
  message date in the text's header and the replying bureau as agency when the reply names one;
- lawrefbook.jsonl: Shanghai and Beijing local regulations plus the national laws (not the
  administrative regulations, judicial interpretations or other provinces), one version per title
  (the latest dated), so near-duplicate versions do not flood the ranking;
- ncpqa.jsonl: the 599 NCPQA government notices (February 2020);
- news.jsonl: every CRUD_NEWS_STRIDE-th crud_news press item (a fixed spread over the summer 2023);
- seeds.jsonl: the five seed documents of corpus/.

Deterministic: the same documents with the same ids on every run: 5,309 records (5,300 indexed, the
rest exact duplicates the indexer skips).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evals.sources import PROJECT_ROOT
from evals.sources import iso_date as _iso_date
from evals.sources import read_jsonl as _read_jsonl
from evals.sources import require as _require

__all__ = [
    "BROAD_SOURCES",
    "CRUD_NEWS_STRIDE",
    "LAW_CATEGORIES",
    "SEEDS_DIR",
    "broad_files",
    "crud_news_documents",
    "gov_report_documents",
    "lawrefbook_documents",
    "ncpqa_notice_documents",
    "seed_documents",
    "teddy_documents",
]

SEEDS_DIR = PROJECT_ROOT / "corpus"
CRUD_NEWS_STRIDE = 50  # 54,890 items -> 1,098
# lawrefbook categories taken whole: two cities' local regulations and the national laws by branch.
LAW_CATEGORIES = {
    "DLC/上海地方法规": ("上海市", "上海市人民代表大会常务委员会"),
    "DLC/北京地方法规": ("北京市", "北京市人民代表大会常务委员会"),
    "宪法": (None, None),
    "宪法相关法": (None, None),
    "民法典": (None, None),
    "民法商法": (None, None),
    "行政法": (None, None),
    "经济法": (None, None),
    "社会法": (None, None),
    "刑法": (None, None),
    "诉讼与非诉讼程序法": (None, None),
}
POLICY = "政策文件"

# The replying body a reply names: "…A3区洋湖街道高度重视…", "…A市住房和城乡建设局…".
_BUREAU = re.compile(
    r"((?:A\d*市|A\d+[区县])?[\u4e00-\u9fffA-Z0-9]{0,14}?"
    r"(?:局|委员会|委|办公室|街道办事处|街道|镇人民政府|乡人民政府|人民政府|镇|乡|管委会|管理处|分局|中心|支队|大队))"
    r"(?:高度重视|已收悉|收悉|现将|现回复|经调查|调查|回复如下|答复如下)"
)

_BODY_NAME = re.compile(r"(?:A\d*市|A\d+[区县]|[市区县])?[\u4e00-\u9fff0-9A-Z]{1,12}"
                        r"(?:局|街道办事处|街道|管委会|委员会|人民政府|支队|大队|中心)")
_NOT_A_NAME = re.compile(r"[我您的]|所属|通过|问题|情况|建议|想法|意见|来帖|发帖|投诉|留言")


def _stable_id(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


# --- gov_reports ----------------------------------------------------------------------------------
def gov_report_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Government work reports (title, year) and the NPC resolutions on them, as national policy texts."""
    for r in _read_jsonl(_require(root, "gov_reports", "docs.jsonl")):
        title, text = str(r.get("title") or "").strip(), str(r.get("content") or "")
        if not title or not text.strip():
            continue
        year = r.get("year")
        record: dict[str, Any] = {
            "id": f"gov-report-{year}" if year else _stable_id("gov-resolution", title),
            "title": title,
            "text": text,
            "agency": "国务院" if year else "全国人民代表大会",
            "doc_type": POLICY,
            "kind": "gov_report" if year else "npc_resolution",
        }
        if year:
            record["date"] = str(year)
        yield record


# --- teddy2020 ------------------------------------------------------------------------------------
def teddy_bureau(reply: str) -> str | None:
    """The replying body when the reply's opening names it ("A3区洋湖街道高度重视…"), else None.

    Most replies say only 我局 / 我镇; those, and anything that is not a clean body name, give None.
    """
    m = _BUREAU.search(reply[:300])
    if not m:
        return None
    name = re.sub(r"^(?:经|已转交|已转|已交办)", "", m.group(1))
    if _NOT_A_NAME.search(name) or not _BODY_NAME.fullmatch(name):
        return None
    return name


def teddy_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Each citizen message and its reply as one document: header, 留言：message, 答复：reply."""
    for r in _read_jsonl(_require(root, "teddy2020", "replies.jsonl")):
        msg_id, reply = str(r.get("msg_id") or ""), str(r.get("reply") or "").strip()
        message, subject = str(r.get("message") or "").strip(), str(r.get("subject") or "").strip()
        if not msg_id or not reply or not message:
            continue
        asked, answered = _iso_date(r.get("msg_time")), _iso_date(r.get("reply_time"))
        lines = [subject]
        if asked:
            lines.append(f"留言时间：{asked}")
        if answered:
            lines.append(f"答复时间：{answered}")
        lines += [f"留言：{message}", f"答复：{reply}"]
        record: dict[str, Any] = {"id": f"teddy-{msg_id}", "title": subject, "text": "\n".join(lines),
                                  "kind": "citizen_message"}
        if answered:
            record["date"] = answered
        if asked:
            record["message_date"] = asked
        bureau = teddy_bureau(reply)
        if bureau:
            record["agency"] = bureau
        yield record


# --- lawrefbook -----------------------------------------------------------------------------------
def lawrefbook_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Local regulations of Shanghai and Beijing and the national laws, the latest version of each title."""
    latest: dict[str, dict[str, Any]] = {}
    for r in _read_jsonl(_require(root, "lawrefbook", "docs.jsonl.gz")):
        category, title = str(r.get("category") or ""), str(r.get("title") or "").strip()
        if category not in LAW_CATEGORIES or not title or not str(r.get("text") or "").strip():
            continue
        kept = latest.get(title)  # one version per title, whichever branch of law files it
        # the latest dated version wins; undated counts as oldest; ties keep the first in file order
        if kept is None or str(r.get("date") or "") > str(kept.get("date") or ""):
            latest[title] = r
    for title in sorted(latest):
        r = latest[title]
        region, agency = LAW_CATEGORIES[str(r["category"])]
        record: dict[str, Any] = {"id": _stable_id("law", title), "title": title,
                                  "text": r["text"], "doc_type": POLICY,
                                  "kind": "local_regulation" if region else "national_law"}
        if r.get("date"):
            record["date"] = str(r["date"])
        if region:
            record["region"] = region
            record["agency"] = agency
        yield record


# --- ncpqa ----------------------------------------------------------------------------------------
def ncpqa_notice_documents(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """The NCPQA notices (February 2020), metadata left to the parser."""
    for r in _read_jsonl(_require(root, "ncpqa", "docs.jsonl")):
        if r.get("docid") and str(r.get("text") or "").strip():
            yield {"id": f"ncpqa-{r['docid']}", "text": r["text"], "kind": "notice"}


# --- crud_news ------------------------------------------------------------------------------------
def crud_news_documents(root: Path | None = None, stride: int = CRUD_NEWS_STRIDE) -> Iterator[dict[str, Any]]:
    """Every `stride`-th crud_news item (the first, the stride+1-th, …) in file order."""
    for i, r in enumerate(_read_jsonl(_require(root, "crud_news", "docs.jsonl.gz"))):
        if i % stride or not r.get("id") or not str(r.get("text") or "").strip():
            continue
        doc_id = str(r["id"])
        record: dict[str, Any] = {"id": doc_id if doc_id.startswith("crud-") else f"crud-{doc_id}",
                                  "text": r["text"], "kind": "news"}
        date = _iso_date(r.get("date"))
        if date:
            record["date"] = date
        yield record


# --- seeds ----------------------------------------------------------------------------------------
def seed_documents(root: Path | None = None, seeds: Path = SEEDS_DIR) -> Iterator[dict[str, Any]]:
    """The seed documents of corpus/, metadata left to the parser as when indexed from their files."""
    del root  # the seeds ship with the repository
    for path in sorted(seeds.glob("*.txt")):
        yield {"id": path.stem, "text": path.read_text(encoding="utf-8-sig"), "kind": "seed"}


BROAD_SOURCES = {
    "gov_reports.jsonl": gov_report_documents,
    "teddy2020.jsonl": teddy_documents,
    "lawrefbook.jsonl": lawrefbook_documents,
    "ncpqa.jsonl": ncpqa_notice_documents,
    "news.jsonl": crud_news_documents,
    "seeds.jsonl": seed_documents,
}


def broad_files(root: Path | None = None) -> dict[str, Iterator[dict[str, Any]]]:
    """The broad corpus as {file name: its records}, ready for `benchmarks.write_corpus`."""
    return {name: source(root) for name, source in BROAD_SOURCES.items()}
