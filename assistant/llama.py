"""A llama-index `BaseRetriever` over our hybrid retrieval, so llama-index query engines can use it.

Only the retriever abstraction is used: no global `Settings`, no default LLM or embedding model.
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.retrieval import Retriever
from assistant.types import Filters, Passage

__all__ = ["GovDocsRetriever", "passage_to_node"]


def passage_to_node(p: Passage) -> NodeWithScore:
    """A passage as a llama-index node: its chunk id, its text, and the document metadata."""
    meta = {k: v for k, v in p.to_dict().items() if k not in ("text", "score", "rank") and v is not None}
    node = TextNode(id_=p.chunk_id, text=p.text, metadata=meta,
                    excluded_embed_metadata_keys=list(meta), excluded_llm_metadata_keys=["chunk_id", "ordinal"])
    return NodeWithScore(node=node, score=p.score)


class GovDocsRetriever(BaseRetriever):
    """Ranks passages with `Retriever` (one fused Qdrant query plus rerank) for llama-index pipelines."""

    def __init__(self, retriever: Retriever, k: int = 5, filters: Filters | None = None) -> None:
        super().__init__()
        self._retriever = retriever
        self._k = k
        self._filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self._retriever.search(query_bundle.query_str, self._filters, k=self._k)
        return [passage_to_node(p) for p in passages]
