"""The one Python API that the CLI, the Gradio app and the eval runner all call."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, cast

from assistant.answer import Answerer, ExtractiveAnswerer
from assistant.config import Settings
from assistant.followup import FollowUpRewriter
from assistant.glossary import Glossary, load_glossary
from assistant.llm import LLMAnswerer, StreamEvent, extractive_checks, stream_of
from assistant.llm_client import OpenAIChat
from assistant.precedents import group_precedents
from assistant.retrieval import Retriever
from assistant.types import Answer, DocumentRecord, Filters, Passage, PrecedentRow, RetrievalMode
from index.chunk import Chunker
from index.dense import Embedder, EmbedderUnavailable, load_embedder
from index.pipeline import (
    Indexer,
    IndexReport,
    check_fingerprint,
    doc_record_id,
    index_avgdl,
    index_fingerprint,
)
from index.sparse import SparseEncoder
from index.store import SearchFilter, Store, open_store
from index.tokenize import get_tokenizer

__all__ = ["Assistant", "AssistantApi", "ConfigError", "DocumentApi", "DocumentNotFound", "IndexGuard", "Progress",
           "RetrievalMode", "build_assistant"]

Progress = Callable[[str], None]  # called with each document's source as it is read
IndexGuard = Callable[[], AbstractContextManager[Any]]  # held around each batch's writes (see Indexer)


class DocumentNotFound(KeyError):
    pass


class ConfigError(ValueError):
    """Settings that cannot work together; the message names the settings to fix."""


class AssistantApi(Protocol):
    """What the CLI and the eval command call: an `Assistant` in this process, or the running app's
    (`assistant.running_app.RunningApp`), which serves the same calls over loopback."""

    mode: RetrievalMode

    def documents(self) -> list[DocumentRecord]: ...

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]: ...

    def answer(self, question: str, filters: Filters | None = None, k: int = 5,
               history: Sequence[str] | None = None) -> Answer: ...

    def answer_stream(self, question: str, filters: Filters | None = None, k: int = 5,
                      history: Sequence[str] | None = None) -> Iterator[StreamEvent]: ...

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
              on_progress: Progress | None = None) -> IndexReport: ...

    def close(self) -> None: ...


class DocumentApi(AssistantApi, Protocol):
    """The whole in-process API the app builds on: one document's record and passages, precedents, and
    index runs whose writes take the app's lock batch by batch."""

    def document(self, doc_id: str) -> DocumentRecord: ...

    def chunks(self, doc_id: str) -> list[Passage]: ...

    def precedents(self, text: str, k: int = 5, filters: Filters | None = None) -> list[PrecedentRow]: ...

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
              on_progress: Progress | None = None, guard: IndexGuard | None = None) -> IndexReport: ...


