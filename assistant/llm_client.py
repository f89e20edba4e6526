"""A chat-completions client for any OpenAI-compatible endpoint (vLLM, Ollama, an internal gateway).

One narrow seam, `ChatClient`: `complete(messages)` returns the reply, `stream(messages)` yields its
pieces. Every failure (endpoint down, timeout, HTTP 4xx/5xx, malformed or empty reply, a stream that
stops midway) becomes an `LLMError` with a one-line reason that never contains the API key.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, cast

from pydantic import SecretStr

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam

__all__ = ["ChatClient", "LLMError", "OpenAIChat"]

log = logging.getLogger(__name__)

Messages = list[dict[str, str]]


class LLMError(RuntimeError):
    """The model could not give a reply; the message is one line a user can read."""


class ChatClient(Protocol):
    """What the generative answerer and the follow-up rewriter need of a model."""

    def complete(self, messages: Messages) -> str: ...

    def stream(self, messages: Messages) -> Iterator[str]: ...


class OpenAIChat:
    """Chat completions through the `openai` client, bounded by one overall deadline per call."""

    def __init__(self, base_url: str, model: str, api_key: SecretStr | None, timeout_s: float = 30.0) -> None:
        import openai

        if not base_url or not model:
            raise ValueError("an LLM answerer needs ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL")
        self.base_url = base_url
        self.model = model
        self.timeout_s = float(timeout_s)
        self._openai = openai
        # No retries: a retry would double the wait past the timeout the user configured.
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key.get_secret_value() if api_key else "unused",
            timeout=self.timeout_s,
            max_retries=0,
        )

    def __repr__(self) -> str:  # never the key
        return f"OpenAIChat(base_url={self.base_url!r}, model={self.model!r}, timeout_s={self.timeout_s})"

    def complete(self, messages: Messages) -> str:
        for _, value in self._bounded(lambda: iter([self._complete(messages)])):
            return value
        raise self._fail("the model returned an empty reply")

    def stream(self, messages: Messages) -> Iterator[str]:
        for _, value in self._bounded(lambda: self._stream(messages)):
            yield value

    def _bounded(self, produce) -> Iterator[tuple[str, str]]:
        """Run `produce` in a worker thread and hand on what it yields until one overall deadline.

        httpx's timeout bounds each read, not the whole reply: a server that sends a chunk just before
        each read timeout would keep a caller waiting for ever. Past the deadline the caller gets the
        timeout reason at once; the worker ends at its next read or read timeout, and is told to stop.
        """
        deadline = time.monotonic() + self.timeout_s
        box: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            try:
                for value in produce():
                    if stop.is_set():
                        return
                    box.put(("value", value))
                box.put(("end", None))
            except LLMError as e:
                box.put(("error", e))
            except Exception as e:  # noqa: BLE001 (every client failure becomes one readable line)
                box.put(("error", self._error(e)))

        threading.Thread(target=work, name="llm-call", daemon=True).start()
        try:
            while True:
                try:
                    kind, value = box.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise self._fail(f"the model did not answer within {self.timeout_s:g} s") from None
                if kind == "end":
                    return
                if kind == "error":
                    raise value
                yield kind, value
        finally:
            stop.set()

    def _complete(self, messages: Messages) -> str:
        reply = self._client.chat.completions.create(
            model=self.model, messages=_openai_messages(messages), temperature=0, stream=False
        )
        text = reply.choices[0].message.content if reply.choices else None
        if not text or not text.strip():
            raise self._fail("the model returned an empty reply")
        return text

    def _stream(self, messages: Messages) -> Iterator[str]:
        finished = False
        got = False
        chunks = self._client.chat.completions.create(
            model=self.model, messages=_openai_messages(messages), temperature=0, stream=True
        )
        try:
            for chunk in chunks:
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                piece = choice.delta.content if choice.delta else None
                if piece:
                    got = True
                    yield piece
                if choice.finish_reason:
                    finished = True
        finally:
            chunks.close()
        if not got:
            raise self._fail("the model returned an empty reply")
        if not finished:
            raise self._fail("the model's stream stopped midway")

    def _fail(self, reason: str) -> LLMError:
        log.warning("LLM at %s (model %s): %s", self.base_url, self.model, reason)
        return LLMError(reason)

    def _error(self, e: Exception) -> LLMError:
        o = self._openai
        if isinstance(e, o.APITimeoutError):
            return self._fail(f"the model did not answer within {self.timeout_s:g} s")
        if isinstance(e, o.APIStatusError):
            return self._fail(f"the model endpoint answered HTTP {e.status_code}")
        if isinstance(e, o.APIConnectionError):
            cause = e.__cause__ or e.__context__
            if cause is not None and "timeout" in type(cause).__name__.lower():
                return self._fail(f"the model did not answer within {self.timeout_s:g} s")
            if cause is not None and "protocol" in type(cause).__name__.lower():
                return self._fail("the model's stream stopped midway")
            return self._fail(f"cannot reach the model endpoint at {self.base_url}")
        name = type(e).__name__.lower()  # transport errors raised while a stream is read arrive unwrapped
        if "timeout" in name:
            return self._fail(f"the model did not answer within {self.timeout_s:g} s")
        if "protocol" in name or "incomplete" in name or "closed" in name:
            return self._fail("the model's stream stopped midway")
        return self._fail(f"malformed reply from the model ({type(e).__name__})")


def _openai_messages(messages: Messages) -> list[ChatCompletionMessageParam]:
    """Our {"role", "content"} dicts are the client's message params (typed there as one TypedDict per role)."""
    return cast("list[ChatCompletionMessageParam]", messages)
