"""Dense embeddings from a sentence-transformers model on local disk; never downloaded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = ["Embedder", "EmbedderUnavailable", "SentenceTransformerEmbedder", "load_embedder"]


class EmbedderUnavailable(Exception):
    """The configured model directory is missing or unusable; retrieval falls back to lexical."""


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to fixed-size vectors. Implement `embed`; queries and documents share it."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory (HF_HUB_OFFLINE is set at the entry point)."""

    def __init__(self, model_dir: Path, batch_size: int = 32) -> None:
        model_dir = Path(model_dir)
        if not model_dir.is_dir():
            raise EmbedderUnavailable(f"dense model directory {model_dir} does not exist")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        except Exception as e:  # a half-copied or foreign directory: say so, keep lexical retrieval
            raise EmbedderUnavailable(f"cannot load a sentence-transformers model from {model_dir}: {e}") from e
        self.name = model_dir.name
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbedderUnavailable(f"model at {model_dir} does not report an embedding dimension")
        self.dim = int(dim)
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        vecs = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [v.tolist() for v in vecs]


def load_embedder(model_dir: Path | None) -> Embedder | None:
    """The embedder for `model_dir`, or None when no model is configured (lexical retrieval)."""
    if model_dir is None:
        return None
    return SentenceTransformerEmbedder(model_dir)
