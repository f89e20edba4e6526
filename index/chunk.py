"""Structure-aware chunking: a chunk never spans two sections and is bounded in tiktoken tokens."""

from __future__ import annotations

import itertools
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.lines import CLAUSE_BREAKS
from index.sentences import split_sentences
from index.structure import article_refs
from index.types import Block, Chunk, ParsedDocument

__all__ = ["DEFAULT_MAX_TOKENS", "Chunker", "PackingRules", "count_tokens", "ensure_tiktoken_cache"]

DEFAULT_MAX_TOKENS = 500


@dataclass(frozen=True)
class PackingRules:
    """How sentences are packed into chunks of at most `max_tokens` tiktoken tokens."""

    # Hand-set with the chunker; the seed and broad eval figures were measured with these values.
    min_max_tokens: int = 32  # below this bound most sentences of Chinese text would be cut into pieces
    fill: float = 0.85  # a long section's chunks aim at 85 % of the bound, so they come out evenly sized
    carry_share: float = 0.5  # the sentences repeated across a cut are at most half a chunk's target


# One clause of an over-long sentence: up to and including its clause punctuation.
_CLAUSE = re.compile(f"[^{CLAUSE_BREAKS}]*[{CLAUSE_BREAKS}]?")


def ensure_tiktoken_cache() -> None:
    """Point tiktoken at llama-index's bundled cache so cl100k_base never touches the network."""
    if os.environ.get("TIKTOKEN_CACHE_DIR"):
        return
    import importlib.util

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin:
        cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
        if cache.is_dir():
            os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)


@lru_cache(maxsize=1)
def _encoding():
    ensure_tiktoken_cache()
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


