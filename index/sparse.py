"""BM25 sparse vectors: term-frequency saturation on the document side, IDF applied by Qdrant."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.tokenize import Tokenizer

__all__ = ["BM25_B", "BM25_K1", "SparseEncoder", "SparseVec", "term_id"]

# Robertson & Zaragoza (2009) defaults, the same as Lucene's BM25Similarity.
BM25_K1 = 1.2
BM25_B = 0.75
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_BIGRAM = "\x01"  # bigram terms never collide with a jieba word of the same two characters


@dataclass(frozen=True)
class SparseVec:
    indices: list[int]
    values: list[float]

    def __bool__(self) -> bool:
        return bool(self.indices)


@lru_cache(maxsize=1 << 20)
def term_id(term: str) -> int:
    """A stable 32-bit id for a term (Qdrant sparse indices are u32); same on every run and machine."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "little")


class SparseEncoder:
    """Turns text into BM25 document vectors and query vectors over hashed terms.

    Document weights are the BM25 TF part, tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl)); the collection's
    IDF is multiplied in by Qdrant at query time (sparse vector modifier "idf"), so adding documents
    never requires re-encoding the others.
    """

    def __init__(self, tokenizer: Tokenizer, avgdl: float, k1: float = BM25_K1, b: float = BM25_B) -> None:
        if avgdl <= 0:
            raise ValueError("avgdl must be positive")
        self.tokenizer = tokenizer
        self.avgdl = avgdl
        self.k1 = k1
        self.b = b

    def terms(self, text: str) -> list[str]:
        """Jieba words plus the character bigrams of every CJK run, the bigrams in their own namespace.

        Bigrams catch what segmentation splits differently in question and document (measured on
        NCPQA: hit@5 0.877 -> 0.900 over 400 questions, MRR 0.783 -> 0.800; seeds unchanged).
        """
        norm = unicodedata.normalize("NFKC", text)
        words = self.tokenizer.words_nfkc(norm)
        for run in _CJK_RUN.findall(norm):
            words += map(_BIGRAM.__add__, map(str.__add__, run, run[1:]))  # run[i : i + 2] for each i
        return words

    def encode_document(self, text: str) -> SparseVec:
        terms = self.terms(text)
        counts = Counter(terms)
        dl = len(terms)
        norm = self.k1 * (1 - self.b + self.b * dl / self.avgdl)
        k1p1 = self.k1 + 1
        by_tf: dict[int, float] = {}  # most terms share a handful of frequencies: compute each weight once
        for tf in set(counts.values()):
            by_tf[tf] = tf * k1p1 / (tf + norm)
        return _to_vec(dict(zip(counts, map(by_tf.__getitem__, counts.values()), strict=True)))

    def encode_query(self, text: str, weights: dict[str, float] | None = None) -> SparseVec:
        """One entry per distinct query term; `weights` can boost or damp single terms (default 1)."""
        terms = dict.fromkeys(self.terms(text), 1.0)
        if weights:
            for t, w in weights.items():
                terms[t.lower()] = w
        return _to_vec({t: w for t, w in terms.items() if w > 0})

    @staticmethod
    def bigram(chars: str) -> str:
        """The index term of a two-character string as `terms` writes its CJK bigrams."""
        return _BIGRAM + chars

    def encode_terms(self, terms: Iterable[tuple[str, float]]) -> SparseVec:
        """A query vector from already weighted terms."""
        return _to_vec(dict(terms))


def _to_vec(weights: dict[str, float]) -> SparseVec:
    ids = list(map(term_id, weights))
    by_id = dict(zip(ids, weights.values(), strict=True))
    if len(by_id) == len(ids):  # no two terms hash alike (nearly always): sort once, nothing to merge
        ids.sort()
        return SparseVec(ids, list(map(float, map(by_id.__getitem__, ids))))
    merged: dict[int, float] = {}
    for term, w in weights.items():
        tid = term_id(term)
        merged[tid] = merged.get(tid, 0.0) + w
    ids = sorted(merged)
    return SparseVec(ids, [float(merged[i]) for i in ids])
