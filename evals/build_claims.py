"""Build evals/claims.jsonl: labelled (sentence, passage, supported) pairs from the seed documents in corpus/.

    python -m evals.build_claims [--out evals/claims.jsonl]

Each base sentence is a sentence of a seed document that states a figure, a place or an organisation;
its passage is that sentence with its neighbours (short: at most 3 sentences). Variants, labelled by
construction: faithful restatements (verbatim, clauses reordered, a clause left out, figures written
with thousands separators, a leading connective dropped) and unsupported ones (figure changed, place
swapped, year swapped, negated, direction reversed, the passage of another document). Base sentences
alternate between a `tune` and a `test` split, so thresholds are set on one half and reported on the other.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from index.regions import mentioned_regions
from index.sentences import split_sentences

__all__ = ["build_pairs"]

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["威海市", "淄博市", "张店区", "周村区", "荣成市", "文登区", "济南市", "青岛市", "烟台市"]
NEGATABLE = ["实现", "建成", "获得", "拥有", "完成", "形成", "入选", "达到", "签约", "开展", "举办", "推动", "培育"]
DIRECTION = {"增长": "下降", "提高": "降低", "增加": "减少", "上升": "下降"}


def _docs() -> dict[str, list[str]]:
    out = {}
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out[f.stem] = [s for s in split_sentences(text) if len(s) >= 12]
        _HEADS[f.stem] = text[:200]
    return out


_HEADS: dict[str, str] = {}  # the opening of each document: its agency and place


def _place_of(doc: str) -> str | None:
    found = mentioned_regions(_HEADS.get(doc, ""))
    return found[0] if found else None


def _changed_figure(s: str, passage: str) -> str | None:
    for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(?=[家个座项亿万元%吨台件名])", s):
        num = m.group(1)
        new = str(int(float(num)) + 3) if "." not in num else f"{float(num) + 1.3:.1f}"
        if new not in passage:
            return s[: m.start()] + new + s[m.end():]
    return None


def _swapped_place(s: str, passage: str, home: str | None = None) -> str | None:
    for region in mentioned_regions(s):
        short = region[:-1]
        for other in PLACES:
            # never the document's own place: saying 威海市 for one of its county-level cities is not wrong
            if other not in (region, home) and other[:-1] not in passage and other[:-1] not in region:
                if region in s:
                    return s.replace(region, other, 1)
                if short in s:
                    return s.replace(short, other[:-1], 1)
    return None


def _swapped_year(s: str, passage: str) -> str | None:
    m = re.search(r"(20\d{2})年", s)
    if not m:
        return None
    for delta in (1, -1, 2):
        other = str(int(m.group(1)) + delta)
        if other not in passage:
            return s[: m.start(1)] + other + s[m.end(1):]
    return None


# Claims a model may add that no passage makes: no figure, no place, only new wording.
INVENTED = ["并计划引进氢能重卡整车项目", "同时建设海洋牧场示范区", "并设立文化旅游专项基金", "还推动跨境电商物流园建设",
            "并开展乡村振兴网格化试点", "同时设立医疗康养产业联盟"]


def _clause_added(s: str, passage: str, i: int) -> str | None:
    clause = INVENTED[i % len(INVENTED)]
    if not s.endswith("。") or any(clause[k: k + 2] in passage for k in range(2, len(clause) - 1)):
        return None
    return s[:-1] + "，" + clause + "。"


def _negated(s: str) -> str | None:
    for verb in NEGATABLE:
        i = s.find(verb)
        if i > 0 and s[i - 1] not in "未不没":
            return s[:i] + "未" + s[i:]
    return None


def _reversed_direction(s: str) -> str | None:
    for word, opposite in DIRECTION.items():
        if word in s:
            return s.replace(word, opposite, 1)
    return None


def _reordered(s: str) -> str | None:
    body, end = (s[:-1], s[-1]) if s[-1] in "。；" else (s, "")
    clauses = body.split("，")
    if len(clauses) < 3:
        return None
    return "，".join([clauses[0], clauses[2], clauses[1], *clauses[3:]]) + end


def _abbreviated(s: str) -> str | None:
    body, end = (s[:-1], s[-1]) if s[-1] in "。；" else (s, "")
    clauses = body.split("，")
    if len(clauses) < 3:
        return None
    return "，".join(clauses[:-1]) + end


def _thousands(s: str) -> str | None:
    m = re.search(r"(?<![\d.,])(\d{4,})(?![\d.])(?!年)", s)
    if not m:
        return None
    return s[: m.start()] + f"{int(m.group(1)):,}" + s[m.end():]


def _dropped_connective(s: str) -> str | None:
    m = re.match(r"^(?:目前|截至目前|近年来|同时|此外|下一步|其中|另外)[，,]", s)
    return s[m.end():] if m else None


def _figure_clause(s: str) -> str | None:
    clauses = [c for c in re.split(r"[，,；;。]", s) if c]
    with_figure = [c for c in clauses if re.search(r"\d", c)]
    if len(clauses) < 2 or not with_figure or len(with_figure[0]) < 6:
        return None
    return with_figure[0] + "。"


def _with_subject(s: str, place: str | None) -> str | None:
    if not place or place[:-1] in s or not s.endswith("。"):  # complete sentences only
        return None
    body = _dropped_connective(s) or s
    return place[:-1] + body


# Hand-written restatements in the way a model writes them (reworded, merged, with the document's place),
# and subtle errors: (sentence, a snippet of the seed sentence it restates, supported, kind).
HAND = [
    ("威海电机产业的规上企业有35家。", "电机产业目前拥有规上企业35家", True, "hand-faithful"),
    ("威海市电机产业现有规上企业35家，2024年一季度营业收入7.6亿元。", "电机产业目前拥有规上企业35家", True,
     "hand-faithful"),
    ("2024年一季度，威海电机产业利润总额3600万元，同比增长17.6%。", "电机产业目前拥有规上企业35家", True,
     "hand-faithful"),
    ("威海全市已建成5G基站7,243座。", "全市建成 5G 基站 7243 座", True, "hand-faithful"),
    ("依托智能化改造，华力电机生产效率提高了57%，运营成本降低了26%。", "华力电机生产效率提高57%", True,
     "hand-faithful"),
    ("张店区2024年共有规上工业企业70家，其中制造业企业60家。", "2024年全区共有规上工业企业70家", True,
     "hand-faithful"),
    ("1-5月份，张店区规上工业总产值为48.8亿元，同比增长5.7%。", "1-5月份完成规上工业总产值48.8亿元", True,
     "hand-faithful"),
    ("威海电机行业有国家级专精特新“小巨人”企业4家。", "国家级专精特新“小巨人”企业4家", True, "hand-faithful"),
    ("威海电机产业的规上企业有53家。", "电机产业目前拥有规上企业35家", False, "hand-figure"),
    ("威海电机产业2024年一季度营业收入7.6亿元，同比下降8.3%。", "电机产业目前拥有规上企业35家", False,
     "hand-direction"),
    ("威海全市已建成5G基站7,423座。", "全市建成 5G 基站 7243 座", False, "hand-figure"),
    ("华力电机生产效率提高了26%，运营成本降低了57%。", "华力电机生产效率提高57%", False, "hand-figure-swap"),
    ("周村区2024年共有规上工业企业70家。", "2024年全区共有规上工业企业70家", False, "hand-place"),
    ("1-5月份，张店区规上工业总产值为48.8亿元，同比增长32.6%。", "1-5月份完成规上工业总产值48.8亿元", False,
     "hand-figure-swap"),
    ("威海电机产业尚未形成相对完整的产业链条。", "基本形成了产品研发、整机装配、部件配套等相对完整的产业链条", False,
     "hand-negated"),
    ("威海电机行业有国家级专精特新“小巨人”企业4家，全部在新三板上市。", "国家级专精特新“小巨人”企业4家", False,
     "hand-invented-claim"),
]


def _hand_pairs(docs: dict[str, list[str]], start: int) -> list[dict]:
    rows: list[dict] = []
    for i, (sentence, snippet, supported, kind) in enumerate(HAND):
        for d, sents in docs.items():
            hits = [k for k, s in enumerate(sents) if snippet in s]
            if hits:
                k = hits[0]
                passage = "".join(sents[max(0, k - 1): k + 2])
                rows.append({"id": f"c{start + len(rows):03d}", "sentence": sentence, "passage": passage,
                             "supported": supported, "kind": kind, "split": "tune" if i % 2 else "test",
                             "doc_id": d, "region": _place_of(d)})
                break
        else:
            raise ValueError(f"no seed sentence holds {snippet!r}")
    return rows


def build_pairs() -> list[dict]:
    docs = _docs()
    names = list(docs)
    rows: list[dict] = []
    base_no = 0
    for d, sents in docs.items():
        place = _place_of(d)
        for i, s in enumerate(sents):
            specific = re.search(r"\d", s) or mentioned_regions(s)
            if not specific or len(s) > 120:
                continue
            passage = "".join(sents[max(0, i - 1): i + 2])
            if len(passage) > 260:
                passage = "".join(sents[i: i + 2]) if len("".join(sents[i: i + 2])) <= 260 else s
            base_no += 1
            split = "tune" if base_no % 2 else "test"
            other_doc = names[(names.index(d) + 1) % len(names)]
            other_passage = "".join(docs[other_doc][min(i, len(docs[other_doc]) - 1):][:2])

            def add(kind: str, sentence: str | None, supported: bool, psg: str = passage, doc: str = d,
                    split: str = split, place: str | None = place, home: str = d) -> None:
                if sentence and sentence.strip():
                    rows.append({"id": f"c{len(rows) + 1:03d}", "sentence": sentence, "passage": psg,
                                 "supported": supported, "kind": kind, "split": split, "doc_id": doc,
                                 "region": place if doc == home else None})

            add("verbatim", s, True)
            add("reordered", _reordered(s), True)
            add("abbreviated", _abbreviated(s), True)
            add("thousands", _thousands(s), True)
            add("no-connective", _dropped_connective(s), True)
            add("figure-clause", _figure_clause(s), True)
            add("with-subject", _with_subject(s, place), True)
            add("figure-changed", _changed_figure(s, passage), False)
            add("place-swapped", _swapped_place(s, passage, place), False)
            add("year-swapped", _swapped_year(s, passage), False)
            add("negated", _negated(s), False)
            add("direction-reversed", _reversed_direction(s), False)
            add("clause-added", _clause_added(s, passage, base_no), False)
            if other_passage and not any(c in other_passage for c in re.findall(r"\d{2,}", s)):
                add("other-document", s, False, other_passage, other_doc)
    return rows + _hand_pairs(docs, len(rows) + 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "evals" / "claims.jsonl")
    args = ap.parse_args()
    rows = build_pairs()
    with args.out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"wrote {len(rows)} pairs to {args.out}: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