class Assistant:
    """Indexing, search, documents and answers over one store."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        embedder: Embedder | None,
        mode: RetrievalMode,
        answerer: Answerer | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.mode = mode
        self.tokenizer = get_tokenizer()
        self.glossary = glossary if glossary is not None else load_glossary()  # English -> Chinese, first
        self._retriever: Retriever | None = None
        # the answerer reads a record's fields with .get: a DocumentRecord is that dict
        document_of = cast(Callable[[str], dict[str, Any]], self.document)
        self.answerer: Answerer = answerer or ExtractiveAnswerer(chunks_of=self.chunks, document_of=document_of)
        self.rewriter = FollowUpRewriter()  # build_assistant gives it the model when one is configured

    # --- indexing -------------------------------------------------------------------------------
    def index(
        self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
        on_progress: Progress | None = None, guard: IndexGuard | None = None,
    ) -> IndexReport:
        """Index `paths` (default: the corpus); `guard` is held around each batch's writes (see Indexer)."""
        extra: dict[str, Any] = {"guard": guard} if guard is not None else {}
        indexer = Indexer(
            self.store,
            self.tokenizer,
            Chunker(self.settings.chunk_max_tokens),
            self.embedder,
            max_file_bytes=self.settings.max_file_bytes,
            max_doc_chars=self.settings.max_doc_chars,
            max_doc_chunks=self.settings.max_doc_chunks,
            **extra,
        )
        # --rebuild without paths re-reads every recorded root (uploads included); a plain run reads the corpus
        targets = list(paths) if paths else None if rebuild and indexer.roots() else [self.settings.corpus]
        report = indexer.run(targets, rebuild=rebuild, on_progress=on_progress)
        self._retriever = None  # statistics may have changed
        return report

    # --- documents ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Every indexed document's record, sorted by date (newest first) then title."""
        docs = [cast(DocumentRecord, d) for d in self.store.scroll(SearchFilter(kind="doc"))
                if d.get("status") == "complete"]
        docs.sort(key=lambda d: (d.get("date") or "", d.get("title") or ""), reverse=True)
        return docs

    def document(self, doc_id: str) -> DocumentRecord:
        got = self.store.retrieve([doc_record_id(doc_id)])
        if not got:
            raise DocumentNotFound(doc_id)
        return cast(DocumentRecord, got[0])

    def chunks(self, doc_id: str) -> list[Passage]:
        """A document's passages in reading order."""
        payloads = self.store.scroll(SearchFilter(doc_ids=(doc_id,)))
        payloads.sort(key=lambda p: p.get("ordinal", 0))
        return [Passage.from_payload(i + 1, 0.0, p) for i, p in enumerate(payloads)]

    # --- retrieval ------------------------------------------------------------------------------
    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            self._retriever = Retriever(
                self.store, SparseEncoder(self.tokenizer, index_avgdl(self.store)), self.glossary, self.embedder
            )
        return self._retriever

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]:
        """Ranked passages for a query (English queries are translated through the glossary)."""
        return self.retriever.search(query, filters, k)

    def answer(self, question: str, filters: Filters | None = None, k: int = 5,
               history: Sequence[str] | None = None) -> Answer:
        """A cited answer, or an abstention when the documents do not hold one.

        `history`: the conversation's earlier questions (oldest first); a follow-up is rewritten into a
        standalone question before retrieval and the Answer carries it as `rewritten_question`.
        """
        return stream_of(self._answer_events(question, filters, k, history, streaming=False))

    def answer_stream(self, question: str, filters: Filters | None = None, k: int = 5,
                      history: Sequence[str] | None = None) -> Iterator[StreamEvent]:
        """The answer as it is written (checked sentences as `text` events), ending with `done` and the Answer."""
        return self._answer_events(question, filters, k, history, streaming=True)

    def _answer_events(self, question: str, filters: Filters | None, k: int, history: Sequence[str] | None,
                       *, streaming: bool) -> Iterator[StreamEvent]:
        t0 = time.perf_counter()
        standalone = self.rewriter.rewrite(question, history or [])
        qa = self.retriever.analyse(standalone)
        self.retriever.weigh(qa)  # IDF of the key terms: only answers need them, search skips the queries
        passages = self.retriever.retrieve(qa, filters, k=k)
        if standalone != question.strip():
            yield StreamEvent("question", standalone)  # shown above the answer
        stream = getattr(self.answerer, "stream", None) if streaming else None
        events = stream(qa, passages) if stream else iter([StreamEvent("done", answer=self.answerer.answer(qa, passages))])
        for event in events:
            if event.kind == "done" and event.answer is not None:
                result = event.answer
                result.question = question
                if standalone != question.strip():
                    result.rewritten_question = standalone
                if result.answerer == "extractive" and not result.fallback and not result.checks:
                    result.checks = extractive_checks(result)
                result.latency_ms = (time.perf_counter() - t0) * 1000
            yield event

    def precedents(self, text: str, k: int = 5, filters: Filters | None = None) -> list[PrecedentRow]:
        """Documents most similar to a draft, one row per document, with outline and best passages."""
        passages = self.retriever.search(text[:2000], filters, k=max(60, k * 10))
        return group_precedents(passages, self.document, k)

    def close(self) -> None:
        self.store.close()


def build_assistant(settings: Settings, *, create: bool = True, rebuild: bool = False,
                    glossary: Glossary | None = None) -> Assistant:
    """Wire store, embedder and retrieval from settings; the single place collaborators are chosen.

    An index built with another configuration (index.pipeline.IndexFingerprint) is refused with the command
    that rebuilds it, unless `rebuild` says that this assistant is opened to do just that. `glossary` replaces
    prompts/glossary.tsv (evals.english_probe measures English questions with its hand-written terms left out).
    """
    embedder: Embedder | None = None
    if settings.embed_model is None:
        mode = RetrievalMode(False, "Lexical retrieval only (BM25): no dense model configured (ASSISTANT_EMBED_MODEL).")
    else:
        try:
            embedder = load_embedder(settings.embed_model)
            mode = RetrievalMode(True, f"Hybrid retrieval: BM25 + dense model {settings.embed_model.name}.")
        except EmbedderUnavailable as e:
            mode = RetrievalMode(False, f"Lexical retrieval only (BM25): {e}.")
    store = open_store(
        settings.store,
        url=settings.qdrant_url,
        api_key=settings.qdrant_api_key,
        collection=settings.collection,
        dense_dim=embedder.dim if embedder else None,
        create=create,
        other_dim_ok=rebuild,
    )
    assistant = Assistant(settings, store, embedder, mode, glossary=glossary)
    if not rebuild:
        where = settings.collection if settings.qdrant_url else str(settings.store)
        try:
            check_fingerprint(store, index_fingerprint(assistant.tokenizer, Chunker(settings.chunk_max_tokens),
                                                       embedder), where)
        except Exception:
            store.close()
            raise
    if settings.answerer == "llm":
        if not settings.llm_base_url or not settings.llm_model:
            store.close()
            raise ConfigError("ASSISTANT_ANSWERER=llm needs ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL")
        client = OpenAIChat(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s)
        assistant.answerer = LLMAnswerer(client, assistant.answerer, unsupported=settings.unsupported,
                                         document_of=assistant.document)
        assistant.rewriter = FollowUpRewriter(client)
    return assistant
