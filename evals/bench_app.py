"""A real app process on a free loopback port, for the benchmarks that measure it: start, wait, stop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import PROJECT_ROOT

__all__ = ["AppProcess", "start_app"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppProcess:
    """`python app.py` on one store; its output is collected so that readiness and failures can be read."""

    proc: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait_ready(self, timeout_s: float, poll_s: float = 0.05) -> bool:
        """True once the app says it is ready; False when it exits or the time is up (its output is printed)."""
        deadline = time.monotonic() + timeout_s
        while not any("ready in" in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                print("app did not start:\n" + "".join(self.lines[-20:]), file=sys.stderr)
                return False
            time.sleep(poll_s)
        return True

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_app(store: Path, work: Path) -> AppProcess:
    """Start the app on `store`, its feedback file under `work` (a scratch folder the caller removes)."""
    port = _free_port()
    env = {**os.environ, "ASSISTANT_FEEDBACK_FILE": str(work / "fb.jsonl")}
    proc = subprocess.Popen([sys.executable, "-u", str(PROJECT_ROOT / "app.py"), "--port", str(port),
                             "--store", str(store)], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    app = AppProcess(proc, port)
    threading.Thread(target=lambda: app.lines.extend(proc.stdout or []), daemon=True).start()
    return app
