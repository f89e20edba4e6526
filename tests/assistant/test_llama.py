from __future__ import annotations

from assistant.llama import GovDocsRetriever
from assistant.types import Filters


def test_llama_index_retriever_returns_our_ranked_passages_as_nodes(seed_assistant):
    retriever = GovDocsRetriever(seed_assistant.retriever, k=3)
    nodes = retriever.retrieve("威海 电机 下步工作措施")
    ours = seed_assistant.search("威海 电机 下步工作措施", k=3)
    assert [n.node.node_id for n in nodes] == [p.chunk_id for p in ours]
    assert [n.score for n in nodes] == [p.score for p in ours]
    top = nodes[0].node
    assert top.metadata["agency"] == "威海市工业和信息化局" and "下步工作措施" in top.metadata["heading"]
    assert top.get_content() == ours[0].text


def test_llama_index_retriever_applies_filters(seed_assistant):
    nodes = GovDocsRetriever(seed_assistant.retriever, k=5, filters=Filters(region="淄博市")).retrieve("产业链")
    assert nodes and {n.node.metadata["city"] for n in nodes} == {"淄博市"}
