"""One store, several processes: the running app serves its store to the CLI over a local API.

An embedded Qdrant Edge shard is held by one process. While the app runs, it writes its loopback
address, its process id and a random token into `<store>/app.json` (mode 0600: only the user who can
read the store can call it). The CLI finds that file, checks that the process is alive and answers,
and then calls the app instead of opening the store: `docs`, `search`, `ask`, `eval` and `index`
(with progress) keep working beside the app. A file left by a crashed app (dead process, refused
connection, wrong token) is ignored, so it never blocks anything.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.types import Answer, Citation, DocumentRecord, Filters, Passage, RetrievalMode
from index.types import IndexingError

if TYPE_CHECKING:
    from assistant.llm import StreamEvent
    from index.pipeline import IndexReport

__all__ = ["ADDRESS_FILE", "AppAddress", "LocalApiServer", "RunningApp", "find_running_app"]

ADDRESS_FILE = "app.json"
# A live app answers /health in milliseconds; a hung or foreign one is not waited for.
_HEALTH_TIMEOUT_S = 3.0
_CALL_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class AppAddress:
    url: str
    pid: int
    token: str

    @staticmethod
    def path(store: Path) -> Path:
        return Path(store) / ADDRESS_FILE

    def write(self, store: Path) -> Path:
        """Write the file atomically, readable by its owner only (it holds the token)."""
        target = self.path(store)
        tmp = target.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"url": self.url, "pid": self.pid, "token": self.token}, f)
        os.chmod(tmp, 0o600)
        tmp.replace(target)
        return target

    @classmethod
    def read(cls, store: Path) -> AppAddress | None:
        try:
            data = json.loads(cls.path(store).read_text(encoding="utf-8"))
            return cls(str(data["url"]), int(data["pid"]), str(data["token"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remove(self, store: Path) -> None:
        """Remove the file if it is still this app's (a newer app may have replaced it)."""
        if AppAddress.read(store) == self:
            self.path(store).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- server (in the app) ---------------------------------------------------------------------------
class ServedApi(Protocol):
    """What the server calls: the app's service (`assistant.ui.service.UiService`), which holds the lock."""

    @property
    def mode(self) -> RetrievalMode: ...

    def documents(self) -> list[DocumentRecord]: ...

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]: ...

    def answer(self, question: str, filters: Filters | None = None, k: int = 5,
               history: Sequence[str] | None = None) -> Answer: ...

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
              on_progress: Callable[[str], None] | None = None) -> IndexReport: ...


def _passage(d: dict[str, Any]) -> Passage:
    return Passage.from_dict(d)


def _answer_dict(a: Answer) -> dict[str, Any]:
    return {
        **a.to_dict(),
        "language": a.language,
        "latency_ms": a.latency_ms,
        "citation_passages": [{"n": c.n, "passage": c.passage.to_dict(), "sentences": c.sentences}
                              for c in a.citations],
        "passages": [p.to_dict() for p in a.passages],
    }


def _answer(d: dict[str, Any]) -> Answer:
    return Answer(
        question=d["question"], answer=d["answer"], abstained=bool(d["abstained"]),
        citations=[Citation(c["n"], _passage(c["passage"]), list(c["sentences"])) for c in d["citation_passages"]],
        passages=[_passage(p) for p in d["passages"]], latency_ms=float(d["latency_ms"]),
        language=d.get("language", "zh"), answerer=d.get("answerer", "extractive"), fallback=d.get("fallback"),
        checks=list(d.get("checks") or []), rewritten_question=d.get("rewritten_question"),
    )


