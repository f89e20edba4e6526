"""The dense path, exercised with a tiny model built in the test (no download is possible or wanted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.dense import EmbedderUnavailable, SentenceTransformerEmbedder, load_embedder


def build_tiny_model(path: Path, corpus: list[str]) -> Path:
    """A character-level StaticEmbedding model (random weights), saved as a sentence-transformers folder."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Split(pattern="", behavior="isolated")
    tok.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=["[UNK]", "[PAD]"]))
    model = SentenceTransformer(modules=[StaticEmbedding(tok, embedding_dim=32)], device="cpu")
    model.save(str(path))
    return path


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from tests.conftest import CORPUS

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return build_tiny_model(tmp_path_factory.mktemp("model") / "tiny-static", texts)


def test_model_is_loaded_from_a_local_folder(tiny_model):
    emb = SentenceTransformerEmbedder(tiny_model)
    assert emb.dim == 32
    vecs = emb.embed(["威海电机", "智能制造"])
    assert len(vecs) == 2 and len(vecs[0]) == 32
    assert abs(sum(x * x for x in vecs[0]) - 1.0) < 1e-4  # normalised for cosine


def test_missing_model_folder_degrades_with_a_clear_reason(tmp_path):
    assert load_embedder(None) is None
    with pytest.raises(EmbedderUnavailable, match="does not exist"):
        load_embedder(tmp_path / "no-model")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "config.json").write_text("{not json")
    with pytest.raises(EmbedderUnavailable, match="cannot load"):
        load_embedder(tmp_path / "junk")


def test_hybrid_index_and_search_with_a_dense_model(make_assistant, tiny_model, corpus_dir):
    a = make_assistant(embed_model=tiny_model)
    assert a.mode.dense and "Hybrid" in a.mode.note
    assert a.store.dense_dim == 32
    report = a.index([corpus_dir])
    assert report.documents == 5
    # Dense vectors are really stored: a chunk's own indexed text finds that chunk first, dense alone.
    from index.store import SearchFilter

    target = next(p for p in a.store.scroll(SearchFilter()) if "下步工作措施" in p["heading"])
    chunk_text = f"{target['title']}\n{target['heading']}\n{target['text']}"
    vec = a.embedder.embed([chunk_text], query=True)[0]
    dense_only = a.store.query(sparse=None, dense=vec, flt=SearchFilter(), limit=1)
    assert dense_only[0].payload["chunk_id"] == target["chunk_id"]
    # The fused ranking still finds the lexical match (the random tiny model only adds noise).
    hits = a.search("威海 电机 下步工作措施", k=5)
    assert "weihai-motor-industry-reply-2024-05-31.txt" in {h.doc_id for h in hits}

def test_an_unusable_model_falls_back_to_lexical_and_says_why(make_assistant, tmp_path):
    a = make_assistant(embed_model=tmp_path / "absent")
    assert not a.mode.dense
    assert "Lexical" in a.mode.note and "absent" in a.mode.note
