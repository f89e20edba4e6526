"""A real app process on loopback for tests: started, waited for, stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """`cmd` run in the repository root; `lines` collects its output; `wait_ready` waits for 'ready in'."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(list(cmd), cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True)
        self._reader.start()

    def output(self) -> str:
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not any("ready in" in line for line in self.lines):
            if self.proc.poll() is not None:
                raise AssertionError("app exited before it was ready:\n" + self.output())
            if time.monotonic() > deadline:
                raise AssertionError(f"app not ready within {timeout} s:\n" + self.output())
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