class LocalApiServer:
    """A loopback HTTP server over the app's service (reads share its lock; an index run takes it per batch)."""

    def __init__(self, service: ServedApi, store: Path, host: str = "127.0.0.1") -> None:
        self.service = service
        self.store = Path(store)
        self.token = secrets.token_urlsafe(32)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # the app's own log stays readable
                pass

            def do_POST(self) -> None:
                auth = self.headers.get("Authorization", "")
                if not hmac.compare_digest(auth.encode(), f"Bearer {server.token}".encode()):
                    self._send(403, {"error": "wrong or missing token"})
                    return
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                    body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                except ValueError:
                    self._send(400, {"error": "body is not JSON"})
                    return
                route = getattr(server, "_route_" + self.path.strip("/").replace("-", "_"), None)
                if route is None:
                    self._send(404, {"error": f"no endpoint {self.path}"})
                    return
                try:
                    route(self, body)
                except Exception as e:  # noqa: BLE001 -- the CLI prints it as one line
                    self._send(500, {"error": f"{type(e).__name__}: {e}"})

            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.Handler = Handler
        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.address = AppAddress(self.url, os.getpid(), self.token)
        self._thread: threading.Thread | None = None

    def start(self) -> AppAddress:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="local-api", daemon=True)
        self._thread.start()
        self.address.write(self.store)
        return self.address

    def stop(self) -> None:
        self.address.remove(self.store)
        self.httpd.shutdown()
        self.httpd.server_close()

    # routes: (handler, JSON body) -> response
    def _route_health(self, h: Any, body: dict) -> None:
        mode = self.service.mode
        h._send(200, {"pid": os.getpid(), "store": str(self.store), "dense": bool(mode.dense), "note": mode.note})

    def _route_documents(self, h: Any, body: dict) -> None:
        h._send(200, self.service.documents())

    def _route_search(self, h: Any, body: dict) -> None:
        passages = self.service.search(body["query"], Filters(**body.get("filters", {})), k=int(body.get("k", 10)))
        h._send(200, [p.to_dict() for p in passages])

    def _route_answer(self, h: Any, body: dict) -> None:
        answer = self.service.answer(body["question"], Filters(**body.get("filters", {})), k=int(body.get("k", 5)),
                                     history=[str(q) for q in body.get("history") or []])
        h._send(200, _answer_dict(answer))

    def _route_index(self, h: Any, body: dict) -> None:
        """Streams one JSON line per document read (progress), then the report."""
        h.send_response(200)
        h.send_header("Content-Type", "application/x-ndjson")
        h.end_headers()

        def line(obj: Any) -> None:
            h.wfile.write(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")
            h.wfile.flush()

        paths = [Path(p) for p in body["paths"]] if body.get("paths") else None
        try:
            report = self.service.index(paths, rebuild=bool(body.get("rebuild")),
                                        on_progress=lambda src: line({"progress": src}))
        except Exception as e:  # noqa: BLE001 -- reported to the CLI as one line
            line({"error": f"{type(e).__name__}: {e}"})
            return
        line({"report": report.to_dict()})


# --- client (in the CLI) ---------------------------------------------------------------------------
class RunningAppError(Exception):
    """The running app refused or failed a call; the message says why."""


class RunningApp:
    """The Assistant's read and index methods, called on the app that holds the store."""

    def __init__(self, address: AppAddress, health: dict[str, Any]) -> None:
        self.address = address
        self.mode = RetrievalMode(bool(health.get("dense")), str(health.get("note", "")))

    def _post(self, route: str, body: dict[str, Any], timeout: float = _CALL_TIMEOUT_S) -> Any:
        req = urllib.request.Request(
            f"{self.address.url}/{route}", data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="POST",
            headers={"Authorization": f"Bearer {self.address.token}", "Content-Type": "application/json"},
        )
        try:
            return urllib.request.urlopen(req, timeout=timeout)
        except urllib.error.HTTPError as e:
            try:
                reason = json.loads(e.read()).get("error", e.reason)
            except ValueError:
                reason = e.reason
            raise RunningAppError(f"the running app at {self.address.url} refused {route}: {reason}") from None
        except (urllib.error.URLError, OSError) as e:
            raise RunningAppError(f"the running app at {self.address.url} did not answer: {e}") from None

    def _call(self, route: str, body: dict[str, Any]) -> Any:
        with self._post(route, body) as resp:
            return json.loads(resp.read())

    def documents(self) -> list[DocumentRecord]:
        docs: list[DocumentRecord] = self._call("documents", {})
        return docs

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[Passage]:
        rows = self._call("search", {"query": query, "filters": (filters or Filters()).to_dict(), "k": k})
        return [_passage(r) for r in rows]

    def answer(self, question: str, filters: Filters | None = None, k: int = 5,
               history: Sequence[str] | None = None) -> Answer:
        return _answer(self._call("answer", {"question": question, "filters": (filters or Filters()).to_dict(),
                                             "k": k, "history": list(history or [])}))

    def answer_stream(self, question: str, filters: Filters | None = None, k: int = 5,
                      history: Sequence[str] | None = None) -> Iterator[StreamEvent]:
        """The app answers whole: the rewritten question (if any), then `done` with the Answer."""
        from assistant.llm import StreamEvent

        answer = self.answer(question, filters, k, history)
        if answer.rewritten_question:
            yield StreamEvent("question", answer.rewritten_question)
        yield StreamEvent("done", answer=answer)

    def index(self, paths: Sequence[Path] | None = None, *, rebuild: bool = False,
              on_progress: Callable[[str], None] | None = None) -> IndexReport:
        body = {"paths": [str(Path(p).absolute()) for p in paths] if paths else None, "rebuild": rebuild}
        with self._post("index", body) as resp:
            for obj in _lines(resp):
                if "progress" in obj and on_progress:
                    on_progress(obj["progress"])
                elif "error" in obj:
                    raise RunningAppError(f"the running app could not index: {obj['error']}")
                elif "report" in obj:
                    return _report(obj["report"])
        raise RunningAppError("the running app closed the connection before the index run finished")

    def close(self) -> None:
        pass


def _lines(resp: Any) -> Iterator[dict[str, Any]]:
    for raw in resp:
        if raw.strip():
            yield json.loads(raw)


def _report(d: dict[str, Any]) -> IndexReport:
    from index.pipeline import IndexReport

    report = IndexReport(**{k: v for k, v in d.items() if k in IndexReport.__dataclass_fields__ and k != "failed"})
    report.failed = [IndexingError(f["source"], f["reason"]) for f in d.get("failed", [])]
    return report


def find_running_app(store: Path) -> RunningApp | None:
    """The app serving `store`, if one runs and answers; a stale address file is ignored (and removed)."""
    address = AppAddress.read(store)
    if address is None:
        return None
    if not _alive(address.pid):
        AppAddress.path(store).unlink(missing_ok=True)  # the app crashed: its file is stale
        return None
    probe = RunningApp(address, {})
    try:
        with probe._post("health", {}, timeout=_HEALTH_TIMEOUT_S) as resp:
            health = json.loads(resp.read())
    except (RunningAppError, ValueError):
        return None  # refused or foreign: open the store directly (which says if it is in use)
    if Path(health.get("store", "")).resolve() != Path(store).resolve():
        return None
    return RunningApp(address, health)