class Chunker:
    """Groups a document's blocks by (part, heading path), then packs whole sentences up to `max_tokens`.

    A sentence is only cut when it alone exceeds the bound: first at clause punctuation, then by tokens.
    The indexed text is prefixed with the document title and heading path (contextual chunks);
    the text shown to users is the passage alone.
    """

    def __init__(self, max_tokens: int = DEFAULT_MAX_TOKENS, rules: PackingRules | None = None) -> None:
        self.rules = rules or PackingRules()
        if max_tokens < self.rules.min_max_tokens:
            raise ValueError(f"max_tokens must be at least {self.rules.min_max_tokens}")
        self.max_tokens = max_tokens

    def chunk(self, doc: ParsedDocument) -> list[Chunk]:
        chunks: list[Chunk] = []
        meta = doc.metadata
        # The issuing agency names the region (周村区工业和信息化局) where titles often do not (区工业和信息化局…).
        context = meta.title if not meta.agency or meta.agency in meta.title else f"{meta.title}\n{meta.agency}"
        groups = [(key, list(blocks)) for key, blocks in
                  itertools.groupby(self._whole_articles(doc.blocks), key=lambda b: (b.part, b.heading_path))]
        carry = ""  # a section's bare heading line, carried into its first subsection's chunk
        for i, ((part, path), blocks) in enumerate(groups):
            texts = self._pack(blocks)
            if carry:
                texts[0] = f"{carry}\n{texts[0]}"
                carry = ""
            nxt = groups[i + 1][0] if i + 1 < len(groups) else None
            if (len(texts) == 1 and _is_bare_heading(texts[0], path) and nxt is not None
                    and nxt[0] == part and nxt[1][: len(path)] == path and len(nxt[1]) > len(path)):
                carry = texts[0]
                continue
            for text in texts:
                ordinal = len(chunks)
                prefix = "\n".join(x for x in (context, " > ".join(path)) if x)
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc.doc_id}::{ordinal:04d}",
                        doc_id=doc.doc_id,
                        ordinal=ordinal,
                        text=text,
                        indexed_text=f"{prefix}\n{text}" if prefix else text,
                        heading_path=path,
                        part=part,
                        n_tokens=count_tokens(text),
                    )
                )
        return chunks

    def _whole_articles(self, blocks: list[Block]) -> list[Block]:
        """An article of a regulation (第四条 …按照以下标准分类：（一）…（四）…) is its unit of meaning: when it fits
        the bound, its items stay in its own chunk instead of one chunk per item, so the passage that answers
        "what does article 4 say" holds the whole provision."""
        def article_depth(path: tuple[str, ...]) -> int | None:
            return next((i for i, h in enumerate(path) if h.startswith("第")
                         and any(u == "条" for u, _ in article_refs(h[:12]))), None)

        sizes: dict[tuple[str, tuple[str, ...]], int] = {}
        for b in blocks:
            d = article_depth(b.heading_path)
            if d is not None and len(b.heading_path) > d + 1:
                key = (b.part, b.heading_path[: d + 1])
                sizes[key] = sizes.get(key, 0) + count_tokens(b.text)
        if not sizes:
            return blocks
        for b in blocks:  # the article's own lead text counts too
            d = article_depth(b.heading_path)
            if d is not None and len(b.heading_path) == d + 1 and (b.part, b.heading_path) in sizes:
                sizes[(b.part, b.heading_path)] += count_tokens(b.text)
        out = []
        for b in blocks:
            d = article_depth(b.heading_path)
            if d is not None and len(b.heading_path) > d + 1 \
                    and sizes[(b.part, b.heading_path[: d + 1])] <= self.max_tokens:
                b = Block(b.heading_path[: d + 1], b.text, b.part)
            out.append(b)
        return out

    def _pack(self, blocks: list[Block]) -> list[str]:
        """Pack the sentences of consecutive blocks (paragraphs joined by newlines) into bounded texts.

        A section longer than the bound is cut into evenly sized chunks (not one full chunk and a
        sliver), and each chunk after the first repeats the previous chunk's closing sentences that fit half
        its target (or, when the last one alone is longer, its closing clauses), so that a statement spanning
        the cut is still whole in one passage.
        """
        pieces: list[tuple[str, bool, int]] = []  # (sentence, starts a new paragraph, tokens)
        for block in blocks:
            for i, sent in enumerate(split_sentences(block.text)):
                for j, (part, n) in enumerate(self._bound(sent)):
                    pieces.append((part, i == 0 and j == 0, n))
        total = sum(n for _, _, n in pieces)
        if total <= self.max_tokens:
            return [_join(pieces)] if pieces else []
        target = total / math.ceil(total / (self.max_tokens * self.rules.fill))
        out: list[list[tuple[str, bool, int]]] = []
        cur: list[tuple[str, bool, int]] = []
        cur_tokens = 0
        for piece in pieces:
            n = piece[2]
            if cur and (cur_tokens + n > self.max_tokens or cur_tokens >= target):
                out.append(cur)
                carried = self._carry(cur, min(target * self.rules.carry_share, self.max_tokens - n))
                cur = carried
                cur_tokens = sum(c[2] for c in carried)
            cur.append(piece)
            cur_tokens += n
        if cur and (not out or cur != out[-1][-1:]):
            out.append(cur)
        return [_join(c) for c in out]

    @classmethod
    def _carry(cls, chunk: list[tuple[str, bool, int]], budget: float) -> list[tuple[str, bool, int]]:
        """What of a chunk's end the next chunk repeats: its closing sentences that fit `budget` together
        (a list whose items are short sentences: 自然人综合…；发票代开…；双代业务…), else its last sentence's
        closing clauses that do (a list item ending a long sentence: 即日起…停止复工，相关人员…), else nothing."""
        out: list[tuple[str, bool, int]] = []
        tokens = 0
        for piece in reversed(chunk[1:]):  # never the whole chunk
            if tokens + piece[2] > budget:
                break
            out.insert(0, piece)
            tokens += piece[2]
        if out:
            return out
        last = cls._closing_clauses(chunk[-1], budget)
        return [last] if last else []

    @staticmethod
    def _closing_clauses(last: tuple[str, bool, int], budget: float) -> tuple[str, bool, int] | None:
        """The last sentence whole when it fits `budget`, else its closing clauses that do, else None."""
        if last[2] <= budget:
            return last
        tail, tokens = "", 0
        for clause in reversed([c for c in _CLAUSE.findall(last[0]) if c]):
            n = count_tokens(clause)
            if tokens + n > budget:
                break
            tail, tokens = clause + tail, tokens + n
        return (tail, last[1], tokens) if tail and tail != last[0] else None

    def _bound(self, sentence: str) -> list[tuple[str, int]]:
        """Cut a sentence longer than the bound: at clause ends where possible, else by tokens.

        Each part comes with its token count, so that no sentence is encoded twice.
        """
        n_sentence = count_tokens(sentence)
        if n_sentence <= self.max_tokens:
            return [(sentence, n_sentence)]
        parts, cur, cur_tokens = [], "", 0
        for clause in _CLAUSE.findall(sentence):
            if not clause:
                continue
            n = count_tokens(clause)
            if cur and cur_tokens + n > self.max_tokens:
                parts.append(cur)
                cur, cur_tokens = "", 0
            cur += clause
            cur_tokens += n
        if cur:
            parts.append(cur)
        out: list[tuple[str, int]] = []
        enc = _encoding()
        for p in parts:
            toks = enc.encode(p, disallowed_special=())
            if len(toks) <= self.max_tokens:
                out.append((p, len(toks)))
                continue
            # No usable punctuation: cut by tokens, backing off so no multi-byte character is split.
            start = 0
            while start < len(toks):
                end = min(start + self.max_tokens, len(toks))
                piece = enc.decode(toks[start:end])
                while end > start + 1 and "\ufffd" in piece:
                    end -= 1
                    piece = enc.decode(toks[start:end])
                out.append((piece, count_tokens(piece)))
                start = end
        return out


def _is_bare_heading(text: str, path: tuple[str, ...]) -> bool:
    """True when a group holds nothing but its own heading line (e.g. "二、工作开展情况")."""
    if not path:
        return False
    bare = re.sub(r"[\s。：:，,]", "", text)
    return bare == re.sub(r"[\s。：:，,]", "", path[-1])


def _join(pieces: list[tuple[str, bool, int]]) -> str:
    """Sentences back into text: a new paragraph starts on a new line."""
    text = ""
    for sent, new_para, _ in pieces:
        text = f"{text}\n{sent}" if text and new_para else text + sent
    return text
