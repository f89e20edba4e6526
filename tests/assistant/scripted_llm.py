"""A real HTTP server on loopback speaking the chat-completions API (JSON and SSE) with scripted replies.

A test sets `server.script = fn`, where fn(prompt) returns a `Reply`: the text to send, or a fault
(HTTP status, malformed JSON, a delay past the client's timeout, a stream cut midway). Every request
is recorded (headers and body) so a test can assert whether, and how, the model was called.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    malformed: bool = False
    delay_s: float = 0.0
    cut: bool = False  # streaming: stop after half the chunks, without finish_reason or [DONE]
    piece: int = 4  # characters per streamed chunk
    pause_s: float = 0.0  # between streamed chunks, so that a browser can see the answer grow


class ScriptedLLM:
    def __init__(self) -> None:
        self.script: Callable[[str], Reply] = lambda prompt: Reply("I don't know.")
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                prompt = "\n".join(m.get("content", "") for m in body.get("messages", []))
                reply = server.script(prompt)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                try:
                    if reply.status != 200:
                        self._send(reply.status, b'{"error": {"message": "scripted failure"}}')
                    elif reply.malformed:
                        self._send(200, b'{"choices": [{"message": {"content": "unterminated')
                    elif body.get("stream"):
                        self._stream(reply, body)
                    else:
                        self._send(200, json.dumps(_completion(reply.text, body)).encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [reply.text[i: i + reply.piece] for i in range(0, len(reply.text), reply.piece)]
                if reply.cut:
                    pieces = pieces[: len(pieces) // 2]
                for p in pieces:
                    self._event(_chunk(p, None, body))
                    if reply.pause_s:
                        time.sleep(reply.pause_s)
                if reply.cut:
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._event(_chunk("", "stop", body))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, obj: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode() + b"\n\n")
                self.wfile.flush()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _completion(text: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"id": "scripted", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunk(text: str, finish: str | None, body: dict[str, Any]) -> dict[str, Any]:
    delta = {"content": text} if text else {}
    return {"id": "scripted", "object": "chat.completion.chunk", "created": 0, "model": body.get("model", "m"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def passage_number(prompt: str, snippet: str) -> int:
    """The number [n] under which the prompt shows the passage containing `snippet`."""
    heads = list(re.finditer(r"^\[(\d+)\] 《", prompt, re.MULTILINE))
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(prompt)
        if snippet in prompt[h.start(): end]:
            return int(h.group(1))
    raise AssertionError(f"no passage holds {snippet!r}")


def overlap_model(prompt: str) -> Reply:
    """A stand-in model for evals: the two passage sentences sharing most character bigrams with the question,
    each cited; "I don't know" when nothing overlaps. It measures the plumbing and the checker, not a model."""
    asked = re.findall(r"^(?:问题：|Question: )(.+)$", prompt, re.MULTILINE)
    question = asked[-1] if asked else ""
    qgrams = {question[i: i + 2] for i in range(len(question) - 1)}
    heads = list(re.finditer(r"^\[(\d+)\] 《.*$", prompt, re.MULTILINE))
    scored = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else prompt.find("\n\n问题", h.end())
        body = prompt[h.end(): end if end > 0 else None]
        for s in re.findall(r"[^。！？\n]+[。！？]", body):
            score = sum(1 for j in range(len(s) - 1) if s[j: j + 2] in qgrams)
            scored.append((score / max(len(s), 1) ** 0.5, int(h.group(1)), s.strip()))
    scored.sort(key=lambda t: -t[0])
    best = [t for t in scored[:2] if t[0] >= 0.3]
    if not best:
        return Reply("I don't know.")
    return Reply("".join(f"{s}[{n}]" for _, n, s in best))


def altered_figure(sentence: str) -> str | None:
    """`sentence` with its first figure changed (35家 -> 9035家), or None when it has none."""
    m = re.search(r"(?<![\d.])(\d+)(?=[家个座项亿万元%])", sentence)
    return sentence[: m.start()] + "90" + m.group(1) + sentence[m.end():] if m else None


def careless_model(prompt: str) -> Reply:
    """`overlap_model`, plus a copy of its first sentence with a figure changed, cited the same way."""
    reply = overlap_model(prompt)
    first = re.match(r"(.+?)(\[\d+\])", reply.text)
    wrong = altered_figure(first.group(1)) if first else None
    return Reply(reply.text + wrong + first.group(2)) if wrong else reply
